"""Each built page made final: the theme's HTML made valid (theme_html), French typography (typography), and its
Content-Security-Policy in a `<meta>` element, with the hashes of the page's own inline scripts (headers)."""
from __future__ import annotations

from . import headers, theme_html, typography


def page(html: str) -> tuple[str, set[str]]:
    """The final page and the hashes of its inline scripts (the same page given twice gives the same result)."""
    html = typography.apply(theme_html.apply(html))
    hashes = headers.script_hashes(html)
    return headers.with_policy(html, hashes), hashes
