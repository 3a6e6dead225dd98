"""Content the buyers come for: counts, both-way links, honest case studies, sourced entries."""
from __future__ import annotations

import re

from macros.schemas import allowed

FAMILIES = [f for f in allowed("famille") if f != "transversal"]


def test_counts(base):
    assert len(base.clauses) >= 60
    for family in FAMILIES:
        assert len([c for c in base.clauses.values() if family in c["familles"]]) >= 10, family
    assert base.clauses_for("transversal")
    assert len(base.retours) >= 10
    assert len(base.acteurs) >= 15
    assert len(base.glossaire) >= 40
    assert len(base.veille) >= 30


def test_every_family_has_a_socle(base):
    for family in FAMILIES:
        socle = [c for c in base.clauses_for(family) if c["niveau"] == "socle"]
        steps = {c["etape"] for c in socle}
        assert {"condition-execution", "critere-attribution"} <= steps, family


def test_case_studies_across_families(base):
    for family in FAMILIES:
        assert any(r["famille"] == family for r in base.retours.values()), family


def test_case_study_clause_links_both_ways(site, base):
    library = (site / "bibliotheque" / "index.html").read_text(encoding="utf-8")
    stories = (site / "retours" / "index.html").read_text(encoding="utf-8")
    for retour in base.retours.values():
        for clause_id in retour["clauses"]:
            assert retour in base.retours_for_clause(clause_id)
            card = library.split(f'<h3 id="{clause_id}">', 1)[1].split("</article>", 1)[0]
            assert f'retours/#{retour["id"]}"' in card, (clause_id, retour["id"])
            story = stories.split(f'id="{retour["id"]}">', 1)[1].split("</article>", 1)[0]
            assert f'bibliotheque/#{clause_id}"' in story, (retour["id"], clause_id)


def test_case_studies_are_sourced_or_visibly_illustrative(site, base):
    page = (site / "retours" / "index.html").read_text(encoding="utf-8")
    for retour in base.retours.values():
        card = page.split(f'id="{retour["id"]}">', 1)[1].split("</article>", 1)[0]
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


def test_finder_results_link_to_stable_anchors(site, base):
    page = (site / "trouver-une-clause" / "index.html").read_text(encoding="utf-8")
    for clause_id in base.clauses:
        assert f'href="../bibliotheque/#{clause_id}"' in page, clause_id
