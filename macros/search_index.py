"""The search index: Pagefind, run on the built site once its pages are final (MkDocs and Zensical alike).

Pagefind splits the index into small files that the search page fetches only when a query is typed
(ARCHITECTURE.md, « Recherche »); French stemming comes from the pages' `lang="fr"`. What the index holds is said
by the pages themselves: `data-pagefind-body` (overrides/main.html), facets (macros/render/search.py), and
`data-search-exclude` on what a result should never show (versions, identifiers, summaries of other entries).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .errors import DeriveError
from .outputs import SEARCH_FOLDER

EXCLUDED = "[data-search-exclude]"
PERMALINK = ".headerlink"  # the « ¶ » of a heading's permanent link: not a word of the page
# Pagefind's ready-made interfaces, unused: the search page has its own (docs/assets/recherche.js); its web worker,
# unused too (`noWorker` there)
UNUSED = ("pagefind-worker.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js", "wasm.unknown.pagefind")


def write_index(site: Path) -> None:
    """Index the site into `site/pagefind/`, in place of an earlier index; DeriveError if Pagefind fails."""
    shutil.rmtree(site / SEARCH_FOLDER, ignore_errors=True)
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", SEARCH_FOLDER,
               "--exclude-selectors", EXCLUDED, "--exclude-selectors", PERMALINK, "--force-language", "fr", "--silent"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode or not (site / SEARCH_FOLDER / "pagefind.js").exists():
        detail = (done.stderr or done.stdout).strip()[-800:] or "aucun message"
        raise DeriveError(f"{SEARCH_FOLDER}/ (index de recherche) : Pagefind n'a pas pu indexer le site ({detail})")
    for name in UNUSED:
        (site / SEARCH_FOLDER / name).unlink(missing_ok=True)
