"""Shared fixtures: the real site is built once per test run, with a fixed reference date."""
from __future__ import annotations

import contextlib
import fcntl
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BUILD_DATE = "2026-11-29"
# the public address test builds carry (.test: reserved for tests, RFC 6761); a loopback one is refused
PUBLIC_URL = "https://achats-circulaires.test/"


def plain(text: str) -> str:
    """Text with French non-breaking spaces (added to every page after the build) read as spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


PROJECT = ("mkdocs.yml", "main.py", "docs", "macros", "schemas", "overrides", "data")  # what a build reads
GENERATED = shutil.ignore_patterns("__pycache__", "clauses", "veille", "retours")  # rewritten by each build


def project_copy(dest: Path) -> Path:
    """A copy of what a build reads (data/ linked, not copied): builds write their entry pages into their own
    docs/, so that several builds (other data, other dates, test workers) can run at once."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT:
        source = ROOT / name
        if name == "data":
            (dest / name).symlink_to(source, target_is_directory=True)
        elif source.is_dir():
            shutil.copytree(source, dest / name, ignore=GENERATED if name in ("docs", "macros") else None)
        else:
            shutil.copy2(source, dest / name)
    return dest


def build(dest: Path, data_root: Path | None = None, date: str = BUILD_DATE, extra_env=None, strict: bool = True):
    """`mkdocs build --strict` into dest, from a copy of the project beside it."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", ACHATS_DATE_REFERENCE=date, SITE_URL=PUBLIC_URL)
    env.pop("ACHATS_RACINE", None)
    env.pop("ACHATS_PDF", None)
    if data_root is not None:
        env["ACHATS_RACINE"] = str(data_root)
    env.update(extra_env or {})
    work = project_copy(dest.with_name(dest.name + "-projet"))
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict" if strict else "--no-strict", "-d", str(dest)],
                          cwd=work, env=env, capture_output=True, text=True)


@pytest.fixture(scope="session")
def builder():
    """`build`, for tests making their own build (other data, other dates): asking for it marks the test `site`."""
    return build


@contextlib.contextmanager
def once(tmp_path_factory, name: str):
    """A folder made once for the whole run, shared by the test workers (pytest-xdist): the first worker to ask
    makes it while the others wait; yields (folder, whether this worker must make it)."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = tmp_path_factory.getbasetemp().parent  # the run's folder, above each worker's own
    else:
        shared = tmp_path_factory.getbasetemp()
    with open(shared / f"{name}.verrou", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        folder = shared / name
        yield folder, not folder.exists()


# Tests that need the built site, a build, a browser or LibreOffice: `make test` runs them, `make test-rapide` leaves
# them out. The `site` marker comes from these fixtures only, never by hand (test_validation.py checks it); `built`
# is the site swept by test_balayage.py.
SITE_FIXTURES = {"site", "server", "browser", "page", "pdfs", "pages", "builder", "built", "zensical_site",
                 "office_profile"}


def pytest_collection_modifyitems(items):
    for item in items:
        if SITE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.site)
    # first the tests without any build, then those making their own build (other data, other dates), then those
    # reading the real site: while one worker builds the site, another runs the others
    items.sort(key=lambda item: (item.get_closest_marker("site") is not None) + ("site" in item.fixturenames))


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, PDF and office files included, built once per run (shared by the test workers)."""
    with once(tmp_path_factory, "site") as (dest, first):
        failure = dest.with_name("site-echec.txt")
        if first:
            result = build(dest, extra_env={"ACHATS_PDF": "1"})
            if result.returncode != 0 or "WARNING" in result.stderr:
                failure.write_text(result.stderr[-5000:], encoding="utf-8")
    assert not failure.exists(), failure.read_text(encoding="utf-8")
    return dest


@pytest.fixture(scope="session")
def base():
    import datetime as dt

    from macros.model import load_base
    return load_base(ROOT, today=dt.date.fromisoformat(BUILD_DATE))


@pytest.fixture
def fixture_root(tmp_path) -> Path:
    """A writable copy of the small valid base used by the validation tests."""
    dest = tmp_path / "base"
    shutil.copytree(FIXTURES / "base", dest)
    return dest


def page_types(site: Path) -> list[str]:
    """Every page except entry pages, plus the first entry page of each kind: one page per page type
    (an exhaustive sweep over every entry page belongs to a separate target)."""
    from macros.outputs import ENTRY_PAGES
    folders = tuple(f"{folder}/" for folder in ENTRY_PAGES.values())
    paths = sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html"))
    entries = [p for p in paths if p.startswith(folders) and p not in folders]  # veille/ is a list, not an entry
    kept = [p for p in paths if p not in entries]
    kept += [next(p for p in entries if p.startswith(f)) for f in folders]
    return ["" if p == "./" else p for p in kept]


# Office files: Debian's LibreOffice, headless.
SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
# what LibreOffice prints when it aborts at start-up (a fresh install, a loaded processor): the same call then works
SOFFICE_START_FAILURE = ("WrappedTargetRuntimeException", "Unspecified Application Error")


@pytest.fixture
def office_profile(tmp_path) -> Path:
    """A LibreOffice profile of its own, started once empty (`soffice` calls then share it)."""
    profile = tmp_path / "profil"
    soffice(profile, "démarrage à vide du profil", "--terminate_after_init")
    return profile


def soffice(profile: Path, what: str, *args: str, expect=()) -> None:
    """One LibreOffice call on the given profile, retried once after its known start-up failure or when it ends
    without writing the files it was asked for (exit code 0: the call was handed to an instance still closing on
    the same profile); each failure is written out (standard error and a warning in pytest's summary)."""
    command = [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", *args]
    for attempt in (1, 2):
        result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=600)
        missing = [p.name for p in expect if not p.exists()]
        if result.returncode == 0 and not missing:
            return
        if result.returncode == 0:
            retry = attempt == 1
            message = (f"LibreOffice : fichiers non écrits ({', '.join(missing[:5])}…, essai {attempt}"
                       f"{', nouvel essai' if retry else ''}) : {what}\n{result.stderr[-2000:]}")
        else:
            retry = attempt == 1 and any(mark in result.stderr for mark in SOFFICE_START_FAILURE)
            message = (f"LibreOffice : échec (code {result.returncode}, essai {attempt}"
                       f"{', nouvel essai' if retry else ''}) : {what}\n{result.stderr[-2000:]}")
        print(message, file=sys.stderr)
        warnings.warn(message, stacklevel=2)
        if not retry:
            break
        time.sleep(2)  # let an instance still closing on this profile end
    pytest.fail(message, pytrace=False)


def libreoffice_to_text(files: dict[str, list[Path]], tmp_path_factory) -> dict[str, Path]:
    """Office files converted to UTF-8 text by LibreOffice, by format ({"odt": [...], "docx": [...]}): one profile
    warmed first, then one call per format, one after the other, on that profile (two first starts at once on fresh
    profiles sometimes abort); returns each format's folder (x.docx and x.odt would both give x.txt)."""
    profile = tmp_path_factory.mktemp("profil-libreoffice")
    soffice(profile, "démarrage à vide du profil", "--terminate_after_init")
    folders = {}
    for fmt, paths in files.items():
        folders[fmt] = tmp_path_factory.mktemp(f"texte-{fmt}")
        soffice(profile, f"conversion en texte des {len(paths)} fichiers .{fmt}", "--convert-to", "txt:Text (encoded):UTF8",
                *map(str, paths), "--outdir", str(folders[fmt]),
                expect=[folders[fmt] / f"{Path(p).stem}.txt" for p in paths])
    return folders


# Browser tests: Debian's Chromium driven by Playwright (never a downloaded browser).
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, *_):
        pass  # a browser closing a connection early (page left before a request ends) is not an error here


def serve(folder: Path):
    """Serve a built site on a free local port; yields its address (for fixtures)."""
    httpd = QuietServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="session")
def server(site):
    yield from serve(site)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(locale="fr-FR")
    context.set_default_timeout(10_000)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
    page = context.new_page()
    page.foreign = []
    page.on("request", lambda r: page.foreign.append(r.url) if urlparse(r.url).hostname not in ("127.0.0.1",) and not r.url.startswith("data:") else None)
    yield page
    context.close()


ZENSICAL_OUTPUT = "site-zensical"


def run_ok(command, cwd, env):
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"{' '.join(map(str, command))}\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory) -> Path:
    """`make build-zensical` on a copy of the project: entry pages, `zensical build` (its console script, no
    PYTHONPATH), then `python -m macros.derive`; Zensical only writes inside the project folder."""
    work = project_copy(tmp_path_factory.mktemp("zensical"))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", ACHATS_DATE_REFERENCE=BUILD_DATE, ACHATS_SITE=ZENSICAL_OUTPUT, SITE_URL=PUBLIC_URL)
    for name in ("ACHATS_RACINE", "ACHATS_PDF", "PYTHONPATH"):
        env.pop(name, None)
    zensical = shutil.which("zensical", path=str(Path(sys.executable).parent))
    assert zensical, "zensical absent de l'environnement : voir requirements.txt"
    run_ok([sys.executable, "-c", "import sys; from macros.pages import main; sys.exit(main())"], work, dict(env, ACHATS_PDF="1"))
    run_ok([zensical, "build", "--clean"], work, dict(env, ACHATS_PDF="1"))
    run_ok([sys.executable, "-m", "macros.derive", ZENSICAL_OUTPUT], work, env)
    return work / ZENSICAL_OUTPUT
