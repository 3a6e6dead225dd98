"""Schema and cross-entry checks over data/, reporting every error at once."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .errors import DataError, InvalidData
from .loader import CONTROL_RE, LoadedFile, load_file
from .messages import describe, field_name, suggest_aside, translate
from .schemas import allowed, fast_validator, jsonschema_validator, kinds
from .settings import reference_date
from .validate_history import check_history
from .validate_obligations import check_obligations
from .validate_withdrawal import check_withdrawals
from .verification import check_records

HTML_RE = re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>?")
TEMPLATE_RE = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")

def schema_errors(kind: str, fast, loaded: LoadedFile) -> list[DataError]:
    """Compiled validator first; on failure, jsonschema lists every error to explain it in French."""
    try:
        fast(loaded.data)
        return []
    except Exception:  # fastjsonschema.JsonSchemaException, or a type it did not expect
        found = jsonschema_validator(kind).iter_errors(loaded.data)
        return [translate(e, loaded) for e in sorted(found, key=lambda e: list(map(str, e.absolute_path)))]


def _strings(value, path=()):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, path + (i,))


DATE_FIELDS = ("date", "date_publication", "date_abrogation", "derniere_revue")


def parse_date(text: str):
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def check_text(loaded: LoadedFile) -> list[DataError]:
    errors = []
    for path, text in _strings(loaded.data):
        if m := CONTROL_RE.search(text):  # also when written as a YAML escape ("\\x1b", "\\e", "\\a")
            errors.append(DataError(loaded.rel, loaded.line(path), field_name(path), "du texte sans caractère de contrôle",
                                    f"le caractère de contrôle U+{ord(m.group(0)):04X}",
                                    "supprimez ce caractère invisible (ou la séquence d'échappement qui l'écrit)"))
        if m := HTML_RE.search(text):
            errors.append(DataError(loaded.rel, loaded.line(path), field_name(path), "du texte brut, sans balise HTML",
                                    f"la balise « {m.group(0)[:40]} »",
                                    "retirez la balise ; la mise en forme est faite par le site"))
        if m := TEMPLATE_RE.search(text):
            errors.append(DataError(loaded.rel, loaded.line(path), field_name(path), "du texte brut, sans code de gabarit",
                                    f"« {m.group(0)} »", "retirez les accolades {{ }}, {% %} ou {# #}"))
        if DATE_RE.fullmatch(text) and parse_date(text) is None:
            name = next((x for x in reversed(path) if isinstance(x, str)), "")
            if name in DATE_FIELDS:
                errors.append(DataError(loaded.rel, loaded.line(path), field_name(path), "une date qui existe au calendrier",
                                        f"« {text} »", "vérifiez le jour et le mois (ex. pas de 30 février)"))
    return errors


def _check_file(kind: str, path: Path, root: Path, rel: str) -> tuple[LoadedFile | None, list[DataError]]:
    """One file loaded and checked alone; None if it cannot be read as an entry."""
    loaded, errors = load_file(path, root, rel)
    if loaded is None:
        return None, errors
    return loaded, schema_errors(kind, fast_validator(kind), loaded) + check_text(loaded)


def load_all(root: Path):
    """Load and schema-check every file; return ({kind: {id: LoadedFile}}, errors)."""
    data_dir = root / "data"
    errors: list[DataError] = []
    every_kind = kinds()
    base: dict[str, dict[str, LoadedFile]] = {k: {} for k in every_kind}
    seen_ids: dict[str, str] = {}
    for item in sorted(data_dir.iterdir()) if data_dir.is_dir() else []:
        if item.name not in every_kind:
            if item.name != "README.md":
                errors.append(DataError(item.relative_to(root).as_posix(), None, "(dossier)",
                                        "l'un des dossiers : " + ", ".join(every_kind), f"« {item.name} »",
                                        "placez l'entrée dans le dossier de son type"))
            continue
    for kind in every_kind:
        folder = data_dir / kind
        for path in sorted(folder.iterdir()) if folder.is_dir() else []:
            rel = path.relative_to(root).as_posix()
            if path.suffix != ".yml" or not path.is_file():
                errors.append(DataError(rel, None, "(fichier)", "un fichier .yml", f"« {path.name} »",
                                        "renommez le fichier en <id>.yml (extension .yml)"))
                continue
            loaded, errs = _check_file(kind, path, root, rel)
            errors += errs
            if loaded is None:
                continue
            entry_id = loaded.data.get("id")
            if isinstance(entry_id, str):
                if entry_id != path.stem:
                    errors.append(DataError(rel, loaded.line(["id"]), "id", f"l'id « {path.stem} » (nom du fichier)",
                                            f"« {entry_id} »", "donnez au fichier le même nom que l'id, ou l'inverse"))
                if entry_id in seen_ids:
                    errors.append(DataError(rel, loaded.line(["id"]), "id", "un id unique dans toute la base",
                                            f"« {entry_id} », déjà utilisé par {seen_ids[entry_id]}",
                                            "choisissez un autre id (et renommez le fichier)"))
                    continue
                seen_ids[entry_id] = rel
            if not errs:
                base[kind][path.stem] = loaded
    invalid = set(seen_ids) - {i for kind in base.values() for i in kind}
    return base, errors, invalid


def _ref_error(loaded, path, kind_label, target, known, fix):
    return DataError(loaded.rel, loaded.line(path), field_name(path), f"l'id d'{kind_label} existant",
                     f"« {target} », qui n'existe pas" + suggest_aside(target, known), fix)


def check_links(base, invalid=frozenset()) -> list[DataError]:
    """Cross-references; ids of files already reported invalid are not reported again."""
    errors = []
    familles = base["familles"]
    veille = base["veille"]
    clauses = base["clauses"]

    def fam(loaded, path, value):
        if value not in familles and value not in invalid:
            errors.append(_ref_error(loaded, path, "une famille (data/familles)", value, familles,
                                     "utilisez une famille existante"))

    for kind in ("veille", "clauses", "acteurs"):
        for loaded in base[kind].values():
            for i, f in enumerate(loaded.data["familles"]):
                fam(loaded, ["familles", i], f)
    for loaded in clauses.values():
        seg, first = loaded.data.get("segment"), loaded.data["familles"][0]
        if seg and first in familles:
            known = [s["id"] for s in familles[first].data["segments"]]
            if seg not in known:
                errors.append(DataError(loaded.rel, loaded.line(["segment"]), "segment",
                                        f"l'un des segments de la famille « {first} » : " + ", ".join(known),
                                        f"« {seg} »" + suggest_aside(seg, known),
                                        f"choisissez un segment listé dans data/familles/{first}.yml (champ segments)"))
    for loaded in base["retours"].values():
        fam(loaded, ["famille"], loaded.data["famille"])
        for i, cid in enumerate(loaded.data["clauses"]):
            if cid not in clauses and cid not in invalid:
                errors.append(_ref_error(loaded, ["clauses", i], "une clause (data/clauses)", cid, clauses,
                                         "corrigez l'id ou créez la clause"))
    for loaded in clauses.values():
        for i, ref in enumerate(loaded.data["base_juridique"]):
            if ref["texte"] not in veille and ref["texte"] not in invalid:
                errors.append(_ref_error(loaded, ["base_juridique", i, "texte"], "un texte (data/veille)",
                                         ref["texte"], veille, "corrigez l'id ou ajoutez le texte à data/veille"))
    for loaded in veille.values():
        d = loaded.data
        pub = parse_date(d.get("date_publication", "")) if d.get("date_publication") else None
        signed = parse_date(d["reference"].get("date", "")) if d["reference"].get("date") else None
        if signed and pub and signed > pub:
            errors.append(DataError(loaded.rel, loaded.line(["date_publication"]), "date_publication",
                                    f"une date postérieure ou égale à la date du texte ({signed.isoformat()})",
                                    pub.isoformat(), "un texte est publié après avoir été signé : vérifiez les deux dates"))
        first = min(parse_date(a["date"]) for a in d["applications"])
        for i, app in enumerate(d["applications"]):
            when = parse_date(app["date"])
            if pub and when < pub:
                errors.append(DataError(loaded.rel, loaded.line(["applications", i, "date"]), f"applications[{i}].date",
                                        f"une date postérieure ou égale à la publication ({pub.isoformat()})",
                                        when.isoformat(), "une disposition ne s'applique pas avant sa publication : vérifiez la date"))
        ended = d.get("date_abrogation")
        if ended and parse_date(ended) < first:
            errors.append(DataError(loaded.rel, loaded.line(["date_abrogation"]), "date_abrogation",
                                    f"une date postérieure à la première application ({first.isoformat()})",
                                    ended, "vérifiez la date d'abrogation"))
        if d.get("abroge_par") and not ended:
            errors.append(DataError(loaded.rel, loaded.line(["abroge_par"]), "date_abrogation",
                                    "la date d'abrogation, puisque « abroge_par » est rempli", "rien",
                                    "ajoutez « date_abrogation: AAAA-MM-JJ »"))
        if ended and not d.get("abroge_par"):
            errors.append(DataError(loaded.rel, loaded.line(["date_abrogation"]), "abroge_par",
                                    "l'id du texte qui abroge celui-ci", "rien",
                                    "ajoutez « abroge_par: <id> » (le texte abrogeant doit être dans la base)"))
        by = d.get("abroge_par")
        if by:
            if by in invalid:
                pass
            elif by not in veille:
                errors.append(_ref_error(loaded, ["abroge_par"], "un texte (data/veille)", by, veille,
                                         "ajoutez le texte abrogeant à data/veille"))
            elif d["id"] not in veille[by].data.get("abroge", []):
                errors.append(DataError(loaded.rel, loaded.line(["abroge_par"]), "abroge_par",
                                        f"que {veille[by].rel} liste « {d['id']} » dans son champ « abroge »",
                                        "un lien dans un seul sens",
                                        f"ajoutez « {d['id']} » à « abroge » dans {veille[by].rel}"))
        for i, old in enumerate(d.get("abroge", [])):
            if old in invalid:
                pass
            elif old not in veille:
                errors.append(_ref_error(loaded, ["abroge", i], "un texte (data/veille)", old, veille,
                                         "ajoutez le texte abrogé à data/veille (il reste dans la base, marqué abrogé)"))
            elif veille[old].data.get("abroge_par") != d["id"]:
                errors.append(DataError(loaded.rel, loaded.line(["abroge", i]), f"abroge[{i}]",
                                        f"que {veille[old].rel} indique « abroge_par: {d['id']} »",
                                        "un lien dans un seul sens",
                                        f"ajoutez « abroge_par: {d['id']} » et « date_abrogation » dans {veille[old].rel}"))
    for fid in allowed("famille"):
        if fid not in familles and fid not in invalid:
            errors.append(DataError(f"data/familles/{fid}.yml", None, "(fichier)", "le fichier de la famille",
                                    "aucun fichier", "recréez le fichier de cette famille"))
    return errors


DRAFT_MARK = "À compléter"


def draft_fields(loaded: LoadedFile) -> list[DataError]:
    """Values left as « À compléter » by the scaffold: fine in a preview, never published."""
    return [DataError(loaded.rel, loaded.line(path), field_name(path), "une valeur définitive, vérifiée",
                      describe(text), f"remplacez « {DRAFT_MARK} » par la valeur tirée du texte officiel")
            for path, text in _strings(loaded.data) if DRAFT_MARK in text]


def validate(root: Path, today: dt.date | None = None) -> dict:
    """Return {kind: {id: LoadedFile}} or raise InvalidData with every error."""
    base, errors, invalid = load_all(root)
    errors += check_records(base, today or reference_date())
    errors += check_history(base)
    errors += check_links(base, invalid)
    errors += check_obligations(base, invalid)
    errors += check_withdrawals(base, invalid)
    if errors:
        raise InvalidData(errors)
    return base
