"""The catalogue of downloads: partners' PDFs and clause files for tender documents (.odt, .docx).

`render/` reads it to list and link the files; `pdf.py` and `packs.py` write them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .model import Base, clause_order, segment_title, sort_key_text
from .outputs import file_path, pdf_path
from .render.labels import DOCUMENTS

GUIDES = [("methode", "La méthode : du besoin au suivi"), ("labels-et-preuves", "Labels et moyens de preuve"),
          ("cout-du-cycle-de-vie", "Coût du cycle de vie")]


@dataclass
class Part:
    path: str                    # site page, e.g. "familles/batiment/"
    section: str | None = None   # id of an h2: keep only that section
    title: str | None = None     # heading replacing the section's h2
    group: str | None = None     # bookmark grouping the parts that follow (« Clauses types : … », « Veille… »)


@dataclass
class Document:
    slug: str
    title: str
    subtitle: str
    parts: list = field(default_factory=list)

    @property
    def filename(self) -> str:
        return f"{self.slug}.pdf"

    @property
    def path(self) -> str:
        return pdf_path(self.slug)


def clause_parts(base: Base, family_id: str) -> list[Part]:
    """Each clause filed under a family, from its own page, in the library's order, under one bookmark."""
    group = f"Clauses types : {base.familles[family_id]['titre']}"
    return [Part(f"clauses/{c['id']}/", group=group)
            for c in sorted(base.clauses_filed_under(family_id), key=clause_order)]


def documents(base: Base) -> list[Document]:
    docs = []
    for fam in base.families_ordered():
        parts = [Part(f"familles/{fam['id']}/")] + clause_parts(base, fam["id"])
        if fam["id"] != "transversal":
            parts += clause_parts(base, "transversal")
        docs.append(Document(f"guide-{fam['id']}", fam["titre"], "Guide d'achat et ses clauses types", parts))
    for slug, title in GUIDES:
        docs.append(Document(f"guide-{slug}", title, "Guide transversal", [Part(f"guides/{slug}/")]))
    for fam in base.families_ordered():
        if base.clauses_filed_under(fam["id"]):
            docs.append(Document(f"clauses-{fam['id']}", f"Clauses types : {fam['titre']}", "Bibliothèque de clauses",
                                 clause_parts(base, fam["id"])))
    texts = sorted(base.veille.values(), key=sort_key_text, reverse=True)
    everything = ([Part(f"familles/{f['id']}/", group="Guides par famille") for f in base.families_ordered()]
                  + [Part(f"guides/{slug}/", group="Guides transversaux") for slug, _ in GUIDES]
                  + [p for f in base.families_ordered() for p in clause_parts(base, f["id"])]
                  + [Part(f"veille/{t['id']}/", group="Veille réglementaire") for t in texts])
    docs.append(Document("compendium", "Achats circulaires Île-de-France : compendium",
                         "Guides, bibliothèque de clauses et veille réglementaire", everything))
    return docs


@dataclass
class Pack:
    slug: str           # file name without extension, under telechargements/<kind>/
    kind: str           # "clauses" (one clause) or "paquets"
    title: str
    groups: list        # [(heading or None, [clause, …])]

    def path(self, fmt: str) -> str:
        return file_path(self.kind, self.slug, fmt)


def by_segment(base: Base, family_id: str, clauses) -> list:
    family = base.familles[family_id]
    groups = []
    for seg in family["segments"]:
        group = sorted((c for c in clauses if c["segment"] == seg["id"]), key=clause_order)
        if group:
            groups.append((segment_title(family, seg["id"]), group))
    return groups


def packs(base: Base) -> list[Pack]:
    out = [Pack(c["id"], "clauses", c["titre"], [(None, [c])]) for c in base.clauses.values()]
    for fam in base.families_ordered():
        own = base.clauses_filed_under(fam["id"])
        if not own:
            continue
        out.append(Pack(fam["id"], "paquets", f"Clauses types : {fam['titre']}", by_segment(base, fam["id"], own)))
        for doc, label in DOCUMENTS.items():
            some = [c for c in own if c["document"] == doc]
            if some:
                out.append(Pack(f"{fam['id']}-{doc.lower()}", "paquets",
                                f"Clauses types : {fam['titre']}, {label}", by_segment(base, fam["id"], some)))
    return out
