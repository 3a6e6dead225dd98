"""The step after the build (`python -m macros.derive`, run after Zensical) on ten times the content: it ends
without error, gives the same files as the build's own step, and the outputs hold every entry."""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys

from conftest import BUILD_DATE, PUBLIC_URL, ROOT
from icalendar import Calendar
from lxml import etree


def bench_module():
    spec = importlib.util.spec_from_file_location("bench_module", ROOT / "bench" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def snapshot(site) -> dict:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_derive_after_a_build_at_ten_times_the_content(builder, tmp_path):
    data = tmp_path / "donnees"
    shutil.copytree(ROOT / "data", data / "data")
    bench_module().multiply(data, 10)
    site = tmp_path / "site"
    result = builder(site, data_root=data)
    assert result.returncode == 0, result.stderr[-3000:]
    first = snapshot(site)
    env = dict(os.environ, ACHATS_RACINE=str(data), ACHATS_DATE_REFERENCE=BUILD_DATE, NO_MKDOCS_2_WARNING="1",
               SITE_URL=PUBLIC_URL)
    env.pop("ACHATS_PDF", None)
    again = subprocess.run([sys.executable, "-m", "macros.derive", str(site)], cwd=ROOT, env=env,
                           capture_output=True, text=True)
    assert again.returncode == 0 and not again.stderr, again.stderr[-3000:]
    # the same files: every step gives the same result when run again (Pagefind's own file names and order vary:
    # the same pages indexed)
    changed = sorted(name for name, content in snapshot(site).items()
                     if first.get(name) != content and not name.startswith("pagefind/"))
    assert not changed, changed[:10]
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["fr"]["page_count"] == json.loads(first["pagefind/pagefind-entry.json"])[
        "languages"]["fr"]["page_count"]

    counts = {kind: len(list((data / "data" / kind).glob("*.yml"))) for kind in ("clauses", "veille", "retours")}
    assert counts["clauses"] > 1000
    for kind, count in counts.items():
        records = json.loads((site / "donnees" / f"{kind}.json").read_text(encoding="utf-8"))
        assert len(records["entrees"] if isinstance(records, dict) else records) == count, kind
        assert len(list((site / kind).glob("*/index.html"))) == count, kind
    feed = etree.fromstring((site / "veille.xml").read_bytes())
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == counts["veille"]
    assert Calendar.from_ical((site / "echeancier.ics").read_bytes()).walk("VEVENT")
    assert "Content-Security-Policy" in (site / "_headers").read_text(encoding="utf-8")
    assert site.stat().st_mode & 0o777 == 0o755
