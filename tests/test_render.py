"""Renderers are plain functions: hostile values that bypass validation still render inert."""
from __future__ import annotations

import copy
import datetime as dt

import pytest

from conftest import FIXTURES
from macros import render
from macros.model import load_base, text_status

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ config.site_name }}{% for x in y %}{# c #}",
    "[lien](javascript:alert(1)) **gras** <b>",
]


@pytest.fixture
def fixture_base():
    return load_base(FIXTURES / "base", today=dt.date(2026, 11, 29))


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_render_inert(fixture_base, value):
    base = copy.deepcopy(fixture_base)
    clause = base.clauses["mob-test-a"]
    for key in ("titre", "redaction", "objectif"):
        clause[key] = value
    clause["preuves"] = [value]
    text = base.veille["texte-b"]
    text["titre"] = text["pour_acheteur"] = value
    retour = base.retours["retour-a"]
    retour["titre"] = retour["contexte"] = value
    html = "".join([
        render.clause_card(base, "bibliotheque/", clause),
        render.text_card(base, "veille/", text),
        render.retour_card(base, "retours/", retour),
        render.glossary(base, "glossaire/"),
    ])
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert 'href="javascript' not in html
    assert "{{" not in html and "{%" not in html and "{#" not in html


def test_links_are_relative_to_the_page():
    assert render.href("familles/batiment/", "veille/", "x") == "../../veille/#x"
    assert render.href("", "veille/") == "veille/"
    assert render.href("veille/", "veille/", "a") == "./#a"


def test_placeholders_are_marked():
    html = render.wording("Au moins [XX %] de produits.")
    assert '<mark class="a-adapter">[XX %]</mark>' in html


@pytest.mark.parametrize("today,expected", [
    ("2021-12-31", "a-venir"), ("2022-01-01", "en-vigueur"), ("2022-01-02", "en-vigueur"),
    ("2024-02-22", "en-vigueur"), ("2024-02-23", "abroge"),
])
def test_status_follows_the_build_date(today, expected):
    entry = {"applications": [{"date": "2022-01-01"}, {"date": "2023-01-01"}], "date_abrogation": "2024-02-23"}
    assert text_status(entry, dt.date.fromisoformat(today)) == expected


def test_copy_text_holds_wording_and_proofs(fixture_base):
    text = render.copy_text(fixture_base.clauses["mob-test-a"])
    assert "[XX %]" in text and "Moyens de preuve" in text and "Preuve fictive." in text


def test_french_dates():
    from macros.model import french_date
    assert french_date("2027-01-01") == "1er janvier 2027"
    assert french_date("2026-08-21") == "21 août 2026"
