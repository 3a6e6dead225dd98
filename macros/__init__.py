"""mkdocs-macros entry point: load and validate data once, expose renderers to pages."""
from __future__ import annotations

import os
from pathlib import Path

from . import render
from .errors import InvalidData
from .model import french_date, load_base

ROOT = Path(__file__).resolve().parent.parent
ROOT_ENV = "ACHATS_RACINE"  # another folder holding data/ (tests, benchmark)


def data_root() -> Path:
    return Path(os.environ.get(ROOT_ENV) or ROOT)


def pdf_enabled() -> bool:
    return os.environ.get("ACHATS_PDF") == "1"


def define_env(env):
    try:
        base = load_base(data_root())
    except InvalidData as exc:
        from mkdocs.exceptions import PluginError
        raise PluginError(exc.report()) from None
    env.variables["base"] = base

    def here():
        return env.page.url if env.page else ""

    terms = render.glossary_matcher(base)

    def bind(name, func, tooltips=True):
        def call(*args, **kwargs):
            html = func(base, here(), *args, **kwargs)
            return render.annotate(html, terms) if tooltips else html
        env.macro(call, name)

    bind("guide", lambda b, h, family: render.guide(b, h, family, pdf_enabled()))
    bind("bibliotheque", render.clauses_by_family)
    bind("veille", render.watch_timeline)
    bind("echeancier", render.schedule)
    bind("prochaines_echeances", render.upcoming)
    bind("dernieres_entrees", render.latest_texts)
    bind("entrees_en_vigueur_recentes", render.recent)
    bind("retours", render.retours_by_family)
    bind("acteurs", render.actors_by_type)
    bind("glossaire", render.glossary, tooltips=False)
    bind("familles", render.families_overview)
    bind("trouver_clause", render.clause_finder)
    bind("clauses_par_etape", render.clauses_by_step)
    bind("telechargements", lambda b, h: render.downloads(b, h, pdf_enabled()))
    bind("filtres_veille", render.watch_filters)
    env.macro(lambda: french_date(base.today), "date_edition")
    env.macro(lambda kind: len(getattr(base, kind)), "compte")


def on_post_build(env):
    """Files derived from the data and the built pages: search index folding, feeds, PDFs, headers."""
    from . import feeds, headers, search_index
    base = env.variables["base"]
    site = Path(env.conf["site_dir"])
    url = env.conf.get("site_url") or "http://127.0.0.1:8000/"
    index = site / "search" / "search_index.json"
    if index.exists():
        search_index.add_folded_words(index)
    (site / "veille.xml").write_bytes(feeds.atom(base, url))
    (site / "echeancier.ics").write_bytes(feeds.calendar(base, url))
    if pdf_enabled():
        from mkdocs.exceptions import PluginError

        from . import pdf
        try:
            made = pdf.build_pdfs(base, site, url, data_root())
        except pdf.PdfError as exc:
            raise PluginError(str(exc)) from None
        render.fill_download_sizes(site / "telechargements" / "index.html", made)
    headers.write_headers_file(site)  # last: hashes are taken from the final pages
