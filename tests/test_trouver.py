"""Clause finder and watch filters kept in the address: a filtered view is shared by its address, the counts
agree with each other and with what is shown, and the complete list stays readable without JavaScript."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlparse

import pytest

FINDER = "trouver-une-clause/"
COUNT = "#compte-clause"


def visible_ids(page, selector="article.clause"):
    return set(page.locator(f"{selector}:visible").evaluate_all("els => els.map(e => e.id)"))


def count_of(text: str) -> int:
    return int(re.sub(r"\D", "", text.split(" ")[0]))


def expected(base, famille=None, etape=None, niveau=None, document=None, segment=None):
    return {c["id"] for c in base.clauses.values()
            if (not famille or famille in c["familles"]) and (not etape or c["etape"] == etape)
            and (not niveau or c["niveau"] == niveau) and (not document or c["document"] == document)
            and (not segment or f"{c['familles'][0]}/{c['segment']}" == segment)}


def address(page) -> str:
    """The address as the page has it now (page.url follows history.replaceState only after an event)."""
    return page.evaluate("location.href")


def params(page) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(address(page)).query).items()}


def sample_filters(base):
    """A family, a step and a level that select at least two clauses, but not all of them."""
    for clause in sorted(base.clauses.values(), key=lambda c: c["id"]):
        chosen = {"famille": clause["familles"][0], "etape": clause["etape"], "niveau": clause["niveau"]}
        if 1 < len(expected(base, **chosen)) < len(base.clauses):
            return chosen
    raise AssertionError("aucune combinaison de filtres ne retient plusieurs clauses")


def test_address_restores_the_filters_and_the_count(page, server, base):
    chosen = sample_filters(base)
    page.goto(server + FINDER + "?" + "&".join(f"{k}={v}" for k, v in chosen.items()))
    assert page.input_value("#filtre-familles") == chosen["famille"]
    assert page.input_value("#filtre-etape") == chosen["etape"]
    assert page.input_value("#filtre-niveau") == chosen["niveau"]
    ids = expected(base, **chosen)
    assert visible_ids(page) == ids
    assert page.locator(COUNT).inner_text() == f"{len(ids)} résultats sur {len(base.clauses)}"
    assert params(page) == chosen  # kept as it was
    assert not page.evaluate("document.querySelector('[data-md-toggle=search]').checked")  # search stays closed


def test_choosing_a_filter_updates_the_address_without_reloading(page, server, base):
    page.goto(server + FINDER + "?autre=1#famille-batiment")
    page.evaluate("window.__meme_page = true")
    document = sorted(base.clauses.values(), key=lambda c: c["id"])[0]["document"]
    page.select_option("#filtre-document", document)
    assert params(page) == {"autre": "1", "document": document}
    assert urlparse(address(page)).fragment == "famille-batiment"
    page.fill("#filtre-texte", "réemploi")
    assert params(page) == {"autre": "1", "document": document, "mots": "réemploi"}
    assert page.evaluate("window.__meme_page === true"), "la page a été rechargée"
    # the address written is the address that restores the view
    shown = visible_ids(page)
    page.goto(address(page))
    assert visible_ids(page) == shown and page.input_value("#filtre-texte") == "réemploi"
    page.click("form.filtres button[type=reset]")
    for _ in range(50):  # the form's fields are reset after the event (no string predicate: the CSP forbids eval)
        if "document" not in page.evaluate("location.search"):
            break
        page.wait_for_timeout(100)
    assert params(page) == {"autre": "1"}
    assert page.locator(COUNT).inner_text() == f"{len(base.clauses)} clauses"


def test_unknown_values_in_the_address_are_ignored(page, server, base):
    page.goto(server + FINDER + "?famille=inconnue&niveau=socle")
    assert page.input_value("#filtre-familles") == ""
    assert params(page) == {"niveau": "socle"}
    assert visible_ids(page) == expected(base, niveau="socle")


def test_announced_count_is_the_number_of_visible_cards(page, server, base):
    page.goto(server + FINDER)
    count = page.locator(COUNT)
    assert count.get_attribute("aria-live") == "polite"
    assert count_of(count.inner_text()) == len(visible_ids(page)) == len(base.clauses)
    for words in ("réemploi", "reemploi déchets", "zzzz"):
        page.fill("#filtre-texte", words)
        assert count_of(count.inner_text()) == len(visible_ids(page)), words
    assert "0 résultat sur" in count.inner_text()


def test_each_option_states_what_choosing_it_shows(page, server, base):
    """With a filter already chosen, each option of the other selects announces the count it gives."""
    family = sample_filters(base)["famille"]
    page.goto(server + FINDER + f"?famille={family}")
    for select in ("#filtre-etape", "#filtre-document", "#filtre-niveau", "#filtre-segment"):
        options = page.eval_on_selector(select, "s => [...s.options].map(o => [o.value, o.text])")
        for value, text in options:
            announced = int(re.search(r"\((\d+)\)$", text).group(1))
            page.select_option(select, value)
            shown = len(visible_ids(page))
            assert announced == shown, (select, text, shown)
            assert count_of(page.locator(COUNT).inner_text()) == shown
        page.select_option(select, "")


def test_headings_follow_the_filters(page, server, base):
    family = sample_filters(base)["famille"]
    page.goto(server + FINDER + f"?famille={family}&niveau=socle")
    shown = page.locator("article.clause h3:visible").count()
    assert shown == len(visible_ids(page))
    for heading in page.locator(".md-content h2").all():
        group = heading.evaluate("h => h.nextElementSibling.querySelectorAll('article.clause:not([hidden])').length")
        assert heading.is_visible() == (group > 0)


def test_watch_filters_are_kept_in_the_address(page, server, base):
    page.goto(server + "veille/?statut=abroge")
    ids = {t for t in base.veille if base.status(t) == "abroge"}
    assert visible_ids(page, "article.texte-veille") == ids
    assert page.locator("#compte-texte-veille").inner_text() == (
        f"{len(ids)} résultat{'s' if len(ids) > 1 else ''} sur {len(base.veille)}")
    page.select_option("#filtre-statut", "en-vigueur")
    assert params(page) == {"statut": "en-vigueur"}


@pytest.mark.parametrize("width", [1280, 375])
def test_filtered_view_fits_the_screen(page, server, base, width):
    page.set_viewport_size({"width": width, "height": 900})
    chosen = sample_filters(base)
    page.goto(server + FINDER + "?" + "&".join(f"{k}={v}" for k, v in chosen.items()) + "&mots=a")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator("form.filtres").is_visible()


def test_without_javascript_the_complete_list_is_readable(browser, server, base):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    page.goto(server + FINDER + "?famille=batiment")
    assert len(visible_ids(page)) == len(base.clauses)
    assert page.locator("form.filtres").is_hidden()
    assert page.locator(COUNT).inner_text() == f"{len(base.clauses)} clauses"
    context.close()


class Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.levels, self.inside = [], False

    def handle_starttag(self, tag, attrs):
        if tag == "article" and "md-content__inner" in (dict(attrs).get("class") or ""):
            self.inside = True
        if self.inside and re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))


@pytest.mark.parametrize("path", [FINDER, "veille/"])
def test_no_heading_level_is_skipped(site, path):
    parser = Headings()
    parser.feed((site / path / "index.html").read_text(encoding="utf-8"))
    levels = parser.levels
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
