"""« Quoi de neuf depuis… » : every entry created or changed, newest first, grouped by family, with the nature of
each change. The address carries the date (`?depuis=AAAA-MM-JJ`); without JavaScript every change is listed."""
from __future__ import annotations

from ..model import Base
from ..outputs import CHANGES_FEED, entry_url, family_feed
from ..versions import change_log
from .html import escape, href, link, relative
from .labels import CHANGE_NATURES, KINDS, french_date


def _item(here: str, row: dict) -> str:
    what = (escape(row["resume"]) if row["nature"] == "creation" else
            f'<span class="nature-modification">{escape(CHANGE_NATURES[row["nature"]])}</span> : {escape(row["resume"])}')
    return (f'<li data-date="{escape(row["date"])}"><time datetime="{escape(row["date"])}">'
            f'{french_date(row["date"])}</time> — {KINDS[row["kind"]]} : '
            f'{link(here, entry_url(row["kind"], row["id"]), row["title"])}, version {row["version"]}'
            f'{"" if row["current"] else " (remplacée depuis)"} — {what}</li>')


def _feed(here: str, path: str, label: str) -> str:
    return f'<a href="{escape(relative(here.rstrip("/"), path))}" type="application/atom+xml">{escape(label)}</a>'


def whats_new(base: Base, here: str) -> str:
    log = change_log(base)
    oldest = min((r["date"] for r in log), default=base.today.isoformat())
    newest = max([base.today.isoformat(), *(r["date"] for r in log)])
    families = sorted(base.familles.values(), key=lambda f: f["ordre"])
    sections = []
    for fam in families:
        rows = [r for r in log if fam["id"] in r["families"]]
        if not rows:
            continue
        # the rows name other entries, each found by the search on its own page: not indexed here
        sections.append(f'<section class="changements-famille" data-famille="{escape(fam["id"])}">'
                        f'<h2 id="{escape(fam["id"])}">{escape(fam["titre"])}</h2>'
                        f'<p class="flux-famille">{_feed(here, family_feed(fam["id"]), "Flux Atom des clauses de cette famille")}</p>'
                        f'<ol class="changements" data-search-exclude>{"".join(_item(here, r) for r in rows)}</ol></section>')
    count = len({(r["kind"], r["id"], r["version"]) for r in log})
    return f"""<form id="quoi-de-neuf" class="quoi-de-neuf" method="get" action="./">
<p><label for="depuis">Depuis le</label> <input type="date" id="depuis" name="depuis" min="{escape(oldest)}" max="{escape(newest)}" required>
<button type="submit" class="md-button md-button--primary">Afficher</button></p>
</form>
<p id="quoi-de-neuf-etat" role="status">{count} versions publiées, de la plus récente à la plus ancienne, depuis le {french_date(oldest)}.</p>
<p>Suivre les nouvelles versions : {_feed(here, CHANGES_FEED, "flux Atom de toutes les fiches")} ; un flux par famille pour ses clauses, sous chaque famille ; les nouveaux textes : <a href="{href(here, 'veille/')}">veille réglementaire</a>.</p>
{"".join(sections)}
<script src="{escape(relative(here.rstrip('/'), 'assets/quoi-de-neuf.js'))}"></script>"""
