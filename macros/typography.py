"""French typography in every built page: non-breaking spaces where French requires them.

Applied after the build (derive.write_outputs) to the text nodes of every HTML page, so that guides written in
Markdown, data rendered by the macros and the theme's own words all follow the same rules. Only existing spaces
are replaced; nothing inside <script>, <style>, <code>, <pre>, <textarea> or a tag is touched.
"""
from __future__ import annotations

import functools
import re
from bisect import bisect_right
from itertools import accumulate, compress

NBSP, NNBSP = "\u00a0", "\u202f"
SKIP = ("script", "style", "code", "pre", "textarea")
TAG_RE = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
UNITS = r"%|€|Ko|Mo|kg|g|t|tonnes?|m2|m²|m3|m³|km|ans?|jours?|mois|semaines?|heures?|h|repas|°C|litres?|L"
DIGIT_SPACE = re.compile(r"\d ")
# (pattern, replacement, what the text must hold for a slow pattern to match: substrings, or a regex)
RULES = [
    (re.compile(r" ([;?!])"), NNBSP + r"\1", (" ;", " ?", " !")),  # fine space before ; ? !
    (re.compile(r" :(?=\s|$)"), NBSP + ":", ()),  # space before a colon (not in « 8:30 » or addresses)
    (re.compile(r"« "), "«" + NBSP, ()),
    (re.compile(r" »"), NBSP + "»", ()),
    (re.compile(r"(?<=\d) (?=\d{3}(?!\d))"), NNBSP, DIGIT_SPACE),  # 1 000
    (re.compile(rf"(?<=\d) (?=(?:{UNITS})(?![\w]))"), NNBSP, DIGIT_SPACE),  # 50 %, 20 kg, 3 ans
    (re.compile(r"\b(n°|art\.|p\.) (?=\d)"), r"\1" + NBSP, ("n° ", "art. ", "p. ")),  # n° 2024-134, art. 58
]


TRIGGER = re.compile(r"[\d«»;:?!]")  # text without any of these has nothing to change


def french_spaces(text: str) -> str:
    if not TRIGGER.search(text):
        return text
    for pattern, replacement, needs in RULES:
        if needs.search(text) if isinstance(needs, re.Pattern) else not needs or any(n in text for n in needs):
            text = pattern.sub(replacement, text)
    return text


TAG_NAME_RE = re.compile(r"<\s*(/)?\s*([a-zA-Z0-9]+)")
# where a tag of SKIP may start (checked again below): a page is read by regexes, not piece by piece
SKIP_START_RE = re.compile(rf"<\s*/?\s*(?:{'|'.join(SKIP)})(?![a-zA-Z0-9])", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _french_spaces(text: str) -> str:  # the same header, footer and menu texts are on every page
    return french_spaces(text)


def apply(html: str) -> str:
    """Pieces as split by TAG_RE: tags (and comments), text between them. Text is changed outside SKIP elements,
    and only where TRIGGER is found; tags of SKIP open or close a skipped element."""
    pieces = TAG_RE.split(html)
    starts = list(accumulate(map(len, pieces), initial=0))
    switches = []  # (piece index, element skipped from there on, or None)
    for m in SKIP_START_RE.finditer(html):
        i = bisect_right(starts, m.start()) - 1  # the piece holding the match, read as a whole below
        piece = pieces[i]
        if not piece.endswith("/>"):
            tag = TAG_NAME_RE.match(piece)
            if tag and tag.group(2).lower() in SKIP:
                switches.append((i, None if tag.group(1) else tag.group(2).lower()))
    texts = list(compress(range(0, len(pieces), 2), map(TRIGGER.search, pieces[0::2])))
    if not texts:
        return html
    k, skipping = 0, None
    for i in texts:
        while k < len(switches) and switches[k][0] < i:
            skipping = switches[k][1]
            k += 1
        if not skipping and not pieces[i].startswith("<"):
            pieces[i] = _french_spaces(pieces[i])
    return "".join(pieces)
