"""Benchmark (not a test) of the search on a built site, in Chromium with the processor slowed four times and a
« Fast 3G »-like network (150 ms of latency, 1.6 Mbit/s down, as Lighthouse's mobile profile): the time from the
query sent to the first result shown, engine already loaded (the visitor typed in the field) or not, or the query
typed in the header of another page; the bytes of the engine and index fetched before and during a search. Prints
Markdown (French).

Usage: .venv/bin/python bench/recherche.py [SITE]   (default: site)
       .venv/bin/python bench/recherche.py --facteur 100   (a site built from 100 times the base, bench.multiply)
"""
from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

QUERIES = ["béton recyclé", "vêtements de travail recyclés", "HVE", "indice de réparabilité", "EGALIM"]
NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def typed(page, base: str, query: str, from_button: bool = False) -> float:
    """The query typed key by key (120 ms a key) on the search page: time from the last key to the first result of
    the whole query. `from_button`: the search page opened by the header's button of the home page, as on a phone
    (the header shows no field there)."""
    if from_button:
        page.goto(base, wait_until="networkidle")
        page.click(".entete-recherche button")
        page.wait_for_url("**/recherche/**", wait_until="load")
    else:
        page.goto(base + "recherche/", wait_until="load")
    page.type("#recherche-q", query, delay=120)
    start = time.perf_counter()
    page.wait_for_function("q => document.getElementById('recherche-etat').textContent.includes(q)", arg=query,
                           timeout=60_000)
    page.wait_for_selector("#recherche-resultats li h2 a", timeout=60_000)
    return time.perf_counter() - start


def counter(page) -> list[int]:
    """The sizes of the engine and index files the page receives from the network (not from the cache)."""
    fetched: list[int] = []

    def received(request):
        response = request.response()
        if "/pagefind/" in request.url and response and response.ok and not response.from_service_worker:
            fetched.append(request.sizes()["responseBodySize"])
    page.on("requestfinished", received)
    return fetched


def from_header(page, base: str, query: str) -> tuple[float, int]:
    """The query typed in the header's field of the home page, then Enter: time from Enter to the first result on
    the search page; the bytes of the engine and index fetched from the first key on."""
    page.goto(base, wait_until="networkidle")
    fetched = counter(page)
    page.click("#entete-recherche-q")
    page.type("#entete-recherche-q", query, delay=120)
    return sent(page, "#entete-recherche-q", fetched)


def sent(page, field: str, fetched: list[int]) -> tuple[float, int]:
    """Enter in the field: the seconds until the first result shows, and the bytes fetched (once all has arrived)."""
    start = time.perf_counter()
    page.press(field, "Enter")
    page.wait_for_selector("#recherche-resultats li h2 a", timeout=60_000)
    elapsed = time.perf_counter() - start
    page.wait_for_load_state("networkidle")
    return elapsed, sum(fetched)


def before_search(page, base: str) -> int:
    """Bytes of the engine or index fetched by the home page and the search page before any query."""
    fetched = counter(page)
    for path in ("", "recherche/"):
        page.goto(base + path, wait_until="networkidle")
    return sum(fetched)


def throttled(browser, width: int = 1280):
    context = browser.new_context(viewport={"width": width, "height": 720})  # empty cache: nothing kept from the last query
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    return context, page


def multiplied_site(factor: int, work: Path) -> Path:
    """The site built from `factor` times the base (bench.py's synthetic copies), without PDFs."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench
    bench.copy_project(work)
    bench.multiply(work, factor)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", ACHATS_DATE_REFERENCE="2026-11-29",
               SITE_URL="https://achats-circulaires.test/")
    env.pop("ACHATS_PDF", None)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], cwd=work, env=env, check=True)
    return work / "site"


def measure(page, base: str, query: str, warm: bool) -> tuple[float, int]:
    page.goto(base + "recherche/", wait_until="load")
    fetched = counter(page)
    if warm:  # the engine, loaded by the first key pressed in the field
        page.press("#recherche-q", "Shift")
        page.wait_for_load_state("networkidle")
        fetched.clear()
    page.fill("#recherche-q", query)
    return sent(page, "#recherche-q", fetched)


def main() -> int:
    from playwright.sync_api import sync_playwright
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="site")
    parser.add_argument("--facteur", type=int, default=0, help="construit un site de N fois la base et le mesure")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-recherche-")) if args.facteur else None
    site = multiplied_site(args.facteur, work) if work else Path(args.site).resolve()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        context, page = throttled(browser)
        before = before_search(page, base)
        context.close()
        for query in QUERIES:
            found = []
            for warm in (False, True):
                context, page = throttled(browser)
                found.append(measure(page, base, query, warm))
                context.close()
            context, page = throttled(browser)
            keys = typed(page, base, query)
            context.close()
            context, page = throttled(browser)
            header, header_bytes = from_header(page, base, query)
            context.close()
            context, page = throttled(browser, 375)
            phone = typed(page, base, query, from_button=True)
            context.close()
            (cold, cold_bytes), (warm_time, warm_bytes) = found
            rows.append(f"| {query} | {cold:.2f} s | {cold_bytes / 1000:.0f} Ko | {warm_time:.2f} s | "
                        f"{warm_bytes / 1000:.0f} Ko | {keys:.2f} s | {header:.2f} s | {header_bytes / 1000:.0f} Ko | {phone:.2f} s |")
        browser.close()
    server.shutdown()
    index = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
    if work:
        shutil.rmtree(work, ignore_errors=True)
    print(f"Site à {args.facteur or 1}× ; index complet {index / 1e6:.1f} Mo ; moteur ou index chargés par l'accueil et "
          f"la page de recherche avant toute requête : {before / 1000:.0f} Ko.")
    print()
    print("| Requête | Premier résultat, moteur à charger | Octets (non compressés) | Premier résultat, moteur "
          "chargé | Octets de la requête | Après la dernière touche, requête tapée | Depuis l'en-tête d'une autre "
          "page (après Entrée) | Octets, depuis l'en-tête | Téléphone (375 px) : loupe de l'accueil, puis requête tapée |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
