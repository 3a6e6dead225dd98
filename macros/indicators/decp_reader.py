"""The DECP document, {"marches": {"marche": [...], "contrat-concession": [...]}}, made readable by DuckDB one
contract per row, without loading the national file (about 1.5 million contracts) in memory.

Fast path: the document holds one list, ending the file; its bytes are copied as a bare JSON array (DuckDB reads
arrays, not a list nested in an object). Otherwise (both lists, or DuckDB finds malformed JSON), the slow path reads
the document with Python's JSON decoder, one contract at a time, writes one contract per line and keeps each one's
line number; a malformed document stops there with a French error naming the file and the line."""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .decp_schema import KINDS
from .errors import SourceError, shown

CHUNK = 1 << 24
WS = re.compile(r"[ \t\n\r]*")
SHAPE = 'un document JSON de la forme {"marches": {"marche": [...]}} (schéma DECP 2.0.3)'
FIX = ("téléchargez le fichier au format JSON réglementaire 2.0 des données essentielles (le format 1.x d'avant 2024, "
       "où « marches » est une liste, n'est pas lu)")


@dataclass
class Part:
    kind: str
    path: Path
    fmt: str  # "array" (fast path) or "newline_delimited" (slow path)
    lines: Path | None = None  # slow path: CSV of (element number, line)


class _Text:
    """Chunked text of the file with the line number of any position."""

    def __init__(self, path: Path):
        self.path = path
        self.file = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 (read chunk by chunk, closed by its user)
        self.buf, self.pos, self.eof = "", 0, False
        self.line, self.counted = 1, 0  # line of position `counted`

    def more(self) -> bool:
        if self.eof:
            return False
        self.line_at(self.pos)
        self.buf, self.counted, self.pos = self.buf[self.pos:], self.counted - self.pos, 0
        try:
            chunk = self.file.read(CHUNK)
        except UnicodeDecodeError as exc:
            raise SourceError(self.path, None, "un fichier encodé en UTF-8", f"l'octet {exc.object[exc.start:exc.start + 1]!r}",
                              "enregistrez le fichier en UTF-8") from None
        self.eof = not chunk
        self.buf += chunk
        return not self.eof

    def line_at(self, pos: int) -> int:
        if pos >= self.counted:
            self.line += self.buf.count("\n", self.counted, pos)
            self.counted = pos
        return self.line

    def skip(self) -> str:
        """Skip white space; the next character ('' at the end)."""
        while True:
            self.pos = WS.match(self.buf, self.pos).end()
            if self.pos < len(self.buf) or not self.more():
                return self.buf[self.pos:self.pos + 1]

    def error(self, expected: str, element: int | None = None, fix: str = FIX):
        raise SourceError(self.path, self.line_at(self.pos), expected, shown(self.buf[self.pos:self.pos + 60]), fix, element)

    def expect(self, char: str, expected: str):
        if self.skip() != char:
            self.error(expected)
        self.pos += 1

    def closed(self, close: str, expected: str, element: int | None = None) -> bool:
        """After an item: True at the closing character, False after a comma, an error otherwise."""
        sep = self.skip()
        self.pos += 1
        if sep == close:
            return True
        if sep != ",":
            self.pos -= 1
            self.error(expected, element)
        return False

    def key(self, expected: str) -> str:
        if self.skip() != '"':
            self.error(expected)
        value, end = self.decode()
        if not isinstance(value, str):
            self.error(expected)
        self.pos = end
        self.expect(":", "« : » après le nom de clé")
        return value

    def decode(self, element: int | None = None):
        while True:
            try:
                return json.JSONDecoder().raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if len(self.buf) - exc.pos < (1 << 20) and not self.eof:
                    self.more()  # perhaps only cut by the chunk's end: decode again (positions move)
                    continue
                self.pos = exc.pos
                self.error(f"du JSON valide ({exc.msg})", element,
                           "corrigez la syntaxe JSON à cet endroit (virgule, guillemet ou accolade)")


def _head(path: Path) -> tuple[str, int]:
    """The first list's kind and the byte offset of its « [ », read from the start of the file."""
    text = _Text(path)
    text.expect("{", SHAPE)
    if text.key(SHAPE) != "marches":
        text.error(SHAPE)
    text.expect("{", "un objet après « marches »")
    kind = text.key("« marche » ou « contrat-concession »")
    if kind not in KINDS:
        text.error("« marche » ou « contrat-concession »")
    if text.skip() != "[":
        text.error(f"une liste après « {kind} »")
    offset = len(text.buf[:text.pos].encode("utf-8")) + (3 if _bom(path) else 0)
    text.file.close()
    return kind, offset


def _bom(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(3) == b"\xef\xbb\xbf"


def _tail(path: Path) -> int | None:
    """Byte offset of the last « ] » when the file ends with « ] } } »."""
    size = path.stat().st_size
    with open(path, "rb") as f:
        f.seek(max(0, size - 4096))
        end = f.read()
    match = re.search(rb"\][ \t\r\n]*\}[ \t\r\n]*\}[ \t\r\n]*\Z", end)
    return size - len(end) + match.start() if match else None


def fast(path: Path, workdir: Path) -> list[Part] | None:
    """The single list copied as a bare JSON array, or None when the document holds more than one list (or its end
    is not where a single list would end: the slow path then says what is wrong)."""
    kind, start = _head(path)
    end = _tail(path)
    if end is None or end < start:
        return None
    target = workdir / f"{kind}.json"
    with open(path, "rb") as src, open(target, "wb") as dst:
        remaining, offset = end + 1 - start, start
        while remaining:
            sent = os.copy_file_range(src.fileno(), dst.fileno(), min(remaining, 1 << 30), offset)
            if not sent:
                break
            remaining, offset = remaining - sent, offset + sent
    return [Part(kind, target, "array")]


def slow(path: Path, workdir: Path) -> list[Part]:
    """Every list of the document, one contract per line, with each one's line number."""
    text = _Text(path)
    _head(path)  # same messages as the fast path for a wrong start
    text.expect("{", SHAPE)
    text.key(SHAPE)
    text.expect("{", "un objet après « marches »")
    parts: dict[str, Part] = {}
    outputs = {}
    counts = dict.fromkeys(KINDS, 0)
    while True:
        kind = text.key("« marche » ou « contrat-concession »")
        if kind not in KINDS:
            text.error("« marche » ou « contrat-concession »")
        if kind not in parts:
            parts[kind] = Part(kind, workdir / f"{kind}.ndjson", "newline_delimited", workdir / f"{kind}-lignes.csv")
            outputs[kind] = (open(parts[kind].path, "w", encoding="utf-8"),  # noqa: SIM115 (closed at the end)
                             open(parts[kind].lines, "w", encoding="utf-8"))  # noqa: SIM115
        data, lines = outputs[kind]
        text.expect("[", f"une liste après « {kind} »")
        if text.skip() == "]":
            text.pos += 1
        else:
            while True:
                counts[kind] += 1
                text.skip()
                line = text.line_at(text.pos)
                _value, end = text.decode(counts[kind])
                data.write(text.buf[text.pos:end].replace("\n", " ").replace("\r", " ") + "\n")
                lines.write(f"{counts[kind]},{line}\n")
                text.pos = end
                if text.closed("]", "« , » ou « ] » entre deux contrats", counts[kind]):
                    break
        if text.closed("}", "« , » ou « } » après une liste de contrats"):
            break
    text.expect("}", "« } » qui ferme le document")
    if text.skip():
        text.error("la fin du fichier après le document")
    for data, lines in outputs.values():
        data.close()
        lines.close()
    text.file.close()
    return list(parts.values())
