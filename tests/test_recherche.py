"""Search on the built site, in Chromium (Pagefind, recherche/): the queries of issue #25 and of the earlier search
test find their entry first; French words, accents, apostrophes, identifiers; filters; what a result says it is."""
from __future__ import annotations

import re

import pytest
from web_checks import open_search, result_count, search_results

# query → the entry expected first (a regular expression on its address)
FIRST = {
    "béton recyclé": r"retours/.*beton",
    "vêtements de travail recyclés": r"clauses/vet-st-tenues-fibres-recyclees",
    "HVE": r"glossaire/",
    "indice de durabilité": r"clauses/eee-st-(indices|ecrans)-durabilite",
    "indice de réparabilité": r"clauses/eee-st-(indices|ecrans)-durabilite",
    "EGALIM": r"veille/(loi-2018-938-egalim|decret-2019-351-egalim)/",
    "bat-ce-depose-soignee": r"clauses/bat-ce-depose-soignee/$",
    # the earlier search test's four: the décret of article 58 before the arrêtés that apply it
    "AGEC 58": r"veille/(loi-2020-105-agec|decret-2024-134)/",
    "reconditionné informatique": r"clauses/eee-[a-z0-9-]*recondition",
    "clause de réemploi mobilier": r"clauses/mob-[a-z0-9-]*(reemploi|agec58|reaffectation)",  # type filter set
    "mobilier": r"familles/mobilier-fournitures/",
}


@pytest.mark.parametrize("query", FIRST)
def test_entry_found_first(page, server, query):
    hrefs = search_results(page, server, query)
    assert hrefs and re.match(FIRST[query], hrefs[0]), hrefs[:5]


def count(page, server, query, **filters) -> int:
    search_results(page, server, query, **filters)
    return result_count(page)


def test_accents_stop_words_and_apostrophes(page, server):
    accented = search_results(page, server, "réemploi")
    assert set(search_results(page, server, "reemploi")[:3]) == set(accented[:3])
    assert count(page, server, "reemploi") == count(page, server, "réemploi") > 100
    assert count(page, server, "l'économie circulaire") >= count(page, server, "économie circulaire") > 0
    # every word counts: « de » alone never makes a result (« indice de durabilité »)
    assert "glossaire/" not in search_results(page, server, "indice de durabilité")[:3]


def test_results_say_what_they_are_without_identifiers(page, server):
    search_results(page, server, "réemploi mobilier")
    kinds = page.locator(".recherche-type").all_inner_texts()
    assert kinds and all(re.match(r"(Clause|Texte|Retour d'expérience|Guide|Page)( · |$)", k) for k in kinds), kinds
    shown = page.locator("#recherche-resultats").inner_text()
    assert not re.search(r"\b(mob|bat|eee|vet|ali|tra)-[a-z]+-[a-z0-9-]+\b", shown), shown[:500]
    assert "Historique des versions" not in shown and "Signaler une erreur" not in shown


def test_filters_narrow_and_stay_in_the_address(page, server):
    every = count(page, server, "réemploi")
    clauses = search_results(page, server, "réemploi", type="Clause", famille="Bâtiment")
    assert 0 < result_count(page) < every
    assert all(h.startswith("clauses/bat-") for h in clauses), clauses
    assert page.locator("#recherche-type").input_value() == "Clause"
    page.select_option("#recherche-etape", "Condition d'exécution")
    page.wait_for_url(re.compile(r"etape=Condition"))


def test_a_kind_word_sets_the_type_filter(page, server):
    hrefs = search_results(page, server, "clause de réemploi mobilier")
    assert page.locator("#recherche-type").input_value() == "Clause"
    assert hrefs and all(h.startswith("clauses/") for h in hrefs), hrefs
    assert "type : Clause" in page.locator("#recherche-etat").inner_text()


def test_header_field_fetches_the_engine_ahead_not_the_index(page, server):
    """Touching the header's field fetches the engine (allowed by the page's security policy), no part of the index;
    the search page then finds it in the cache."""
    fetched = []
    page.on("requestfinished", lambda r: fetched.append(r.url.split("/pagefind/")[1]) if "/pagefind/" in r.url else None)
    page.goto(server + "familles/batiment/", wait_until="networkidle")
    page.click("#entete-recherche-q")
    engine = {"pagefind.js", "wasm.fr.pagefind"}
    for _ in range(200):  # the two files arrive in any order (up to 10 s on a loaded machine)
        if engine <= set(fetched):
            break
        page.wait_for_timeout(50)
    assert engine <= set(fetched), fetched
    assert not [f for f in fetched if f.startswith(("index/", "fragment/", "filter/"))], fetched
    fetched.clear()
    open_search(page, "dépose soignée")
    assert "pagefind-worker.js" not in fetched  # no web worker (recherche.js)
    assert any(f.startswith("index/") for f in fetched), fetched


def test_header_form_leads_to_the_results(page, server):
    index = []
    page.on("request", lambda r: index.append(r.url) if "/pagefind/" in r.url else None)
    page.goto(server + "familles/batiment/", wait_until="networkidle")
    assert not index  # nothing of the search is fetched before a query
    open_search(page, "dépose soignée")
    assert index
    assert page.url.startswith(server + "recherche/?q=")
    assert page.locator("#recherche-resultats li").count() > 0


def test_five_results_first_then_ten_more_on_demand(page, server):
    """Each result's excerpt is a file of its own: five are fetched at first, ten more at each « Voir plus »."""
    fragments = []
    page.on("requestfinished", lambda r: fragments.append(r.url) if "/pagefind/fragment/" in r.url else None)
    first = search_results(page, server, "réemploi")
    assert len(first) == 5 and len(fragments) == 5, (first, fragments)
    page.click("#recherche-plus")
    page.locator("#recherche-resultats li").nth(14).wait_for()
    hrefs = page.locator("#recherche-resultats h2 a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert len(hrefs) == 15 and len(set(hrefs)) == 15
    assert page.locator("#recherche-plus").is_visible()  # « réemploi » finds more than 15 pages


def indexed_texts(site) -> dict[str, str]:
    """Each page's text as Pagefind indexed it (its fragments: gzip, a signature, then JSON)."""
    import gzip
    import json
    texts = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        fragment = json.loads(raw[raw.index(b"{"):])
        texts[fragment["url"]] = fragment["content"]
    return texts


def test_words_of_adjacent_cells_and_terms_stay_apart_in_the_index(site):
    """Pagefind joins table headers, captions and definition terms to what follows: « CatégorieIndicateur » would be
    one word, neither found nor readable in an excerpt."""
    texts = indexed_texts(site)
    assert "Référence officielle n° 2024-134" in texts["/veille/decret-2024-134/"].replace("\u00a0", " ")
    glued = {url: m.group(0) for url, text in texts.items()
             for m in [re.search(r"(Catégorie|Indicateur|Période|Valeur|Part minimale|Référence officielle|Source)"
                                 r"[A-ZÀÉÈ0-9n]", text)] if m}
    assert not glued, glued
    assert not [url for url, text in texts.items() if "¶" in text]  # permalinks of headings are not words
