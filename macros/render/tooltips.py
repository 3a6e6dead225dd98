"""Glossary tooltips: terms found in text nodes are wrapped in <abbr title>."""
from __future__ import annotations

import re

from ..model import Base
from .html import attr_text

SKIP_TAGS = {"a", "abbr", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "button", "option", "label",
             "select", "textarea", "script", "style", "dt", "mark", "time", "th"}

TAG_RE = re.compile(r"(<[^>]*>)")

def glossary_matcher(base: Base):
    """(regex, abbreviations, terms): abbreviations match their exact case, terms any case; longest first."""
    abbrs, terms = {}, {}
    for term in base.glossaire.values():
        tip = term["definition"] if len(term["definition"]) <= 300 else term["definition"][:297].rsplit(" ", 1)[0] + "…"
        if term.get("abreviation"):
            abbrs[term["abreviation"]] = tip
        terms.setdefault(term["terme"].lower(), tip)
    words = sorted(set(abbrs) | set(terms), key=len, reverse=True)
    if not words:
        return None
    pattern = rf"(?<![\w-])(?:{'|'.join(re.escape(w) for w in words)})(?![\w-])"
    return re.compile(pattern, re.IGNORECASE), abbrs, terms

def _annotate_text(text: str, matcher) -> str:
    regex, abbrs, terms = matcher

    def wrap(match):
        word = match.group(0)
        tip = abbrs.get(word) or terms.get(word.lower())
        return f'<abbr title="{attr_text(tip)}">{word}</abbr>' if tip else word

    # Markdown heading lines stay plain (their text feeds the table of contents).
    return "\n".join(line if line.lstrip().startswith("#") else regex.sub(wrap, line) for line in text.split("\n"))

def annotate(html: str, matcher) -> str:
    """Wrap glossary terms found in text nodes (outside links, headings, code…) in <abbr title>."""
    if matcher is None:
        return html
    out, skip = [], []
    for piece in TAG_RE.split(html):
        if piece.startswith("<"):
            m = re.match(r"<\s*(/)?\s*([a-zA-Z0-9]+)", piece)
            name = m.group(2).lower() if m else ""
            if name in SKIP_TAGS and not piece.endswith("/>"):
                if m.group(1):
                    if skip and skip[-1] == name:
                        skip.pop()
                else:
                    skip.append(name)
            out.append(piece)
        else:
            out.append(piece if skip or not piece.strip() else _annotate_text(piece, matcher))
    return "".join(out)
