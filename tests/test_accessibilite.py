"""axe-core (WCAG 2.1 A/AA and RGAA 4 tags) on every kind of page, with filters applied and the search open."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT
from web_checks import search_results, violations

from macros.outputs import ENTRY_PAGES, entry_url
from macros.schemas import allowed

# one page of each type (every page, at two widths: make balayage); two family guides of the schema's list
PAGES = ["", "familles/", *(f"familles/{f}/" for f in allowed("famille")[::len(allowed("famille")) - 1]), "guides/methode/", "bibliotheque/",
         "trouver-une-clause/", "veille/", "echeancier/", "retours/", "acteurs/", "glossaire/", "telechargements/",
         "contribuer/", "donnees-ouvertes/", "entreprises/", "calculateur/", "preparer-mon-marche/"]
# one page of each entry kind (clauses/<id>/, veille/<id>/, retours/<id>/)
ENTRY_TYPES = [entry_url(kind, min(p.stem for p in (ROOT / "data" / kind).glob("*.yml"))) for kind in ENTRY_PAGES]
PAGES += ENTRY_TYPES
NEW_TYPES = [*ENTRY_TYPES, "bibliotheque/", "trouver-une-clause/", "telechargements/", "donnees-ouvertes/"]


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_violation(page, server, axe, path):
    page.goto(server + path)
    assert violations(axe, page) == []


@pytest.mark.parametrize("path", NEW_TYPES)
def test_new_page_types_at_375_px(page, server, axe, path):
    """Entry pages and the lists that link to them, on a phone: no violation, no sideways scroll."""
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(server + path)
    assert violations(axe, page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_finder_with_filter_applied(page, server, axe, base):
    page.goto(server + "trouver-une-clause/")
    page.select_option("#filtre-familles", next(iter(base.familles)))
    page.fill("#filtre-texte", "réemploi")
    assert violations(axe, page) == []


def test_watch_with_filter_applied(page, server, axe):
    page.goto(server + "veille/")
    page.select_option("#filtre-statut", "a-venir")
    assert violations(axe, page) == []


def test_search_page_with_results(page, server, axe):
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 800})
        search_results(page, server, "réemploi", famille="Bâtiment")
        assert violations(axe, page) == [], width


def test_footer_links_to_accessibility_statement(page, server):
    for path in ("", "veille/", "familles/batiment/"):
        page.goto(server + path)
        link = page.locator("footer a", has_text="Accessibilité")
        assert link.count() == 1
        assert link.get_attribute("href").endswith("accessibilite/")
