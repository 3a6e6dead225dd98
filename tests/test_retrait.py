"""Withdrawn entries (field `retrait`): kept with their id, page and open data record, gone from every list, guide,
download and PDF; a withdrawal date still to come leaves the entry in service. Quick tests on the model and the
renderers, and one build of the fixture base in a copy of the project (pages.py writes into docs/)."""
from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import BUILD_DATE, plain

from macros import catalogue, opendata, outputs, pages
from macros.errors import InvalidData
from macros.model import load_base
from macros.render import clauses, entries, filters, guide, suppliers, tooltips

pytestmark = pytest.mark.xdist_group("retrait")  # its built site made by one worker only
TODAY = dt.date.fromisoformat(BUILD_DATE)  # 2026-11-29
WITHDRAWN_CLAUSE = """id: mob-test-d
titre: Clause fictive D retirée
familles: [mobilier-fournitures]
segment: toute-la-famille
etape: specification-technique
document: CCTP
niveau: socle
redaction: Rédaction fictive D.
objectif: Objectif fictif.
vigilance: [Vigilance fictive.]
preuves: [Preuve fictive.]
indicateurs: [Indicateur fictif.]
base_juridique:
  - texte: texte-b
derniere_revue: 2026-01-15
retrait:
  date: 2026-03-01
  motif: "Seuil < 5 % & « R&D » jugés obsolètes"
  remplacee_par: mob-test-a
version: 1
historique:
  - version: 1
    date: 2026-01-15
    nature: creation
    resume: "Première version publiée sur le site."
"""
MARKS = {  # file → lines added: withdrawn before, on and after the reference date
    "retours/retour-c.yml": "retrait:\n  date: 2026-06-01\n  motif: Cas fictif en double.\n  remplacee_par: retour-a\n",
    "acteurs/acteur-c.yml": "retrait:\n  date: 2026-11-29\n  motif: Acteur fictif dissous.\n  remplacee_par: acteur-a\n",
    "glossaire/terme-c.yml": "retrait:\n  date: 2025-01-01\n  motif: Terme fictif inutilisé.\n",
    "obligations/obligation-b.yml": "retrait:\n  date: 2026-02-01\n  motif: Exigence fictive abandonnée.\n",
    "clauses/bat-test-c.yml": "retrait:\n  date: 2027-05-01\n  motif: Clause fictive à remplacer.\n",
}
OBLIGATION_B = "Exigence fictive transversale"


def withdraw(root: Path) -> Path:
    (root / "data" / "clauses" / "mob-test-d.yml").write_text(WITHDRAWN_CLAUSE, encoding="utf-8")
    for name, lines in MARKS.items():
        with open(root / "data" / name, "a", encoding="utf-8") as handle:
            handle.write(lines)
    return root


@pytest.fixture
def withdrawn_base(fixture_root):
    return load_base(withdraw(fixture_root), today=TODAY)


def test_withdrawn_entries_are_kept_apart(withdrawn_base):
    base = withdrawn_base
    assert set(base.withdrawn["clauses"]) == {"mob-test-d"} and "bat-test-c" in base.clauses  # 2027: still in service
    assert set(base.withdrawn["retours"]) == {"retour-c"} and set(base.withdrawn["acteurs"]) == {"acteur-c"}
    assert set(base.withdrawn["glossaire"]) == {"terme-c"} and set(base.withdrawn["obligations"]) == {"obligation-b"}
    for kind, gone in base.withdrawn.items():
        assert not set(gone) & set(getattr(base, kind)) and set(gone) <= set(base.every(kind))
    assert base.entry("clauses", "mob-test-d")["retrait"]["remplacee_par"] == "mob-test-a"


def test_an_entry_stays_in_service_until_its_withdrawal_date(fixture_root):
    base = load_base(withdraw(fixture_root), today=dt.date(2026, 1, 31))
    assert "mob-test-d" in base.clauses and "obligation-b" in base.obligations and not base.withdrawn["clauses"]
    card = clauses.clause_card(base, "clauses/mob-test-d/", base.clauses["mob-test-d"])
    assert "Retrait prévu" in card and "Elle sera retirée le" in card and "1er mars 2026" in card


def test_withdrawn_entries_leave_lists_guides_downloads_and_pdfs(withdrawn_base):
    base = withdrawn_base
    library = clauses.clauses_by_family(base, "bibliotheque/")
    listed, folded = library.split('class="entrees-retirees"')
    assert "mob-test-d" not in listed and 'id="mob-test-d" data-redirige' in folded
    assert "mob-test-d" not in filters.clause_finder(base, "trouver-une-clause/")
    for family in ("mobilier-fournitures", "transversal"):
        page = guide.guide(base, f"familles/{family}/", family)
        assert "mob-test-d" not in page and "retour-c" not in page and "acteur-c" not in page
        assert OBLIGATION_B not in page  # « Ce que la loi impose »
    assert "acteur-c" not in suppliers.suppliers(base, "entreprises/")
    listed, folded = entries.retours_by_family(base, "retours/").split('class="entrees-retirees"')
    assert "retour-c" not in listed and 'id="retour-c" data-redirige' in folded
    assert "terme fictif c" not in tooltips.glossary_matcher(base).terms
    assert not any("mob-test-d" in c["id"] for p in catalogue.packs(base) for _, group in p.groups for c in group)
    assert not any(part.path == "clauses/mob-test-d/" for doc in catalogue.documents(base) for part in doc.parts)


def test_withdrawn_page_shows_the_notice_first(withdrawn_base, tmp_path):
    base = withdrawn_base
    card = clauses.clause_card(base, "clauses/mob-test-d/", base.entry("clauses", "mob-test-d"))
    notice = card[card.index("</h1>"):card.index('class="clause-meta"')]
    assert "Clause retirée" in notice and "Retirée le" in notice and "1er mars 2026" in notice
    assert "Seuil &lt; 5 % &amp; « R&amp;D » jugés obsolètes" in notice  # escaped
    assert 'Remplacée par : <a href="../mob-test-a/">Clause fictive A</a>' in notice
    retour = entries.retour_card(base, "retours/retour-c/", base.entry("retours", "retour-c"))
    assert "Retiré le" in retour and 'Remplacé par : <a href="../retour-a/">' in retour
    actors = entries.actors_by_type(base, "acteurs/")
    assert actors.index("Acteurs retirés") < actors.index('id="acteur-c"') and 'href="./#acteur-a"' in actors
    glossary = entries.glossary(base, "glossaire/")
    assert glossary.index("Termes retirés") < glossary.index('id="terme-c"')
    pages.write_stubs(tmp_path, base, None)
    stub = (tmp_path / "clauses" / "mob-test-d.md").read_text(encoding="utf-8")
    assert '"Clause retirée : Clause fictive D retirée"' in stub and "exclude: true" in stub
    current = (tmp_path / "clauses" / "mob-test-a.md").read_text(encoding="utf-8")
    assert "exclude: true" not in current and 'data-pagefind-meta="identifiant:mob-test-a"' in current


def test_withdrawn_entries_stay_in_the_open_data(withdrawn_base):
    records = {r["id"]: r for r in opendata.records(withdrawn_base, "clauses")}
    assert records["mob-test-d"]["retrait"] == {"date": "2026-03-01", "motif": "Seuil < 5 % & « R&D » jugés obsolètes",
                                                "remplacee_par": "mob-test-a"}
    rows = list(csv.DictReader(opendata.csv_text(withdrawn_base, "obligations", "v").splitlines()))
    assert json.loads(next(r for r in rows if r["id"] == "obligation-b")["retrait"])["date"] == "2026-02-01"


@pytest.mark.parametrize("replacement, found", [
    ("mob-test-d", "« mob-test-d », l'id de cette entrée même"),
    ("retour-a", "« retour-a », qui est une entrée de data/retours"),
    ("mob-test-b", "« mob-test-b », qui n'existe pas (vouliez-vous dire « mob-test-a » ?)"),
])
def test_replacement_must_be_another_entry_of_the_same_kind(fixture_root, replacement, found):
    text = WITHDRAWN_CLAUSE.replace("remplacee_par: mob-test-a", f"remplacee_par: {replacement}")
    (fixture_root / "data" / "clauses" / "mob-test-d.yml").write_text(text, encoding="utf-8")
    with pytest.raises(InvalidData) as info:
        load_base(fixture_root, today=TODAY)
    assert [str(e) for e in info.value.errors] == [
        f"data/clauses/mob-test-d.yml, ligne 19 — champ « retrait.remplacee_par » : attendu l'id d'une autre entrée "
        f"existante de data/clauses (même type) ; trouvé {found}. Correction : indiquez l'id d'une entrée de "
        "data/clauses, ou supprimez la ligne « remplacee_par »."]


def test_entries_in_service_cannot_point_to_a_withdrawn_clause(fixture_root):
    text = WITHDRAWN_CLAUSE.replace("mob-test-d", "mob-test-a").replace("remplacee_par: mob-test-a",
                                                                        "remplacee_par: tra-test-b")
    (fixture_root / "data" / "clauses" / "mob-test-a.yml").write_text(text, encoding="utf-8")
    with pytest.raises(InvalidData) as info:
        load_base(fixture_root, today=TODAY)
    errors = [str(e) for e in info.value.errors]  # three case studies and one obligation, whatever the date
    assert [e.file for e in info.value.errors] == [f"data/retours/retour-{x}.yml" for x in "abc"] + [
        "data/obligations/obligation-a.yml"]
    assert errors[3] == ("data/obligations/obligation-a.yml, ligne 11 — champ « clauses[0] » : attendu l'id d'une "
                         "entrée en service de data/clauses (sans « retrait ») ; trouvé « mob-test-a », retirée à "
                         "compter du 2026-03-01 (data/clauses/mob-test-a.yml). Correction : remplacez cet id par "
                         "« tra-test-b », l'entrée qui la remplace.")


# The site built from the fixture base ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def withdrawn_site(builder, tmp_path_factory):
    """The fixture base with withdrawn entries, built without PDF (PDF parts and office packs: checked above)."""
    from conftest import FIXTURES
    data = tmp_path_factory.mktemp("donnees")
    shutil.copytree(FIXTURES / "base", data, dirs_exist_ok=True)
    withdraw(data)
    site = tmp_path_factory.mktemp("site") / "site"
    # not strict: the hand-written pages of docs/ link to entries of the real base, absent from the fixtures
    result = builder(site, data_root=data, strict=False)
    assert result.returncode == 0, result.stderr[-5000:]
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert all("contains a link" in line for line in warnings), warnings
    return site


def read(site: Path, path: str) -> str:
    return plain((site / path / "index.html").read_text(encoding="utf-8"))


def broken_links(site: Path, path: str) -> list[str]:
    """Relative links of a page (macros write HTML, which MkDocs does not check) that lead nowhere."""
    page = site / path / "index.html"
    broken = []
    for link in re.findall(r'href="([^"#:]+)/(?:#[^"]*)?"', page.read_text(encoding="utf-8")):
        if not (page.parent / link / "index.html").exists() and not (page.parent / link).is_file():
            broken.append(link)
    return broken


def test_built_site_keeps_the_page_and_drops_the_entry_everywhere_else(withdrawn_site):
    site = withdrawn_site
    page = read(site, "clauses/mob-test-d")
    assert "<title>Clause retirée : Clause fictive D retirée" in page
    assert "Retirée le" in page and "1er mars 2026" in page and "Seuil &lt; 5 % &amp; « R&amp;D »" in page
    assert page.index("bandeau-retrait") < page.index("Rédaction type")
    assert "telechargements/clauses/mob-test-d" not in page
    assert "Retrait prévu" in read(site, "clauses/bat-test-c")
    assert "Retiré le" in read(site, "retours/retour-c")
    for path in ("clauses/mob-test-d", "retours/retour-c", "bibliotheque", "retours", "acteurs", "glossaire"):
        assert not broken_links(site, path), (path, broken_links(site, path))
    listed, folded = read(site, "bibliotheque").split('class="entrees-retirees"')
    assert "mob-test-d" not in listed and "mob-test-d" in folded
    assert "mob-test-d" not in read(site, "trouver-une-clause")
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert OBLIGATION_B not in html, path
        if path.parent.name not in ("mob-test-d", "bibliotheque", "acteurs", "retours", "retour-c"):
            assert "mob-test-d" not in html and "acteur-c" not in html and "retour-c" not in html, path
    assert "data-pagefind-body" not in read(site, "clauses/mob-test-d")  # out of the search index
    assert "data-pagefind-body" in read(site, "clauses/bat-test-c")


def test_built_open_data_holds_withdrawn_entries(withdrawn_site):
    data = json.loads((withdrawn_site / outputs.OPEN_DATA / "clauses.json").read_text(encoding="utf-8"))
    record = next(r for r in data["entrees"] if r["id"] == "mob-test-d")
    assert record["retrait"]["remplacee_par"] == "mob-test-a"
    with open(withdrawn_site / outputs.OPEN_DATA / "acteurs.csv", encoding="utf-8", newline="") as handle:
        row = next(r for r in csv.DictReader(handle) if r["id"] == "acteur-c")
    assert json.loads(row["retrait"])["date"] == "2026-11-29"


WITHDRAWN_PAGES = ["clauses/mob-test-d/", "clauses/bat-test-c/", "retours/retour-c/", "bibliotheque/", "retours/",
                   "acteurs/", "glossaire/"]


def test_withdrawn_pages_are_valid_html(withdrawn_site):
    from web_checks import vnu, vnu_report
    errors = vnu([withdrawn_site / path / "index.html" for path in WITHDRAWN_PAGES])
    assert not errors, vnu_report(errors, withdrawn_site)


@pytest.fixture(scope="module")
def withdrawn_server(withdrawn_site):
    from conftest import serve
    yield from serve(withdrawn_site)


def test_withdrawn_pages_in_the_browser(browser, withdrawn_server):
    """No axe violation on a desktop and at 375 px, no sideways scroll; an old anchor leads to the withdrawn page."""
    from axe_playwright_python.sync_playwright import Axe
    from web_checks import violations
    axe, context = Axe(), browser.new_context(locale="fr-FR")
    page = context.new_page()
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 800})
        # the notice, a folded list, a section; the observatory with the fixture snapshots (charts, tables)
        for path in ("clauses/mob-test-d/", "bibliotheque/", "acteurs/", "observatoire/"):
            page.goto(withdrawn_server + path)
            found = violations(axe, page)
            assert not found, (path, width, found)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (path, width)
    page.goto(withdrawn_server + "bibliotheque/#mob-test-d")
    page.wait_for_url("**/clauses/mob-test-d/")
    assert "Retirée le" in plain(page.locator(".bandeau-retrait").inner_text())
    context.close()
