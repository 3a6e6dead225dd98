"""Security: the site served with its own headers raises no CSP violation; hostile fields render inert."""
from __future__ import annotations

import functools
import threading
from urllib.parse import urlparse

import pytest
from conftest import SEARCH_INDEX, Quiet, QuietServer, empty_index, page_types
from web_checks import open_search

from macros.headers import read_headers_file


@pytest.fixture(scope="module")
def strict_server(site):
    values = read_headers_file(site / "_headers")

    class WithHeaders(Quiet):
        def end_headers(self):
            for name, value in values.items():
                self.send_header(name, value)
            super().end_headers()

    httpd = QuietServer(("127.0.0.1", 0), functools.partial(WithHeaders, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def test_headers_file_is_strict(site):
    values = read_headers_file(site / "_headers")
    csp = values["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert values["X-Content-Type-Options"] == "nosniff"
    assert values["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("width", [1280, 375])
def test_no_csp_violation_nor_request_off_the_site(browser, strict_server, site, width):
    """One page of each type, served with the site's own headers, on a desktop and on a phone: no Content Security
    Policy violation and no request leaving the site (fonts, CDN, script), search open on the home page."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation',"
                            " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
    page = context.new_page()
    messages, foreign = [], []
    page.on("console", lambda m: messages.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("request", lambda r: foreign.append(r.url) if urlparse(r.url).hostname != "127.0.0.1"
            and not r.url.startswith("data:") else None)
    searched = {"page": False}  # the real search index where the search is opened; elsewhere an empty one, which
    # Material's worker loads all the same (conftest.without_search_index: 0.4 s of processor less per page)
    context.route(SEARCH_INDEX, lambda route: route.continue_() if searched["page"] else empty_index(route))
    paths = page_types(site)
    assert len(paths) > 20
    violations = {}
    for path in paths:
        searched["page"] = path == ""
        page.goto(strict_server + path)  # until the load event: styles, fonts and scripts requested
        if path == "":
            open_search(page, "réemploi")
            page.wait_for_selector(".md-search-result__item")
        found = page.evaluate("window.__csp")
        if found:
            violations[path] = found
    context.close()
    assert not violations and not messages, (violations, messages[:5])
    assert not foreign, foreign[:10]
