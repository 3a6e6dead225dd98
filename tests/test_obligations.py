"""Obligations as data: what applies on a date, rates written once, calculator arithmetic (fast tier)."""
import datetime as dt
import re

import pytest
from conftest import ROOT

from macros import calculator as calc
from macros import obligations as ob
from macros.model import load_base
from macros.render.obligations import legal_minimum
from macros.schemas import allowed

BEFORE, AFTER = dt.date(2026, 8, 1), dt.date(2026, 9, 1)
RATE_RE = re.compile(r"(?<![\w\\])\d+(?:[,.]\d+)?[\s\u00a0\u202f]?%(?!\})")  # not Jinja « %} »


@pytest.fixture(scope="module")
def real():
    return load_base(ROOT)


def test_legal_minimum_lists_only_what_is_in_force_with_its_article():
    """The environmental award criterion (R2152-7, 21 August 2026) is in the legal minimum after, not before."""
    for day in (BEFORE, AFTER):
        base = load_base(ROOT, today=day)
        for family in allowed("famille"):
            found = base.obligations_for(family)
            for entry in found:
                assert dt.date.fromisoformat(entry["depuis"]) <= day
                assert entry["article"] and entry["texte"] in base.veille
                assert base.status(entry["texte"]) in ("en-vigueur", "a-venir")  # never a repealed text
            ids = {o["id"] for o in found}
            assert ("ccp-critere-attribution-environnemental" in ids) is (day == AFTER), (family, day)
            html = legal_minimum(base, f"familles/{family}/", family)
            assert ('id="ccp-critere-attribution-environnemental"' in html) is (day == AFTER)


def test_clause_level_is_not_called_mandatory_without_an_obligation(real):
    """« obligatoire » appears only next to an obligation's article; the legal minimum box names the rest « recommandées »."""
    html = legal_minimum(real, "familles/mobilier-fournitures/", "mobilier-fournitures")
    assert "recommandées" in html
    for entry in real.obligations_for("mobilier-fournitures"):
        assert entry["article"].split(" (")[0] in html.replace("&#39;", "'")


def test_rate_in_force_follows_the_steps(real):
    furniture = real.obligations["agec58-mobilier-interieur"]
    by_year = {y: ob.rate(furniture, "reemploi-reutilisation", y) for y in (2023, 2024, 2026, 2027, 2029, 2030, 2035)}
    assert by_year[2023] is None
    steps = ob.steps(furniture)
    for year, row in by_year.items():
        if row:
            assert row["annee"] == max(s for s in steps if s <= year)
    meat = real.obligations["egalim-viandes-poissons"]
    general = ob.rate(meat, "viandes-poissons-durables", 2026, "collective-publique")
    state = ob.rate(meat, "viandes-poissons-durables", 2026, "etat")
    assert general["valeur"] < state["valeur"] and state.get("champ") == "etat" and general.get("champ") is None
    quality = real.obligations["egalim-produits-durables-qualite"]
    assert ob.rate(quality, "durables-qualite", 2026, "etat") == ob.rate(quality, "durables-qualite", 2026, None)


def test_every_unconfirmed_rate_is_flagged(real):
    for entry in real.obligations.values():
        for row in entry.get("taux", []):
            if row["valeur"] is None:
                assert row["a_verifier"]
        if entry["forme"] == "taux" and not entry["taux"]:
            assert entry.get("manque")


def test_no_rate_is_written_by_hand_in_pages_templates_or_clauses():
    """Legal figures come from data/obligations: no percentage in Markdown pages, templates, renderers, scripts,
    clause wording outside placeholders, or family texts other than sourced statistics."""
    found = []
    sources = [p for p in (ROOT / "docs").rglob("*.md") if p.parent.name not in ("clauses", "veille", "retours")]
    sources += list((ROOT / "overrides").rglob("*.html")) + list((ROOT / "macros" / "render").glob("*.py"))
    sources += list((ROOT / "docs" / "assets").glob("*.js"))
    for path in sources:
        for m in RATE_RE.finditer(path.read_text(encoding="utf-8")):
            found.append(f"{path.relative_to(ROOT)} : {m.group(0)}")
    import yaml
    for path in sorted((ROOT / "data" / "clauses").glob("*.yml")):
        entry = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = yaml.safe_dump({k: v for k, v in entry.items() if k != "base_juridique"}, allow_unicode=True)
        text = re.sub(r"\[[^\]]*\]", "", text)  # placeholders such as [XX %] are the buyer's to fill
        found += [f"{path.relative_to(ROOT)} : {m.group(0)}" for m in RATE_RE.finditer(text)]
    for path in sorted((ROOT / "data" / "familles").glob("*.yml")):
        entry = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = yaml.safe_dump({k: v for k, v in entry.items() if k != "chiffres_cles"}, allow_unicode=True)
        found += [f"{path.relative_to(ROOT)} : {m.group(0)}" for m in RATE_RE.finditer(text)]
        for figure in entry.get("chiffres_cles", []):  # sourced statistics, but never a legal target restated
            assert not re.search(r"objectifs?[^.;]{0,25}\d+[\s\u00a0]?%", figure["texte"]), (path, figure["texte"])
    assert not found, found


def test_rounding_is_half_up_in_cents_and_tenths():
    assert calc.round_half_up(5, 10) == 1 and calc.round_half_up(4, 10) == 0 and calc.round_half_up(15, 10) == 2
    assert calc.minimum_cents(1_000_000, 20) == 200_000
    assert calc.minimum_cents(333, 15) == 50  # 49,95 → 50 centimes
    assert calc.minimum_cents(1001, 25.5) == 255  # 255,255 → 255
    assert calc.share_tenths(1, 3) == 333 and calc.share_tenths(2, 3) == 667 and calc.share_tenths(1, 0) is None


def test_agec_result_counts_donations_as_reuse_and_in_the_base(real):
    furniture = real.obligations["agec58-mobilier-interieur"]
    rate = ob.rate(furniture, "reemploi-reutilisation", 2026)["valeur"]
    lines = {r["indicateur"]: r for r in calc.agec_result(furniture, 2026, 1_000_000, 100_000, 0, 50_000)}
    reuse = lines["reemploi-reutilisation"]
    assert reuse["minimum"] == calc.minimum_cents(1_050_000, rate)
    assert reuse["atteint"] == 150_000 and reuse["ecart"] == max(0, reuse["minimum"] - 150_000)
    assert reuse["a_verifier"]
    paper = calc.agec_result(real.obligations["agec58-papier"], 2026, 1_000_000, 0, 0, 0)
    assert all(r["minimum"] is None and r["a_verifier"] for r in paper)


def test_case_rule(real):
    catering = real.obligations["egalim-produits-durables-qualite"]
    assert ob.applies_to_case(catering, "alimentation", "services", "commune", "scolaire")
    assert not ob.applies_to_case(catering, "alimentation", "services", "commune", None)
    assert not ob.applies_to_case(catering, "alimentation", "travaux", "commune", "scolaire")
    agec = real.obligations["agec58-mobilier-interieur"]
    assert ob.applies_to_case(agec, "mobilier-fournitures", "fournitures", "region")
    assert not ob.applies_to_case(agec, "mobilier-fournitures", "fournitures", "hopital")
    assert not ob.applies_to_case(agec, "mobilier-fournitures", "fournitures", "region", category="agec58-papier")
    transversal = real.obligations["ccp-condition-execution-environnementale"]
    assert all(ob.applies_to_case(transversal, f, "travaux", "hopital") for f in allowed("famille"))


@pytest.mark.parametrize("today", [dt.date(2026, 12, 6), dt.date(2028, 3, 1), dt.date(2031, 1, 1)])
def test_clause_minimum_covers_every_step_a_contract_may_run_into(today):
    """Beside a clause's placeholders, never the build year's figure alone: every step from the reference year on,
    with the years it covers, each figure read from data/obligations (computed here again from the rows)."""
    from markupsafe import Markup

    from macros.packs import minimum_notes
    from macros.render.obligations import clause_figures
    base = load_base(ROOT, today=today)
    html = clause_figures(base, "clauses/mob-st-part-agec58-mobilier/", "mob-st-part-agec58-mobilier")
    text = Markup(html).striptags().replace("\u00a0", " ")
    notes = " ".join(value for _, value in minimum_notes(base, "mob-st-part-agec58-mobilier"))
    assert not re.search(r"Minimum légal (en )?20\d\d", text + notes)
    furniture = base.obligations["agec58-mobilier-interieur"]
    steps = ob.steps(furniture)
    current = max(s for s in steps if s <= today.year)
    for start in [s for s in steps if s >= current]:
        later = [s for s in steps if s > start]
        label = f"de {start} à {later[0] - 1}" if later else f"à partir de {start}"
        for row in (r for r in furniture["taux"] if r["annee"] == start):
            figure = f"{label} : " if row["indicateur"] == "reemploi-reutilisation" else ""
            assert f"{figure}{row['valeur']:g} %".replace(".", ",") in text, (today, label, row)
            assert f"{row['valeur']:g} %".replace(".", ",") in notes
    for start in [s for s in steps if s < current]:
        assert f"de {start} à" not in text  # a period ended before the contract is left out


def test_unconfirmed_rates_are_never_said_to_be_absent(real):
    """A category whose rates the site has not confirmed (taux: []) is « non confirmées », never « aucune part »."""
    from macros.render.obligations import step_rates
    for entry in real.obligations.values():
        if entry["forme"] == "taux" and not entry["taux"]:
            assert step_rates(entry, 2026)[0].startswith("parts non confirmées par ce site")


@pytest.mark.parametrize(("today", "said"), [(dt.date(2026, 12, 6), "Change le 1er janvier 2027, dans 26 jours"),
                                             (dt.date(2026, 10, 3), "Change le 1er janvier 2027, dans 90 jours"),
                                             (dt.date(2026, 10, 2), None)])
def test_a_step_within_ninety_days_is_announced_once(today, said):
    """A guide showing an obligation whose figures change within 90 days says so in words, once."""
    from markupsafe import Markup
    base = load_base(ROOT, today=today)
    text = Markup(legal_minimum(base, "familles/mobilier-fournitures/", "mobilier-fournitures")).striptags()
    text = text.replace("\u00a0", " ")
    assert text.count("Change le") == (1 if said else 0)
    assert said is None or said in text
