"""Each clause, text and case carries its version and history (schemas: `version`, `historique`, `x-date-revue`):
versions 1, 2, 3… in order, dates never going back, the last one the entry's review date, the first a creation."""
from __future__ import annotations

import datetime as dt

from .errors import DataError
from .messages import field_name
from .schemas import schema


def review_date(entry: dict, kind: str) -> str | None:
    node = entry
    for part in schema(kind).get("x-date-revue", "").split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node if isinstance(node, str) else None


def _valid(day: str) -> bool:
    try:
        dt.date.fromisoformat(day)
        return True
    except ValueError:
        return False


def check_history(raw: dict) -> list[DataError]:
    errors = []
    for kind, entries in raw.items():
        if "historique" not in schema(kind)["properties"]:
            continue
        field = schema(kind)["x-date-revue"]
        for loaded in entries.values():
            entry, rows = loaded.data, loaded.data["historique"]

            def err(path, expected, found, fix, loaded=loaded):
                errors.append(DataError(loaded.rel, loaded.line(path), field_name(path), expected, found, fix))
            for i, row in enumerate(rows):
                if row["version"] != i + 1:
                    err(["historique", i, "version"], f"la version {i + 1} (les versions se suivent à partir de 1)",
                        f"{row['version']}", "numérotez les lignes 1, 2, 3… dans l'ordre, sans trou")
                if i and row["date"] < rows[i - 1]["date"]:
                    err(["historique", i, "date"], f"une date au plus tôt le {rows[i - 1]['date']} (version précédente)",
                        f"« {row['date']} »", "rangez les versions de la plus ancienne à la plus récente")
                if (row["nature"] == "creation") != (i == 0):
                    err(["historique", i, "nature"], "« creation » pour la première version seulement",
                        f"« {row['nature']} »", "gardez « creation » pour la version 1 ; sinon redaction, base-juridique, "
                        "chiffres ou correction")
            if entry["version"] != len(rows):
                err(["version"], f"{len(rows)}, le numéro de la dernière ligne de l'historique", f"{entry['version']}",
                    "ajoutez une ligne d'historique pour la nouvelle version, ou corrigez le numéro")
            review = review_date(entry, kind)
            if review and _valid(review) and rows[-1]["date"] != review:
                err(["historique", len(rows) - 1, "date"], f"la date de revue de l'entrée ({field} : {review})",
                    f"« {rows[-1]['date']} »", f"datez la dernière version du jour de la revue, ou mettez {field} à jour")
    return errors
