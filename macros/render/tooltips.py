"""Glossary tooltips: the first occurrence of each term found in text nodes is wrapped in <abbr title>."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Base
from .html import attr_text

SKIP_TAGS = {"a", "abbr", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "button", "option", "label",
             "select", "textarea", "script", "style", "dt", "mark", "time", "th"}

TAG_RE = re.compile(r"(<[^>]*>)")
TAG_NAME_RE = re.compile(r"<\s*(/)?\s*([a-zA-Z0-9]+)")
CACHE_CHARS = 20_000_000  # texts remembered at most (in characters), so that a very large base stays in memory


def _trie(words) -> str | None:
    """The words as one regex, one alternation per character (longest continuation first): the same match as
    the words tried longest first, about three times faster. None when two sibling characters are the same
    letter for a case-insensitive regex (the two forms would then not be equivalent)."""
    root: dict = {}
    for word in words:
        if len(word.lower()) != len(word):
            return None
        node = root
        for char in word.lower():
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node):
        chars = sorted(c for c in node if c)
        if any(re.fullmatch(re.escape(a), b, re.IGNORECASE) for i, a in enumerate(chars) for b in chars[i + 1:]):
            raise ValueError
        alternatives = [re.escape(c) + build(node[c]) for c in chars]
        body = alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"
        return "" if not alternatives else (f"(?:{body})?" if "" in node else body)

    try:
        return build(root)
    except ValueError:
        return None


@dataclass
class Matcher:
    regex: re.Pattern
    abbrs: dict  # abbreviation → tip, matched in its exact case
    terms: dict  # lower-case term → tip
    done: dict = field(default_factory=dict)  # text → annotated text (list pages repeat entry texts)
    done_chars: int = 0
    titles: dict = field(default_factory=dict)  # tip → its attribute text
    short: dict = field(default_factory=dict)  # lower-case term → its abbreviation, when it has one

    def wrap(self, match) -> str:
        word = match.group(0)
        tip = self.abbrs.get(word) or self.terms.get(word.lower())
        if not tip:
            return word
        if tip not in self.titles:
            self.titles[tip] = attr_text(tip)
        return f'<abbr title="{self.titles[tip]}">{word}</abbr>'

    def annotate_text(self, text: str) -> str:
        if text in self.done:
            return self.done[text]
        if not self.regex.search(text):
            out = text
        elif "#" not in text:  # no heading line: one pass over the whole text
            out = self.regex.sub(self.wrap, text)
        else:  # Markdown heading lines stay plain (their text feeds the table of contents).
            out = "\n".join(line if line.lstrip().startswith("#") else self.regex.sub(self.wrap, line)
                            for line in text.split("\n"))
        if self.done_chars > CACHE_CHARS:
            self.done.clear()
            self.done_chars = 0
        self.done[text] = out
        self.done_chars += len(text)
        return out


def glossary_matcher(base: Base) -> Matcher | None:
    """Abbreviations match their exact case, terms any case; longest first."""
    abbrs, terms, short = {}, {}, {}
    for term in base.glossaire.values():
        tip = term["definition"] if len(term["definition"]) <= 300 else term["definition"][:297].rsplit(" ", 1)[0] + "…"
        if term.get("abreviation"):
            abbrs[term["abreviation"]] = tip
            short[term["terme"].lower()] = term["abreviation"]
        terms.setdefault(term["terme"].lower(), tip)
    words = sorted(set(abbrs) | set(terms), key=len, reverse=True)
    if not words:
        return None
    alternatives = _trie(words) or "|".join(re.escape(w) for w in words)
    firsts = "".join(sorted({re.escape(w[0]) for w in words}))  # a quick test before the alternatives
    pattern = rf"(?<![\w-])(?=[{firsts}])(?:{alternatives})(?![\w-])"
    return Matcher(re.compile(pattern, re.IGNORECASE), abbrs, terms, short=short)


WRAPPED_RE = re.compile(r'<abbr title="([^"]*)">([^<]*)</abbr>')


def first_only(html: str) -> str:
    """Keep the tooltip of each definition on its first occurrence only: a screen reader does not read the same
    definition again at every occurrence, and a long list page does not carry it hundreds of times."""
    seen = set()

    def keep(match: re.Match) -> str:
        if match.group(1) in seen:
            return match.group(2)
        seen.add(match.group(1))
        return match.group(0)

    return WRAPPED_RE.sub(keep, html) if "<abbr" in html else html


def annotate(html: str, matcher: Matcher | None) -> str:
    """Wrap the first occurrence of each glossary term found in text nodes (outside links, headings, code…) in
    <abbr title>."""
    if matcher is None:
        return html
    out, skip = [], []
    pieces = TAG_RE.split(html)
    for piece in pieces:
        if piece.startswith("<"):
            m = TAG_NAME_RE.match(piece)
            name = m.group(2).lower() if m else ""
            if name in SKIP_TAGS and not piece.endswith("/>"):
                if m.group(1):
                    if skip and skip[-1] == name:
                        skip.pop()
                else:
                    skip.append(name)
            out.append(piece)
        else:
            out.append(piece if skip or not piece.strip() else matcher.annotate_text(piece))
    # the words of the page as written: not those of the definitions just put in the tooltips
    return first_only("".join(out)) + search_words(pieces, matcher)


def search_words(pieces, matcher: Matcher) -> str:
    """The abbreviations of the terms written in full, for the search (Pagefind indexes the attribute, which no one
    sees or hears): « HVE » finds the pages that say « haute valeur environnementale »."""
    text = " ".join(p for p in pieces if not p.startswith("<"))
    lower = text.lower()
    found = sorted({abbr for term, abbr in matcher.short.items() if term in lower and abbr not in text})
    if not found:
        return ""
    # a paragraph of its own: whatever follows (a block, a paragraph) stays valid HTML
    return ('\n\n<p hidden data-pagefind-index-attrs="data-abreviations" '
            f'data-abreviations="{attr_text(" ".join(found))}"></p>\n\n')
