"""Open data: nothing lost (JSON and CSV read back equal data/, withdrawn entries included), a valid Frictionless
package, published schemas dated and versioned, and every entry id of data/ found on its page, in its downloads (if
in service), in its JSON record and its CSV row."""
from __future__ import annotations

import csv
import json

from macros import opendata, outputs
from macros.outputs import ENTRY_PAGES, entry_url
from macros.schemas import SCHEMA_DIR, kinds, schema


def read_json(site, kind):
    return json.loads((site / outputs.OPEN_DATA / f"{kind}.json").read_text(encoding="utf-8"))


def read_csv(site, kind):
    with open(site / outputs.OPEN_DATA / f"{kind}.csv", encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def decode(cell: str, prop: dict):
    kind = opendata.resolved(prop).get("type")
    if kind == "array":
        if not cell:
            return []
        if cell.startswith("["):
            return json.loads(cell)
        return cell.split(outputs.OPEN_DATA_SEPARATOR)
    if kind == "object":
        return json.loads(cell)
    if kind == "integer":
        return int(cell)
    if kind == "number":
        return float(cell)
    if kind == "boolean":
        return cell == "true"
    return cell


def test_json_holds_every_field_of_every_entry(site, base):
    whole = json.loads((site / outputs.OPEN_DATA / "base.json").read_text(encoding="utf-8"))
    for kind in kinds():
        data = read_json(site, kind)
        assert data["edition"] == base.today.isoformat() and data["version"] and data["licence"]
        exported = {r["id"]: {k: v for k, v in r.items() if k != "statut"} for r in data["entrees"]}
        public = outputs_columns(kind)
        assert exported == {i: {k: v for k, v in e.items() if k in public} for i, e in base.every(kind).items()}, kind
        assert whole["types"][kind] == data["entrees"]


def outputs_columns(kind):
    from macros.opendata import columns
    return columns(kind)


def test_csv_reads_back_as_data(site, base):
    for kind in kinds():
        rows = read_csv(site, kind)
        props = schema(kind)["properties"]
        assert set(rows) == set(base.every(kind)), kind
        for entry_id, entry in base.every(kind).items():
            row = rows[entry_id]
            assert row["edition"] == base.today.isoformat() and row["version_contenu"]
            for name, value in entry.items():
                if name not in outputs_columns(kind):  # private: verification notes, never published
                    assert name not in row, (kind, name)
                    continue
                got = decode(row[name], props[name])
                assert got == value or (isinstance(value, float) and got == float(value)), (kind, entry_id, name)


def test_frictionless_package_is_valid(site):
    from frictionless import Package
    package = Package(str(site / outputs.OPEN_DATA / "datapackage.json"))
    assert package.licenses[0]["name"] == "etalab-2.0"
    report = package.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_every_entry_id_has_its_page_downloads_record_and_row(site, base):
    for kind in kinds():
        records = {r["id"] for r in read_json(site, kind)["entrees"]}
        rows = read_csv(site, kind)
        for entry_id in base.every(kind):
            assert entry_id in records and entry_id in rows, (kind, entry_id)
            if kind in ENTRY_PAGES:
                assert (site / entry_url(kind, entry_id) / "index.html").exists(), (kind, entry_id)
            if kind == "clauses" and entry_id in base.clauses:  # a withdrawn clause is no longer offered
                for fmt in outputs.FORMATS:
                    assert (site / outputs.file_path("clauses", entry_id, fmt)).exists(), entry_id


def test_published_schemas_carry_edition_and_version(site, base):
    """Each published JSON Schema is the one of schemas/, with the edition date and the content version as
    annotations (x-edition, x-version), and still a valid JSON Schema."""
    from jsonschema import Draft202012Validator
    version = read_json(site, "clauses")["version"]
    published = sorted((site / outputs.OPEN_DATA / "schemas").glob("*.schema.json"))
    assert [p.name for p in published] == sorted(p.name for p in SCHEMA_DIR.glob("*.schema.json"))
    for path in published:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data.pop("x-edition") == base.today.isoformat() and data.pop("x-version") == version, path.name
        assert data == json.loads((SCHEMA_DIR / path.name).read_text(encoding="utf-8")), path.name
        Draft202012Validator.check_schema(data | {"x-edition": base.today.isoformat(), "x-version": version})
