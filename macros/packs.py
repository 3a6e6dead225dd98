"""Clause packs for tender documents, in OpenDocument (odfdo) and Word (python-docx).

One file per clause, one pack per family, one pack per family and contract document. Each clause: its title
(a heading, so that the word processor builds a table of contents), its wording exactly as on the site with the
values to adapt highlighted, then notes for the buyer (legal basis, means of proof, indicators).
"""
from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from .catalogue import Pack, packs
from .errors import DeriveError
from .model import PLACEHOLDER_RE, Base
from .outputs import FORMATS, entry_url
from .render.labels import french_date

HIGHLIGHT = "#fff3a0"
NOTE_HEADING = "Notes pour l'acheteur (à retirer du document final)"


def runs(line: str):
    """(text, to adapt?) pieces of one line of wording."""
    pos = 0
    for m in PLACEHOLDER_RE.finditer(line):
        if m.start() > pos:
            yield line[pos:m.start()], False
        yield m.group(0), True
        pos = m.end()
    if pos < len(line):
        yield line[pos:], False


def wording_lines(clause: dict) -> list[str]:
    return [line.strip() for line in clause["redaction"].strip().splitlines() if line.strip()]


def reference(clause: dict, url: str) -> tuple[str, str]:
    """Identifier, version and date, and the clause's page: whoever holds a copy can check later that it is current."""
    last = clause["historique"][-1]
    return ("Référence", f"{clause['id']}, version {clause['version']} du {french_date(last['date'])}, "
                         f"{url.rstrip('/')}/{entry_url('clauses', clause['id'])}")


def notes(base: Base, clause: dict, url: str, minimum: bool = True) -> list[tuple[str, str]]:
    out = [reference(clause, url)]
    for ref in clause["base_juridique"]:
        text = base.veille[ref["texte"]]
        label = text.get("titre_court") or text["titre"]
        out.append(("Base juridique", label + (f", {ref['articles']}" if ref.get("articles") else "")))
    out += [("Moyen de preuve", p) for p in clause["preuves"]]
    out += [("Indicateur de suivi", i) for i in clause["indicateurs"]]
    return out + minimum_notes(base, clause["id"]) if minimum else out


def dossier_data(base: Base, url: str) -> dict:
    """Each clause's wording and notes for the dossier « Préparer mon marché » writes in the browser (the legal
    minimum there is the one of each execution year the buyer gives, so it is left out here)."""
    return {c["id"]: {"lignes": [[[text, adapt] for text, adapt in runs(line)] for line in wording_lines(c)],
                      "notes": notes(base, c, url, minimum=False)}
            for c in base.clauses.values() if not base.is_withdrawn("clauses", c["id"])}


def minimum_notes(base: Base, clause_id: str) -> list[tuple[str, str]]:
    """The legal minimum beside the placeholders, step by step, as on the clause's page (data/obligations)."""
    from markupsafe import Markup

    from .render.obligations import category_label, clause_rates, step_rates
    notes = []
    for entry in clause_rates(base, clause_id):
        steps = " ; ".join(Markup(line).striptags().replace(" à vérifier", " (à vérifier)")
                           for line in step_rates(entry, base.today.year))
        notes.append(("Minimum légal par année civile", f"{category_label(entry)} ({entry['article']}) : {steps}"))
    return notes


# OpenDocument ---------------------------------------------------------------------------------------------

def write_odt(pack: Pack, base: Base, target: Path, edition: dt.date, url: str) -> None:
    from odfdo import Document, Header, Paragraph, Span, Style

    doc = Document("text")
    doc.insert_style(Style("text", name="A_adapter", display_name="À adapter", background_color=HIGHLIGHT, bold=True))
    doc.insert_style(Style("paragraph", name="Note_acheteur", display_name="Note pour l'acheteur",
                           parent_style="Standard", area="text", italic=True, color="#4a4a4a"))
    for level in doc.styles.get_element("//text:outline-style").children:  # headings without numbers
        level.set_attribute("style:num-format", "")
        for name in ("style:num-suffix", "loext:num-list-format"):
            level.del_attribute(name)
    body = doc.body
    body.clear()
    body.append(Paragraph(pack.title, style="Title"))
    body.append(Paragraph(f"Achats circulaires Île-de-France, édition du {french_date(edition)}"))
    level = 1
    for heading, clauses in pack.groups:
        if heading:
            body.append(Header(1, heading))
            level = 2
        for clause in clauses:
            if clause["titre"] != pack.title:  # a single clause's file: its title once, as the document title
                body.append(Header(level, clause["titre"]))
            for line in wording_lines(clause):
                para = Paragraph()
                for text, adapt in runs(line):
                    para.append(Span(text, style="A_adapter") if adapt else text)
                body.append(para)
            body.append(Paragraph(NOTE_HEADING, style="Note_acheteur"))
            for label, value in notes(base, clause, url):
                body.append(Paragraph(f"{label} : {value}", style="Note_acheteur"))
    meta = doc.meta
    meta.set_title(pack.title)
    meta.set_language("fr-FR")
    moment = dt.datetime.combine(edition, dt.time(0, 0))
    meta.set_creation_date(moment)
    meta.set_modification_date(moment)
    meta.set_subject("Clauses types pour les pièces de marché")
    single = pack.groups[0][1][0] if pack.kind == "clauses" else None
    if single:  # a clause's own file: its identifier and version in the properties too
        meta.set_user_defined_metadata("identifiant", single["id"])
        meta.set_user_defined_metadata("version", str(single["version"]))
    doc.save(target)


# Word ---------------------------------------------------------------------------------------------------

@functools.cache
def _word_document():
    """python-docx's blank document in French, opened once per process and emptied for each file (opening it
    costs more than writing a pack), and its heading styles (found once: a look-up by name reads every style)."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = Document()
    fonts = doc.styles["Normal"].element.get_or_add_rPr()  # document language: French
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "fr-FR")
    fonts.append(lang)
    return doc, {level: doc.styles["Title" if level == 0 else f"Heading {level}"] for level in range(3)}


def write_docx(pack: Pack, base: Base, target: Path, edition: dt.date, url: str) -> None:
    from docx.enum.text import WD_COLOR_INDEX

    doc, headings = _word_document()
    doc.element.body.clear_content()
    doc.add_paragraph(pack.title, headings[0])
    doc.add_paragraph(f"Achats circulaires Île-de-France, édition du {french_date(edition)}")
    level = 1
    for heading, clauses in pack.groups:
        if heading:
            doc.add_paragraph(heading, headings[1])
            level = 2
        for clause in clauses:
            if clause["titre"] != pack.title:  # a single clause's file: its title once, as the document title
                doc.add_paragraph(clause["titre"], headings[level])
            for line in wording_lines(clause):
                para = doc.add_paragraph()
                for text, adapt in runs(line):
                    run = para.add_run(text)
                    if adapt:
                        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
                        run.bold = True
            for i, (label, value) in enumerate([(None, NOTE_HEADING), *notes(base, clause, url)]):
                run = doc.add_paragraph().add_run(value if i == 0 else f"{label} : {value}")
                run.italic = True
    props = doc.core_properties
    props.title = pack.title
    props.language = "fr-FR"
    props.subject = "Clauses types pour les pièces de marché"
    single = pack.groups[0][1][0] if pack.kind == "clauses" else None
    props.identifier = single["id"] if single else pack.slug
    props.version = str(single["version"]) if single else ""
    props.author = "Mission d'appui aux clauses circulaires et environnementales en Île-de-France"
    props.created = props.modified = dt.datetime.combine(edition, dt.time(0, 0))
    doc.save(target)


WRITERS = {"odt": write_odt, "docx": write_docx}


def _write(todo, base: Base, site: Path, url: str) -> None:
    for pack in todo:
        for fmt in FORMATS:
            try:
                WRITERS[fmt](pack, base, site / pack.path(fmt), base.today, url)
            except Exception as exc:
                raise DeriveError(f"{pack.path(fmt)} : {type(exc).__name__} : {exc}") from exc


def jobs(base: Base, site: Path, url: str, count: int = 8) -> tuple[list, list[tuple[str, Path]]]:
    """Every clause file and pack under site/telechargements/, as `count` jobs (macros/forked.py: name,
    function, arguments…); and the files they write (address in the site, file)."""
    todo = packs(base)
    for pack in todo:
        (site / pack.path(FORMATS[0])).parent.mkdir(parents=True, exist_ok=True)
    made = [(pack.path(fmt), site / pack.path(fmt)) for pack in todo for fmt in FORMATS]
    return [(f"fichiers .odt et .docx, lot {i + 1} sur {count}", _write, todo[i::count], base, site, url)
            for i in range(count) if todo[i::count]], made
