"""Where outputs live in the built site: entry pages, downloads, PDFs, feeds, open data, search index.

`render/` reads these addresses to link to the outputs; the writers (pages, packs, pdf, opendata, feeds, derive)
write there. Neither side imports the other.
"""
from __future__ import annotations

# kind → folder of its pages under docs/ and in the site
ENTRY_PAGES = {"clauses": "clauses", "veille": "veille", "retours": "retours"}

DOWNLOADS = "telechargements"
FORMATS = ("odt", "docx")  # clause files for tender documents
KIT_FORMATS = ("ods", "xlsx", "ics")  # a clause's reporting kit: two workbooks and its deadlines
PREPARE_CLAUSES = "telechargements/clauses-preparer.json"
PREPARE_DATA = "telechargements/preparer.json"  # obligations, clauses and labels « Préparer mon marché » reasons on
KIT_DATA = "telechargements/suivi-indicateurs.json"  # indicator rows of every clause, for « Préparer mon marché »  # wordings « Préparer mon marché » puts in a dossier
PDF_FOLDER = "pdf"
ATOM_FEED = "veille.xml"
CHANGES_FEED = "flux/modifications.xml"  # every new version of a clause, text or case
WHATS_NEW = "quoi-de-neuf/"
FEED_STYLE = "assets/veille-flux.css"  # how the feed reads in a browser (from the feed's own address)
CALENDAR = "echeancier.ics"
HEADERS_FILE = "_headers"  # security headers for hosts that read it (Netlify, Cloudflare Pages…)
NGINX_FILE = "_nginx-securite.conf"  # the same headers for an nginx server
OPEN_DATA = "donnees"
OPEN_DATA_SEPARATOR = " | "  # lists of texts in a CSV cell; lists of objects are written as JSON
OPEN_LICENCE = {"name": "etalab-2.0", "title": "Licence Ouverte / Open Licence 2.0",
                "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"}
SEARCH_FOLDER = "pagefind"  # the search index, in parts fetched by the search page (macros/search.py)


def entry_url(kind: str, entry_id: str) -> str:
    return f"{ENTRY_PAGES[kind]}/{entry_id}/"


def file_path(kind: str, slug: str, fmt: str) -> str:
    """Address of a clause file or pack: telechargements/clauses/<id>.odt, telechargements/paquets/<slug>.docx…"""
    return f"{DOWNLOADS}/{kind}/{slug}.{fmt}"


def family_feed(family: str) -> str:
    """New versions of the clauses of one family."""
    return f"flux/clauses-{family}.xml"


def kit_path(clause_id: str, fmt: str) -> str:
    """A clause's reporting kit: telechargements/suivi/<id>.ods, .xlsx, .ics."""
    return f"{DOWNLOADS}/suivi/{clause_id}.{fmt}"


def indicator_csv(snapshot_id: str) -> str:
    """The values of a snapshot of the observatory, as a table."""
    return f"{OPEN_DATA}/indicateurs/{snapshot_id}.csv"


def pdf_path(slug: str) -> str:
    return f"{PDF_FOLDER}/{slug}.pdf"

