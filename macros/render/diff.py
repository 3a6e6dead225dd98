"""Word-level comparison of two wordings: deleted words in <del>, inserted words in <ins>, each announced to screen
readers (« début de suppression »…) and marked by more than colour (struck through, underlined: site.css)."""
from __future__ import annotations

import difflib
import re

from .html import escape

TOKEN_RE = re.compile(r"\s+|[^\s]+")


def _marked(tag: str, words: list[str], label: str) -> str:
    text = "".join(words)
    if not text.strip():
        return str(escape(text))
    return (f'<{tag}><span class="visuellement-cache">[{label} : </span>{escape(text)}'
            f'<span class="visuellement-cache">]</span></{tag}>')


def word_diff(old: str, new: str) -> str:
    """The new wording with what changed since the old one marked, word by word (spaces and line breaks kept)."""
    before, after = TOKEN_RE.findall(old or ""), TOKEN_RE.findall(new or "")
    out = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(str(escape("".join(after[j1:j2]))))
            continue
        if op in ("delete", "replace"):
            out.append(_marked("del", before[i1:i2], "supprimé"))
        if op in ("insert", "replace"):
            out.append(_marked("ins", after[j1:j2], "ajouté"))
    return "".join(out).replace("\n", "<br>")


def as_text(value) -> str:
    """A field as text to compare: lists one item per line."""
    if isinstance(value, list):
        return "\n".join(as_text(v) for v in value)
    if isinstance(value, dict):
        return "\n".join(f"{k} : {as_text(v)}" for k, v in value.items())
    return "" if value is None else str(value)
