"""Public reservations, private verification notes, verification records and the project lead's queue
(`make a-verifier`): a record clears its reservation on every output; one that no longer matches is refused; no
sentence of a note reaches any built file."""
from __future__ import annotations

import csv
import html
import re
import subprocess
import zipfile

import pytest
from conftest import ROOT

from macros import checklist
from macros.errors import InvalidData
from macros.model import load_base
from macros.verification import entry_fingerprint, row_fingerprint

OFFICIAL = "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000000000001"


def record(fingerprint: str, indent: str, fields: str = "") -> str:
    lines = ["releve:", "  date: 2026-01-02", "  objet: Taux lu dans l'annexe", f"  adresse: {OFFICIAL}",
             "  par: chef de projet", f"  empreinte: \"{fingerprint}\""] + ([f"  champs: [{fields}]"] if fields else [])
    return "".join(f"{indent}{line}\n" for line in lines)


def add_row_record(root, fingerprint: str) -> None:
    path = root / "data" / "obligations" / "obligation-a.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    article: annexe\n    a_verifier: true\n",
                                 "    article: annexe\n    a_verifier: true\n" + record(fingerprint, "    "), 1), encoding="utf-8")


def test_a_record_clears_its_figure_everywhere_and_leaves_the_queue(fixture_root):
    base = load_base(fixture_root)
    row = base.obligations["obligation-a"]["taux"][0]
    assert row["a_verifier"]
    assert any(i["champ"] == "taux[0]" for i in checklist.items(base))
    add_row_record(fixture_root, row_fingerprint(row))
    base = load_base(fixture_root)
    assert base.obligations["obligation-a"]["taux"][0]["a_verifier"] is False  # the model every output reads
    assert not any(i["fichier"].endswith("obligation-a.yml") and i["champ"] == "taux[0]" for i in checklist.items(base))


def test_a_changed_figure_voids_its_record(fixture_root):
    base = load_base(fixture_root)
    add_row_record(fixture_root, row_fingerprint(base.obligations["obligation-a"]["taux"][0]))
    path = fixture_root / "data" / "obligations" / "obligation-a.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("    valeur: 10\n", "    valeur: 12\n"), encoding="utf-8")
    with pytest.raises(InvalidData) as info:
        load_base(fixture_root)
    message = str(info.value.errors[0])
    assert "taux[0].releve.empreinte" in message and "a changé depuis" in message and "make a-verifier" in message


def test_an_entry_record_clears_its_reservation_and_the_page_says_verified(fixture_root):
    from macros.render.watch import text_card
    path = fixture_root / "data" / "veille" / "texte-c.yml"
    path.write_text(path.read_text(encoding="utf-8") + 'reserve: "Date d\'application à confirmer."\n', encoding="utf-8")
    base = load_base(fixture_root)
    card = text_card(base, "veille/texte-c/", base.veille["texte-c"])
    assert "À vérifier :" in card and "Vérifié le" not in card
    item = next(i for i in checklist.items(base) if i["fichier"].endswith("texte-c.yml"))
    assert item["adresse"].startswith("https://") and "champs: [reference, applications, articles]" in item["releve"]
    fields = ["reference", "applications", "articles"]
    path.write_text(path.read_text(encoding="utf-8") + record(entry_fingerprint(base.veille["texte-c"], fields), "",
                                                               ", ".join(fields)), encoding="utf-8")
    base = load_base(fixture_root)
    card = text_card(base, "veille/texte-c/", base.veille["texte-c"])
    assert "À vérifier :" not in card and "Vérifié le 2 janvier 2026 sur" in card and OFFICIAL in card
    assert not any(i["fichier"].endswith("texte-c.yml") for i in checklist.items(base))


def test_the_queue_lists_every_open_reservation_with_an_address(tmp_path):
    base = load_base(ROOT)
    todo = checklist.write(base, tmp_path)
    reserves = [e for kind in ("veille", "acteurs") for e in base.entries[kind].values() if e.get("reserve")]
    rows = [r for o in base.obligations.values() for r in o.get("taux", []) if r["a_verifier"]]
    assert sum(t["champ"] == "reserve" for t in todo) == len(reserves)
    assert sum(t["champ"].startswith("taux[") for t in todo) == len(rows)
    assert all(t["adresse"].startswith("https://") for t in todo)
    assert [t["rang"] for t in todo] == sorted(t["rang"] for t in todo) and todo[0]["rang"] == 1  # figures first
    with open(tmp_path / "a-verifier.csv", encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == len(todo)
    report = (tmp_path / "a-verifier.md").read_text(encoding="utf-8")
    assert report.count("empreinte:") == sum(1 for t in todo if t["releve"])


def test_public_reservations_are_short_and_notes_private():
    from macros.schemas import definition, schema
    assert definition("reserve")["maxLength"] == 200 and definition("notes_verification")["x-prive"]
    for kind in ("veille", "obligations", "acteurs", "retours"):
        props = schema(kind)["properties"]
        assert "a_verifier" not in props and "notes_verification" in props, kind
        assert "note" not in props.get("verification", {}).get("properties", {}), kind


def sentences(base) -> list[str]:
    """The notes, cut into sentences long enough to be recognised (50 characters and more), leaving out those that
    quote the public text of an entry (a note may repeat what a page rightly says)."""
    entries = [e for kind in base.entries for e in base.every(kind).values()]
    public = normalised(" ".join(str(v) for e in entries for k, v in e.items() if k != "notes_verification"))
    found = []
    for entry in entries:
        for part in re.split(r"(?<=[.;])\s+", entry.get("notes_verification", "")):
            part = normalised(part).strip(" .;:")[:120]
            if len(part) >= 50 and part not in public:
                found.append(part)
    return found


def normalised(text: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\xa0", " ").replace("’", "'"))


def outputs(site) -> dict[str, str]:
    texts = {}
    for path in site.rglob("*"):
        rel = path.relative_to(site).as_posix()
        if path.suffix in (".html", ".xml", ".ics", ".csv", ".json", ".txt"):
            texts[rel] = path.read_text(encoding="utf-8", errors="replace")
        elif path.suffix == ".pdf":
            texts[rel] = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
        elif path.suffix in (".odt", ".docx"):
            with zipfile.ZipFile(path) as archive:
                texts[rel] = " ".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml"))
    return {rel: normalised(text) for rel, text in texts.items()}


def test_no_verification_note_reaches_any_output(site, base):
    notes = sentences(base)
    assert len(notes) > 100
    leaks = [(rel, note) for rel, text in outputs(site).items() for note in notes if note in text]
    assert not leaks, leaks[:5]


def test_the_check_can_fail(base, tmp_path):
    """The same check finds a note pasted into a page."""
    note = sentences(base)[0]
    page = tmp_path / "page.html"
    page.write_text(f"<p>{note}</p>", encoding="utf-8")
    assert any(note in text for text in outputs(tmp_path).values())


def test_an_impossible_record_date_gets_its_message_not_a_crash(fixture_root):
    base = load_base(fixture_root)
    add_row_record(fixture_root, row_fingerprint(base.obligations["obligation-a"]["taux"][0]))
    path = fixture_root / "data" / "obligations" / "obligation-a.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2026-01-02", "date: 2026-02-30"), encoding="utf-8")
    with pytest.raises(InvalidData) as info:
        load_base(fixture_root)
    assert [e.field for e in info.value.errors] == ["taux[0].releve.date"]
