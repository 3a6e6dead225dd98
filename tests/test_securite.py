"""Security: the site served with its own headers raises no CSP violation; hostile fields render inert."""
from __future__ import annotations

import functools
import re
import threading
from urllib.parse import urlparse

import pytest
from conftest import Quiet, QuietServer, page_types, serve
from web_checks import open_search

from macros.headers import read_headers_file, script_hashes


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


@pytest.mark.parametrize(("width", "headers"), [(1280, True), (375, True), (1280, False)],
                         ids=["1280-en-tetes", "375-en-tetes", "1280-meta-seule"])
def test_no_csp_violation_nor_request_off_the_site(browser, strict_server, server, site, width, headers):
    """One page of each type, served with the site's own headers (or without any, as GitHub Pages serves it: the
    policy is then the one in each page's <meta>), on a desktop and on a phone: no Content Security Policy violation
    and no request leaving the site (fonts, CDN, script), search open on the home page."""
    address = strict_server if headers else server
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation',"
                            " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
    page = context.new_page()
    messages, foreign = [], []
    page.on("console", lambda m: messages.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("request", lambda r: foreign.append(r.url) if urlparse(r.url).hostname != "127.0.0.1"
            and not r.url.startswith("data:") else None)
    paths = page_types(site)
    assert len(paths) > 20
    violations = {}
    for path in paths:
        page.goto(address + path)  # until the load event: styles, fonts and scripts requested
        if path == "" and width > 1000:  # the header's field is shown on a wide screen
            open_search(page, "réemploi")
        found = page.evaluate("window.__csp")
        if found:
            violations[path] = found
    context.close()
    assert not violations and not messages, (violations, messages[:5])
    assert not foreign, foreign[:10]


META_RE = re.compile(r'<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def test_every_page_carries_its_policy_with_its_own_scripts(site):
    """Each page holds its policy in a <meta> right after its character set (before any script), once, with the
    hash of each of its inline scripts and never 'unsafe-inline'."""
    wrong = []
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        found = META_RE.search(html)
        policy = found.group(1) if found else ""
        if (not found or html.count('http-equiv="Content-Security-Policy"') != 1 or "unsafe-inline" in policy
                or "default-src 'none'" not in policy or html.find("<script") < found.end()
                or not all(h in policy for h in script_hashes(html))):
            wrong.append(path.relative_to(site).as_posix())
    assert not wrong, wrong[:10]


def test_an_inline_script_added_after_the_build_is_blocked(browser, site, tmp_path):
    """Served without any header (GitHub Pages), a built page whose HTML gained an inline script after the build:
    its own scripts run, the added one is blocked by the page's <meta> policy."""
    injected = tmp_path / "index.html"
    html = (site / "index.html").read_text(encoding="utf-8")
    injected.write_text(html.replace("</body>", "<script>window.__injecte = true</script></body>"), encoding="utf-8")
    for name in ("assets", "search"):
        (tmp_path / name).symlink_to(site / name, target_is_directory=True)
    address = next(serve(tmp_path))
    context = browser.new_context()
    context.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation',"
                            " e => window.__csp.push(e.violatedDirective));")
    page = context.new_page()
    page.goto(address)
    assert page.evaluate("window.__injecte") is None
    assert page.evaluate("typeof __md_scope") == "object"  # the page's own inline script ran
    assert any(d.startswith("script-src") for d in page.evaluate("window.__csp"))
    context.close()


def test_site_is_readable_by_a_web_server_running_as_another_user(site):
    for path in (site, site / "index.html", site / "clauses", site / "_headers"):
        assert path.stat().st_mode & 0o005 == (0o005 if path.is_dir() else 0o004), path
