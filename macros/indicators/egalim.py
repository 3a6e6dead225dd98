"""EGalim declarations of Île-de-France canteens (ma-cantine open data): per year and département, how many
canteens declared, the median shares of organic and of sustainable and quality products (organic + EGalim « hors
bio »), and how many reach that year's minimum (data/obligations/egalim-produits-durables-qualite.yml). The file
gives shares only, no amounts: no weighted mean is possible. An empty share is 0 % or not declared (the export
cannot tell): such canteens are counted apart, never as 0 %."""
from __future__ import annotations

from . import IDF_DEPARTMENTS
from .targets import egalim_entry, rate, share


def _pct(value: float | None) -> float | None:
    """A share (0.253) as a percentage with one decimal, halves up, computed on the exact decimal text."""
    if value is None:
        return None
    from decimal import ROUND_HALF_UP, Decimal
    return float((Decimal(repr(value)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def compute(con) -> dict:
    idf = ", ".join(f"'{d}'" for d in IDF_DEPARTMENTS)
    con.execute("""CREATE OR REPLACE TEMP TABLE cantines_valides AS
        SELECT year::INTEGER AS annee, canteen_id,
               coalesce(nullif(canteen_department, ''),
                        CASE WHEN canteen_city_insee_code[1:2] IN ('97', '98') THEN canteen_city_insee_code[1:3]
                             ELSE canteen_city_insee_code[1:2] END) AS departement,
               TRY_CAST(teledeclaration_ratio_bio AS DOUBLE) AS bio,
               TRY_CAST(teledeclaration_ratio_egalim_hors_bio AS DOUBLE) AS hors_bio
        FROM cantines WHERE len(motifs) = 0 AND coalesce(year, '') <> ''""")
    scope = con.execute(f"""SELECT count(*), count(*) FILTER (departement IN ({idf})), count(*) FILTER (departement IS NULL),
        count(*) FILTER (departement IN ({idf}) AND (bio NOT BETWEEN 0 AND 1 OR hors_bio NOT BETWEEN 0 AND 1))
        FROM cantines_valides""").fetchone()
    entry = egalim_entry()
    values = []
    groups = con.execute(f"""SELECT DISTINCT annee, departement FROM cantines_valides WHERE departement IN ({idf})
        ORDER BY annee, departement""").fetchall()
    for annee, dep in [(a, None) for a in sorted({a for a, _ in groups})] + groups:
        where = f"annee = {int(annee)} AND " + (f"departement = '{dep}'" if dep else f"departement IN ({idf})")
        bio_min, quality_min = rate(entry, "bio", annee), rate(entry, "durables-qualite", annee)
        n, canteens, n_bio, med_bio, n_quality, med_quality, ok_bio, ok_quality = con.execute(f"""
            WITH c AS (SELECT *, CASE WHEN bio BETWEEN 0 AND 1 THEN bio END AS b,
                              CASE WHEN bio BETWEEN 0 AND 1 AND hors_bio BETWEEN 0 AND 1 THEN bio + hors_bio END AS q
                       FROM cantines_valides WHERE {where})
            SELECT count(*), count(DISTINCT canteen_id), count(b), median(b), count(q), median(q),
                   count(*) FILTER (b * 1000 >= ?), count(*) FILTER (q * 1000 >= ?) FROM c""",
            [round((bio_min or {"valeur": 0})["valeur"] * 10), round((quality_min or {"valeur": 0})["valeur"] * 10)]).fetchone()
        row = {"annee": annee, **({"departement": dep} if dep else {}), "teledeclarations": n, "cantines": canteens,
               "part_bio_renseignee": n_bio, "part_bio_mediane": _pct(med_bio),
               "part_durable_qualite_renseignee": n_quality, "part_durable_qualite_mediane": _pct(med_quality),
               "minimum_bio": bio_min, "minimum_durable_qualite": quality_min}
        if bio_min:
            row.update(cantines_au_minimum_bio=ok_bio, part_au_minimum_bio=share(ok_bio, n_bio))
        if quality_min:
            row.update(cantines_au_minimum_durable_qualite=ok_quality, part_au_minimum_durable_qualite=share(ok_quality, n_quality))
        values.append(row)
    return {
        "perimetre": {
            "regle": ("Cantine située en Île-de-France : « canteen_department » (ou, s'il est vide, les deux premiers "
                      f"caractères de « canteen_city_insee_code ») est l'un des départements {', '.join(IDF_DEPARTMENTS)}."),
            "calcul": ("part durable et de qualité = teledeclaration_ratio_bio + teledeclaration_ratio_egalim_hors_bio (les "
                       "produits bio comptent dans les deux parts) ; médianes sur les cantines dont la part est renseignée ; "
                       "une part vide (0 % ou non déclarée, l'export ne les distingue pas) n'est pas comptée ; une part hors "
                       "de [0 ; 1] est écartée"),
            "teledeclarations_valides": scope[0], "en_ile_de_france": scope[1], "cantine_non_localisee": scope[2],
            "parts_hors_bornes_ecartees": scope[3],
        },
        "valeurs": values,
    }
