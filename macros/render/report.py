"""« Signaler une erreur ou proposer une modification » at the foot of each entry page: the repository's issue form,
pre-filled with the entry, when the deployment names its repository (ACHATS_DEPOT); otherwise an e-mail to the
mission. The form's fields are named after the schemas (.github/ISSUE_TEMPLATE/, tests/test_formulaires.py)."""
from __future__ import annotations

from urllib.parse import quote, urlencode

from ..settings import publisher, repository
from .html import escape

FORM = "correction.yml"


def report_link(kind: str, entry_id: str, title: str) -> str:
    entry = f"{kind}/{entry_id}"
    repo = repository()
    if repo:
        query = urlencode({"template": FORM, "title": f"Correction : {title}", "fiche": entry}, quote_via=quote)
        url = f"{repo.rstrip('/')}/issues/new?{query}"
    else:
        url = f"mailto:{publisher()['courriel']}?" + urlencode({"subject": f"Correction : {title} ({entry})"}, quote_via=quote)
    return f'<p class="signaler" data-search-exclude><a href="{escape(url)}">Signaler une erreur ou proposer une modification</a></p>'
