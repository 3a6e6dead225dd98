"""HTTP security headers for static hosts that read a `_headers` file (Netlify, Cloudflare Pages…)."""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

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


def policy(hashes) -> str:
    scripts = " ".join(["'self'", *sorted(hashes)])
    return "; ".join([
        "default-src 'none'",
        f"script-src {scripts}",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ])


HARDENING = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}


def write_headers_file(site: Path, hashes) -> None:
    """`hashes`: those of the inline scripts of every final page (script_hashes)."""
    values = {"Content-Security-Policy": policy(hashes), **HARDENING}
    lines = ["/*"] + [f"  {name}: {value}" for name, value in values.items()]
    (site / "_headers").write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_headers_file(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        name, _, value = line.strip().partition(": ")
        values[name] = value
    return values
