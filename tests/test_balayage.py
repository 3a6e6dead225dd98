"""Exhaustive sweep (`make balayage`, left out of `make test`): every HTML page of the built site, PDF included, is
valid for the Nu Html Checker (one run over the whole folder); every page of the site built by MkDocs and of the one
built by Zensical has no axe-core violation (WCAG 2.2 A/AA, RGAA 4, best practices) on a desktop (1280 px) and a
phone (375 px), where no page scrolls sideways; the search page is checked with results; every office file (.odt,
.docx) opens in LibreOffice with its wording. One Chromium, several pages at a time. `ACHATS_SITE_CONSTRUIT=site
make balayage` sweeps a site already built by MkDocs (by `make build`, for instance) instead of building one.
(The Nu Html Checker on the Zensical site: test_generateurs.py, in `make test`.)"""
from __future__ import annotations

import asyncio
import os
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import ARGS, CHROMIUM, serve
from test_paquets import check_wording, to_text
from web_checks import AXE_OPTIONS, AXE_RUN, OVERFLOW, axe_report, axe_script, require_tools, vnu, vnu_report

from macros import catalogue, outputs

pytestmark = pytest.mark.balayage  # `site` comes from the `built` fixture (conftest.SITE_FIXTURES)

DESKTOP, PHONE = 1280, 375
WIDTHS = (DESKTOP, PHONE)
WORKERS = 2  # pages open at once in the one Chromium (on 2 cores, 3 or 4 were no faster)
SEARCH_WORDS = "réemploi"


@dataclass
class Sweep:
    pages: list[str]
    axe: dict[int, dict[str, list]] = field(default_factory=lambda: defaultdict(dict))
    overflow: dict[str, dict] = field(default_factory=dict)
    search: dict[str, list] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


def html_pages(site: Path) -> list[str]:
    """Every HTML page as an address relative to the site: 'veille/' for veille/index.html, '404.html'."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        pages.append(relative.removesuffix("index.html") if path.name == "index.html" else relative)
    return pages


@pytest.fixture(scope="module")
def built(request) -> Path:
    given = os.environ.get("ACHATS_SITE_CONSTRUIT")
    if given:
        assert (Path(given) / "index.html").is_file(), f"ACHATS_SITE_CONSTRUIT={given} : aucun site construit ici"
        return Path(given).resolve()
    return request.getfixturevalue("site")


@pytest.fixture(scope="module", params=["MkDocs", "Zensical"])
def swept(request, built) -> Path:
    """The site swept by axe: built by MkDocs, then by Zensical (conftest.zensical_site)."""
    return built if request.param == "MkDocs" else request.getfixturevalue("zensical_site")


@pytest.fixture(scope="module")
def sweep(swept) -> Sweep:
    require_tools()
    result = Sweep(pages=html_pages(swept))
    start = time.monotonic()
    for address in serve(swept):
        asyncio.run(run_sweep(address, result))
    result.seconds = time.monotonic() - start
    print(f"\nBalayage de {swept.name} : {len(result.pages)} pages × {len(WIDTHS)} largeurs en {result.seconds:.0f} s")
    return result


async def run_sweep(address: str, result: Sweep) -> None:
    from playwright.async_api import async_playwright
    jobs = asyncio.Queue()
    for width in WIDTHS:
        for path in result.pages:
            jobs.put_nowait((width, path))
    axe = axe_script()
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        await asyncio.gather(*(worker(browser, axe, address, jobs, result) for _ in range(WORKERS)))
        await search_dialog(browser, axe, address, result)
        await browser.close()


async def new_page(browser, axe: str, width: int):
    context = await browser.new_context(locale="fr-FR", viewport={"width": width, "height": 900})
    context.set_default_timeout(30_000)
    await context.add_init_script(script=axe)  # in every page, before the page's own scripts
    return await context.new_page()


async def worker(browser, axe: str, address: str, jobs: asyncio.Queue, result: Sweep) -> None:
    pages = {}
    while not jobs.empty():
        width, path = jobs.get_nowait()
        page = pages.get(width) or pages.setdefault(width, await new_page(browser, axe, width))
        try:
            await page.goto(address + path, wait_until="load")
            result.axe[width][path] = await page.evaluate(AXE_RUN, AXE_OPTIONS)
            if width == PHONE:
                result.overflow[path] = await page.evaluate(OVERFLOW)
        except Exception as error:  # a page that does not load is reported with the others
            result.failures[f"{width} px /{path}"] = str(error).splitlines()[0]
    for page in pages.values():
        await page.context.close()


# the search page with the results of a query, unfiltered and filtered
SEARCH_PATHS = [f"recherche/?q={quote(SEARCH_WORDS)}", f"recherche/?q={quote(SEARCH_WORDS)}&type=Clause&famille=B%C3%A2timent"]


async def search_dialog(browser, axe: str, address: str, result: Sweep) -> None:
    """The search page with its results shown: axe, and no sideways scroll at 375 px."""
    paths = SEARCH_PATHS
    for width in WIDTHS:
        page = await new_page(browser, axe, width)
        for path in paths:
            key = f"{width} px /{path}"
            try:
                await page.goto(address + path, wait_until="load")
                await page.locator("#recherche-etat", has_text="résultat").wait_for()
                result.search[key] = await page.evaluate(AXE_RUN, AXE_OPTIONS)
                if width == PHONE:
                    result.overflow[f"{path} (résultats)"] = await page.evaluate(OVERFLOW)
            except Exception as error:
                result.failures[f"recherche, {key}"] = str(error).splitlines()[0]
        await page.context.close()


def test_nu_html_checker_finds_no_error_on_any_page(built):
    errors = vnu([built])
    if errors:
        pytest.fail(vnu_report(errors, built), pytrace=False)


def test_every_page_was_swept(sweep):
    assert len(sweep.pages) > 100
    if sweep.failures:
        pytest.fail("Pages non vérifiées :\n" + "\n".join(f"{k} : {v}" for k, v in sweep.failures.items()), pytrace=False)
    for width in WIDTHS:
        assert sorted(sweep.axe[width]) == sorted(sweep.pages)


@pytest.mark.parametrize("width", WIDTHS, ids=["bureau-1280px", "telephone-375px"])
def test_axe_finds_no_violation(sweep, width):
    found = {path: v for path, v in sweep.axe[width].items() if v}
    if found:
        pytest.fail(axe_report(found, f"{width} px"), pytrace=False)


def test_axe_finds_no_violation_with_search_open(sweep):
    assert len(sweep.search) == len(WIDTHS) * len(SEARCH_PATHS)
    found = {path: v for path, v in sweep.search.items() if v}
    if found:
        pytest.fail(axe_report(found, "dialogue de recherche ouvert"), pytrace=False)


def test_no_page_scrolls_sideways_at_375_px(sweep):
    wide = {path: o for path, o in sweep.overflow.items() if o["scroll"] > o["width"]}
    if wide:
        pytest.fail(f"{len(wide)} page(s) défilent horizontalement à 375 px :\n" + "\n".join(
            f"/{path} : {o['scroll']} px pour {o['width']} px ; dépassent : {', '.join(o['elements']) or '?'}"
            for path, o in sorted(wide.items())), pytrace=False)


def test_every_office_file_opens_with_its_wording(built, base, tmp_path_factory):
    """Every .odt and .docx file (one per clause, one per pack) opened by LibreOffice: the clause's title, wording and
    notes, each pack's clauses (`make test` opens one of each kind per family, test_paquets.py)."""
    every = catalogue.packs(base)
    converted = to_text(built, every, tmp_path_factory)
    assert len(converted) == len(every) * len(outputs.FORMATS)
    check_wording(converted, base)
