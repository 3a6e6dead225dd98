"""mkdocs-macros entry point: load and validate data once, expose renderers to pages.

`define_env` is the only door into the site generator (Zensical runs it too); files derived after the build
come from `derive.write_outputs`, called here by `on_post_build` and by `python -m macros.derive` otherwise.
"""
from __future__ import annotations

import os
from pathlib import Path

from . import pages
from .errors import InvalidData
from .model import load_base
from .render import clauses, downloads, entries, filters, guide, suppliers, tooltips, watch
from .render.calculator import calculator_page
from .render.labels import french_date
from .render.obligations import text_rates
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
    "fiche_clause": lambda b, h, entry_id: clauses.clause_card(
        b, h, b.clauses[entry_id], downloads.clause_files(h, entry_id, pdf_enabled())),
    "fiche_texte": lambda b, h, entry_id: watch.text_card(b, h, b.veille[entry_id], text_rates(b, h, entry_id)),
    "fiche_retour": lambda b, h, entry_id: entries.retour_card(b, h, b.retours[entry_id]),
    "acteurs": entries.actors_by_type,
    "familles": guide.families_overview,
    "telechargements": lambda b, h: downloads.downloads(b, h, pdf_enabled()),
    "donnees_ouvertes": downloads.open_data,
    "entreprises": suppliers.suppliers,
}
WITHOUT_TOOLTIPS = {"glossaire": lambda b, _here: entries.glossary(b),
                    "calculateur": calculator_page,
                    "preparer_marche": lambda b, h: prepare_page(b, h, pdf_enabled())}  # no tooltip inside form labels  # the glossary itself holds the definitions


def define_env(env):
    try:
        base = load_base(data_root())
        if base.drafts and not drafts_allowed():
            raise InvalidData(base.drafts)
    except InvalidData as exc:
        from mkdocs.exceptions import PluginError
        raise PluginError(exc.report()) from None
    env.variables["base"] = base
    pages.write_stubs(Path(env.conf["docs_dir"]), base)  # before the generator lists docs/
    terms = tooltips.glossary_matcher(base)

    def here():
        return env.page.url if env.page else ""

    def bind(name, func, annotate):
        def call(*args, **kwargs):
            html = func(base, here(), *args, **kwargs)
            return tooltips.annotate(html, terms) if annotate else html
        env.macro(call, name)

    for name, func in MACROS.items():
        bind(name, func, True)
    for name, func in WITHOUT_TOOLTIPS.items():
        bind(name, func, False)
    env.macro(lambda: french_date(base.today), "date_edition")
    env.macro(lambda kind: len(getattr(base, kind)), "compte")


def on_post_build(env):
    from mkdocs.exceptions import PluginError

    from .derive import DEFAULT_URL, DeriveError, write_outputs
    try:
        write_outputs(Path(env.conf["site_dir"]), env.variables["base"], env.conf.get("site_url") or DEFAULT_URL,
                      pdf_enabled(), data_root())
    except DeriveError as exc:
        raise PluginError(str(exc)) from None
