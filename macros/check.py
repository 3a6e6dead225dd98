"""`python -m macros.check [--strict]`: validate data/ without building the site.

Values left « À compléter » are reported as warnings; with --strict (make build) or in CI they fail.
"""
from __future__ import annotations

import sys

from .errors import InvalidData
from .model import load_base
from .settings import data_root, in_ci


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    strict = "--strict" in argv or in_ci()
    try:
        base = load_base(data_root())
    except InvalidData as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(found)} {kind}" for kind, found in base.entries.items())
    if base.drafts and strict:
        print(InvalidData(base.drafts).report().replace("Données invalides", "Entrées non terminées"), file=sys.stderr)
        return 1
    print(f"Données valides : {counts}.")
    for error in base.drafts:
        print(f"Attention : {error}")
    if base.drafts:
        print("Remplacez ces valeurs avant d'ouvrir la demande de fusion : la construction du site les refuse.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
