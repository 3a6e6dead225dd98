"""Invalid contributions are refused, each with its exact French message; valid data loads."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from macros.errors import InvalidData
from macros.model import load_base
from macros.schemas import kinds

CASES = sorted(p.name for p in (FIXTURES / "invalides").iterdir())


def overlay(root: Path, case: str) -> str:
    shutil.copytree(FIXTURES / "invalides" / case / "data", root / "data", dirs_exist_ok=True)
    return (FIXTURES / "invalides" / case / "attendu.txt").read_text(encoding="utf-8")


def test_enough_negative_fixtures():
    assert len(CASES) >= 15


def test_fixture_base_is_valid(fixture_root):
    base = load_base(fixture_root)
    assert set(base.veille) == {"texte-a", "texte-b", "texte-c"}


@pytest.mark.parametrize("case", CASES)
def test_invalid_contribution_is_refused(fixture_root, case):
    expected = overlay(fixture_root, case)
    with pytest.raises(InvalidData) as info:
        load_base(fixture_root)
    assert "\n".join(map(str, info.value.errors)) + "\n" == expected


def test_every_error_is_reported_at_once(fixture_root):
    for case in ("champ-manquant", "adresse-http", "attribut-evenement"):
        overlay(fixture_root, case)
    with pytest.raises(InvalidData) as info:
        load_base(fixture_root)
    assert len(info.value.errors) == 3
    assert info.value.report().startswith("Données invalides : 3 erreurs.")


def test_check_command_fails_with_french_message(fixture_root):
    expected = overlay(fixture_root, "date-impossible")
    env = dict(os.environ, ACHATS_RACINE=str(fixture_root))
    result = subprocess.run([sys.executable, "-m", "macros.check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert expected.strip() in result.stderr


def test_build_fails_on_invalid_data(builder, fixture_root, tmp_path):
    expected = overlay(fixture_root, "reference-pendante")
    result = builder(tmp_path / "site", data_root=fixture_root)
    assert result.returncode != 0
    assert expected.strip() in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_real_data_is_valid():
    env = dict(os.environ)
    env.pop("ACHATS_RACINE", None)
    result = subprocess.run([sys.executable, "-m", "macros.check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Données valides")


def test_schemas_are_referenced_by_editors():
    import json
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for kind in kinds():
        assert mapping[f"./schemas/{kind}.schema.json"] == f"data/{kind}/*.yml"


@pytest.mark.parametrize("written", ["À compléter", "Texte À\n  compléter", '"\\xC0 compl\\u00E9ter"'])
def test_draft_value_is_found_however_written(fixture_root, written):
    """Plain, folded over two lines or written with YAML escapes: a draft value is never published."""
    path = fixture_root / "data" / "glossaire" / "terme-a.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("Définition fictive.", written), encoding="utf-8")
    drafts = load_base(fixture_root).drafts
    assert [(e.file, e.field) for e in drafts] == [("data/glossaire/terme-a.yml", "definition")]


HAND_MARK = re.compile(r"\bmark\.site\b")
DIRECT_BUILD = re.compile(r"^\s*from conftest import .*\bbuild\b|\bconftest\.build\(")


def test_site_marker_comes_from_fixtures_only():
    """`site` (left out by make test-rapide) comes from the fixtures a test asks for (conftest.SITE_FIXTURES; the
    `builder` fixture for a test making its own build): never written by hand, where it is forgotten on a new test,
    and no build called directly, which would put the test among the fast ones."""
    found = []
    for path in sorted(Path(__file__).parent.glob("*.py")):
        if path.name == "conftest.py":  # where the marker is added
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if HAND_MARK.search(line) or DIRECT_BUILD.search(line):
                found.append(f"{path.name}:{number}: {line.strip()}")
    assert not found, ("marqueur « site » écrit à la main ou construction appelée directement (demandez la fixture "
                       "`builder` ou une autre de conftest.SITE_FIXTURES) :\n" + "\n".join(found))
