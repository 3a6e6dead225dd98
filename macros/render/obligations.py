"""Legal obligations where buyers work: the family's legal minimum, rates this year and at the next step,
the figures beside a clause's placeholders, and the rates of a regulatory text."""
from __future__ import annotations

from .. import obligations as ob
from ..model import Base
from ..outputs import entry_url
from .html import escape, external, link
from .labels import BUYER_TYPES, CATERING, INDICATOR_PHRASES, INDICATORS, STEPS, format_number, french_date
from .watch import text_label, verified_on

CALCULATOR = "calculateur/"
DOUBT = ' <span class="a-verifier">à vérifier</span>'
UNCONFIRMED = "parts non confirmées par ce site" + DOUBT


def percent(row: dict) -> str:
    if row["valeur"] is None:
        return "valeur non trouvée" + DOUBT
    return f"{format_number(row['valeur'])} %" + (DOUBT if row["a_verifier"] else "")


def short_base(entry: dict) -> str:
    """The calculation base without its bracketed detail."""
    return entry["assiette"].split(" (")[0]


def buyers_line(entry: dict) -> str:
    if not entry.get("acheteurs"):
        return ""
    return ("<p class=\"concerne\">Concerne : " + ", ".join(BUYER_TYPES[b] for b in entry["acheteurs"]) + ".</p>")


def source_line(base: Base, here: str, entry: dict) -> str:
    text = base.veille[entry["texte"]]
    own = f" ({external(entry['adresse'], 'article sur Légifrance')})" if entry.get("adresse") else ""
    return (f"{escape(entry['article'])} — {link(here, entry_url('veille', text['id']), text_label(text))}{own}")


def short_source(base: Base, here: str, entry: dict, row: dict) -> str:
    text = base.veille[entry["texte"]]
    art = f"{escape(row['article'])}, " if row.get("article") else ""
    return art + link(here, entry_url("veille", text["id"]), text_label(text))


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def scope_suffix(scope: str | None) -> str:
    return f" ({lower_first(CATERING[scope])})" if scope else ""


def rates_phrase(entry: dict, year: int, scope: str | None = None) -> str:
    """« N % issus du réemploi…, M % intégrant des matières recyclées » for one year."""
    parts = []
    for indicator in ob.indicators(entry):
        row = ob.rate(entry, indicator, year, scope)
        if row:
            doubt = DOUBT if row["a_verifier"] else ""
            value = "part non trouvée" if row["valeur"] is None else f"{format_number(row['valeur'])} %"
            parts.append(f"{value} {INDICATOR_PHRASES[indicator]}{doubt}")
    return ", ".join(parts)


def how_to_meet(base: Base, here: str, entry: dict) -> str:
    how = ""
    if entry.get("etapes"):
        how = ("<p class=\"comment\">Au moins une clause de l'étape « " + " » ou « ".join(STEPS[s] for s in entry["etapes"])
               + " » de ce guide y répond.</p>")
    clauses = [base.clauses[c] for c in entry.get("clauses", []) if c in base.clauses]
    if clauses:
        how += "<p class=\"comment\">Clauses qui y répondent : " + ", ".join(
            link(here, entry_url("clauses", c["id"]), c["titre"]) for c in clauses) + ".</p>"
    return how


def category_label(entry: dict) -> str:
    return entry["categorie"]["libelle"] if entry.get("categorie") else entry["titre"]


def requirement_item(base: Base, here: str, entry: dict, rates: list | None = None) -> str:
    """One legal requirement; for rates, `rates` holds every entry of the same text (one per category)."""
    figures = ""
    if rates:
        lines = []
        for r in rates:
            text = year_rates(r, base.today.year) if r["taux"] else UNCONFIRMED
            label = f"<strong>{escape(category_label(r))}</strong> : " if r.get("categorie") else ""
            lines.append(f"<li>{label}{text[0].upper() + text[1:] if not label else text}</li>")
        figures = f"<ul class=\"taux\">{''.join(lines)}</ul>"
    exceptions = f"<p class=\"exceptions\">Exceptions : {escape(entry['exceptions'])}</p>" if entry.get("exceptions") else ""
    title = entry["titre"].split(" : ")[0] if rates else entry["titre"]
    union = list(dict.fromkeys(c for r in rates for c in r.get("clauses", []))) if rates else None
    how = how_to_meet(base, here, {"clauses": union} if rates else entry)
    return (f"<li id=\"{escape(entry['id'])}\"><p><strong>{escape(title)}</strong> — obligatoire depuis le "
            f"<time datetime=\"{escape(entry['depuis'])}\">{french_date(entry['depuis'])}</time></p>"
            f"{soon(base, here, rates or [entry])}"
            f"<p class=\"base-legale\">Base légale : {source_line(base, here, entry)}</p>{buyers_line(entry)}"
            f"<p>{escape(entry['resume'])}</p>{figures}{exceptions}{how}</li>")


def soon(base: Base, here: str, entries: list) -> str:
    """« Change le 1er janvier 2027, dans 26 jours », once for the obligations shown together (a step of their
    rates within ob.SOON_DAYS days)."""
    days = sorted({d for e in entries for d in ob.changes(e, base.today)})
    if not days:
        return ""
    text = base.veille[entries[0]["texte"]]
    when = " puis le ".join(
        f"<time datetime=\"{d}\">{french_date(d)}</time>, dans {(ob.date_of(d) - base.today).days} jours" for d in days)
    return (f"<p class=\"changement-proche\"><strong>Change le {when}</strong> : nouveau palier de parts minimales "
            f"({link(here, entry_url('veille', text['id']), text_label(text))}).</p>")


def year_rates(entry: dict, year: int) -> str:
    lines = []
    for scope in ob.fields(entry):
        phrase = rates_phrase(entry, year, scope)
        if phrase:
            who = scope_suffix(scope)
            lines.append(f"en {year}{who}, {phrase} (assiette : {escape(short_base(entry))}).")
    return " ; ".join(lines) or f"aucune part ne s'applique encore en {year}."


def legal_minimum(base: Base, here: str, family_id: str) -> str:
    """« Ce que la loi impose » box of a family guide: only obligations in force, each with its article."""
    found = base.obligations_for(family_id)
    day = french_date(base.today)
    if not found:
        return (f"<div class=\"socle\"><p class=\"intitule\">Ce que la loi impose au {day}</p>"
                "<p>Aucune obligation propre à cette famille n'est recensée à cette date.</p></div>")
    items, grouped = [], {}
    for entry in found:
        if entry["forme"] == "taux":
            grouped.setdefault((entry["texte"], entry["depuis"]), []).append(entry)
        else:
            items.append(requirement_item(base, here, entry))
    for group in grouped.values():
        items.append(requirement_item(base, here, group[0], group))
    return (f"<div class=\"socle\" id=\"socle\"><p class=\"intitule\">Ce que la loi impose au {day} pour un marché de cette famille</p>"
            f"<ul class=\"obligations-legales\">{''.join(items)}</ul>"
            "<p class=\"recommande\">Les autres clauses de ce guide sont <strong>recommandées</strong> : "
            "elles vont au-delà de ce que la loi impose.</p></div>")


def rates_table(base: Base, here: str, family_id: str) -> str:
    """Rates of the family's categories: this year, and the next step."""
    rows_html = []
    year = base.today.year
    for entry in [o for o in base.obligations_for(family_id, in_force_only=False) if o["forme"] == "taux"
                  and family_id in o["familles"]]:
        label = category_label(entry)
        for scope in ob.fields(entry):
            for indicator in ob.indicators(entry):
                now, nxt = ob.rate(entry, indicator, year, scope), ob.next_rate(entry, indicator, year, scope)
                if not now and not nxt:
                    continue
                who = scope_suffix(scope)
                later = "<br>".join(f"{percent(r)} en {r['annee']}" for r in ob.later_rates(entry, indicator, year, scope)) or "—"
                rows_html.append(
                    f"<tr><th scope=\"row\">{escape(label)}{who}</th><td data-label=\"Indicateur\">{INDICATORS[indicator]}</td>"
                    f"<td class=\"nombre\" data-label=\"En {year}\">{percent(now) if now else 'aucun taux'}</td>"
                    f"<td class=\"nombre\" data-label=\"Paliers à venir\">{later}</td>"
                    f"<td data-label=\"Source\">{short_source(base, here, entry, now or nxt)}</td></tr>")
    if not rows_html:
        return ""
    return (f"<div class=\"tableau-defilant\" tabindex=\"0\" role=\"region\" aria-label=\"Taux légaux de la famille\">"
            f"<table class=\"taux-legaux empilable\"><caption>Parts minimales fixées par la loi, en {year} et aux paliers à venir</caption>"
            f"<thead><tr><th scope=\"col\">Catégorie</th><th scope=\"col\">Indicateur</th><th scope=\"col\">En {year}</th>"
            f"<th scope=\"col\">Paliers à venir</th><th scope=\"col\">Source</th></tr></thead><tbody>{''.join(rows_html)}</tbody></table></div>"
            f"<p class=\"vers-calculateur\">{link(here, CALCULATOR, 'Calculer vos montants minimaux avec le calculateur')}</p>")


def period_label(start: int, end: int | None) -> str:
    if end is None:
        return f"à partir de {start}"
    return f"en {start}" if end == start else f"de {start} à {end}"


def step_rates(entry: dict, from_year: int) -> list[str]:
    """For each step from `from_year` on: « de 2027 à 2029 : N % issus du réemploi…, M % intégrant… »."""
    if not entry["taux"]:
        return [UNCONFIRMED]
    lines = []
    for start, end in ob.periods(entry, from_year):
        for scope in ob.fields(entry):
            phrase = rates_phrase(entry, start, scope)
            if phrase:
                lines.append(f"{period_label(start, end)}{scope_suffix(scope)} : {phrase}")
    return lines


def clause_rates(base: Base, clause_id: str) -> list[dict]:
    """The rates a clause helps to meet that a contract written now may still be under (not ended)."""
    return [e for e in base.obligations_for_clause(clause_id) if e["forme"] == "taux"
            and not (e.get("jusqu_au") and e["jusqu_au"] < base.today.isoformat())]


def clause_figures(base: Base, here: str, clause_id: str) -> str:
    """Beside a clause's placeholders: the legal minimum it helps to meet, step by step, for every year a contract
    written now may run (never the figure of the build's year alone)."""
    lines = []
    for entry in clause_rates(base, clause_id):
        steps = "".join(f"<li>{line}</li>" for line in step_rates(entry, base.today.year))
        lines.append(f"<li><strong>{escape(category_label(entry))}</strong> (assiette : {escape(short_base(entry))}) "
                     f"<span class=\"source\">({source_line(base, here, entry)})</span> :<ul>{steps}</ul></li>")
    if not lines:
        return ""
    return ("<aside class=\"minimum-legal\" aria-label=\"Minimum légal par année\"><p class=\"intitule\">Minimum légal "
            "pour chaque année civile d'exécution du marché, à reporter à la place des valeurs entre crochets si vous "
            "visez le seul minimum : un marché qui court sur deux paliers reprend le chiffre de chaque palier</p>"
            f"<ul>{''.join(lines)}</ul>"
            f"<p>{link(here, CALCULATOR, 'Calculer le montant correspondant à votre dépense')}</p></aside>")


def verified(row: dict) -> str:
    """A figure with a verification record says when and where it was read."""
    return f" <span class=\"verifie\">{verified_on(row['releve'])}</span>" if row.get("releve") else ""


def text_rates(base: Base, here: str, text_id: str) -> str:
    """On a regulatory text's page: every step of the rates it sets (from data/obligations)."""
    blocks = []
    for entry in base.obligations_citing(text_id):
        if entry["forme"] != "taux":
            continue
        label = category_label(entry)
        cells = "".join(
            f"<tr><td>{escape(label)}{scope_suffix(r.get('champ'))}</td>"
            f"<td>{INDICATORS[r['indicateur']]}</td><td class=\"nombre\">{r['annee']}</td>"
            f"<td class=\"nombre\">{percent(r)}{verified(r)}</td><td>{escape(r.get('article', ''))}</td></tr>"
            for r in sorted(entry["taux"], key=lambda r: (r.get("champ") or "", r["annee"], r["indicateur"])))
        blocks.append(cells)
    if not blocks:
        return ""
    return ("<h2 id=\"taux\">Taux fixés par ce texte</h2><div class=\"tableau-defilant\" tabindex=\"0\" role=\"region\" "
            "aria-label=\"Taux fixés par ce texte\"><table class=\"chiffres\"><thead><tr><th scope=\"col\">Catégorie</th>"
            "<th scope=\"col\">Indicateur</th><th scope=\"col\">À partir de</th><th scope=\"col\">Part minimale</th>"
            f"<th scope=\"col\">Article</th></tr></thead><tbody>{''.join(blocks)}</tbody></table></div>"
            f"<p>{link(here, CALCULATOR, 'Appliquer ces taux à votre dépense avec le calculateur')}</p>")
