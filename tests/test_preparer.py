"""« Préparer mon marché » in Chromium, for the contract's dates: the obligations and yearly figures the page shows
match a computation made here from data/obligations alone (not with the site's code); the dossier downloads as
one .docx and one .odt that LibreOffice opens; answers, dates and choices stay in the address; axe on the result."""
from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlparse

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT, libreoffice_to_text, plain
from web_checks import AXE_TAGS, violations

from macros import obligations as ob

RAW = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "data" / "obligations").glob("*.yml"))}
COVERS = {"": set(), "collective-publique": {"collective-publique"}, "scolaire": {"collective-publique", "scolaire"},
          "etat": {"collective-publique", "etat"}}


def iso(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def expected(case: dict) -> dict:
    """What applies, computed from the YAML: requirements in force on the launch date; for rates, the share of each
    execution year (latest step not after the year, the catering's own rows first)."""
    launch, first, last = case["lancement"], case["debut"], case["fin"]
    required, shares = [], {}
    for oid, o in RAW.items():
        if case["categorie"] and o.get("categorie"):
            if oid != case["categorie"]:
                continue
        elif case["famille"] not in o["familles"] and not ("transversal" in o["familles"] and o["forme"] == "exigence"):
            continue
        if case["nature"] not in o["natures"] or (o.get("acheteurs") and case["acheteur"] not in o["acheteurs"]):
            continue
        if o.get("restauration") and o["restauration"] not in COVERS[case["restauration"]]:
            continue
        start, end = iso(o["depuis"]), iso(o["jusqu_au"]) if o.get("jusqu_au") else None
        if o["forme"] == "exigence":
            if start <= launch and (end is None or launch <= end):
                required.append(oid)
            continue
        if not (start <= f"{last}-12-31" and (end is None or end >= f"{first}-01-01")):
            continue
        own = [r for r in o["taux"] if r.get("champ") and r["champ"] in COVERS[case["restauration"]]]
        scope = own[0]["champ"] if own else None
        table = {}
        for year in range(first, last + 1):
            for ind in dict.fromkeys(r["indicateur"] for r in o["taux"]):
                rows = [r for r in o["taux"] if r["indicateur"] == ind and r.get("champ") == scope] or \
                       [r for r in o["taux"] if r["indicateur"] == ind and not r.get("champ")]
                rows = [r for r in rows if r["annee"] <= year]
                if f"{year}-12-31" < start:
                    table[(year, ind)] = "pas encore en vigueur"
                elif not rows:
                    table[(year, ind)] = "aucune part fixée"
                else:
                    row = max(rows, key=lambda r: r["annee"])
                    value = f"{row['valeur']:g}".replace(".", ",") + " %" if row["valeur"] is not None else "part non trouvée"
                    table[(year, ind)] = value + (" à vérifier" if row["a_verifier"] or row["valeur"] is None else "")
        shares[oid] = table
    return {"required": sorted(required), "shares": shares}


FURNITURE = {"famille": "mobilier-fournitures", "categorie": "agec58-mobilier-interieur", "nature": "fournitures",
             "acheteur": "commune", "restauration": ""}
SCHOOL_MEALS = {"famille": "alimentation", "categorie": "", "nature": "services", "acheteur": "commune",
                "restauration": "scolaire"}
# before 22 August 2026, December 2026, 2028; two execution periods each
DATES = [("2026-03-01", 2026, 2029), ("2026-03-01", 2027, 2027), ("2026-12-15", 2027, 2030),
         ("2026-12-15", 2026, 2032), ("2028-05-01", 2028, 2031), ("2028-05-01", 2029, 2029)]


def shown(page, url: str) -> None:
    """The page with a case in its address, once its result is shown (the data are fetched at the first question)."""
    page.goto(url)
    page.wait_for_selector("#vos-obligations")


def address(server: str, case: dict) -> str:
    query = "&".join(f"{k}={v}" for k, v in case.items())
    return server + f"preparer-mon-marche/?{query}"


def shown_case(page) -> dict:
    required = page.locator("#dans-la-consultation + ul > li[data-obligation]").evaluate_all(
        "els => els.map(e => e.dataset.obligation)")
    shares = {}
    for item in page.locator("#chaque-annee ~ ul.obligations-legales > li[data-obligation]").all():
        cells = item.locator("td[data-indicateur]").evaluate_all(
            "els => els.map(e => [+e.parentElement.dataset.annee, e.dataset.indicateur, e.innerText])")
        shares[item.get_attribute("data-obligation")] = {(y, i): plain(t).replace("\n", " ") for y, i, t in cells}
    return {"required": sorted(required), "shares": shares}


@pytest.mark.parametrize("dates", DATES, ids=[f"{d[0]}-{d[1]}-{d[2]}" for d in DATES])
@pytest.mark.parametrize("case", [FURNITURE, SCHOOL_MEALS], ids=["mobilier", "restauration-scolaire"])
def test_obligations_and_figures_match_an_independent_computation(page, server, case, dates):
    launch, first, last = dates
    full = {**case, "lancement": launch, "debut": first, "fin": last}
    shown(page, address(server, full))
    page.locator("#vos-obligations").wait_for()
    want = expected(full)
    assert want["shares"], "le cas doit comporter au moins une part chiffrée"
    assert shown_case(page) == want
    if launch < "2026-08-22":  # the condition d'exécution rule binds consultations launched from 22 August 2026
        assert "ccp-condition-execution-environnementale" not in want["required"]
    else:
        assert "ccp-condition-execution-environnementale" in want["required"]


def test_school_meals_say_what_stops_counting_during_execution(page, server):
    """EGALIM over 2026-2028: the level-2 certification stops counting on 1 January 2027 (data: ce_qui_compte)."""
    shown(page, address(server, {**SCHOOL_MEALS, "lancement": "2026-10-01", "debut": 2026, "fin": 2028}))
    changes = plain(page.locator("ul.compte-change").first.inner_text())
    ended = [c for c in RAW["egalim-produits-durables-qualite"]["ce_qui_compte"] if c.get("jusqu_au")]
    assert ended and all(c["article"] in changes for c in ended)
    assert "Ne compte plus à partir du 1er janvier 2027" in changes
    shown(page, address(server, {**SCHOOL_MEALS, "lancement": "2028-01-10", "debut": 2028, "fin": 2030}))
    assert "Ne compte plus" in plain(page.locator("#resultat-preparer").inner_text())  # still said, with its date


def test_the_scenario_of_the_issue_down_to_the_dossier(page, server, tmp_path_factory):
    """A commune's buyer, furniture, launch in February 2027, execution 2027-2030: the 2027 and 2030 figures of both
    indicators on the page and in the .docx and .odt dossier (opened by LibreOffice), never « Minimum légal en 2026 »."""
    case = {**FURNITURE, "lancement": "2027-02-01", "debut": 2027, "fin": 2030}
    page.goto(server + "preparer-mon-marche/")
    for name, value in case.items():
        field = page.locator(f"#preparer [name={name}]")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(str(value))
        else:
            field.fill(str(value))
    page.click("#preparer button[type=submit]")
    page.wait_for_selector("#vos-obligations")  # the data arrive at the first question
    assert page.evaluate("document.activeElement.id") == "vos-obligations"  # the result takes the focus
    query = {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}
    assert query == {k: str(v) for k, v in case.items() if v != ""}  # the address keeps every answer
    want = expected(case)
    table = want["shares"]["agec58-mobilier-interieur"]
    result = plain(page.locator("#resultat-preparer").inner_text())
    assert "Minimum légal en" not in result
    for year in (2027, 2030):
        for ind in ("reemploi-reutilisation", "matieres-recyclees"):
            cell = page.locator(f'li[data-obligation="agec58-mobilier-interieur"] tr[data-annee="{year}"] td[data-indicateur="{ind}"]')
            assert plain(cell.inner_text()) == table[(year, ind)]
    chosen = page.locator("#vos-clauses ~ ul input:checked").evaluate_all("els => els.map(e => e.value)")
    assert "mob-st-part-agec58-mobilier" in chosen
    files = {}
    for fmt in ("docx", "odt"):
        with page.expect_download() as info:
            page.click(f'[data-action="{fmt}"]')
        target = tmp_path_factory.mktemp(f"dossier-{fmt}") / f"mon-dossier.{fmt}"
        info.value.save_as(target)
        assert info.value.suggested_filename == f"mon-dossier-de-clauses.{fmt}"
        files[fmt] = [target]
    folders = libreoffice_to_text(files, tmp_path_factory)
    rates = {r["indicateur"]: r for r in RAW["agec58-mobilier-interieur"]["taux"] if r["annee"] == 2027}
    for fmt, folder in folders.items():
        text = plain((folder / "mon-dossier.txt").read_text(encoding="utf-8-sig"))
        assert "Minimum légal en" not in text
        assert "Consultation lancée le 1er février 2027, exécution de 2027 à 2030" in text
        assert RAW["agec58-mobilier-interieur"]["article"] in text
        assert "Part minimale de mobilier issu du réemploi" in text  # the chosen clause, its wording
        line_2027 = (f"2027 : {rates['reemploi-reutilisation']['valeur']} % issus du réemploi ou de la réutilisation")
        assert line_2027 in text, fmt
        assert "2030 : " in text and table[(2030, "matieres-recyclees")].split(" à")[0] in text
        for oid in want["required"]:
            assert RAW[oid]["titre"] in text, (fmt, oid)


def test_category_narrows_the_clauses_and_choices_stay_in_the_address(page, server, base):
    case = {**FURNITURE, "lancement": "2027-02-01", "debut": 2027, "fin": 2028}
    other = {c for o in base.obligations.values() if o.get("categorie") and o["id"] != FURNITURE["categorie"]
             for c in o.get("clauses", [])} - set(base.obligations[FURNITURE["categorie"]].get("clauses", []))
    shown(page, address(server, case))
    listed = set(page.locator("#resultat-preparer li[data-clause]").evaluate_all("els => els.map(e => e.dataset.clause)"))
    assert other and not (listed & other)
    shown(page, address(server, {**case, "categorie": ""}))
    assert set(page.locator("#resultat-preparer li[data-clause]").evaluate_all("els => els.map(e => e.dataset.clause)")) & other
    shown(page, address(server, case))
    box = page.locator("#resultat-preparer li[data-clause] input:not(:checked)").first
    picked = box.get_attribute("value")
    box.check()
    assert picked in parse_qs(urlparse(page.url).query)["choix"][0].split(",")
    shown(page, page.url)
    assert page.locator(f'#choix-{picked}').is_checked()


@pytest.mark.parametrize("wrong, field, message", [
    ({"debut": 2026, "fin": 2029}, "debut", "avant l'année du lancement"),
    ({"debut": 2028, "fin": 2027}, "fin", "ne peut précéder"),
])
def test_dates_that_cannot_be_are_refused_next_to_their_field(page, server, wrong, field, message):
    page.goto(server + "preparer-mon-marche/")
    page.fill("#preparer-lancement", "2027-02-01")
    for name, value in wrong.items():
        page.select_option(f"#preparer-{name}", str(value))
    page.click("#preparer button[type=submit]")
    assert message in page.locator(f"#preparer-{field}-erreur").inner_text()
    assert page.locator(f"#preparer-{field}").get_attribute("aria-invalid") == "true"
    assert page.locator("#vos-obligations").count() == 0
    assert page.evaluate("document.activeElement.id") == f"preparer-{field}"


CASES = [("alimentation", "services", "commune", "scolaire", ""),
         ("mobilier-fournitures", "fournitures", "region", "", "agec58-mobilier-interieur"),
         ("batiment", "travaux", "bailleur-social", "", ""),
         ("equipements-electroniques", "fournitures", "etat", "", "")]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_obligation_lists_its_clauses_as_one_to_choose(page, server, base, case):
    """The same rule as macros/obligations.applies_to_case on the build's date; the clauses meeting an obligation
    are offered as « une au choix parmi », one of them ticked, not as separate « obligatoire » lines."""
    family, nature, buyer, catering, category = case
    day = base.today
    shown(page, server + f"preparer-mon-marche/?famille={family}&nature={nature}&acheteur={buyer}&restauration={catering}"
              f"&categorie={category}&lancement={day.isoformat()}&debut={day.year}&fin={day.year}")
    shown_ids = page.locator("#resultat-preparer li[data-obligation]").evaluate_all("els => els.map(e => e.dataset.obligation)")
    wanted = [o["id"] for o in base.obligations.values() if ob.in_force(o, day)
              and ob.applies_to_case(o, family, nature, buyer, catering or None, category or None)]
    assert sorted(shown_ids) == sorted(wanted) and wanted
    assert "obligatoire" not in plain(page.locator("#vos-clauses ~ ul").first.inner_text())
    for item in page.locator("#resultat-preparer li[data-obligation]").all():
        choices = item.locator("ul.au-choix a")
        if choices.count():
            assert "une clause au choix parmi" in plain(item.inner_text())
    assert page.locator("#resultat-preparer .marque-recommande").count() > 0


def test_without_javascript_the_page_is_the_full_table(browser, server, base):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "preparer-mon-marche/")
    rows = page.locator("table.cas tbody tr")
    assert rows.count() == sum(1 for o in base.obligations.values() if ob.in_force(o, base.today))
    assert not page.locator("#preparer").is_visible()
    context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_axe_and_width_with_the_result_shown(page, server, width):
    page.set_viewport_size({"width": width, "height": 900})
    for case in (FURNITURE, SCHOOL_MEALS):
        shown(page, address(server, {**case, "lancement": "2027-02-01", "debut": 2027, "fin": 2030}))
        page.locator("#vos-clauses").wait_for()
        for details in page.locator("#resultat-preparer details").all():
            details.evaluate("d => d.open = true")
        assert violations(Axe(), page, AXE_TAGS) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.locator(".sommaire-resultat a").count() >= 3  # the result can be walked by section
    page.goto(server + "preparer-mon-marche/?famille=mobilier-fournitures&lancement=2027-02-01&debut=2028&fin=2027")
    page.locator("#preparer-fin-erreur").wait_for()
    assert violations(Axe(), page, AXE_TAGS) == []
    assert page.foreign == []


def test_reporting_kit_of_the_selection(page, server, base, tmp_path, office_profile):
    """The kit of the checked clauses for 2027-2028: the workbooks open in LibreOffice with one row per indicator
    and one column per period; the calendar has the deadlines of both years."""
    import csv

    import icalendar
    from conftest import soffice

    from macros import reporting
    case = {**FURNITURE, "lancement": "2027-02-01", "debut": 2027, "fin": 2028}
    shown(page, address(server, case))
    chosen = page.locator("#vos-clauses ~ ul input:checked").evaluate_all("els => els.map(e => e.value)")
    rows = [r for cid in chosen for r in reporting.indicator_rows(base.clauses[cid])]
    columns = [label for label, _ in reporting.periods([2027, 2028], max(r["par_an"] for r in rows))]
    files = {}
    for fmt in ("ods", "xlsx", "ics"):
        with page.expect_download() as info:
            page.click(f'[data-action="kit-{fmt}"]')
        files[fmt] = tmp_path / f"kit.{fmt}"
        info.value.save_as(files[fmt])
    for fmt in ("ods", "xlsx"):
        out = tmp_path / f"csv-{fmt}"
        soffice(office_profile, f"conversion du kit .{fmt} en CSV", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
                str(files[fmt]), "--outdir", str(out), expect=[out / "kit.csv"])
        with open(out / "kit.csv", encoding="utf-8", newline="") as handle:
            table = [r for r in csv.reader(handle) if any(r)]
        assert table[1] == reporting.HEAD + columns, fmt
        assert [r[1] for r in table[2:]] == [r["indicateur"] for r in rows], fmt
        assert [r[5] for r in table[2:]] == [r["cible"] for r in rows], fmt
    cal = icalendar.Calendar.from_ical(files["ics"].read_bytes())
    days = sorted(e.decoded("dtstart").isoformat() for e in cal.walk("VEVENT"))
    assert days[-1] == "2028-12-31" and all(d.startswith(("2027", "2028")) for d in days)
