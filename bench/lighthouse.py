"""Benchmark (not a test): Lighthouse mobile performance of one page of each type of the built site.

The site is copied to a temporary folder (a rebuild during the run does not disturb it) and served on 127.0.0.1 by
a small threaded server that gzips text responses, as GitHub Pages does. Lighthouse (npm package pinned in
package-lock.json) runs with its defaults: mobile form factor, simulated throttling; pages run one after another.

Usage: python bench/lighthouse.py [site] [--passages N] [--rapports DIR]   (prints a Markdown table; DIR keeps the
JSON reports of Lighthouse)
"""
from __future__ import annotations

import argparse
import gzip
import json
import mimetypes
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
# targets of issue #25
MIN_SCORE = 95
MAX_CLS = 0.05
MAX_FIRST_VISIT = 300_000  # bytes, uncompressed
TEXT_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml",
              "application/manifest+json", "application/rss+xml", "application/wasm")
DOWNLOADS = ("application/pdf", "application/vnd.oasis.opendocument", "application/vnd.openxmlformats", "application/zip",
             "text/calendar", "text/csv")
mimetypes.add_type("application/wasm", ".wasm")
mimetypes.add_type("application/manifest+json", ".webmanifest")


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files; text gzipped when the browser accepts it; 404.html for missing paths."""

    def do_GET(self) -> None:  # noqa: V105 (called by http.server)
        path, parts = Path(self.translate_path(self.path)), urlsplit(self.path)
        if path.is_dir():
            if not parts.path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", parts.path + "/" + ("?" + parts.query if parts.query else ""))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            path = path / "index.html"
        status = 200
        if not path.is_file():
            status, path = 404, Path(self.directory) / "404.html"
        body = path.read_bytes() if path.is_file() else b""
        ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self.send_response(status)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        self.send_header("Cache-Control", "max-age=600")
        if ctype.startswith(TEXT_TYPES) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, 6)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:  # quiet
        pass


def first_dir(folder: Path) -> str | None:
    """Name of the first sub-folder (sorted) that holds an index.html."""
    names = sorted(p.name for p in folder.iterdir() if (p / "index.html").is_file()) if folder.is_dir() else []
    return names[0] if names else None


def pages(site: Path) -> list[tuple[str, str]]:
    """(label, path) of one page of each type."""
    clause, text = first_dir(site / "clauses"), first_dir(site / "veille")
    found = [
        ("Accueil", "/"),
        ("Guide de famille", "/familles/batiment/"),
        ("Clause", f"/clauses/{clause}/" if clause else None),
        ("Texte de veille", f"/veille/{text}/" if text else None),
        ("Trouver une clause", "/trouver-une-clause/"),
        ("Calculateur", "/calculateur/"),
        ("Préparer mon marché", "/preparer-mon-marche/"),
        ("Recherche « béton recyclé »", "/recherche/?q=b%C3%A9ton%20recycl%C3%A9"),
        ("Quoi de neuf", "/quoi-de-neuf/"),
        ("Téléchargements", "/telechargements/"),
        ("Glossaire", "/glossaire/"),
    ]
    return [(label, path) for label, path in found if path]


def lighthouse(url: str, out: Path) -> dict:
    """One Lighthouse run (performance only); its JSON report."""
    command = ["node", str(LIGHTHOUSE), url, "--quiet", "--only-categories=performance", "--output=json",
               f"--output-path={out}", "--chrome-flags=--headless=new --no-sandbox"]
    subprocess.run(command, check=True, timeout=300, env=dict(os.environ, CHROME_PATH=CHROME),
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return json.loads(out.read_text(encoding="utf-8"))


def summary(report: dict) -> dict:
    """The figures we keep from one report."""
    audits = report["audits"]
    requests = (audits.get("network-requests", {}).get("details") or {}).get("items", [])
    # data: URLs are already counted in their page or stylesheet; PDFs and downloads are aside (#25)
    requests = [r for r in requests if not r["url"].startswith("data:") and not (r.get("mimeType") or "").startswith(DOWNLOADS)]
    resources = sorted(((r.get("resourceSize") or 0, r.get("transferSize") or 0, r["url"]) for r in requests),
                       reverse=True)
    score = report["categories"]["performance"]["score"]
    return {
        "score": None if score is None else round(score * 100),
        "lcp": audits["largest-contentful-paint"].get("numericValue"),
        "cls": audits["cumulative-layout-shift"].get("numericValue"),
        "tbt": audits["total-blocking-time"].get("numericValue"),
        "transferred": audits["total-byte-weight"].get("numericValue"),
        "uncompressed": sum(size for size, _, _ in resources),
        "largest": resources[:5],
        "error": (report.get("runtimeError") or {}).get("message"),
    }


def kb(n: float | None) -> str:
    return "—" if n is None else f"{n / 1000:,.0f} Ko".replace(",", " ")


def flag(text: str, bad: bool) -> str:
    return f"**{text}**" if bad else text


def row(label: str, path: str, m: dict) -> str:
    if m.get("error") and m.get("score") is None:
        return f"| {label} (`{path}`) | erreur : {m['error']} | | | | | |"
    score, lcp, cls, tbt = m["score"], m["lcp"], m["cls"], m["tbt"]
    cells = [
        flag(str(score), score is None or score < MIN_SCORE),
        "—" if lcp is None else f"{lcp / 1000:.1f} s",
        "—" if cls is None else flag(f"{cls:.3f}", cls > MAX_CLS),
        "—" if tbt is None else f"{tbt:.0f} ms",
        kb(m["transferred"]),
        flag(kb(m["uncompressed"]), m["uncompressed"] > MAX_FIRST_VISIT),
    ]
    return f"| {label} (`{path}`) | " + " | ".join(cells) + " |"


def short(url: str, base: str) -> str:
    return url[len(base):] if url.startswith(base) else url


def measure(site: Path, runs: int, keep: Path | None = None) -> list[tuple[str, str, dict]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    results = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for label, path in pages(site):
                found = []
                for k in range(runs):
                    print(f"Lighthouse : {label} ({k + 1}/{runs})…", file=sys.stderr, flush=True)
                    try:
                        out = keep / f"{path.split('?')[0].strip('/').replace('/', '-') or 'accueil'}-{k + 1}.json" \
                            if keep else Path(tmp) / "rapport.json"
                        found.append(summary(lighthouse(base + path, out)))
                    except (subprocess.SubprocessError, OSError, ValueError, KeyError) as exc:
                        detail = getattr(exc, "stderr", b"") or b""
                        message = detail.decode(errors="replace").strip().splitlines()[-1:] or [str(exc)]
                        found.append({"score": None, "error": message[0][:200]})
                scored = sorted((m for m in found if m.get("score") is not None), key=lambda m: m["score"])
                # the run with the median score (the lower one of the two middle runs)
                chosen = scored[(len(scored) - 1) // 2] if scored else found[-1]
                chosen["scores"] = [m["score"] for m in scored]
                chosen["largest"] = [(size, sent, short(url, base)) for size, sent, url in chosen.get("largest", [])]
                results.append((label, path, chosen))
    finally:
        server.shutdown()
    return results


def report(results: list[tuple[str, str, dict]], runs: int) -> str:
    lines = [
        "# Lighthouse, mobile (performance)",
        "",
        f"Lighthouse {lighthouse_version()}, profil mobile par défaut (lenteur simulée), Chromium sans écran, "
        f"site servi en local avec compression gzip du texte ; {runs} passage(s) par page, score médian gardé.",
        f"Objectifs (#25) : score ≥ {MIN_SCORE}, CLS ≤ {MAX_CLS}, première visite ≤ {MAX_FIRST_VISIT // 1000} Ko "
        "non compressés (1 Ko = 1 000 octets). En gras : objectif non atteint.",
        "",
        "| Page | Score | LCP | CLS | TBT | Transféré | Non compressé |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    lines += [row(label, path, m) for label, path, m in results]
    if runs > 1:
        lines += ["", "Scores de chaque passage : " + " ; ".join(
            f"{label} {', '.join(map(str, m.get('scores', [])))}" for label, _, m in results) + "."]
    lines += ["", "## Ressources les plus lourdes (non compressées) de chaque page", ""]
    for label, path, m in results:
        items = ", ".join(f"`{url}` {kb(size)} ({kb(sent)} transférés)" for size, sent, url in m.get("largest", []))
        lines.append(f"- {label} (`{path}`) : {items or '—'}")
    missed = [label for label, _, m in results if m.get("score") is None or m["score"] < MIN_SCORE
              or (m.get("cls") or 0) > MAX_CLS or m.get("uncompressed", 0) > MAX_FIRST_VISIT]
    lines += ["", "Pages hors objectif : " + (", ".join(missed) if missed else "aucune") + "."]
    return "\n".join(lines)


def lighthouse_version() -> str:
    package = LIGHTHOUSE.parent.parent / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"] if package.is_file() else "?"


def main() -> int:
    parser = argparse.ArgumentParser(description="Lighthouse mobile sur une page de chaque type du site construit.")
    parser.add_argument("site", nargs="?", default="site", help="dossier du site construit (défaut : site)")
    parser.add_argument("--passages", type=int, default=1, help="passages par page, score médian gardé (défaut : 1)")
    parser.add_argument("--rapports", type=Path, help="dossier où garder les rapports JSON de Lighthouse")
    args = parser.parse_args()
    if args.rapports:
        args.rapports.mkdir(parents=True, exist_ok=True)
    source = Path(args.site).resolve()
    if not (source / "index.html").is_file():
        print(f"Pas de site construit dans {source} (lancer make build).", file=sys.stderr)
        return 1
    if not LIGHTHOUSE.is_file():
        print("Lighthouse absent : lancer npm ci --ignore-scripts.", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "site"
        shutil.copytree(source, copy)
        results = measure(copy, max(1, args.passages), args.rapports.resolve() if args.rapports else None)
    print(report(results, max(1, args.passages)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
