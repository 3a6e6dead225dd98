"""An entry's version and history (data: `version`, `historique`): the line that lets a buyer check whether her copy
is current, the list of versions with what changed, and, for each earlier version read from the repository, its
wording compared word by word with the current one."""
from __future__ import annotations

from ..versions import watched
from .diff import as_text, word_diff
from .html import escape
from .labels import CHANGE_NATURES, french_date

FIELD_LABELS = {"titre": "Titre", "titre_court": "Titre usuel", "redaction": "Rédaction type", "resume": "Résumé",
                "pour_acheteur": "Ce qui change pour l'acheteur", "contexte": "Contexte",
                "enseignements": "Enseignements"}


def version_line(entry: dict) -> str:
    last = entry["historique"][-1]
    return (f'<p class="version" data-search-exclude>Version {entry["version"]} du '
            f'<time datetime="{escape(last["date"])}">{french_date(last["date"])}</time></p>')


def change(row: dict) -> str:
    """« rédaction : … » (the first version's summary says it all: no « première version publiée : » before it)."""
    what = escape(row["resume"])
    return what if row["nature"] == "creation" else f"{CHANGE_NATURES[row['nature']]} : {what}"


def comparison(kind: str, entry: dict, old: dict, version: int) -> str:
    """The wording fields that differ between version `version` and the current one, compared word by word."""
    parts = []
    for name in watched(kind).get("redaction", []):
        before, now = as_text(old.get(name)), as_text(entry.get(name))
        if before != now:
            parts.append(f'<p class="comparaison-champ">{FIELD_LABELS.get(name, name)}</p>'
                         f'<p class="comparaison">{word_diff(before, now)}</p>')
    if not parts:
        return ""
    return (f'<details class="comparaison-version"><summary>Ce qui a changé dans la rédaction depuis la version '
            f'{version}</summary>{"".join(parts)}</details>')


def history(kind: str, entry: dict, earlier: dict | None = None, full: bool = True) -> str:
    """The versions, newest first; under each earlier one, the comparison with the current wording (`earlier`:
    version → entry as it was; `full`: the repository's history was there to read them)."""
    earlier = earlier or {}
    rows = []
    for row in reversed(entry["historique"]):
        old = earlier.get(row["version"]) if row["version"] < entry["version"] else None
        rows.append(f'<li><strong>Version {row["version"]}</strong>, <time datetime="{escape(row["date"])}">'
                    f'{french_date(row["date"])}</time> — {change(row)}'
                    f'{comparison(kind, entry, old, row["version"]) if old else ""}</li>')
    missing = ('<p class="historique-partiel">Les rédactions antérieures se lisent dans l\'historique du dépôt, '
               "absent de cette copie du site : seule la liste des versions est donnée.</p>"
               if entry["version"] > 1 and not full else "")
    return (f'<div data-search-exclude><h2 id="historique">Historique des versions</h2>'
            f'<ul class="historique">{"".join(rows)}</ul>{missing}</div>')


def history_of(base, kind: str, entry: dict) -> str:
    return history(kind, entry, base.earlier.get(kind, {}).get(entry["id"]), base.full_history)
