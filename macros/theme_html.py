"""The theme's HTML made valid (RGAA criterion 8.2), after the build.

Applied by derive.write_outputs to every built page, for Material for MkDocs and Zensical alike: their templates
are not copied into overrides/, but for the header, whose search is the site's own (ARCHITECTURE.md, « Décision : générateur »). Each fix changes nothing where the
theme already writes the right HTML, and none changes what the page looks like or how it behaves.
"""
from __future__ import annotations

import re

TOGGLES_FORM = "__bascules"
# A navigation section's label gets tabindex="" (an empty value is invalid): "-1" keeps it out of the tab order as
# before, and in the theme script's `label[tabindex]` selector, which updates the section's aria-expanded.
EMPTY_TABINDEX = re.compile(r'(<label\b[^>]*\s)tabindex=""')
# The drawer and search toggles are checkboxes with autocomplete="off" (allowed on text fields only), which keeps
# the browser from restoring their state on going back. A form owner carrying autocomplete="off" (an empty form,
# linked by the form attribute) does the same, checked in Chromium.
TOGGLE = re.compile(r'<input class="md-toggle"[^>]*>')
AUTOCOMPLETE = ' autocomplete="off"'


def _toggles(html: str) -> str:
    found = False

    def owned(match: re.Match) -> str:
        nonlocal found
        tag = match.group(0)
        if AUTOCOMPLETE not in tag or 'type="checkbox"' not in tag:
            return tag
        prefix = "" if found else f'<form id="{TOGGLES_FORM}" autocomplete="off"></form>'
        found = True
        return prefix + tag.replace(AUTOCOMPLETE, f' form="{TOGGLES_FORM}"')

    return TOGGLE.sub(owned, html)


# Zensical writes its colour-scheme radios hidden from assistive technologies (aria-hidden) yet focusable (axe:
# aria-hidden-focus): kept out of the tab order, as they are out of the accessibility tree.
HIDDEN_OPTION = re.compile(r'(<input class="md-option"(?![^>]*\btabindex=)[^>]*\baria-hidden="true")')


# Zensical hides the drawer's overlay label from assistive technologies, which HTML forbids on a label tied to a
# control (Nu checker); Material writes it without: the same label as Material's.
OVERLAY = '<label class="md-overlay" for="__drawer" aria-hidden="true">'


# A Markdown table (no class) may scroll sideways on a phone: in a region reachable by the keyboard, as the site's
# own tables (axe: scrollable-region-focusable; Material's script used to wrap them, Zensical's CSS scrolls them)
PLAIN_TABLE = re.compile(r'(<div class="tableau-defilant"[^>]*>\s*)?<table>(.*?)</table>', re.DOTALL)
REGION = '<div class="tableau-defilant" tabindex="0" role="region" aria-label="Tableau {}">'


def _regions(html: str) -> str:
    """Each Markdown table not yet in a region put in one, named « Tableau 1 », « Tableau 2 »… (names unique)."""
    count = 0

    def wrap(m: re.Match) -> str:
        nonlocal count
        if m.group(1):  # the site's own table, already in its region
            return m.group(0)
        count += 1
        return f"{REGION.format(count)}<table>{m.group(2)}</table></div>"

    return PLAIN_TABLE.sub(wrap, html)


def apply(html: str) -> str:
    html = EMPTY_TABINDEX.sub(r'\1tabindex="-1"', html)
    html = HIDDEN_OPTION.sub(r'\1 tabindex="-1"', html)
    html = html.replace(OVERLAY, '<label class="md-overlay" for="__drawer">')
    if "<table>" in html:
        html = _regions(html)
    return _toggles(html) if AUTOCOMPLETE in html else html
