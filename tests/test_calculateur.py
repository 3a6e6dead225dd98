"""Calculator in Chromium: the page shows exactly what the Python reference computes from data/obligations; invalid
input gets its message and no result; the page passes axe with results shown (« Préparer mon marché »: test_preparer)."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from babel.numbers import format_currency, format_decimal
from conftest import ROOT, plain
from web_checks import AXE_TAGS, violations

from macros import calculator as calc

AGEC_CASES = [  # (year, category, total, reuse, recycled, donations) in euros
    (2026, "agec58-mobilier-interieur", "12 500,50", "1 000", "", "250"),
    (2027, "agec58-textiles", "80000", "20000", "25000,5", ""),
    (2030, "agec58-mobilier-urbain", "3333,33", "", "100", ""),
    (2026, "agec58-papier", "5000", "", "", ""),
]


def cents(text: str) -> int:
    text = text.replace(" ", "").replace(",", ".")
    return round(float(text) * 100) if text else 0


def money(value: int) -> str:
    return plain(format_currency(value / 100, "EUR", locale="fr_FR"))


def shown(locator) -> str:
    return plain(locator.inner_text()).strip()


def fill(page, prefix, values):
    for name, value in values.items():
        page.fill(f"#{prefix}-{name}", value)


@pytest.mark.parametrize("case", AGEC_CASES, ids=[c[1] + "-" + str(c[0]) for c in AGEC_CASES])
def test_agec_results_match_the_reference(page, server, base, case):
    year, cat, total, reuse, recycled, donations = case
    page.goto(server + "calculateur/")
    page.select_option("#agec-annee", str(year))
    page.locator(f'details[data-categorie="{cat}"] summary').click()
    fill(page, cat, {"total": total, "reemploi": reuse, "recycle": recycled, "dons": donations})
    page.click("#calcul-agec button[type=submit]")
    table = page.locator(f'table.resultat-categorie[data-categorie="{cat}"]')
    expected = calc.agec_result(base.obligations[cat], year, cents(total), cents(reuse), cents(recycled), cents(donations))
    rows = table.locator("tbody tr")
    assert rows.count() == len(expected)
    for i, line in enumerate(expected):
        row = rows.nth(i)
        if line["minimum"] is None:
            assert "non publiée" in shown(row) and "à vérifier" in shown(row)
            continue
        assert shown(row.locator('[data-cle="minimum"]')) == money(line["minimum"])
        assert shown(row.locator('[data-cle="atteint"]')) == money(line["atteint"])
        assert shown(row.locator('[data-cle="ecart"]')) == (money(line["ecart"]) if line["ecart"] else "atteint")
        assert ("à vérifier" in shown(row)) is line["a_verifier"]
    url = page.evaluate("location.href")  # page.url follows history.replaceState only after an event
    assert f"agec-annee={year}" in url and f"{cat}-total=" in url


def test_a_rate_this_site_has_not_confirmed_can_be_typed_from_the_annex(page, server, base):
    """Papier: no rate on the site; the buyer types those read in the annex (link to the official text next to the
    fields), the result uses them, says so, and matches the reference; a share above 100 is refused."""
    cat, year = "agec58-papier", 2027
    entry = base.obligations[cat]
    assert not entry["taux"]
    page.goto(server + "calculateur/")
    page.select_option("#agec-annee", str(year))
    page.locator(f'details[data-categorie="{cat}"] summary').click()
    box = page.locator(f'[data-taux-saisis="{cat}"]')
    assert box.is_visible()
    assert box.locator("a").get_attribute("href") == base.veille[entry["texte"]]["adresse"]
    fill(page, cat, {"total": "8 000", "reemploi": "100", "recycle": "2500", "taux-reemploi": "101"})
    page.click("#calcul-agec button[type=submit]")
    assert "entre 0 et 100" in page.locator(f"#{cat}-taux-reemploi-erreur").inner_text()
    assert page.locator("table.resultat-categorie").count() == 0
    fill(page, cat, {"taux-reemploi": "", "taux-recycle": "12,5"})
    page.click("#calcul-agec button[type=submit]")
    expected = calc.agec_result(entry, year, 800_000, 10_000, 250_000, 0, typed={"matieres-recyclees": 12.5})
    rows = page.locator(f'table.resultat-categorie[data-categorie="{cat}"] tbody tr')
    assert expected[0]["minimum"] is None and "non publiée" in shown(rows.nth(0))  # nothing typed: no figure
    assert expected[1]["saisi"] and shown(rows.nth(1).locator('[data-cle="minimum"]')) == money(expected[1]["minimum"])
    assert "saisie par vous" in shown(rows.nth(1)) and "à vérifier" not in shown(rows.nth(1))
    page.select_option("#agec-annee", "2026")
    confirmed = "agec58-mobilier-interieur"  # rates on the site: no field to type one
    assert page.locator(f'[data-taux-saisis="{confirmed}"]').count() == 0


def test_shared_address_restores_the_inputs_and_the_result(page, server):
    page.goto(server + "calculateur/?agec-annee=2026&agec58-mobilier-interieur-total=10000"
              "&agec58-mobilier-interieur-reemploi=1500")
    assert page.locator("#agec58-mobilier-interieur-total").input_value() == "10000"
    assert page.locator('table.resultat-categorie[data-categorie="agec58-mobilier-interieur"]').count() == 1


@pytest.mark.parametrize("scope", calc.EGALIM_SCOPES)
def test_egalim_results_match_the_reference(page, server, base, scope):
    amounts = {"alimentaire": "100 000", "qualite": "45000", "bio": "15 000,40", "viandes": "30000", "viandes_qualite": "19000"}
    page.goto(server + "calculateur/")
    page.select_option("#egalim-champ", scope)
    page.select_option("#egalim-annee", str(base.today.year))
    fill(page, "egalim", amounts)
    page.click("#calcul-egalim button[type=submit]")
    expected = calc.egalim_result(base, base.today.year, scope, {k: cents(v) for k, v in amounts.items()})
    assert expected
    for line in expected:
        row = page.locator(f'table.resultat-egalim tr[data-indicateur="{line["indicateur"]}"]')
        assert shown(row.locator('[data-cle="part"]')) == plain(format_decimal(line["part"] / 10, locale="fr_FR")) + " %"
        assert shown(row.locator('[data-cle="minimum"]')) == money(line["minimum"])
        assert shown(row.locator('[data-cle="ecart"]')) == (money(line["ecart"]) if line["ecart"] else "atteint")
        assert plain(format_decimal(line["taux"], locale="fr_FR")) + " %" in shown(row)


@pytest.mark.parametrize("field,value,message", [
    ("total", "-100", "négatif"),
    ("total", "douze mille", "en chiffres"),
    ("reemploi", "20000", "Ne peut dépasser la dépense totale"),
])
def test_invalid_input_gets_its_message_and_no_result(page, server, field, value, message):
    cat = "agec58-mobilier-interieur"
    page.goto(server + "calculateur/")
    page.locator(f'details[data-categorie="{cat}"] summary').click()
    fill(page, cat, {"total": "10000", field: value})
    page.click("#calcul-agec button[type=submit]")
    error = page.locator(f"#{cat}-{field}-erreur")
    assert error.is_visible() and message in error.inner_text()
    assert page.locator(f"#{cat}-{field}").get_attribute("aria-invalid") == "true"
    assert page.locator("table.resultat-categorie").count() == 0
    assert "aucun calcul" in page.locator("#resultat-agec").inner_text()


def test_egalim_part_above_its_whole_is_refused(page, server):
    page.goto(server + "calculateur/")
    fill(page, "egalim", {"alimentaire": "1000", "qualite": "500", "bio": "600"})
    page.click("#calcul-egalim button[type=submit]")
    assert "Ne peut dépasser" in page.locator("#egalim-bio-erreur").inner_text()
    assert page.locator("table.resultat-egalim").count() == 0


@pytest.mark.parametrize("width", [1280, 375])
def test_axe_with_results_displayed(page, server, width):
    axe = Axe()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(server + "calculateur/?agec-annee=2026&agec58-mobilier-interieur-total=10000&agec58-papier-total=10"
              "&agec58-papier-taux-recycle=12,5"
              "&egalim-alimentaire=1000&egalim-qualite=400&egalim-viandes=100&egalim-viandes_qualite=70")
    page.locator("table.resultat-egalim").wait_for()
    page.evaluate("document.querySelectorAll('details.categorie').forEach(d => d.open = true)")  # typed-rate fields too
    assert "saisie par vous" in page.locator("#resultat-agec").inner_text()
    assert violations(axe, page, AXE_TAGS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.foreign == []


def test_csv_exports(page, server, base):
    """Results as CSV (semicolon, decimal comma) and the annual declaration in the national schema's columns."""
    cat = "agec58-mobilier-interieur"
    page.goto(server + f"calculateur/?agec-annee=2026&{cat}-total=10000&{cat}-reemploi=1500,5&{cat}-dons=200")
    with page.expect_download() as info:
        page.click('[data-action="csv-agec"]')
    lines = info.value.path().read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Catégorie;Indicateur;Année;Part minimale (%)")
    expected = calc.agec_result(base.obligations[cat], 2026, 1_000_000, 150_050, 0, 20_000)
    minimum = f"{expected[0]['minimum'] // 100},{expected[0]['minimum'] % 100:02d}"
    assert any(line.startswith("Mobilier et aménagement d'intérieur;Réemploi ou réutilisation;2026;") and f";{minimum};" in line
               for line in lines[1:])
    page.click('[data-action="declaration"]')  # no SIRET nor name yet: a message next to each, no file
    assert "14 chiffres" in page.locator("#agec-siret-erreur").inner_text()
    assert "raison sociale" in page.locator("#agec-raison-erreur").inner_text()
    page.fill("#agec-siret", "12345678901234")
    page.click('[data-action="declaration"]')  # still no name: refused, the SIRET message gone
    assert page.locator("#agec-siret-erreur").is_hidden() and page.locator("#agec-raison-erreur").is_visible()
    page.fill("#agec-raison", "Commune exemple")
    with page.expect_download() as info:
        page.click('[data-action="declaration"]')
    path = info.value.path()
    rows = path.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == ("annee,siret,raison_sociale,type_produit_acquis,montant_total,montant_reemploi_et_reutilisation,"
                       "montant_produits_issus_don,montant_produits_recycles,commentaires")
    assert rows[1] == "2026,12345678901234,Commune exemple,Mobilier et aménagement d'intérieur,10000.00,1500.50,200.00,0.00,"
    assert_valid_declaration(path)


NATIONAL = ROOT / "schemas" / "nationaux" / "declaration-biens-reemploi"


def assert_valid_declaration(path) -> None:
    """Valid against the national schema v0.1.0 (vendored copy, schemas/nationaux/), read by frictionless."""
    import json
    import shutil

    from frictionless import Resource, Schema
    csv_file = path if path.suffix == ".csv" else path.with_suffix(".csv")  # a download has no suffix
    if csv_file != path:
        shutil.copy(path, csv_file)
    schema = Schema.from_descriptor(json.loads((NATIONAL / "schema.json").read_text(encoding="utf-8")))
    report = Resource(path=csv_file.name, basepath=str(csv_file.parent), schema=schema).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_the_vendored_schema_accepts_its_own_example_and_refuses_a_missing_name(tmp_path):
    """The check above can fail: the official example passes, the same row without raison_sociale does not."""
    example = NATIONAL / "exemple-valide.csv"
    assert_valid_declaration(example)
    lines = example.read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "sans-raison.csv"
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("raison_sociale")] = ""
    broken.write_text("\n".join([lines[0], ",".join(cells)]) + "\n", encoding="utf-8")
    with pytest.raises(AssertionError):
        assert_valid_declaration(broken)


@pytest.mark.parametrize("year", [2026, 2027])
def test_egalim_says_what_no_longer_counts_in_the_chosen_year(page, server, base, year):
    """From 1 January 2027 (data: ce_qui_compte, jusqu_au), the result says that level-2 certified products no longer
    count, with their article; in 2026 it does not. The « Ce qui compte » list is on the page without script."""
    entry = base.obligations["egalim-produits-durables-qualite"]
    expected = calc.no_longer_counted(entry, year)
    assert bool(expected) is (year >= 2027)
    page.goto(server + "calculateur/")
    assert "certification environnementale de niveau 2" in shown(page.locator("ul.ce-qui-compte").first)
    page.select_option("#egalim-annee", str(year))
    fill(page, "egalim", {"alimentaire": "100 000", "qualite": "45000", "bio": "15 000", "viandes": "30000",
                          "viandes_qualite": "19000"})
    page.click("#calcul-egalim button[type=submit]")
    notes = page.locator("#resultat-egalim .ne-compte-plus")
    assert notes.count() == len(expected)
    for item, note in zip(expected, notes.all()):
        text = shown(note)
        assert text.startswith("Depuis le 1er janvier 2027, ne comptent plus") and item["article"] in text


IN_VIEW = "els => els.every(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right <= innerWidth; })"


def test_key_columns_stay_on_screen_at_375_px(page, server):
    """« Reste à atteindre » (calculator) and « Paliers à venir » (a guide's rates): stacked rows on a phone."""
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(server + "calculateur/?agec-annee=2026&agec58-mobilier-interieur-total=10000")
    gaps = page.locator('table.resultat-categorie td[data-label="Reste à atteindre"]')
    assert gaps.count() and gaps.evaluate_all(IN_VIEW)
    page.goto(server + "familles/mobilier-fournitures/")
    steps = page.locator('table.taux-legaux td[data-label="Paliers à venir"]')
    assert steps.count() and steps.evaluate_all(IN_VIEW)
