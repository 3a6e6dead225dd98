"""Case studies, actors and glossary: cards and list pages."""
from __future__ import annotations

from ..model import Base
from ..outputs import entry_url
from .clauses import clause_links
from .history import history_of, version_line
from .html import (
    block,
    bullet_list,
    escape,
    external,
    family_links,
    href,
    paragraphs,
    permalink,
)
from .labels import ACTOR_TYPES, BUYER_TYPES, TERRITORIES, format_number, french_date
from .watch import reserve_line
from .withdrawn import folded_list, notice


def retour_card(base: Base, here: str, retour: dict) -> str:
    rid = escape(retour["id"])
    if retour.get("illustratif"):
        origin = ("<p class=\"illustratif\"><strong>Exemple illustratif</strong> : cas construit pour illustrer la démarche ; "
                  "il ne décrit aucune organisation réelle et ses chiffres ne sont pas des résultats mesurés.</p>")
    else:
        check = retour.get("verification") or {}
        when = f", consultée le {french_date(check['date'])}" if check.get("date") else ""
        origin = f"<p class=\"source\" data-search-exclude>Source publique : {external(retour['source'], 'document de référence')}{when}.</p>"
    results = "".join(f"<li>{escape(r['indicateur'])} : <strong>{escape(format_number(r['valeur']))} {escape(r['unite'])}</strong></li>"
                      for r in retour["resultats"])
    results_html = (f"<dt>Résultats</dt><dd><ul>{results}</ul></dd>" if results else
                    "<dt>Résultats</dt><dd><p>Aucun résultat chiffré publié par la source : "
                    "ce cas montre une démarche, pas un résultat mesuré.</p></dd>")
    clauses = [base.clauses[c] for c in retour["clauses"] if c in base.clauses]  # a withdrawn case keeps withdrawn ones
    clauses_html = (f"<dt>Clauses de la bibliothèque pour la même démarche</dt><dd data-search-exclude>{clause_links(here, clauses)}"
                    "<p class=\"source\">Rapprochement éditorial : l'acheteur n'a pas forcément employé ces rédactions.</p></dd>"
                    if clauses else "")
    buyer = retour["acheteur"]
    return block(f"""<article class="retour fiche{' retour-illustratif' if retour.get('illustratif') else ''}" id="{rid}">
<h1 data-pagefind-weight="10">{'<span class="badge-illustratif">Exemple illustratif</span> ' if retour.get('illustratif') else ''}{escape(retour['titre'])}</h1>
{notice(base, here, "retours", retour)}
<p class="retour-meta">{escape(buyer['nom'])} ({BUYER_TYPES[buyer['type']]}, {TERRITORIES[buyer['territoire']]}) · {escape(str(retour['annee']))} · {family_links(base, here, [retour['famille']])}</p>
<p class="identifiant-citation" data-search-exclude>Identifiant (pour citer ce cas) : <code class="identifiant">{rid}</code></p>
{version_line(retour)}
{origin}
<dl class="retour-details">
<dt>Contexte</dt><dd>{paragraphs(retour['contexte'])}</dd>
{results_html}
<dt>Enseignements</dt><dd>{bullet_list(retour['enseignements'])}</dd>
{clauses_html}
</dl>
{history_of(base, 'retours', retour)}
</article>""")

def retour_summary(here: str, retour: dict) -> str:
    """Compact entry: title linking to the case's page, buyer, territory, year."""
    url = href(here, entry_url("retours", retour["id"]))
    buyer = retour["acheteur"]
    badge = '<span class="badge-illustratif">Exemple illustratif</span> ' if retour.get("illustratif") else ""
    return (f'<li id="{escape(retour["id"])}" data-redirige>{badge}<a href="{url}">{escape(retour["titre"])}</a> '
            f'<span class="resume-ligne">— {escape(buyer["nom"])} ({BUYER_TYPES[buyer["type"]]}, '
            f'{TERRITORIES[buyer["territoire"]]}), {escape(str(retour["annee"]))}</span></li>')


def retours_list(base: Base, here: str, family_id: str | None = None) -> str:
    items = [r for r in base.retours.values() if family_id in (None, r["famille"])]
    if not items:
        return block("<p>Aucun retour d'expérience n'est encore publié pour cette famille.</p>")
    items.sort(key=lambda r: (bool(r.get("illustratif")), r["acheteur"]["territoire"] != "ile-de-france", -r["annee"], r["titre"]))
    return block('<ul class="resumes-retours" data-search-exclude>'
                 + "".join(retour_summary(here, r) for r in items) + "</ul>")


def retours_by_family(base: Base, here: str) -> str:
    parts = []
    for fam in base.families_ordered():
        if any(r["famille"] == fam["id"] for r in base.retours.values()):
            parts.append(f"\n\n## {escape(fam['titre'])} {{: #retours-{fam['id']} }}\n\n")
            parts.append(retours_list(base, here, fam["id"]))
    return "".join(parts) + folded_list(base, here, "retours")

def actor_card(base: Base, here: str, actor: dict) -> str:
    aid = escape(actor["id"])
    return block(f"""<article class="acteur" data-familles="{escape(' '.join(actor['familles']))}">
<h3 id="{aid}">{escape(actor['nom'])}{permalink(actor['id'])}</h3>
{notice(base, here, "acteurs", actor)}
<p class="acteur-meta">{ACTOR_TYPES[actor['type']]} · {family_links(base, here, actor['familles'])} · {external(actor['adresse'], 'site officiel')}</p>
{paragraphs(actor['role'])}
{reserve_line(actor, official=False)}
</article>""")

def actors_list(base: Base, here: str, family_id: str | None = None) -> str:
    items = [a for a in base.acteurs.values()
             if family_id is None or family_id in a["familles"] or "transversal" in a["familles"]]
    if not items:
        return block("<p>Aucun acteur n'est encore recensé pour cette famille.</p>")
    items.sort(key=lambda a: (list(ACTOR_TYPES).index(a["type"]), a["nom"].lower()))
    return "".join(actor_card(base, here, a) for a in items)

def actors_by_type(base: Base, here: str) -> str:
    parts = []
    for kind, label in ACTOR_TYPES.items():
        actors = sorted((a for a in base.acteurs.values() if a["type"] == kind), key=lambda a: a["nom"].lower())
        if actors:
            parts.append(f"\n\n## {escape(label)} {{: #acteurs-{kind} }}\n\n")
            parts += [actor_card(base, here, a) for a in actors]
    gone = sorted(base.withdrawn.get("acteurs", {}).values(), key=lambda a: a["nom"].lower())
    if gone:  # their anchor stays here, under their notice
        parts.append("\n\n## Acteurs retirés de la liste {: #acteurs-retires }\n\n")
        parts += [actor_card(base, here, a) for a in gone]
    return "".join(parts)

def glossary_list(base: Base, here: str, terms) -> str:
    items = []
    for t in sorted(terms, key=lambda t: t["terme"].lower()):
        abbr = f" ({escape(t['abreviation'])})" if t.get("abreviation") else ""
        items.append(f"<dt id=\"{escape(t['id'])}\" data-pagefind-weight=\"10\">{escape(t['terme'])}{abbr}</dt><dd>{notice(base, here, 'glossaire', t)}"
                     f"{paragraphs(t['definition'])}"
                     f"<p class=\"source\">Source : {external(t['source']['adresse'], t['source']['titre'])}</p></dd>")
    return block("<dl class=\"glossaire\">" + "".join(items) + "</dl>")

def glossary(base: Base, here: str = "glossaire/") -> str:
    gone = base.withdrawn.get("glossaire", {}).values()
    withdrawn = ("\n\n## Termes retirés du glossaire {: #termes-retires }\n\n" + glossary_list(base, here, gone)
                 if gone else "")  # their anchor stays here, under their notice
    return glossary_list(base, here, base.glossaire.values()) + withdrawn
