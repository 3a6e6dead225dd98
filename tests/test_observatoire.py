"""« Observatoire » (#24): rendered from the snapshots of data/indicateurs/ only; each chart an image with a title and
a description, its table beside it, its source with rows read and rejected; no snapshot: what to do. The fixture
snapshots come from `python -m macros.indicators` run on files generated from the official schemas
(tests/fixtures/indicateurs/generer.py): nothing generated is in data/."""
from __future__ import annotations

import csv
import datetime as dt
import re

from conftest import FIXTURES, ROOT

from macros.model import load_base
from macros.opendata import write_indicator_tables
from macros.outputs import indicator_csv
from macros.render.observatory import latest, observatory


def fixture_base():
    return load_base(FIXTURES / "base", today=dt.date(2026, 11, 29))


def test_real_base_has_no_made_up_snapshot_and_says_how_to_make_one():
    assert not list((ROOT / "data").glob("indicateurs/*.yml")) or all(
        "make indicateurs" in p.read_text(encoding="utf-8") or "macros.indicators" in p.read_text(encoding="utf-8")
        for p in (ROOT / "data").glob("indicateurs/*.yml"))
    base = load_base(ROOT)
    if not latest(base):
        html = observatory(base, "observatoire/")
        assert html.count("Aucun instantané n'est encore publié") == 3 and "make indicateurs" in html


def test_each_chart_has_its_title_description_and_table():
    base = fixture_base()
    html = observatory(base, "observatoire/")
    charts = re.findall(r'<svg class="graphique"[^>]*aria-labelledby="([^"]+)"', html)
    assert len(charts) == 4  # DECP environmental and social, AGEC, EGalim
    for ids in charts:
        title, desc = ids.split()
        assert f'<title id="{title}">' in html and f'<desc id="{desc}">' in html
    assert html.count("<table") >= 4 and "style=" not in html.split("<svg")[1]
    snap = latest(base)["decp"]
    years = [v for v in snap["valeurs"] if len(v.keys() & {"departement", "famille", "type_acheteur"}) == 0]
    last = years[-1]
    assert f"En {last['annee']}," in html and str(last["marches"]) in html
    assert "lignes lues" in html and "rejetées par le schéma" in html
    assert "Écarts à la cible et clauses qui y répondent" in html and "clauses/" in html


def test_snapshot_values_as_csv(tmp_path):
    base = fixture_base()
    write_indicator_tables(base, tmp_path)
    snap = latest(base)["egalim"]
    with open(tmp_path / indicator_csv(snap["id"]), encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(snap["valeurs"])
    assert float(rows[0]["part_bio_mediane"]) == snap["valeurs"][0]["part_bio_mediane"]
