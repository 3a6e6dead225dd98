"""python -m macros.indicators --decp FICHIER --agec FICHIER --cantines FICHIER --sortie DOSSIER --date AAAA-MM-JJ

Reads the files the project lead downloaded, checks each against its vendored schema, computes with DuckDB and
writes one dated snapshot per source. A wrong file stops with a French message naming it and its first bad row."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

from ..settings import data_root
from . import agec, decp, egalim, snapshot, sources
from .errors import SourceError


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m macros.indicators",
                                description="Calcule les indicateurs de l'observatoire et écrit un instantané daté par source.")
    p.add_argument("--decp", type=Path, help="fichier JSON national des DECP (format réglementaire 2.0)")
    p.add_argument("--agec", type=Path, help="fichier CSV des déclarations AGEC article 58 (schéma v0.1.0)")
    p.add_argument("--cantines", type=Path, help="fichier CSV campagne_td_<année> de ma-cantine")
    p.add_argument("--sirene-etablissements", type=Path,
                   help="fichier stock des établissements Sirene (CSV ou Parquet) : situe les acheteurs par leur SIRET")
    p.add_argument("--sirene-unites-legales", type=Path,
                   help="fichier stock des unités légales Sirene (CSV ou Parquet) : type d'acheteur")
    p.add_argument("--adresse-agec", help="adresse officielle du fichier AGEC téléchargé (obligatoire avec --agec)")
    p.add_argument("--sortie", type=Path, default=None,
                   help="dossier des instantanés (data/indicateurs par défaut : relus en pull request)")
    p.add_argument("--date", required=True, help="date d'extraction des fichiers (AAAA-MM-JJ)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        day = dt.date.fromisoformat(args.date)
    except ValueError:
        print(f"--date : attendu une date AAAA-MM-JJ ; trouvé « {args.date} ».", file=sys.stderr)
        return 2
    if not (args.decp or args.agec or args.cantines):
        print("Aucune source : donnez au moins --decp, --agec ou --cantines.", file=sys.stderr)
        return 2
    if args.agec and not args.adresse_agec:
        print("--adresse-agec : donnez l'adresse officielle d'où vient le fichier AGEC (elle figure dans l'instantané).",
              file=sys.stderr)
        return 2
    args.sortie = args.sortie or data_root() / "data" / "indicateurs"
    try:
        written = run(args, day)
    except SourceError as exc:
        print(f"Fichier refusé : {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"Instantané écrit : {snapshot.relative(path)}")
    return 0


def run(args, day: dt.date) -> list[Path]:
    written = []
    with tempfile.TemporaryDirectory(prefix="observatoire-") as tmp:
        work = Path(tmp)
        con = sources.connect(work)
        reads = {}
        if args.decp:
            reads["decp"] = sources.load_decp(con, args.decp, work)
        if args.agec:
            reads["agec"] = {"declarations": sources.load_agec(con, args.agec)}
        if args.cantines:
            reads["egalim"] = {"teledeclarations": sources.load_canteens(con, args.cantines)}
        aux = _sirene(con, args, reads)
        sirene = "etablissements" in aux
        if "decp" in reads:
            written.append(snapshot.write(args.sortie, "decp", day, reads["decp"], decp.compute(con, sirene), auxiliary=aux))
        if "agec" in reads:
            written.append(snapshot.write(args.sortie, "agec", day, reads["agec"], agec.compute(con, sirene),
                                          address=args.adresse_agec, auxiliary=aux))
        if "egalim" in reads:
            written.append(snapshot.write(args.sortie, "egalim", day, reads["egalim"], egalim.compute(con)))
        con.close()
    return written


def _sirene(con, args, reads) -> dict:
    """Sirene rows of the buyers of the DECP and AGEC files only."""
    wanted = [f"SELECT siret FROM {t}" for t, present in (("decp_marche", "decp" in reads and "marche" in reads["decp"]),
                                                          ("agec", "agec" in reads)) if present]
    if not wanted:
        return {}
    keys = " UNION ".join(wanted)
    aux = {}
    if args.sirene_etablissements:
        aux["etablissements"] = sources.load_sirene(con, args.sirene_etablissements, "etablissements", keys)
    if args.sirene_unites_legales:
        aux["unites_legales"] = sources.load_sirene(con, args.sirene_unites_legales, "unites_legales",
                                                    f"SELECT left(siret, 9) FROM ({keys})")
    return aux


if __name__ == "__main__":
    sys.exit(main())
