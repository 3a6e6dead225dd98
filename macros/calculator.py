"""Calculator model: the rates the page uses (from data/obligations) and the reference computation that the
browser's script must reproduce exactly (amounts in cents, shares in tenths of a percent, halves rounded up)."""
from __future__ import annotations

import datetime as dt

from . import obligations as ob
from .model import Base
from .schemas import allowed

# the catering scopes the EGALIM form offers (the general row, then the State's own)
EGALIM_SCOPES = ("collective-publique", "etat")
# EGALIM indicator → (part, whole): which amounts of the form make its share
EGALIM_PAIRS = {"durables-qualite": ("qualite", "alimentaire"), "bio": ("bio", "alimentaire"),
                "viandes-poissons-durables": ("viandes_qualite", "viandes")}


def agec_categories(base: Base) -> list[dict]:
    """Rates per product category (AGEC art. 58): entries with a « categorie »."""
    entries = [o for o in base.obligations.values() if o["forme"] == "taux" and o.get("categorie")]
    return sorted(entries, key=lambda o: o["categorie"]["libelle"])


def agec_indicators(base: Base) -> list[str]:
    used = {r["indicateur"] for o in agec_categories(base) for r in o["taux"]}
    return [i for i in allowed("indicateur") if i in used]


def egalim_entries(base: Base) -> list[dict]:
    """Catering rates: entries with a « restauration » scope and rows for the form's indicators."""
    return sorted((o for o in base.obligations.values() if o["forme"] == "taux" and o.get("restauration")
                   and all(r["indicateur"] in EGALIM_PAIRS for r in o["taux"])), key=lambda o: o["depuis"])


def years(base: Base) -> list[int]:
    rows = [r["annee"] for o in base.obligations.values() for r in o.get("taux", [])]
    return list(range(min(rows), max(max(rows), base.today.year) + 2))


def round_half_up(numerator: int, denominator: int) -> int:
    """Integer rounding of numerator / denominator (both ≥ 0), halves up: the browser's Math.round."""
    return (2 * numerator + denominator) // (2 * denominator)


def minimum_cents(total_cents: int, rate: float) -> int:
    return round_half_up(total_cents * round(rate * 10), 1000)


def share_tenths(part_cents: int, total_cents: int) -> int | None:
    """Share in tenths of a percent (253 = 25,3 %)."""
    return round_half_up(part_cents * 1000, total_cents) if total_cents else None


def agec_result(entry: dict, year: int, total: int, reuse: int, recycled: int, donations: int,
                typed: dict | None = None) -> list[dict]:
    """One line per indicator; amounts in cents. Donations count as reuse and in the base (reading « à vérifier »).
    `typed`: rates the buyer read in the official annex, by indicator, used only where this site has none."""
    base_cents = total + donations
    held = {"reemploi-reutilisation": reuse + donations, "matieres-recyclees": recycled}
    out = []
    for indicator in held:
        row = ob.rate(entry, indicator, year)
        if (row is None or row["valeur"] is None) and (typed or {}).get(indicator) is not None:
            row = {"valeur": typed[indicator], "a_verifier": False, "saisi": True}
        if row is None or row["valeur"] is None:
            out.append({"indicateur": indicator, "taux": None, "a_verifier": True, "minimum": None,
                        "atteint": held[indicator], "ecart": None})
            continue
        minimum = minimum_cents(base_cents, row["valeur"])
        out.append({"indicateur": indicator, "taux": row["valeur"], "a_verifier": row["a_verifier"], "minimum": minimum,
                    "atteint": held[indicator], "ecart": max(0, minimum - held[indicator]), "saisi": row.get("saisi", False)})
    return out


def egalim_result(base: Base, year: int, scope: str, amounts: dict) -> list[dict]:
    """`amounts`: cents by form field (alimentaire, qualite, bio, viandes, viandes_qualite)."""
    out = []
    for entry in egalim_entries(base):
        for indicator in ob.indicators(entry):
            row = ob.rate(entry, indicator, year, scope)
            part, whole = (amounts.get(k, 0) for k in EGALIM_PAIRS[indicator])
            if row is None or not whole:
                continue
            minimum = minimum_cents(whole, row["valeur"])
            out.append({"indicateur": indicator, "taux": row["valeur"], "a_verifier": row["a_verifier"],
                        "part": share_tenths(part, whole), "minimum": minimum, "atteint": part,
                        "ecart": max(0, minimum - part), "article": row.get("article", entry["article"])})
    return out


def ended(item: dict) -> str | None:
    """The first day an item no longer counts (the day after `jusqu_au`), ISO."""
    end = item.get("jusqu_au")
    return (dt.date.fromisoformat(end) + dt.timedelta(days=1)).isoformat() if end else None


def no_longer_counted(entry: dict, year: int) -> list[dict]:
    """What stopped counting before the calendar year began (the script says the same for the chosen year)."""
    return [i for i in entry.get("ce_qui_compte", []) if ended(i) and ended(i) <= f"{year}-01-01"]


def counted(item: dict) -> dict:
    from .render.labels import french_date
    end = ended(item)
    return {"libelle": item["libelle"], "article": item["article"], "parts": item["parts"], "depuis": item.get("depuis"),
            "plus_depuis": end, "plus_depuis_texte": french_date(end) if end else None}


def page_data(base: Base) -> dict:
    """What the page's script needs, nothing else: rates, labels and sources."""
    def rows(entry):
        return [{k: r.get(k) for k in ("indicateur", "annee", "valeur", "champ", "a_verifier", "article")}
                for r in entry.get("taux", [])]
    return {
        "annee": base.today.year,
        "annees": years(base),
        "agec": [{"id": o["id"], "libelle": o["categorie"]["libelle"],
                  "declaration": o["categorie"].get("libelle_declaration", o["categorie"]["libelle"]),
                  "taux": rows(o), "article": o["article"]} for o in agec_categories(base)],
        "egalim": [{"id": o["id"], "titre": o["titre"], "article": o["article"], "taux": rows(o),
                    "compte": [counted(item) for item in o.get("ce_qui_compte", [])]}
                   for o in egalim_entries(base)],
        "paires": EGALIM_PAIRS,
    }
