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

