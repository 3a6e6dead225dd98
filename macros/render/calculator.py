"""Calculator page: the formula and every rate as tables (readable without JavaScript), the forms the script
enables, and the data it reads (from data/obligations, embedded as JSON)."""
from __future__ import annotations

import json

from .. import calculator as calc
from .. import obligations as ob
from ..model import Base
from ..outputs import entry_url
from .html import block, escape, external, href, link
from .labels import CATERING, INDICATORS, format_number, french_date
from .obligations import DOUBT, percent
from .watch import text_label

AMOUNTS = (("total", "Dépense totale HT de l'année (€)"),
           ("reemploi", "dont achats issus du réemploi ou de la réutilisation (€)"),
           ("recycle", "dont achats intégrant des matières recyclées (€)"),
           ("dons", "Dons reçus, valorisés selon la grille de l'arrêté (€)"))
EGALIM_AMOUNTS = (("alimentaire", "Achats de denrées entrant dans la composition des repas, HT (€)"),
                  ("qualite", "dont produits durables et de qualité, bio compris (€)"),
                  ("bio", "dont produits biologiques ou en conversion (€)"),
                  ("viandes", "Achats de viandes (bovines, porcines, ovines, volailles) et produits de la pêche, HT (€)"),
                  ("viandes_qualite", "dont durables et de qualité (€)"))


def step_reading(base: Base) -> str:
    steps = sorted({s for o in calc.agec_categories(base) for s in ob.steps(o)})
    parts = [f"palier {s} pour les années {s} à {nxt - 1}" for s, nxt in zip(steps, steps[1:])]
    if steps:
        parts.append(f"palier {steps[-1]} à partir de {steps[-1]}")
    return ", ".join(parts)


def field(prefix: str, name: str, label: str) -> str:
    fid = f"{prefix}-{name}"
    return (f'<div class="champ"><label for="{fid}">{escape(label)}</label>'
            f'<input type="text" id="{fid}" name="{fid}" inputmode="decimal" autocomplete="off" '
            f'aria-describedby="{fid}-erreur"><p class="erreur" id="{fid}-erreur" hidden></p></div>')


def agec_rates_table(base: Base, here: str) -> str:
    entries = calc.agec_categories(base)
    steps = sorted({s for o in entries for s in ob.steps(o)})
    head = "".join(f"<th scope=\"col\">Palier {s}</th>" for s in steps)
    body = []
    for entry in entries:
        for indicator in calc.agec_indicators(base):
            cells = []
            for s in steps:
                row = next((r for r in entry["taux"] if r["indicateur"] == indicator and r["annee"] == s), None)
                cells.append(f"<td class=\"nombre\">{percent(row) if row else 'non publié ici' + DOUBT}</td>")
            body.append(f"<tr><th scope=\"row\">{escape(entry['categorie']['libelle'])}</th><td>{INDICATORS[indicator]}</td>"
                        + "".join(cells) + "</tr>")
    texts = [base.veille[t] for t in dict.fromkeys(o["texte"] for o in entries)]
    sources = ", ".join(link(here, entry_url("veille", t["id"]), text_label(t)) for t in texts)
    return (f"<div class=\"tableau-defilant\" tabindex=\"0\" role=\"region\" aria-label=\"Taux AGEC par catégorie\">"
            f"<table class=\"taux-legaux\"><caption>Parts minimales par catégorie ({sources})</caption>"
            f"<thead><tr><th scope=\"col\">Catégorie</th>"
            f"<th scope=\"col\">Indicateur</th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>")


def egalim_rates_table(base: Base, here: str) -> str:
    body = []
    for entry in calc.egalim_entries(base):
        for r in entry["taux"]:
            who = CATERING[r.get("champ") or entry["restauration"]]
            body.append(f"<tr><th scope=\"row\">{INDICATORS[r['indicateur']]}</th><td>{escape(who)}</td>"
                        f"<td class=\"nombre\">{r['annee']}</td><td class=\"nombre\">{percent(r)}</td>"
                        f"<td>{escape(r.get('article', entry['article']))}, "
                        f"{link(here, entry_url('veille', entry['texte']), text_label(base.veille[entry['texte']]))}</td></tr>")
    return ("<div class=\"tableau-defilant\" tabindex=\"0\" role=\"region\" aria-label=\"Seuils EGALIM\">"
            "<table class=\"taux-legaux\"><caption>Seuils EGALIM en valeur d'achats hors taxes sur l'année civile</caption>"
            "<thead><tr><th scope=\"col\">Indicateur</th><th scope=\"col\">Restaurants concernés</th>"
            "<th scope=\"col\">Depuis</th><th scope=\"col\">Part minimale</th><th scope=\"col\">Article</th></tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table></div>")


TYPED = (("taux-reemploi", "Part minimale de réemploi ou de réutilisation lue dans l'annexe, pour l'année choisie (%)"),
         ("taux-recycle", "Part minimale de matières recyclées lue dans l'annexe, pour l'année choisie (%)"))


def typed_rates(base: Base, entry: dict) -> str:
    """For a category whose rates this site has not confirmed: the buyer types the ones read in the official annex
    (the script shows these fields only for a year without a confirmed rate, and says the result uses them)."""
    if entry["taux"] and all(r["valeur"] is not None for r in entry["taux"]):
        return ""
    text = base.veille[entry["texte"]]
    slug = escape(entry["id"])
    official = external(text["adresse"], f"{text_label(text)}, sur Légifrance") if text.get("adresse") else escape(entry["article"])
    return (f'<div class="taux-saisis" data-taux-saisis="{slug}"><p>Ce site n\'a pas confirmé les parts minimales de cette '
            f"catégorie{DOUBT}. Lisez-les dans l'annexe du texte ({official}) et saisissez-les : le résultat dira qu'elles "
            "ont été saisies par vous.</p>" + "".join(field(slug, name, label) for name, label in TYPED) + "</div>")


def agec_form(base: Base) -> str:
    start = min((s for o in calc.agec_categories(base) for s in ob.steps(o)), default=base.today.year)
    years = "".join(f'<option value="{y}"{" selected" if y == base.today.year else ""}>{y}</option>'
                    for y in calc.years(base) if y >= start)
    cats = []
    for entry in calc.agec_categories(base):
        slug = escape(entry["id"])
        fields = "".join(field(slug, name, label) for name, label in AMOUNTS) + typed_rates(base, entry)
        cats.append(f'<details class="categorie" data-categorie="{slug}"><summary>{escape(entry["categorie"]["libelle"])}</summary>'
                    f'<fieldset><legend class="visuellement-cache">{escape(entry["categorie"]["libelle"])}</legend>'
                    f'<p class="taux-rappel" data-rappel="{slug}"></p>{fields}</fieldset></details>')
    return (f'<form id="calcul-agec" class="calculateur" novalidate>'
            f'<fieldset><legend>Année et acheteur</legend>'
            f'<div class="champ"><label for="agec-annee">Année civile des dépenses</label>'
            f'<select id="agec-annee" name="agec-annee">{years}</select></div>'
            f'<div class="champ"><label for="agec-siret">SIRET de l\'acheteur (facultatif, pour le fichier de déclaration)</label>'
            f'<input type="text" id="agec-siret" name="agec-siret" inputmode="numeric" autocomplete="off" aria-describedby="agec-siret-erreur">'
            f'<p class="erreur" id="agec-siret-erreur" hidden></p></div>'
            f'<div class="champ"><label for="agec-raison">Raison sociale de l\'acheteur (facultatif, pour le fichier de déclaration)</label>'
            f'<input type="text" id="agec-raison" name="agec-raison" autocomplete="organization" aria-describedby="agec-raison-erreur">'
            f'<p class="erreur" id="agec-raison-erreur" hidden></p></div></fieldset>'
            f'<p>Ouvrez les catégories achetées et saisissez les montants hors taxes en euros (par exemple 12 500,50).</p>'
            f'{"".join(cats)}'
            f'<p class="actions"><button type="submit" class="md-button md-button--primary">Calculer</button> '
            f'<button type="reset" class="md-button">Effacer</button></p></form>'
            f'<div id="resultat-agec" class="resultat" aria-live="polite"></div>')


def egalim_form(base: Base) -> str:
    start = min(r["annee"] for o in calc.egalim_entries(base) for r in o["taux"])
    years = "".join(f'<option value="{y}"{" selected" if y == base.today.year else ""}>{y}</option>'
                    for y in calc.years(base) if y >= start)
    scopes = "".join(f'<option value="{s}">{escape(CATERING[s])}</option>' for s in calc.EGALIM_SCOPES)
    fields = "".join(field("egalim", name, label) for name, label in EGALIM_AMOUNTS)
    return (f'<form id="calcul-egalim" class="calculateur" novalidate><fieldset><legend>Votre restauration</legend>'
            f'<div class="champ"><label for="egalim-champ">Type de restaurant</label><select id="egalim-champ" name="egalim-champ">{scopes}</select></div>'
            f'<div class="champ"><label for="egalim-annee">Année civile des achats</label><select id="egalim-annee" name="egalim-annee">{years}</select></div>'
            f'{fields}</fieldset><p class="actions"><button type="submit" class="md-button md-button--primary">Calculer</button> '
            f'<button type="reset" class="md-button">Effacer</button></p></form>'
            f'<div id="resultat-egalim" class="resultat" aria-live="polite"></div>')


def what_counts(base: Base) -> str:
    """« Ce qui compte » in each EGALIM share, each with its article and, where the law sets them, its dates."""
    parts = []
    for entry in calc.egalim_entries(base):
        items = entry.get("ce_qui_compte", [])
        for indicator in dict.fromkeys(r["indicateur"] for r in entry["taux"]):
            lines = []
            for item in (i for i in items if indicator in i["parts"]):
                when = ""
                if item.get("depuis"):
                    when += f", à partir du {french_date(item['depuis'])}"
                if item.get("jusqu_au"):
                    when += f", pour les achats faits jusqu'au {french_date(item['jusqu_au'])}"
                lines.append(f"<li>{escape(item['libelle'])}{when} <span class=\"source\">({escape(item['article'])})</span></li>")
            if lines:
                parts.append(f"<h4>{INDICATORS[indicator]}</h4><ul class=\"ce-qui-compte\">{''.join(lines)}</ul>")
    if not parts:
        return ""
    return ("<p>Ce qui compte dans chaque part, selon le code rural et de la pêche maritime ; l'équivalence des produits "
            "se justifie par tout moyen de preuve.</p>" + "".join(parts))


def calculator_page(base: Base, here: str) -> str:
    data = json.dumps(calc.page_data(base) | {"indicateurs": INDICATORS}, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    script = href(here, "assets/calculateur.js").rstrip("/")
    example = format_number(12500.5)
    agec, egalim = [], []
    if calc.agec_categories(base):
        agec = [
            "\n\n## Parts AGEC article 58 (achats de l'État et des collectivités)\n\n",
            block("<p class=\"sans-script\">Le calcul ci-dessous se fait dans votre navigateur : rien n'est envoyé. "
                  "Sans JavaScript, appliquez la formule aux tableaux de taux plus bas.</p>"),
            block(agec_form(base)),
            "\n\n### Comment le calcul est fait\n\n",
            block("<ul><li>Pour chaque catégorie et chaque indicateur : <strong>montant minimal = part minimale × (dépense totale "
                  "HT de l'année + valeur des dons reçus)</strong>, arrondi au centime.</li>"
                  "<li>Montant atteint : pour le réemploi ou la réutilisation, les achats qui en sont issus plus la valeur des dons ; "
                  "pour les matières recyclées, les achats qui en intègrent. <strong>Écart = montant minimal − montant atteint</strong>, "
                  "s'il est positif.</li>"
                  f"<li>Les paliers sont lus ainsi : {step_reading(base)}. "
                  f"Cette lecture et la prise en compte des dons dans la base de calcul ne sont pas écrites dans les sources lues : "
                  f"{DOUBT}.</li>"
                  f"<li>Montants en euros hors taxes, avec une virgule pour les décimales (ex. {example}).</li></ul>"),
            block(agec_rates_table(base, here)),
        ]
    if calc.egalim_entries(base):
        egalim = [
            "\n\n## Parts EGALIM (restauration collective)\n\n",
            block(egalim_form(base)),
            "\n\n### Comment le calcul est fait\n\n",
            block("<ul><li><strong>Part = achats HT des produits concernés ÷ achats HT de référence</strong>, sur l'année civile "
                  "(code rural, art. R230-30-1) : denrées entrant dans la composition des repas pour les produits durables et "
                  "de qualité et pour les produits bio ; viandes et produits de la pêche servis pour leur propre seuil.</li>"
                  "<li>Les produits bio ou en conversion comptent aussi dans les produits durables et de qualité.</li>"
                  "<li>Parts arrondies au dixième de point ; montants au centime.</li></ul>"),
            block(egalim_rates_table(base, here)),
            "\n\n### Ce qui compte {: #ce-qui-compte }\n\n",
            block(what_counts(base)),
        ]
    return "".join([*agec, *egalim,
        block(f'<script type="application/json" id="donnees-calculateur">{data}</script>'
              f'<script src="{script}" defer></script>'),
    ])
