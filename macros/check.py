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
    return 0


if __name__ == "__main__":
    sys.exit(main())
