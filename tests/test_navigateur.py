"""Headless Debian Chromium (Playwright, no browser download): finder, watch filters, copy, privacy."""
from __future__ import annotations

import pytest
from conftest import plain
from playwright.sync_api import expect


def visible_clauses(page):
    return page.locator("article.clause:visible")


def test_finder_filters_by_family_and_step(page, server, base):
    page.goto(server + "trouver-une-clause/")
    total = len(base.clauses)
    assert visible_clauses(page).count() == total
    sample = sorted(base.clauses.values(), key=lambda c: c["id"])[0]
    family, step = sample["familles"][0], sample["etape"]
    page.select_option("#filtre-familles", family)
    page.select_option("#filtre-etape", step)
    expected = [c for c in base.clauses.values() if family in c["familles"] and c["etape"] == step]
    assert visible_clauses(page).count() == len(expected)
    assert page.locator(".compte-resultats").inner_text() == f"{len(expected)} résultat{'s' if len(expected) > 1 else ''} sur {total}"
    ids = set(visible_clauses(page).evaluate_all("els => els.map(e => e.id)"))
    assert ids == {c["id"] for c in expected}
    page.click("form.filtres button[type=reset]")
    expect(visible_clauses(page)).to_have_count(total)  # the form's fields are reset after the event


def test_finder_is_usable_with_the_keyboard(page, server, base):
    page.goto(server + "trouver-une-clause/")
    page.focus("#filtre-familles")
    page.keyboard.press("ArrowDown")  # first family in the list
    first = min(base.familles.values(), key=lambda f: f["ordre"])["id"]
    page.wait_for_function(f"document.querySelector('#filtre-familles').value === '{first}'")
    shown = visible_clauses(page).count()
    assert shown == len(base.clauses_for(first))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "filtre-segment"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_text_filter_ignores_accents(page, server):
    page.goto(server + "trouver-une-clause/")
    page.fill("#filtre-texte", "reemploy")
    with_accent = visible_clauses(page).count()
    page.fill("#filtre-texte", "réemploy")
    assert with_accent == visible_clauses(page).count() > 0


def test_copy_button_copies_the_complete_clause(page, server, base):
    page.goto(server + f"clauses/{base.clauses[next(iter(base.clauses))]['id']}/")
    clause = next(iter(base.clauses.values()))
    button = page.locator(f"article#{clause['id']} button.bouton-copier")
    button.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert clause["titre"] in copied and "Moyens de preuve" in copied
    assert clause["preuves"][0] in copied


def test_watch_filter_by_status(page, server, base):
    page.goto(server + "veille/")
    page.select_option("#filtre-statut", "a-venir")
    expected = {t for t in base.veille if base.status(t) == "a-venir" or
                (base.status(t) == "en-vigueur" and base.next_step(t))}
    ids = set(page.locator("article.texte-veille:visible").evaluate_all("els => els.map(e => e.id)"))
    assert ids == expected and expected
    # no year heading is left without a visible text under it
    empty = page.evaluate("""() => [...document.querySelectorAll('.groupe')].filter(g => !g.hidden &&
        ![...g.children].some(e => !e.hidden)).length""")
    assert empty == 0
    page.select_option("#filtre-statut", "abroge")
    headings = page.locator("h2[id^=annee-]:visible").count()
    assert headings == len({t.get("date_publication", "")[:4] for t in base.veille.values() if base.status(t["id"]) == "abroge"})


@pytest.mark.parametrize("list_page", ["bibliotheque/", "trouver-une-clause/"])
def test_old_clause_anchors_lead_to_the_clause_page(page, server, base, list_page):
    clause_id = sorted(base.clauses)[0]
    page.goto(server + f"{list_page}#{clause_id}")
    page.wait_for_url(f"**/clauses/{clause_id}/")
    assert plain(page.locator("h1").first.inner_text()) == base.clauses[clause_id]["titre"]


def test_old_watch_anchor_leads_to_the_text_page(page, server, base):
    text_id = sorted(base.veille)[0]
    page.goto(server + f"veille/#{text_id}")
    page.wait_for_url(f"**/veille/{text_id}/")


def test_watch_filters_are_usable_and_left_with_the_keyboard(page, server, base):
    page.goto(server + "veille/")
    page.focus("#filtre-familles")
    order = []
    for i in range(6):
        order.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
        if i:  # reached with Tab: the focus must be visible
            style = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert style != "none", (order[-1], style)
        page.keyboard.press("Tab")
    assert order[:4] == ["filtre-familles", "filtre-nature", "filtre-statut", "filtre-texte"]
    assert page.evaluate("document.activeElement.closest('form.filtres') === null"), "le focus sort du formulaire"
    page.focus("#filtre-statut")
    page.keyboard.press("ArrowDown")  # « En vigueur »
    expected = {t for t in base.veille if base.status(t) == "en-vigueur"}
    shown = set(page.locator("article.texte-veille:visible").evaluate_all("els => els.map(e => e.id)"))
    assert shown == expected


@pytest.mark.parametrize("path", ["echeancier/", "veille/"])
def test_calendar_can_be_subscribed_from_its_address(page, server, path):
    """Next to the calendar's link: a webcal: link to the same file and a button that copies its full address."""
    page.goto(server + path)
    webcal = page.locator("p.abonnement-agenda a")
    assert webcal.get_attribute("href") == "webcal://" + server.removeprefix("http://") + "echeancier.ics"
    button = page.locator("p.abonnement-agenda button.bouton-copier")
    box = button.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    button.click()
    assert page.evaluate("navigator.clipboard.readText()") == server + "echeancier.ics"
    assert button.inner_text().strip() == "Adresse copiée"
