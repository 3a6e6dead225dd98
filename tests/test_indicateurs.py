"""Observatoire (macros/indicators): official examples pass, schema checks agree with jsonschema, computed values agree
with an independent plain-Python computation on generated files, invalid rows are counted with their reason, a file
in a wrong format is refused in French naming the file and the first bad row. Fast: no site, no browser."""
from __future__ import annotations

import copy
import csv
import json
import sys
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import jsonschema
import pytest
import yaml

from macros.indicators import __main__ as cli
from macros.indicators import decp_schema, sources, table_schema
from macros.indicators.errors import SourceError

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "indicateurs"))
import generer as gen  # noqa: E402

DECP = ROOT / "schemas" / "nationaux" / "decp"
IDF = {"75", "77", "78", "91", "92", "93", "94", "95"}
ENV = {"Clause environnementale", "Critère environnemental"}
SOCIAL = {"Clause sociale", "Critère social", "Marché réservé"}


def run(tmp_path, **files) -> dict:
    args = ["--sortie", str(tmp_path / "sortie"), "--date", "2026-12-01"]
    for name, path in files.items():
        args += [f"--{name.replace('_', '-')}", str(path)]
    if "agec" in files:
        args += ["--adresse-agec", "https://exemple.test/agec.csv"]
    assert cli.main(args) == 0
    return {p.name.split("-")[0]: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (tmp_path / "sortie").glob("*.yml")}


def pct(part: int, whole: int):
    return float((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)) if whole else None


def longest(code: str, table: dict) -> str | None:
    """Plain-Python reading of a prefix table (value: {prefix: label}), longest prefix first."""
    pairs = sorted(((p, v) for v, rows in table.items() for p in rows), key=lambda pv: -len(pv[0]))
    return next((v for p, v in pairs if code.replace("-", "").startswith(p)), None)


def marche_validator():
    schema = json.loads((DECP / "schema_decp_v2.0.3.json").read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator({**schema["definitions"]["marche"], "definitions": schema["definitions"]})


# --- schemas and official examples ------------------------------------------------------------------------------------

def test_every_keyword_of_the_vendored_schemas_becomes_a_check():
    assert decp_schema.unsupported() == set()
    for path in (sources.AGEC_SCHEMA, sources.CANTEENS_SCHEMA):
        assert table_schema.unsupported(table_schema.load(path)) == set()


@pytest.mark.parametrize("name", sorted(p.name for p in (DECP / "exemples").glob("*.json")))
def test_official_decp_examples_pass(tmp_path, name):
    path = DECP / "exemples" / name
    jsonschema.validate(json.loads(path.read_text(encoding="utf-8")),
                        json.loads((DECP / "schema_decp_v2.0.3.json").read_text(encoding="utf-8")))
    con = sources.connect(tmp_path)
    reads = sources.load_decp(con, path, tmp_path)
    expected = json.loads(path.read_text(encoding="utf-8"))["marches"]
    assert {k: (r.rows, r.rejected) for k, r in reads.items()} == {k: (len(v), 0) for k, v in expected.items()}


def test_official_agec_example_passes(tmp_path):
    con = sources.connect(tmp_path)
    read = sources.load_agec(con, ROOT / "schemas" / "nationaux" / "declaration-biens-reemploi" / "exemple-valide.csv")
    assert (read.rows, read.rejected) == (3, 0)


# --- invalid rows: counted with their reason, same verdict as jsonschema ----------------------------------------------

def mutants() -> list[tuple[dict, str | None]]:
    """(contract, field its reason names, or None when valid)."""
    base = gen.decp_marches(1)[0]

    def change(edit, field):
        m = copy.deepcopy(base)
        edit(m)
        return m, field
    return [
        (base, None),
        change(lambda m: m.pop("objet"), "objet"),
        change(lambda m: m["acheteur"].update(id="2175000163"), "acheteur.id"),
        change(lambda m: m.update(montant=0), "montant"),
        change(lambda m: m.update(montant="575000"), "montant"),
        change(lambda m: m.update(dureeMois=1.5), "dureeMois"),
        change(lambda m: m.update(source="plateforme"), "source"),
        change(lambda m: m.update(nature="Accord-cadre"), "nature"),
        change(lambda m: m.update(origineUE=None), "origineUE"),
        change(lambda m: m.update(codeCPV="4500000"), "codeCPV"),
        change(lambda m: m["considerationsSociales"].update(considerationSociale=[]), "considerationsSociales.considerationSociale"),
        change(lambda m: m["techniques"].update(technique=["Concours", "Concours"]), "techniques.technique"),
        change(lambda m: m["considerationsEnvironnementales"].update(considerationEnvironnementale=["Clause verte"]),
               "considerationsEnvironnementales.considerationEnvironnementale[]"),
        change(lambda m: m["modifications"][0]["modification"].pop("id"), "modifications[].modification.id"),
        change(lambda m: m["modifications"][0]["modification"]["titulaires"][0]["titulaire"].update(typeIdentifiant="X"),
               "modifications[].modification.titulaires[].titulaire.typeIdentifiant"),
        change(lambda m: m["actesSousTraitance"][0]["acteSousTraitance"].update(variationPrix=3),
               "actesSousTraitance[].acteSousTraitance.variationPrix"),
        change(lambda m: m.update(titulaires="55204599900869"), "titulaires"),
        change(lambda m: m.update(lieuExecution={"code": "75000"}), "lieuExecution.typeCode"),
        change(lambda m: m.update(id="X" * 17), "id"),
    ]


def test_sql_checks_give_the_verdict_of_jsonschema_and_name_the_field(tmp_path):
    cases = mutants()
    path = gen.write_decp(tmp_path / "mutants.json", [m for m, _ in cases])
    con = sources.connect(tmp_path)
    read = sources.load_decp(con, path, tmp_path)["marche"]
    rows = dict(con.execute("SELECT n_ligne, motifs FROM decp_marche").fetchall())
    validator = marche_validator()
    for n, (contract, field) in enumerate(cases, start=1):
        assert bool(rows[n]) == bool(list(validator.iter_errors(contract))), (n, field, rows[n])
        if field:
            assert any(f"«\u00a0{field}\u00a0»" in r for r in rows[n]), (field, rows[n])
    assert (read.rows, read.rejected) == (len(cases), len(cases) - 1)
    counted = {r["motif"]: r["lignes"] for r in read.reasons}
    assert counted["«\u00a0source\u00a0» : champ non prévu par le schéma"] == 1
    assert all(r["exemples"] and r["exemples"][0].startswith("contrat n°") for r in read.reasons)


# --- computed values against an independent computation ---------------------------------------------------------------

def expected_decp(contracts: list[dict]) -> dict:
    families = yaml.safe_load((ROOT / "macros" / "indicators" / "cpv-familles.yaml").read_text(encoding="utf-8"))
    kinds = yaml.safe_load((ROOT / "macros" / "indicators" / "categories-juridiques.yaml").read_text(encoding="utf-8"))
    validator = marche_validator()
    groups = defaultdict(lambda: [0, 0, 0])
    for m in contracts:
        if list(validator.iter_errors(m)):
            continue
        commune, cj = gen.BUYERS[m["acheteur"]["id"]]
        if not commune or commune[:2] not in IDF:
            continue
        year = int(m["dateNotification"][:4])
        dims = {"departement": commune[:2], "type_acheteur": (longest(cj, kinds) or "autre") if cj else "inconnu",
                "famille": longest(m["codeCPV"], families) or "autre"}
        env = bool(ENV & set(m["considerationsEnvironnementales"]["considerationEnvironnementale"]))
        soc = bool(SOCIAL & set(m["considerationsSociales"]["considerationSociale"]))
        for key in [()] + [(d,) for d in dims]:
            g = groups[(year, *((d, dims[d]) for d in key))]
            g[0] += 1
            g[1] += env
            g[2] += soc
    return {k: {"marches": n, "avec_consideration_environnementale": e, "part_environnementale": pct(e, n),
                "avec_consideration_sociale": s, "part_sociale": pct(s, n)} for k, (n, e, s) in groups.items()}


def test_decp_shares_match_a_plain_python_computation(tmp_path):
    contracts = gen.decp_marches(400)
    for m, _ in mutants()[1:6]:
        contracts.append(m)
    path = gen.write_decp(tmp_path / "decp.json", contracts)
    etab, units = gen.write_sirene(tmp_path)
    snap = run(tmp_path, decp=path, sirene_etablissements=etab, sirene_unites_legales=units)["decp"]
    got = {(v["annee"], *((d, v[d]) for d in ("departement", "type_acheteur", "famille") if d in v)):
           {k: v[k] for k in ("marches", "avec_consideration_environnementale", "part_environnementale",
                              "avec_consideration_sociale", "part_sociale")} for v in snap["valeurs"]}
    assert got == expected_decp(contracts)
    assert snap["lectures"]["marche"]["lignes_lues"] == 405
    assert snap["lectures"]["marche"]["lignes_rejetees"] == 5
    assert snap["perimetre"]["acheteur_non_localise"] == sum(
        1 for m in contracts[:400] if gen.BUYERS[m["acheteur"]["id"]][0] is None)
    assert {c["considération"] for c in snap["cibles"]} == {"environnementale", "sociale"}


def test_without_sirene_no_contract_is_placed_in_ile_de_france(tmp_path):
    path = gen.write_decp(tmp_path / "decp.json", gen.decp_marches(20))
    snap = run(tmp_path, decp=path)["decp"]
    assert snap["valeurs"] == [] and snap["perimetre"]["acheteur_non_localise"] == 20


def test_slow_path_reads_both_lists_and_gives_the_same_values(tmp_path):
    contracts = gen.decp_marches(60, seed=7)
    etab, units = gen.write_sirene(tmp_path)
    one = run(tmp_path / "a", decp=gen.write_decp(tmp_path / "a.json", contracts),
              sirene_etablissements=etab, sirene_unites_legales=units)["decp"]
    concessions = json.loads((DECP / "exemples" / "concessions.json").read_text(encoding="utf-8"))["marches"]["contrat-concession"]
    both = run(tmp_path / "b", decp=gen.write_decp(tmp_path / "b.json", contracts, concessions, indent=2),
               sirene_etablissements=etab, sirene_unites_legales=units)["decp"]
    assert one["valeurs"] == both["valeurs"]
    assert both["lectures"]["contrat-concession"]["lignes_lues"] == 2


def test_agec_and_egalim_match_a_plain_python_computation(tmp_path):
    from macros import obligations as ob
    agec_rows, canteen_rows = gen.agec_rows(), gen.canteen_rows()
    etab, units = gen.write_sirene(tmp_path)
    snaps = run(tmp_path, agec=gen.write_csv(tmp_path / "agec.csv", gen.AGEC_SCHEMA, agec_rows),
                cantines=gen.write_csv(tmp_path / "td.csv", gen.CANTEENS_SCHEMA, canteen_rows),
                sirene_etablissements=etab, sirene_unites_legales=units)
    sums = defaultdict(lambda: [0, 0, 0, 0])
    for r in agec_rows:
        commune = gen.BUYERS[r["siret"]][0]
        if commune and commune[:2] in IDF:
            s = sums[(r["annee"], r["type_produit_acquis"])]
            for i, key in enumerate(("montant_total", "montant_reemploi_et_reutilisation", "montant_produits_issus_don",
                                     "montant_produits_recycles")):
                s[i] += int((Decimal(r[key]) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    got = {(v["annee"], v["categorie"]): v for v in snaps["agec"]["valeurs"]}
    assert set(got) == set(sums)
    for key, (total, reuse, don, recycled) in sums.items():
        assert got[key]["part_reemploi_reutilisation"] == pct(reuse + don, total + don)
        assert got[key]["part_matieres_recyclees"] == pct(recycled, total + don)
    entry = yaml.safe_load((ROOT / "data" / "obligations" / "egalim-produits-durables-qualite.yml").read_text(encoding="utf-8"))
    for v in snaps["egalim"]["valeurs"]:
        rows = [r for r in canteen_rows if r["year"] == v["annee"]
                and (r["canteen_department"] or r["canteen_city_insee_code"][:2]) in ({v["departement"]} if "departement" in v else IDF)]
        bio = [float(r["teledeclaration_ratio_bio"]) for r in rows if r["teledeclaration_ratio_bio"]]
        minimum = ob.rate(entry, "bio", v["annee"])["valeur"]
        assert v["teledeclarations"] == len(rows) and v["part_bio_renseignee"] == len(bio)
        assert v["cantines_au_minimum_bio"] == sum(1 for b in bio if b * 100 >= minimum)


# --- wrong formats: one French message naming the file and the first bad row ---------------------------------------------

def test_a_csv_given_as_decp_is_refused_at_line_one(tmp_path):
    path = tmp_path / "decp.json"
    path.write_text("annee,siret\n2024,123\n", encoding="utf-8")
    with pytest.raises(SourceError) as err:
        sources.load_decp(sources.connect(tmp_path), path, tmp_path)
    assert str(err.value).startswith(f"{path}, ligne 1 : attendu un document JSON de la forme")
    assert "Correction :" in str(err.value)


def test_the_former_decp_format_is_refused(tmp_path):
    path = tmp_path / "decp.json"
    path.write_text('{"marches": [\n {"id": "1"}\n]}', encoding="utf-8")
    with pytest.raises(SourceError, match=r"ligne 1 : attendu un objet après « marches »"):
        sources.load_decp(sources.connect(tmp_path), path, tmp_path)


def test_malformed_json_names_the_line_and_the_contract(tmp_path):
    contracts = gen.decp_marches(3)
    path = gen.write_decp(tmp_path / "decp.json", contracts, indent=1)
    text = path.read_text(encoding="utf-8")
    cut = text.index('"G000000000000002"')
    path.write_text(text[:cut] + '"G000000000000002",,' + text[cut + len('"G000000000000002",'):], encoding="utf-8")
    line = text[:cut].count("\n") + 1
    with pytest.raises(SourceError) as err:
        sources.load_decp(sources.connect(tmp_path), path, tmp_path)
    assert f"ligne {line} (élément n°\u00a03) : attendu du JSON valide" in str(err.value)


def test_a_csv_with_a_broken_row_is_refused_naming_the_line(tmp_path):
    example = ROOT / "schemas" / "nationaux" / "declaration-biens-reemploi" / "exemple-valide.csv"
    lines = example.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "agec.csv"
    path.write_text("\n".join([*lines[:2], lines[2] + ",en trop", *lines[3:]]) + "\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"agec.csv, ligne 3 : attendu 9 champs"):
        sources.load_agec(sources.connect(tmp_path), path)
    wrong = tmp_path / "entete.csv"
    wrong.write_text(lines[0].replace("siret", "SIRET") + "\n" + lines[1] + "\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"entete.csv, ligne 1 : attendu l'en-tête CSV"):
        sources.load_agec(sources.connect(tmp_path), wrong)


def test_invalid_csv_rows_are_counted_with_their_reason(tmp_path):
    rows = gen.agec_rows()[:6]
    rows[1]["siret"] = "123"
    rows[2]["type_produit_acquis"] = "Chaises"
    rows[3]["montant_total"] = "12,5"
    path = gen.write_csv(tmp_path / "agec.csv", gen.AGEC_SCHEMA, rows)
    read = sources.load_agec(sources.connect(tmp_path), path)
    assert (read.rows, read.rejected) == (6, 3)
    assert {r["motif"]: r["exemples"] for r in read.reasons} == {
        "«\u00a0siret\u00a0» : ne suit pas le motif ^\\d{14}$": ["ligne 3"],
        "«\u00a0type_produit_acquis\u00a0» : valeur hors de la liste du schéma": ["ligne 4"],
        "«\u00a0montant_total\u00a0» : attendu un nombre (point décimal)": ["ligne 5"]}
    with open(path, encoding="utf-8") as f:
        assert list(csv.reader(f))[4 - 1][3] == "Chaises"  # line 4 of the file


def test_nothing_is_written_under_data(tmp_path):
    before = {p: p.stat().st_mtime_ns for p in (ROOT / "data").rglob("*")}
    run(tmp_path, decp=gen.write_decp(tmp_path / "decp.json", gen.decp_marches(10)))
    assert {p: p.stat().st_mtime_ns for p in (ROOT / "data").rglob("*")} == before
