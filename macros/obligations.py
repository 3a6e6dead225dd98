"""Legal obligations (data/obligations): what applies on a date, and which rate holds in a given year."""
from __future__ import annotations

import datetime as dt


def date_of(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def in_force(entry: dict, day: dt.date) -> bool:
    start = dt.date.fromisoformat(entry["depuis"])
    end = entry.get("jusqu_au")
    return start <= day and (not end or day <= dt.date.fromisoformat(end))


def applies_to_family(entry: dict, family_id: str) -> bool:
    """Requirements marked transversal apply to every family; rates only where their category is filed."""
    fams = entry["familles"]
    return family_id in fams or ("transversal" in fams and entry["forme"] == "exigence")


def indicators(entry: dict) -> list[str]:
    return list(dict.fromkeys(r["indicateur"] for r in entry.get("taux", [])))


def fields(entry: dict) -> list[str | None]:
    """Catering scopes with their own rows (None: the obligation's general row)."""
    return list(dict.fromkeys(r.get("champ") for r in entry.get("taux", [])))


def _rows(entry: dict, indicator: str, scope: str | None):
    rows = [r for r in entry.get("taux", []) if r["indicateur"] == indicator]
    own = [r for r in rows if r.get("champ") == scope]
    return own if (own or scope is None) else [r for r in rows if r.get("champ") is None]


def rate(entry: dict, indicator: str, year: int, scope: str | None = None) -> dict | None:
    """Row in force during a calendar year: the latest step not after it (None before the first step)."""
    rows = [r for r in _rows(entry, indicator, scope) if r["annee"] <= year]
    return max(rows, key=lambda r: r["annee"]) if rows else None


def later_rates(entry: dict, indicator: str, year: int, scope: str | None = None) -> list[dict]:
    return sorted((r for r in _rows(entry, indicator, scope) if r["annee"] > year), key=lambda r: r["annee"])


def next_rate(entry: dict, indicator: str, year: int, scope: str | None = None) -> dict | None:
    later = later_rates(entry, indicator, year, scope)
    return later[0] if later else None


def steps(entry: dict) -> list[int]:
    return sorted({r["annee"] for r in entry.get("taux", [])})


def periods(entry: dict, from_year: int) -> list[tuple[int, int | None]]:
    """The calendar years each step covers, (first, last) with None for « from then on », leaving out the periods
    ended before `from_year`: a contract being written runs from then on."""
    years = steps(entry)
    spans = [(start, following - 1) for start, following in zip(years, years[1:])] + [(years[-1], None)] if years else []
    return [(start, end) for start, end in spans if end is None or end >= from_year]


# a catering answer covers these scopes of obligations (scolaire and État restaurants are public catering too)
CATERING_COVERS = {"collective-publique": ("collective-publique",), "scolaire": ("collective-publique", "scolaire"),
                   "etat": ("collective-publique", "etat")}


def applies_to_case(entry: dict, family: str, nature: str, buyer: str, catering: str | None = None,
                    category: str | None = None) -> bool:
    """The rule « Préparer mon marché » applies (its script does the same)."""
    if category and entry.get("categorie"):
        if entry["id"] != category:
            return False
    elif not applies_to_family(entry, family):
        return False
    if nature not in entry["natures"]:
        return False
    if entry.get("acheteurs") and buyer not in entry["acheteurs"]:
        return False
    return not entry.get("restauration") or entry["restauration"] in CATERING_COVERS.get(catering or "", ())


SOON_DAYS = 90  # a change this close is announced in words where the obligation is shown


def changes(entry: dict, day: dt.date, within: int = SOON_DAYS) -> list[str]:
    """Dates after `day`, within `within` days, when the obligation's figures change: 1 January of a step's year."""
    end = day + dt.timedelta(days=within)
    return [d for d in (f"{year}-01-01" for year in steps(entry)) if day < date_of(d) <= end]
