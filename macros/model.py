"""Validated data → model with derived facts (statuses, back-links), against a reference date; the domain rules
that several outputs share (clause order, segment titles, placeholders, headings)."""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import versions
from .errors import DataError
from .obligations import applies_to_family, in_force
from .schemas import allowed, withdrawable
from .settings import reference_date
from .validate import draft_fields, validate
from .verification import apply_records

# a value to adapt in a clause's wording: « [20 %] »
PLACEHOLDER_RE = re.compile(r"\[([^\[\]\n]{1,200})\]")


def clause_order(clause: dict):
    """Library order: essential clauses first, then by step of the procedure, then by title."""
    return (0 if clause["niveau"] == "socle" else 1, allowed("etape").index(clause["etape"]), clause["titre"])


def segment_title(family: dict, segment_id: str | None) -> str:
    return next((s["titre"] for s in family["segments"] if s["id"] == segment_id), "")


def heading_title(text: dict) -> str:
    """French title of a text to show; a title in another language is shown as the short French title."""
    return text["titre_court"] if text.get("langue_titre") and text.get("titre_court") else text["titre"]


def occurrences(app: dict, horizon: int) -> list[str]:
    """Dates of an application: its date, or each year from it up to `horizon` (`annuelle`; 29 February: the 28th
    in the other years)."""
    if not app.get("annuelle"):
        return [app["date"]]
    first = dt.date.fromisoformat(app["date"])
    day = 28 if (first.month, first.day) == (2, 29) else first.day
    return [first.isoformat()] + [first.replace(year=y, day=day).isoformat() for y in range(first.year + 1, horizon + 1)]


def text_status(entry: dict, today: dt.date) -> str:
    ended = entry.get("date_abrogation")
    if ended and dt.date.fromisoformat(ended) <= today:
        return "abroge"
    end = entry.get("date_fin")
    if end and dt.date.fromisoformat(end) < today:
        return "termine"
    first = min(dt.date.fromisoformat(a["date"]) for a in entry["applications"])
    return "en-vigueur" if first <= today else "a-venir"


def withdrawn_at(entry: dict, today: dt.date) -> bool:
    """Withdrawn from the reference date on; a later withdrawal date leaves the entry in service until then."""
    mark = entry.get("retrait")
    return bool(mark) and dt.date.fromisoformat(mark["date"]) <= today


@dataclass(repr=False)
class Base:
    """Entries of every kind (schemas/: one per kind), in `entries` and as attributes: `base.clauses`…"""
    today: dt.date
    entries: dict  # kind → {id: entry} in service at the reference date
    files: dict = field(default_factory=dict)
    drafts: list[DataError] = field(default_factory=list)  # « À compléter » left in an entry
    # kind → {id: entry} withdrawn at the reference date: kept out of `entries` (lists, guides, finder, downloads,
    # PDFs, « Ce que la loi impose »), still with their page and in the open data
    withdrawn: dict = field(default_factory=dict)
    # kind → {id: {version: entry as it was}}: earlier versions read from the repository (macros/versions.py)
    earlier: dict = field(default_factory=dict)
    full_history: bool = False  # the repository's whole history was here to read them

    def __getattr__(self, kind: str) -> dict:
        entries = self.__dict__.get("entries")
        if entries is None or kind not in entries:
            raise AttributeError(kind)
        return entries[kind]

    def __repr__(self) -> str:
        """Short: mkdocs-macros writes every variable out as text at each build, for its debug log (the whole base
        took 0.1 s at 10×, 1 s at 100×)."""
        counts = ", ".join(f"{kind} {len(found)}" for kind, found in self.entries.items())
        return f"Base({self.today}: {counts})"

    def every(self, kind: str) -> dict:
        """Every entry of a kind, in service or withdrawn, by id (open data, entry pages)."""
        return dict(sorted({**self.entries[kind], **self.withdrawn.get(kind, {})}.items()))

    def entry(self, kind: str, entry_id: str) -> dict:
        found = self.entries[kind].get(entry_id)
        return found if found is not None else self.withdrawn[kind][entry_id]

    def is_withdrawn(self, kind: str, entry_id: str) -> bool:
        return entry_id in self.withdrawn.get(kind, {})

    def families_ordered(self):
        return sorted(self.familles.values(), key=lambda f: f["ordre"])

    def status(self, text_id: str) -> str:
        return text_status(self.veille[text_id], self.today)

    def next_step(self, text_id: str):
        """Next application date after today, if any (for texts in force with steps to come)."""
        dates = sorted(d for a in self.veille[text_id]["applications"] for d in occurrences(a, self.horizon)
                       if d > self.today.isoformat())
        return dates[0] if dates else None

    @functools.cached_property
    def horizon(self) -> int:
        """Last year of the watch: its last dated step (annual deadlines are repeated up to it), at least next year."""
        years = [int(a["date"][:4]) for t in self.veille.values() for a in t["applications"] if not a.get("annuelle")]
        return max([*years, self.today.year + 1])

    def texts_for(self, family_id: str):
        """Texts concerning a family (or transversal), in force first, then upcoming, then repealed."""
        order = {"en-vigueur": 0, "a-venir": 1, "termine": 2, "abroge": 3}
        texts = [t for t in self.veille.values() if family_id in t["familles"] or "transversal" in t["familles"]]
        return sorted(texts, key=lambda t: (order[self.status(t["id"])], t["titre"]))

    def clauses_for(self, family_id: str, include_transversal=False):
        keep = {family_id, "transversal"} if include_transversal else {family_id}
        return [c for c in self.clauses.values() if keep & set(c["familles"])]

    def clauses_filed_under(self, family_id: str):
        """Clauses whose first family is this one: where the library files them."""
        return [c for c in self.clauses.values() if c["familles"][0] == family_id]

    @functools.cached_property
    def _citing(self) -> dict:
        """text id → clauses citing it, built once (a scan per page would make the build quadratic)."""
        index: dict[str, list] = {}
        for clause in sorted(self.clauses.values(), key=lambda c: c["titre"]):
            for text_id in dict.fromkeys(r["texte"] for r in clause["base_juridique"]):
                index.setdefault(text_id, []).append(clause)
        return index

    @functools.cached_property
    def _retours_by_clause(self) -> dict:
        index: dict[str, list] = {}
        for retour in self.retours.values():
            for clause_id in retour["clauses"]:
                index.setdefault(clause_id, []).append(retour)
        return index

    def clauses_citing(self, text_id: str):
        return self._citing.get(text_id, [])

    def retours_for_clause(self, clause_id: str):
        return self._retours_by_clause.get(clause_id, [])

    def obligations_for(self, family_id: str, in_force_only: bool = True):
        """Obligations of a family (requirements first), in force at the reference date unless asked otherwise."""
        found = [o for o in self.obligations.values() if applies_to_family(o, family_id)
                 and (in_force(o, self.today) or not in_force_only)]
        return sorted(found, key=lambda o: (o["forme"] != "exigence", "transversal" not in o["familles"],
                                            bool(o.get("acheteurs")), o["depuis"], o["titre"]))

    @functools.cached_property
    def _obligations_by_clause(self) -> dict:
        index: dict[str, list] = {}
        for entry in sorted(self.obligations.values(), key=lambda o: o["titre"]):
            for clause_id in entry.get("clauses", []):
                index.setdefault(clause_id, []).append(entry)
        return index

    def obligations_for_clause(self, clause_id: str):
        return self._obligations_by_clause.get(clause_id, [])

    def obligations_citing(self, text_id: str):
        return sorted((o for o in self.obligations.values() if o["texte"] == text_id), key=lambda o: o["titre"])

    def schedule(self):
        """Every application date: (date, text, application), chronological."""
        rows = [(d, t, a) for t in self.veille.values() for a in t["applications"] for d in occurrences(a, self.horizon)]
        return sorted(rows, key=lambda r: (r[0], r[1]["id"]))


def sort_key_text(entry: dict) -> str:
    return entry.get("date_publication") or entry["reference"].get("date") or min(
        a["date"] for a in entry["applications"])


def load_base(root: Path, today: dt.date | None = None) -> Base:
    today = today or reference_date()
    raw = validate(root, today)
    found = {kind: {i: f.data for i, f in sorted(entries.items())} for kind, entries in raw.items()}
    apply_records(found)
    files = {i: f.rel for entries in raw.values() for i, f in entries.items()}
    earlier = {kind: {i: old for i, e in entries.items() if e.get("version", 1) > 1
                      and (old := versions.earlier_versions(root, files[i], e["version"]))}
               for kind, entries in found.items()}
    drafts = [e for entries in raw.values() for f in entries.values() for e in draft_fields(f)]
    withdrawn = {}
    for kind in withdrawable():
        withdrawn[kind] = {i: e for i, e in found[kind].items() if withdrawn_at(e, today)}
        found[kind] = {i: e for i, e in found[kind].items() if i not in withdrawn[kind]}
    return Base(today=today, entries=found, files=files, drafts=drafts, withdrawn=withdrawn, earlier=earlier,
                full_history=versions.full_history(root))


def content_version(root: Path) -> str:
    """Fingerprint of the data, stable for the same content."""
    digest = hashlib.sha256()
    for path in sorted((root / "data").rglob("*.yml")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
