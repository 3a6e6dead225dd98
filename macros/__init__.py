"""Macros of the pages (loaded through main.py): load and validate data once, expose renderers to pages.

`define_env` is the only door into the site generator (Zensical runs it too); files derived after the build
come from `derive.write_outputs`, called here by `on_post_build` (MkDocs) and by `python -m macros.derive` otherwise.
"""
from __future__ import annotations

import posixpath
from pathlib import Path

from . import pages
from .errors import InvalidData
from .model import load_base
from .render import clauses, downloads, entries, filters, guide, suppliers, tooltips, watch
from .render.calculator import calculator_page
from .render.html import href, spaced
from .render.labels import french_date
from .render.observatory import observatory
from .render.prepare import prepare_page
from .render.search import search_page
from .render.whatsnew import whats_new
from .settings import ROOT, data_root, pdf_enabled, preview, publisher, reference_date, site_url, url_problem

# macro name → renderer (base, page URL, *args); ARCHITECTURE.md lists the pages that call each one
MACROS = {
    "guide": lambda b, h, family: guide.guide(b, h, family, pdf_enabled()),
    "bibliotheque": clauses.clauses_by_family,
    "clauses_par_etape": clauses.clauses_by_step,
    "veille": watch.watch_timeline,
    "filtres_veille": lambda b, _here: filters.watch_filters(b),
    "echeancier": watch.schedule,
    "prochaines_echeances": watch.upcoming,
    "dernieres_entrees": watch.latest_texts,
    "entrees_en_vigueur_recentes": watch.recent,
    "retours": entries.retours_by_family,
    "acteurs": entries.actors_by_type,
    "familles": guide.families_overview,
    "telechargements": lambda b, h: downloads.downloads(b, h, pdf_enabled()),
    "donnees_ouvertes": downloads.open_data,
    "entreprises": suppliers.suppliers,
    "quoi_de_neuf": whats_new,
    "observatoire": observatory,
}
# the glossary holds the definitions itself; no tooltip inside the forms' labels, nor in the finder's long list
# (each clause's page has them: 7 Ko less on a page read on phones, #25)
WITHOUT_TOOLTIPS = {"glossaire": entries.glossary,
                    "trouver_clause": filters.clause_finder,
                    "calculateur": calculator_page,
                    "preparer_marche": prepare_page,
                    "recherche": search_page}
RENDERERS = {**{name: (func, True) for name, func in MACROS.items()},
             **{name: (func, False) for name, func in WITHOUT_TOOLTIPS.items()}}


def render(base, terms, name: str, here: str, *args, **kwargs) -> str:
    """A macro's HTML; `here`: the page's URL, where its relative links start from (see `link_base`)."""
    func, annotate = RENDERERS[name]
    html = spaced(func(base, here, *args, **kwargs))
    return tooltips.annotate(html, terms) if annotate else html


_LOADED: dict = {}  # Zensical runs define_env before every page: data read and checked once per content


def data_stamp(root: Path) -> tuple:
    files = sorted([*(root / "data").rglob("*.yml"), *(ROOT / "schemas").glob("*.json")])
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)


def checked_base(docs: Path, zensical: bool = False):
    """The validated base and the glossary matcher; entry pages written into docs/ when the data changed."""
    key = (data_root(), docs, reference_date(), preview(), pdf_enabled(), zensical, data_stamp(data_root()))
    if key not in _LOADED:
        try:
            base = load_base(data_root())
            if base.drafts and not preview():
                raise InvalidData(base.drafts)
        except InvalidData as exc:
            from mkdocs.exceptions import PluginError
            raise PluginError(exc.report()) from None
        terms = tooltips.glossary_matcher(base)
        pages.write_stubs(docs, base, terms, pdf_enabled(), from_folder=zensical)  # before MkDocs lists docs/
        _LOADED.clear()
        _LOADED[key] = base, terms
    return _LOADED[key]


def is_zensical(env) -> bool:
    return type(env).__module__.split(".")[0] == "zensical"


def link_base(env) -> str:
    """Where the relative links written by the macros start from. MkDocs leaves the links of HTML as written: from
    the page's URL. Zensical reads them from the Markdown file's folder, as Markdown links, then rewrites them for the
    page's URL (`clauses/x.md`, page `clauses/x/`: from `clauses/`); it leaves data-* attributes and JSON alone."""
    if env.page is None:
        return ""
    if not is_zensical(env):
        return env.page.url
    folder = posixpath.dirname(env.page.path)
    return f"{folder}/" if folder else ""


def define_env(env):
    problem = None if preview() else url_problem(env.conf.get("site_url") or site_url())
    if problem:
        from mkdocs.exceptions import PluginError
        raise PluginError(problem)
    base, terms = checked_base(Path(env.conf["docs_dir"]), is_zensical(env))
    env.variables["base"] = base

    def bind(name):
        env.macro(lambda *args, **kwargs: render(base, terms, name, link_base(env), *args, **kwargs), name)

    for name in RENDERERS:
        bind(name)
    env.macro(lambda: french_date(base.today), "date_edition")
    env.macro(lambda kind: len(base.entries[kind]), "compte")
    env.macro(lambda field: publisher()[field], "editeur")
    env.macro(lambda path: href(link_base(env), path).rstrip("/"), "adresse")  # a file of the site, from HTML in docs/


def on_post_build(env):
    """MkDocs only (Zensical: `python -m macros.derive` after its build)."""
    from mkdocs.exceptions import PluginError

    from .derive import write_outputs
    from .errors import DeriveError
    try:
        write_outputs(Path(env.conf["site_dir"]), env.variables["base"], env.conf.get("site_url") or site_url(),
                      pdf_enabled(), data_root(), data_files=not preview())
    except DeriveError as exc:
        raise PluginError(str(exc)) from None
