"""jsonschema errors told in French: file, line, field, what was expected, what was found, how to fix."""
from __future__ import annotations

import difflib
import json

from .errors import DataError
from .loader import LoadedFile

TYPE_FIXES = {
    "string": "mettez le texte entre guillemets (YAML lit sinon oui, non, 3.10 ou une date autrement)",
    "integer": "écrivez un nombre sans guillemets ni lettres, par exemple 2024",
    "number": "écrivez un nombre sans guillemets ni unité, avec un point décimal, par exemple 12.5",
    "array": "écrivez une liste : un élément par ligne commençant par « - », ou [a, b]",
    "object": "écrivez les sous-champs en retrait sous ce champ, comme dans le modèle",
    "boolean": "écrivez true ou false",
}

TYPE_NAMES = {"string": "un texte", "array": "une liste", "object": "un ensemble de champs",
              "integer": "un nombre entier", "number": "un nombre", "boolean": "true ou false"}


def field_name(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(entrée)"


def describe(value) -> str:
    if value is None:
        return "une valeur vide"
    if isinstance(value, bool):
        return f"le booléen {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"le nombre {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "…"
        return f"« {shown} »"
    if isinstance(value, list):
        return f"une liste de {len(value)} élément{'s' if len(value) > 1 else ''}"
    return "un ensemble de champs"


def _closest(value, choices) -> str | None:
    close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1)
    return close[0] if close else None


def suggest(value, choices) -> str:
    close = _closest(value, choices)
    return f" ; vouliez-vous dire « {close} » ?" if close else ""


def suggest_aside(value, choices) -> str:
    """The same suggestion, between brackets: « (vouliez-vous dire « x » ?) »."""
    close = _closest(value, choices)
    return f" (vouliez-vous dire « {close} » ?)" if close else ""


def translate(error, loaded: LoadedFile) -> DataError:
    """One jsonschema error → one French DataError."""
    path = list(error.absolute_path)
    kind, arg, inst = error.validator, error.validator_value, error.instance
    line = loaded.line(path)
    if kind == "required":
        missing = [k for k in arg if k not in inst]
        name = missing[0] if missing else "?"
        return DataError(loaded.rel, line, field_name(path + [name]), "ce champ obligatoire", "rien",
                         f"ajoutez la ligne « {name}: … » (voir le modèle dans CONTRIBUTING.md)")
    if kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        extra = [k for k in inst if k not in allowed]
        name = extra[0] if extra else "?"
        return DataError(loaded.rel, loaded.line(path + [name]), field_name(path + [name]),
                         "un champ connu : " + ", ".join(allowed), f"le champ inconnu « {name} »",
                         "supprimez-le ou corrigez son nom" + suggest(name, allowed))
    if kind == "type":
        types = arg if isinstance(arg, list) else [arg]
        fix = TYPE_FIXES.get(types[0], "reprenez la forme du modèle")
        return DataError(loaded.rel, line, field_name(path), " ou ".join(TYPE_NAMES[t] for t in types),
                         describe(inst), fix)
    if kind == "enum":
        return DataError(loaded.rel, line, field_name(path), "l'une des valeurs : " + ", ".join(map(str, arg)),
                         describe(inst), "choisissez une valeur de la liste" + suggest(inst, arg))
    if kind == "pattern":
        # The shared definition (schemas/communs.schema.json) says in French what it expects and how to fix.
        expected = error.schema.get("description", "une valeur de la forme du modèle")
        fix = error.schema.get("x-correction", "reprenez la forme du modèle")
        return DataError(loaded.rel, line, field_name(path), expected, describe(inst), fix)
    if kind == "minItems":
        return DataError(loaded.rel, line, field_name(path), f"au moins {arg} élément{'s' if arg > 1 else ''}",
                         describe(inst), "complétez la liste (un élément par ligne commençant par « - »)")
    if kind == "minLength":
        return DataError(loaded.rel, line, field_name(path), "un texte non vide", "un texte vide",
                         "écrivez le texte ou supprimez le champ s'il est facultatif")
    if kind == "maxLength":
        return DataError(loaded.rel, line, field_name(path), f"au plus {arg} caractères",
                         f"{len(inst)} caractères", "raccourcissez le texte")
    if kind in ("minimum", "maximum"):
        word = "au moins" if kind == "minimum" else "au plus"
        return DataError(loaded.rel, line, field_name(path), f"un nombre {word} égal à {arg}", describe(inst),
                         "corrigez la valeur")
    if kind == "const":
        return DataError(loaded.rel, line, field_name(path), describe(arg), describe(inst),
                         f"écrivez « {str(arg).lower()} » ou supprimez le champ")
    if kind == "oneOf" and error.schema.get("oneOf") and "source" in json.dumps(error.schema["oneOf"]):
        return DataError(loaded.rel, line, "source / illustratif",
                         "soit « source: https://… » (cas public documenté), soit « illustratif: true » — l'un des deux, pas les deux",
                         "les deux" if "source" in inst else "aucun des deux",
                         "indiquez l'adresse publique du cas, ou marquez-le « illustratif: true » sans organisation réelle")
    return DataError(loaded.rel, line, field_name(path), "une valeur conforme au schéma", describe(inst),
                     f"reprenez la forme du modèle ({error.message})")
