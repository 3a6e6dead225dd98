"""Reporting kit of a clause (« kit de suivi ») : a workbook (.ods by odfdo, .xlsx by XlsxWriter) with one row per
follow-up indicator of the clause and one column per reporting period of the execution years, and a calendar
(.ics, icalendar) of the reporting deadlines. « Préparer mon marché » makes the same for a selection, in the
browser, from `telechargements/suivi-indicateurs.json` (the rows below) and the years of the contract.

An indicator's unit and frequency are read from its wording by the rules below (« Part… » : %, « … par mois » :
mensuelle…); where the wording says neither, the workbook says « à préciser » or « annuelle (à adapter) ». The
target is the value to adapt written in the clause (a placeholder such as « [XX %] »), never a made-up figure.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from pathlib import Path

from .model import PLACEHOLDER_RE, Base
from .outputs import KIT_DATA, KIT_FORMATS, entry_url, kit_path

UNIT_RULES = [(r"^(part|parts|taux|pourcentage)\b", "%"), (r"^nombre\b", "nombre"), (r"\ben kg par m²", "kg/m²"),
              (r"^kilogrammes?\b", "kg"), (r"\ben grammes\b|^grammes?\b", "g"), (r"^(tonnes?|tonnages?)\b", "t"),
              (r"^(montant|coût)\b", "€ HT"), (r"^délai\b", "jours"), (r"^(âge|durée)\b", "années"),
              (r"^consommation électrique\b", "kWh"), (r"^note\b", "note")]
FREQUENCY_RULES = [(r"\bpar mois\b|\bmensuel", "mensuelle", 12), (r"\bpar trimestre\b|\btrimestriel", "trimestrielle", 4),
                   (r"\bpar semestre\b|\bsemestriel", "semestrielle", 2), (r"\bpar (an|année)\b|\bannuel", "annuelle", 1)]
DEFAULT_FREQUENCY = ("annuelle (à adapter)", 1)
UNKNOWN_UNIT = "à préciser"
MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")
HEAD = ["Clause", "Indicateur", "Unité", "Fréquence", "Preuve attendue", "Cible (clause, à adapter)"]
KIT_YEARS = 4  # a clause's own kit: the next four years, to adapt to the contract


def unit_of(text: str) -> str:
    lower = text.lower()
    return next((unit for pattern, unit in UNIT_RULES if re.search(pattern, lower)), UNKNOWN_UNIT)


def frequency_of(text: str) -> tuple[str, int]:
    lower = text.lower()
    return next(((name, per_year) for pattern, name, per_year in FREQUENCY_RULES if re.search(pattern, lower)),
                DEFAULT_FREQUENCY)


NUMERIC_RE = re.compile(r"[\dX]+(?:[ ,.][\dX]+)*\s*(%|jours?|mois|ans?|kg|t|€.*)?")
NO_TARGET = "à fixer dans le marché"


def target_of(clause: dict, unit: str) -> str:
    """The clause's values to adapt that are figures fitting the unit (« [XX %] » for a share), or « à fixer »."""
    found = [m.group(1).strip() for m in PLACEHOLDER_RE.finditer(clause["redaction"])]
    # « [X] » is most often an article or criterion number: not a target
    figures = [p for p in found if p != "X" and NUMERIC_RE.fullmatch(p) and ("%" in p) == (unit == "%")]
    chosen = list(dict.fromkeys(f"[{p}]" for p in figures))
    return ", ".join(chosen[:3]) if chosen else NO_TARGET


def indicator_rows(clause: dict) -> list[dict]:
    """One row per follow-up indicator of the clause."""
    rows = []
    for text in clause["indicateurs"]:
        unit = unit_of(text)
        frequency, per_year = frequency_of(text)
        rows.append({"clause": clause["id"], "titre": clause["titre"], "indicateur": text, "unite": unit,
                     "frequence": frequency, "par_an": per_year, "preuve": "; ".join(clause["preuves"]),
                     "cible": target_of(clause, unit)})
    return rows


def periods(years: list[int], per_year: int) -> list[tuple[str, dt.date]]:
    """(label, last day) of each reporting period of the years."""
    out = []
    for year in years:
        for i in range(per_year):
            end_month = (i + 1) * 12 // per_year
            last = dt.date(year + end_month // 12, end_month % 12 + 1, 1) - dt.timedelta(days=1)
            label = (str(year) if per_year == 1 else f"{year} S{i + 1}" if per_year == 2 else
                     f"{year} T{i + 1}" if per_year == 4 else f"{MONTHS[i]} {year}")
            out.append((label, last))
    return out


def table(rows: list[dict], years: list[int]) -> tuple[list[str], list[list[str]]]:
    """Header and cells: the finest frequency gives the columns; a coarser indicator is reported at the end of its
    own periods (« — » elsewhere)."""
    finest = max((r["par_an"] for r in rows), default=1)
    columns = periods(years, finest)
    head = HEAD + [label for label, _ in columns]
    cells = []
    for r in rows:
        ends = {last for _, last in periods(years, r["par_an"])}
        cells.append([r["titre"], r["indicateur"], r["unite"], r["frequence"], r["preuve"], r["cible"]]
                     + ["" if last in ends else "—" for _, last in columns])
    return head, cells


WIDTHS = [40, 40, 14, 16, 30, 30]  # characters, per column of HEAD; a period's column: 10


def _widths(head: list[str]) -> list[int]:
    return WIDTHS + [10] * (len(head) - len(HEAD))


def ods(rows: list[dict], years: list[int], title: str) -> bytes:
    from odfdo import Column, Document, Style, Table
    head, cells = table(rows, years)
    doc = Document("spreadsheet")
    doc.body.clear()  # the template's empty first sheet
    sheet = Table("Suivi")
    sheet.set_values([[title], head, *cells])
    wrap = Style("table-cell", name="retour")
    wrap.set_properties({"fo:wrap-option": "wrap", "style:vertical-align": "top"}, area="table-cell")
    doc.insert_style(wrap, automatic=True)
    for col, width in enumerate(_widths(head)):
        name = f"largeur{width}"
        if doc.get_style("table-column", name) is None:
            doc.insert_style(Style("table-column", name=name, width=f"{width * 0.19:.2f}cm"), automatic=True)
        sheet.set_column(col, Column(style=name))
    for r in range(1, len(cells) + 2):  # rows wrap; LibreOffice fits their height
        for c in range(len(head)):
            cell = sheet.get_cell((c, r))
            cell.style = "retour"
            sheet.set_cell((c, r), cell)
    doc.body.append(sheet)
    doc.meta.set_title(title)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def xlsx(rows: list[dict], years: list[int], title: str) -> bytes:
    import xlsxwriter
    head, cells = table(rows, years)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties({"title": title})
    sheet = book.add_worksheet("Suivi")
    title_format = book.add_format({"bold": True, "font_size": 13})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    widths = _widths(head)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)

    def height(row: list[str]) -> float:  # LibreOffice does not fit wrapped rows on opening: 15 points a line
        return 15 * max(1, *(-(-len(str(v)) // int(w)) for v, w in zip(row, widths)))

    sheet.write(0, 0, title, title_format)
    sheet.write_row(1, 0, head, bold)
    sheet.set_row(1, height(head))
    for i, row in enumerate(cells):
        sheet.write_row(i + 2, 0, row, wrap)
        sheet.set_row(i + 2, height(row))
    sheet.freeze_panes(2, 2)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # printed: all columns on the width of a page
    sheet.repeat_rows(1)
    book.close()
    return out.getvalue()


def ics(rows: list[dict], years: list[int], title: str, url: str) -> bytes:
    """One event per reporting deadline (the last day of a period), with the indicators due then."""
    from icalendar import Calendar, Event
    cal = Calendar()
    cal.add("prodid", "-//Achats circulaires Ile-de-France//Kit de suivi//FR")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", title)
    due: dict[dt.date, list[str]] = {}
    for r in rows:
        for label, last in periods(years, r["par_an"]):
            due.setdefault(last, []).append(f"{r['indicateur']} ({label})")
    for day, items in sorted(due.items()):
        event = Event()
        digest = hashlib.sha256(title.encode()).hexdigest()[:10]  # stable from one build to the next
        event.add("uid", f"suivi-{day.isoformat()}-{digest}@achats-circulaires-idf")
        event.add("dtstamp", dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC))
        event.add("dtstart", day)
        event.add("summary", f"Indicateurs de suivi à recueillir ({len(items)})")
        event.add("description", "\n".join(items))
        event.add("url", url)
        cal.add_component(event)
    return cal.to_ical()


def kit_years(base: Base) -> list[int]:
    return list(range(base.today.year + 1, base.today.year + 1 + KIT_YEARS))


def _write_kits(clause_ids: list[str], base: Base, site: Path, url: str) -> None:
    years = kit_years(base)
    for clause_id in clause_ids:
        clause = base.clauses[clause_id]
        rows = indicator_rows(clause)
        title = f"Suivi des indicateurs — {clause['titre']}"
        page = url.rstrip("/") + "/" + entry_url("clauses", clause_id)
        made = {"ods": ods(rows, years, title), "xlsx": xlsx(rows, years, title), "ics": ics(rows, years, title, page)}
        for fmt, content in made.items():
            (site / kit_path(clause_id, fmt)).write_bytes(content)


def jobs(base: Base, site: Path, url: str, count: int = 2) -> tuple[list, list[tuple[str, Path]]]:
    """The kit of every clause with indicators, as `count` jobs (macros/forked.py), and the files they write."""
    ids = sorted(cid for cid, c in base.clauses.items() if c.get("indicateurs"))
    if ids:
        (site / kit_path(ids[0], "ods")).parent.mkdir(parents=True, exist_ok=True)
    made = [(kit_path(cid, fmt), site / kit_path(cid, fmt)) for cid in ids for fmt in KIT_FORMATS]
    return [(f"kits de suivi (.ods, .xlsx, .ics), lot {i + 1} sur {count}", _write_kits, ids[i::count], base, site, url)
            for i in range(count) if ids[i::count]], made


def write_kit_data(base: Base, site: Path) -> None:
    import json
    (site / KIT_DATA).parent.mkdir(parents=True, exist_ok=True)
    (site / KIT_DATA).write_text(json.dumps(kit_data(base), ensure_ascii=False), encoding="utf-8")


def kit_data(base: Base) -> dict:
    """The rows of every clause, for « Préparer mon marché » (periods made in the browser from the contract's years)."""
    return {cid: indicator_rows(c) for cid, c in base.clauses.items() if c.get("indicateurs")}
