"""Regulatory watch: text cards, timeline, obligations of a family, schedule and recent changes."""
from __future__ import annotations

import datetime as dt
from itertools import groupby

from ..model import Base, heading_title, sort_key_text
from ..outputs import entry_url
from .history import history_of, version_line
from .html import (
    block,
    escape,
    external,
    family_links,
    href,
    link,
    one_line,
    paragraphs,
)
from .labels import STATUS_LABELS, format_number, french_date


def status_badge(status: str) -> str:
    return f'<span class="statut statut-{status}">{STATUS_LABELS[status]}</span>'

def text_label(text: dict) -> str:
    return text.get("titre_court") or text["titre"]


LANGUAGES = {"en": "anglais", "de": "allemand", "es": "espagnol", "it": "italien"}


def official_title(text: dict) -> str:
    """The official title, marked with its language when it is not French (RGAA 8.7)."""
    lang = text.get("langue_titre")
    if not lang:
        return ""
    return (f'<p class="titre-officiel">Titre officiel (en {LANGUAGES[lang]}) : '
            f'<span lang="{escape(lang)}">{escape(text["titre"])}</span></p>')

def usual_title(text: dict) -> str:
    """The short title by which buyers know a text (« Loi EGALIM »), when the heading is the official one."""
    short = text.get("titre_court")
    if not short or short == heading_title(text):
        return ""
    # out of the index: the search weighs this name as a meta field (render/search.py), and a result's excerpt
    # would only repeat the name shown as its title
    return f'<p class="titre-usuel" data-search-exclude>Titre usuel : {escape(short)}</p>'


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
        if app.get("annuelle"):
            state = "chaque année, à partir du"
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

def repeal_line(base: Base, here: str, text: dict) -> str:
    parts = []
    if text.get("abroge_par"):
        new = base.veille[text["abroge_par"]]
        parts.append(f"<p class=\"abrogation\">Abrogé le {french_date(text['date_abrogation'])} et remplacé par "
                     f"{link(here, entry_url('veille', new['id']), text_label(new))} : ses chiffres ne s'appliquent plus, "
                     f"reportez-vous au texte en vigueur.</p>")
    for old_id in text.get("abroge", []):
        old = base.veille[old_id]
        parts.append(f"<p class=\"abrogation\">Remplace {link(here, entry_url('veille', old['id']), text_label(old))}.</p>")
    return "".join(parts)

def reserve_line(entry: dict, official: bool = True) -> str:
    """The public reservation, with the official text to read for a text (verification notes are never shown)."""
    if not entry.get("reserve"):
        return ""
    where = f" {external(entry['adresse'], 'Lire le texte officiel')}." if official else ""
    return f"<p class=\"a-verifier\"><strong>À vérifier :</strong> {escape(entry['reserve'])}{where}</p>"


def verified_on(record: dict) -> str:
    """« vérifié le … sur le texte officiel », from a verification record (macros/verification.py)."""
    return f"vérifié le {french_date(record['date'])} sur {external(record['adresse'], 'le texte officiel')}"


def checked_line(entry: dict) -> str:
    """« Vérifié le … sur le texte officiel » with a verification record; otherwise where the page was written from."""
    record = entry.get("releve")
    if record:
        said = verified_on(record)
        return (f"<p class=\"verification verifie\" data-search-exclude>{said[0].upper()}{said[1:]} "
                f"({escape(record['par'])}) : {escape(record['objet'])}.</p>")
    check = entry["verification"]
    return (f"<p class=\"verification\" data-search-exclude>Fiche établie le {french_date(check['date'])} à partir de "
            f"{external(check['source'], 'la source consultée')} ; pas encore vérifiée sur le texte officiel par la mission.</p>")


def text_card(base: Base, here: str, text: dict, rates: str = "") -> str:
    """Everything about one text: its own page (veille/<id>/); `rates`: the rates it sets (data/obligations)."""
    tid = escape(text["id"])
    status = base.status(text["id"])
    nxt = base.next_step(text["id"]) if status == "en-vigueur" else None
    nxt_html = f' <span class="prochaine">Prochaine étape : {french_date(nxt)}</span>' if nxt else ""
    articles = "".join(f"<li><strong>{escape(a['numero'])}</strong> — {escape(a['objet'])}</li>" for a in text["articles"])
    todo = reserve_line(text)
    citing = base.clauses_citing(text["id"])
    # the titles of other entries, each found on its own page: not indexed here (they made this text match them)
    citing_html = ("<h2 id=\"clauses\">Clauses qui s'appuient sur ce texte</h2><ul data-search-exclude>" + "".join(
        f"<li>{link(here, entry_url('clauses', c['id']), c['titre'])}</li>" for c in citing) + "</ul>") if citing else ""
    return block(f"""<article class="texte-veille fiche" id="{tid}" data-statut="{status}" data-pagefind-weight="2">
<h1 data-pagefind-weight="10">{escape(heading_title(text))}</h1>
{official_title(text)}{usual_title(text)}
<p class="texte-meta" data-pagefind-weight="3">{status_badge(status)}{nxt_html} <span class="nature">{escape(text['nature'].capitalize())}</span> · {family_links(base, here, text['familles'])}</p>
<p class="identifiant-citation" data-search-exclude>Identifiant (pour citer ce texte) : <code class="identifiant">{tid}</code></p>
{version_line(text)}
<div class="pour-acheteur"><p class="intitule">Ce qui change pour l'acheteur</p>{paragraphs(text['pour_acheteur'])}</div>
{repeal_line(base, here, text)}
<dl class="texte-details">
<dt>Référence officielle</dt><dd>{reference_line(text)}</dd>
<dt>Dates d'application</dt><dd>{applications_list(base, text)}</dd>
<dt>Articles utiles</dt><dd><ul>{articles}</ul></dd>
<dt>Résumé</dt><dd>{paragraphs(text['resume'])}</dd>
</dl>
{rates}
{figures_table(text)}
{todo}
{citing_html}
{history_of(base, 'veille', text)}
{checked_line(text)}
</article>""")


def text_statuses(base: Base, text_id: str) -> str:
    """Status for the filter; a text in force with a step still to come is also « à venir »."""
    status = base.status(text_id)
    return f"{status} a-venir" if status == "en-vigueur" and base.next_step(text_id) else status


def text_summary(base: Base, here: str, text: dict) -> str:
    """Compact entry: status, title linking to the text's page, date, what changes (one line)."""
    url = href(here, entry_url("veille", text["id"]))
    return (f'<article class="texte-veille resume-texte" id="{escape(text["id"])}" data-redirige '
            f'data-familles="{escape(" ".join(text["familles"]))}" data-nature="{escape(text["nature"])}" '
            f'data-statut="{text_statuses(base, text["id"])}">'
            f'<p class="resume-titre">{status_badge(base.status(text["id"]))} <a href="{url}">{escape(heading_title(text))}</a></p>'
            f'<p class="resume-ligne">{escape(one_line(text["pour_acheteur"], 240))}</p></article>')


def watch_timeline(base: Base, here: str) -> str:
    """Every text, newest first, grouped by year; each links to its own page."""
    texts = sorted(base.veille.values(), key=sort_key_text, reverse=True)
    out = []
    for year, group in groupby(texts, key=lambda t: sort_key_text(t)[:4]):
        out.append(f"\n\n## {year} {{: #annee-{year} }}\n\n")
        out.append(block('<div class="groupe" data-search-exclude>' + "".join(text_summary(base, here, t) for t in group)
                         + "</div>"))
    return "".join(out)


def obligations(base: Base, here: str, family_id: str) -> str:
    """Texts of the family first (with what changes for the buyer), then transversal texts, compact."""
    own, shared = [], []
    for text in base.texts_for(family_id):
        status = base.status(text["id"])
        label = (f"{status_badge(status)} <strong>{link(here, entry_url('veille', text['id']), text_label(text))}</strong>")
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

def one_year_before(day: dt.date) -> dt.date:
    """Same day a year earlier; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def _schedule_item(here: str, when: str, text: dict, app: dict) -> str:
    who = f" — concerne : {escape(app['concerne'])}" if app.get("concerne") else ""
    return (f"<li><time datetime=\"{escape(when)}\">{french_date(when)}</time> — {escape(app['objet'])}{who} "
            f"({link(here, entry_url('veille', text['id']), text_label(text))})</li>")


def _by_year(here: str, rows, order: str) -> str:
    html = ""
    for year, group in groupby(rows, key=lambda r: r[0][:4]):
        html += (f"\n\n### {year} {{: #{order}-{year} }}\n\n"
                 + block("<ul class=\"echeancier\">" + "".join(_schedule_item(here, *r) for r in group) + "</ul>"))
    return html


def schedule(base: Base, here: str) -> str:
    """Dates to come, then those reached in the last twelve months, each grouped by year."""
    today = base.today.isoformat()
    start = one_year_before(base.today).isoformat()
    rows = [r for r in base.schedule() if r[0] >= start]
    coming = [r for r in rows if r[0] > today]
    past = [r for r in rows if r[0] <= today][::-1]
    html = "\n\n## À venir {: #a-venir }\n\n"
    html += _by_year(here, coming, "a-venir") if coming else block("<p>Aucune échéance à venir recensée.</p>")
    html += "\n\n## Déjà applicable (douze derniers mois) {: #deja-applicable }\n\n"
    html += _by_year(here, past, "passe") if past else block("<p>Aucune date d'application ces douze derniers mois.</p>")
    return html


def upcoming(base: Base, here: str, count: int = 5) -> str:
    rows = [r for r in base.schedule() if r[0] > base.today.isoformat()][:count]
    items = [f"<li><time datetime=\"{escape(w)}\">{french_date(w)}</time> — {escape(a['objet'])} "
             f"({link(here, entry_url('veille', t['id']), text_label(t))})</li>" for w, t, a in rows]
    return block("<ul class=\"echeancier\">" + "".join(items) + "</ul>") if items else block("<p>Aucune échéance à venir recensée.</p>")

def recent(base: Base, here: str, days: int = 180) -> str:
    """Application dates reached in the last `days` days: what has just come into force."""
    start = (base.today - dt.timedelta(days=days)).isoformat()
    rows = [r for r in base.schedule() if start <= r[0] <= base.today.isoformat()]
    items = [f"<li><time datetime=\"{escape(w)}\">{french_date(w)}</time> — {escape(a['objet'])} "
             f"({link(here, entry_url('veille', t['id']), text_label(t))})</li>" for w, t, a in reversed(rows)]
    return block("<ul class=\"echeancier\">" + "".join(items) + "</ul>") if items else block(
        "<p>Aucune entrée en vigueur ces six derniers mois.</p>")

def latest_texts(base: Base, here: str, count: int = 5) -> str:
    texts = sorted(base.veille.values(), key=sort_key_text, reverse=True)[:count]
    items = [f"<li>{status_badge(base.status(t['id']))} {link(here, entry_url('veille', t['id']), text_label(t))} "
             f"— {french_date(sort_key_text(t))}</li>" for t in texts]
    return block("<ul class=\"dernieres-entrees\">" + "".join(items) + "</ul>")
