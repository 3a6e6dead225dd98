"""`make serve`: `mkdocs serve`, whose watcher leaves out the entry pages that each build writes into docs/.

They are made from data/, which it watches already: without this, every edit of an entry rebuilt the site twice
(once for the YAML file, once more for the pages the first build rewrote). MkDocs only (Zensical has its own
`zensical serve`)."""
from __future__ import annotations

import sys
from pathlib import Path

from .outputs import ENTRY_PAGES

FOLDERS = set(ENTRY_PAGES.values())


def generated(path: str) -> bool:
    """A file of an entry page folder of docs/ (docs/clauses/x.md…)."""
    parent = Path(path).parent
    return parent.name in FOLDERS and parent.parent.name == "docs"


def server_class():
    from mkdocs.livereload import LiveReloadServer

    class Server(LiveReloadServer):
        def watch(self, path, func=None, *, recursive=True):
            schedule = self.observer.schedule

            def sources_only(handler, watched, recursive=True):
                react = handler.on_any_event
                handler.on_any_event = lambda event: None if generated(event.src_path) else react(event)
                return schedule(handler, watched, recursive=recursive)

            self.observer.schedule = sources_only
            try:
                super().watch(path, func, recursive=recursive)
            finally:
                del self.observer.schedule

    return Server


def main(argv=None) -> None:
    from mkdocs import __main__ as cli
    from mkdocs.commands import serve
    serve.LiveReloadServer = server_class()
    sys.argv = ["mkdocs", "serve", *(sys.argv[1:] if argv is None else argv)]
    cli.cli()


if __name__ == "__main__":
    main()
