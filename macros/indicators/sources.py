"""Reading the sources into DuckDB tables, each row checked against its vendored schema.

Every table keeps every row read, with `motifs`, the list of the reasons it fails the schema (empty: valid). Nothing
is dropped here: the computations take the valid rows, the snapshot counts the others by reason."""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from . import NATIONAL, decp_reader, decp_schema, table_schema
from .errors import SourceError, shown

AGEC_SCHEMA = NATIONAL / "declaration-biens-reemploi" / "schema.json"
CANTEENS_SCHEMA = NATIONAL / "ma-cantine" / "schema_teledeclarations.json"
EXAMPLES_KEPT = 3  # first rows named for each reason


@dataclass
class Read:
    """What was read from one file: rows read and rejected, reasons with their counts and first rows."""
    table: str
    file: Path
    rows: int = 0
    rejected: int = 0
    reasons: list[dict] = field(default_factory=list)


def connect(workdir: Path, memory: str = "2GB") -> duckdb.DuckDBPyConnection:
    """A database file in the work folder (compressed, spilled to disk past the memory limit), on two threads."""
    con = duckdb.connect(str(Path(workdir) / "observatoire.duckdb"))
    con.execute(f"SET threads = 2; SET memory_limit = '{memory}'; SET temp_directory = '{workdir / 'duckdb'}'; "
                "SET preserve_insertion_order = false; SET enable_progress_bar = false")
    return con


def summarize(con, read: Read, where: str) -> Read:
    """Row counts, and for each reason its count and the first rows (`where`: how a row is named in French)."""
    read.rows, read.rejected = con.execute(
        f"SELECT count(*), count(*) FILTER (len(motifs) > 0) FROM {read.table}").fetchone()
    rows = con.execute(f"""
        SELECT motif, count(*) AS n, list({where} ORDER BY n_ligne)[1:{EXAMPLES_KEPT}]
        FROM (SELECT unnest(motifs) AS motif, * FROM {read.table} WHERE len(motifs) > 0)
        GROUP BY motif ORDER BY n DESC, motif""").fetchall()
    read.reasons = [{"motif": m, "lignes": n, "exemples": list(ex)} for m, n, ex in rows]
    return read


# --- DECP ---------------------------------------------------------------------------------------------------------

def _decp_tables(con, part: decp_reader.Part, table: str) -> None:
    """One row per contract with its reasons; each distinct value of a container property is checked once."""
    names, reasons = decp_schema.reasons_sql(part.kind, raw="t", keys="cles")
    paths = decp_schema.paths_sql(names)
    scan = (f"read_json({decp_schema.lit(str(part.path))}, format = '{part.fmt}', records = false, "
            f"columns = {{'json': 'VARCHAR'}}, maximum_object_size = 67108864) WITH ORDINALITY")
    line, join = "NULL::BIGINT", ""
    if part.lines:
        join = (f"LEFT JOIN read_csv({decp_schema.lit(str(part.lines))}, header = false, "
                f"columns = {{'n': 'BIGINT', 'ligne': 'BIGINT'}}) l ON l.n = s.ordinality")
        line = "l.ligne"
    f = {n: f"f[{i + 1}]" for i, n in enumerate(names)}
    if part.kind == "marche":
        wanted = (f"{f['acheteur']}->>'$.id' AS siret, {f['codeCPV']}->>'$' AS cpv, "
                  f"regexp_extract({f['dateNotification']}->>'$', '([0-9]{{4}})-[0-9]{{2}}-[0-9]{{2}}', 1) AS annee, "
                  f"json_extract_string({f['considerationsEnvironnementales']}, '$.considerationEnvironnementale[*]') AS env, "
                  f"json_extract_string({f['considerationsSociales']}, '$.considerationSociale[*]') AS soc")
    else:
        wanted = (f"{f['autoriteConcedante']}->>'$.id' AS siret, "
                  f"regexp_extract({f['dateSignature']}->>'$', '([0-9]{{4}})-[0-9]{{2}}-[0-9]{{2}}', 1) AS annee")
    boxes = decp_schema.containers(part.kind)
    # the scan (one thread on a JSON array) only splits each contract into its top-level values; the checks run on
    # the stored table, on every thread
    con.execute(f"""CREATE TABLE {table}_brut AS SELECT ordinality AS n_ligne, {line} AS ligne,
        json_extract(json, {paths})::VARCHAR[] AS f, json_keys(json) AS cles, json[1] AS t FROM {scan} s {join}""")
    joins, lists = [], [reasons]
    for k, name in enumerate(boxes):
        con.execute(f"""CREATE TABLE {table}_c{k} AS SELECT v, {decp_schema.container_sql(part.kind, name)} AS r
            FROM (SELECT DISTINCT {f[name]} AS v FROM {table}_brut WHERE {f[name]} IS NOT NULL)""")
        joins.append(f"LEFT JOIN {table}_c{k} t{k} ON t{k}.v = b.{f[name]}")
        lists.append(f"coalesce(t{k}.r, []::VARCHAR[])")
    columns = ", ".join(c for c in ("n_ligne", "ligne", "id", "siret", "cpv", "annee", "env", "soc")
                        if part.kind == "marche" or c not in ("cpv", "env", "soc"))
    con.execute(f"""CREATE TABLE {table} AS SELECT {columns},
        list_filter(list_distinct(flatten([{', '.join(lists)}])), lambda r: r IS NOT NULL) AS motifs
        FROM (SELECT n_ligne, ligne, left({f['id']}->>'$', 40) AS id, {wanted}, * EXCLUDE (n_ligne, ligne)
              FROM {table}_brut) b {' '.join(joins)}""")
    for k in range(len(boxes)):
        con.execute(f"DROP TABLE {table}_c{k}")
    con.execute(f"DROP TABLE {table}_brut")


def load_decp(con, path: Path, workdir: Path) -> dict[str, Read]:
    """Both lists of the DECP document (« marche », « contrat-concession »), as tables decp_<kind>."""
    path = Path(path)
    parts = decp_reader.fast(path, workdir)
    try:
        return _load_parts(con, path, parts) if parts else _load_parts(con, path, decp_reader.slow(path, workdir))
    except duckdb.InvalidInputException:
        if parts is None:
            raise
        for part in parts:
            part.path.unlink(missing_ok=True)
        return _load_parts(con, path, decp_reader.slow(path, workdir))


def _load_parts(con, path: Path, parts: list[decp_reader.Part]) -> dict[str, Read]:
    out = {}
    for kind in decp_schema.KINDS:
        table = "decp_" + kind.replace("-", "_")
        con.execute(f"DROP TABLE IF EXISTS {table}")
        part = next((p for p in parts if p.kind == kind), None)
        if part is None:
            continue
        _decp_tables(con, part, table)
        where = ("'contrat n° ' || n_ligne || coalesce(', ligne ' || ligne, '') || coalesce(' (id « ' || id || ' »)', '')")
        out[kind] = summarize(con, Read(table, path), where.replace("« ", "«\u00a0").replace(" »", "\u00a0»")
                              .replace("n° ", "n°\u00a0"))
    return out


# --- CSV sources (Table Schema) --------------------------------------------------------------------------------------

def load_csv(con, path: Path, schema_path: Path, table: str, what: str) -> Read:
    path = Path(path)
    schema = table_schema.load(schema_path)
    columns = table_schema.header(path, schema, what)
    con.execute(f"DROP TABLE IF EXISTS {table}")
    try:
        con.execute(f"CREATE TABLE {table} AS SELECT ordinality AS n_ligne, *, {table_schema.reasons_sql(schema)} AS motifs "
                    f"FROM {table_schema.read_sql(path, columns)}")
    except (duckdb.InvalidInputException, duckdb.ConversionException) as exc:
        raise _csv_error(path, len(columns), what) or SourceError(
            path, None, f"un fichier CSV lisible ({what})", shown(str(exc).splitlines()[0], 160),
            "vérifiez le séparateur (virgule), les guillemets et l'encodage UTF-8") from None
    where = "'ligne ' || (n_ligne + 1)"
    return summarize(con, Read(table, path), where)


def _csv_error(path: Path, width: int, what: str) -> SourceError | None:
    """The first record whose number of fields differs from the header's, named by its line."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        next(reader, None)
        for record in reader:
            if len(record) != width:
                return SourceError(path, reader.line_num, f"{width} champs séparés par des virgules ({what})",
                                   f"{len(record)} champs : {shown(','.join(record))}",
                                   "vérifiez les guillemets autour des valeurs qui contiennent une virgule")
    return None


def load_agec(con, path: Path) -> Read:
    return load_csv(con, path, AGEC_SCHEMA, "agec", "déclaration AGEC article 58, schéma v0.1.0")


def load_canteens(con, path: Path) -> Read:
    return load_csv(con, path, CANTEENS_SCHEMA, "cantines", "télédéclarations ma-cantine")


# --- Sirene: where a buyer is, and what kind of body it is -------------------------------------------------------------

SIRENE = {"etablissements": (("siret", r"^[0-9]{14}$"), ("codeCommuneEtablissement", r"^[0-9][0-9AB][0-9]{3}$")),
          "unites_legales": (("siren", r"^[0-9]{9}$"), ("categorieJuridiqueUniteLegale", r"^[0-9]{4}$"))}


def load_sirene(con, path: Path, table: str, wanted: str) -> Read:
    """The Insee Sirene stock file (CSV or Parquet, official column names, or an extract of it): only the two
    columns used, only for the keys of `wanted` (a SQL query: the buyers' SIRET, or their SIREN)."""
    path = Path(path)
    (key, key_re), (value, value_re) = SIRENE[table]
    source = (f"read_parquet({decp_schema.lit(str(path))})" if path.suffix.lower() == ".parquet" else
              f"read_csv({decp_schema.lit(str(path))}, header = true, all_varchar = true)")
    try:
        cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
    except duckdb.Error as exc:
        raise SourceError(path, 1, "un fichier Sirene de l'Insee (CSV ou Parquet)", shown(str(exc), 120),
                          "téléchargez le fichier stock de la base Sirene sur data.gouv.fr") from None
    if key not in cols or value not in cols:
        raise SourceError(path, 1, f"les colonnes « {key} » et « {value} » du fichier Sirene", shown(",".join(cols), 120),
                          "téléchargez le fichier stock de la base Sirene sur data.gouv.fr sans renommer de colonne")
    con.execute(f"DROP TABLE IF EXISTS sirene_{table}")
    con.execute(f"""CREATE TABLE sirene_{table} AS SELECT row_number() OVER () AS n_ligne, "{key}"::VARCHAR AS cle,
        "{value}"::VARCHAR AS valeur,
        list_filter([CASE WHEN NOT regexp_full_match(coalesce("{key}"::VARCHAR, ''), '{key_re}')
                          THEN '«\u00a0{key}\u00a0» : ne suit pas le motif {key_re}' END,
                     CASE WHEN NOT regexp_full_match(coalesce("{value}"::VARCHAR, ''), '{value_re}')
                          THEN '«\u00a0{value}\u00a0» : ne suit pas le motif {value_re}' END], lambda r: r IS NOT NULL) AS motifs
        FROM {source} WHERE "{key}"::VARCHAR IN ({wanted})""")
    return summarize(con, Read(f"sirene_{table}", path), "'enregistrement ' || n_ligne")
