"""Versions (#23) on a fixture repository where one clause has three successive versions: the page's history and
word-level comparison, the feeds, « Quoi de neuf », and the check that refuses a change of wording without a new
version. Without the repository's history (an archive), the page says so."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import feedparser
import pytest
import yaml
from conftest import FIXTURES

from macros import feeds, history_check, versions
from macros.model import load_base
from macros.render import clauses, whatsnew

CLAUSE = "data/clauses/bat-test-c.yml"
TODAY = dt.date(2026, 12, 20)
URL = "https://achats-circulaires.test/"


def git(repo, *args):
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-C", str(repo), *args],
                   check=True, capture_output=True)


def new_version(repo, day: str, nature: str, resume: str, **fields) -> None:
    path = repo / CLAUSE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(fields)
    data["version"] += 1
    data["derniere_revue"] = dt.date.fromisoformat(day)
    data["historique"].append({"version": data["version"], "date": dt.date.fromisoformat(day), "nature": nature,
                               "resume": resume})
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """Version 1 (29 November), 2 (5 December: new wording), 3 (12 December: a word corrected), one commit each."""
    repo = tmp_path_factory.mktemp("depot")
    shutil.copytree(FIXTURES / "base", repo, dirs_exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "version 1")
    new_version(repo, "2026-12-05", "redaction", "Exigence de contenu recyclé ajoutée.",
                redaction="Spécification fictive, avec au moins 20 % de matière recyclée.")
    git(repo, "commit", "-q", "-am", "version 2")
    new_version(repo, "2026-12-12", "correction", "Coquille corrigée.",
                redaction="Spécification fictive, avec au moins 20 % de matières recyclées.")
    git(repo, "commit", "-q", "-am", "version 3")
    return repo


@pytest.fixture(scope="module")
def base(repo):
    return load_base(repo, today=TODAY)


def test_earlier_wordings_come_from_the_repository(base):
    assert base.full_history
    earlier = base.earlier["clauses"]["bat-test-c"]
    assert sorted(earlier) == [1, 2]
    assert earlier[1]["redaction"] == "Spécification fictive."
    assert earlier[2]["redaction"].endswith("20 % de matière recyclée.")


def test_page_shows_history_and_word_level_comparison(base):
    html = clauses.clause_card(base, "clauses/bat-test-c/", base.clauses["bat-test-c"])
    assert "Version 3 du" in html and '<time datetime="2026-12-12">12 décembre 2026</time>' in html
    versions_listed = html.split('<ul class="historique">')[1]
    assert versions_listed.index("Version 3") < versions_listed.index("Version 2") < versions_listed.index("Version 1")
    assert "correction mineure : Coquille corrigée." in html and "rédaction : Exigence de contenu recyclé ajoutée." in html
    since_one, since_two = html.split("depuis la version 1")[1], html.split("depuis la version 2")[1]
    assert '<del><span class="visuellement-cache">[supprimé : </span>fictive.' in since_one
    assert "<ins>" in since_one and "matières" in since_one
    assert ('<del><span class="visuellement-cache">[supprimé : </span>matière</del>' in since_two.replace(
        '<span class="visuellement-cache">]</span>', "")), since_two[:600]
    assert "absent de cette copie" not in html


def test_feeds_carry_each_version(base):
    every = feedparser.parse(feeds.changes(base, URL))
    ours = [e for e in every.entries if "bat-test-c" in e.link]
    assert [e.id.rsplit("-", 1)[1] for e in ours] == ["3", "2", "1"]
    assert ours[0].updated.startswith("2026-12-12") and ours[1].summary == "Rédaction : Exigence de contenu recyclé ajoutée."
    family = feedparser.parse(feeds.changes(base, URL, "batiment"))
    assert {e.link for e in family.entries} == {URL + "clauses/bat-test-c/"}
    assert not feedparser.parse(feeds.changes(base, URL, "mobilier-fournitures")).entries or all(
        "mob-" in e.link for e in feedparser.parse(feeds.changes(base, URL, "mobilier-fournitures")).entries)


def test_whats_new_lists_versions_by_family_with_dates(base):
    html = whatsnew.whats_new(base, "quoi-de-neuf/")
    section = html.split('data-famille="batiment"')[1].split("</section>")[0]
    rows = [row for row in section.split("<li ")[1:] if "bat-test-c" in row]
    assert [r.split('data-date="')[1][:10] for r in rows] == ["2026-12-12", "2026-12-05", "2026-11-29"]
    assert "version 2 (remplacée depuis)" in rows[1] and "rédaction" in rows[1]


def test_check_refuses_a_new_wording_without_a_version_and_accepts_it_with_one(repo):
    start = history_check.start_of(repo, "main")
    assert history_check.check(repo, start) == []
    path = repo / CLAUSE
    kept = path.read_text(encoding="utf-8")
    try:
        path.write_text(kept.replace("matières recyclées", "matières recyclées ou réemployées"), encoding="utf-8")
        errors = history_check.check(repo, start)
        assert len(errors) == 1 and errors[0].field == "redaction" and "version 4" in errors[0].expected
        assert "nature « redaction »" in errors[0].expected and errors[0].file == CLAUSE
        new_version(repo, "2026-12-19", "redaction", "Réemploi admis.")
        assert history_check.check(repo, start) == []
        assert versions.changes("clauses", {"titre": "a"}, {"titre": "b"}) == {"redaction": ["titre"]}
    finally:
        path.write_text(kept, encoding="utf-8")


def test_without_the_repository_history_the_page_says_so(repo, tmp_path):
    shutil.copytree(repo / "data", tmp_path / "data")  # an archive: the files, no history
    archive = load_base(tmp_path, today=TODAY)
    assert not archive.full_history and not archive.earlier["clauses"]
    html = clauses.clause_card(archive, "clauses/bat-test-c/", archive.clauses["bat-test-c"])
    assert "Version 3 du" in html and "absent de cette copie" in html and "<del>" not in html


def test_whats_new_filters_by_the_date_in_the_address(page, server):
    """In Chromium: the date in the address leaves only the versions published since; the form writes it there."""
    page.goto(server + "quoi-de-neuf/")
    every = page.locator(".changements li").count()
    assert every > 0 and page.locator(".changements li:visible").count() == every  # without a date: everything
    page.goto(server + "quoi-de-neuf/?depuis=2099-01-01")
    assert page.locator(".changements li:visible").count() == 0
    assert "Aucune fiche créée ou modifiée depuis le 1er janvier 2099" in page.locator("#quoi-de-neuf-etat").inner_text()
    dates = sorted(page.locator(".changements li").evaluate_all("els => els.map(e => e.dataset.date)"))
    page.fill("#depuis", dates[-1])
    page.click("#quoi-de-neuf button[type=submit]")
    from playwright.sync_api import expect
    expect(page).to_have_url(re.compile(rf"quoi-de-neuf/\?depuis={dates[-1]}$"))  # history.replaceState
    shown = page.locator(".changements li:visible").evaluate_all("els => els.map(e => e.dataset.date)")
    assert shown and all(d >= dates[-1] for d in shown)
