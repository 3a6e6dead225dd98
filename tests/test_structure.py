"""The code's layers (ARCHITECTURE.md): renderers import no writer, commands and writers no generator glue, no
module over 300 lines, no module imported at load time that a platform may lack."""
from __future__ import annotations

import ast
import subprocess
import sys

import pytest
from conftest import ROOT

MACROS = ROOT / "macros"
WRITERS = {"pages", "packs", "pdf", "opendata", "feeds", "derive", "search_index"}
# commands, the post-build step and the page writer: they read settings, never the glue (macros/__init__.py)
WITHOUT_GLUE = ("check", "scaffold", "derive", "pages", "forked", "packs", "pdf", "opendata", "feeds", "finish",
                "headers", "search_index")
MAX_LINES = 300


def is_module(name: str) -> bool:
    target = MACROS.joinpath(*name.split("."))
    return target.with_suffix(".py").exists() or (target / "__init__.py").exists()


def imported(path) -> set[str]:
    """Modules of the macros package that a file imports, by their name inside the package ("" for the package)."""
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]  # ("macros",) or ("macros", "render")
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                parts = list(package[:len(package) - node.level + 1])
            elif node.module and node.module.split(".")[0] == "macros":
                parts = []
            else:
                continue
            module = ".".join([*parts, *(node.module.split(".") if node.module else [])][1:])
            for alias in node.names:  # `from . import pages`: a module; `from . import data_root`: the glue's name
                sub = f"{module}.{alias.name}".strip(".")
                found.add(sub if is_module(sub) else module)
        elif isinstance(node, ast.Import):
            found |= {a.name.removeprefix("macros").strip(".") for a in node.names if a.name.startswith("macros")}
    return found


def test_no_renderer_imports_a_writer():
    offenders = {}
    for path in (MACROS / "render").glob("*.py"):
        bad = {m for m in imported(path) if m.split(".")[0] in WRITERS}
        if bad:
            offenders[path.name] = sorted(bad)
    assert not offenders, offenders


def test_commands_and_writers_do_not_import_the_generator_glue():
    offenders = {name: sorted(imported(MACROS / f"{name}.py")) for name in WITHOUT_GLUE
                 if "" in imported(MACROS / f"{name}.py")}
    assert not offenders, offenders


def test_no_module_over_300_lines():
    long = {p.relative_to(ROOT).as_posix(): n for p in [*MACROS.rglob("*.py"), ROOT / "main.py"]
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, long


def test_imported_names_are_checked():
    """The import reader above sees both forms (a sanity check, so that the layer tests can fail)."""
    assert "pages" in imported(MACROS / "__init__.py")
    assert {"outputs", "model", "render.html"} <= imported(MACROS / "render" / "clauses.py")
    assert "settings" in imported(MACROS / "derive.py") and "" not in imported(MACROS / "derive.py")
    assert {"render.obligations", "obligations"} <= imported(MACROS / "render" / "prepare.py")


@pytest.mark.parametrize("module", ["macros.validate", "macros.check", "macros.derive", "macros.forked"])
def test_no_posix_only_module_at_load_time(module):
    """`make check` and the post-build step load where fcntl does not exist (Windows): importing them imports
    neither fcntl nor resource."""
    code = (f"import sys; sys.modules['fcntl'] = None; sys.modules['resource'] = None; import {module}; "
            "print('ok')")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.stdout.strip() == "ok", result.stderr[-2000:]


NEW_KIND = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://achats-circulaires-idf/schemas/formations.schema.json",
    "title": "Formation", "x-ordre": 9, "type": "object", "additionalProperties": False,
    "required": ["id", "titre"],
    "properties": {"id": {"$ref": "communs.schema.json#/$defs/identifiant"},
                   "titre": {"type": "string", "minLength": 1, "maxLength": 200}},
}


def test_a_new_kind_needs_only_its_schema_and_its_data(fixture_root, tmp_path, monkeypatch):
    """A list-only kind (CONTRIBUTING.md, « Ajouter un type d'entrée »): with its schema and its data, the base
    loads, validates and exposes it, and the open data publish it, without any change to the code."""
    import json
    import shutil

    from macros import opendata, schemas
    from macros.errors import InvalidData
    from macros.model import load_base
    folder = tmp_path / "schemas"
    shutil.copytree(ROOT / "schemas", folder)
    (folder / "formations.schema.json").write_text(json.dumps(NEW_KIND), encoding="utf-8")
    monkeypatch.setattr(schemas, "SCHEMA_DIR", folder)
    monkeypatch.setattr(schemas, "CACHE", tmp_path / "cache")
    caches = (schemas.schema, schemas.kinds, schemas.withdrawable, schemas.jsonschema_validator,
              schemas.fast_validator, schemas._fast_validators)
    for cached in caches:
        cached.cache_clear()
    try:
        (fixture_root / "data" / "formations").mkdir()
        (fixture_root / "data" / "formations" / "achat-circulaire.yml").write_text(
            "id: achat-circulaire\ntitre: L'achat circulaire en pratique\n", encoding="utf-8")
        base = load_base(fixture_root)
        assert base.formations == {"achat-circulaire": {"id": "achat-circulaire",
                                                         "titre": "L'achat circulaire en pratique"}}
        assert "formations" in repr(base)
        assert [r["id"] for r in opendata.records(base, "formations")] == ["achat-circulaire"]
        (fixture_root / "data" / "formations" / "vide.yml").write_text("id: vide\n", encoding="utf-8")
        with pytest.raises(InvalidData, match="vide.yml"):
            load_base(fixture_root)
    finally:
        for cached in caches:
            cached.cache_clear()
