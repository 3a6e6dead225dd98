"""Security headers, from one source: a Content-Security-Policy `<meta>` in every page (the only way for hosts
that set no header, such as GitHub Pages), a `_headers` file (Netlify, Cloudflare Pages…) and an nginx
configuration, both with every header, including those a `<meta>` cannot carry (`frame-ancestors`…)."""
from __future__ import annotations

import base64
import hashlib
import html as html_lib
import re
from pathlib import Path

from .outputs import HEADERS_FILE, NGINX_FILE

SCRIPT_RE = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
EXECUTABLE = ("", "text/javascript", "module", "application/javascript")


def script_hashes(html: str) -> set[str]:
    """sha256 of every inline executable script of a page (Material's depend on the page depth)."""
    hashes = set()
    for m in SCRIPT_RE.finditer(html):
        attrs = m.group("attrs")
        kind = re.search(r'type="([^"]*)"', attrs)
        if "src=" in attrs or (kind and kind.group(1) not in EXECUTABLE):
            continue
        digest = base64.b64encode(hashlib.sha256(m.group("body").encode("utf-8")).digest()).decode()
        hashes.add(f"'sha256-{digest}'")
    return hashes


META_IGNORED = ("frame-ancestors", "report-uri", "sandbox")


def policy(hashes, meta: bool = False) -> str:
    """The policy; `meta`: without the directives that browsers ignore in a `<meta>` element (frame-ancestors)."""
    # 'wasm-unsafe-eval': the search's WebAssembly (Pagefind) may be compiled; JavaScript's eval stays refused
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *sorted(hashes)])
    return "; ".join(d for d in [
        "default-src 'none'",
        f"script-src {scripts}",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",  # the header's search form leads to the search page
        "frame-ancestors 'none'",
        "object-src 'none'",
    ] if not (meta and d.startswith(META_IGNORED)))

META_RE = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?')
CHARSET_RE = re.compile(r"<meta charset=[^>]*>\n?", re.IGNORECASE)


def with_policy(page: str, hashes) -> str:
    """The page with its policy in a `<meta>` element, right after its character set (before any script), in place
    of one already there."""
    page = META_RE.sub("", page, count=1)
    tag = f'<meta http-equiv="Content-Security-Policy" content="{html_lib.escape(policy(hashes, meta=True), quote=False)}">\n'
    found = CHARSET_RE.search(page)
    if found:
        return page[:found.end()] + tag + page[found.end():]
    head = page.find("<head>")
    return page if head == -1 else page[:head + 6] + tag + page[head + 6:]


HARDENING = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}


def write_headers_files(site: Path, hashes) -> None:
    """`_headers` and the nginx configuration; `hashes`: those of the inline scripts of every final page."""
    values = {"Content-Security-Policy": policy(hashes), **HARDENING}
    lines = ["/*"] + [f"  {name}: {value}" for name, value in values.items()]
    (site / HEADERS_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    nginx = ["# En-têtes de sécurité du site (à inclure dans le bloc server ou location qui le sert)"]
    nginx += [f'add_header {name} "{value}" always;' for name, value in values.items()]
    (site / NGINX_FILE).write_text("\n".join(nginx) + "\n", encoding="utf-8")


def read_headers_file(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        name, _, value = line.strip().partition(": ")
        values[name] = value
    return values
