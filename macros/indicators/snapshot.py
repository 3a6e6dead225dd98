"""One dated YAML snapshot per source: what was read (file, schema, rows read and rejected, reasons) and the values
computed from it. The site renders only from these files."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import yaml

from ..schemas import schema
from . import ROOT
from .sources import Read

# name, official address and schema of each source: written once, in schemas/indicateurs.schema.json (x-sources)
SOURCES = schema("indicateurs")["x-sources"]


def read_block(read: Read) -> dict:
    return {"fichier": Path(read.file).name, "octets": Path(read.file).stat().st_size, "lignes_lues": read.rows,
            "lignes_rejetees": read.rejected, "lignes_retenues": read.rows - read.rejected, "rejets": read.reasons}


def write(out_dir: Path, source: str, day: dt.date, reads: dict[str, Read], computed: dict,
          address: str | None = None, auxiliary: dict[str, Read] | None = None) -> Path:
    """Write <source>-<day>.yml in out_dir; returns its path."""
    meta = SOURCES[source]
    doc = {"id": f"{source}-{day.isoformat()}", "source": source, "titre": meta["titre"],
           "adresse": address or meta["adresse"], "schema": meta["schema"],
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
    header = ("# yaml-language-server: $schema=../../schemas/indicateurs.schema.json\n"
              f"# Instantané « {source} » écrit par python -m macros.indicators ; ne pas modifier à la main.\n"
              f"# Schéma : {meta['schema']['fichier']} ; règles de calcul : macros/indicators/README.md\n")
    path.write_text(header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
    return path


def relative(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
