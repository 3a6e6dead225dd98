"""One page per entry: thin Markdown stubs written into docs/ before the generator collects its files.

`define_env` calls `write_stubs` (MkDocs runs it before reading docs/); `python -m macros.pages` does the same
for a generator that would read docs/ first. The folders are generated (see .gitignore): a contributor adds
one YAML file, never a page.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .model import Base

# kind → (folder of its pages under docs/, macro that renders one entry, search boost)
ENTRY_PAGES = {"clauses": ("clauses", "fiche_clause", 2), "veille": ("veille", "fiche_texte", 1.5),
               "retours": ("retours", "fiche_retour", 1)}
MARK = "<!-- page générée par macros/pages.py à partir de data/ : ne pas modifier -->"


def entry_url(kind: str, entry_id: str) -> str:
    return f"{ENTRY_PAGES[kind][0]}/{entry_id}/"


PREFIXES = {"clauses": "Clause type : ", "veille": "", "retours": "Retour d'expérience : "}
WITHDRAWN_PREFIXES = {"clauses": "Clause retirée : ", "retours": "Retour d'expérience retiré : "}


def title_of(kind: str, entry: dict, withdrawn: bool = False) -> str:
    """Page title (browser tab, search results): says what kind of entry it is, and whether it is withdrawn."""
    title = (entry.get("titre_court") or entry["titre"]) if kind == "veille" else entry["titre"]
    return (WITHDRAWN_PREFIXES if withdrawn else PREFIXES)[kind] + title


def stub(kind: str, entry: dict, withdrawn: bool = False) -> str:
    """A withdrawn entry keeps its page, out of the search index (its lists no longer offer it either)."""
    _, macro, boost = ENTRY_PAGES[kind]
    search = "exclude: true" if withdrawn else f"boost: {boost}"
    # JSON strings are valid YAML scalars: the title cannot break the front matter
    return (f"---\ntitle: {json.dumps(title_of(kind, entry, withdrawn), ensure_ascii=False)}\nsearch:\n  {search}\n---\n"
            f"{MARK}\n\n"
            f'{{{{ {macro}("{entry["id"]}") }}}}\n')


def write_stubs(docs: Path, base: Base) -> None:
    """Write each entry's stub (only when it changed, so that `mkdocs serve` does not loop) and remove stale ones."""
    for kind, (folder, _, _) in ENTRY_PAGES.items():
        target = docs / folder
        target.mkdir(exist_ok=True)
        entries = base.every(kind)  # withdrawn entries keep their page
        for entry_id, entry in entries.items():
            path, text = target / f"{entry_id}.md", stub(kind, entry, base.is_withdrawn(kind, entry_id))
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
        for path in target.glob("*.md"):
            if path.stem not in entries:
                path.unlink()


def main() -> int:
    from . import ROOT, data_root
    from .errors import InvalidData
    from .model import load_base
    try:
        write_stubs(ROOT / "docs", load_base(data_root()))
    except InvalidData as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
