"""Files derived from the data and the built pages, independent of the site generator.

One entry point, `write_outputs`: MkDocs calls it at the end of a build (`on_post_build`); after another
generator (Zensical), `python -m macros.derive SITE_DIR` does the same. Under MkDocs, the files made from the data
alone are started earlier (`start_data_files`, from define_env), on the core MkDocs leaves idle.
"""
from __future__ import annotations

import argparse
import atexit
import contextlib
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from babel.numbers import format_decimal

from . import forked
from .model import Base, content_version

DEFAULT_URL = "http://127.0.0.1:8000/"
TAILLE_RE = re.compile(r'data-taille="([^"]+)">—<')
PAGE_PARTS = 3  # jobs sharing the pages: the two cores finish together


class DeriveError(Exception):
    """A derived file could not be written: the build fails, naming it."""


def file_size(size: int) -> str:
    """French size that reads right for small files: « 24 Ko », « 1,3 Mo »."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))}\u202fKo"
    return format_decimal(size / 1_000_000, format="#,##0.0", locale="fr_FR") + "\u202fMo"


def _rewrite(page: Path, change, html: str | None = None) -> str:
    """Apply `change` to a page's HTML (read from the page if not given), write it back only if it changed; return
    the final HTML."""
    html = page.read_text(encoding="utf-8") if html is None else html
    new = change(html)
    if new != html:
        page.write_text(new, encoding="utf-8")
    return new


def _finish_one(page: Path, html: str | None, hashes: set, waiting: list) -> None:
    from . import finish
    found: set[str] = set()
    new = _rewrite(page, lambda text: finish.page(text, found), html)
    if "data-taille=" in new:
        waiting.append(page)
    else:
        hashes |= found


def finish_pages(pages) -> tuple[set[str], list[Path]]:
    """One reading of each built page, made final (macros/finish.py). Returns the hashes of the inline scripts and
    the pages that wait for download sizes (hashed once these are written)."""
    hashes, waiting = set(), []
    for page in pages:
        _finish_one(page, None, hashes, waiting)
    return hashes, waiting


def _written(page: Path, since_ns: int) -> str | None:
    """The page if MkDocs has written it whole during this build; None otherwise (not yet, left from the previous
    build, or being written)."""
    try:
        stat = page.stat()
        if stat.st_mtime_ns < since_ns:
            return None
        data = page.read_bytes()
    except FileNotFoundError:
        return None
    if len(data) != stat.st_size or not data.rstrip().endswith(b"</html>"):
        return None
    return data.decode("utf-8")


def finish_as_written(pages, since_ns: int, stop) -> tuple[set[str], list[Path], list[Path]]:
    """In a process of its own, during the build: each page made final as soon as MkDocs has written it, in the
    order MkDocs writes them. Once `stop` is set (write_outputs: every page is written), a page not found (another
    layout, a build with --dirty) is left to write_outputs. Returns the hashes, the waiting pages, the pages done."""
    hashes, waiting, done = set(), [], []
    for page in pages:
        html = _written(page, since_ns)
        while html is None and not stop.is_set():
            time.sleep(0.005)
            html = _written(page, since_ns)
        if html is not None:
            _finish_one(page, html, hashes, waiting)
            done.append(page)
    return hashes, waiting, done


def fill_download_sizes(pages, made) -> None:
    """Write each derived file's size wherever a page links to it (sizes are known only after generation)."""
    sizes = {key: f"({file_size(path.stat().st_size)})" for key, path in made}
    for page in pages:
        _rewrite(page, lambda html: TAILLE_RE.sub(
            lambda m: f'data-taille="{m.group(1)}">{sizes.get(m.group(1), "—")}<', html))


def fold_search_index(site: Path) -> None:
    from . import search_index
    for index in (site / "search" / "search_index.json", site / "search.json"):  # MkDocs, Zensical
        if index.exists():
            search_index.add_folded_words(index)


def write_data_files(folder: Path, base: Base, site_url: str, data_root: Path) -> None:
    """Atom feed, calendar, open data: made from the data alone."""
    from . import feeds, opendata
    (folder / "veille.xml").write_bytes(feeds.atom(base, site_url))
    (folder / "echeancier.ics").write_bytes(feeds.calendar(base, site_url))
    opendata.write_open_data(base, folder, site_url, content_version(data_root))


_STARTED: dict = {}  # site folder → (temporary folder, job writing the data files into it)
_FINISHING: dict = {}  # site folder → (event telling that every page is written, job finishing them meanwhile)


def _discard(folder: Path, job) -> None:
    with contextlib.suppress(Exception):  # a build that stopped before its end: nothing to report
        job.results()
    shutil.rmtree(folder, ignore_errors=True)


def _stop(stop, job) -> None:
    stop.set()
    with contextlib.suppress(Exception):
        job.results()


@atexit.register
def _discard_all() -> None:
    while _STARTED:
        _discard(*_STARTED.popitem()[1])
    while _FINISHING:
        _stop(*_FINISHING.popitem()[1])


def start_data_files(site: Path, base: Base, site_url: str, data_root: Path) -> None:
    """Write the data files in a process of their own while the generator builds the pages, into a temporary
    folder (MkDocs empties the site folder before writing the pages); `write_outputs` moves them into the site."""
    if site in _STARTED:
        _discard(*_STARTED.pop(site))
    folder = Path(tempfile.mkdtemp(prefix="achats-derives-"))
    _STARTED[site] = folder, forked.start([(write_data_files, folder, base, site_url, data_root)], background=True)


def start_finishing(site: Path, pages: list[Path]) -> None:
    """Make the pages final as MkDocs writes them (`finish_as_written`), on the core it leaves idle; `pages`: the
    pages MkDocs will write, in its order."""
    if site in _FINISHING:
        _stop(*_FINISHING.pop(site))
    stop = multiprocessing.get_context("fork").Event()
    _FINISHING[site] = stop, forked.start([(finish_as_written, pages, time.time_ns(), stop)], background=True)


def _move_into(folder: Path, site: Path) -> None:
    shutil.copytree(folder, site, dirs_exist_ok=True)
    shutil.rmtree(folder, ignore_errors=True)


def write_outputs(site: Path, base: Base, site_url: str, pdf: bool, data_root: Path) -> None:
    """Search index folding, Atom feed, calendar, open data, French typography of the pages; for a complete build,
    PDFs and clause files for tender documents, with their sizes; security headers. Work is shared between the
    cores (processes forked from this one)."""
    from . import headers
    pages = sorted(site.rglob("*.html"))
    hashes, waiting = set(), []
    if site in _FINISHING:  # MkDocs: pages made final as they were written; those left are done below
        stop, job = _FINISHING.pop(site)
        stop.set()
        hashes, waiting, done = job.results()[0]
        pages = sorted(set(pages) - set(done))
    started = _STARTED.pop(site, None)
    data_job = [] if started else [(write_data_files, site, base, site_url, data_root)]
    # on every core: the pages in a few parts (before the PDFs, which are made from them), the search index
    shares = PAGE_PARTS if len(pages) > 100 else 1
    parts = forked.run([(finish_pages, pages[i::shares]) for i in range(shares)]
                       + [(fold_search_index, site)] + data_job)[:shares]
    if started:
        started[1].results()
        _move_into(started[0], site)
    hashes = hashes.union(*(h for h, _ in parts))
    waiting += [page for _, w in parts for page in w]
    if pdf:
        from . import packs
        from . import pdf as pdfs
        jobs, made = packs.jobs(base, site)  # written by the processes that make the PDFs
        try:
            made += [(f"pdf/{d.filename}", p) for d, p in pdfs.build_pdfs(base, site, site_url, data_root, also=jobs)]
        except pdfs.PdfError as exc:
            raise DeriveError(str(exc)) from None
        fill_download_sizes(waiting, made)
    for page in waiting:
        hashes |= headers.script_hashes(page.read_text(encoding="utf-8"))
    headers.write_headers_file(site, hashes)  # last: hashes are taken from the final pages


def main(argv=None) -> int:
    from . import data_root, pdf_enabled
    from .errors import InvalidData
    from .model import load_base
    parser = argparse.ArgumentParser(description="Écrit les fichiers dérivés d'un site déjà construit.")
    parser.add_argument("site", type=Path, help="dossier du site construit (ex. site)")
    parser.add_argument("--url", default=os.environ.get("SITE_URL") or DEFAULT_URL, help="adresse publique du site")
    args = parser.parse_args(argv)
    try:
        base = load_base(data_root())
        write_outputs(args.site, base, args.url, pdf_enabled(), data_root())
    except (InvalidData, DeriveError) as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
