"""AGEC art. 58 declarations (arrêté du 13 janvier 2025): how many Île-de-France buyers declared, and per year and
category the declared shares against that year's minimum (data/obligations). As in the calculator, donations count
as reuse and in the base: reuse share = (reuse + donations) / (total + donations), recycled share = recycled /
(total + donations). Amounts are summed in cents."""
from __future__ import annotations

from . import IDF_DEPARTMENTS
from .decp import located
from .targets import agec_entries, rate, share

INDICATORS = {"reemploi-reutilisation": "part_reemploi_reutilisation", "matieres-recyclees": "part_matieres_recyclees"}


def compute(con, sirene: bool) -> dict:
    if sirene and not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'sirene_unites_legales'").fetchone()[0]:
        con.execute("CREATE OR REPLACE TEMP TABLE sirene_unites_legales (cle VARCHAR, valeur VARCHAR, motifs VARCHAR[])")
    con.execute("CREATE TEMP TABLE IF NOT EXISTS categories (code VARCHAR, valeur VARCHAR)")
    cents = "round(TRY_CAST({} AS DOUBLE) * 100)::BIGINT"
    idf = ", ".join(f"'{d}'" for d in IDF_DEPARTMENTS)
    con.execute(f"""CREATE OR REPLACE TEMP TABLE agec_valides AS
        SELECT annee::INTEGER AS annee, siret, type_produit_acquis AS categorie, departement,
               {cents.format('montant_total')} AS total, {cents.format('montant_reemploi_et_reutilisation')} AS reemploi,
               {cents.format('montant_produits_issus_don')} AS don, {cents.format('montant_produits_recycles')} AS recycle
        FROM ({located('agec', 'siret', sirene)}) WHERE len(motifs) = 0""")
    scope = con.execute(f"""SELECT count(*), count(*) FILTER (departement IN ({idf})), count(*) FILTER (departement IS NULL)
        FROM agec_valides""").fetchone()
    declarants = con.execute(f"""SELECT annee, count(DISTINCT siret) FROM agec_valides WHERE departement IN ({idf})
        GROUP BY annee ORDER BY annee""").fetchall()
    entries = agec_entries()
    values = []
    for annee, categorie, n, buyers, total, reuse, don, recycled in con.execute(f"""
            SELECT annee, categorie, count(*), count(DISTINCT siret), sum(total), sum(reemploi), sum(don), sum(recycle)
            FROM agec_valides WHERE departement IN ({idf}) GROUP BY annee, categorie ORDER BY annee, categorie""").fetchall():
        base = total + don
        row = {"annee": annee, "categorie": categorie, "declarations": n, "acheteurs": buyers, "montant_total_centimes": total,
               "montant_reemploi_reutilisation_centimes": reuse, "montant_dons_centimes": don,
               "montant_recycle_centimes": recycled,
               "part_reemploi_reutilisation": share(reuse + don, base), "part_matieres_recyclees": share(recycled, base)}
        for indicator, key in INDICATORS.items():
            minimum = rate(entries.get(categorie), indicator, annee)
            row[f"minimum_{key[5:]}"] = minimum
            if minimum:
                held = "reemploi + don" if indicator == "reemploi-reutilisation" else "recycle"
                row[f"declarations_au_minimum_{key[5:]}"] = con.execute(f"""SELECT count(*) FROM agec_valides
                    WHERE departement IN ({idf}) AND annee = ? AND categorie = ? AND total + don > 0
                    AND ({held}) * 1000 >= (total + don) * ?""", [annee, categorie, round(minimum["valeur"] * 10)]).fetchone()[0]
        values.append(row)
    return {
        "perimetre": {
            "regle": ("Déclarant situé en Île-de-France : la commune de l'établissement du SIRET déclaré (fichier Sirene, "
                      f"codeCommuneEtablissement) est dans l'un des départements {', '.join(IDF_DEPARTMENTS)} ; sans "
                      "fichier Sirene, aucun déclarant n'est localisé."),
            "calcul": ("part de réemploi et réutilisation = (réemploi + dons) / (total + dons) ; part de matières recyclées "
                       "= recyclé / (total + dons) ; en dixièmes de point, moitiés arrondies au-dessus (comme le calculateur)"),
            "sirene": sirene, "declarations_valides": scope[0], "en_ile_de_france": scope[1], "declarant_non_localise": scope[2],
        },
        "declarants_par_annee": [{"annee": a, "acheteurs": n} for a, n in declarants],
        "valeurs": values,
    }
