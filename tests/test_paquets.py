"""Clause files for tender documents (.odt, .docx): present for every clause, open in LibreOffice with the
wording exactly as on the site, headings and properties set."""
from __future__ import annotations

import re
from pathlib import PurePosixPath

import pytest
from conftest import libreoffice_to_text

from macros import catalogue, outputs, packs
from macros.render.labels import DOCUMENTS

pytestmark = pytest.mark.xdist_group("libreoffice")  # its module fixtures made by one worker only


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def sample(base) -> list:
    """Per family: its pack, its first pack by document and the file of its first clause. `make test` opens these;
    `make balayage` opens every file (test_balayage.py)."""
    every = catalogue.packs(base)
    by_slug = {(p.kind, p.slug): p for p in every}
    chosen = []
    for family in (p for p in every if p.kind == "paquets" and p.slug in base.familles):
        by_document = next(by_slug[key] for key in (("paquets", f"{family.slug}-{d.lower()}") for d in DOCUMENTS)
                           if key in by_slug)
        first = by_slug[("clauses", family.groups[0][1][0]["id"])]
        chosen += [p for p in (family, by_document, first) if p not in chosen]
    return chosen


def to_text(site, chosen, tmp_path_factory) -> dict:
    """The chosen packs' files converted to text by LibreOffice (conftest.libreoffice_to_text: one format after the
    other, one call per format)."""
    folders = libreoffice_to_text({fmt: [site / pack.path(fmt) for pack in chosen] for fmt in outputs.FORMATS},
                                  tmp_path_factory)
    out = {}
    for fmt, folder in folders.items():
        for pack in chosen:
            stem = PurePosixPath(pack.path(fmt)).stem
            # packs and clause files share no stem: a clause id never equals a family id
            out[(fmt, pack.kind, stem)] = normal((folder / f"{stem}.txt").read_text(encoding="utf-8-sig"))
    return out


@pytest.fixture(scope="module")
def converted(site, base, tmp_path_factory):
    return to_text(site, sample(base), tmp_path_factory)


def check_wording(converted, base) -> None:
    """Each converted clause file holds the clause's title, wording and notes; each converted pack, its clauses."""
    pack_of = {p.slug: p for p in catalogue.packs(base) if p.kind == "paquets"}
    for (fmt, kind, stem), text in converted.items():
        if kind == "clauses":
            clause = base.clauses[stem]
            assert normal(clause["titre"]) in text, (fmt, stem)
            for line in packs.wording_lines(clause):
                assert normal(line) in text, (fmt, stem, line)
            assert "Notes pour l'acheteur" in text and normal(clause["preuves"][0]) in text, (fmt, stem)
            # identifier, version, date and address: a buyer can check later that her copy is current
            assert f"Référence : {stem}, version {clause['version']} du" in text, (fmt, stem)
            assert f"/clauses/{stem}/" in text, (fmt, stem)
        else:
            for _, clauses in pack_of[stem].groups:
                for clause in clauses:
                    assert normal(packs.wording_lines(clause)[0]) in text, (fmt, stem, clause["id"])


def test_every_clause_has_its_files_and_every_pack_exists(site, base):
    expected = {p.path(fmt) for p in catalogue.packs(base) for fmt in outputs.FORMATS}
    assert {f"{outputs.DOWNLOADS}/clauses/{cid}.{fmt}" for cid in base.clauses for fmt in outputs.FORMATS} <= expected
    found = {p.relative_to(site).as_posix() for fmt in outputs.FORMATS for p in (site / outputs.DOWNLOADS).rglob(f"*.{fmt}")}
    assert expected == found


def test_files_open_with_the_wording_as_on_the_site(converted, base):
    kinds = {(fmt, kind) for fmt, kind, _ in converted}
    assert kinds == {(fmt, kind) for fmt in outputs.FORMATS for kind in ("clauses", "paquets")}
    assert {stem for _, kind, stem in converted if kind == "paquets"} >= {
        f for f in base.familles if base.clauses_filed_under(f)}
    check_wording(converted, base)


def test_properties_headings_and_highlighted_placeholders(site, base):
    from docx import Document as Docx
    from odfdo import Document as Odt
    cid = next(c for c, v in base.clauses.items() if "[" in v["redaction"])
    docx = Docx(str(site / outputs.file_path("clauses", cid, "docx")))
    assert docx.core_properties.title == base.clauses[cid]["titre"]
    assert docx.core_properties.language == "fr-FR"
    titled = [p for p in docx.paragraphs if p.text == base.clauses[cid]["titre"]]
    assert [p.style.name for p in titled] == ["Title"]  # the title once, not repeated as a heading
    assert any(r.font.highlight_color is not None and r.text.startswith("[") for p in docx.paragraphs for r in p.runs)
    assert docx.core_properties.identifier == cid and docx.core_properties.version == str(base.clauses[cid]["version"])
    odt = Odt(str(site / outputs.file_path("clauses", cid, "odt")))
    assert odt.meta.get_user_defined_metadata_of_name("identifiant")["value"] == cid
    assert odt.meta.get_title() == base.clauses[cid]["titre"] and odt.meta.get_language() == "fr-FR"
    texts = [e.text_recursive for e in odt.body.get_paragraphs() + odt.body.get_headers()]
    assert texts.count(base.clauses[cid]["titre"]) == 1
    assert any(s.text_recursive.startswith("[") for s in odt.body.get_spans(style="A_adapter"))
