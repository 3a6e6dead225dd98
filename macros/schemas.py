"""The JSON Schemas of schemas/: the one place where kinds, allowed values and shared forms are defined."""
from __future__ import annotations

import functools
import json
from pathlib import Path

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
COMMON = "communs"


@functools.cache
def schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


@functools.cache
def kinds() -> tuple[str, ...]:
    """Kinds of entry, in validation order (families first: other kinds refer to them)."""
    names = [p.name.removesuffix(".schema.json") for p in SCHEMA_DIR.glob("*.schema.json")]
    return tuple(sorted((n for n in names if n != COMMON), key=lambda n: (schema(n).get("x-ordre", 99), n)))


@functools.cache
def withdrawable() -> tuple[str, ...]:
    """Kinds whose entries can be withdrawn (field `retrait`, defined once in communs.schema.json)."""
    return tuple(k for k in kinds() if "retrait" in schema(k)["properties"])


def definition(name: str) -> dict:
    return schema(COMMON)["$defs"][name]


def allowed(name: str) -> list[str]:
    """Allowed values of a shared definition (famille, etape, document, niveau, nature, type_acheteur…)."""
    return list(definition(name)["enum"])


def by_id() -> dict[str, dict]:
    """Every schema by its $id, for resolving $ref between files."""
    return {schema(n)["$id"]: schema(n) for n in (*kinds(), COMMON)}


@functools.cache
def jsonschema_validator(kind: str):
    """Full validator: slower, but lists every error with its path (used to explain a failure)."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    registry = Registry().with_resources((uri, Resource.from_contents(s)) for uri, s in by_id().items())
    return Draft202012Validator(schema(kind), registry=registry)


@functools.cache
def fast_validator(kind: str):
    """Compiled validator (fastjsonschema): the fast path for valid entries."""
    import fastjsonschema

    known = by_id()
    return fastjsonschema.compile(schema(kind), handlers={"https": lambda uri: known[uri]})
