"""Files derived from the data and the built pages, independent of the site generator.

One entry point, `write_outputs`: MkDocs calls it at the end of a build (`on_post_build`); after another
generator (Zensical), `python -m macros.derive SITE_DIR` does the same. The work is shared between the cores by
one mechanism (macros/forked.py): first the final pages and the files made from the data, then the PDFs and clause
files.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from babel.numbers import format_decimal

from . import feeds, finish, forked, headers, opendata, packs, reporting, search_index
from .errors import DeriveError
from .model import Base, content_version
from .outputs import ATOM_FEED, CALENDAR, CHANGES_FEED, PREPARE_CLAUSES, PREPARE_DATA, family_feed
from .render import prepare
from .settings import data_root, pdf_enabled, site_url, url_problem

TAILLE_RE = re.compile(r'data-taille="([^"]+)">[^<]*<')


def file_size(size: int) -> str:
    """French size that reads right for small files: « 24 Ko », « 1,3 Mo »."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))}\u202fKo"
    return format_decimal(size / 1_000_000, format="#,##0.0", locale="fr_FR") + "\u202fMo"


def _rewrite(page: Path, change) -> None:
    """Apply `change` to a page's HTML; write it back only if it changed."""
    html = page.read_text(encoding="utf-8")
    new = change(html)
    if new != html:
        page.write_text(new, encoding="utf-8")


def finish_pages(pages) -> set[str]:
    """Each built page made final (macros/finish.py); returns the hashes of the inline scripts of all pages."""
    hashes: set[str] = set()

    def change(html: str) -> str:
        final, found = finish.page(html)
        hashes.update(found)
        return final

    for page in pages:
        _rewrite(page, change)
    return hashes


def fill_download_sizes(pages, made) -> None:
    """Write each derived file's size wherever a page links to it (sizes are known only after generation)."""
    sizes = {key: f"({file_size(path.stat().st_size)})" for key, path in made}
    for page in pages:
        _rewrite(page, lambda html: TAILLE_RE.sub(
            lambda m: f'data-taille="{m.group(1)}">{sizes.get(m.group(1), "—")}<', html))


def write_data_files(site: Path, base: Base, url: str, root: Path, data_files: bool = True, pdf: bool = False) -> None:
    """Clause texts of « Préparer mon marché »; Atom feed, calendar, open data: made from the data alone."""
    (site / PREPARE_CLAUSES).parent.mkdir(parents=True, exist_ok=True)
    (site / PREPARE_CLAUSES).write_text(json.dumps(packs.dossier_data(base, url), ensure_ascii=False), encoding="utf-8")
    reporting.write_kit_data(base, site)
    (site / PREPARE_DATA).write_text(json.dumps(prepare.page_data(base, pdf), ensure_ascii=False, separators=(",", ":")),
                                     encoding="utf-8")
    if not data_files:
        return
    (site / ATOM_FEED).write_bytes(feeds.atom(base, url))
    (site / CHANGES_FEED).parent.mkdir(parents=True, exist_ok=True)
    (site / CHANGES_FEED).write_bytes(feeds.changes(base, url))
    for family in base.familles:
        (site / family_feed(family)).write_bytes(feeds.changes(base, url, family))
    (site / CALENDAR).write_bytes(feeds.calendar(base, url))
    opendata.write_open_data(base, site, url, content_version(root))
    opendata.write_indicator_tables(base, site)


PAGE_SHARES = 3  # with the data files, four jobs: the two cores end together


def write_outputs(site: Path, base: Base, url: str, pdf: bool, root: Path, data_files: bool = True) -> None:
    """Final pages (typography, security policy); Atom feed, calendar, open data and the search index (not in a
    preview: `data_files` False); for a complete build, PDFs and clause files for tender documents, with their
    sizes; security headers files. Raises DeriveError naming what could not be written."""
    pages = sorted(site.rglob("*.html"))
    shares = [(f"pages finales ({i + 1} sur {PAGE_SHARES})", finish_pages, pages[i::PAGE_SHARES])
              for i in range(PAGE_SHARES)]
    data = ("flux, calendrier, données ouvertes", write_data_files, site, base, url, root,
            data_files, pdf)
    _, *found = forked.run([data, *shares])  # before the PDFs, which are made from the final pages
    hashes = set().union(*found)
    if data_files:
        search_index.write_index(site)  # from the final pages
    if pdf:
        from . import pdf as pdfs
        office, made = packs.jobs(base, site, url)
        kits, kits_made = reporting.jobs(base, site, url)
        documents = pdfs.jobs(base, site, url, content_version(root))
        forked.run(documents + office + kits)  # the PDFs first, the longest first: both cores end together
        made += kits_made
        made += [(name, site / name) for name, *_ in documents]
        fill_download_sizes(pages, made)
    headers.write_headers_files(site, hashes)


def main(argv=None) -> int:
    from .errors import InvalidData
    from .model import load_base
    parser = argparse.ArgumentParser(description="Écrit les fichiers dérivés d'un site déjà construit.")
    parser.add_argument("site", type=Path, help="dossier du site construit (ex. site)")
    parser.add_argument("--url", default=site_url(), help="adresse publique du site")
    args = parser.parse_args(argv)
    problem = url_problem(args.url)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    try:
        base = load_base(data_root())
        write_outputs(args.site, base, args.url, pdf_enabled(), data_root())
    except (InvalidData, DeriveError) as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
