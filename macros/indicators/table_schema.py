"""SQL checks derived from a Table Schema (Frictionless, version 1) for a CSV read as text by DuckDB.

Covered: the header (every field of the schema, in any order; no unknown column), types string, integer, number,
year, boolean, date; constraints required, enum, pattern (whole value, as Frictionless reads it), minimum, maximum,
minLength, maxLength. Empty cells are missing values (the Table Schema default, missingValues [""])."""
from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

from .decp_schema import Check, lit
from .errors import SourceError, shown

NUMBER = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$|^(NaN|INF|-INF)$"
TYPES = {"integer": (r"^[+-]?[0-9]+$", "un nombre entier"), "number": (NUMBER, "un nombre (point décimal)"),
         "year": (r"^[0-9]{4}$", "une année sur quatre chiffres"),
         "boolean": (r"^(true|True|TRUE|1|false|False|FALSE|0)$", "true ou false"),
         "date": (r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "une date AAAA-MM-JJ")}
HANDLED = {"required", "enum", "pattern", "minimum", "maximum", "minLength", "maxLength"}


@cache
def load(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def unsupported(schema: dict) -> set[str]:
    """Types and constraints of the schema that no check covers (must stay empty)."""
    out = set()
    for field in schema["fields"]:
        if field.get("type", "string") not in (*TYPES, "string"):
            out.add(f"{field['name']} : type {field['type']}")
        out |= {f"{field['name']} : {k}" for k in field.get("constraints", {}) if k not in HANDLED}
    return out


def header(path: Path, schema: dict, what: str) -> list[str]:
    """The CSV's columns, checked against the schema's fields; a French error names the file and line 1."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            first = next(csv.reader(f), [])
    except UnicodeDecodeError:
        raise SourceError(path, 1, "un fichier CSV encodé en UTF-8", "un autre encodage",
                          "enregistrez le fichier en UTF-8 (CSV, séparateur virgule)") from None
    names = [f["name"] for f in schema["fields"]]
    missing = [n for n in names if n not in first]
    unknown = [c for c in first if c not in names]
    if missing or unknown or len(set(first)) != len(first):
        found = shown(",".join(first), 120)
        detail = (f"il manque {', '.join(missing[:5])}" if missing else "") + \
                 ("; " if missing and unknown else "") + (f"colonnes inconnues {', '.join(unknown[:5])}" if unknown else "")
        raise SourceError(path, 1, f"l'en-tête CSV de {what} ({', '.join(names[:4])}…, séparateur virgule)",
                          f"{found} ({detail or 'colonne en double'})",
                          f"téléchargez le fichier au format publié ({what}) sans renommer ni retirer de colonne")
    return first


def checks(schema: dict) -> list[Check]:
    out = []
    for field in schema["fields"]:
        name, kind, cons = field["name"], field.get("type", "string"), field.get("constraints", {})
        x = f'"{name}"'
        label = f"«\u00a0{name}\u00a0»"
        present = f"coalesce({x}, '') <> ''"
        if cons.get("required"):
            out.append(Check(f"{label} : valeur obligatoire absente", f"NOT ({present})"))
        if kind in TYPES:
            pattern, said = TYPES[kind]
            out.append(Check(f"{label} : attendu {said}", f"{present} AND NOT regexp_matches({x}, {lit(pattern)})"))
        if "enum" in cons:
            out.append(Check(f"{label} : valeur hors de la liste du schéma",
                             f"{present} AND {x} NOT IN ({', '.join(lit(v) for v in cons['enum'])})"))
        if "pattern" in cons:
            out.append(Check(f"{label} : ne suit pas le motif {cons['pattern']}",
                             f"{present} AND NOT regexp_full_match({x}, {lit(cons['pattern'])})"))
        for key, op, said in (("minimum", "<", "inférieur à {}"), ("maximum", ">", "supérieur à {}")):
            if key in cons:
                out.append(Check(f"{label} : {said.format(cons[key])}",
                                 f"{present} AND TRY_CAST({x} AS DOUBLE) {op} {cons[key]}"))
        for key, op, said in (("minLength", "<", "moins de {} caractère(s)"), ("maxLength", ">", "plus de {} caractères")):
            if key in cons:
                out.append(Check(f"{label} : {said.format(cons[key])}", f"{present} AND length({x}) {op} {int(cons[key])}"))
    return out


def reasons_sql(schema: dict) -> str:
    static = ", ".join(f"CASE WHEN {c.sql} THEN {lit(c.reason)} END" for c in checks(schema))
    return f"list_filter([{static}], lambda r: r IS NOT NULL)"


def read_sql(path: Path, columns: list[str]) -> str:
    """DuckDB scan of the CSV as text, one row per record, with its record number (ordinality)."""
    cols = "{" + ", ".join(f"{lit(c)}: 'VARCHAR'" for c in columns) + "}"
    return (f"read_csv({lit(str(path))}, header = true, delim = ',', quote = '\"', escape = '\"', columns = {cols}, "
            f"auto_detect = false, encoding = 'utf-8', null_padding = false, strict_mode = true) WITH ORDINALITY")
