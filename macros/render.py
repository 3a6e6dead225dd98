"""Model → HTML/Markdown fragments. Every data value goes through escape(); nothing is re-templated."""
from __future__ import annotations

import datetime as dt
import posixpath
import re
from itertools import groupby

from markupsafe import Markup
from markupsafe import escape as html_escape

from .model import (ACTOR_TYPES, BUYER_TYPES, DOCUMENTS, LEVELS, STATUS_LABELS, STEPS, Base, french_date,
                    sort_key_text)

PAGES = {"clause": "bibliotheque/", "veille": "veille/", "retour": "retours/"}


def escape(value) -> Markup:
    """HTML-escape, and neutralise template braces so that no later pass can evaluate them."""
    return html_escape(value).replace("{", Markup("&#123;")).replace("}", Markup("&#125;"))


PLACEHOLDER_RE = re.compile(r"\[([^\[\]\n]{1,200})\]")


def family_page(family_id: str) -> str:
    return f"familles/{family_id}/"


def href(here: str, target: str, anchor: str = "") -> str:
    """Relative link from page URL `here` to page URL `target` (directory URLs)."""
    start = posixpath.dirname(here.rstrip("/") + "/x") if here else "."
    path = posixpath.relpath(target.rstrip("/") or ".", start or ".")
    path = "./" if path == "." else path + "/"
    return str(escape(path + (f"#{anchor}" if anchor else "")))


def link(here, target, label, anchor="") -> str:
    return f'<a href="{href(here, target, anchor)}">{escape(label)}</a>'


def external(url: str, label: str) -> str:
    return f'<a href="{escape(url)}" rel="noopener" class="lien-externe">{escape(label)}</a>'


def paragraphs(text: str) -> str:
    parts = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), Markup('<br>'))}</p>" for p in parts)


def bullet_list(items) -> str:
    return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"


def attr_text(text: str) -> str:
    """Escaped attribute value keeping line breaks."""
    return str(escape(text)).replace("\n", "&#10;")


def block(html: str) -> str:
    """A raw HTML block, separated for Markdown."""
    return "\n\n" + html.replace("\n\n", "\n") + "\n\n"


def permalink(anchor: str) -> str:
    return f'<a class="headerlink" href="#{escape(anchor)}" title="Lien vers cette entrée">¶</a>'


def status_badge(status: str) -> str:
    return f'<span class="statut statut-{status}">{STATUS_LABELS[status]}</span>'


def text_label(text: dict) -> str:
    return text.get("titre_court") or text["titre"]


def family_links(base: Base, here: str, ids) -> str:
    return ", ".join(link(here, family_page(f), base.familles[f]["titre_court"]) for f in ids)


# Clauses ---------------------------------------------------------------------

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


def clause_links(base: Base, here: str, clauses) -> str:
    return "<ul class=\"liste-clauses\">" + "".join(
        f"<li>{link(here, PAGES['clause'], c['titre'], c['id'])} <span class=\"niveau niveau-{escape(c['niveau'])}\">"
        f"{LEVELS[c['niveau']]}</span> — {STEPS[c['etape']]}, {escape(c['document'])}</li>"
        for c in sorted(clauses, key=clause_order)) + "</ul>"


# Regulatory watch --------------------------------------------------------------

def reference_line(text: dict) -> str:
    ref = text["reference"]
    parts = []
    if ref.get("numero"):
        parts.append(f"n° {escape(ref['numero'])}")
    if ref.get("date"):
        parts.append(f"du {french_date(ref['date'])}")
    if ref.get("nor"):
        parts.append(f"NOR {escape(ref['nor'])}")
    if ref.get("celex"):
        parts.append(f"CELEX {escape(ref['celex'])}")
    if text.get("date_publication"):
        parts.append(f"publié le {french_date(text['date_publication'])}")
    links = [external(text["adresse"], "texte officiel")]
    if ref.get("eli"):
        links.append(external(ref["eli"], "ELI"))
    return " · ".join(parts + links)


def applications_list(base: Base, text: dict) -> str:
    today = base.today.isoformat()
    items = []
    for app in sorted(text["applications"], key=lambda a: a["date"]):
        state = "applicable depuis le" if app["date"] <= today else "à venir, le"
        who = f" <span class=\"concerne\">Concerne : {escape(app['concerne'])}</span>" if app.get("concerne") else ""
        items.append(f'<li><strong>{state} <time datetime="{escape(app["date"])}">{french_date(app["date"])}</time></strong> — '
                     f"{escape(app['objet'])}{who}</li>")
    return "<ul class=\"applications\">" + "".join(items) + "</ul>"


def figures_table(text: dict) -> str:
    rows = text.get("chiffres") or []
    if not rows:
        return ""
    body = ""
    for r in rows:
        flag = ' <span class="a-verifier">à vérifier</span>' if r.get("a_verifier") else ""
        body += (f"<tr><td>{escape(r['categorie'])}</td><td>{escape(r['indicateur'])}</td><td>{escape(r['periode'])}</td>"
                 f"<td class=\"nombre\">{escape(format_number(r['valeur']))} {escape(r['unite'])}{flag}</td>"
                 f"<td>{escape(r.get('article', ''))}</td></tr>")
    return ("<div class=\"tableau-defilant\" tabindex=\"0\" role=\"region\" aria-label=\"Chiffres du texte\"><table class=\"chiffres\">"
            "<thead><tr><th scope=\"col\">Catégorie</th><th scope=\"col\">Indicateur</th><th scope=\"col\">Période</th>"
            "<th scope=\"col\">Valeur</th><th scope=\"col\">Article</th></tr></thead>"
            f"<tbody>{body}</tbody></table></div>")


def format_number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",")


def repeal_line(base: Base, here: str, text: dict) -> str:
    parts = []
    if text.get("abroge_par"):
        new = base.veille[text["abroge_par"]]
        parts.append(f"<p class=\"abrogation\">Abrogé le {french_date(text['date_abrogation'])} et remplacé par "
                     f"{link(here, PAGES['veille'], text_label(new), new['id'])} : ses chiffres ne s'appliquent plus, "
                     f"reportez-vous au texte en vigueur.</p>")
    for old_id in text.get("abroge", []):
        old = base.veille[old_id]
        parts.append(f"<p class=\"abrogation\">Remplace {link(here, PAGES['veille'], text_label(old), old['id'])}.</p>")
    return "".join(parts)


def text_card(base: Base, here: str, text: dict, heading: int = 3) -> str:
    tid = escape(text["id"])
    status = base.status(text["id"])
    nxt = base.next_step(text["id"]) if status == "en-vigueur" else None
    nxt_html = f' <span class="prochaine">Prochaine étape : {french_date(nxt)}</span>' if nxt else ""
    articles = "".join(f"<li><strong>{escape(a['numero'])}</strong> — {escape(a['objet'])}</li>" for a in text["articles"])
    check = text["verification"]
    note = f" — {escape(check['note'])}" if check.get("note") else ""
    todo = (f"<p class=\"a-verifier\"><strong>À vérifier :</strong> {escape(text['a_verifier'])}</p>"
            if text.get("a_verifier") else "")
    return block(f"""<article class="texte-veille" data-familles="{escape(' '.join(text['familles']))}" data-nature="{escape(text['nature'])}" data-statut="{status}">
<h{heading} id="{tid}">{escape(text['titre'])}{permalink(text['id'])}</h{heading}>
<p class="texte-meta">{status_badge(status)}{nxt_html} <span class="nature">{escape(text['nature'].capitalize())}</span> · {family_links(base, here, text['familles'])} · <code class="identifiant">{tid}</code></p>
<div class="pour-acheteur"><p class="intitule">Ce qui change pour l'acheteur</p>{paragraphs(text['pour_acheteur'])}</div>
{repeal_line(base, here, text)}
<dl class="texte-details">
<dt>Référence officielle</dt><dd>{reference_line(text)}</dd>
<dt>Dates d'application</dt><dd>{applications_list(base, text)}</dd>
<dt>Articles utiles</dt><dd><ul>{articles}</ul></dd>
<dt>Résumé</dt><dd>{paragraphs(text['resume'])}</dd>
</dl>
{figures_table(text)}
{todo}
<p class="verification" data-search-exclude>Vérifié le {french_date(check['date'])} sur {external(check['source'], 'la source consultée')}{note}</p>
</article>""")


def watch_timeline(base: Base, here: str) -> str:
    texts = sorted(base.veille.values(), key=sort_key_text, reverse=True)
    out = []
    for year, group in groupby(texts, key=lambda t: sort_key_text(t)[:4]):
        out.append(f"\n\n## {year} {{: #annee-{year} }}\n\n")
        out += [text_card(base, here, t) for t in group]
    return "".join(out)


def obligations(base: Base, here: str, family_id: str) -> str:
    """Texts of the family first (with what changes for the buyer), then transversal texts, compact."""
    own, shared = [], []
    for text in base.texts_for(family_id):
        status = base.status(text["id"])
        label = (f"{status_badge(status)} <strong>{link(here, PAGES['veille'], text_label(text), text['id'])}</strong>")
        if family_id in text["familles"]:
            own.append(f"<li class=\"obligation\" data-statut=\"{status}\">{label} — {escape(text['pour_acheteur'])}</li>")
        else:
            shared.append(f"<li class=\"obligation\" data-statut=\"{status}\">{label}</li>")
    html = ""
    if own:
        html += "<ul class=\"obligations\">" + "".join(own) + "</ul>"
    if shared:
        html += ("<p class=\"intitule\">Textes transversaux, valables pour tous les marchés</p>"
                 "<ul class=\"obligations obligations-transversales\">" + "".join(shared) + "</ul>")
    return block(html or "<p>Aucun texte n'est encore recensé pour cette famille.</p>")


def schedule(base: Base, here: str, months_back: int = 12) -> str:
    today = base.today
    start = today.replace(year=today.year - 1) if months_back == 12 else today
    rows = [r for r in base.schedule() if r[0] >= start.isoformat()]
    if not rows:
        return block("<p>Aucune échéance sur la période.</p>")
    items = []
    for when, text, app in rows:
        state = "passee" if when <= today.isoformat() else "a-venir"
        who = f" — concerne : {escape(app['concerne'])}" if app.get("concerne") else ""
        items.append(f"<li class=\"echeance echeance-{state}\"><time datetime=\"{escape(when)}\">{french_date(when)}</time> — "
                     f"{escape(app['objet'])}{who} ({link(here, PAGES['veille'], text_label(text), text['id'])})</li>")
    return block("<ul class=\"echeancier\">" + "".join(items) + "</ul>")


def upcoming(base: Base, here: str, count: int = 5) -> str:
    rows = [r for r in base.schedule() if r[0] > base.today.isoformat()][:count]
    items = [f"<li><time datetime=\"{escape(w)}\">{french_date(w)}</time> — {escape(a['objet'])} "
             f"({link(here, PAGES['veille'], text_label(t), t['id'])})</li>" for w, t, a in rows]
    return block("<ul class=\"echeancier\">" + "".join(items) + "</ul>") if items else block("<p>Aucune échéance à venir recensée.</p>")


def recent(base: Base, here: str, days: int = 180) -> str:
    """Application dates reached in the last `days` days: what has just come into force."""
    start = (base.today - dt.timedelta(days=days)).isoformat()
    rows = [r for r in base.schedule() if start <= r[0] <= base.today.isoformat()]
    items = [f"<li><time datetime=\"{escape(w)}\">{french_date(w)}</time> — {escape(a['objet'])} "
             f"({link(here, PAGES['veille'], text_label(t), t['id'])})</li>" for w, t, a in reversed(rows)]
    return block("<ul class=\"echeancier\">" + "".join(items) + "</ul>") if items else block(
        "<p>Aucune entrée en vigueur ces six derniers mois.</p>")


def latest_texts(base: Base, here: str, count: int = 5) -> str:
    texts = sorted(base.veille.values(), key=sort_key_text, reverse=True)[:count]
    items = [f"<li>{status_badge(base.status(t['id']))} {link(here, PAGES['veille'], text_label(t), t['id'])} "
             f"— {french_date(sort_key_text(t))}</li>" for t in texts]
    return block("<ul class=\"dernieres-entrees\">" + "".join(items) + "</ul>")


# Case studies, actors, glossary ---------------------------------------------------

def retour_card(base: Base, here: str, retour: dict) -> str:
    rid = escape(retour["id"])
    if retour.get("illustratif"):
        origin = ("<p class=\"illustratif\"><strong>Exemple illustratif</strong> : cas construit pour illustrer la démarche ; "
                  "il ne décrit aucune organisation réelle et ses chiffres ne sont pas des résultats mesurés.</p>")
    else:
        check = retour.get("verification") or {}
        note = f" — {escape(check['note'])}" if check.get("note") else ""
        when = f", consultée le {french_date(check['date'])}" if check.get("date") else ""
        origin = f"<p class=\"source\" data-search-exclude>Source publique : {external(retour['source'], 'document de référence')}{when}{note}</p>"
    results = "".join(f"<li>{escape(r['indicateur'])} : <strong>{escape(format_number(r['valeur']))} {escape(r['unite'])}</strong></li>"
                      for r in retour["resultats"])
    results_html = f"<dt>Résultats</dt><dd><ul>{results}</ul></dd>" if results else ""
    clauses = [base.clauses[c] for c in retour["clauses"]]
    clauses_html = (f"<dt>Clauses de la bibliothèque pour la même démarche</dt><dd>{clause_links(base, here, clauses)}"
                    "<p class=\"source\">Rapprochement éditorial : l'acheteur n'a pas forcément employé ces rédactions.</p></dd>"
                    if clauses else "")
    buyer = retour["acheteur"]
    return block(f"""<article class="retour{' retour-illustratif' if retour.get('illustratif') else ''}" data-familles="{escape(retour['famille'])}">
<h3 id="{rid}">{'<span class="badge-illustratif">Exemple illustratif</span> ' if retour.get('illustratif') else ''}{escape(retour['titre'])}{permalink(retour['id'])}</h3>
<p class="retour-meta">{escape(buyer['nom'])} ({BUYER_TYPES[buyer['type']]}) · {escape(str(retour['annee']))} · {family_links(base, here, [retour['famille']])} · <code class="identifiant">{rid}</code></p>
{origin}
<dl class="retour-details">
<dt>Contexte</dt><dd>{paragraphs(retour['contexte'])}</dd>
{results_html}
<dt>Enseignements</dt><dd>{bullet_list(retour['enseignements'])}</dd>
{clauses_html}
</dl>
</article>""")


def retours_list(base: Base, here: str, family_id: str | None = None) -> str:
    items = [r for r in base.retours.values() if family_id in (None, r["famille"])]
    if not items:
        return block("<p>Aucun retour d'expérience n'est encore publié pour cette famille.</p>")
    items.sort(key=lambda r: (bool(r.get("illustratif")), -r["annee"], r["titre"]))
    return "".join(retour_card(base, here, r) for r in items)


def retours_by_family(base: Base, here: str) -> str:
    parts = []
    for fam in base.families_ordered():
        if any(r["famille"] == fam["id"] for r in base.retours.values()):
            parts.append(f"\n\n## {escape(fam['titre'])} {{: #retours-{fam['id']} }}\n\n")
            parts.append(retours_list(base, here, fam["id"]))
    return "".join(parts)


def actor_card(base: Base, here: str, actor: dict) -> str:
    aid = escape(actor["id"])
    return block(f"""<article class="acteur" data-familles="{escape(' '.join(actor['familles']))}">
<h3 id="{aid}">{escape(actor['nom'])}{permalink(actor['id'])}</h3>
<p class="acteur-meta">{ACTOR_TYPES[actor['type']]} · {family_links(base, here, actor['familles'])} · {external(actor['adresse'], 'site officiel')}</p>
{paragraphs(actor['role'])}
{f'<p class="a-verifier"><strong>À vérifier :</strong> {escape(actor["a_verifier"])}</p>' if actor.get("a_verifier") else ""}
</article>""")


def actors_list(base: Base, here: str, family_id: str | None = None) -> str:
    items = [a for a in base.acteurs.values()
             if family_id is None or family_id in a["familles"] or "transversal" in a["familles"]]
    if not items:
        return block("<p>Aucun acteur n'est encore recensé pour cette famille.</p>")
    items.sort(key=lambda a: (list(ACTOR_TYPES).index(a["type"]), a["nom"].lower()))
    return "".join(actor_card(base, here, a) for a in items)


def actors_by_type(base: Base, here: str) -> str:
    parts = []
    for kind, label in ACTOR_TYPES.items():
        actors = sorted((a for a in base.acteurs.values() if a["type"] == kind), key=lambda a: a["nom"].lower())
        if actors:
            parts.append(f"\n\n## {escape(label)} {{: #acteurs-{kind} }}\n\n")
            parts += [actor_card(base, here, a) for a in actors]
    return "".join(parts)


def glossary(base: Base, here: str) -> str:
    terms = sorted(base.glossaire.values(), key=lambda t: t["terme"].lower())
    items = []
    for t in terms:
        abbr = f" ({escape(t['abreviation'])})" if t.get("abreviation") else ""
        items.append(f"<dt id=\"{escape(t['id'])}\">{escape(t['terme'])}{abbr}</dt><dd>{paragraphs(t['definition'])}"
                     f"<p class=\"source\">Source : {external(t['source']['adresse'], t['source']['titre'])}</p></dd>")
    return block("<dl class=\"glossaire\">" + "".join(items) + "</dl>")


# Family guide ----------------------------------------------------------------------

def download_button(here: str, slug: str, enabled: bool) -> str:
    if not enabled:
        return block('<p class="telechargement-pdf">Version PDF : produite par la construction complète du site '
                     '(<code>make build</code>).</p>')
    return block(f'<p class="telechargement-pdf"><a class="md-button" href="{href(here, "pdf/" + slug + ".pdf").rstrip("/")}" '
                 f'download>Télécharger ce guide en PDF</a> '
                 f'{link(here, "telechargements/", "Tous les PDF")}</p>')


def unsearchable(html: str) -> str:
    """Cards shown again on a guide stay out of the search index: they are indexed on their own page."""
    return html.replace("<article ", "<article data-search-exclude ")


def guide(base: Base, here: str, family_id: str, pdf: bool = False) -> str:
    fam = base.familles[family_id]
    own = base.clauses_for(family_id)
    socle = [c for c in own if c["niveau"] == "socle"]
    transversal = [c for c in base.clauses_for("transversal")] if family_id != "transversal" else []
    key_figures = "".join(f"<li>{escape(k['texte'])} <span class=\"source\">({external(k['source']['adresse'], k['source']['titre'])})</span></li>"
                          for k in fam.get("chiffres_cles", []))
    levers = "".join(f"<h3>{escape(l['titre'])}</h3>{paragraphs(l['texte'])}" for l in fam["leviers"])
    scope = [s["titre"] for s in fam["segments"][1:]]  # the first segment is the whole family
    sub = f"<p class=\"sous-familles\">Périmètre : {escape(', '.join(scope))}.</p>" if scope else ""
    parts = [
        download_button(here, f"guide-{family_id}", pdf),
        block(f"<div class=\"chapeau\">{paragraphs(fam['description'])}{sub}</div>"),
        "\n\n## Enjeux\n\n", block(paragraphs("\n\n".join(fam["enjeux"])) + (f"<ul class=\"chiffres-cles\">{key_figures}</ul>" if key_figures else "")),
        "\n\n## Obligations\n\n",
        block(f"<p>Textes qui concernent cette famille, appréciés au {french_date(base.today)} : en vigueur d'abord, puis à venir, puis abrogés.</p>"),
        obligations(base, here, family_id),
        "\n\n## Leviers\n\n", block(levers),
        "\n\n## Clauses\n\n",
    ]
    if socle:
        parts.append(block("<div class=\"socle\"><p class=\"intitule\">Socle obligatoire : le minimum pour un marché conforme aujourd'hui</p>"
                           + clause_links(base, here, socle) + "</div>"))
    parts += [unsearchable(clause_card(base, here, c)) for c in sorted(own, key=clause_order)]
    if not own:
        parts.append(block("<p>Aucune clause n'est encore publiée pour cette famille.</p>"))
    if transversal:
        parts.append(block("<p>Clauses transversales, utiles dans tous les marchés :</p>" + clause_links(base, here, transversal)))
    parts += [
        "\n\n## Vérification\n\n", block(paragraphs("\n\n".join(fam["verification"]))),
        "\n\n## Suivi de l'exécution\n\n", block(paragraphs("\n\n".join(fam["suivi"]))),
        "\n\n## Retours d'expérience\n\n", unsearchable(retours_list(base, here, family_id)),
        "\n\n## Acteurs\n\n", unsearchable(actors_list(base, here, family_id)),
    ]
    return "".join(parts)


def clauses_by_step(base: Base, here: str) -> str:
    parts = []
    for step, label in STEPS.items():
        clauses = [c for c in base.clauses.values() if c["etape"] == step]
        if clauses:
            parts.append(f"<h3>{label}</h3>" + clause_links(base, here, clauses))
    return block("".join(parts))


def families_overview(base: Base, here: str) -> str:
    cards = []
    for fam in base.families_ordered():
        count = len(base.clauses_for(fam["id"]))
        cards.append(f"<li>{link(here, family_page(fam['id']), fam['titre'])} — {escape(fam['description'].split('. ')[0].rstrip('.'))}. "
                     f"<span class=\"compte\">{count} clause{'s' if count > 1 else ''}</span></li>")
    return block("<ul class=\"familles\">" + "".join(cards) + "</ul>")


# Filters (clause finder, regulatory watch) ---------------------------------------------

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
        ("etape", "Étape", list(STEPS.items())),
        ("document", "Document", [(k, v) for k, v in DOCUMENTS.items()]),
        ("niveau", "Niveau", list(LEVELS.items())),
    ], "Mots du titre ou du texte")
    cards = [clause_card(base, here, c) for fam in base.families_ordered()
             for c in sorted(base.clauses_filed_under(fam["id"]), key=clause_order)]
    return form + block(f'<p class="compte-total">{len(cards)} clauses dans la bibliothèque.</p>') + "".join(cards)


def watch_filters(base: Base, here: str) -> str:
    families = [(f["id"], f["titre_court"]) for f in base.families_ordered()]
    natures = sorted({t["nature"] for t in base.veille.values()})
    return filter_form("article.texte-veille", [
        ("familles", "Famille", families),
        ("nature", "Nature", [(n, n.capitalize()) for n in natures]),
        ("statut", "Statut", list(STATUS_LABELS.items())),
    ], "Mots du titre ou du texte")


# Downloads -------------------------------------------------------------------------

def downloads(base: Base, here: str, enabled: bool) -> str:
    if not enabled:
        return block("<p>Les PDF sont produits par la construction complète du site (<code>make build</code>) ; "
                     "cette prévisualisation ne les contient pas.</p>")
    from .pdf import documents  # WeasyPrint is slow to import: only when PDFs are made
    rows = "".join(
        f'<tr><td><a href="{href(here, "pdf/" + d.filename).rstrip("/")}" download>{escape(d.title)}</a></td>'
        f"<td>{escape(d.subtitle)}</td><td data-taille=\"{escape(d.slug)}\">—</td>"
        f"<td>{french_date(base.today)}</td></tr>" for d in documents(base))
    return block('<div class="tableau-defilant" tabindex="0" role="region" aria-label="Liste des PDF">'
                 "<table class=\"telechargements\"><thead><tr><th scope=\"col\">Document</th><th scope=\"col\">Contenu</th>"
                 "<th scope=\"col\">Taille</th><th scope=\"col\">Édition</th></tr></thead>"
                 f"<tbody>{rows}</tbody></table></div>")


def fill_download_sizes(page: "Path", made) -> None:
    """Write each PDF's size into the built downloads page (sizes are known only after generation)."""
    from babel.numbers import format_decimal
    html = page.read_text(encoding="utf-8")
    for doc, path in made:
        size = format_decimal(path.stat().st_size / 1_000_000, format="#,##0.0", locale="fr_FR") + " Mo"
        html = html.replace(f'data-taille="{doc.slug}">—<', f'data-taille="{doc.slug}">{size}<')
    page.write_text(html, encoding="utf-8")


# Glossary tooltips ---------------------------------------------------------------------

SKIP_TAGS = {"a", "abbr", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "button", "option", "label",
             "select", "textarea", "script", "style", "dt", "mark", "time", "th"}
TAG_RE = re.compile(r"(<[^>]*>)")


def glossary_matcher(base: Base):
    """(regex, abbreviations, terms): abbreviations match their exact case, terms any case; longest first."""
    abbrs, terms = {}, {}
    for term in base.glossaire.values():
        tip = term["definition"] if len(term["definition"]) <= 300 else term["definition"][:297].rsplit(" ", 1)[0] + "…"
        if term.get("abreviation"):
            abbrs[term["abreviation"]] = tip
        terms.setdefault(term["terme"].lower(), tip)
    words = sorted(set(abbrs) | set(terms), key=len, reverse=True)
    if not words:
        return None
    pattern = rf"(?<![\w-])(?:{'|'.join(re.escape(w) for w in words)})(?![\w-])"
    return re.compile(pattern, re.IGNORECASE), abbrs, terms


def _annotate_text(text: str, matcher) -> str:
    regex, abbrs, terms = matcher

    def wrap(match):
        word = match.group(0)
        tip = abbrs.get(word) or terms.get(word.lower())
        return f'<abbr title="{attr_text(tip)}">{word}</abbr>' if tip else word

    # Markdown heading lines stay plain (their text feeds the table of contents).
    return "\n".join(line if line.lstrip().startswith("#") else regex.sub(wrap, line) for line in text.split("\n"))


def annotate(html: str, matcher) -> str:
    """Wrap glossary terms found in text nodes (outside links, headings, code…) in <abbr title>."""
    if matcher is None:
        return html
    out, skip = [], []
    for piece in TAG_RE.split(html):
        if piece.startswith("<"):
            m = re.match(r"<\s*(/)?\s*([a-zA-Z0-9]+)", piece)
            name = m.group(2).lower() if m else ""
            if name in SKIP_TAGS and not piece.endswith("/>"):
                if m.group(1):
                    if skip and skip[-1] == name:
                        skip.pop()
                else:
                    skip.append(name)
            out.append(piece)
        else:
            out.append(piece if skip or not piece.strip() else _annotate_text(piece, matcher))
    return "".join(out)
