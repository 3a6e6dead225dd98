"""Issue forms of the repository (.github/ISSUE_TEMPLATE/): each parses, its fields are named after the schema of
its kind and its choices are allowed values; each entry page links to the correction form, pre-filled."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
import yaml
from conftest import ROOT

from macros.schemas import allowed, schema

FORMS = ROOT / ".github" / "ISSUE_TEMPLATE"
KIND_OF = {"nouvelle-clause.yml": "clauses", "nouveau-texte.yml": "veille", "retour-experience.yml": "retours"}
CORRECTION_FIELDS = {"fiche", "champ", "correction", "source"}
CHOICES = {"familles": "famille", "etape": "etape", "document": "document", "nature": "nature"}
TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


def fields(form: dict) -> list[dict]:
    return [item for item in form["body"] if item["type"] != "markdown"]


@pytest.mark.parametrize("name", sorted(p.name for p in FORMS.glob("*.yml") if p.name != "config.yml"))
def test_each_form_parses_and_names_only_fields_that_exist(name):
    form = yaml.safe_load((FORMS / name).read_text(encoding="utf-8"))
    assert form["name"] and form["description"] and form["body"]
    assert {item["type"] for item in form["body"]} <= TYPES
    ids = [item["id"] for item in fields(form)]
    assert len(ids) == len(set(ids))
    known = set(schema(KIND_OF[name])["properties"]) if name in KIND_OF else CORRECTION_FIELDS
    assert set(ids) <= known, set(ids) - known
    for item in fields(form):
        if item["type"] == "dropdown" and item["id"] in CHOICES:
            values = [option.split(" (")[0] for option in item["attributes"]["options"]]
            assert set(values) <= set(allowed(CHOICES[item["id"]])), item["id"]


def test_every_kind_that_takes_proposals_has_its_form():
    assert set(KIND_OF.values()) == {"clauses", "veille", "retours"}
    assert all((FORMS / name).exists() for name in [*KIND_OF, "correction.yml", "config.yml"])


def test_entry_pages_link_to_the_correction_form_or_to_the_mission(monkeypatch):
    from macros.render.report import FORM, report_link
    form = yaml.safe_load((FORMS / FORM).read_text(encoding="utf-8"))
    monkeypatch.setenv("ACHATS_DEPOT", "https://github.com/exemple/achats")
    link = report_link("clauses", "mob-x", "Clause : Exemple & co")
    url = urlparse(link.split('href="')[1].split('"')[0].replace("&amp;", "&"))
    query = parse_qs(url.query)
    assert url.path == "/exemple/achats/issues/new" and query["template"] == [FORM]
    assert query["fiche"] == ["clauses/mob-x"] and "fiche" in {i["id"] for i in fields(form)}
    monkeypatch.delenv("ACHATS_DEPOT")
    assert 'href="mailto:' in report_link("veille", "decret-x", "Texte")
