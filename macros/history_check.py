"""`make check` and CI: a contribution that changes an entry's wording, legal basis or figures must add a version.

Each entry file is compared with its state on the main branch (at the point where the contribution started, `git
merge-base`); the fields that make a version are in the schemas (`x-suivi-versions`). Run alone:
`python -m macros.history_check [--base main]`.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import DataError
from .loader import load_file, parse
from .messages import field_name
from .schemas import kinds, schema
from .settings import data_root
from .versions import changes, git, repository_top

BASE_BRANCH = "main"


def start_of(root: Path, branch: str) -> str | None:
    """The commit the contribution starts from: where HEAD left `branch` (origin/<branch> when only that exists)."""
    for ref in (branch, f"origin/{branch}"):
        found = git(root, "merge-base", "HEAD", ref)
        if found:
            return found.strip()
    return None


def _error(loaded, kind, nature, fields, old_version) -> DataError:
    new_version = old_version + 1
    names = ", ".join(f"« {f} »" for f in fields)
    return DataError(
        loaded.rel, loaded.line([fields[0]]), field_name([fields[0]]),
        f"une nouvelle version (version {new_version}) avec sa ligne d'historique de nature « {nature} »",
        f"{names} modifié{'s' if len(fields) > 1 else ''} depuis la branche principale, version toujours {old_version}",
        f"mettez « version: {new_version} » et ajoutez sous « historique » la ligne « - version: {new_version} », "
        f"« date: » (le jour de la revue, aussi dans « {schema(kind)['x-date-revue']} »), « nature: {nature} » et "
        "« resume: » (ce qui change, en une phrase)")


def check(root: Path, start: str) -> list[DataError]:
    """Every entry changed since `start` without a new version, one error per nature of change."""
    errors = []
    top = repository_top(root)
    if top is None:
        return errors
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    for kind in kinds():
        if not schema(kind).get("x-suivi-versions"):
            continue
        for path in sorted((root / "data" / kind).glob("*.yml")):
            rel = path.relative_to(root).as_posix()
            before = git(root, "show", f"{start}:{rel if prefix == '.' else f'{prefix}/{rel}'}")
            if before is None:
                continue  # a new entry: its version 1 is checked with the data
            loaded, _ = load_file(path, root)
            old = parse(before, rel)
            if loaded is None or not isinstance(old, dict):
                continue  # unreadable now: told by the data check
            old_version = old.get("version", 1)
            if loaded.data.get("version", 1) > old_version:
                continue
            for nature, fields in changes(kind, old, loaded.data).items():
                errors.append(_error(loaded, kind, nature, fields, old_version))
    return errors


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Refuse une modification de fond d'une entrée sans nouvelle version.")
    parser.add_argument("--base", default=BASE_BRANCH, help="branche de référence (main par défaut)")
    args = parser.parse_args(argv)
    root = data_root()
    start = start_of(root, args.base)
    if start is None:
        print(f"Versions : comparaison avec la branche « {args.base} » impossible ici (pas de dépôt git, ou branche "
              "absente de cette copie) ; la CI la fait.", file=sys.stderr)
        return 0
    errors = check(root, start)
    for error in errors:
        print(f"- {error}", file=sys.stderr)
    if errors:
        print(f"Versions : {len(errors)} modification{'s' if len(errors) > 1 else ''} sans nouvelle version.",
              file=sys.stderr)
        return 1
    print("Versions : chaque modification de fond porte sa nouvelle version.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
