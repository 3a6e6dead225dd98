"""Reporting kit (#24): one row per follow-up indicator of a clause, with unit, frequency, proof and the clause's
target to adapt; one column per reporting period of the execution years; an .ics of the deadlines. The workbooks
are opened by LibreOffice (Calc, headless)."""
from __future__ import annotations

import csv
import datetime as dt

import icalendar
import pytest
from conftest import ROOT, soffice

from macros import reporting
from macros.model import load_base

YEARS = [2027, 2028]


@pytest.fixture(scope="module")
def clause():
    base = load_base(ROOT)
    return next(c for c in base.clauses.values() if len(c["indicateurs"]) >= 2)


def test_units_frequencies_and_targets_come_from_the_wording():
    assert reporting.unit_of("Part des références livrées conformes.") == "%"
    assert reporting.unit_of("Kilogrammes de denrées données par mois et par site.") == "kg"
    assert reporting.unit_of("Quantités d'excédents données.") == reporting.UNKNOWN_UNIT
    assert reporting.frequency_of("Kilogrammes de denrées données par mois et par site.") == ("mensuelle", 12)
    assert reporting.frequency_of("Part annuelle de produits.") == ("annuelle", 1)
    assert reporting.frequency_of("Nombre de pannes.") == reporting.DEFAULT_FREQUENCY
    clause = {"redaction": "Article [X] : au moins [XX %] de matière, délai [30] jours, lot [n°].", "indicateurs": []}
    assert reporting.target_of(clause, "%") == "[XX %]"
    assert reporting.target_of(clause, "jours") == "[30]"
    assert reporting.target_of({"redaction": "Sans valeur."}, "%") == reporting.NO_TARGET


def test_periods_end_on_the_last_day():
    months = reporting.periods([2027], 12)
    assert len(months) == 12 and months[1] == ("févr. 2027", dt.date(2027, 2, 28)) and months[-1][1] == dt.date(2027, 12, 31)
    assert reporting.periods([2027, 2028], 2) == [("2027 S1", dt.date(2027, 6, 30)), ("2027 S2", dt.date(2027, 12, 31)),
                                                  ("2028 S1", dt.date(2028, 6, 30)), ("2028 S2", dt.date(2028, 12, 31))]


def test_workbooks_open_in_libreoffice_with_one_row_per_indicator(clause, tmp_path, office_profile):
    rows = reporting.indicator_rows(clause)
    files = []
    for fmt, make in (("ods", reporting.ods), ("xlsx", reporting.xlsx)):
        path = tmp_path / f"kit-{fmt}.{fmt}"
        path.write_bytes(make(rows, YEARS, f"Suivi — {clause['titre']}"))
        files.append(path)
    for path in files:
        out = tmp_path / f"csv-{path.suffix[1:]}"
        soffice(office_profile, f"conversion de {path.name} en CSV", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
                str(path), "--outdir", str(out), expect=[out / f"{path.stem}.csv"])
        with open(out / f"{path.stem}.csv", encoding="utf-8", newline="") as handle:
            table = [r for r in csv.reader(handle) if any(r)]
        assert table[0][0].startswith("Suivi — "), path.name
        assert table[1][:6] == reporting.HEAD and table[1][6:] == ["2027", "2028"], path.name
        assert [r[1] for r in table[2:]] == clause["indicateurs"], path.name
        assert all(r[2] and r[3] and r[4] == "; ".join(clause["preuves"]) for r in table[2:]), path.name


def test_calendar_of_deadlines(clause):
    rows = reporting.indicator_rows(clause)
    cal = icalendar.Calendar.from_ical(reporting.ics(rows, YEARS, "Suivi", "https://achats-circulaires.test/"))
    events = [e for e in cal.walk("VEVENT")]
    assert [e.decoded("dtstart") for e in events][-1] == dt.date(2028, 12, 31)
    assert all(str(e["uid"]).endswith("@achats-circulaires-idf") for e in events)
    assert clause["indicateurs"][0] in str(events[-1]["description"])
