"""DECP indicators: among the valid contracts (« marché ») of buyers located in Île-de-France, the share with at least
one environmental consideration and with at least one social one, by year of notification, département, kind of
buyer and purchase family. Concessions are read and checked, counted, and left out of the shares (no CPV code)."""
from __future__ import annotations

from . import IDF_DEPARTMENTS
from .targets import by_prefix, decp_targets, prefixes, share

ENV = ("Clause environnementale", "Critère environnemental")
SOCIAL = ("Clause sociale", "Critère social", "Marché réservé")
DIMENSIONS = ("departement", "type_acheteur", "famille")


def _mapped(con, column: str, name: str, table_file: str, default: str, source: str) -> None:
    """A small table code → value for the distinct codes of `source`, by the documented prefix table."""
    table = prefixes(table_file)
    codes = [r[0] for r in con.execute(f"SELECT DISTINCT {column} FROM {source} WHERE {column} IS NOT NULL").fetchall()]
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} (code VARCHAR, valeur VARCHAR)")
    if codes:
        con.executemany(f"INSERT INTO {name} VALUES (?, ?)", [(c, by_prefix(c, table, default)) for c in codes])


def located(table: str, siret: str, sirene: bool) -> str:
    """SQL of the rows of `table` with the département and kind of their buyer (NULL: not found in Sirene)."""
    if not sirene:
        return f"SELECT t.*, NULL::VARCHAR AS departement, 'inconnu' AS type_acheteur FROM {table} t"
    return f"""SELECT t.*, CASE WHEN e.valeur[1:2] IN ('97', '98') THEN e.valeur[1:3] ELSE e.valeur[1:2] END AS departement,
            coalesce(k.valeur, CASE WHEN u.valeur IS NULL THEN 'inconnu' ELSE 'autre' END) AS type_acheteur
        FROM {table} t
        LEFT JOIN (SELECT DISTINCT ON (cle) cle, valeur FROM sirene_etablissements WHERE len(motifs) = 0) e ON e.cle = t.{siret}
        LEFT JOIN (SELECT DISTINCT ON (cle) cle, valeur FROM sirene_unites_legales WHERE len(motifs) = 0) u ON u.cle = t.{siret}[1:9]
        LEFT JOIN categories k ON k.code = u.valeur"""


def compute(con, sirene: bool) -> dict:
    has_units = sirene and bool(con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'sirene_unites_legales'").fetchone()[0])
    if has_units:
        _mapped(con, "valeur", "categories", "categories-juridiques.yaml", "autre", "sirene_unites_legales")
    else:
        con.execute("CREATE OR REPLACE TEMP TABLE sirene_unites_legales (cle VARCHAR, valeur VARCHAR, motifs VARCHAR[])")
        con.execute("CREATE OR REPLACE TEMP TABLE categories (code VARCHAR, valeur VARCHAR)")
    _mapped(con, "cpv", "familles", "cpv-familles.yaml", "autre", "decp_marche")
    env = ", ".join(f"'{v}'" for v in ENV)
    soc = ", ".join(f"'{v}'" for v in SOCIAL)
    idf = ", ".join(f"'{d}'" for d in IDF_DEPARTMENTS)
    con.execute(f"""CREATE OR REPLACE TEMP TABLE decp_valides AS
        SELECT l.annee::INTEGER AS annee, l.departement, l.type_acheteur, coalesce(f.valeur, 'autre') AS famille,
               list_has_any(l.env, [{env}]) AS env, list_has_any(l.soc, [{soc}]) AS soc
        FROM ({located('decp_marche', 'siret', sirene)}) l LEFT JOIN familles f ON f.code = l.cpv
        WHERE len(l.motifs) = 0""")
    scope = con.execute(f"""SELECT count(*), count(*) FILTER (departement IN ({idf})),
        count(*) FILTER (departement IS NOT NULL AND departement NOT IN ({idf})), count(*) FILTER (departement IS NULL)
        FROM decp_valides""").fetchone()
    rows = con.execute(f"""SELECT annee, {', '.join(DIMENSIONS)}, GROUPING({', '.join(DIMENSIONS)}) AS g,
            count(*) AS n, count(*) FILTER (env) AS n_env, count(*) FILTER (soc) AS n_soc
        FROM decp_valides WHERE departement IN ({idf})
        GROUP BY GROUPING SETS ((annee), (annee, departement), (annee, type_acheteur), (annee, famille))
        ORDER BY annee, g DESC, departement, type_acheteur, famille""").fetchall()
    values = []
    for annee, dep, kind, family, _g, n, n_env, n_soc in rows:
        row = {"annee": annee}
        row.update({k: v for k, v in zip(DIMENSIONS, (dep, kind, family)) if v is not None})
        row.update({"marches": n, "avec_consideration_environnementale": n_env, "part_environnementale": share(n_env, n),
                    "avec_consideration_sociale": n_soc, "part_sociale": share(n_soc, n)})
        values.append(row)
    return {
        "perimetre": {
            "regle": ("Acheteur situé en Île-de-France : la commune de l'établissement dont le SIRET est « acheteur.id » "
                      "(fichier Sirene de l'Insee, codeCommuneEtablissement) est dans l'un des départements "
                      f"{', '.join(IDF_DEPARTMENTS)}. Le schéma DECP ne donne que ce SIRET : sans fichier Sirene, ou pour "
                      "un SIRET absent du fichier, l'acheteur n'est pas localisé et le marché n'est pas compté."),
            "sirene": sirene, "marches_valides": scope[0], "en_ile_de_france": scope[1], "hors_ile_de_france": scope[2],
            "acheteur_non_localise": scope[3],
            "consideration_environnementale": f"au moins une valeur parmi {', '.join(ENV)}",
            "consideration_sociale": f"au moins une valeur parmi {', '.join(SOCIAL)}",
            "annee": "année de dateNotification", "famille": "macros/indicators/cpv-familles.yaml (préfixe CPV le plus long)",
            "type_acheteur": "macros/indicators/categories-juridiques.yaml (catégorie juridique Sirene de l'unité légale)",
        },
        "valeurs": values,
        "cibles": decp_targets(),
    }
