"""Filter forms (clause finder, regulatory watch): hidden without JavaScript, where the full list stays readable.

Each control is named after its address parameter (`?famille=…&etape=…`): site.js restores the filters from the
address and writes them back (history.replaceState), so a filtered view can be shared. The count is a live
region outside the form: without JavaScript it states the length of the complete list.
"""
from __future__ import annotations

import unicodedata

from ..model import Base, clause_order
from .clauses import clause_summary
from .html import block, escape
from .labels import DOCUMENTS, LEVELS, STATUS_LABELS, STEPS, format_number

# Material opens its search dialog when the address holds `q` and highlights with `h`: words go in `mots`.
WORDS_PARAM = "mots"


def _select(param: str, attribute: str, label: str, all_label: str, options) -> str:
    opts = "".join(f'<option value="{escape(v)}">{escape(t)}</option>' for v, t in options)
    return (f'<div class="filtre"><label for="filtre-{attribute}">{label}</label>'
            f'<select id="filtre-{attribute}" name="{param}" data-filtre="{attribute}">'
            f'<option value="">{all_label}</option>{opts}</select></div>')


def filter_form(target: str, selects, text_label: str, noun: tuple[str, str], total: int, form_label: str) -> str:
    """The filter form (hidden without scripts by site.css, `scripting: none`: no shift when the script starts) and the count, a live region read without it too.

    selects: (address parameter, data-* attribute of the items, label, label of the empty choice, options)."""
    one, many = noun
    text = (f'<div class="filtre filtre-texte"><label for="filtre-texte">{text_label}</label>'
            f'<input type="search" id="filtre-texte" name="{WORDS_PARAM}" data-filtre="texte" autocomplete="off"></div>')
    count_id = f"compte-{target.split('.')[-1]}"
    form = (f'<form class="filtres" data-cible="{target}" data-compte="{count_id}" role="search" '
            f'aria-label="{form_label}">' + "".join(_select(*s) for s in selects) + text
            + '<button type="reset" class="md-button">Réinitialiser</button></form>')
    count = (f'<p class="compte-resultats" id="{count_id}" role="status" aria-live="polite" '
             f'data-singulier="{one}" data-pluriel="{many}">{format_number(total)} {many if total > 1 else one}</p>')
    return block(form + count)


def clause_finder(base: Base, here: str) -> str:
    """Every clause, grouped by the family that files it (h2), each title an h3; the form filters them."""
    families = base.families_ordered()
    groups, shown = [], 0
    for fam in families:
        clauses = sorted(base.clauses_filed_under(fam["id"]), key=clause_order)
        if clauses:
            shown += len(clauses)
            groups.append(f"\n\n## {escape(fam['titre'])} {{: #famille-{fam['id']} }}\n\n")
            groups.append(block('<div class="groupe resumes" data-search-exclude>'
                                + "".join(clause_summary(here, c, heading=3) for c in clauses) + "</div>"))
    form = filter_form("article.clause", [
        ("famille", "familles", "Famille", "Toutes les familles", [(f["id"], f["titre_court"]) for f in families]),
        ("segment", "segment", "Segment d'achat", "Tous les segments",
         [(f"{f['id']}/{s['id']}", f"{f['titre_court']} — {s['titre']}") for f in families for s in f["segments"]]),
        ("etape", "etape", "Étape", "Toutes les étapes", list(STEPS.items())),
        ("document", "document", "Document du marché", "Tous les documents", list(DOCUMENTS.items())),
        ("niveau", "niveau", "Niveau", "Tous les niveaux", list(LEVELS.items())),
    ], "Mots du titre ou du résumé", ("clause", "clauses"), shown, "Filtrer les clauses")
    return form + "".join(groups)


def watch_filters(base: Base) -> str:
    families = [(f["id"], f["titre_court"]) for f in base.families_ordered()]
    natures = sorted({t["nature"] for t in base.veille.values()}, key=lambda n: (unicodedata.normalize("NFD", n), n))  # décret before directive
    return filter_form("article.texte-veille", [
        ("famille", "familles", "Famille", "Toutes les familles", families),
        ("nature", "nature", "Nature", "Toutes les natures", [(n, n.capitalize()) for n in natures]),
        ("statut", "statut", "Statut", "Tous les statuts", list(STATUS_LABELS.items())),
    ], "Mots du titre ou du texte", ("texte", "textes"), len(base.veille), "Filtrer les textes")
