"""Open data: the whole base as JSON (one file per kind, one for all) and CSV (one per kind), described by a
Frictionless data package whose Table Schemas come from schemas/, which are published beside them with the edition
date and the content version. Withdrawn entries stay, with their field `retrait`: ids are never reused."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from .model import Base
from .outputs import OPEN_DATA, OPEN_DATA_SEPARATOR, OPEN_LICENCE, indicator_csv
from .schemas import SCHEMA_DIR, kinds, schema

META_COLUMNS = {"edition": "Date d'édition de la base (AAAA-MM-JJ)",
                "version_contenu": "Version du contenu de la base : empreinte des fichiers de data/ (la version de l'entrée est dans « version »)"}
TABLE_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean"}


def records(base: Base, kind: str) -> list[dict]:
    """Entries as written in data/ (withdrawn ones too), sorted by id; texts also carry their status at the edition
    date."""
    out = []
    public = set(columns(kind))
    for entry_id, entry in base.every(kind).items():
        record = {k: v for k, v in entry.items() if k in public}  # never the private verification notes
        if kind == "veille":
            record["statut"] = base.status(entry_id)
        out.append(record)
    return out


def cell(value) -> str:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return OPEN_DATA_SEPARATOR.join(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def resolved(prop: dict) -> dict:
    """A property with its shared definition ($ref to communs.schema.json) merged in."""
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[1]
        return {**schema("communs")["$defs"][name], **{k: v for k, v in prop.items() if k != "$ref"}}
    return prop


def columns(kind: str) -> list[str]:
    """The schema's fields, except private ones (x-prive: verification notes, never published)."""
    names = [n for n, prop in schema(kind)["properties"].items() if not resolved(prop).get("x-prive")]
    return [*names, "statut"] if kind == "veille" else names


def table_schema(kind: str) -> dict:
    fields = []
    required = set(schema(kind).get("required", []))
    for name in columns(kind):
        prop = resolved(schema(kind)["properties"].get(name, {"type": "string"}))
        kind_of = prop.get("type", "string")
        if isinstance(kind_of, list):  # ["array", "null"]: the type when there is a value
            kind_of = next((t for t in kind_of if t != "null"), "string")
        field = {"name": name, "type": TABLE_TYPES.get(kind_of, "string"),
                 "description": prop.get("description", "Statut à la date d'édition : en-vigueur, a-venir, "
                                                        "termine ou abroge" if name == "statut" else "")}
        if kind_of == "array":
            field["description"] += f" (liste : textes séparés par « {OPEN_DATA_SEPARATOR.strip()} », objets en JSON)"
        elif kind_of == "object":
            field["description"] += " (ensemble de champs, écrit en JSON)"
        if "enum" in prop:
            field["constraints"] = {"enum": prop["enum"]}
        if name in required and not (kind_of == "array" and not prop.get("minItems")):  # [] is written ""
            field.setdefault("constraints", {})["required"] = True
        fields.append(field)
    fields += [{"name": name, "type": "string", "description": text} for name, text in META_COLUMNS.items()]
    return {"fields": fields, "primaryKey": ["id"], "missingValues": [""]}


def csv_text(base: Base, kind: str, version: str) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[*columns(kind), *META_COLUMNS], lineterminator="\n")
    writer.writeheader()
    for record in records(base, kind):
        writer.writerow({**{name: cell(record.get(name)) for name in columns(kind)},
                         "edition": base.today.isoformat(), "version_contenu": version})
    return buffer.getvalue()


def published_schema(path: Path, edition: str, version: str) -> str:
    """A schema of schemas/ with the edition date and the content version, as annotations (keywords `x-…`, which a
    JSON Schema validator ignores): still the same valid schema."""
    source = json.loads(path.read_text(encoding="utf-8"))
    head = {k: source.pop(k) for k in ("$schema", "$id", "title") if k in source}
    return json.dumps({**head, "x-edition": edition, "x-version": version, **source}, ensure_ascii=False, indent=2) + "\n"


# the data files on one line: smaller downloads, and Python's fast encoder (an indented dump is written by the slow one)
COMPACT = {"ensure_ascii": False, "separators": (",", ":")}


def write_open_data(base: Base, site: Path, site_url: str, version: str) -> None:
    out = site / OPEN_DATA
    (out / "schemas").mkdir(parents=True, exist_ok=True)
    for path in SCHEMA_DIR.glob("*.schema.json"):
        (out / "schemas" / path.name).write_text(published_schema(path, base.today.isoformat(), version),
                                                 encoding="utf-8")
    about = {"edition": base.today.isoformat(), "version": version, "licence": OPEN_LICENCE["title"],
             "source": site_url.rstrip("/") + "/donnees-ouvertes/"}
    everything = {}
    resources = []
    for kind in kinds():
        items = records(base, kind)
        everything[kind] = items
        (out / f"{kind}.json").write_text(json.dumps({**about, "type": kind, "entrees": items}, **COMPACT),
                                          encoding="utf-8")
        (out / f"{kind}.csv").write_text(csv_text(base, kind, version), encoding="utf-8")
        resources.append({"name": kind, "path": f"{kind}.csv", "format": "csv", "mediatype": "text/csv",
                          "encoding": "utf-8", "title": schema(kind).get("title", kind),
                          "schema": table_schema(kind)})
    (out / "base.json").write_text(json.dumps({**about, "types": everything}, **COMPACT), encoding="utf-8")
    package = {
        "name": "achats-circulaires-ile-de-france", "title": "Achats circulaires Île-de-France : base de connaissances",
        "description": "Clauses types, veille réglementaire, retours d'expérience, acteurs, glossaire et familles d'achat "
                       "pour les achats publics circulaires. Les identifiants (colonne id) sont stables.",
        "version": version, "created": f"{base.today.isoformat()}T00:00:00Z", "licenses": [OPEN_LICENCE],
        "homepage": about["source"], "resources": resources,
    }
    (out / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=1), encoding="utf-8")


def write_indicator_tables(base: Base, site: Path) -> None:
    """Each snapshot of the observatory as a table (donnees/indicateurs/<id>.csv): one row per value, one column per
    key (nested values as JSON)."""
    for snap in base.entries.get("indicateurs", {}).values():
        keys: list[str] = []
        for row in snap["valeurs"]:
            keys += [k for k in row if k not in keys]
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=keys, lineterminator="\n")
        writer.writeheader()
        for row in snap["valeurs"]:
            writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v
                             for k, v in row.items()})
        path = site / indicator_csv(snap["id"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(buffer.getvalue(), encoding="utf-8")
