"""Hostile contributions: refused with a French message, in every text field of every kind."""
from __future__ import annotations

import pytest
import yaml

from conftest import FIXTURES
from macros.errors import InvalidData
from macros.model import load_base
from macros.validate import KINDS, field_name

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "evenement": "<img src=x onerror=alert(1)>",
    "svg": "<svg onload=alert(1)>",
    "jinja-expression": "{{ config.site_name }}",
    "jinja-bloc": "{% include 'mkdocs.yml' %}",
    "jinja-commentaire": "{# commentaire #}",
}


def text_fields(value, path=()):
    if isinstance(value, str):
        yield path
    elif isinstance(value, dict):
        for k, v in value.items():
            if k not in ("id", "date", "date_publication", "date_abrogation", "derniere_revue", "adresse", "source",
                         "eli", "nor", "celex", "texte", "abroge_par") and not (k == "source" and isinstance(v, str)):
                yield from text_fields(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from text_fields(v, path + (i,))


def cases():
    for kind in KINDS:
        for file in sorted((FIXTURES / "base" / "data" / kind).glob("*.yml"))[:1]:
            entry = yaml.safe_load(file.read_text(encoding="utf-8"))
            for path in text_fields(entry):
                if kind == "familles" or path[0] in ("familles", "famille", "clauses", "abroge", "etape",
                                                     "document", "niveau", "nature", "type"):
                    if kind != "familles" or path[0] in ("familles",):
                        continue
                yield kind, file.name, path


CASES = list(cases())


def set_path(entry, path, value):
    target = entry
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


@pytest.mark.parametrize("payload", sorted(PAYLOADS))
@pytest.mark.parametrize("kind,filename,path", CASES, ids=[f"{k}:{field_name(p)}" for k, _, p in CASES])
def test_hostile_text_is_refused(fixture_root, kind, filename, path, payload):
    file = fixture_root / "data" / kind / filename
    entry = yaml.safe_load(file.read_text(encoding="utf-8"))
    set_path(entry, path, f"Texte {PAYLOADS[payload]} fin")
    file.write_text(yaml.safe_dump(entry, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(InvalidData) as info:
        load_base(fixture_root)
    messages = [str(e) for e in info.value.errors]
    assert any(f"champ « {field_name(path)} »" in m and ("balise HTML" in m or "code de gabarit" in m)
               for m in messages), messages


def test_every_text_field_kind_is_covered():
    assert {k for k, _, _ in CASES} == set(KINDS)
    assert len(CASES) >= 25


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
    path.write_bytes(path.read_bytes().replace("fictive".encode(), b"\xff\xfe"))
    with pytest.raises(InvalidData) as info:
        load_base(fixture_root)
    assert "n'est pas de l'UTF-8" in str(info.value)
