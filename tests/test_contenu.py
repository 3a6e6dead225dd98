"""Content the buyers come for: counts, both-way links, honest case studies, sourced entries."""
from __future__ import annotations

import re

from conftest import plain

from macros.schemas import allowed

FAMILIES = [f for f in allowed("famille") if f != "transversal"]


def test_counts(base):
    assert len(base.clauses) >= 120
    for family in FAMILIES:
        assert len([c for c in base.clauses.values() if c["familles"][0] == family]) >= 20, family
    assert base.clauses_for("transversal")
    measured = [r for r in base.retours.values() if r["resultats"]]  # each with what was measured
    assert len(measured) >= 20
    assert len([r for r in measured if r["acheteur"]["territoire"] == "ile-de-france"]) >= 12
    assert len(base.acteurs) >= 15
    assert len(base.glossaire) >= 40
    assert len(base.veille) >= 30


def test_every_segment_has_clauses(base):
    for fam in base.familles.values():
        for seg in fam["segments"]:
            if seg["id"] != "toute-la-famille":
                assert any(c["familles"][0] == fam["id"] and c["segment"] == seg["id"] for c in base.clauses.values()), (
                    fam["id"], seg["id"])


def test_each_case_study_has_its_own_source(base):
    sources = [r["source"] for r in base.retours.values() if not r.get("illustratif")]
    assert len(sources) == len(set(sources))


def test_every_family_has_a_socle(base):
    for family in FAMILIES:
        socle = [c for c in base.clauses_for(family) if c["niveau"] == "socle"]
        steps = {c["etape"] for c in socle}
        assert {"condition-execution", "critere-attribution"} <= steps, family


def test_case_studies_across_families(base):
    for family in FAMILIES:
        assert any(r["famille"] == family for r in base.retours.values()), family


def test_case_study_clause_links_both_ways(site, base):
    for retour in base.retours.values():
        story = (site / "retours" / retour["id"] / "index.html").read_text(encoding="utf-8")
        for clause_id in retour["clauses"]:
            assert retour in base.retours_for_clause(clause_id)
            card = (site / "clauses" / clause_id / "index.html").read_text(encoding="utf-8")
            assert f'retours/{retour["id"]}/"' in card, (clause_id, retour["id"])
            assert f'clauses/{clause_id}/"' in story, (retour["id"], clause_id)


def test_case_studies_are_sourced_or_visibly_illustrative(site, base):
    for retour in base.retours.values():
        card = (site / "retours" / retour["id"] / "index.html").read_text(encoding="utf-8")
        if retour.get("illustratif"):
            assert retour["acheteur"]["nom"].startswith("Exemple illustratif")
            assert "Exemple illustratif" in card
        else:
            assert retour["source"].startswith("https://")
            assert "Source publique" in card


def test_clause_wordings_use_or_equivalent_after_labels(base):
    for clause in base.clauses.values():
        text = clause["redaction"]
        for m in re.finditer(r"\blabels?\b", text, re.IGNORECASE):
            window = text[max(0, m.start() - 300): m.start() + 400].lower()
            assert "ou équivalent" in window or "équivalent" in window, clause["id"]


def test_every_clause_cites_a_legal_basis_and_proofs(base):
    for clause in base.clauses.values():
        assert clause["base_juridique"] and clause["preuves"] and clause["indicateurs"], clause["id"]


def test_finder_results_link_to_each_clause_page(site, base):
    page = (site / "trouver-une-clause" / "index.html").read_text(encoding="utf-8")
    for clause_id in base.clauses:
        assert f'href="../clauses/{clause_id}/"' in page, clause_id


# Statements found wrong on the built site (issue #9): never again, anywhere; the corrected wording is there.
WRONG = [
    r"postérieure au 1er janvier 2022",                       # PEMD diagnosis: 1 July 2023, not 2022
    r"s'applique à partir de 2022 comme le reste",
    r"reprise sans frais[^.]{0,200}(au|dès le|à partir du|depuis le) 1er janvier 2022",  # PMCB: 1 May 2023
    r"soit un critère unique de prix ou de coût",             # R2152-7 since 21 August 2026
    r"[Dd]epuis (le 1er [a-zéû]+ )?20(2[7-9]|3[0-9])",         # past tense about a future date
    r"ne couvre que les produits destinés aux\s+particuliers",  # workwear and the TLC REP: hedged wording
    r"échappent en grande partie à la filière REP",
    # legal review of issue #22
    r"circuit court serait discriminatoire",                  # direct supply is lawful (C. rur. L230-5-1, I, 1° bis)
    r"selon un calendrier précisé par décret",                # the articles applied on 22 August 2026
    r"doivent être organisés dès le marché",                  # an obligation stated without its article
    r"organise gratuitement l'enlèvement",                    # furniture take-back: under conditions
    r"Elle vise la fin de mandature, en 2026",                # Paris: a past target
    r"en place depuis 2020 pour deux ans",                    # Strasbourg: a two-year contract from 2020
    r"tous encore marqués « à vérifier »",
]
CORRECTED = {
    "veille/decret-2021-821-pemd/": ["1er juillet 2023", "R126-8", "eli/decret/2021/6/25/2021-821"],
    "veille/decret-2021-822-pemd/": ["eli/decret/2021/6/25/2021-822"],
    "veille/decret-2021-1941-pmcb/": ["1er mai 2023"],
    "veille/arrete-2024-02-29-dons/": ["JORFTEXT000049241790"],
    "veille/arrete-2024-02-29-liste-produits/": ["JORFTEXT000049241780"],
    "glossaire/": ["Le prix ne peut donc plus être le critère unique"],
    "familles/vetements-epi/": ["le périmètre restant à vérifier au cas par cas"],
    "clauses/ali-ca-fraicheur-saisonnalite/": ["L230-5-1, I, 1° bis", "approvisionnement direct (circuit court"],
    "clauses/ali-cr-plan-anti-gaspillage/": ["L541-15-3"],
    "familles/transversal/": ["article L2111-1 du code de la commande publique", "(L2112-2)"],
    "familles/equipements-electroniques/": ["décret n° 2014-928, code de"],
    "acteurs/": ["Il reprend sans frais le mobilier usagé des administrations, sous conditions"],
    "retours/paris-restauration-collective-sortie-plastique/": ["Elle visait la fin de la mandature, en 2026"],
}


def test_wrong_statements_never_reappear(site):
    found = []
    for path in site.rglob("*.html"):
        text = re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")).replace("\u202f", " ").replace("\xa0", " ")
        found += [(path.relative_to(site).as_posix(), p) for p in WRONG if re.search(p, text)]
    assert not found, found


def test_corrected_statements_are_published(site):
    for page, phrases in CORRECTED.items():
        html = (site / page / "index.html").read_text(encoding="utf-8")
        text = re.sub(r"<[^>]+>", "", html).replace("\u202f", " ").replace("\xa0", " ")
        for phrase in phrases:
            assert phrase in text or phrase in html, (page, phrase)


def test_plans_past_their_end_are_shown_finished(site, base):
    for text in base.veille.values():
        if text.get("date_fin") and text["date_fin"] < base.today.isoformat():
            page = (site / "veille" / text["id"] / "index.html").read_text(encoding="utf-8")
            assert 'data-statut="termine"' in page and "Terminé" in page, text["id"]
            assert "En vigueur</span>" not in page.split("texte-meta", 1)[1].split("</p>", 1)[0], text["id"]


def test_suppliers_space_lists_what_each_clause_asks(site, base):
    """« Entreprises » is generated from the clauses: every means of proof and every clause appear there."""
    import html as html_lib
    page = (site / "entreprises" / "index.html").read_text(encoding="utf-8")
    text = plain(html_lib.unescape(re.sub(r"<[^>]+>", "", page)))
    for clause in base.clauses.values():
        assert f'clauses/{clause["id"]}/"' in page, clause["id"]
        for proof in clause["preuves"]:
            assert proof in text, (clause["id"], proof[:50])
    for family in base.familles:
        if base.clauses_filed_under(family):
            assert f'id="entreprises-{family}"' in page


def test_suppliers_space_names_indicators_and_the_actors_that_help(base):
    """Each family's section: every indicator its clauses ask for, its own actors and those for every family."""
    from markupsafe import escape

    from macros.render.suppliers import suppliers
    html = suppliers(base, "entreprises/")
    for family in base.familles:
        clauses = base.clauses_filed_under(family)
        if not clauses:
            continue
        section = html.split(f"#entreprises-{family} }}", 1)[1].split("\n## ", 1)[0]
        for clause in clauses:
            for indicator in clause["indicateurs"]:
                assert str(escape(indicator)) in section, (family, clause["id"], indicator[:40])
        for actor in base.acteurs.values():
            expected = family in actor["familles"] or "transversal" in actor["familles"]
            assert (f'acteurs/#{actor["id"]}"' in section) is expected, (family, actor["id"])


def test_a_case_without_figures_says_so(base):
    """A case study whose source publishes no figure says it, rather than showing nothing."""
    from macros.render.entries import retour_card
    for retour in base.retours.values():
        card = retour_card(base, f"retours/{retour['id']}/", retour)
        assert ("Aucun résultat chiffré publié" in card) is (not retour["resultats"]), retour["id"]
