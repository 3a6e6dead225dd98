"""« Préparer mon marché »: the obligations that apply to a case, then the clauses to put in each document.

Without JavaScript the page is the full table of cases (every obligation in force and whom it concerns); the
script filters it for the buyer's answers, from the same data embedded as JSON."""
from __future__ import annotations

import json

from .. import calculator as calc
from .. import obligations as ob
from ..model import Base
from ..outputs import FORMATS, KIT_DATA, PREPARE_CLAUSES, PREPARE_DATA, entry_url, file_path
from .html import block, escape, href, link
from .labels import BUYER_TYPES, CATERING, CONTRACT_NATURES, DOCUMENTS, INDICATOR_PHRASES, INDICATORS, STEPS, french_date
from .obligations import category_label, short_base, source_line
from .watch import text_label


def in_force(base: Base) -> list[dict]:
    return sorted((o for o in base.obligations.values() if ob.in_force(o, base.today)),
                  key=lambda o: (o["forme"] != "exigence", o["depuis"], o["titre"]))


def cases_table(base: Base, here: str) -> str:
    rows = []
    for entry in in_force(base):
        fams = ", ".join(base.familles[f]["titre_court"] for f in entry["familles"])
        if "transversal" in entry["familles"] and entry["forme"] == "exigence":
            fams = "Toutes les familles"
        buyers = ", ".join(BUYER_TYPES[b] for b in entry["acheteurs"]) if entry.get("acheteurs") else "Tous les acheteurs"
        catering = CATERING[entry["restauration"]] if entry.get("restauration") else "—"
        docs = ", ".join(d if d != "cadre-reponse" else DOCUMENTS[d] for d in entry["documents"]) or "—"
        rows.append(f"<tr data-obligation=\"{escape(entry['id'])}\"><th scope=\"row\">{escape(entry['titre'])}"
                    f"<br><span class=\"source\">{source_line(base, here, entry)}, depuis le {french_date(entry['depuis'])}</span></th>"
                    f"<td>{escape(fams)}</td><td>{escape(', '.join(CONTRACT_NATURES[n] for n in entry['natures']))}</td>"
                    f"<td>{escape(buyers)}</td><td>{escape(catering)}</td><td>{escape(docs)}</td></tr>")
    return ("<div class=\"tableau-defilant\" tabindex=\"0\" role=\"region\" aria-label=\"Tableau complet des obligations\">"
            f"<table class=\"taux-legaux cas\"><caption>Obligations en vigueur au {french_date(base.today)} et cas où elles "
            "s'appliquent</caption><thead><tr><th scope=\"col\">Obligation et base légale</th><th scope=\"col\">Familles</th>"
            "<th scope=\"col\">Marchés</th><th scope=\"col\">Acheteurs</th><th scope=\"col\">Restauration collective</th>"
            f"<th scope=\"col\">Pièces</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


def options(pairs, selected=None) -> str:
    return "".join(f'<option value="{escape(v)}"{" selected" if v == selected else ""}>{escape(label)}</option>'
                   for v, label in pairs)


def form(base: Base) -> str:
    families = [(f["id"], f["titre"]) for f in base.families_ordered()]
    categories = [("", "Toutes les catégories de la famille")] + [
        (o["id"], category_label(o)) for o in base.obligations.values() if o.get("categorie")]
    catering = [("", "Non")] + list(CATERING.items())
    year = base.today.year
    years = [(str(y), str(y)) for y in range(year - 2, year + 11)]
    return ('<form id="preparer" class="calculateur" novalidate><fieldset><legend>Votre marché</legend>'
            f'<div class="champ"><label for="preparer-famille">Famille d\'achat</label><select id="preparer-famille" name="famille">{options(families)}</select></div>'
            f'<div class="champ"><label for="preparer-categorie">Catégorie de produits (article 58 de la loi AGEC), si vous la connaissez</label>'
            f'<select id="preparer-categorie" name="categorie">{options(sorted(categories, key=lambda c: (c[0] != "", c[1])))}</select></div>'
            f'<div class="champ"><label for="preparer-nature">Nature du marché</label><select id="preparer-nature" name="nature">{options(CONTRACT_NATURES.items())}</select></div>'
            f'<div class="champ"><label for="preparer-acheteur">Type d\'acheteur</label><select id="preparer-acheteur" name="acheteur">{options(BUYER_TYPES.items())}</select></div>'
            f'<div class="champ"><label for="preparer-restauration">Le marché concerne-t-il une restauration collective ?</label>'
            f'<select id="preparer-restauration" name="restauration">{options(catering)}</select></div></fieldset>'
            '<fieldset><legend>Dates du marché</legend>'
            '<div class="champ"><label for="preparer-lancement">Date de lancement prévue (consultation engagée ou avis '
            'd\'appel à la concurrence envoyé à la publication)</label>'
            f'<input type="date" id="preparer-lancement" name="lancement" required min="{year - 2}-01-01" max="{year + 10}-12-31" '
            'aria-describedby="preparer-lancement-erreur">'
            '<p class="erreur" id="preparer-lancement-erreur" hidden></p></div>'
            f'<div class="champ"><label for="preparer-debut">Première année d\'exécution</label><select id="preparer-debut" name="debut" '
            f'aria-describedby="preparer-debut-erreur">{options(years, str(year))}</select>'
            '<p class="erreur" id="preparer-debut-erreur" hidden></p></div>'
            f'<div class="champ"><label for="preparer-fin">Dernière année d\'exécution</label><select id="preparer-fin" name="fin" '
            f'aria-describedby="preparer-fin-erreur">{options(years, str(year + 3))}</select>'
            '<p class="erreur" id="preparer-fin-erreur" hidden></p></div></fieldset>'
            '<p class="actions"><button type="submit" class="md-button md-button--primary">Voir mes obligations et mes clauses</button></p></form>'
            '<div id="resultat-preparer" class="resultat" aria-live="polite"></div>')


def obligation_data(base: Base, o: dict) -> dict:
    """What the script needs of an obligation: when and for whom it applies, and its rates by step."""
    return {"id": o["id"], "titre": o["titre"], "categorie": category_label(o) if o.get("categorie") else None,
            "forme": o["forme"], "familles": o["familles"], "natures": o["natures"],
            "acheteurs": o.get("acheteurs", []), "restauration": o.get("restauration"),
            "documents": o["documents"], "etapes": o.get("etapes", []), "clauses": o.get("clauses", []),
            "article": o["article"], "depuis": o["depuis"], "jusqu_au": o.get("jusqu_au"), "resume": o["resume"],
            "exceptions": o.get("exceptions"), "assiette": short_base(o) if o.get("assiette") else None,
            "taux": [{k: r.get(k) for k in ("indicateur", "annee", "valeur", "a_verifier", "champ")} for r in o.get("taux", [])],
            "compte": [calc.counted(c) for c in o.get("ce_qui_compte", [])], "texte": {"adresse": entry_url("veille", o["texte"]), "titre": text_label(base.veille[o["texte"]])}}


def page_data(base: Base, files: bool) -> dict:
    def clause(c):
        item = {"id": c["id"], "titre": c["titre"], "document": c["document"], "etape": c["etape"],
                "niveau": c["niveau"], "familles": c["familles"], "adresse": entry_url("clauses", c["id"])}
        if files:  # from the site's root: the script resolves them against its own address (any generator)
            item["fichiers"] = {fmt: file_path("clauses", c["id"], fmt) for fmt in FORMATS}
        return item
    return {
        "obligations": [obligation_data(base, o) for o in sorted(
            base.obligations.values(), key=lambda o: (o["forme"] != "exigence", o["depuis"], o["titre"]))],
        "clauses": [clause(c) for c in sorted(base.clauses.values(), key=lambda c: c["titre"])
                    if not base.is_withdrawn("clauses", c["id"])],
        "documents": DOCUMENTS, "etapes": STEPS, "couvre": ob.CATERING_COVERS, "indicateurs": INDICATORS,
        "phrases": INDICATOR_PHRASES, "restaurations": CATERING, "natures": CONTRACT_NATURES, "acheteurs": BUYER_TYPES,
        "familles": {f["id"]: f["titre"] for f in base.families_ordered()},
        "edition": base.today.isoformat(), "textes_clauses": PREPARE_CLAUSES, "suivi": KIT_DATA,
    }


def prepare_page(base: Base, here: str) -> str:
    # the data are a file fetched at the first question (derive writes page_data to PREPARE_DATA): a light page
    paths = json.dumps({"donnees": PREPARE_DATA, "ecriture": "assets/dossier.js"})
    script = href(here, "assets/preparer.js").rstrip("/")
    return "".join([
        block(form(base)),
        "\n\n## Tableau complet des cas\n\n",
        block(f"<p>Chaque obligation en vigueur au {french_date(base.today)}, avec les familles, natures de marché, acheteurs "
              "et restaurations qu'elle vise. Une obligation « Toutes les familles » vaut pour tout marché soumis au code "
              f"de la commande publique. Les clauses qui y répondent sont dans la {link(here, 'bibliotheque/', 'bibliothèque')}.</p>"),
        block(f'<details class="tableau-cas" id="tableau-cas"><summary>Tableau complet : {len(in_force(base))} obligations</summary>'
              f'{cases_table(base, here)}</details>'),
        block(f'<script type="application/json" id="donnees-preparer">{paths}</script>'
              f'<script src="{script}" defer></script>'),
    ])
