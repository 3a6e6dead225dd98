"""Shared fixtures: the real site is built once per test run, with a fixed reference date."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BUILD_DATE = "2026-11-29"


def plain(text: str) -> str:
    """Text with French non-breaking spaces (added to every page after the build) read as spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def build(dest: Path, data_root: Path | None = None, date: str = BUILD_DATE, extra_env=None):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", ACHATS_DATE_REFERENCE=date)
    env.pop("ACHATS_RACINE", None)
    env.pop("ACHATS_PDF", None)
    if data_root is not None:
        env["ACHATS_RACINE"] = str(data_root)
    env.update(extra_env or {})
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest)],
                          cwd=ROOT, env=env, capture_output=True, text=True)


# Tests that need the built site or a browser: `make test` runs them, `make test-rapide` leaves them out.
SITE_FIXTURES = {"site", "server", "browser", "page", "pdfs", "pages"}


def pytest_collection_modifyitems(items):
    for item in items:
        if SITE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.site)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("site")
    result = build(dest, extra_env={"ACHATS_PDF": "1"})
    assert result.returncode == 0, result.stderr[-5000:]
    assert "WARNING" not in result.stderr, result.stderr
    return dest


@pytest.fixture(scope="session")
def base():
    import datetime as dt

    from macros.model import load_base
    return load_base(ROOT, today=dt.date.fromisoformat(BUILD_DATE))


@pytest.fixture
def fixture_root(tmp_path) -> Path:
    """A writable copy of the small valid base used by the validation tests."""
    dest = tmp_path / "base"
    shutil.copytree(FIXTURES / "base", dest)
    return dest


def page_types(site: Path) -> list[str]:
    """Every page except entry pages, plus the first entry page of each kind: one page per page type
    (an exhaustive sweep over every entry page belongs to a separate target)."""
    from macros.pages import ENTRY_PAGES
    folders = tuple(f"{folder}/" for folder, _, _ in ENTRY_PAGES.values())
    paths = sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html"))
    entries = [p for p in paths if p.startswith(folders) and p not in folders]  # veille/ is a list, not an entry
    kept = [p for p in paths if p not in entries]
    kept += [next(p for p in entries if p.startswith(f)) for f in folders]
    return ["" if p == "./" else p for p in kept]


# Browser tests: Debian's Chromium driven by Playwright (never a downloaded browser).
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path):
    """Serve a built site on a free local port; yields its address (for fixtures)."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="session")
def server(site):
    yield from serve(site)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(locale="fr-FR")
    context.set_default_timeout(10_000)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
    page = context.new_page()
    page.foreign = []
    page.on("request", lambda r: page.foreign.append(r.url) if urlparse(r.url).hostname not in ("127.0.0.1",) and not r.url.startswith("data:") else None)
    yield page
    context.close()


