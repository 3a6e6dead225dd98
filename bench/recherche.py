"""Benchmark (not a test) of the search on a built site, in Chromium with the processor slowed four times and a
« Fast 3G »-like network (150 ms of latency, 1.6 Mbit/s down, as Lighthouse's mobile profile): the time from the
query sent to the first result shown, engine already loaded (the visitor typed in the field) or not, and the bytes
of the index fetched for the query. Prints a Markdown table (French).

Usage: .venv/bin/python bench/recherche.py [SITE]   (default: site)
"""
from __future__ import annotations

import functools
import http.server
import sys
import threading
import time
from pathlib import Path

QUERIES = ["béton recyclé", "vêtements de travail recyclés", "HVE", "indice de réparabilité", "EGALIM"]
NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def typed(page, base: str, query: str) -> float:
    """The query typed key by key (120 ms a key): time from the last key to the first result of the whole query."""
    page.goto(base + "recherche/", wait_until="load")
    page.type("#recherche-q", query, delay=120)
    start = time.perf_counter()
    page.wait_for_function("q => document.getElementById('recherche-etat').textContent.includes(q)", arg=query,
                           timeout=60_000)
    page.wait_for_selector("#recherche-resultats li h2 a", timeout=60_000)
    return time.perf_counter() - start


def measure(page, base: str, query: str, warm: bool) -> tuple[float, int]:
    page.goto(base + "recherche/", wait_until="load")
    fetched: list[int] = []
    page.on("response", lambda r: fetched.append(len(r.body())) if "/pagefind/" in r.url and r.ok else None)
    if warm:  # the engine, loaded by the first key pressed in the field
        page.press("#recherche-q", "Shift")
        page.wait_for_load_state("networkidle")
        fetched.clear()
    page.fill("#recherche-q", query)
    start = time.perf_counter()
    page.press("#recherche-q", "Enter")
    page.wait_for_selector("#recherche-resultats li h2 a", timeout=60_000)
    elapsed = time.perf_counter() - start
    page.wait_for_load_state("networkidle")
    return elapsed, sum(fetched)


def main() -> int:
    from playwright.sync_api import sync_playwright
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site").resolve()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for query in QUERIES:
            found = []
            for warm in (False, True):
                context = browser.new_context()  # empty cache: nothing of the index kept from the last query
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.emulateNetworkConditions", NETWORK)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
                found.append(measure(page, base, query, warm))
                context.close()
            context = browser.new_context()
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", NETWORK)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
            keys = typed(page, base, query)
            context.close()
            (cold, cold_bytes), (warm_time, warm_bytes) = found
            rows.append(f"| {query} | {cold:.2f} s | {cold_bytes / 1000:.0f} Ko | {warm_time:.2f} s | "
                        f"{warm_bytes / 1000:.0f} Ko | {keys:.2f} s |")
        browser.close()
    server.shutdown()
    print("| Requête | Premier résultat, moteur à charger | Octets (non compressés) | Premier résultat, moteur "
          "chargé | Octets de la requête | Après la dernière touche, requête tapée |")
    print("| --- | --- | --- | --- | --- | --- |")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
