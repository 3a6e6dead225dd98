"""Strict YAML loading: one file = one entry, with a line map for error messages."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import DataError

MAX_FILE_BYTES = 256 * 1024
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
YAML_PROBLEMS = {
    "mapping values are not allowed": "un « : » inattendu (texte contenant deux-points sans guillemets ?)",
    "could not find expected ':'": "une ligne sans « : » là où un champ était attendu",
    "found character '\\t' that cannot start any token": "une tabulation",
    "found character that cannot start any token": "un caractère qui ne peut pas commencer une valeur (tabulation ?)",
    "did not find expected key": "une indentation incohérente",
    "did not find expected '-' indicator": "une liste mal indentée",
    "expected <block end>, but found": "une indentation incohérente",
    "found unexpected end of stream": "un guillemet ou un crochet non refermé",
    "found unknown escape character": "une barre oblique inverse (\\) inconnue entre guillemets doubles",
}


Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: same rules, much faster


class StrictLoader(Base):
    """SafeLoader whose dates stay strings (checked later, with a French message)."""


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class LoadedFile:
    path: Path
    rel: str
    data: object
    lines: dict | None = None  # field path → line; made from the file when an error first needs it
    text: str | None = field(default=None, repr=False)  # the file's text, for the line map

    def line(self, path) -> int | None:
        """Line of the closest known ancestor of a field path."""
        if self.lines is None:
            try:
                text = self.text if self.text is not None else self.path.read_bytes().decode("utf-8").removeprefix("\ufeff")
                self.lines = _parse_with_lines(text, self.rel)[1] or {(): 1}
            except (OSError, UnicodeDecodeError, yaml.YAMLError):  # the file changed since it was read
                self.lines = {(): 1}
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def _err(rel, line, field, expected, found, fix):
    return DataError(rel, line, field, expected, found, fix)


def _walk(node, path, lines, errors, rel):
    """Record lines and refuse duplicate keys."""
    if isinstance(node, yaml.MappingNode):
        seen = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                errors.append(_err(
                    rel, line, ".".join(map(str, path + (key,))),
                    "chaque clé une seule fois",
                    f"la clé « {key} » répétée (déjà présente ligne {seen[key]})",
                    "supprimez l'une des deux lignes ; YAML garderait sinon la dernière sans le dire"))
                continue
            seen[key] = line
            lines[path + (key,)] = line
            _walk(value_node, path + (key,), lines, errors, rel)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[path + (i,)] = item.start_mark.line + 1
            _walk(item, path + (i,), lines, errors, rel)


class FastLoader(StrictLoader):
    """Builds the data without a line map; gives up when a mapping repeats a key as written."""

    def construct_mapping(self, node, deep=False):
        if len({key.value for key, _ in node.value}) != len(node.value):
            raise ValueError("clé répétée")
        return super().construct_mapping(node, deep)


def _parse(text: str, rel: str):
    """(data, lines, errors): the fast path leaves lines to LoadedFile.line, made only if an error needs them."""
    loader = FastLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            try:
                return loader.construct_document(node), None, []
            except Exception:  # a repeated key or anything else: the full path below tells it, as it always did
                pass
    finally:
        loader.dispose()
    return _parse_with_lines(text, rel)


def parse(text: str, rel: str):
    """The data of a YAML text read as the loader reads a file (dates kept as written), or None if it cannot be."""
    try:
        data, _, errors = _parse(text, rel)
    except Exception:  # any YAML error: an earlier state that cannot be read is left out
        return None
    return None if errors else data


def _parse_with_lines(text: str, rel: str):
    """(data, lines, errors), refusing repeated keys with their lines."""
    loader = StrictLoader(text)
    try:
        node = loader.get_single_node()
        lines: dict = {(): 1}
        errors: list[DataError] = []
        if node is not None:
            _walk(node, (), lines, errors, rel)
        if errors:
            return None, None, errors
        return (loader.construct_document(node) if node is not None else None), lines, []
    finally:
        loader.dispose()


def _problem(exc) -> str:
    text = str(exc.problem or exc.context or "")
    for english, french in YAML_PROBLEMS.items():
        if text.startswith(english):
            return french
    return f"message d'origine « {text} »"


def load_file(path: Path, root: Path, rel: str | None = None) -> tuple[LoadedFile | None, list[DataError]]:
    if rel is None:
        try:
            rel = path.relative_to(root).as_posix()
        except ValueError:
            rel = path.as_posix()
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        return None, [_err(rel, None, "(fichier)", f"un fichier de {MAX_FILE_BYTES // 1024} Ko au plus",
                           f"{len(raw) // 1024} Ko", "raccourcissez les textes ; une entrée tient en quelques Ko")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [_err(rel, line, "(fichier)", "un fichier encodé en UTF-8",
                           f"l'octet 0x{raw[exc.start]:02x} qui n'est pas de l'UTF-8",
                           "réenregistrez le fichier en UTF-8 dans votre éditeur")]
    text = text.removeprefix("\ufeff")
    if bad := CONTROL_RE.search(text):
        return None, [_err(rel, text.count("\n", 0, bad.start()) + 1, "(fichier)", "du texte sans caractère de contrôle",
                           f"le caractère de contrôle U+{ord(bad.group(0)):04X}",
                           "supprimez ce caractère invisible (souvent issu d'un copier-coller)")]
    start = text.lstrip()[:1]  # a first visible character other than « # » starts a line with content
    if start in ("", "#") and not any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()):
        return None, [_err(rel, None, "(fichier)", "une entrée YAML avec ses champs", "un fichier vide",
                           "copiez le modèle indiqué dans CONTRIBUTING.md et remplissez-le")]
    try:
        for token in yaml.scan(text, Loader=Base) if any(c in text for c in "!&*") else ():
            if isinstance(token, yaml.TagToken):
                handle, suffix = token.value
                return None, [_err(rel, token.start_mark.line + 1, "(fichier)", "des valeurs YAML simples, sans étiquette",
                                   f"l'étiquette YAML « {(handle or '')}{suffix} »",
                                   "supprimez l'étiquette (ce qui commence par !) ; écrivez la valeur telle quelle")]
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                sign = "&" if isinstance(token, yaml.AnchorToken) else "*"
                return None, [_err(rel, token.start_mark.line + 1, "(fichier)", "des valeurs écrites en toutes lettres",
                                   f"l'ancre ou l'alias YAML « {sign}{token.value} »",
                                   "recopiez la valeur au lieu d'utiliser une ancre (&) ou un alias (*)")]
        data, lines, errors = _parse(text, rel)
        if errors:
            return None, errors
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return None, [_err(rel, mark.line + 1 if mark else None, "(fichier)", "une syntaxe YAML valide",
                           f"une erreur de syntaxe : {_problem(exc)}",
                           "vérifiez l'indentation (espaces, pas de tabulation) et mettez entre guillemets les textes contenant « : » ou « # »")]
    if not isinstance(data, dict):
        return None, [_err(rel, 1, "(fichier)", "une suite de champs « clé: valeur »",
                           f"une valeur de type {type(data).__name__}",
                           "commencez le fichier par « id: … » comme dans le modèle")]
    return LoadedFile(path, rel, data, lines, text), []
