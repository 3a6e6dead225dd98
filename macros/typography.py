"""French typography in every built page: non-breaking spaces where French requires them.

Applied after the build (derive.write_outputs) to the text nodes of every HTML page, so that guides written in
Markdown, data rendered by the macros and the theme's own words all follow the same rules. Only existing spaces
are replaced; nothing inside <script>, <style>, <code>, <pre>, <textarea> or a tag is touched.
"""
from __future__ import annotations

import re
from pathlib import Path

NBSP, NNBSP = "\u00a0", "\u202f"
SKIP = ("script", "style", "code", "pre", "textarea")
TAG_RE = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
UNITS = r"%|€|Ko|Mo|kg|g|t|tonnes?|m2|m²|m3|m³|km|ans?|jours?|mois|semaines?|heures?|h|repas|°C|litres?|L"
RULES = [
    (re.compile(r" ([;?!])"), NNBSP + r"\1"),          # fine space before ; ? !
    (re.compile(r" :(?=\s|$)"), NBSP + ":"),            # space before a colon (not in « 8:30 » or addresses)
    (re.compile(r"« "), "«" + NBSP),
    (re.compile(r" »"), NBSP + "»"),
    (re.compile(r"(?<=\d) (?=\d{3}(?!\d))"), NNBSP),   # 1 000
    (re.compile(rf"(?<=\d) (?=(?:{UNITS})(?![\w]))"), NNBSP),  # 50 %, 20 kg, 3 ans
    (re.compile(r"\b(n°|art\.|p\.) (?=\d)"), r"\1" + NBSP),  # n° 2024-134, art. 58
]


TRIGGER = re.compile(r"[\d«»;:?!]")  # text without any of these has nothing to change


def french_spaces(text: str) -> str:
    if not TRIGGER.search(text):
        return text
    for pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    return text


def apply(html: str) -> str:
    out, skipping = [], None
    for piece in TAG_RE.split(html):
        if piece.startswith("<"):
            m = re.match(r"<\s*(/)?\s*([a-zA-Z0-9]+)", piece)
            name = m.group(2).lower() if m else ""
            if name in SKIP and not piece.endswith("/>"):
                skipping = None if m.group(1) else name
            out.append(piece)
        else:
            out.append(piece if skipping else french_spaces(piece))
    return "".join(out)


def apply_to_site(site: Path) -> None:
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        new = apply(html)
        if new != html:
            page.write_text(new, encoding="utf-8")
