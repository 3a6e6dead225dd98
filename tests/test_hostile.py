"""Hostile contributions: refused with a French message, in every text field of every kind."""
from __future__ import annotations

import pytest
import yaml
from conftest import FIXTURES

from macros.errors import InvalidData
from macros.messages import field_name
from macros.model import load_base
from macros.schemas import kinds

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "evenement": "<img src=x onerror=alert(1)>",
    "svg": "<svg onload=alert(1)>",
    "jinja-expression": "{{ config.site_name }}",
    "jinja-bloc": "{% include 'mkdocs.yml' %}",
    "jinja-commentaire": "{# commentaire #}",
    # Half a template tag: the fast path of check_text must look for each brace on its own.
    "jinja-ouvrant": "{% if",
    "jinja-fermant": "endif %}",
    # Written by yaml.safe_dump as escapes ("\\e", "\\a", "\\N"): refused like raw control characters.
    "echappement-e": "\x1b[31m",
    "echappement-a": "\x07",
    "echappement-nel": "\x85",
}


def string_fields(value, path=()):
    """Every string field of an entry, identifiers, dates, addresses and allowed values included."""
    if isinstance(value, str):
        yield path
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from string_fields(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from string_fields(v, path + (i,))


def fields_of(kind):
    file = sorted((FIXTURES / "base" / "data" / kind).glob("*.yml"))[0]
    return file.name, list(string_fields(yaml.safe_load(file.read_text(encoding="utf-8"))))


def set_path(entry, path, value):
    target = entry
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


@pytest.mark.parametrize("payload", sorted(PAYLOADS))
@pytest.mark.parametrize("kind", kinds())
def test_hostile_value_is_refused_in_every_field(fixture_root, kind, payload):
    """The payload is put in every string field of one entry at once: every error is reported, so each
    field must be named in its own message."""
    filename, paths = fields_of(kind)
    file = fixture_root / "data" / kind / filename
    entry = yaml.safe_load(file.read_text(encoding="utf-8"))
    for path in paths:
        set_path(entry, path, f"Texte {PAYLOADS[payload]} fin")
    file.write_text(yaml.safe_dump(entry, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(InvalidData) as info:
        load_base(fixture_root)
    named = {e.field for e in info.value.errors if e.file.endswith(filename)}
    missing = [field_name(p) for p in paths if field_name(p) not in named]
    assert not missing, (missing, [str(e) for e in info.value.errors])


def test_every_kind_is_covered():
    assert sum(len(fields_of(k)[1]) for k in kinds()) >= 60


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "http://exemple.fr/",
                                 "https://exemple.fr/\"><script>", "//exemple.fr/"])
def test_hostile_addresses_are_refused(fixture_root, url):
    file = fixture_root / "data" / "acteurs" / "acteur-a.yml"
    entry = yaml.safe_load(file.read_text(encoding="utf-8"))
    entry["adresse"] = url
    file.write_text(yaml.safe_dump(entry, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(InvalidData) as info:
        load_base(fixture_root)
    assert any("champ « adresse »" in str(e) for e in info.value.errors)


def test_alias_bomb_is_refused(fixture_root):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9))
    (fixture_root / "data" / "glossaire" / "bombe.yml").write_text(bomb, encoding="utf-8")
    with pytest.raises(InvalidData) as info:
        load_base(fixture_root)
    assert "l'ancre ou l'alias YAML « &a »" in str(info.value)


@pytest.mark.parametrize(("escape", "found"), [
    (r"\x3cscript>", "la balise « <script> »"),
    (r"\u007B{ config }}", "« {{ »"),
    (r"fin }\x7d", "« }} »"),
    (r"\x1b[31m", "le caractère de contrôle U+001B"),
])
def test_hostile_value_written_as_escapes_is_refused(fixture_root, escape, found):
    """A YAML escape writes any character: the file's text then shows none of the refused ones."""
    path = fixture_root / "data" / "glossaire" / "terme-a.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("Définition fictive.", f'"Définition {escape}"'),
                    encoding="utf-8")
    with pytest.raises(InvalidData) as info:
        load_base(fixture_root)
    assert [e.field for e in info.value.errors] == ["definition"]
    assert found in str(info.value)


def test_ten_megabyte_field_is_refused(fixture_root):
    path = fixture_root / "data" / "glossaire" / "terme-a.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("Définition fictive.", "x" * 10_000_000), encoding="utf-8")
    with pytest.raises(InvalidData) as info:
        load_base(fixture_root)
    assert "attendu un fichier de 256 Ko au plus" in str(info.value)


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\u0085"])
def test_control_characters_are_refused(fixture_root, char):
    path = fixture_root / "data" / "glossaire" / "terme-a.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("Définition fictive.", f"Définition{char}fictive."),
                    encoding="utf-8")
    with pytest.raises(InvalidData) as info:
        load_base(fixture_root)
    assert "caractère de contrôle" in str(info.value)


def test_non_utf8_bytes_are_refused(fixture_root):
    path = fixture_root / "data" / "glossaire" / "terme-a.yml"
    path.write_bytes(path.read_bytes().replace(b"fictive", b"\xff\xfe"))
    with pytest.raises(InvalidData) as info:
        load_base(fixture_root)
    assert "n'est pas de l'UTF-8" in str(info.value)
