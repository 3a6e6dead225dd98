"""One page per entry, written into docs/ already rendered, before the generator collects its files.

`define_env` calls `write_stubs` (MkDocs runs it before reading docs/); `python -m macros.pages` does the same
for a generator that would read docs/ first (Zensical). The folders are generated (see .gitignore): a contributor
adds one YAML file, never a page. Each page carries `render_macros: false`: the generator does not compile it as a
template again.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .model import Base
from .outputs import ENTRY_PAGES, entry_url
from .render import clauses, downloads, entries, search, tooltips, watch
from .render.html import spaced
from .render.obligations import text_rates
from .render.report import report_link
from .settings import ROOT, data_root, pdf_enabled

MARK = "<!-- page générée par macros/pages.py à partir de data/ : ne pas modifier -->"

PREFIXES = {"clauses": "Clause type : ", "veille": "", "retours": "Retour d'expérience : "}
WITHDRAWN_PREFIXES = {"clauses": "Clause retirée : ", "retours": "Retour d'expérience retiré : "}


def title_of(kind: str, entry: dict, withdrawn: bool = False) -> str:
    """Page title (browser tab, search results): says what kind of entry it is, and whether it is withdrawn."""
    title = (entry.get("titre_court") or entry["titre"]) if kind == "veille" else entry["titre"]
    return (WITHDRAWN_PREFIXES if withdrawn else PREFIXES)[kind] + title


def card(base: Base, kind: str, entry_id: str, here: str, pdf: bool) -> str:
    """The HTML of an entry's page; `here`: where its relative links start from (see `macros.link_base`)."""
    if kind == "clauses":  # a withdrawn clause has no download
        files = "" if base.is_withdrawn(kind, entry_id) else downloads.clause_files(here, entry_id, pdf)
        return clauses.clause_card(base, here, base.entry(kind, entry_id), files)
    if kind == "veille":
        return watch.text_card(base, here, base.veille[entry_id], text_rates(base, here, entry_id))
    return entries.retour_card(base, here, base.entry(kind, entry_id))


def stub(kind: str, entry: dict, body: str, withdrawn: bool = False) -> str:
    """A withdrawn entry keeps its page, out of the search index (its lists no longer offer it either:
    overrides/main.html reads `search.exclude`)."""
    excluded = "search:\n  exclude: true\n" if withdrawn else ""
    # JSON strings are valid YAML scalars: the title cannot break the front matter
    return (f"---\ntitle: {json.dumps(title_of(kind, entry, withdrawn), ensure_ascii=False)}\n{excluded}"
            f"render_macros: false\n---\n{MARK}\n\n{body}\n")


def body(base: Base, terms, kind: str, entry_id: str, here: str, pdf: bool) -> str:
    """The page's content: its card, with the glossary's tooltips."""
    entry = base.entry(kind, entry_id)
    return (search.facets(base, kind, entry) + tooltips.annotate(spaced(card(base, kind, entry_id, here, pdf)), terms)
            + report_link(kind, entry_id, title_of(kind, entry)))


def write_stubs(docs: Path, base: Base, terms, pdf: bool = False, from_folder: bool = False) -> None:
    """Write each entry's page (only when it changed, so that `mkdocs serve` does not loop) and remove stale ones.
    `terms`: the glossary matcher (tooltips); `from_folder`: relative links start from the Markdown file's folder
    (Zensical), not from the page's URL (MkDocs)."""
    for kind, folder in ENTRY_PAGES.items():
        (docs / folder).mkdir(exist_ok=True)
        every = base.every(kind)  # withdrawn entries keep their page
        for path in (docs / folder).glob("*.md"):
            if path.stem not in every:
                path.unlink()
        for entry_id, entry in every.items():
            here = f"{folder}/" if from_folder else entry_url(kind, entry_id)
            content = body(base, terms, kind, entry_id, here, pdf)
            path = docs / folder / f"{entry_id}.md"
            text = stub(kind, entry, content, base.is_withdrawn(kind, entry_id))
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")


def main() -> int:
    """For Zensical, which lists docs/ before calling define_env: links from the Markdown file's folder."""
    from .errors import InvalidData
    from .model import load_base
    try:
        base = load_base(data_root())
        write_stubs(ROOT / "docs", base, tooltips.glossary_matcher(base), pdf_enabled(), from_folder=True)
    except InvalidData as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
