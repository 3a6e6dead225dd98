"""Cross-entry checks of data/obligations: texts, dates, clauses and rate rows that hold together."""
from __future__ import annotations

from .errors import DataError
from .messages import field_name, suggest_aside


def _err(loaded, path, expected, found, fix):
    return DataError(loaded.rel, loaded.line(path), field_name(path), expected, found, fix)


def check_obligations(base, invalid=frozenset()) -> list[DataError]:
    errors = []
    veille, clauses = base["veille"], base["clauses"]
    for loaded in base.get("obligations", {}).values():
        d = loaded.data
        text = veille.get(d["texte"])
        if text is None and d["texte"] not in invalid:
            errors.append(_err(loaded, ["texte"], "l'id d'un texte existant (data/veille)",
                               f"« {d['texte']} », qui n'existe pas" + suggest_aside(d["texte"], veille),
                               "corrigez l'id ou ajoutez le texte à data/veille"))
        if text is not None:
            dates = [a["date"] for a in text.data["applications"]]
            if d["depuis"] not in dates:
                errors.append(_err(loaded, ["depuis"], f"l'une des dates d'application de {text.rel} : " + ", ".join(dates),
                                   f"« {d['depuis']} »",
                                   "une obligation part d'une date d'application de son texte : corrigez la date ici "
                                   "ou ajoutez l'application au texte"))
        if d.get("jusqu_au") and d["jusqu_au"] < d["depuis"]:
            errors.append(_err(loaded, ["jusqu_au"], f"une date postérieure à « depuis » ({d['depuis']})",
                               f"« {d['jusqu_au']} »", "vérifiez les deux dates"))
        for i, cid in enumerate(d.get("clauses", [])):
            if cid not in clauses and cid not in invalid:
                errors.append(_err(loaded, ["clauses", i], "l'id d'une clause existante (data/clauses)",
                                   f"« {cid} », qui n'existe pas" + suggest_aside(cid, clauses),
                                   "corrigez l'id ou retirez-le de la liste"))
        errors += _check_form(loaded, d)
    return errors


def _check_form(loaded, d) -> list[DataError]:
    if d["forme"] == "exigence":
        extra = [k for k in ("taux", "assiette", "categorie") if k in d]
        return [_err(loaded, [k], "aucun champ « " + k + " » pour une exigence", f"le champ « {k} »",
                     "retirez ce champ, ou écrivez « forme: taux »") for k in extra]
    errors = [_err(loaded, [k], f"le champ « {k} », obligatoire pour un taux", "rien",
                   f"ajoutez « {k} » (voir les autres fichiers agec58-*.yml ou egalim-*.yml)")
              for k in ("taux", "assiette") if k not in d]
    if not d.get("taux") and "manque" not in d:
        errors.append(_err(loaded, ["manque"], "le champ « manque », puisque aucun taux n'est donné", "rien",
                           "dites quelles valeurs manquent et où les chercher, ou ajoutez les lignes « taux »"))
    seen = {}
    start = int(d["depuis"][:4])
    for i, row in enumerate(d.get("taux", [])):
        key = (row["indicateur"], row["annee"], row.get("champ"))
        if key in seen:
            errors.append(_err(loaded, ["taux", i], "une seule ligne par indicateur, année et champ",
                               f"la même ligne que taux[{seen[key]}]", "supprimez ou corrigez l'une des deux lignes"))
        seen.setdefault(key, i)
        if row["valeur"] is None and not row["a_verifier"]:
            errors.append(_err(loaded, ["taux", i, "a_verifier"], "true pour une valeur non trouvée (valeur: null)",
                               "false", "écrivez « a_verifier: true », ou donnez la valeur lue dans le texte officiel"))
        if row["annee"] < start:
            errors.append(_err(loaded, ["taux", i, "annee"], f"une année à partir de {start} (champ « depuis »)",
                               f"{row['annee']}", "un palier ne peut précéder l'entrée en vigueur de l'obligation"))
    return errors
