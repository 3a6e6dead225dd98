"""Downloads: PDFs and clause files for tender documents (.odt, .docx), with their sizes filled in after the build."""
from __future__ import annotations

from ..catalogue import documents, packs
from ..model import Base
from ..outputs import FORMATS, KIT_FORMATS, OPEN_DATA, OPEN_DATA_SEPARATOR, OPEN_LICENCE, WHATS_NEW, file_path, kit_path
from ..schemas import kinds, schema
from .html import block, escape, href, link
from .labels import french_date

FORMAT_LABELS = {"odt": "OpenDocument (.odt)", "docx": "Word (.docx)"}
NOT_BUILT = ("<p>Les PDF et les fichiers de clauses sont produits par la construction complète du site "
             "(<code>make build</code>) ; cette prévisualisation ne les contient pas.</p>")


def file_link(here: str, path: str, label: str) -> str:
    """Link to a derived file, with its size (data-taille: filled in by derive.fill_download_sizes)."""
    return (f'<a href="{href(here, path).rstrip("/")}" download>{escape(label)}</a> '
            f'<span class="taille" data-taille="{escape(path)}">—</span>')


KIT_LABELS = {"ods": "tableur .ods", "xlsx": "tableur .xlsx", "ics": "échéances .ics"}


def clause_files(here: str, clause_id: str, enabled: bool) -> str:
    """The clause's own files, for its page."""
    if not enabled:
        return ""
    links = " · ".join(file_link(here, file_path("clauses", clause_id, fmt), FORMAT_LABELS[fmt]) for fmt in FORMATS)
    kit = " · ".join(file_link(here, kit_path(clause_id, fmt), KIT_LABELS[fmt]) for fmt in KIT_FORMATS)
    return (f'<p class="telechargement-clause">Télécharger cette clause pour vos pièces de marché : {links}</p>'
            f'<p class="telechargement-clause">Kit de suivi de ses indicateurs (une ligne par indicateur, une colonne '
            f'par période) : {kit}</p>')


def since_link(here: str) -> str:
    """« Vous avez téléchargé un paquet le … ? » : a link to the changes since a date (a link, not a form: Zensical
    rewrites the links of a page, not a form's action)."""
    return block("<p class=\"depuis-telechargement\">Vous avez téléchargé un paquet ou un guide le … ? Chaque fichier "
                 "porte, pour chaque clause, son identifiant, sa version et sa date : "
                 f"{link(here, WHATS_NEW, 'voir ce qui a changé depuis cette date')}.</p>")


def downloads(base: Base, here: str, enabled: bool) -> str:
    if not enabled:
        return since_link(here) + block(NOT_BUILT)
    rows = "".join(
        f'<tr><td>{file_link(here, d.path, d.title)}</td><td>{escape(d.subtitle)}</td>'
        f"<td>{french_date(base.today)}</td></tr>" for d in documents(base))
    pdfs = ('<div class="tableau-defilant" tabindex="0" role="region" aria-label="Liste des PDF">'
            "<table class=\"telechargements\"><thead><tr><th scope=\"col\">Document (taille)</th>"
            "<th scope=\"col\">Contenu</th><th scope=\"col\">Édition</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></div>")
    rows = "".join(
        f"<tr><td>{escape(p.title.removeprefix('Clauses types : '))}</td>"
        + "".join(f"<td>{file_link(here, p.path(fmt), FORMAT_LABELS[fmt])}</td>" for fmt in FORMATS) + "</tr>"
        for p in packs(base) if p.kind == "paquets")
    office = ('<div class="tableau-defilant" tabindex="0" role="region" aria-label="Paquets de clauses">'
              "<table class=\"telechargements\"><thead><tr><th scope=\"col\">Clauses de la famille</th>"
              + "".join(f"<th scope=\"col\">{FORMAT_LABELS[f]}</th>" for f in FORMATS)
              + f"</tr></thead><tbody>{rows}</tbody></table></div>")
    return (since_link(here) + "\n\n## Guides et bibliothèque en PDF {: #pdf }\n\n" + block(pdfs)
            + "\n\n## Clauses pour vos pièces de marché {: #clauses }\n\n"
            + block("<p>Une famille entière, ou seulement les clauses d'une pièce du marché (RC, CCAP, CCTP, BPU…). "
                    "Chaque clause y figure avec sa rédaction, les valeurs à adapter surlignées, puis des notes pour "
                    "l'acheteur (base juridique, moyens de preuve, indicateurs) à retirer du document final. Chaque "
                    "clause se télécharge aussi seule, depuis sa page.</p>" + office))


def open_data(base: Base, here: str) -> str:
    """The files of donnees/ with what each holds (written by opendata.write_open_data after the build)."""
    rows = "".join(
        f"<tr><td>{escape(schema(k).get('title', k))} ({len(base.every(k))})</td>"
        f"<td><a href=\"{href(here, f'{OPEN_DATA}/{k}.json').rstrip('/')}\">{k}.json</a></td>"
        f"<td><a href=\"{href(here, f'{OPEN_DATA}/{k}.csv').rstrip('/')}\">{k}.csv</a></td>"
        f"<td><a href=\"{href(here, f'{OPEN_DATA}/schemas/{k}.schema.json').rstrip('/')}\">{k}.schema.json</a></td></tr>"
        for k in kinds())
    table = ('<div class="tableau-defilant" tabindex="0" role="region" aria-label="Fichiers de données">'
             "<table><thead><tr><th scope=\"col\">Type d'entrée (nombre)</th><th scope=\"col\">JSON</th>"
             "<th scope=\"col\">CSV</th><th scope=\"col\">Schéma JSON</th></tr></thead>"
             f"<tbody>{rows}</tbody></table></div>")
    whole = (f"<ul><li>Toute la base en un fichier : <a href=\"{href(here, f'{OPEN_DATA}/base.json').rstrip('/')}\">base.json</a></li>"
             f"<li>Description Frictionless des fichiers CSV, avec leurs schémas de table : "
             f"<a href=\"{href(here, f'{OPEN_DATA}/datapackage.json').rstrip('/')}\">datapackage.json</a></li>"
             f"<li>Définitions communes (valeurs permises, formes des identifiants, dates et adresses) : "
             f"<a href=\"{href(here, f'{OPEN_DATA}/schemas/communs.schema.json').rstrip('/')}\">communs.schema.json</a></li></ul>")
    rules = (f"<ul><li>Licence : {escape(OPEN_LICENCE['title'])} (Etalab), réutilisation libre avec mention de la source.</li>"
             f"<li>Édition du {french_date(base.today)} ; chaque fichier JSON porte sa date d'édition et la version du "
             "contenu (empreinte des données), chaque schéma aussi (mots-clés x-edition et x-version), chaque ligne "
             "CSV aussi (colonnes edition et version).</li>"
             f"<li>CSV en UTF-8 ; dans une cellule, une liste de textes est séparée par « {escape(OPEN_DATA_SEPARATOR.strip())} » "
             "et une liste d'objets (articles, dates d'application, base juridique…) est écrite en JSON.</li>"
             "<li>Les textes de veille portent en plus leur statut calculé à la date d'édition (colonne statut).</li></ul>")
    return block(table) + block(whole) + block(rules)
