"""Regulatory watch: feeds, schedule, statuses, scaffold, repeal links, official addresses."""
from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

from conftest import PUBLIC_URL, ROOT
from icalendar import Calendar

from macros.model import load_base

ATOM = "{http://www.w3.org/2005/Atom}"


def test_atom_feed_has_one_item_per_entry_newest_first(site, base):
    root = ET.parse(site / "veille.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    ids = [e.find(f"{ATOM}id").text.rsplit("#", 1)[1] for e in entries]
    assert sorted(ids) == sorted(base.veille)
    published = [e.find(f"{ATOM}published").text for e in entries]
    assert published == sorted(published, reverse=True)


URL_RE = re.compile(r"(?:https?|webcal)://[^\s\"'<>]+")


def test_feed_calendar_and_sitemap_parse_and_hold_only_public_addresses(site, base):
    """feedparser reads the feed without complaint, icalendar the calendar; every address in them and in the sitemap
    is the site's public one or an official text's, never a loopback one."""
    import feedparser
    feed = feedparser.parse((site / "veille.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == len(base.veille) and feed.feed.link.startswith(PUBLIC_URL)
    assert all(e.link.startswith(PUBLIC_URL) for e in feed.entries)
    cal = Calendar.from_ical((site / "echeancier.ics").read_bytes())
    assert all(str(e["URL"]).startswith(PUBLIC_URL) for e in cal.walk("VEVENT") if "URL" in e)
    for name in ("veille.xml", "echeancier.ics", "sitemap.xml"):
        found = URL_RE.findall((site / name).read_bytes().decode("utf-8").replace("\r\n ", ""))  # unfolded
        assert found, name
        loopback = [u for u in found if re.match(r"\w+://(localhost|127\.|\[::1\]|0\.0\.0\.0)", u)]
        assert not loopback, (name, loopback[:3])
    assert all(loc.startswith(PUBLIC_URL) for loc in re.findall(r"<loc>([^<]+)</loc>",
                                                                 (site / "sitemap.xml").read_text(encoding="utf-8")))


def test_a_build_with_a_loopback_address_is_refused(builder, tmp_path):
    """Only `make serve` (a preview) may carry the loopback address: any other build stops with a French message."""
    result = builder(tmp_path / "site", extra_env={"SITE_URL": "http://127.0.0.1:8000/"})
    assert result.returncode != 0 and "Adresse publique du site attendue" in result.stderr
    assert "SITE_URL=https://" in result.stderr


def test_the_address_rule():
    from macros.settings import url_problem
    for bad in ("", "http://127.0.0.1:8000/", "http://localhost/", "https://[::1]/", "ftp://exemple.fr/", "exemple.fr"):
        assert url_problem(bad), bad
    assert url_problem("https://achats-circulaires.test/") is None


def test_feeds_are_advertised_on_the_pages_they_follow_only(site):
    """The watch and the schedule advertise the watch's feed, « Quoi de neuf » the feed of new versions; no other page
    (Material's script takes any alternate link for a language and fetches sitemap.xml on every page)."""
    advertising = {path.relative_to(site).as_posix() for path in site.rglob("*.html")
                   if 'type="application/atom+xml"' in path.read_text(encoding="utf-8").split("</head>")[0]}
    assert advertising == {"veille/index.html", "echeancier/index.html", "quoi-de-neuf/index.html"}


def test_calendar_holds_what_is_to_come_and_the_last_twelve_months(site, base):
    """One event per application date from a year before the reference date on, annual deadlines repeated up to the
    watch's last step; titles of 80 characters at most, the whole wording in the description."""
    cal = Calendar.from_ical((site / "echeancier.ics").read_bytes())
    events = cal.walk("VEVENT")
    since = (base.today - dt.timedelta(days=365)).isoformat()
    expected = [(day, text["id"]) for day, text, _ in base.schedule() if day >= since]
    assert sorted((e["DTSTART"].dt.isoformat(), str(e["UID"]).split("@")[0][:-11]) for e in events) == sorted(expected)
    assert len({str(e["UID"]) for e in events}) == len(expected) < len(base.schedule())
    assert all(len(str(e["SUMMARY"])) <= 80 for e in events)
    declaration = sorted(e["DTSTART"].dt.isoformat() for e in events
                         if str(e["UID"]).startswith("arrete-2025-01-13-declaration"))
    assert declaration == [f"{y}-06-30" for y in range(2025, base.horizon + 1) if f"{y}-06-30" >= since]


def test_annual_deadline_is_repeated_up_to_the_horizon(base):
    """The AGEC declaration (30 June, art. 3 of the arrêté of 13 January 2025) for every year of the watch."""
    days = [day for day, text, _ in base.schedule() if text["id"] == "arrete-2025-01-13-declaration"]
    assert days == [f"{y}-06-30" for y in range(2025, base.horizon + 1)] and base.horizon >= 2030


def test_schedule_lists_upcoming_dates(site, base):
    page = (site / "echeancier" / "index.html").read_text(encoding="utf-8")
    for day, text, _ in base.schedule():
        if day > base.today.isoformat():
            assert f'datetime="{day}"' in page and f"veille/{text['id']}/" in page


def test_statuses_around_an_application_date(fixture_root):
    import datetime as dt
    for day, expected in (("2027-06-01", "en-vigueur"), ("2027-05-31", "a-venir"), ("2027-06-02", "en-vigueur")):
        base = load_base(fixture_root, today=dt.date.fromisoformat(day))
        assert base.status("texte-c") == expected, day


def test_built_statuses_follow_the_fixed_date(builder, base, tmp_path):
    import datetime as dt
    text = next(t for t in sorted(base.veille.values(), key=lambda t: t["id"])
                if not t.get("date_abrogation") and len(t["applications"]) == 1)
    start = dt.date.fromisoformat(text["applications"][0]["date"])
    for day, expected in ((start - dt.timedelta(days=1), "a-venir"), (start, "en-vigueur")):
        result = builder(tmp_path / day.isoformat(), date=day.isoformat())
        assert result.returncode == 0, result.stderr[-2000:]
        page = (tmp_path / day.isoformat() / "veille" / text["id"] / "index.html").read_text(encoding="utf-8")
        assert f'id="{text["id"]}" data-statut="{expected}"' in page, (day, expected)


def test_scaffolded_entry_passes_validation(fixture_root):
    env = dict(os.environ, ACHATS_RACINE=str(fixture_root))
    env.pop("CI", None)  # CI makes check strict
    result = subprocess.run([sys.executable, "-m", "macros.scaffold", "decret-2027-99"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    base = load_base(fixture_root)
    assert "decret-2027-99" in base.veille
    check = subprocess.run([sys.executable, "-m", "macros.check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert check.returncode == 0
    assert "Attention : data/veille/decret-2027-99.yml, ligne 4 — champ « titre »" in check.stdout
    strict = subprocess.run([sys.executable, "-m", "macros.check", "--strict"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert strict.returncode == 1
    assert "data/veille/decret-2027-99.yml, ligne 4 — champ « titre » : attendu une valeur définitive" in strict.stderr


def test_build_refuses_an_unfinished_entry(builder, fixture_root, tmp_path):
    env = dict(os.environ, ACHATS_RACINE=str(fixture_root))
    subprocess.run([sys.executable, "-m", "macros.scaffold", "decret-2027-99"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    result = builder(tmp_path / "site", data_root=fixture_root)
    assert result.returncode != 0
    assert "data/veille/decret-2027-99.yml, ligne 4 — champ « titre » : attendu une valeur définitive" in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_every_entry_has_an_official_https_address(base):
    for text in base.veille.values():
        assert text["adresse"].startswith("https://"), text["id"]
        assert text["verification"]["source"].startswith("https://"), text["id"]


def test_repeal_links_are_symmetric(base):
    for text in base.veille.values():
        for old in text.get("abroge", []):
            assert base.veille[old]["abroge_par"] == text["id"]
        if text.get("abroge_par"):
            assert text["id"] in base.veille[text["abroge_par"]]["abroge"]


def test_new_entry_appears_everywhere(builder, tmp_path):
    """What CONTRIBUTING.md describes: scaffold, fill in, build; the entry is on every page it concerns."""
    import datetime as dt
    import shutil
    # the date is taken once, before anything runs: the entry's dates and the build's are the same day, even when
    # the test runs over midnight (the scaffold writes its own day, replaced below)
    today = dt.date.today().isoformat()
    root = tmp_path / "racine"
    shutil.copytree(ROOT / "data", root / "data")
    env = dict(os.environ, ACHATS_RACINE=str(root))
    result = subprocess.run([sys.executable, "-m", "macros.scaffold", "decret-2099-1"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    path = root / "data" / "veille" / "decret-2099-1.yml"
    text = re.sub(r"\b\d{4}-\d{2}-\d{2}\b", today, path.read_text(encoding="utf-8"))
    text = text.replace("familles: [transversal]", "familles: [batiment]")
    assert f"  - date: {today}  # date à partir" in text, text
    text = text.replace(f"  - date: {today}  # date à partir", "  - date: 2099-01-01  # date à partir")
    text = text.replace("À compléter", "Texte d'essai rempli")
    path.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    result = builder(site, data_root=root, date=today)
    assert result.returncode == 0, result.stderr[-3000:]
    assert 'id="decret-2099-1"' in (site / "veille" / "index.html").read_text(encoding="utf-8")
    assert (site / "veille" / "decret-2099-1" / "index.html").exists()
    assert "veille/decret-2099-1/" in (site / "familles" / "batiment" / "index.html").read_text(encoding="utf-8")
    assert "veille/decret-2099-1/" in (site / "echeancier" / "index.html").read_text(encoding="utf-8")
    assert "veille/decret-2099-1/" in (site / "index.html").read_text(encoding="utf-8")
    assert "veille/decret-2099-1/" in (site / "veille.xml").read_text(encoding="utf-8")
    assert "decret-2099-1-2099-01-01@" in (site / "echeancier.ics").read_text(encoding="utf-8")


def test_watch_and_schedule_say_how_to_subscribe(site):
    for page in ("veille", "echeancier"):
        html = (site / page / "index.html").read_text(encoding="utf-8")
        assert 'href="../veille.xml"' in html and 'href="../echeancier.ics"' in html, page
        assert "S'abonner" in html, page


def test_schedule_separates_what_is_to_come_from_what_is_past(site, base):
    html = (site / "echeancier" / "index.html").read_text(encoding="utf-8")
    coming, past = html.split('id="a-venir"', 1)[1].split('id="deja-applicable"', 1)
    today = base.today.isoformat()
    assert all(d > today for d in re.findall(r'datetime="([0-9-]{10})"', coming))
    assert all(d <= today for d in re.findall(r'datetime="([0-9-]{10})"', past.split("</article>", 1)[0]))


def test_titles_in_another_language_are_marked(site, base):
    for text in base.veille.values():
        if text.get("langue_titre"):
            html = (site / "veille" / text["id"] / "index.html").read_text(encoding="utf-8")
            assert f'<span lang="{text["langue_titre"]}">' in html, text["id"]
            plain = html.replace("&#39;", "'").replace("\u00a0", " ").replace("\u202f", " ")
            assert f'<h1 data-pagefind-weight="10">{text["titre_court"]}</h1>' in plain, text["id"]


def test_the_feed_reads_as_a_page_in_a_browser(page, server):
    """veille.xml opened in Chromium: styled by the site's own sheet (no raw XML tree, no XSLT, which browsers are
    removing), within the security policy; titles and summaries shown, identifiers hidden."""
    errors = []
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(server + "veille.xml")
    assert page.evaluate("getComputedStyle(document.documentElement).display") == "block"
    assert page.evaluate("getComputedStyle(document.querySelector('entry > id')).display") == "none"
    assert page.evaluate("getComputedStyle(document.querySelector('feed'), '::before').content").startswith('"Ceci est un flux Atom')
    assert page.evaluate("document.querySelector('entry > title').getBoundingClientRect().height") > 0
    assert not errors and page.foreign == []


def test_home_page_lists_each_upcoming_change_once_nearest_first(site, base):
    html = (site / "index.html").read_text(encoding="utf-8")
    block = html[html.index('id="prochaines-echeances"'):]
    block = block[:block.index("</ul>")]
    days = re.findall(r'<time datetime="([\d-]+)"', block)
    items = re.findall(r"<li>(.*?)</li>", block, re.S)
    assert days and days == sorted(days) and all(d > base.today.isoformat() for d in days)
    assert len(set(items)) == len(items)
