"""Filter forms (clause finder, regulatory watch): hidden without JavaScript, the full list stays readable."""
from __future__ import annotations

from ..model import Base
from .clauses import clause_order, clause_summary
from .html import block, escape
from .labels import DOCUMENTS, LEVELS, STATUS_LABELS, STEPS


def _select(name: str, label: str, options) -> str:
    opts = "".join(f'<option value="{escape(v)}">{escape(t)}</option>' for v, t in options)
    return (f'<div class="filtre"><label for="filtre-{name}">{label}</label>'
            f'<select id="filtre-{name}" data-filtre="{name}"><option value="">Toutes</option>{opts}</select></div>')

def filter_form(target: str, selects, text_label: str | None = None) -> str:
    """A filter form, hidden until the script enables it; the full list stays readable without it."""
    text = (f'<div class="filtre filtre-texte"><label for="filtre-texte">{text_label}</label>'
            f'<input type="search" id="filtre-texte" data-filtre="texte" autocomplete="off"></div>') if text_label else ""
    return block(f'<form class="filtres" data-cible="{target}" role="search" aria-label="Filtrer la liste" hidden>'
                 + "".join(_select(*s) for s in selects) + text
                 + '<button type="reset" class="md-button">Réinitialiser</button>'
                 + '<p class="compte-resultats" aria-live="polite" role="status"></p></form>')

def clause_finder(base: Base, here: str) -> str:
    families = [(f["id"], f["titre_court"]) for f in base.families_ordered()]
    form = filter_form("article.clause", [
        ("familles", "Famille", families),
        ("segment", "Segment", [(f"{f['id']}/{s['id']}", f"{f['titre_court']} — {s['titre']}")
                                for f in base.families_ordered() for s in f["segments"]]),
        ("etape", "Étape", list(STEPS.items())),
        ("document", "Document", [(k, v) for k, v in DOCUMENTS.items()]),
        ("niveau", "Niveau", list(LEVELS.items())),
    ], "Mots du titre ou du résumé")
    cards = [clause_summary(here, c) for fam in base.families_ordered()
             for c in sorted(base.clauses_filed_under(fam["id"]), key=clause_order)]
    return form + block(f'<p class="compte-total">{len(cards)} clauses dans la bibliothèque.</p>') + block('<div class="resumes" data-search-exclude>' + "".join(cards) + "</div>")

def watch_filters(base: Base) -> str:
    families = [(f["id"], f["titre_court"]) for f in base.families_ordered()]
    natures = sorted({t["nature"] for t in base.veille.values()})
    return filter_form("article.texte-veille", [
        ("familles", "Famille", families),
        ("nature", "Nature", [(n, n.capitalize()) for n in natures]),
        ("statut", "Statut", list(STATUS_LABELS.items())),
    ], "Mots du titre ou du texte")
