"""Benchmark (not a test): data at 1×, 10× and 100× the real base; load/validate time, HTML build time, search
index size, PDF time, and the data layer's overhead against the same pages pre-rendered to plain Markdown.

Usage: make bench   (writes bench/resultats.md)
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from macros.model import load_base  # noqa: E402

FACTORS = [int(f) for f in os.environ.get("BENCH_FACTEURS", "1,10,100").split(",")]
# each page as the macros rendered it, with its front matter (title, search boost…: the same pages), less the
# key that only the macros read
CAPTURE_HOOK = '''
from pathlib import Path
import yaml
OUT = Path(__file__).parent / "docs_rendus"
def on_page_markdown(markdown, page, config, files):
    target = OUT / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    meta = {k: v for k, v in page.meta.items() if k != "render_macros"}
    front = "---\\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\\n" if meta else ""
    target.write_text(front + markdown, encoding="utf-8")
    return markdown
'''


def copy_project(dest: Path) -> None:
    for name in ("mkdocs.yml", "main.py", "docs", "macros", "schemas", "overrides", "data"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, dest / name)


def multiply(dest: Path, factor: int) -> int:
    """Write factor-1 synthetic copies of each clause, text and case study (valid, cross-references kept)."""
    for kind in ("clauses", "veille", "retours"):
        for path in sorted((dest / "data" / kind).glob("*.yml")):
            entry = yaml.safe_load(path.read_text(encoding="utf-8"))
            for k in range(1, factor):
                copy = dict(entry, id=f"{entry['id']}-s{k}")
                for key in ("abroge", "abroge_par", "date_abrogation"):
                    copy.pop(key, None)
                text = yaml.safe_dump(copy, allow_unicode=True, sort_keys=False)
                text = text.replace("'", "'")
                (path.parent / f"{copy['id']}.yml").write_text(text, encoding="utf-8")
    return sum(1 for _ in (dest / "data").rglob("*.yml"))


def timed(command, cwd, env=None) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(result.stderr[-3000:])
    return time.perf_counter() - start


def serve_edits(work: Path, env: dict, edits: int = 3) -> tuple[list[float], list[int]]:
    """`make serve` (macros.serve) on the copy: for each edit of a clause's title, the seconds until its page shows
    the new title, and how many builds the edit started (counted 8 s after the page showed it)."""
    import re
    import socket
    import urllib.request
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = work / "serve.log"
    with open(log, "w", encoding="utf-8") as out:
        server = subprocess.Popen([sys.executable, "-m", "macros.serve", "--strict", "-a", f"127.0.0.1:{port}"],
                                  cwd=work, env=dict(env, ACHATS_BROUILLON="1"), stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 120
        while "Serving on" not in log.read_text(encoding="utf-8"):
            if time.time() > deadline or server.poll() is not None:
                raise SystemExit(log.read_text(encoding="utf-8")[-3000:])
            time.sleep(0.2)
        entry = sorted((work / "data" / "clauses").glob("*.yml"))[0]
        url = f"http://127.0.0.1:{port}/clauses/{entry.stem}/"
        delays, builds = [], []
        for k in range(edits):
            before = log.read_text(encoding="utf-8").count("Building documentation")
            text = entry.read_text(encoding="utf-8")
            mark = f"(modification {k})"
            entry.write_text(re.sub(r'^titre: "(.*)"$', rf'titre: "\1 {mark}"', text, count=1, flags=re.M),
                             encoding="utf-8")
            start = time.perf_counter()
            while mark not in urllib.request.urlopen(url).read().decode("utf-8"):
                if time.perf_counter() - start > 60:
                    raise SystemExit(log.read_text(encoding="utf-8")[-3000:])
                time.sleep(0.05)
            delays.append(time.perf_counter() - start)
            time.sleep(8)
            builds.append(log.read_text(encoding="utf-8").count("Building documentation") - before)
        return delays, builds
    finally:
        server.terminate()
        server.wait()


def measure(factor: int) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"bench-{factor}x-"))
    try:
        copy_project(work)
        entries = multiply(work, factor)
        files = sorted((work / "data").rglob("*.yml"))
        parse = []
        for _ in range(3):
            start = time.perf_counter()
            for path in files:
                yaml.load(path.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)
            parse.append(time.perf_counter() - start)
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            load_base(work, today=dt.date(2026, 11, 29))
            runs.append(time.perf_counter() - start)
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", ACHATS_DATE_REFERENCE="2026-11-29",
                   SITE_URL="https://achats-circulaires.test/")
        env.pop("ACHATS_PDF", None)
        mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"]
        # same pages, rendered once by the macros and captured, then built without macros (plain.yml)
        config = (work / "mkdocs.yml").read_text(encoding="utf-8")
        (work / "capture.py").write_text(CAPTURE_HOOK, encoding="utf-8")
        (work / "capture.yml").write_text(config + "\nhooks:\n  - capture.py\n", encoding="utf-8")
        timed(mkdocs + ["-f", "capture.yml", "-d", "site-capture"], work, env)
        plain = config.replace("docs_dir: docs", "docs_dir: docs_rendus")
        start, end = plain.index("  - macros:"), plain.index("markdown_extensions:")
        (work / "plain.yml").write_text(plain[:start] + "\n" + plain[end:], encoding="utf-8")
        shutil.copytree(work / "docs" / "assets", work / "docs_rendus" / "assets", dirs_exist_ok=True)
        # the two builds in pairs, run one right after the other: a noisy machine drifts within a series, so the
        # overhead is the median of the pairs' ratios (the time columns keep the best of each)
        builds, plains = [], []
        for _ in range(5 if factor <= 10 else 1):
            builds.append(timed(mkdocs + ["-d", "site"], work, env))
            # the same pages with the same search: Pagefind on the plain site too (the data layer is what is measured)
            plains.append(timed(mkdocs + ["-f", "plain.yml", "-d", "site-plain"], work, env)
                          + timed([sys.executable, "-m", "pagefind", "--site", "site-plain", "--silent"], work, env))
        index = sum(p.stat().st_size for p in (work / "site" / "pagefind").rglob("*") if p.is_file())
        ratios = sorted(b / p for b, p in zip(builds, plains))
        row = {"factor": factor, "entries": entries, "load": min(runs), "parse": min(parse), "build": min(builds),
               "plain": min(plains), "ratio": statistics.median(ratios), "ratios": ratios, "index": index}
        if factor == 1:
            row["pdf"] = timed(mkdocs + ["-d", "site-pdf"], work, dict(env, ACHATS_PDF="1")) - row["build"]
            row["serve"], row["serve_builds"] = serve_edits(work, env)
        return row
    finally:
        shutil.rmtree(work, ignore_errors=True)


def write(rows) -> str:
    lines = [
        f"# Mesures de construction ({dt.date.today().isoformat()}, {os.cpu_count()} cœurs)",
        "",
        "| Échelle | Entrées (fichiers) | Lecture libyaml seule | Chargement + validation (objectif ≤ 2×) | Construction HTML | Même pages en Markdown simple | Surcoût des données (objectif ≤ 1,4× à 1×, ≤ 1,25× à 10×) | Index de recherche |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        lines.append(f"| {r['factor']}× | {r['entries']} | {r['parse']:.2f} s | {r['load']:.2f} s ({r['load'] / r['parse']:.1f}×) "
                     f"| {r['build']:.1f} s | {r['plain']:.1f} s "
                     f"| {r['ratio']:.2f}× ({r['ratios'][0]:.2f} à {r['ratios'][-1]:.2f}) | {r['index'] / 1e6:.1f} Mo |")
    scales = {r["factor"]: r["build"] for r in rows}
    if 10 in scales and 100 in scales:
        lines += ["", f"Croissance de 10× à 100× : la construction prend {scales[100] / scales[10]:.1f} fois le temps "
                      "de l'échelle 10× (objectif ≤ 12, croissance linéaire)."]
    pdf = next((r["pdf"] for r in rows if "pdf" in r), None)
    if pdf is not None:
        lines += ["", f"Temps ajouté par les PDF à une construction (1×) : {pdf:.0f} s (objectif ≤ 40 s)."]
    serve = next((r for r in rows if "serve" in r), None)
    if serve is not None:
        delays = ", ".join(f"{d:.1f} s" for d in serve["serve"])
        lines += ["", f"`make serve` (1×), modification du titre d'une clause : page à jour en {delays} "
                      f"(objectif ≤ 5 s) ; constructions par modification : {', '.join(map(str, serve['serve_builds']))} "
                      "(objectif : 1)."]
    lines += ["", "« Surcoût des données » : construction avec macros (chargement, validation, rendu, flux, index de "
              "recherche, en-têtes) divisée par la construction des mêmes pages déjà rendues en Markdown, sans macros, "
              "suivie du même index de recherche (Pagefind). "
              "Les deux constructions passent tour à tour (5 paires à 1× et 10×, une seule à 100×) ; les colonnes de temps "
              "gardent le meilleur de chacune, le surcoût est la médiane des rapports de chaque paire (entre parenthèses : "
              "le plus faible et le plus fort), moins sensible qu'un rapport de meilleurs temps à une machine dont la "
              "vitesse dérive pendant la série."]
    out = ROOT / "bench" / "resultats.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "\n".join(lines)


def main() -> None:
    rows = []
    for factor in FACTORS:
        rows.append(measure(factor))
        print(f"{factor}× : {rows[-1]}", flush=True)
        text = write(rows)  # after each scale, so that a long run keeps what it measured
    print(text)


if __name__ == "__main__":
    main()
