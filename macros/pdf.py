"""Partners' PDFs, made with WeasyPrint from the built pages (no site chrome), at build time."""
from __future__ import annotations

import gc
import logging
import posixpath
import zlib
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import lxml.etree
import lxml.html
import pydyf
from markupsafe import escape
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from .catalogue import Document, Part, documents
from .model import Base
from .outputs import ENTRY_PAGES, PDF_FOLDER
from .render.labels import french_date
from .settings import is_loopback

PDF_DIR = Path(__file__).resolve().parent / "pdf_style"
ENTRY_FOLDERS = tuple(f"{folder}/" for folder in ENTRY_PAGES.values())
LICENCE = "Licence Ouverte 2.0 (Etalab)"
CHROME = ("//a[contains(@class,'headerlink')]", "//form", "//button", "//script", "//nav",
          "//*[contains(@class,'md-content__button')]", "//*[contains(@class,'md-source-file')]",
          "//*[contains(@class,'telechargement-pdf')]", "//*[contains(@class,'telechargement-clause')]",
          # on paper: no calculator (a tool of the site: a paragraph that only links to it), no empty paragraph
          "//*[contains(@class,'vers-calculateur')]",
          "//p[count(*)=1 and a[contains(@href,'calculateur/')] and normalize-space()=normalize-space(a)]",
          "//p[not(*) and not(normalize-space())]")
# elements without any effect on paper, unwrapped (their text kept): glossary tooltips, dates for machines,
# comments (a sixth of the compendium's elements, as many boxes fewer to lay out); spans without attributes too.
UNWRAPPED = ("abbr", "time", lxml.etree.Comment)


class PdfError(Exception):
    pass


def _page_references(document):
    """pydyf 0.13 lists every page for each look-up (one per tagged element and per link): quadratic in the
    number of pages, several seconds for the compendium. The same list, made once per number of pages."""
    kids = document.pages["Kids"]
    cached = getattr(document, "_page_references_made", None)
    if cached is None or cached[0] is not kids or cached[1] != len(kids):
        cached = (kids, len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        document._page_references_made = cached
    return cached[2]


if isinstance(getattr(pydyf.PDF, "page_references", None), property):
    pydyf.PDF.page_references = property(_page_references)


def _stream_data(self):
    """pydyf 0.13 compresses each stream at level 9: 1.8 s of the compendium's 30 s, for files 4 % smaller than at
    level 6 (zlib's default). The same stream, at level 6."""
    data = b"\n".join(pydyf._to_bytes(item) for item in self.stream)
    extra = pydyf.Dictionary(self.extra.copy())
    if self.compress:
        extra["Filter"] = "/FlateDecode"
        data = zlib.compress(data, 6)
    extra["Length"] = len(data)
    return b"\n".join((extra.data, b"stream", data, b"endstream"))


if pydyf.__version__ == "0.13.0":  # a newer pydyf may write its streams otherwise: left as it is
    pydyf.Stream.data = property(_stream_data)


class SiteOnlyFetcher(URLFetcher):
    """Refuses every address outside the given folders (no network, no other file)."""

    def __init__(self, roots):
        super().__init__(allowed_protocols=("file",))
        self.roots = [Path(r).resolve() for r in roots]
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        path = Path(parsed.path).resolve() if parsed.scheme == "file" else None
        if path is None or not any(path.is_relative_to(r) for r in self.roots):
            self.refused.append(url)
            raise FatalURLFetchingError(f"adresse refusée hors du site : {url}")
        return super().fetch(url, headers)


def _page_url(path: str) -> str:
    return path if path.endswith("/") else path + "/"


def _extract(site: Path, part: Part):
    file = site / part.path / "index.html"
    tree = lxml.html.parse(str(file))
    found = tree.xpath("//article[contains(concat(' ', @class, ' '), ' md-content__inner ')]")
    if not found:
        raise PdfError(f"{part.path} : contenu principal introuvable dans {file}")
    article = found[0]
    for xpath in CHROME:
        for node in article.xpath("." + xpath):
            node.drop_tree()
    for node in article.xpath(".//*[@hidden]"):
        node.drop_tree()
    lxml.etree.strip_tags(article, *UNWRAPPED)
    for node in article.xpath(".//span[not(@*)]"):
        node.drop_tag()
    section = lxml.html.Element("section")
    if part.section:
        start = article.xpath(f".//h2[@id='{part.section}']")
        if not start:
            raise PdfError(f"{part.path} : section « {part.section} » introuvable")
        heading = start[0]
        node = heading.getnext()
        title = lxml.html.Element("h1")
        title.text = part.title or heading.text_content()
        section.append(title)
        while node is not None and node.tag != "h2":
            following = node.getnext()
            section.append(node)
            node = following
    else:
        for child in list(article):
            section.append(child)
    return section


def _target(page: str, href: str):
    """(page URL, anchor) that a relative link points to, or None for an external one."""
    url, anchor = urldefrag(href)
    if urlparse(url).scheme or url.startswith(("mailto:", "//")):
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page.rstrip("/") + "/x"), url)) if url else page
    path = path.strip("/")
    return (_page_url(path) if path and path != "." else "", anchor)


def compose(doc: Document, base: Base, site: Path, site_url: str, version: str) -> str:
    sections, anchors, whole = [], {}, {}
    local = is_loopback(site_url)  # a preview (make serve) with PDFs
    for i, part in enumerate(doc.parts):
        prefix, page = f"p{i}", _page_url(part.path)
        section = _extract(site, part)
        for node in section.xpath(".//*[@id]"):
            anchors[(page, node.get("id"))] = f"{prefix}-{node.get('id')}"
            node.set("id", f"{prefix}-{node.get('id')}")
        kind = "partie entree" if page.startswith(ENTRY_FOLDERS) else "partie"
        section.set("class", f"{kind} groupee" if part.group else kind)
        section.set("id", prefix)
        if part.group and (i == 0 or doc.parts[i - 1].group != part.group):  # one bookmark over the group
            marker = lxml.html.Element("div", {"class": "groupe", "data-groupe": part.group})
            section.insert(0, marker)
        if not part.section:
            whole.setdefault(page, prefix)
        sections.append((page, section))
    # links jump inside the PDF when their target is in it, otherwise to the site
    for page, section in sections:
        for a in section.xpath(".//a[@href]"):
            target = _target(page, a.get("href"))
            if target is None:
                continue
            path, anchor = target
            if anchor and (path, anchor) in anchors:
                a.set("href", f"#{anchors[(path, anchor)]}")
            elif not anchor and path in whole:
                a.set("href", f"#{whole[path]}")
            elif local:  # a preview build: no local address in a PDF, the link becomes plain text
                a.attrib.pop("href")
                if not a.get("id"):
                    a.drop_tag()
            else:
                a.set("href", site_url + path + (f"#{anchor}" if anchor else ""))
    toc = []
    for page, s in sections:
        entry = page.startswith(ENTRY_FOLDERS)  # an entry's own page: its title only
        for n, h in enumerate(s.xpath(".//h1" if entry else ".//h1|.//h2")):
            if not h.get("id"):
                h.set("id", f"{s.get('id')}-titre-{n}")
            level = 1 if h.tag == "h1" else 2
            toc.append(f'<li class="niveau-{level}"><a href="#{escape(h.get("id"))}">{escape(h.text_content().strip())}</a></li>')
    body = "".join(lxml.html.tostring(s, encoding="unicode") for _, s in sections)
    edition = french_date(base.today)
    return f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{escape(doc.title)}</title>
<meta name="author" content="Mission d'appui aux clauses circulaires et environnementales en Île-de-France">
<meta name="description" content="{escape(doc.subtitle)}"><meta name="version-du-contenu" content="{escape(version)}">
<link rel="stylesheet" href="pdf.css"></head><body data-edition="Édition du {edition}">
<div class="couverture"><p class="organisme">Achats circulaires Île-de-France</p><h1>{escape(doc.title)}</h1>
<p class="sous-titre">{escape(doc.subtitle)}</p><dl>
<dt>Édition</dt><dd>{edition}</dd>
<dt>Licence</dt><dd>{LICENCE}</dd>{"" if local else f'<dt>Site</dt><dd><a href="{escape(site_url)}">{escape(site_url)}</a></dd>'}</dl></div>
<nav class="sommaire"><h2>Sommaire</h2><ol>{''.join(toc)}</ol></nav>
{body}</body></html>"""


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def write_pdf(doc: Document, base: Base, site: Path, site_url: str, version: str) -> None:
    """Write one PDF; raise PdfError saying what went wrong."""
    target = site / PDF_FOLDER / doc.filename
    fetcher = SiteOnlyFetcher([PDF_DIR, site])
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    # WeasyPrint makes millions of objects, most of them in reference cycles: the cycle collector, run again
    # and again as they pile up, took a sixth of the time. Off while the PDF is made, then one collection.
    collecting = gc.isenabled()
    gc.disable()
    try:
        html = compose(doc, base, site, site_url, version)
        HTML(string=html, base_url=PDF_DIR.as_uri() + "/", url_fetcher=fetcher).write_pdf(
            target, pdf_tags=True, custom_metadata=True)
    finally:
        logger.removeHandler(collect)
        if collecting:
            gc.enable()
            gc.collect()
    if fetcher.refused or collect.messages:
        raise PdfError("; ".join(fetcher.refused + collect.messages))
    if not target.exists() or target.stat().st_size == 0:
        raise PdfError("fichier vide")


def jobs(base: Base, site: Path, site_url: str, version: str, only=None) -> list[tuple]:
    """One job per PDF (or per PDF whose slug is in `only`), the longest first (macros/forked.py)."""
    site_url = site_url.rstrip("/") + "/"
    (site / PDF_FOLDER).mkdir(exist_ok=True)
    docs = [d for d in documents(base) if only is None or d.slug in only]
    docs.sort(key=lambda d: -sum(1 if p.section else 3 for p in d.parts))
    return [(d.path, write_pdf, d, base, site, site_url, version) for d in docs]
