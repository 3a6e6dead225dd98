"""The same site from both generators (ARCHITECTURE.md, « Décision : générateur »): Zensical, successor of Material
for MkDocs, builds a copy of the project as `make build-zensical` does, pages with their PDF links like the `site`
fixture but without composing the PDFs (minutes; `macros.pdf` reads the same page content from both); it is compared
with the MkDocs build of that fixture: same pages, same ids in each page's content, same derived files, no
third-party resource, links, styles and scripts present, accent-folded search index, no axe violation."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from conftest import BUILD_DATE, PUBLIC_URL, ROOT, serve
from lxml import html as lxml_html

from macros import outputs
from macros.outputs import ENTRY_PAGES, entry_url

DERIVED = ("veille.xml", "flux", "echeancier.ics", "_headers", "donnees")  # written by macros.derive (PDFs aside)
PDF_ONLY = ("pdf/", "telechargements/clauses/", "telechargements/paquets/", "telechargements/suivi/")  # written by macros.derive with PDFs

pytestmark = pytest.mark.xdist_group("zensical")  # the Zensical site (conftest) made by one worker only


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def content_ids(page: Path) -> set[str]:
    """Ids inside the page's content (entries, sections, headings), not the theme's own (`__…`)."""
    tree = lxml_html.fromstring(page.read_bytes())
    content = tree.xpath("//article[contains(concat(' ', @class, ' '), ' md-content__inner ')]")
    return {i for i in content[0].xpath(".//@id") if not i.startswith("__")} if content else set()


def derived_files(site: Path) -> set[str]:
    found = set()
    for name in DERIVED:
        path = site / name
        found |= {p.relative_to(site).as_posix() for p in path.rglob("*")} if path.is_dir() else {name}
    return found


def test_same_pages(site, zensical_site):
    assert pages(zensical_site) == pages(site)


def test_same_ids_on_every_page(site, zensical_site):
    different = {p: sorted(content_ids(site / p) ^ content_ids(zensical_site / p)) for p in pages(site)}
    different = {p: ids for p, ids in different.items() if ids}
    assert not different, list(different.items())[:10]
    for kind in ENTRY_PAGES:  # every entry on its own page, under its id
        for path in (ROOT / "data" / kind).glob("*.yml"):
            assert path.stem in content_ids(zensical_site / entry_url(kind, path.stem) / "index.html"), path.stem


def test_same_derived_files(site, zensical_site):
    assert derived_files(zensical_site) == derived_files(site)
    assert all((zensical_site / name).stat().st_size > 0 for name in derived_files(zensical_site))


def test_every_zensical_page_is_valid_html(zensical_site):
    """The Nu Html Checker on every page Zensical built (its theme's HTML made valid after the build, as
    Material's: macros/theme_html.py)."""
    from web_checks import vnu, vnu_report
    errors = vnu([zensical_site])
    assert not errors, vnu_report(errors, zensical_site)


def test_zensical_site_has_the_search_index(zensical_site, site):
    entry = json.loads((zensical_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    built = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["fr"]["page_count"] == built["languages"]["fr"]["page_count"]


RESOURCES = "//script/@src | //link[not(@rel='canonical')]/@href | //img/@src | //iframe/@src | //source/@srcset"


def test_no_third_party_resource(zensical_site):
    offenders = []
    for page in zensical_site.rglob("*.html"):
        for url in lxml_html.fromstring(page.read_bytes()).xpath(RESOURCES):
            if urlparse(url).scheme in ("http", "https") or url.startswith("//"):
                offenders.append((page.relative_to(zensical_site).as_posix(), url))
    for css in zensical_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        offenders += [(css.name, m) for m in re.findall(r"(?:url\(\s*['\"]?|@import\s+['\"]?)((?:https?:)?//[^'\")\s]+)", text)]
    assert not offenders, offenders[:20]


def test_relative_links_and_assets_resolve(zensical_site):
    """Zensical rewrites the relative links of HTML from the Markdown file's folder (see `macros.link_base`): every
    link, style and script of every page leads to a file of the site, without relying on a browser stopping `..`
    at the domain root (the site may be served from a sub-folder)."""
    missing = []
    for page in zensical_site.rglob("*.html"):
        if page.name == "404.html":  # served at any depth, so its links are absolute by design
            continue
        for url in lxml_html.fromstring(page.read_bytes()).xpath(RESOURCES + " | //a/@href | //form/@action"):
            parsed = urlparse(url)
            if parsed.scheme or url.startswith("//") or not parsed.path:
                continue
            target = (page.parent / unquote(parsed.path)).resolve()
            if os.path.relpath(target, zensical_site.resolve()).startswith(PDF_ONLY):
                continue
            if not target.is_relative_to(zensical_site.resolve()) or not (
                    target / "index.html" if target.is_dir() else target).exists():
                missing.append((page.relative_to(zensical_site).as_posix(), url))
    assert not missing, missing[:20]


def script_addresses(site: Path) -> dict:
    """Addresses read by scripts (site.js sends `page/#<id>` to the first link of an element marked
    data-redirige), resolved."""
    found = {}
    for page in site.rglob("*.html"):
        for element in lxml_html.fromstring(page.read_bytes()).xpath("//*[@data-redirige]"):
            link = element.xpath(".//a[@href]")[0].get("href")
            target = os.path.relpath((page.parent / link).resolve(), site.resolve())
            found[(page.relative_to(site).as_posix(), element.get("id"))] = target
    return found


def test_script_addresses_lead_to_the_same_pages(site, zensical_site):
    mkdocs, zensical = script_addresses(site), script_addresses(zensical_site)
    assert mkdocs == zensical, [(k, mkdocs[k], zensical.get(k)) for k in mkdocs if mkdocs[k] != zensical.get(k)][:5]


@pytest.fixture(scope="module")
def zensical_server(zensical_site):
    yield from serve(zensical_site)


def test_no_axe_violation_nor_request_elsewhere(browser, zensical_server):
    """The home page, a family guide, the clause finder and a clause page (every page type: the MkDocs site)."""
    from axe_playwright_python.sync_playwright import Axe
    from web_checks import violations
    first = {kind: min(p.stem for p in (ROOT / "data" / kind).glob("*.yml")) for kind in ENTRY_PAGES}
    paths = ["", "familles/batiment/", "trouver-une-clause/", entry_url("clauses", first["clauses"])]
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    foreign = []
    page.on("request", lambda r: foreign.append(r.url) if urlparse(r.url).hostname != "127.0.0.1"
            and not r.url.startswith("data:") else None)
    axe, found = Axe(), {}
    for path in paths:
        page.goto(zensical_server + path)
        here = violations(axe, page)
        if here:
            found[path] = here
    context.close()
    assert not found, found
    assert not foreign, foreign[:10]


# Without a build: the adapter between define_env and each generator.
class Env:
    """What define_env uses of mkdocs-macros' or Zensical's environment."""

    def __init__(self, docs: Path, page=None):
        self.conf, self.variables, self.macros, self.page = {"docs_dir": str(docs)}, {}, {}, page

    def macro(self, func, name):
        self.macros[name] = func


class ZensicalEnv(Env):
    pass


ZensicalEnv.__module__ = "zensical.extensions.macros"


def test_links_start_from_the_page_or_from_the_markdown_folder(tmp_path):
    from types import SimpleNamespace

    from macros import link_base
    entry = SimpleNamespace(url="clauses/x/", path="clauses/x.md", file=object())
    assert link_base(Env(tmp_path, entry)) == "clauses/x/"
    assert link_base(ZensicalEnv(tmp_path, SimpleNamespace(url="clauses/x/", path="clauses/x.md"))) == "clauses/"
    assert link_base(ZensicalEnv(tmp_path, SimpleNamespace(url="veille/", path="veille.md"))) == ""
    assert link_base(ZensicalEnv(tmp_path, SimpleNamespace(url="familles/", path="familles/index.md"))) == "familles/"


def test_data_read_once_per_content(fixture_root, tmp_path, monkeypatch):
    """Zensical runs define_env before every page: the base is loaded again only when a data file changes."""
    import macros
    calls = []
    monkeypatch.setenv("ACHATS_RACINE", str(fixture_root))
    monkeypatch.setenv("ACHATS_DATE_REFERENCE", BUILD_DATE)
    monkeypatch.setenv("SITE_URL", PUBLIC_URL)
    monkeypatch.setattr(macros, "load_base", lambda root: calls.append(root) or load(root))
    load = macros.model.load_base
    for _ in range(3):
        env = ZensicalEnv(tmp_path)
        macros.define_env(env)
    assert len(calls) == 1 and "guide" in env.macros
    assert sorted(p.stem for p in (tmp_path / "clauses").glob("*.md")) == sorted(env.variables["base"].clauses)
    entry = next((fixture_root / "data" / "clauses").glob("*.yml"))
    entry.write_text(entry.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    macros.define_env(ZensicalEnv(tmp_path))
    assert len(calls) == 2


def test_entry_pages_are_written_rendered_with_links_for_each_generator(fixture_root, tmp_path):
    """Entry pages leave docs/ already rendered (no template left, `render_macros: false`), with their relative links
    from the page's URL for MkDocs and from the Markdown file's folder for Zensical."""
    from macros import pages
    from macros.model import load_base
    from macros.render import tooltips
    base = load_base(fixture_root)
    clause = next(iter(base.clauses))
    for from_folder, up in ((False, "../../"), (True, "../")):
        docs = tmp_path / str(from_folder)
        docs.mkdir()
        (docs / "clauses").mkdir()
        (docs / "clauses" / "ancienne.md").write_text("page d'une entrée disparue", encoding="utf-8")
        pages.write_stubs(docs, base, tooltips.glossary_matcher(base), from_folder=from_folder)
        text = (docs / "clauses" / f"{clause}.md").read_text(encoding="utf-8")
        assert "render_macros: false" in text and "{{" not in text and f'id="{clause}"' in text
        assert f'href="{up}familles/' in text, from_folder
        assert not (docs / "clauses" / "ancienne.md").exists()
        written = {p.stem for kind in outputs.ENTRY_PAGES for p in (docs / kind).glob("*.md")}
        assert written == {i for kind in outputs.ENTRY_PAGES for i in base.every(kind)}


def _fails(message):
    raise ValueError(message)


FORKED = """
import json, multiprocessing, os, sys
from macros import forked
from macros.errors import DeriveError

def pid(_):
    return os.getpid()

def nested(_):  # a job that runs jobs: inside a worker, they run in that worker
    return sorted(set(forked.run([("a", pid, 1), ("b", pid, 2)])))

def fails(message):
    raise ValueError(message)

if __name__ == "__main__":
    out = {"pids": forked.run([("a", pid, 1), ("b", pid, 2), ("c", pid, 3)]), "me": os.getpid()}
    out["nested"] = forked.run([("n", nested, 1), ("m", nested, 2)])
    try:
        forked.run([("pdf/guide.pdf", fails, "en panne"), ("b", pid, 1)])
    except DeriveError as exc:
        out["error"] = str(exc)
    print(json.dumps(out))
"""


def _forked(tmp_path, **env) -> dict:
    script = tmp_path / "forked_jobs.py"
    script.write_text(FORKED, encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True,
                            env=dict(os.environ, PYTHONPATH=str(ROOT), **env))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="un seul cœur : tout tourne dans le processus")
def test_jobs_run_on_the_cores_or_in_process_with_one_switch(tmp_path):
    """In a process without threads (a build), jobs run in forked workers; a job's own jobs run in its worker (a
    daemonic process may not have children); ACHATS_PARALLELE=0 runs everything in the process. A failure names
    the output, in French, either way."""
    forked = _forked(tmp_path)
    assert forked["me"] not in forked["pids"]
    assert all(len(pids) == 1 for pids in forked["nested"])  # each in its own worker
    alone = _forked(tmp_path, ACHATS_PARALLELE="0")
    assert set(alone["pids"]) == {alone["me"]} and alone["nested"] == [[alone["me"]]] * 2
    for out in (forked, alone):
        assert out["error"].startswith("Échec de la production des fichiers dérivés :\n- pdf/guide.pdf : ")
        assert "ValueError : en panne" in out["error"] and "Traceback" not in out["error"]


def test_jobs_run_in_process_while_threads_run():
    """pytest-xdist and `mkdocs serve` run threads: a fork could deadlock, so the jobs run here, in order."""
    import threading

    from macros import forked
    from macros.errors import DeriveError
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        assert not forked.fork_safe()
        assert forked.run([("a", len, "a"), ("b", len, "bb"), ("c", len, "ccc")]) == [1, 2, 3]
        with pytest.raises(DeriveError, match="veille.xml : ValueError : ici"):
            forked.run([("a", len, "a"), ("veille.xml", _fails, "ici")])
    finally:
        stop.set()


def test_compiled_validators_are_kept_and_made_again_when_a_schema_changes(tmp_path, monkeypatch):
    from macros import schemas
    monkeypatch.setattr(schemas, "CACHE", tmp_path)
    schemas._fast_validators.cache_clear()
    try:
        first = schemas._fast_validators()
        kept = list(tmp_path.glob("validateurs.*.marshal"))
        assert len(kept) == 1 and set(first) == set(schemas.kinds())
        schemas._fast_validators.cache_clear()
        again = schemas._fast_validators()  # read from the kept file
        assert list(tmp_path.glob("validateurs.*.marshal")) == kept
        entry = {"id": "x"}
        for validate in (first["glossaire"], again["glossaire"]):
            with pytest.raises(Exception, match="must contain"):
                validate(entry)
        monkeypatch.setattr(schemas, "SCHEMA_DIR", tmp_path / "autres")
        shutil.copytree(ROOT / "schemas", tmp_path / "autres")
        (tmp_path / "autres" / "communs.schema.json").write_text(
            (ROOT / "schemas" / "communs.schema.json").read_text(encoding="utf-8") + "\n", encoding="utf-8")
        schemas._fast_validators.cache_clear()
        schemas._fast_validators()
        assert [p.name for p in tmp_path.glob("validateurs.*.marshal")] != [p.name for p in kept]
    finally:
        schemas._fast_validators.cache_clear()


def test_serve_ignores_only_the_entry_pages_it_writes():
    """`make serve`: an edit of data/ rebuilds once; the entry pages the build rewrites into docs/ start none."""
    from macros.serve import generated
    assert generated("docs/clauses/x.md") and generated(str(ROOT / "docs" / "veille" / "decret.md"))
    assert not generated("data/clauses/x.yml") and not generated("docs/familles/batiment.md")
    assert not generated("docs/index.md") and not generated("macros/pages.py")
