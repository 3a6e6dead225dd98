"""Observatoire: indicators computed from three official sources (DECP, AGEC art. 58 declarations, ma-cantine
EGalim declarations), each read in its official format and checked against its vendored schema, written as one
dated snapshot per source. The site renders only from these snapshots. See README.md in this folder."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
HERE = Path(__file__).resolve().parent
NATIONAL = ROOT / "schemas" / "nationaux"

# Île-de-France: the eight départements of the région (code Insee 11)
IDF_DEPARTMENTS = ("75", "77", "78", "91", "92", "93", "94", "95")


def department_of_commune(code: str | None) -> str | None:
    """Département of a commune's Insee code: 3 characters overseas (97x, 98x), otherwise 2 (2A, 2B included)."""
    if not code:
        return None
    return code[:3] if code.startswith(("97", "98")) else code[:2]
