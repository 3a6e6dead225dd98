"""Family guide page, families overview, downloads table."""
from __future__ import annotations

from ..model import Base
from .clauses import clause_links, clause_summaries
from .entries import actors_list, retours_list
from .html import block, escape, external, family_page, href, link, paragraphs
from .labels import french_date
from .obligations import legal_minimum, rates_table
from .search import facets
from .watch import obligations


def download_button(here: str, slug: str, enabled: bool) -> str:
    if not enabled:
        return block('<p class="telechargement-pdf">Version PDF : produite par la construction complète du site '
                     '(<code>make build</code>).</p>')
    return block(f'<p class="telechargement-pdf"><a class="md-button" href="{href(here, "pdf/" + slug + ".pdf").rstrip("/")}" '
                 f'download>Télécharger ce guide en PDF</a> '
                 f'{link(here, "telechargements/", "Tous les PDF")}</p>')

def unsearchable(html: str) -> str:
    """Cards shown again on a guide stay out of the search index: they are indexed on their own page."""
    return html.replace("<article ", "<article data-search-exclude ")

def guide(base: Base, here: str, family_id: str, pdf: bool = False) -> str:
    fam = base.familles[family_id]
    own = base.clauses_for(family_id)
    transversal = [c for c in base.clauses_for("transversal")] if family_id != "transversal" else []
    key_figures = "".join(f"<li>{escape(k['texte'])} <span class=\"source\">({external(k['source']['adresse'], k['source']['titre'])})</span></li>"
                          for k in fam.get("chiffres_cles", []))
    levers = "".join(f"<h3>{escape(lever['titre'])}</h3>{paragraphs(lever['texte'])}" for lever in fam["leviers"])
    scope = [s["titre"] for s in fam["segments"][1:]]  # the first segment is the whole family
    sub = f"<p class=\"sous-familles\">Périmètre : {escape(', '.join(scope))}.</p>" if scope else ""
    parts = [
        block(facets(base, "guide", fam)),
        download_button(here, f"guide-{family_id}", pdf),
        block(f"<div class=\"chapeau\">{paragraphs(fam['description'])}{sub}</div>"),
        "\n\n## Enjeux\n\n", block(paragraphs("\n\n".join(fam["enjeux"])) + (f"<ul class=\"chiffres-cles\">{key_figures}</ul>" if key_figures else "")),
        "\n\n## Obligations\n\n",
        block(legal_minimum(base, here, family_id)),
        block(rates_table(base, here, family_id)),
        "\n\n### Textes de la famille\n\n",
        block(f"<p>Textes qui concernent cette famille, appréciés au {french_date(base.today)} : en vigueur d'abord, puis à venir, puis abrogés.</p>"),
        obligations(base, here, family_id),
        "\n\n## Leviers\n\n", block(levers),
        "\n\n## Clauses\n\n",
    ]
    if own:
        parts.append(clause_summaries(here, own))
    if not own:
        parts.append(block("<p>Aucune clause n'est encore publiée pour cette famille.</p>"))
    if transversal:
        parts.append(block("<p>Clauses transversales, utiles dans tous les marchés :</p>" + clause_links(here, transversal)))
    parts += [
        "\n\n## Vérification\n\n", block(paragraphs("\n\n".join(fam["verification"]))),
        "\n\n## Suivi de l'exécution\n\n", block(paragraphs("\n\n".join(fam["suivi"]))),
        "\n\n## Retours d'expérience\n\n", retours_list(base, here, family_id),
        "\n\n## Acteurs\n\n", unsearchable(actors_list(base, here, family_id)),
    ]
    return "".join(parts)

def families_overview(base: Base, here: str) -> str:
    cards = []
    for fam in base.families_ordered():
        count = len(base.clauses_for(fam["id"]))
        cards.append(f"<li>{link(here, family_page(fam['id']), fam['titre'])} — {escape(fam['description'].split('. ')[0].rstrip('.'))}. "
                     f"<span class=\"compte\">{count} clause{'s' if count > 1 else ''}</span></li>")
    return block("<ul class=\"familles\">" + "".join(cards) + "</ul>")
