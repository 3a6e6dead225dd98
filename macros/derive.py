"""Files derived from the data and the built pages, independent of the site generator.

One entry point, `write_outputs`: MkDocs calls it at the end of a build (`on_post_build`); after another
generator (Zensical), `python -m macros.derive SITE_DIR` does the same.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from babel.numbers import format_decimal

from .model import Base, content_version

DEFAULT_URL = "http://127.0.0.1:8000/"
TAILLE_RE = re.compile(r'data-taille="([^"]+)">—<')


class DeriveError(Exception):
    """A derived file could not be written: the build fails, naming it."""


def file_size(size: int) -> str:
    """French size that reads right for small files: « 24 Ko », « 1,3 Mo »."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))}\u202fKo"
    return format_decimal(size / 1_000_000, format="#,##0.0", locale="fr_FR") + "\u202fMo"


def fill_download_sizes(site: Path, made) -> None:
    """Write each derived file's size wherever a page links to it (sizes are known only after generation)."""
    sizes = {key: f"({file_size(path.stat().st_size)})" for key, path in made}
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if "data-taille=" not in html:
            continue
        new = TAILLE_RE.sub(lambda m: f'data-taille="{m.group(1)}">{sizes.get(m.group(1), "—")}<', html)
        if new != html:
            page.write_text(new, encoding="utf-8")


def write_outputs(site: Path, base: Base, site_url: str, pdf: bool, data_root: Path) -> None:
    """Search index folding, Atom feed, calendar; for a complete build, PDFs and clause files for tender
    documents, with their sizes; security headers."""
    from . import feeds, headers, opendata, search_index, typography
    index = site / "search" / "search_index.json"
    if index.exists():
        search_index.add_folded_words(index)
    (site / "veille.xml").write_bytes(feeds.atom(base, site_url))
    (site / "echeancier.ics").write_bytes(feeds.calendar(base, site_url))
    opendata.write_open_data(base, site, site_url, content_version(data_root))
    typography.apply_to_site(site)  # before the PDFs, which are made from the pages
    if pdf:
        from . import packs
        from . import pdf as pdfs
        try:
            made = [(f"pdf/{d.filename}", p) for d, p in pdfs.build_pdfs(base, site, site_url, data_root)]
        except pdfs.PdfError as exc:
            raise DeriveError(str(exc)) from None
        made += packs.build_packs(base, site)
        fill_download_sizes(site, made)
    headers.write_headers_file(site)  # last: hashes are taken from the final pages


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
