"""Pages rendered ahead, on the core the generator leaves idle (MkDocs only).

MkDocs converts the pages one after the other, on one core. From define_env, a process forked from this one renders,
in the order MkDocs reads the files of docs/, the body of every entry page and every macro call written in the
pages (`{{ guide("batiment") }}`), and sends each result through a pipe (`forked.Stream`). When MkDocs reaches a
page, the result is read there, or awaited if not ready yet. A call not foreseen here (another form,
a page added meanwhile) is rendered in this process, as before: the plan makes the build faster, never different.
Zensical runs define_env before every page: it gets entry pages written whole (pages.write_stubs) and renders each
macro itself.
"""
from __future__ import annotations

import ast
import atexit
import os
import re
from pathlib import Path

from . import forked
from .pages import ENTRY_PAGES

# a macro call alone in its braces, with literal arguments: {{ name() }}, {{ name("x", 2) }}
CALL_RE = re.compile(r"\{\{\s*([a-z_]+)\(([^(){}]*)\)\s*\}\}")
FOLDERS = {folder: kind for kind, (folder, _) in ENTRY_PAGES.items()}


def page_url(src: str) -> str:
    """A page's URL as MkDocs writes it (use_directory_urls): « familles/batiment.md » → « familles/batiment/ »."""
    stem = src.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def _calls(text: str, here: str, names) -> list[tuple]:
    found = []
    for name, args in CALL_RE.findall(text):
        if name not in names:
            continue
        try:
            values = ast.literal_eval(f"({args},)") if args.strip() else ()
        except (ValueError, SyntaxError):
            continue
        found.append(("macro", name, here, values))
    return found


def sources(docs: Path) -> list[str]:
    """The Markdown files of docs/, in the order MkDocs reads them and writes their pages (os.walk, folders
    sorted, index first)."""
    found = []
    for folder, dirnames, filenames in os.walk(docs):
        dirnames.sort()
        relative = Path(folder).relative_to(docs).as_posix()
        for name in sorted(filenames, key=lambda f: (os.path.splitext(f)[0] not in ("index", "README"), f)):
            if name.endswith(".md"):
                found.append(name if relative == "." else f"{relative}/{name}")
    return found


def plan(docs: Path, names, files: list[str]) -> list[tuple]:
    """What MkDocs will ask for, in its order: `files` from `sources`."""
    keys = []
    for src in files:
        folder, _, name = src.rpartition("/")
        kind = FOLDERS.get(folder)
        if kind:
            keys.append(("page", kind, name[:-3], page_url(src)))
        else:
            keys += _calls((docs / src).read_text(encoding="utf-8"), page_url(src), names)
    return keys


def _render_all(keys, render):
    for key in keys:
        try:
            yield key, render(key)
        except Exception:  # e.g. a call inside {% if false %}: the page renders it itself if it is really made
            yield key, None


class Ahead:
    """The results of one build, read as MkDocs reaches each page."""

    def __init__(self, keys, render):
        self.keys, self.ready, self.ended = set(keys), {}, False
        self.stream = forked.Stream(_render_all, keys, render)

    def get(self, key: tuple) -> str | None:
        """The result, awaited if not ready yet; None if the plan did not foresee it (or not that many times), or if
        rendering it failed: the caller renders it, and meets the error where it would have without this plan."""
        if key not in self.keys:
            return None
        while not self.ready.get(key) and not self.ended:
            item = self.stream.next()
            if item is None:
                self.ended = True
            else:
                self.ready.setdefault(item[0], []).append(item[1])
        found = self.ready.get(key)
        return found.pop(0) if found else None

    def discard(self) -> None:
        self.stream.close()


_CURRENT: list[Ahead] = []


@atexit.register
def discard() -> None:
    while _CURRENT:
        _CURRENT.pop().discard()


def start(docs: Path, names, render, files: list[str] | None = None) -> Ahead:
    """`render(key)`: the HTML of ("page", kind, id, page URL) or ("macro", name, page URL, arguments); `files`:
    those of `sources`, when already listed."""
    discard()  # `mkdocs serve`: the previous build's
    _CURRENT.append(Ahead(plan(docs, names, sources(docs) if files is None else files), render))
    return _CURRENT[-1]

