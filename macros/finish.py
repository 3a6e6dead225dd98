"""Each built page made final: the theme's HTML made valid (theme_html), French typography (typography), and the
hashes of its inline scripts for the security headers.

A page is changed part by part (head and header, menu, content, footer): the parts repeated from page to page (the
menu and the footer of every page at the same depth) are changed once per process, not once per page. The result is
the same as changing the whole page at once (tests/test_render.py), because a page is cut only before one of the
theme's tags (PARTS), and only where no element that typography leaves alone (script, code…) is open; otherwise the
page is changed as a whole. A page without these tags (another theme) is one part.
"""
from __future__ import annotations

import functools

from . import headers, theme_html, typography

# where a page of Material for MkDocs is cut: the menu, the content, the footer
PARTS = ('</head>', '<header class="md-header', '<div class="md-sidebar md-sidebar--primary"', '<div class="md-content"',
         '<footer class="md-footer"')


def cut(html: str) -> list[str]:
    cuts, at = [0], 0
    for tag in PARTS:
        found = html.find(tag, at)
        if found != -1:
            cuts.append(found)
            at = found
    cuts.append(len(html))
    return [html[a:b] for a, b in zip(cuts, cuts[1:])]


@functools.lru_cache(maxsize=64)  # the repeated parts stay; each page's own parts go
def _part(html: str, form_written: bool) -> tuple[str, bool, bool, frozenset]:
    """(changed part, toggles' form written, ends outside any skipped element, hashes of its inline scripts)."""
    html, form_written = theme_html.apply_part(html, form_written)
    html, skipping = typography.apply_part(html)
    return html, form_written, skipping is None, frozenset(headers.script_hashes(html))


def page(html: str, hashes: set | None = None) -> str:
    """The final page; the hashes of its inline scripts are added to `hashes` when given."""
    out, form_written, found = [], False, set()
    parts = cut(html)
    for i, part in enumerate(parts):
        changed, form_written, closed, scripts = _part(part, form_written)
        if not closed and i < len(parts) - 1:  # cut inside a script or code block: the page as a whole
            whole = typography.apply(theme_html.apply(html))
            found = headers.script_hashes(whole)
            out = [whole]
            break
        out.append(changed)
        found |= scripts
    if hashes is not None:
        hashes |= found
    return "".join(out)
