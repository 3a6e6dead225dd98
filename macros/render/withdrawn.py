"""Withdrawn entries (field `retrait`): the notice at the top of their page, and the folded list that keeps the
anchors of a list page (addresses published before each entry had its page)."""
from __future__ import annotations

from ..model import Base
from ..outputs import ENTRY_PAGES, entry_url
from .html import block, escape, href
from .labels import french_date

# kind → (name of the kind, « retirée » agreed with it, pronoun, where it no longer appears)
WORDS = {
    "clauses": ("Clause", "retirée", "Elle", "n'est plus proposée dans la bibliothèque, le chercheur, les guides ni les "
                "téléchargements ; cette page garde son adresse."),
    "retours": ("Retour d'expérience", "retiré", "Il", "n'est plus proposé dans les listes ni les guides ; cette page "
                "garde son adresse."),
    "acteurs": ("Acteur", "retiré", "Il", "n'est plus proposé dans les guides ni dans l'espace « Entreprises »."),
    "glossaire": ("Terme", "retiré", "Il", "n'est plus expliqué dans les pages du site."),
    "obligations": ("Obligation", "retirée", "Elle", "n'est plus appliquée par les guides, le calculateur ni "
                    "« Préparer mon marché »."),
}
LIST_PAGES = {"acteurs": "acteurs/", "glossaire": "glossaire/"}  # kinds without pages: an anchor on their list
FOLDED = {"clauses": ("Clauses retirées", "Elles ne sont plus proposées ; leur page reste en ligne, avec le motif "
                                          "du retrait."),
          "retours": ("Retours d'expérience retirés", "Ils ne sont plus proposés ; leur page reste en ligne, avec le "
                                                     "motif du retrait.")}


def label(entry: dict) -> str:
    return entry.get("titre") or entry.get("nom") or entry.get("terme") or entry["id"]


def entry_link(base: Base, here: str, kind: str, entry_id: str) -> str:
    """Link to an entry (in service or withdrawn): its page, or its anchor on its list page; its name alone
    for a kind without either (obligations)."""
    name = escape(label(base.entry(kind, entry_id)))
    if kind in ENTRY_PAGES:
        return f'<a href="{href(here, entry_url(kind, entry_id))}">{name}</a>'
    if kind in LIST_PAGES:
        return f'<a href="{href(here, LIST_PAGES[kind], entry_id)}">{name}</a>'
    return str(name)


def _time(day: str) -> str:
    return f'<time datetime="{escape(day)}">{french_date(day)}</time>'


def notice(base: Base, here: str, kind: str, entry: dict) -> str:
    """At the top of a withdrawn entry: « Retirée le … : motif », and the entry that replaces it. An entry whose
    withdrawal date is still to come is in service: its page announces the date."""
    mark = entry.get("retrait")
    if not mark:
        return ""
    noun, done, pronoun, gone = WORDS[kind]
    motif = escape(mark["motif"])
    replaced = mark.get("remplacee_par")
    if base.is_withdrawn(kind, entry["id"]):
        word = "Remplacée" if done.endswith("e") else "Remplacé"
        by = f"<p>{word} par : {entry_link(base, here, kind, replaced)}</p>" if replaced else ""
        return (f'<div class="admonition warning bandeau-retrait"><p class="admonition-title">{noun} {done}</p>'
                f"<p>{done.capitalize()} le {_time(mark['date'])} : {motif}</p>{by}<p>{pronoun} {gone}</p></div>")
    by = f"<p>Remplacement prévu : {entry_link(base, here, kind, replaced)}</p>" if replaced else ""
    return (f'<div class="admonition info bandeau-retrait"><p class="admonition-title">Retrait prévu</p>'
            f"<p>{pronoun} sera {done} le {_time(mark['date'])} : {motif}</p>{by}</div>")


def folded_list(base: Base, here: str, kind: str) -> str:
    """End of a list page: the withdrawn entries, folded, each keeping its old anchor (site.js sends `page/#<id>`
    to the first link of an element marked data-redirige)."""
    gone = sorted(base.withdrawn.get(kind, {}).values(), key=lambda e: (e["retrait"]["date"], e["id"]))
    if not gone:
        return ""
    done, (title, intro) = WORDS[kind][1], FOLDED[kind]
    items = "".join(f'<li id="{escape(e["id"])}" data-redirige>{entry_link(base, here, kind, e["id"])} — '
                    f"{done} le {_time(e['retrait']['date'])}</li>" for e in gone)
    return block(f'<details class="entrees-retirees" data-search-exclude><summary>{title} ({len(gone)})</summary>'
                 f"<p>{intro}</p>"
                 f"<ul>{items}</ul></details>")
