"""Clauses: card, wording with highlighted placeholders, text to copy, compact lists."""
from __future__ import annotations

import re

from ..model import Base
from .html import (
    PAGES,
    attr_text,
    block,
    bullet_list,
    escape,
    family_links,
    href,
    link,
    paragraphs,
    permalink,
)
from .labels import DOCUMENTS, LEVELS, STEPS, french_date
from .watch import status_badge, text_label

PLACEHOLDER_RE = re.compile(r"\[([^\[\]\n]{1,200})\]")


def wording(text: str) -> str:
    html = paragraphs(text)
    return PLACEHOLDER_RE.sub(lambda m: f'<mark class="a-adapter">[{m.group(1)}]</mark>', html)

def copy_text(clause: dict) -> str:
    proofs = "\n".join(f"- {p}" for p in clause["preuves"])
    return f"{clause['titre']}\n\n{clause['redaction'].strip()}\n\nMoyens de preuve :\n{proofs}\n"

def legal_basis(base: Base, here: str, clause: dict) -> str:
    items = []
    for ref in clause["base_juridique"]:
        text = base.veille[ref["texte"]]
        status = base.status(text["id"])
        label = link(here, PAGES["veille"], text_label(text), text["id"])
        art = f", {escape(ref['articles'])}" if ref.get("articles") else ""
        items.append(f"<li>{label}{art} {status_badge(status)}</li>")
    return "<ul>" + "".join(items) + "</ul>"

def clause_card(base: Base, here: str, clause: dict) -> str:
    cid = escape(clause["id"])
    used = base.retours_for_clause(clause["id"])
    used_html = ("<dt>Retours d'expérience sur la même démarche</dt><dd><ul>" + "".join(
        f"<li>{link(here, PAGES['retour'], r['titre'], r['id'])}</li>" for r in used) + "</ul></dd>") if used else ""
    return block(f"""<article class="clause" data-familles="{escape(' '.join(clause['familles']))}" data-etape="{escape(clause['etape'])}" data-document="{escape(clause['document'])}" data-niveau="{escape(clause['niveau'])}">
<h3 id="{cid}">{escape(clause['titre'])}{permalink(clause['id'])}</h3>
<p class="clause-meta"><span class="niveau niveau-{escape(clause['niveau'])}">{LEVELS[clause['niveau']]}</span> <span>{STEPS[clause['etape']]}</span> · <span>{escape(DOCUMENTS[clause['document']])}</span> · <span>{family_links(base, here, clause['familles'])}</span> · <a class="lien-permanent" href="{href(here, PAGES['clause'], clause['id'])}" aria-label="Lien permanent : {cid}"><code class="identifiant">{cid}</code></a></p>
<div class="redaction-bloc"><p class="redaction-titre">Rédaction type <button type="button" class="bouton-copier md-button" data-copie="{attr_text(copy_text(clause))}" hidden>Copier la clause et ses moyens de preuve</button></p>
<blockquote class="redaction">{wording(clause['redaction'])}</blockquote></div>
<dl class="clause-details">
<dt>Objectif</dt><dd>{paragraphs(clause['objectif'])}</dd>
<dt>Moyens de preuve</dt><dd>{bullet_list(clause['preuves'])}</dd>
<dt>Points de vigilance</dt><dd>{bullet_list(clause['vigilance'])}</dd>
<dt>Indicateurs de suivi</dt><dd>{bullet_list(clause['indicateurs'])}</dd>
<dt>Base juridique</dt><dd>{legal_basis(base, here, clause)}</dd>
{used_html}</dl>
<p class="revue" data-search-exclude>Dernière revue : <time datetime="{escape(clause['derniere_revue'])}">{french_date(clause['derniere_revue'])}</time></p>
</article>""")

def clauses_by_family(base: Base, here: str) -> str:
    out = []
    for fam in base.families_ordered():
        clauses = base.clauses_filed_under(fam["id"])
        if not clauses:
            continue
        out.append(f"\n\n## {escape(fam['titre'])} {{: #clauses-{fam['id']} }}\n\n")
        out += [clause_card(base, here, c) for c in sorted(clauses, key=clause_order)]
    return "".join(out)

def clause_order(clause: dict):
    return (0 if clause["niveau"] == "socle" else 1, list(STEPS).index(clause["etape"]), clause["titre"])

def clause_links(here: str, clauses) -> str:
    return "<ul class=\"liste-clauses\">" + "".join(
        f"<li>{link(here, PAGES['clause'], c['titre'], c['id'])} <span class=\"niveau niveau-{escape(c['niveau'])}\">"
        f"{LEVELS[c['niveau']]}</span> — {STEPS[c['etape']]}, {escape(c['document'])}</li>"
        for c in sorted(clauses, key=clause_order)) + "</ul>"

def clauses_by_step(base: Base, here: str) -> str:
    parts = []
    for step, label in STEPS.items():
        clauses = [c for c in base.clauses.values() if c["etape"] == step]
        if clauses:
            parts.append(f"<h3>{label}</h3>" + clause_links(here, clauses))
    return block("".join(parts))
