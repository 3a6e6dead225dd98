"""Nu Html Checker (vnu) and axe-core from their npm packages (package-lock.json), shared by the tests that check
HTML validity (tests/test_html_valide.py) and the exhaustive sweep (tests/test_balayage.py); axe through
axe-playwright-python for the tests of one page of each type."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

from conftest import ROOT

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_FR = ROOT / "node_modules" / "axe-core" / "locales" / "fr.json"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "RGAAv4"]  # WCAG 2.2 A and AA (target size), RGAA 4
AXE_TAGS = [*WCAG_TAGS, "best-practice"]  # and axe's best practices
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
MISSING = "{} manque : lancez `make test` ou `make balayage`, qui l'installent ({})."


def require_tools() -> None:
    """Fail with what to run when Java or the npm packages are missing (never skip: CI must run them)."""
    if shutil.which("java") is None:
        raise AssertionError(MISSING.format("Java", "paquet Debian default-jre-headless"))
    for path in (VNU_JAR, AXE_JS):
        if not path.is_file():
            raise AssertionError(MISSING.format(path.relative_to(ROOT), "npm ci, versions de package-lock.json"))


SEARCH_STATE = "#recherche-etat"
ANSWERED = re.compile(r"résultat")  # « 12 résultats pour … », « Aucun résultat pour … »


def search_results(page, address: str, query: str, **filters) -> list[str]:
    """The addresses of the results of the search page (recherche/?q=…), in order, without the site's address."""
    page.goto(address + "recherche/?" + urlencode({"q": query, **filters}))
    page.locator(SEARCH_STATE, has_text=ANSWERED).wait_for()
    hrefs = page.locator("#recherche-resultats h2 a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    return [re.sub(r"^(https?://[^/]+)?/", "", h) for h in hrefs]


def result_count(page) -> int:
    """The number of results the search page announces (« 12 résultats pour … »; « Aucun résultat » is 0)."""
    found = re.search(r"(\d+) résultat", page.locator(SEARCH_STATE).inner_text())
    return int(found.group(1)) if found else 0


def open_search(page, query: str) -> None:
    """A query typed in the header's search field and sent, as a visitor does; waits for the results."""
    page.fill("#entete-recherche-q", query)
    page.press("#entete-recherche-q", "Enter")
    page.locator(SEARCH_STATE, has_text=ANSWERED).wait_for()


def violations(axe, page, tags=WCAG_TAGS) -> list:
    """axe-core run in a page by axe-playwright-python: each violation with its first targets."""
    result = axe.run(page, options={"runOnly": {"type": "tag", "values": tags}})
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result.response["violations"]]


def axe_script() -> str:
    """axe-core from node_modules, with its French messages, to run in a page before the page's own scripts."""
    require_tools()
    return f"{AXE_JS.read_text(encoding='utf-8')}\n;axe.configure({{locale: {AXE_FR.read_text(encoding='utf-8')}}});"


def vnu(paths: list[Path]) -> list[dict]:
    """Errors of the Nu Html Checker on the given HTML files or folders, checked in one run of the checker.
    Only errors: its warnings (info messages) are advice, not invalid HTML. Nothing is filtered out."""
    require_tools()
    result = subprocess.run(["java", "-jar", str(VNU_JAR), "--errors-only", "--skip-non-html", "--format", "json",
                             *map(str, paths)], capture_output=True, text=True, timeout=600)
    try:
        messages = json.loads(result.stderr)["messages"]
    except (ValueError, KeyError):
        raise AssertionError(f"vnu n'a pas rendu de rapport lisible (code {result.returncode}) :\n"
                             f"{result.stderr[-3000:]}") from None
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    if result.returncode != 0 and not errors:
        raise AssertionError(f"vnu a échoué (code {result.returncode}) sans erreur rapportée :\n{result.stderr[-3000:]}")
    return errors


def vnu_report(errors: list[dict], site: Path, limit: int = 40) -> str:
    """Errors grouped by message: each message once, with how many times and on which pages (line, extract)."""
    grouped = defaultdict(list)
    for e in errors:
        grouped[e.get("message", "?")].append(e)
    pages = {e.get("url", "") for e in errors}
    lines = [f"vnu : {len(errors)} erreur(s) sur {len(pages)} page(s)"]
    for message, items in sorted(grouped.items(), key=lambda kv: -len(kv[1]))[:limit]:
        lines.append(f"- {message} ({len(items)} fois)")
        for e in items[:3]:
            lines.append(f"    {page_of(e.get('url', ''), site)}, ligne {e.get('lastLine', '?')} : "
                         f"{e.get('extract', '').strip()[:160]!r}")
        if len(items) > 3:
            lines.append(f"    … et {len(items) - 3} autre(s)")
    return "\n".join(lines)


def page_of(url: str, site: Path) -> str:
    """'file:/tmp/…/site/veille/index.html' → 'veille/index.html'."""
    path = url.removeprefix("file:")
    prefix = str(site.resolve()) + "/"
    return path[len(prefix):] if path.startswith(prefix) else path


def axe_report(found: dict[str, list[dict]], what: str) -> str:
    """axe violations per page: rule, impact, help text and up to three elements."""
    lines = [f"axe ({what}) : {sum(len(v) for v in found.values())} violation(s) sur {len(found)} page(s)"]
    for path, violations in sorted(found.items()):
        lines.append(f"/{path}")
        for v in violations:
            targets = ", ".join(" ".join(map(str, t)) for t in v["targets"][:3])
            more = f" (+{len(v['targets']) - 3})" if len(v["targets"]) > 3 else ""
            lines.append(f"  - {v['id']} [{v['impact']}] {v['help']} : {targets}{more}")
    return "\n".join(lines)


# Runs axe in the page (axe.min.js is injected by the caller) and keeps what a report needs.
AXE_RUN = """async (options) => {
  const result = await axe.run(document, options);
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      targets: v.nodes.map(n => n.target)}));
}"""

# Width of the document and the outermost elements that stick out of the viewport (for a readable failure).
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const out = [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 1) return false;
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX !== 'visible' || p.getBoundingClientRect().right > width + 1) return false;
    }
    return true;
  });
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
                    (e.classList.length ? '.' + [...e.classList].join('.') : '');
  return {scroll: document.documentElement.scrollWidth, width,
          elements: out.slice(0, 5).map(e => `${name(e)} (${Math.round(e.getBoundingClientRect().right)} px)`)};
}"""
