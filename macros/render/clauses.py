"""Clauses: card, wording with highlighted placeholders, text to copy, compact lists."""
from __future__ import annotations

from ..model import PLACEHOLDER_RE, Base, clause_order, segment_title
from ..outputs import entry_url
from .history import history_of, version_line
from .html import (
    attr_text,
    block,
    bullet_list,
    escape,
    family_links,
    href,
    link,
    one_line,
    paragraphs,
)
from .labels import DOCUMENTS, LEVELS, STEPS
from .obligations import clause_figures
from .watch import status_badge, text_label
from .withdrawn import folded_list, notice


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
        label = link(here, entry_url('veille', text['id']), text_label(text))
        art = f", {escape(ref['articles'])}" if ref.get("articles") else ""
        items.append(f"<li>{label}{art} {status_badge(status)}</li>")
    return "<ul>" + "".join(items) + "</ul>"

def clause_card(base: Base, here: str, clause: dict, files: str = "") -> str:
    """Everything about one clause: its own page (clauses/<id>/)."""
    cid = escape(clause["id"])
    used = base.retours_for_clause(clause["id"])
    used_html = ("<dt>Retours d'expérience sur la même démarche</dt><dd><ul>" + "".join(
        f"<li>{link(here, entry_url('retours', r['id']), r['titre'])}</li>" for r in used) + "</ul></dd>") if used else ""
    fam = base.familles[clause["familles"][0]]
    segment = segment_title(fam, clause["segment"])
    return block(f"""<article class="clause fiche" id="{cid}">
<h1 data-pagefind-weight="10">{escape(clause['titre'])}</h1>
{notice(base, here, "clauses", clause)}
<p class="clause-meta" data-pagefind-weight="3"><span class="niveau niveau-{escape(clause['niveau'])}">{LEVELS[clause['niveau']]}</span> <span>{STEPS[clause['etape']]}</span> · <span>{escape(DOCUMENTS[clause['document']])}</span> · <span>{family_links(base, here, clause['familles'])}</span>{f" · <span>{escape(segment)}</span>" if segment else ""}</p>
<p class="identifiant-citation" data-search-exclude>Identifiant (pour citer cette clause) : <code class="identifiant">{cid}</code></p>
{version_line(clause)}
{files}
<div class="redaction-bloc"><h2 id="redaction">Rédaction type</h2><p><button type="button" class="bouton-copier md-button" data-search-exclude data-copie="{attr_text(copy_text(clause))}" hidden>Copier la clause et ses moyens de preuve</button></p>
<blockquote class="redaction">{wording(clause['redaction'])}</blockquote>{clause_figures(base, here, clause['id'])}</div>
<h2 id="pour-l-acheteur">Notes pour l'acheteur</h2>
<dl class="clause-details">
<dt>Objectif</dt><dd data-pagefind-weight="2">{paragraphs(clause['objectif'])}</dd>
<dt>Moyens de preuve</dt><dd>{bullet_list(clause['preuves'])}</dd>
<dt>Points de vigilance</dt><dd>{bullet_list(clause['vigilance'])}</dd>
<dt>Indicateurs de suivi</dt><dd>{bullet_list(clause['indicateurs'])}</dd>
<dt>Base juridique</dt><dd>{legal_basis(base, here, clause)}</dd>
{used_html}</dl>
{history_of(base, 'clauses', clause)}
</article>""")


def clause_summary(here: str, clause: dict, heading: int | None = None) -> str:
    """Compact entry for lists: title, step, document, level, one line. Its id keeps old anchors working
    (site.js sends `page/#<id>` to the clause's own page: the first link of an element marked data-redirige). `heading`: the title's level
    where the list has a heading above it at the level before (clause finder), else a paragraph."""
    cid = escape(clause["id"])
    tag = f"h{heading}" if heading else "p"
    url = href(here, entry_url("clauses", clause["id"]))
    return (f'<article class="clause resume-clause" id="{cid}" data-redirige '
            f'data-familles="{escape(" ".join(clause["familles"]))}" data-segment="{escape(clause["familles"][0] + "/" + clause["segment"])}" '
            f'data-etape="{escape(clause["etape"])}" data-document="{escape(clause["document"])}" '
            f'data-niveau="{escape(clause["niveau"])}">'
            f'<{tag} class="resume-titre"><a href="{url}">{escape(clause["titre"])}</a></{tag}>'
            f'<p class="clause-meta"><span class="niveau niveau-{escape(clause["niveau"])}">{LEVELS[clause["niveau"]]}</span> '
            f'{STEPS[clause["etape"]]} · {escape(DOCUMENTS[clause["document"]])}</p>'
            f'<p class="resume-ligne">{escape(one_line(clause["objectif"]))}</p></article>')


def clause_summaries(here: str, clauses) -> str:
    return block("<div class=\"resumes\" data-search-exclude>" + "".join(
        clause_summary(here, c) for c in sorted(clauses, key=clause_order)) + "</div>")


def clauses_by_family(base: Base, here: str) -> str:
    """Library: per family, per segment, compact summaries linking to each clause's page."""
    out = []
    for fam in base.families_ordered():
        clauses = base.clauses_filed_under(fam["id"])
        if not clauses:
            continue
        out.append(f"\n\n## {escape(fam['titre'])} {{: #clauses-{fam['id']} }}\n\n")
        for seg in fam["segments"]:
            group = [c for c in clauses if c["segment"] == seg["id"]]
            if group:
                out.append(f"\n\n### {escape(seg['titre'])} {{: #clauses-{fam['id']}-{seg['id']} }}\n\n")
                out.append(clause_summaries(here, group))
    return "".join(out) + folded_list(base, here, "clauses")


def clause_links(here: str, clauses) -> str:
    return "<ul class=\"liste-clauses\">" + "".join(
        f"<li>{link(here, entry_url('clauses', c['id']), c['titre'])} <span class=\"niveau niveau-{escape(c['niveau'])}\">"
        f"{LEVELS[c['niveau']]}</span> — {STEPS[c['etape']]}, {escape(DOCUMENTS[c['document']])}</li>"
        for c in sorted(clauses, key=clause_order)) + "</ul>"

def clauses_by_step(base: Base, here: str) -> str:
    parts = []
    for step, label in STEPS.items():
        clauses = [c for c in base.clauses.values() if c["etape"] == step]
        if clauses:
            parts.append(f"<h3>{label}</h3>" + clause_links(here, clauses))
    return block("".join(parts))
