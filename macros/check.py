"""`python -m macros.check`: validate data/ without building the site."""
from __future__ import annotations

import sys

from . import data_root
from .errors import InvalidData
from .model import load_base


def main() -> int:
    try:
        base = load_base(data_root())
    except InvalidData as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(getattr(base, k))} {k}" for k in
                       ("familles", "veille", "clauses", "retours", "acteurs", "glossaire"))
    print(f"Données valides : {counts}.")
    for kind in ("veille", "clauses", "retours", "acteurs", "glossaire"):
        for entry_id, entry in getattr(base, kind).items():
            if "À compléter" in repr(entry):
                print(f"Attention : {base.files[entry_id]} contient encore « À compléter » : remplacez ces valeurs "
                      "avant d'ouvrir la demande de fusion.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
