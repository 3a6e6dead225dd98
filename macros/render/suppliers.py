"""« Entreprises » space: per family, what buyers will ask of suppliers (means of proof and indicators of the
clauses) and the actors that help suppliers answer."""
from __future__ import annotations

from ..model import Base, clause_order
from ..outputs import entry_url
from .html import block, escape, href, link
from .labels import ACTOR_TYPES, STEPS


def _asked(here: str, clauses, field: str) -> str:
    """Each distinct item of a clause field, with the clauses that ask for it."""
    items: dict[str, list] = {}
    for clause in sorted(clauses, key=clause_order):
        for item in clause[field]:
            items.setdefault(item, []).append(clause)
    lines = []
    for item, sources in items.items():
        refs = ", ".join(f'<a href="{href(here, entry_url("clauses", c["id"]))}">{escape(c["titre"])}</a>'
                         f" ({STEPS[c['etape']].lower()})" for c in sources)
        lines.append(f"<li>{escape(item)} <span class=\"resume-ligne\">— demandé par : {refs}</span></li>")
    return "<ul>" + "".join(lines) + "</ul>"


def _actors(base: Base, here: str, chosen) -> str:
    """The chosen actors as a list, by type then name; empty when there is none."""
    actors = sorted((a for a in base.acteurs.values() if chosen(a)),
                    key=lambda a: (list(ACTOR_TYPES).index(a["type"]), a["nom"].lower()))
    return ("<ul>" + "".join(f"<li>{link(here, 'acteurs/', a['nom'], a['id'])} ({ACTOR_TYPES[a['type']]})</li>"
                             for a in actors) + "</ul>") if actors else ""


def suppliers(base: Base, here: str) -> str:
    parts = []
    for fam in base.families_ordered():
        clauses = base.clauses_filed_under(fam["id"])
        if not clauses:
            continue
        family = fam["id"]
        own = _actors(base, here, lambda a, f=family: f in a["familles"])
        helpers = own or "<p>Aucun acteur recensé pour cette seule famille.</p>"
        if fam["id"] != "transversal":  # actors for every family, named in each family's section
            others = _actors(base, here, lambda a, f=family: "transversal" in a["familles"] and f not in a["familles"])
            helpers += f"<p>Et pour toutes les familles :</p>{others}" if others else ""
        parts += [
            f"\n\n## {escape(fam['titre'])} {{: #entreprises-{fam['id']} }}\n\n",
            block(f"<p>{len(clauses)} clauses types de cette famille peuvent figurer dans les marchés franciliens. "
                  "Voici ce qu'elles demandent aux titulaires.</p>"),
            f"\n\n### Preuves à préparer {{: #preuves-{fam['id']} }}\n\n",
            block(f'<div data-search-exclude>{_asked(here, clauses, "preuves")}</div>'),
            f"\n\n### Indicateurs à suivre et à transmettre {{: #indicateurs-{fam['id']} }}\n\n",
            block(f'<div data-search-exclude>{_asked(here, clauses, "indicateurs")}</div>'),
            f"\n\n### Qui peut vous aider {{: #acteurs-{fam['id']} }}\n\n",
            block(helpers),
        ]
    return "".join(parts)
