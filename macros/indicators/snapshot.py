"""One dated YAML snapshot per source: what was read (file, schema, rows read and rejected, reasons) and the values
computed from it. The site renders only from these files."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import yaml

from . import ROOT
from .sources import Read

SOURCES = {
    "decp": {"titre": "Données essentielles de la commande publique (DECP)",
             "adresse": "https://www.data.gouv.fr/fr/datasets/5cd57bf68b4c4179299eb0e9",
             "schema": {"fichier": "schemas/nationaux/decp/schema_decp_v2.0.3.json", "version": "2.0.3",
                        "adresse": "https://github.com/139bercy/format-commande-publique",
                        "commit": "79fed6c8e6265239171c1d6ceb66efc390461191"}},
    "agec": {"titre": "Déclarations des achats issus du réemploi, de la réutilisation ou intégrant des matières recyclées "
                      "(article 58 de la loi AGEC, arrêté du 13 janvier 2025)",
             "adresse": None,
             "schema": {"fichier": "schemas/nationaux/declaration-biens-reemploi/schema.json", "version": "v0.1.0",
                        "adresse": "https://github.com/datagouv/schema-declaration-biens-reemploi-reutilisation-recycle",
                        "commit": "b34a6b557b86a567f05cf9cad0756696d346da10"}},
    "egalim": {"titre": "Résultats des campagnes de télédéclaration des cantines (ma-cantine, EGalim)",
               "adresse": "https://www.data.gouv.fr/datasets/resultats-de-campagnes-de-teledeclaration-des-cantines",
               "schema": {"fichier": "schemas/nationaux/ma-cantine/schema_teledeclarations.json", "version": "sans numéro",
                          "adresse": "https://github.com/betagouv/ma-cantine",
                          "commit": "04dddca907df745d27935bf3e6884b1396451fac"}},
}


def read_block(read: Read) -> dict:
    return {"fichier": Path(read.file).name, "octets": Path(read.file).stat().st_size, "lignes_lues": read.rows,
            "lignes_rejetees": read.rejected, "lignes_retenues": read.rows - read.rejected, "rejets": read.reasons}


def write(out_dir: Path, source: str, day: dt.date, reads: dict[str, Read], computed: dict,
          address: str | None = None, auxiliary: dict[str, Read] | None = None) -> Path:
    """Write <source>-<day>.yml in out_dir; returns its path."""
    meta = SOURCES[source]
    doc = {"source": source, "titre": meta["titre"], "adresse": address or meta["adresse"], "schema": meta["schema"],
           "date_extraction": day.isoformat(),
           "calcul": {"le": dt.datetime.now().astimezone().replace(microsecond=0).isoformat(),
                      "outil": f"DuckDB {duckdb.__version__}", "programme": "python -m macros.indicators"},
           "lectures": {name: read_block(r) for name, r in reads.items()}}
    if auxiliary:
        doc["fichiers_auxiliaires"] = {name: read_block(r) for name, r in auxiliary.items()}
    doc.update(computed)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{source}-{day.isoformat()}.yml"
    header = (f"# Instantané « {source} » écrit par python -m macros.indicators ; ne pas modifier à la main.\n"
              f"# Schéma : {meta['schema']['fichier']} ; règles de calcul : macros/indicators/README.md\n")
    path.write_text(header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
    return path


def relative(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
