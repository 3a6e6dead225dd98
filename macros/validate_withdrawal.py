"""Cross-entry checks of withdrawn entries (field `retrait`): the entry that replaces one exists and is of the same
kind, and no entry in service still points to a withdrawn one (checks that do not depend on the reference date)."""
from __future__ import annotations

from .errors import DataError
from .messages import field_name, suggest_aside
from .schemas import withdrawable

# lists of ids in an entry: (kind of the entry, field, kind the ids point to)
REFERENCES = (("retours", "clauses", "clauses"), ("obligations", "clauses", "clauses"))


def _err(loaded, path, expected, found, fix):
    return DataError(loaded.rel, loaded.line(path), field_name(path), expected, found, fix)


def _replacement_errors(base, kind, loaded, invalid) -> list[DataError]:
    own, target = loaded.data["id"], loaded.data["retrait"].get("remplacee_par")
    if target is None or target in invalid or (target in base[kind] and target != own):
        return []
    if target == own:
        found = f"« {target} », l'id de cette entrée même"
    elif other := next((k for k in base if target in base[k]), None):
        found = f"« {target} », qui est une entrée de data/{other}"
    else:
        found = f"« {target} », qui n'existe pas" + suggest_aside(target, [i for i in base[kind] if i != own])
    return [_err(loaded, ["retrait", "remplacee_par"], f"l'id d'une autre entrée existante de data/{kind} (même type)",
                 found, f"indiquez l'id d'une entrée de data/{kind}, ou supprimez la ligne « remplacee_par »")]


def check_withdrawals(base, invalid=frozenset()) -> list[DataError]:
    errors = []
    for kind in withdrawable():
        for loaded in base[kind].values():
            if loaded.data.get("retrait"):
                errors += _replacement_errors(base, kind, loaded, invalid)
    for source, name, kind in REFERENCES:
        for loaded in base[source].values():
            if loaded.data.get("retrait"):  # a withdrawn entry keeps its links; its page shows those in service
                continue
            for i, target_id in enumerate(loaded.data.get(name, [])):
                target = base[kind].get(target_id)
                mark = target.data.get("retrait") if target is not None else None
                if not mark:
                    continue
                fix = (f"remplacez cet id par « {mark['remplacee_par']} », l'entrée qui la remplace"
                       if mark.get("remplacee_par") in base[kind] else "retirez cet id de la liste")
                errors.append(_err(loaded, [name, i], f"l'id d'une entrée en service de data/{kind} (sans « retrait »)",
                                   f"« {target_id} », retirée à compter du {mark['date']} ({target.rel})", fix))
    return errors
