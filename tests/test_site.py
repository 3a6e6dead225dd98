"""The real site, built once: nothing lost, no third-party request, links and anchors resolve."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

from conftest import ROOT, plain

from macros.schemas import allowed

FAMILIES = allowed("famille")
SECTIONS = ["enjeux", "obligations", "leviers", "clauses", "verification", "suivi-de-lexecution",
            "retours-dexperience", "acteurs"]
LIST_PAGES = {"clauses": "bibliotheque", "veille": "veille", "retours": "retours", "acteurs": "acteurs",
              "glossaire": "glossaire"}


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links, self.resources = set(), [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in ("src", "srcset", "data", "poster", "action"):
            if attrs.get(name):
                self.resources.append((tag, attrs[name]))
        if tag == "link" and attrs.get("href") and attrs.get("rel") != "canonical":
            self.resources.append((tag, attrs["href"]))


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def html_files(site):
    return sorted(site.rglob("*.html"))


def test_every_entry_appears_on_its_list_page(site, base):
    """Each entry keeps its anchor on its list page (addresses published before entry pages existed)."""
    for kind, page in LIST_PAGES.items():
        ids = parse(site / page / "index.html").ids
        entries = getattr(base, kind)
        assert entries, f"aucune entrée {kind}"
        missing = sorted(set(entries) - ids)
        assert not missing, f"{kind} absents de {page}/ : {missing}"


def test_every_clause_text_and_case_has_its_own_page(site, base):
    from macros.outputs import ENTRY_PAGES, entry_url
    for kind in ENTRY_PAGES:
        for entry_id in getattr(base, kind):
            page = site / entry_url(kind, entry_id) / "index.html"
            assert page.exists(), page
            assert entry_id in parse(page).ids, page


def test_family_pages_hold_their_sections(site, base):
    for family in FAMILIES:
        page = parse(site / "familles" / family / "index.html")
        missing = [s for s in SECTIONS if s not in page.ids]
        assert not missing, f"{family} : sections manquantes {missing}"
        for clause in base.clauses_for(family):
            assert clause["id"] in page.ids


def test_no_third_party_resource(site):
    offenders = []
    for path in html_files(site):
        for tag, value in parse(path).resources:
            for url in re.split(r"[\s,]+", value):
                if urlparse(url).scheme in ("http", "https") or url.startswith("//"):
                    offenders.append((path.relative_to(site).as_posix(), tag, url))
    for path in list(site.rglob("*.css")):
        text = path.read_text(encoding="utf-8")
        offenders += [(path.name, "css", m) for m in re.findall(r"(?:url\(\s*['\"]?|@import\s+['\"]?)((?:https?:)?//[^'\")\s]+)", text)]
    # Material's bundle holds dormant addresses: a polyfill fetched only by browsers without
    # ResizeObserver, the GitHub API used only when repo_url is set (it is not: see below), and
    # Mermaid, fetched only by a page holding a diagram (none does: checked here).
    dormant = ("https://unpkg.com/resize-observer-polyfill", "https://api.github.com/", "https://unpkg.com/mermaid@")
    assert not any('class="mermaid"' in p.read_text(encoding="utf-8") for p in html_files(site))
    for path in list(site.rglob("*.js")):
        text = path.read_text(encoding="utf-8")
        for address in dormant:
            text = text.replace(address, "")
        offenders += [(path.name, "js", m) for m in re.findall(
            r"https?://(?:fonts\.googleapis|fonts\.gstatic|cdn\.|unpkg|cdnjs|ajax\.googleapis|www\.googletagmanager|api\.github)[^\"'\s]*", text)]
    assert not offenders, offenders[:20]


def test_no_repository_widget():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "repo_url" not in config


def test_canonical_links_only_head_links_to_site(site):
    for path in html_files(site):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"<link\b[^>]*>", text):
            tag = m.group(0)
            href = re.search(r'href="([^"]*)"', tag)
            if href and urlparse(href.group(1)).scheme:
                assert 'rel="canonical"' in tag, tag


def test_internal_links_and_anchors_resolve(site):
    pages = {p: parse(p) for p in html_files(site)}
    broken = []
    for path, page in pages.items():
        if path.name == "404.html":  # served at any depth, so its links are absolute by design
            continue
        for href in page.links:
            url, anchor = urldefrag(href)
            if urlparse(url).scheme or url.startswith(("mailto:", "//")):
                continue
            target = (path.parent / unquote(url)).resolve() if url else path
            if target.is_dir() or url.endswith("/"):
                target = target / "index.html"
            if not target.exists():
                broken.append((path.relative_to(site).as_posix(), href))
                continue
            if anchor and target.suffix == ".html" and anchor not in pages[target].ids:
                broken.append((path.relative_to(site).as_posix(), href))
    assert not broken, broken[:20]


def test_site_is_french(site):
    text = plain((site / "index.html").read_text(encoding="utf-8"))
    assert '<html lang="fr"' in text
    assert "Accessibilité : non conforme" in text


def test_search_index_in_parts_fetched_by_the_search_page_only(site):
    import json
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["fr"]  # French stemming
    pages = {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in html_files(site)}
    indexed = [path for path, html in pages.items() if "data-pagefind-body" in html]
    assert entry["languages"]["fr"]["page_count"] == len(indexed) > 200
    assert not [path for path, html in pages.items() if "pagefind" in html.replace("data-pagefind-", "")
                and path != "recherche/index.html"]


def test_statuses_on_watch_page(site, base):
    for text_id in base.veille:
        page = (site / "veille" / text_id / "index.html").read_text(encoding="utf-8")
        status = base.status(text_id)
        assert f'id="{text_id}" data-statut="{status}"' in page, text_id


def test_glossary_terms_show_as_tooltips(site, base):
    page = (site / "familles" / "batiment" / "index.html").read_text(encoding="utf-8")
    for term in base.glossaire.values():
        if term.get("abreviation") == "PEMD":
            assert re.search(r'<abbr title="[^"]+">PEMD</abbr>', page)
    assert not re.search(r"<h[1-6][^>]*>[^<]*<abbr", page), "pas d'infobulle dans les titres"
    assert "<abbr" not in (site / "glossaire" / "index.html").read_text(encoding="utf-8").split("md-content")[1]


def test_french_typography_everywhere(site):
    """No page is left with a breakable space where French wants a non-breaking one (50 %, « », : ; ? !)."""
    from macros.typography import apply
    left = [p.relative_to(site).as_posix() for p in html_files(site) if apply(p.read_text(encoding="utf-8")) !=
            p.read_text(encoding="utf-8")]
    assert not left, left[:10]


def test_who_publishes_and_how_to_reach_them(site):
    """A production build (public address) names the publisher, the publication director by role, the host and a
    contact; the accessibility statement gives the contact and the recourse; nothing is left « À compléter »."""
    from macros.settings import PUBLISHER, publisher
    notice = (site / "mentions-legales" / "index.html").read_text(encoding="utf-8")
    for value in (PUBLISHER["nom"], PUBLISHER["directeur"], f'mailto:{PUBLISHER["courriel"]}', publisher()["hebergeur"]):
        assert html.escape(value, quote=False) in notice or value in notice, value
    statement = (site / "accessibilite" / "index.html").read_text(encoding="utf-8")
    assert f'mailto:{PUBLISHER["courriel"]}' in statement and "Défenseur des droits" in statement
    assert 'id="contact"' in notice and 'mentions-legales/#contact"' in (site / "index.html").read_text(encoding="utf-8")
    left = [p.relative_to(site).as_posix() for p in site.rglob("*.html") if "À compléter" in p.read_text(encoding="utf-8")]
    assert not left, left
