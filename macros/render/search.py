"""The search (Pagefind, after the build): what each page tells the index, and the search page's form.

A page's facets are empty elements with `data-pagefind-filter` and `data-pagefind-meta` attributes: the kind of
page (« Clause », « Texte »…), its families and its step; filters and result labels read the same names, so that
what a result says it is and what the form filters on cannot differ. An entry's identifier is a meta field of low
weight (recherche.js): a query that is an identifier finds its page alone, the identifier is never shown in a result,
and no filter of one value per entry is fetched with every search.
"""
from __future__ import annotations

from ..model import Base
from .html import escape, href, relative
from .labels import KINDS, STEPS

KIND_LABELS = {**KINDS, "guide": "Guide"}
FILTERS = {"type": "Type", "famille": "Famille", "etape": "Étape"}  # filter key → label in the form
# texts whose usual name weighs most (meta `nom`); the name of an arrêté, a circulaire… or of a repealed or ended text
# weighs less (`nom_secondaire`): « AGEC 58 » finds the décret of article 58 before the arrêtés that apply it
MAIN_NATURES = ("loi", "ordonnance", "décret", "code", "directive", "règlement")


def _value(text: str) -> str:
    """A filter or meta value: Pagefind splits attributes at commas (escaped) and keys at the first colon."""
    return str(escape(text)).replace(",", "\\,")


def facets(base: Base, kind: str, entry: dict) -> str:
    """The hidden facets of an entry's page, or of a family guide (`kind` « guide », `entry` the family)."""
    label = KIND_LABELS[kind]
    families = [entry["id"]] if kind == "guide" else entry.get("familles") or [entry["famille"]]
    pairs = [("type", label), *(("famille", base.familles[f]["titre_court"]) for f in families)]
    if entry.get("etape"):
        pairs.append(("etape", STEPS[entry["etape"]]))
    metas = [("type", label)]
    if kind != "guide":
        metas.append(("identifiant", entry["id"]))
    if kind == "veille" and entry.get("titre_court"):  # the name buyers know it by (« Loi EGALIM »)
        main = entry["nature"] in MAIN_NATURES and base.status(entry["id"]) in ("en-vigueur", "a-venir")
        metas.append(("nom" if main else "nom_secondaire", entry["titre_court"]))
    elif kind == "guide":
        metas.append(("nom", entry["titre"]))
    spans = "".join(f'<span data-pagefind-filter="{key}:{_value(value)}"></span>' for key, value in pairs)
    return "".join(f'<span hidden data-pagefind-meta="{key}:{_value(value)}"></span>' for key, value in metas) + spans


def _select(key: str, values) -> str:
    options = "".join(f'<option value="{escape(v)}">{escape(v)}</option>' for v in values)
    return (f'<p class="recherche-filtre"><label for="recherche-{key}">{FILTERS[key]}</label>'
            f'<select id="recherche-{key}" name="{key}"><option value="">Tous</option>{options}</select></p>')


def search_page(base: Base, here: str) -> str:
    """The search form (its address carries the query and the filters) and the place of its results."""
    families = [f["titre_court"] for f in sorted(base.familles.values(), key=lambda f: f["ordre"])]
    filters = (_select("type", KIND_LABELS.values()) + _select("famille", families)
               + _select("etape", STEPS.values()))
    return f"""<form id="recherche" class="recherche" role="search" method="get" action="./" aria-label="Recherche avec filtres">
<p class="recherche-champ"><label for="recherche-q">Mots recherchés</label>
<input type="search" id="recherche-q" name="q" autocomplete="off" spellcheck="false" aria-describedby="recherche-aide">
<button type="submit" class="md-button md-button--primary">Rechercher</button></p>
<p id="recherche-aide" class="recherche-aide">Par exemple : « béton recyclé », « HVE », « indice de réparabilité » ou l'identifiant d'une clause.</p>
<fieldset class="recherche-filtres"><legend>Affiner</legend>{filters}</fieldset>
</form>
<p id="recherche-etat" class="recherche-etat" role="status">La recherche a besoin de JavaScript ; sans lui, la <a href="{href(here, 'bibliotheque/')}">bibliothèque de clauses</a> et la <a href="{href(here, 'veille/')}">veille réglementaire</a> listent toutes les fiches.</p>
<ol id="recherche-resultats" class="recherche-resultats"></ol>
<p><button type="button" id="recherche-plus" class="md-button" hidden>Voir plus de résultats</button></p>
<script type="module" src="{escape(relative(here.rstrip('/'), 'assets/recherche.js'))}"></script>"""
