"""Atom feeds (feedgen): the regulatory watch, and the new versions of entries (all, or the clauses of one family);
iCalendar of the watch (icalendar)."""
from __future__ import annotations

import datetime as dt
import textwrap

from feedgen.feed import FeedGenerator
from icalendar import Calendar, Event

from .model import Base, heading_title, sort_key_text
from .outputs import ATOM_FEED, CHANGES_FEED, FEED_STYLE, WHATS_NEW, entry_url, family_feed
from .render.labels import CHANGE_NATURES, KINDS
from .versions import change_log

UTC = dt.UTC


def _moment(day: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(0, 0), tzinfo=UTC)


def atom(base: Base, site_url: str) -> bytes:
    site_url = site_url.rstrip("/") + "/"
    texts = sorted(base.veille.values(), key=lambda t: (sort_key_text(t), t["id"]), reverse=True)
    fg = FeedGenerator()
    fg.id(site_url + "veille/")
    fg.title("Veille réglementaire — Achats circulaires Île-de-France")
    fg.subtitle("Textes qui encadrent les achats publics circulaires et environnementaux")
    fg.link(href=site_url + ATOM_FEED, rel="self")
    fg.link(href=site_url + "veille/", rel="alternate")
    fg.language("fr")
    fg.author({"name": "Mission d'appui aux clauses circulaires et environnementales en Île-de-France"})
    fg.updated(max((_moment(sort_key_text(t)) for t in texts), default=_moment(base.today.isoformat())))
    for text in texts:
        entry = fg.add_entry(order="append")
        entry.id(f"{site_url}veille/#{text['id']}")  # stable since the first edition: never change it
        entry.title(heading_title(text))
        entry.link(href=site_url + entry_url("veille", text["id"]))
        entry.published(_moment(sort_key_text(text)))
        entry.updated(_moment(max(sort_key_text(text), text["verification"]["date"])))
        entry.summary(f"Ce qui change pour l'acheteur : {text['pour_acheteur']}")
        for family in text["familles"]:
            entry.category(term=family, label=base.familles[family]["titre"])
    return _styled(fg)


def _styled(fg: FeedGenerator, depth: int = 0) -> bytes:
    declaration, rest = fg.atom_str(pretty=True).split(b"\n", 1)
    style = "../" * depth + FEED_STYLE
    return b"\n".join([declaration, f'<?xml-stylesheet type="text/css" href="{style}"?>'.encode(), rest])


def changes(base: Base, site_url: str, family: str | None = None) -> bytes:
    """One Atom entry per version (its id: the entry's page and version number, stable); `family`: the clauses of
    that family only."""
    site_url = site_url.rstrip("/") + "/"
    rows = [r for r in change_log(base) if family is None or (r["kind"] == "clauses" and family in r["families"])]
    fg = FeedGenerator()
    path = CHANGES_FEED if family is None else family_feed(family)
    fg.id(site_url + path)
    name = "Clauses, textes et retours d'expérience" if family is None else \
        f"Clauses : {base.familles[family]['titre']}"
    fg.title(f"Nouvelles versions — {name} — Achats circulaires Île-de-France")
    fg.subtitle("Chaque fiche créée ou modifiée, avec la nature de la modification")
    fg.link(href=site_url + path, rel="self")
    fg.link(href=site_url + WHATS_NEW, rel="alternate")
    fg.language("fr")
    fg.author({"name": "Mission d'appui aux clauses circulaires et environnementales en Île-de-France"})
    fg.updated(max((_moment(r["date"]) for r in rows), default=_moment(base.today.isoformat())))
    for row in rows:
        entry = fg.add_entry(order="append")
        page = site_url + entry_url(row["kind"], row["id"])
        entry.id(f"{page}#version-{row['version']}")
        entry.title(f"{KINDS[row['kind']]} : {row['title']} — version {row['version']}")
        entry.link(href=page)
        entry.published(_moment(row["date"]))
        entry.updated(_moment(row["date"]))
        nature = CHANGE_NATURES[row["nature"]]
        entry.summary(row["resume"] if row["nature"] == "creation" else f"{nature.capitalize()} : {row['resume']}")
        for fam in row["families"]:
            entry.category(term=fam, label=base.familles[fam]["titre"])
    return _styled(fg, path.count("/"))


TITLE_MAX = 80  # characters of an event's title, as calendars show it; the detail is in its description


def calendar(base: Base, site_url: str) -> bytes:
    """Events to come and those of the last twelve months (older ones stay on the site's échéancier)."""
    site_url = site_url.rstrip("/") + "/"
    since = (base.today - dt.timedelta(days=365)).isoformat()
    cal = Calendar()
    cal.add("prodid", "-//Achats circulaires Ile-de-France//Echeancier//FR")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Échéancier — Achats circulaires Île-de-France")
    for day, text, app in base.schedule():
        if day < since:
            continue
        event = Event()
        event.add("uid", f"{text['id']}-{day}@achats-circulaires-idf")
        event.add("dtstamp", _moment(text["verification"]["date"]))
        event.add("dtstart", dt.date.fromisoformat(day))
        title = f"{text.get('titre_court') or text['titre']} : {app['objet']}"
        event.add("summary", textwrap.shorten(title, TITLE_MAX, placeholder=" …"))
        who = f"\nConcerne : {app['concerne']}" if app.get("concerne") else ""
        event.add("description", f"{app['objet']}{who}\nTexte : {text['titre']}\n{text['adresse']}")
        event.add("url", site_url + entry_url("veille", text["id"]))
        cal.add_component(event)
    return cal.to_ical()
