"""An entry's version and history (data: `version`, `historique`): the line that lets a buyer check whether her copy
is current, and the list of versions with what changed."""
from __future__ import annotations

from .html import escape
from .labels import CHANGE_NATURES, french_date


def version_line(entry: dict) -> str:
    last = entry["historique"][-1]
    return (f'<p class="version" data-search-exclude>Version {entry["version"]} du '
            f'<time datetime="{escape(last["date"])}">{french_date(last["date"])}</time></p>')


def change(row: dict) -> str:
    """« rédaction : … » (the first version's summary says it all: no « première version publiée : » before it)."""
    what = escape(row["resume"])
    return what if row["nature"] == "creation" else f"{CHANGE_NATURES[row['nature']]} : {what}"


def history(entry: dict) -> str:
    rows = "".join(f'<li><strong>Version {row["version"]}</strong>, <time datetime="{escape(row["date"])}">'
                   f'{french_date(row["date"])}</time> — {change(row)}</li>' for row in reversed(entry["historique"]))
    return (f'<div data-search-exclude><h2 id="historique">Historique des versions</h2>'
            f'<ul class="historique">{rows}</ul></div>')
