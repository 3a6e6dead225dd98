"""Settings read from the environment, in one place: the commands, the page writer, the post-build step and the
generator glue read them here (README.md lists them)."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
ROOT_ENV = "ACHATS_RACINE"  # another folder holding data/ (tests, benchmark)
DATE_ENV = "ACHATS_DATE_REFERENCE"
PDF_ENV = "ACHATS_PDF"
PREVIEW_ENV = "ACHATS_BROUILLON"  # set by `make serve`
URL_ENV = "SITE_URL"
HOST_ENV = "ACHATS_HEBERGEUR"  # who hosts the published site: a setting of the deployment
REPOSITORY_ENV = "ACHATS_DEPOT"  # the project's repository (https://github.com/…), for its issue forms
PARALLEL_ENV = "ACHATS_PARALLELE"  # "0": every derived file made in this process (macros/forked.py)
DEFAULT_URL = "http://127.0.0.1:8000/"  # `make serve` only: any other build must be given the public address
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1", "0.0.0.0")


def data_root() -> Path:
    return Path(os.environ.get(ROOT_ENV) or ROOT)


def pdf_enabled() -> bool:
    return os.environ.get(PDF_ENV) == "1"


def preview() -> bool:
    """`make serve`: a preview, rebuilt at each edit. It shows entries still holding « À compléter » (every other
    build refuses them) and leaves out the files made from the data alone (feed, calendar, open data), as it
    leaves out the PDFs, to show an edit sooner."""
    return os.environ.get(PREVIEW_ENV) == "1"


def reference_date() -> dt.date:
    """Build date; tests fix it with ACHATS_DATE_REFERENCE=AAAA-MM-JJ."""
    value = os.environ.get(DATE_ENV)
    return dt.date.fromisoformat(value) if value else dt.date.today()


def site_url() -> str:
    return os.environ.get(URL_ENV) or DEFAULT_URL


def is_loopback(url: str) -> bool:
    host = (urlparse(url or "").hostname or "").lower()
    return host in LOOPBACK_HOSTS or host.startswith("127.")


def url_problem(url: str) -> str | None:
    """Why a build cannot carry this address in its feed, calendar, sitemap and PDFs (None: it can). A preview
    (`make serve`) may use the loopback address; every other build needs the site's public one."""
    parsed = urlparse(url or "")
    if parsed.scheme in ("http", "https") and parsed.hostname and not is_loopback(url):
        return None
    return (f"Adresse publique du site attendue (https://…), trouvé « {url or 'rien'} ». Le flux, le calendrier, le plan "
            f"du site et les PDF portent cette adresse : donnez-la avec {URL_ENV}, par exemple "
            f"{URL_ENV}=https://exemple.fr/achats-circulaires/ make build (make serve, seul, s'en passe).")


def in_ci() -> bool:
    return bool(os.environ.get("CI"))


def parallel_allowed() -> bool:
    """False when ACHATS_PARALLELE=0 (the one switch for all parallel work)."""
    return os.environ.get(PARALLEL_ENV, "1") != "0"


# who publishes (mission brief, ../shared/context/): the legal notice, the accessibility statement and the contact
PUBLISHER = {
    "nom": "groupement d'intérêt public (GIP) Maximilien",
    "site": "https://www.maximilien.fr/",
    "courriel": "contact@maximilien.fr",
    "directeur": "la directrice ou le directeur du GIP Maximilien",
}
DEFAULT_HOST = "GitHub Pages, service de la société GitHub, Inc. (États-Unis), https://pages.github.com/"


def publisher() -> dict:
    """The publisher's details and the host of this deployment (ACHATS_HEBERGEUR, GitHub Pages by default)."""
    return {**PUBLISHER, "hebergeur": os.environ.get(HOST_ENV) or DEFAULT_HOST}


def repository() -> str | None:
    """The repository whose issue forms take corrections (none: corrections go to the mission by e-mail)."""
    url = os.environ.get(REPOSITORY_ENV, "")
    return url if url.startswith("https://") else None
