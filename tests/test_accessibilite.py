"""axe-core (WCAG 2.1 A/AA and RGAA 4 tags) on every kind of page, with filters applied and the search open."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from macros.schemas import allowed

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "RGAAv4"]
PAGES = ["", "familles/", *(f"familles/{f}/" for f in allowed("famille")),
         "guides/methode/", "guides/labels-et-preuves/", "guides/cout-du-cycle-de-vie/", "bibliotheque/",
         "trouver-une-clause/", "veille/", "echeancier/", "retours/", "acteurs/", "glossaire/", "telechargements/",
         "contribuer/", "accessibilite/", "mentions-legales/"]


@pytest.fixture(scope="module")
def axe():
    return Axe()


def violations(axe, page):
    result = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result.response["violations"]]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_violation(page, server, axe, path):
    page.goto(server + path)
    assert violations(axe, page) == []


def test_finder_with_filter_applied(page, server, axe, base):
    page.goto(server + "trouver-une-clause/")
    page.select_option("#filtre-familles", next(iter(base.familles)))
    page.fill("#filtre-texte", "réemploi")
    assert violations(axe, page) == []


def test_watch_with_filter_applied(page, server, axe):
    page.goto(server + "veille/")
    page.select_option("#filtre-statut", "a-venir")
    assert violations(axe, page) == []


def test_search_dialog_open(page, server, axe):
    page.goto(server)
    page.keyboard.press("s")  # Material's shortcut opens the search
    page.fill("input.md-search__input", "réemploi")
    page.wait_for_selector(".md-search-result__item")
    assert violations(axe, page) == []


def test_footer_links_to_accessibility_statement(page, server):
    for path in ("", "veille/", "familles/batiment/"):
        page.goto(server + path)
        link = page.locator("footer a", has_text="Accessibilité")
        assert link.count() == 1
        assert link.get_attribute("href").endswith("accessibilite/")
