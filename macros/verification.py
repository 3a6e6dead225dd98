"""What the site asserts and how it gets checked.

A public reservation (« reserve ») says in the buyer's words what is uncertain; verification notes
(« notes_verification ») are for the project lead and never published. A verification record (« releve ») says
what was checked on the official text, when, where and by whom; its fingerprint (« empreinte ») ties it to the
values read: when they change, the record no longer holds and the validator says so. A valid record clears the
reservation of its entry, or the « à vérifier » of its figure, on every output (`apply_records`, at load time).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from urllib.parse import urlparse

from .errors import DataError
from .schemas import official_domains

RECORD = "releve"
ROWS = ("taux", "chiffres")  # lists of figures that may each carry their own record
ROW_FIELDS = ("indicateur", "categorie", "annee", "periode", "valeur", "unite", "champ", "article")


def fingerprint(value) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def entry_fingerprint(entry: dict, fields: list[str]) -> str:
    return fingerprint({name: entry.get(name) for name in fields})


def row_fingerprint(row: dict) -> str:
    return fingerprint({name: row[name] for name in ROW_FIELDS if name in row})


def is_official(url: str) -> bool:
    host = (urlparse(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in official_domains())


def _err(loaded, path, expected, found, fix):
    from .messages import field_name
    return DataError(loaded.rel, loaded.line(path), field_name(path), expected, found, fix)


def _check(loaded, path, record, expected_print, today) -> list[DataError]:
    errors = []
    try:
        day = dt.date.fromisoformat(record["date"])
    except ValueError:  # an impossible date: reported by the text checks (validate.check_text)
        day = None
    if day and day > today:
        errors.append(_err(loaded, [*path, "date"], "une date qui n'est pas dans le futur",
                           f"« {record['date']} »", "datez le relevé du jour où le texte officiel a été lu"))
    if not is_official(record["adresse"]):
        errors.append(_err(loaded, [*path, "adresse"], "l'adresse du texte officiel (" + ", ".join(official_domains()) + ")",
                           f"« {record['adresse']} »", "donnez l'adresse de la page Légifrance ou EUR-Lex lue"))
    if record["empreinte"] != expected_print:
        errors.append(_err(loaded, [*path, "empreinte"], f"l'empreinte des valeurs vérifiées (« {expected_print} » aujourd'hui)",
                           f"« {record['empreinte']} » : ce qui a été vérifié le {record['date']} a changé depuis",
                           "vérifiez à nouveau sur le texte officiel, puis reprenez le relevé que donne make a-verifier"))
    return errors


def check_records(raw: dict, today: dt.date) -> list[DataError]:
    """Every record of every entry and figure: not in the future, on an official address, still matching."""
    errors = []
    for entries in raw.values():
        for loaded in entries.values():
            entry = loaded.data
            if RECORD in entry:
                record = entry[RECORD]
                missing = [f for f in record.get("champs", []) if f not in entry]
                if missing:
                    errors.append(_err(loaded, [RECORD, "champs"], "des champs de l'entrée", ", ".join(missing),
                                       "ne nommez que des champs présents dans le fichier"))
                else:
                    errors += _check(loaded, [RECORD], record, entry_fingerprint(entry, record["champs"]), today)
            for name in ROWS:
                for i, row in enumerate(entry.get(name) or []):
                    if isinstance(row, dict) and RECORD in row:
                        errors += _check(loaded, [name, i, RECORD], row[RECORD], row_fingerprint(row), today)
    return errors


def apply_records(entries: dict) -> None:
    """After validation: a record clears its entry's reservation, or its figure's « à vérifier »."""
    for kind in entries.values():
        for entry in kind.values():
            if RECORD in entry:
                entry.pop("reserve", None)
            for name in ROWS:
                for row in entry.get(name) or []:
                    if RECORD in row:
                        row["a_verifier"] = False
