"""Accent folding for Material's search: « reemploi » finds « réemploi »."""
from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

WORD_RE = re.compile(r"\w+")


@cache
def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def add_folded_words(index_file: Path) -> None:
    """Append, hidden from display, the unaccented form of each accented word of a section."""
    index = json.loads(index_file.read_text(encoding="utf-8"))
    for doc in index["docs"]:
        plain = re.sub(r"<[^>]+>", " ", f"{doc.get('title', '')} {doc.get('text', '')}")
        extra = sorted({fold(w) for w in set(WORD_RE.findall(plain)) if not w.isascii() and fold(w) != w})
        if extra:
            doc["text"] = f"{doc.get('text', '')}<span hidden>{' '.join(extra)}</span>"
    index_file.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
