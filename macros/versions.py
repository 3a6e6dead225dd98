"""Versions of an entry: which fields make a new version (schemas: `x-suivi-versions`, nature → fields), and the
entry as it was at each earlier version, read from the repository's history.

Decision (ARCHITECTURE.md, « Versions ») : the repository is the source of truth. An entry's YAML file holds its
current state and the list of its versions (`historique`); earlier wordings are read from git, at the last commit
of each version. Without that history (archive, shallow clone), pages say so and show the list alone.
"""
from __future__ import annotations

import subprocess
from functools import cache
from pathlib import Path

from .loader import parse
from .schemas import schema


def watched(kind: str) -> dict[str, list[str]]:
    """Nature of a change (redaction, base-juridique, chiffres) → the fields whose change makes it."""
    return schema(kind).get("x-suivi-versions", {})


def changes(kind: str, old: dict, new: dict) -> dict[str, list[str]]:
    """The natures of change between two states of an entry, each with the fields that differ."""
    found = {}
    for nature, fields in watched(kind).items():
        differ = [f for f in fields if old.get(f) != new.get(f)]
        if differ:
            found[nature] = differ
    return found


def git(root: Path, *args: str) -> str | None:
    """A git command's output in `root`'s repository, or None (no git, not a repository, unknown revision)."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


@cache
def full_history(root: Path) -> bool:
    """True where the repository's whole history is here (not an archive, not a shallow clone)."""
    return git(root, "rev-parse", "--is-shallow-repository") == "false\n"


def repository_top(root: Path) -> Path | None:
    """The folder of the git repository holding `root`, or None."""
    top = git(root, "rev-parse", "--show-toplevel")
    return Path(top.strip()) if top else None


def earlier_versions(root: Path, rel: str, current: int) -> dict[int, dict]:
    """Version number → the entry as committed last at that version, for the versions before `current`; empty
    without the repository's history. `rel`: the file's path from the data root (data/clauses/x.yml)."""
    top = repository_top(root) if current > 1 and full_history(root) else None
    if top is None:
        return {}
    path = (root / rel).resolve().relative_to(top.resolve()).as_posix()
    log = git(top, "log", "--follow", "--format=%H", "--name-only", "--", path) or ""
    found: dict[int, dict] = {}
    commit = None
    for line in log.splitlines():
        if not line:
            continue
        if commit is None:
            commit = line
            continue
        text = git(top, "show", f"{commit}:{line}")
        commit = None
        data = parse(text, line) if text else None
        version = data.get("version", 1) if isinstance(data, dict) else None
        if isinstance(version, int) and version < current and version not in found:
            found[version] = data  # newest first: the last state of that version
    return found


def change_log(base) -> list[dict]:
    """Every version of every entry in service, newest first: date, kind, id, title, families, version, nature and
    summary (the « Quoi de neuf » page and the feeds of changes)."""
    rows = []
    for kind in base.entries:
        if "historique" not in schema(kind)["properties"]:
            continue
        for entry in base.entries[kind].values():
            families = entry.get("familles") or [entry["famille"]]
            # the name buyers know it by: a text's short title, else the title (as in the browser's tab)
            title = (entry.get("titre_court") or entry["titre"]) if kind == "veille" else entry["titre"]
            for row in entry["historique"]:
                rows.append({"date": row["date"], "kind": kind, "id": entry["id"], "title": title,
                             "families": families, "version": row["version"], "nature": row["nature"],
                             "resume": row["resume"], "current": row["version"] == entry["version"]})
    return sorted(rows, key=lambda r: (r["date"], r["version"], r["kind"], r["id"]), reverse=True)
