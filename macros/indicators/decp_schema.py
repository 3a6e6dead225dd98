"""SQL checks derived from the vendored DECP JSON Schema (draft-07), run by DuckDB on every contract.

Each check is a pair (reason, SQL condition true when the value fails); the reason names the field in French.
`reasons_sql` folds them into one SQL expression giving, for each contract, the list of its reasons (empty: valid).
Covered: $ref, type, required, properties, additionalProperties: false, enum, pattern (partial match, as JSON Schema
says), minLength, maxLength, minimum, maximum, items, minItems, uniqueItems. A keyword outside this list makes
`unsupported()` name it, and the tests fail: the schema is never half-read silently."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from . import NATIONAL

SCHEMA_PATH = NATIONAL / "decp" / "schema_decp_v2.0.3.json"
KINDS = ("marche", "contrat-concession")
HANDLED = {"$ref", "type", "required", "properties", "additionalProperties", "enum", "pattern", "minLength",
           "maxLength", "minimum", "maximum", "items", "minItems", "uniqueItems", "title", "description",
           "definitions", "$id", "$schema"}
NBSP = "\u00a0"
NUMERIC = "('UBIGINT', 'BIGINT', 'HUGEINT', 'DOUBLE')"
TYPES = {"string": ("('VARCHAR')", "une chaîne de caractères"), "number": (NUMERIC, "un nombre"),
         "integer": (NUMERIC, "un nombre entier"), "boolean": ("('BOOLEAN')", "true ou false"),
         "object": ("('OBJECT')", "un objet"), "array": ("('ARRAY')", "une liste"), "null": ("('NULL')", "null")}


@dataclass(frozen=True)
class Check:
    reason: str
    sql: str


def lit(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def resolve(node: dict) -> dict:
    """The node with its $ref merged in (a local JSON pointer such as #/definitions/marche/definitions/Acheteur)."""
    while "$ref" in node:
        target = schema()
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = {**{k: v for k, v in node.items() if k != "$ref"}, **target}
    return node


def kind_schema(kind: str) -> dict:
    return resolve(schema()["definitions"][kind])


def unsupported() -> set[str]:
    """Keywords of the schema that no check covers (must stay empty). The wrapper's anyOf (« marche » or
    « contrat-concession ») is checked by the reader (decp_reader.py)."""
    def walk(node: dict) -> set[str]:
        out = set(node) - HANDLED
        for key in ("properties", "definitions"):
            for child in node.get(key, {}).values():
                out |= walk(child)
        return out | (walk(node["items"]) if isinstance(node.get("items"), dict) else set())
    return walk(schema()) - {"anyOf"}


def _text(x: str) -> str:
    """The string's value from its JSON text (json_extract writes UTF-8, escaping only quotes, backslashes and control
    characters): the text between the quotes, decoded only when it holds a backslash."""
    return f"(CASE WHEN contains({x}, chr(92)) THEN {x}::JSON->>'$' ELSE {x}[2:-2] END)"


def _leaf_checks(node: dict, x: str, path: str) -> list[Check]:
    """Checks of one value that need no look inside it: type, enum, pattern, lengths, bounds, items count. `x` is
    the value's JSON text as json_extract writes it, so that its type is read from its first character."""
    out: list[Check] = []
    label = f"«\u00a0{path or 'élément'}\u00a0»"
    is_string, is_number = f"{x}[1] = '\"'", f"{x}[1] IN ('-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9')"
    kind = node.get("type")
    if kind:
        ok = {"string": is_string, "number": is_number, "object": f"{x}[1] = '{{'", "array": f"{x}[1] = '['",
              "integer": f"{is_number} AND TRY_CAST({x} AS DOUBLE) = floor(TRY_CAST({x} AS DOUBLE))",
              "boolean": f"{x} IN ('true', 'false')", "null": f"{x} = 'null'"}[kind]
        out.append(Check(f"{label} : attendu {TYPES[kind][1]}", f"{x} IS NOT NULL AND NOT ({ok})"))
    if "enum" in node:
        texts = ", ".join(lit(json.dumps(v, ensure_ascii=False, separators=(",", ":"))) for v in node["enum"])
        out.append(Check(f"{label} : valeur hors de la liste du schéma", f"{x} IS NOT NULL AND {x} NOT IN ({texts})"))
    if "pattern" in node:
        out.append(Check(f"{label} : ne suit pas le motif {node['pattern']}",
                         f"{is_string} AND NOT regexp_matches({_text(x)}, {lit(node['pattern'])})"))
    for key, op, said in (("minLength", "<", "moins de {} caractère(s)"), ("maxLength", ">", "plus de {} caractères")):
        if key in node:
            out.append(Check(f"{label} : {said.format(node[key])}", f"{is_string} AND length({_text(x)}) {op} {int(node[key])}"))
    for key, op, said in (("minimum", "<", "inférieur à {}"), ("maximum", ">", "supérieur à {}")):
        if key in node:
            out.append(Check(f"{label} : {said.format(node[key])}", f"{is_number} AND TRY_CAST({x} AS DOUBLE) {op} {node[key]}"))
    if "minItems" in node:
        out.append(Check(f"{label} : moins de {node['minItems']} élément(s)",
                         f"{x}[1] = '[' AND json_array_length({x}) < {int(node['minItems'])}"))
    if node.get("uniqueItems"):
        out.append(Check(f"{label} : éléments en double",
                         f"{x}[1] = '[' AND len(list_distinct(json_extract({x}, '$[*]'))) < json_array_length({x})"))
    return out


def _first(node: dict, x: str, path: str) -> str | None:
    """SQL giving the first reason why the value `x` fails the node's own keywords, or NULL."""
    checks = _leaf_checks(node, x, path)
    return "CASE " + " ".join(f"WHEN {c.sql} THEN {lit(c.reason)}" for c in checks) + " END" if checks else None


def _key(name: str) -> str:
    return "." + json.dumps(name)


def names_of(node: dict) -> list[str]:
    return list(dict.fromkeys([*node.get("properties", {}), *node.get("required", [])]))


def _join(scalars: list[str], lists: list[str]) -> str:
    """One SQL list from scalar reasons and lists of reasons (flatten: no quadratic chain of ||)."""
    parts = ([f"[{', '.join(scalars)}]"] if scalars else []) + lists
    return f"flatten([{', '.join(parts)}])" if len(parts) > 1 else (parts[0] if parts else "[]::VARCHAR[]")


def reasons_of(node: dict, x: str, path: str, depth: int = 0, top: bool = False, fields: str | None = None,
               skip: tuple[str, ...] = ()):
    """The reasons (or NULLs) why the JSON value `x` (NULL when absent) fails `node`, as (scalar SQL expressions,
    SQL lists). An object is parsed once (its properties extracted together into a lambda parameter, or given ready
    in the list column `fields`); below a list, each path is extracted once for all items (`_below_list`)."""
    node = resolve(node)
    first = _first(node, x, path)
    scalars, lists = ([first] if first else []), []
    props = node.get("properties", {})
    if props or node.get("required"):
        var = fields or f"p{depth}"
        names = names_of(node)
        prefix = f"{path}." if path else ""
        inner_s = [f"CASE WHEN {var}[{names.index(n) + 1}] IS NULL THEN "
                   f"{lit(f'«{NBSP}{prefix}{n}{NBSP}» : champ obligatoire absent')} END" for n in node.get("required", [])]
        inner_l = []
        for n, child in props.items():
            if n in skip:
                continue
            s, li = reasons_of(child, f"{var}[{names.index(n) + 1}]", f"{prefix}{n}", depth + 1)
            inner_s += s
            inner_l += li
        if node.get("additionalProperties") is False:
            known = ", ".join(lit(k) for k in props)
            said = (f"'«{NBSP}' || k || '{NBSP}» : champ non prévu par le schéma'" if top else
                    lit(f"«{NBSP}{path}{NBSP}» : champ non prévu par le schéma"))
            inner_l.append(f"list_transform(list_filter(json_keys({x}), lambda k: k NOT IN ({known})), lambda k: {said})")
        inner = _join(inner_s, inner_l)
        body = inner if fields else f"list_transform([json_extract({x}, {paths_sql(names)})::VARCHAR[]], lambda {var}: {inner})[1]"
        lists.append(f"CASE WHEN {x}[1] = '{{' THEN {body} ELSE []::VARCHAR[] END")
    if isinstance(node.get("items"), dict):
        lists += _below_list(node["items"], x, "$[*]", f"{path}[]")
    return scalars, lists


def _below_list(node: dict, x: str, rel: str, path: str) -> list[str]:
    """SQL lists of reasons for every value at the JSON path `rel` of `x` (a path through one or more lists): one
    extraction and one lambda per path."""
    node = resolve(node)
    values = f"json_extract({x}, {lit(rel)})::VARCHAR[]"
    first = _first(node, "w", path)
    out = [f"list_transform({values}, lambda w: {first})"] if first else []
    props = node.get("properties", {})
    if props or node.get("required"):
        objects = f"len(list_filter({values}, lambda w: w[1] = '{{'))"
        for name in node.get("required", []):
            out.append(f"[CASE WHEN len(json_extract({x}, {lit(rel + _key(name))})) < {objects} THEN "
                       f"{lit(f'«{NBSP}{path}.{name}{NBSP}» : champ obligatoire absent')} END]")
        for name, child in props.items():
            out += _below_list(child, x, rel + _key(name), f"{path}.{name}")
        if node.get("additionalProperties") is False:
            known = ", ".join(lit(k) for k in props)
            out.append(f"list_transform({values}, lambda w: CASE WHEN w[1] = '{{' AND len(list_filter("
                       f"json_keys(w), lambda k: k NOT IN ({known}))) > 0 THEN "
                       f"{lit(f'«{NBSP}{path}{NBSP}» : champ non prévu par le schéma')} END)")
    if isinstance(node.get("items"), dict):
        out += _below_list(node["items"], x, rel + "[*]", f"{path}[]")
    return out


def containers(kind: str) -> list[str]:
    """Top-level properties holding objects or lists: checked once per distinct value (they repeat a lot), the
    other ones once per contract."""
    return [n for n, c in kind_schema(kind)["properties"].items() if resolve(c).get("properties") or resolve(c).get("items")]


def reasons_sql(kind: str, raw: str = "json", fields: str = "f", keys: str | None = None) -> tuple[list[str], str]:
    """The top-level property names (to extract once, in this order, into the list column `fields`) and the SQL
    list of the reasons why one contract whose text is `raw` fails the schema, its container properties left out
    (`container_sql`). `keys`: a column already holding the contract's keys (json_keys), read with the text."""
    node = kind_schema(kind)
    scalars, lists = reasons_of(node, raw, "", top=True, fields=fields, skip=tuple(containers(kind)))
    sql = _join(scalars, lists)
    return names_of(node), sql.replace(f"json_keys({raw})", keys) if keys else sql


def container_sql(kind: str, name: str, value: str = "v") -> str:
    """The SQL list of the reasons why the value `value` of the container property `name` fails the schema."""
    return _join(*reasons_of(kind_schema(kind)["properties"][name], value, name, 1))


def paths_sql(names: list[str]) -> str:
    return "[" + ", ".join(lit("$." + json.dumps(n)) for n in names) + "]"
