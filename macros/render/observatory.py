"""« Observatoire » : shared indicators for Île-de-France, rendered only from the snapshots of data/indicateurs/
(written by `make indicateurs` from official files, reviewed by pull request). Each indicator: a static chart, a
sentence that says what it shows, the table of its figures, its source (address, extraction date, rows read and
rejected with their reasons), its CSV; for each gap, the clauses that address it. No snapshot: the page says so
and how to make one."""
from __future__ import annotations

from ..model import Base
from ..outputs import entry_url, indicator_csv
from ..schemas import schema
from .chart import bar_chart
from .html import escape, external, family_page, link, relative
from .labels import BUYER_TYPES, format_number, french_date

CLAUSES_SHOWN = 3


def latest(base: Base) -> dict[str, dict]:
    """The most recent snapshot of each source."""
    found: dict[str, dict] = {}
    for snap in base.entries.get("indicateurs", {}).values():
        if snap["source"] not in found or snap["date_extraction"] > found[snap["source"]]["date_extraction"]:
            found[snap["source"]] = snap
    return found


def _pct(value) -> str:
    """A share; a legal minimum read from data/obligations is a mapping (its value, « à vérifier » if so)."""
    if isinstance(value, dict):
        return _pct(value.get("valeur")) + (" (à vérifier)" if value.get("a_verifier") else "")
    return "—" if value is None else f"{format_number(value)}\u202f%"


def _value(value):
    return value.get("valeur") if isinstance(value, dict) else value


def _table(caption: str, head: list[str], rows: list[list[str]]) -> str:
    cells = "".join("<tr>" + "".join(f"<td data-label=\"{escape(h)}\">{c}</td>" for h, c in zip(head, r)) + "</tr>"
                    for r in rows)
    return (f'<table class="empilable"><caption>{escape(caption)}</caption><thead><tr>'
            + "".join(f'<th scope="col">{escape(h)}</th>' for h in head) + f"</tr></thead><tbody>{cells}</tbody></table>")


def _source(here: str, snap: dict) -> str:
    reads = []
    for name, read in snap["lectures"].items():
        reasons = "".join(f"<li>{escape(r['motif'])} : {format_number(r['lignes'])} ligne(s)</li>"
                          for r in read.get("rejets", []))
        reads.append(f"<li>{escape(read['fichier'])} ({escape(name)}) : {format_number(read['lignes_lues'])} lignes "
                     f"lues, {format_number(read['lignes_rejetees'])} rejetées par le schéma"
                     f"{'<ul>' + reasons + '</ul>' if reasons else ''}</li>")
    spec = snap["schema"]
    csv = relative(here.rstrip("/"), indicator_csv(snap["id"]))
    return (f'<div class="source-indicateur"><p>Source : {external(snap["adresse"], snap["titre"])}, fichier '
            f'téléchargé le {french_date(snap["date_extraction"])}, vérifié ligne à ligne contre le schéma '
            f'{external(spec["adresse"], "publié")} (version {escape(spec["version"])}).</p>'
            f'<ul>{"".join(reads)}</ul><p><a href="{escape(csv)}">Valeurs de cet instantané (CSV)</a></p></div>')


def _gap_clauses(base: Base, here: str, family: str) -> str:
    if family not in base.familles:
        return ""
    shown = base.clauses_for(family)[:CLAUSES_SHOWN]
    links = "".join(f"<li>{link(here, entry_url('clauses', c['id']), c['titre'])}</li>" for c in shown)
    return (f"<ul>{links}</ul><p>{link(here, family_page(family), 'Toutes les clauses de la famille')}</p>"
            if links else "")


def _decp(base: Base, here: str, snap: dict) -> str:
    years = [v for v in snap["valeurs"] if set(v) & {"departement", "type_acheteur", "famille"} == set()]
    targets = {c["considération"]: c for c in snap.get("cibles") or [] if "valeur" in c}
    parts = []
    for key, label in (("environnementale", "environnementale"), ("sociale", "sociale")):
        target = targets.get(key)
        values = [v[f"part_{key}"] for v in years]
        last = years[-1] if years else None
        summary = (f"En {last['annee']}, {_pct(last[f'part_{key}'])} des {format_number(last['marches'])} marchés "
                   f"d'acheteurs franciliens comportent au moins une considération {label}"
                   + (f" ; cible : {_pct(target['valeur'])} en {target['annee']}." if target else ".")) if last else ""
        parts.append(f"<h3>Considération {label}</h3><p>{escape(summary)}</p>" + bar_chart(
            f"decp-{key}", f"Part des marchés avec une considération {label}, par année", summary,
            [str(v["annee"]) for v in years], [("Part des marchés", values)],
            (f"Cible {target['annee']}", target["valeur"]) if target else None))
    rows = [[str(v["annee"]), format_number(v["marches"]), _pct(v["part_environnementale"]), _pct(v["part_sociale"])]
            for v in years]
    parts.append(_table("Marchés des acheteurs franciliens par année", ["Année", "Marchés", "Environnementale",
                                                                        "Sociale"], rows))
    year = years[-1]["annee"] if years else None
    for key, caption, label in (("departement", f"Par département, en {year}", "Département"),
                                ("type_acheteur", f"Par type d'acheteur, en {year} (quand il est connu)", "Acheteur")):
        split = sorted((v for v in snap["valeurs"] if v.get(key) and v["annee"] == year), key=lambda v: str(v[key]))
        if split:
            parts.append(_table(caption, [label, "Marchés", "Environnementale", "Sociale"], [
                [escape(BUYER_TYPES.get(v[key], "Autres acheteurs") if key == "type_acheteur" else v[key]),
                 format_number(v["marches"]), _pct(v["part_environnementale"]), _pct(v["part_sociale"])] for v in split]))
    fams = [v for v in snap["valeurs"] if v.get("famille") and v["annee"] == year]
    env_target = targets.get("environnementale", {}).get("valeur")
    if fams:
        rows, gaps = [], []
        for v in sorted(fams, key=lambda v: v["part_environnementale"] or 0):
            name = base.familles[v["famille"]]["titre_court"] if v["famille"] in base.familles else "Autres achats"
            rows.append([escape(name), format_number(v["marches"]), _pct(v["part_environnementale"]),
                         _pct(v["part_sociale"])])
            if env_target is not None and (v["part_environnementale"] or 0) < env_target and v["famille"] in base.familles:
                gaps.append(f"<li><strong>{escape(name)}</strong> : {_pct(v['part_environnementale'])} "
                            f"{_gap_clauses(base, here, v['famille'])}</li>")
        parts.append(_table(f"Par famille d'achat, en {year}", ["Famille", "Marchés", "Environnementale", "Sociale"], rows))
        if gaps:
            parts.append(f"<h3>Écarts à la cible et clauses qui y répondent</h3><ul>{''.join(gaps)}</ul>")
    return "".join(parts)


def _agec(here: str, snap: dict) -> str:
    year = max((v["annee"] for v in snap["valeurs"]), default=None)
    rows = [v for v in snap["valeurs"] if v["annee"] == year]
    declared = {d["annee"]: d["acheteurs"] for d in snap.get("declarants_par_annee", [])}
    summary = (f"{format_number(declared.get(year, 0))} acheteurs franciliens ont déclaré leurs achats de {year} ; "
               "part déclarée de réemploi et de réutilisation par catégorie, et minimum légal de l'année.") if year else ""
    chart = bar_chart("agec", f"Part de réemploi et de réutilisation déclarée par catégorie, {year}", summary,
                      [v["categorie"] for v in rows],
                      [("Part déclarée", [v["part_reemploi_reutilisation"] for v in rows]),
                       ("Minimum légal", [_value(v["minimum_reemploi_reutilisation"]) for v in rows])]) if rows else ""
    table = _table(f"Déclarations de {year} par catégorie", ["Catégorie", "Déclarations", "Réemploi et réutilisation",
                                                               "Minimum", "Matières recyclées", "Minimum"],
                   [[escape(v["categorie"]), format_number(v["declarations"]), _pct(v["part_reemploi_reutilisation"]),
                     _pct(v["minimum_reemploi_reutilisation"]), _pct(v["part_matieres_recyclees"]),
                     _pct(v["minimum_matieres_recyclees"])] for v in rows])
    tools = (f"<p>Pour un marché à venir : {link(here, 'preparer-mon-marche/', 'Préparer mon marché')} donne les parts "
             f"de chaque année d'exécution et les clauses qui y répondent.</p>")
    return f"<p>{escape(summary)}</p>{chart}{table}{tools}"


def _egalim(base: Base, here: str, snap: dict) -> str:
    years = [v for v in snap["valeurs"] if "departement" not in v]
    last = years[-1] if years else None
    summary = (f"En {last['annee']}, part de bio médiane des cantines franciliennes : {_pct(last['part_bio_mediane'])} "
               f"(minimum légal {_pct(last['minimum_bio']['valeur'])}) ; {_pct(last['part_au_minimum_bio'])} des "
               "cantines atteignent ce minimum.") if last else ""
    chart = bar_chart("egalim", "Part de produits bio, médiane des cantines, par année", summary,
                      [str(v["annee"]) for v in years],
                      [("Part bio (médiane)", [v["part_bio_mediane"] for v in years]),
                       ("Part durable et de qualité (médiane)", [v["part_durable_qualite_mediane"] for v in years])],
                      ("Minimum bio", last["minimum_bio"]["valeur"]) if last else None)
    table = _table("Télédéclarations des cantines franciliennes par année",
                   ["Année", "Cantines", "Bio (médiane)", "Cantines au minimum bio", "Durable et qualité (médiane)",
                    "Cantines au minimum"],
                   [[str(v["annee"]), format_number(v["cantines"]), _pct(v["part_bio_mediane"]),
                     _pct(v["part_au_minimum_bio"]), _pct(v["part_durable_qualite_mediane"]),
                     _pct(v["part_au_minimum_durable_qualite"])] for v in years])
    gap = (f"<h3>Clauses qui y répondent</h3>{_gap_clauses(base, here, 'alimentation')}"
           if last and (last["part_bio_mediane"] or 0) < last["minimum_bio"]["valeur"] else "")
    return f"<p>{escape(summary)}</p>{chart}{table}{gap}"


def observatory(base: Base, here: str) -> str:
    snaps = latest(base)
    sources = schema("indicateurs")["x-sources"]
    out = []
    for key, heading in (("decp", "Considérations environnementales et sociales dans les marchés (DECP)"),
                         ("agec", "Achats issus du réemploi et de la réutilisation (article 58 de la loi AGEC)"),
                         ("egalim", "Restauration collective : produits bio, durables et de qualité (EGalim)")):
        out.append(f'<h2 id="{key}">{escape(heading)}</h2>')
        snap = snaps.get(key)
        if snap is None:
            address = sources[key]["adresse"]
            where = external(address, "jeu de données officiel") if address else "jeu de données officiel"
            out.append(f'<p class="sans-instantane">Aucun instantané n\'est encore publié pour cette source. Pour en '
                       f'produire un : télécharger le {where} ({escape(sources[key]["fichier_attendu"])}), puis '
                       f'<code>make indicateurs</code> (voir {link(here, "contribuer/", "Contribuer")}) et '
                       "proposer le fichier écrit dans <code>data/indicateurs/</code> par pull request.</p>")
            continue
        body = _decp(base, here, snap) if key == "decp" else _agec(here, snap) if key == "agec" else _egalim(base, here, snap)
        out.append(body + _source(here, snap))
    return "".join(out)

