"""Accent folding for the search of Material (`search/search_index.json`) and of Zensical (`search.json`):
« reemploi » finds « réemploi »; neither folds accents by itself."""
from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

WORD_RE = re.compile(r"\w+")
TAG_RE = re.compile(r"<[^>]+>")
FOLDED_RE = re.compile(r'<span hidden="hidden">[^<]*</span>$')  # added by a previous run: replaced, not repeated


@cache
def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _folded_words(docs) -> list[str]:
    """For each section, its accented words without their accents (an empty text when there are none)."""
    found = []
    for doc in docs:
        plain = f"{doc.get('title', '')} {doc.get('text', '')}"
        if "<" in plain:
            plain = TAG_RE.sub(" ", plain)
        found.append(" ".join(sorted({folded for w in set(WORD_RE.findall(plain))
                                      if not w.isascii() and (folded := fold(w)) != w})))
    return found


def add_folded_words(index_file: Path) -> None:
    """Append, hidden from display, the unaccented form of each accented word of a section (`hidden="hidden"`:
    Zensical's search results drop an empty `hidden` attribute and would show the words)."""
    index = json.loads(index_file.read_text(encoding="utf-8"))
    docs = index.get("docs") or index.get("items") or []  # sections: "docs" (MkDocs), "items" (Zensical)
    for doc in docs:
        doc["text"] = FOLDED_RE.sub("", doc.get("text", ""))
    for doc, extra in zip(docs, _folded_words(docs)):
        if extra:
            doc["text"] = f'{doc.get("text", "")}<span hidden="hidden">{extra}</span>'
    index_file.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
