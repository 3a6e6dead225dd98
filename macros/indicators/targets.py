"""Targets read from the site's data (read only, never copied): AGEC and EGalim minimum shares in data/obligations,
the PNAD targets in data/veille. Rounding follows the calculator (tenths of a percent, halves up)."""
from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from .. import obligations as ob
from . import HERE, ROOT

DATA = ROOT / "data"


def share(part: int, whole: int) -> float | None:
    """Percentage with one decimal, halves rounded up (the calculator's share_tenths), from integer counts or cents."""
    return (2 * part * 1000 + whole) // (2 * whole) / 10 if whole else None


@cache
def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def agec_entries() -> dict[str, dict]:
    """AGEC obligations by the category label of the declaration schema."""
    out = {}
    for path in sorted((DATA / "obligations").glob("*.yml")):
        entry = _yaml(path)
        if entry.get("forme") == "taux" and entry.get("categorie"):
            cat = entry["categorie"]
            out[cat.get("libelle_declaration", cat["libelle"])] = entry
    return out


def rate(entry: dict | None, indicator: str, year: int) -> dict | None:
    row = ob.rate(entry, indicator, year) if entry else None
    if row is None or row.get("valeur") is None:
        return None
    return {"obligation": entry["id"], "indicateur": indicator, "palier": row["annee"], "valeur": row["valeur"],
            "a_verifier": bool(row.get("a_verifier"))}


def egalim_entry() -> dict:
    return _yaml(DATA / "obligations" / "egalim-produits-durables-qualite.yml")


def decp_targets() -> list[dict]:
    """The PNAD 2022-2025 targets (rows marked « (cible) ») and the legal requirements on environmental terms."""
    text = _yaml(DATA / "veille" / "pnad-2022-2025.yml")
    out = []
    for row in text.get("chiffres", []):
        label = row["indicateur"]
        if "(cible)" in label:
            kind = "environnementale" if "environnementale" in label else "sociale" if "sociale" in label else None
            out.append({"source": text["id"], "considération": kind, "annee": int(row["periode"]), "valeur": row["valeur"],
                        "unite": row["unite"], "libelle": label, "a_verifier": bool(row.get("a_verifier"))})
    for name in ("ccp-condition-execution-environnementale", "ccp-critere-attribution-environnemental"):
        entry = _yaml(DATA / "obligations" / f"{name}.yml")
        out.append({"source": entry["id"], "considération": "environnementale", "depuis": str(entry["depuis"]),
                    "libelle": entry["titre"], "obligation_legale": True})
    return out


def prefixes(name: str) -> dict[str, str]:
    """prefix → value, from one of the documented YAML tables of this folder."""
    table = _yaml(HERE / name)
    return {prefix: value for value, rows in table.items() for prefix in rows}


def by_prefix(code: str | None, table: dict[str, str], default: str) -> str:
    code = (code or "").replace("-", "")
    best = max((p for p in table if code.startswith(p)), key=len, default=None)
    return table[best] if best else default
