"""Entry point of the macros for both site generators (`module_name: main` in mkdocs.yml).

mkdocs-macros and Zensical load this file by its path, not as part of a package: the repository root is put
on the import path here, so that `zensical build` works on a fresh clone without setting PYTHONPATH. All the
work is in the `macros` package; `define_env` is the only hook Zensical runs; `on_post_build` is for MkDocs
only (after Zensical: `python -m macros.derive`).
"""
import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parent)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from macros import define_env, on_post_build  # noqa: E402, F401
