"""`make a-verifier`: the project lead's verification queue, as a report (Markdown) and a CSV in a-verifier/.

Every open reservation: the entry, the field, what exactly to check, the address where to check it, the private
notes, and the record to paste once it is checked (with the fingerprint of the values as they are now). Figures
first (those the calculator and « Préparer mon marché » use), then texts that clauses cite, then the rest. The
folder is not part of the site: notes never reach a page.
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from .model import Base
from .verification import RECORD, entry_fingerprint, row_fingerprint

RANKS = {1: "Chiffres utilisés par le calculateur et « Préparer mon marché »", 2: "Textes cités par des clauses",
         3: "Autres réserves"}
FIELDS = {"veille": ["reference", "applications", "articles"], "acteurs": ["role", "adresse"]}  # what a record covers
COLUMNS = ("rang", "fichier", "champ", "a_verifier", "adresse", "empreinte")


def record(base: Base, where: str, fingerprint: str, fields: list[str] | None = None, indent: str = "") -> str:
    lines = [f"{RECORD}:", f"  date: {base.today.isoformat()}", "  objet: \"…ce qui a été lu…\"",
             f"  adresse: {where}", "  par: \"chef de projet\"", f"  empreinte: \"{fingerprint}\""]
    if fields:
        lines.append(f"  champs: [{', '.join(fields)}]")
    return "\n".join(indent + line for line in lines)


def _row_label(row: dict) -> str:
    parts = [str(row.get(k)) for k in ("categorie", "indicateur", "champ", "annee", "periode") if row.get(k)]
    value = "valeur non trouvée" if row.get("valeur") is None else f"{row['valeur']} {row.get('unite', '%')}"
    return " · ".join(parts) + f" : {value}"


def items(base: Base) -> list[dict]:
    found = []
    for entry in base.obligations.values():
        where = entry.get("adresse") or base.veille[entry["texte"]]["adresse"]
        rel = base.files[entry["id"]]
        for i, row in enumerate(entry.get("taux", [])):
            if row["a_verifier"]:
                found.append({"rang": 1, "fichier": rel, "champ": f"taux[{i}]", "adresse": where,
                              "a_verifier": f"{entry['titre']} — {_row_label(row)} ({row.get('article', entry['article'])})",
                              "notes": entry.get("notes_verification", ""), "empreinte": row_fingerprint(row),
                              "releve": record(base, where, row_fingerprint(row), indent="    ")})
        if entry["forme"] == "taux" and not entry["taux"]:
            found.append({"rang": 1, "fichier": rel, "champ": "taux", "adresse": where, "empreinte": "",
                          "a_verifier": f"{entry['titre']} — parts non saisies : {entry.get('manque', '')}",
                          "notes": entry.get("notes_verification", ""), "releve": ""})
    cited = {ref["texte"] for c in base.clauses.values() for ref in c["base_juridique"]}
    for kind in ("veille", "acteurs"):
        for entry in base.entries[kind].values():
            where = entry["adresse"]
            rel = base.files[entry["id"]]
            rank = 2 if kind == "veille" and entry["id"] in cited else 3
            if entry.get("reserve"):
                fields = [f for f in FIELDS[kind] if f in entry]
                found.append({"rang": rank, "fichier": rel, "champ": "reserve", "adresse": where,
                              "a_verifier": entry["reserve"], "notes": entry.get("notes_verification", ""),
                              "empreinte": entry_fingerprint(entry, fields), "releve": record(
                                  base, where, entry_fingerprint(entry, fields), fields)})
            for i, row in enumerate(entry.get("chiffres") or []):
                if row.get("a_verifier"):
                    found.append({"rang": 3, "fichier": rel, "champ": f"chiffres[{i}]", "adresse": where,
                                  "a_verifier": _row_label(row), "notes": "", "empreinte": row_fingerprint(row),
                                  "releve": record(base, where, row_fingerprint(row), indent="    ")})
    return sorted(found, key=lambda x: (x["rang"], x["fichier"], x["champ"]))


def report(base: Base, todo: list[dict]) -> str:
    out = [f"# À vérifier — {len(todo)} réserves ouvertes au {base.today.isoformat()}", "",
           "Pour chaque ligne : ouvrir l'adresse, lire le texte officiel, corriger la donnée si besoin, puis coller le "
           "relevé dans le fichier (à sa place : sous la ligne de chiffre ou à la racine de l'entrée), en remplaçant "
           "« objet » par ce qui a été lu. Le relevé lève la réserve partout. Voir CONTRIBUTING.md, « Vérifier ».", ""]
    for rank, title in RANKS.items():
        group = [t for t in todo if t["rang"] == rank]
        out += [f"## {rank}. {title} ({len(group)})", ""]
        for t in group:
            out += [f"### {t['fichier']} — {t['champ']}", "", f"- À vérifier : {t['a_verifier']}",
                    f"- Où : <{t['adresse']}>"]
            if t["notes"]:
                out.append(f"- Notes : {t['notes']}")
            if t["releve"]:
                out += ["- Relevé à coller une fois vérifié :", "", "```yaml", t["releve"], "```"]
            out.append("")
    return "\n".join(out)


def write(base: Base, folder: Path) -> list[dict]:
    todo = items(base)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a-verifier.md").write_text(report(base, todo), encoding="utf-8")
    with open(folder / "a-verifier.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows([t[c] for c in COLUMNS] for t in todo)
    return todo


def main(argv=None) -> int:
    from .errors import InvalidData
    from .model import load_base
    from .settings import ROOT, data_root
    parser = argparse.ArgumentParser(description="Écrit la liste des réserves à vérifier (a-verifier/).")
    parser.add_argument("--dossier", type=Path, default=ROOT / "a-verifier")
    args = parser.parse_args(argv)
    try:
        base = load_base(data_root())
    except InvalidData as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    todo = write(base, args.dossier)
    counts = ", ".join(f"{sum(t['rang'] == r for t in todo)} {title[0].lower()}{title[1:]}" for r, title in RANKS.items())
    print(f"{len(todo)} réserves ouvertes ({counts}) : {args.dossier / 'a-verifier.md'} et a-verifier.csv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
