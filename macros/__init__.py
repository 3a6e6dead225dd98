"""Macros of the pages (loaded through main.py): load and validate data once, expose renderers to pages.

`define_env` is the only door into the site generator (Zensical runs it too); files derived after the build
come from `derive.write_outputs`, called here by `on_post_build` and by `python -m macros.derive` otherwise.
"""
from __future__ import annotations

import gc
import os
import posixpath
from pathlib import Path

from . import ahead, pages
from .errors import InvalidData
from .model import load_base, reference_date
from .render import clauses, downloads, entries, filters, guide, suppliers, tooltips, watch
from .render.calculator import calculator_page
from .render.html import href
from .render.labels import french_date
from .render.prepare import prepare_page

ROOT = Path(__file__).resolve().parent.parent
ROOT_ENV = "ACHATS_RACINE"  # another folder holding data/ (tests, benchmark)


def data_root() -> Path:
    return Path(os.environ.get(ROOT_ENV) or ROOT)


def pdf_enabled() -> bool:
    return os.environ.get("ACHATS_PDF") == "1"


def drafts_allowed() -> bool:
    """`make serve` previews entries still holding « À compléter »; every other build refuses them."""
    return os.environ.get("ACHATS_BROUILLON") == "1"


# macro name → renderer (base, page URL, *args); ARCHITECTURE.md lists the pages that call each one
MACROS = {
    "guide": lambda b, h, family: guide.guide(b, h, family, pdf_enabled()),
    "bibliotheque": clauses.clauses_by_family,
    "clauses_par_etape": clauses.clauses_by_step,
    "trouver_clause": filters.clause_finder,
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
}
# the glossary holds the definitions itself; no tooltip inside the forms' labels
WITHOUT_TOOLTIPS = {"glossaire": entries.glossary,
                    "calculateur": calculator_page,
                    "preparer_marche": lambda b, h: prepare_page(b, h, pdf_enabled())}
RENDERERS = {**{name: (func, True) for name, func in MACROS.items()},
             **{name: (func, False) for name, func in WITHOUT_TOOLTIPS.items()}}


def render(base, terms, key: tuple, **kwargs) -> str:
    """("macro", name, page URL, arguments): a macro's HTML; ("page", kind, id, page URL): an entry page's body."""
    if key[0] == "page":
        _, kind, entry_id, here = key
        return pages.body(base, terms, kind, entry_id, here, pdf_enabled())
    _, name, here, args = key
    func, annotate = RENDERERS[name]
    html = func(base, here, *args, **kwargs)
    return tooltips.annotate(html, terms) if annotate else html


_LOADED: dict = {}  # Zensical runs define_env before every page: data read and checked once per content


def data_stamp(root: Path) -> tuple:
    files = sorted([*(root / "data").rglob("*.yml"), *(ROOT / "schemas").glob("*.json")])
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)


def checked_base(docs: Path, zensical: bool = False):
    """The validated base and the glossary matcher; entry pages written into docs/ when the data changed."""
    key = (data_root(), docs, reference_date(), drafts_allowed(), pdf_enabled(), zensical, data_stamp(data_root()))
    if key not in _LOADED:
        try:
            base = load_base(data_root())
            if base.drafts and not drafts_allowed():
                raise InvalidData(base.drafts)
        except InvalidData as exc:
            from mkdocs.exceptions import PluginError
            raise PluginError(exc.report()) from None
        terms = tooltips.glossary_matcher(base)
        # before the generator lists docs/; MkDocs gets each body during the build (on_pre_page_macros)
        pages.write_stubs(docs, base, terms, pdf_enabled(), from_folder=zensical, bodies=zensical)
        _LOADED.clear()
        _LOADED[key] = base, terms
        gc.unfreeze()  # `mkdocs serve`: the data read before can go
        gc.freeze()  # the data stay for the whole build: the cycle collector no longer goes through them
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


_RENDER: list = []  # the renderer of the current build, for on_pre_page_macros


def define_env(env):
    base, terms = checked_base(Path(env.conf["docs_dir"]), is_zensical(env))
    env.variables["base"] = base
    started = None
    if not is_zensical(env) and "site_dir" in env.conf:  # Zensical: `python -m macros.derive` after its build
        from .derive import DEFAULT_URL, start_data_files, start_finishing
        docs, site = Path(env.conf["docs_dir"]), Path(env.conf["site_dir"])
        files = ahead.sources(docs)
        started = ahead.start(docs, RENDERERS, lambda key: render(base, terms, key), files)
        start_data_files(site, base, env.conf.get("site_url") or DEFAULT_URL, data_root())
        if env.conf.get("use_directory_urls", True):  # where MkDocs writes each page
            start_finishing(site, [site / (ahead.page_url(src) + "index.html") for src in files])

    def rendered(key: tuple) -> str:
        found = started.get(key) if started else None
        return render(base, terms, key) if found is None else found

    _RENDER[:] = [rendered]

    def here():
        return link_base(env)

    def bind(name):
        def call(*args, **kwargs):  # keyword arguments: not in the plan of macros/ahead.py
            key = ("macro", name, here(), args)
            return render(base, terms, key, **kwargs) if kwargs else rendered(key)
        env.macro(call, name)

    for name in RENDERERS:
        bind(name)
    env.macro(lambda: french_date(base.today), "date_edition")
    env.macro(lambda kind: len(getattr(base, kind)), "compte")
    env.macro(lambda path: href(here(), path).rstrip("/"), "adresse")  # a file of the site, from HTML in docs/


def on_pre_page_macros(env):
    """MkDocs: an entry page's body, in place of its mark (pages.BODY_MARK: pages.write_stubs with bodies=False)."""
    found = pages.BODY_MARK_RE.search(env.markdown)
    if found and _RENDER:
        html = _RENDER[0](("page", *found.groups(), link_base(env)))
        env.markdown = env.markdown[:found.start()] + html + env.markdown[found.end():]


def on_post_build(env):
    from mkdocs.exceptions import PluginError

    from .derive import DEFAULT_URL, DeriveError, write_outputs
    ahead.discard()
    try:
        write_outputs(Path(env.conf["site_dir"]), env.variables["base"], env.conf.get("site_url") or DEFAULT_URL,
                      pdf_enabled(), data_root())
    except DeriveError as exc:
        raise PluginError(str(exc)) from None
