"""Search on the built site, in Chromium: French words, accents, apostrophes, acronyms, clause ids."""
from __future__ import annotations

import re

import pytest
from web_checks import open_search

pytestmark = pytest.mark.recherche  # the page fixture loads the search index


def search(page, server, query):
    """The query typed at once in Material's search, once its index is loaded; (count, result addresses)."""
    page.goto(server)
    open_search(page, query)
    # results of this query: the worker answers the last input once its index is ready
    page.wait_for_function("""q => document.querySelector('input.md-search__input').value === q
        && /\\d/.test(document.querySelector('.md-search-result__meta')?.textContent || '')""", arg=query)
    meta = page.locator(".md-search-result__meta").inner_text()
    count = int(re.search(r"(\d+)", meta).group(1))
    hrefs = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    return count, [re.sub(r"^https?://[^/]+/|\?h=[^#]*", "", h) for h in hrefs]


@pytest.mark.parametrize("query,expected", [
    ("mobilier", "familles/mobilier-fournitures/"),
    ("bat-ce-depose-soignee", "clauses/bat-ce-depose-soignee/"),
])
def test_expected_page_among_first_results(page, server, query, expected):
    _, hrefs = search(page, server, query)
    assert expected in hrefs[:6], hrefs[:6]


@pytest.mark.parametrize("query,expected,rank", [
    ("EGALIM", r"veille/(loi-2018-938-egalim|decret-2019-351-egalim)/", 3),
    ("AGEC 58", r"veille/(loi-2020-105-agec|decret-2024-134)/", 3),
    ("reconditionné informatique", r"clauses/eee-", 3),
    ("clause de réemploi mobilier", r"clauses/mob-", 3),
])
def test_entry_among_first_results(page, server, query, expected, rank):
    _, hrefs = search(page, server, query)
    assert any(re.match(expected, h) for h in hrefs[:rank]), hrefs[:6]


def test_accents_are_folded(page, server):
    with_accent, _ = search(page, server, "réemploi")
    without, hrefs = search(page, server, "reemploi")
    assert without >= with_accent > 0
    assert any(h.startswith(("familles/", "clauses/")) for h in hrefs[:10])


def test_apostrophe_splits_words(page, server):
    count, hrefs = search(page, server, "l'économie circulaire")
    assert count > 0
    plain, _ = search(page, server, "économie circulaire")
    assert count >= plain
