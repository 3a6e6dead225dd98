"""Renderers are plain functions: hostile values that bypass validation still render inert."""
from __future__ import annotations

import copy
import datetime as dt
import posixpath
import re

import pytest
from conftest import FIXTURES

from macros.model import load_base, text_status
from macros.render import clauses, entries, html, watch
from macros.render.labels import french_date

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ config.site_name }}{% for x in y %}{# c #}",
    "[lien](javascript:alert(1)) **gras** <b>",
]


@pytest.fixture
def fixture_base():
    return load_base(FIXTURES / "base", today=dt.date(2026, 11, 29))


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_render_inert(fixture_base, value):
    base = copy.deepcopy(fixture_base)
    clause = base.clauses["mob-test-a"]
    for key in ("titre", "redaction", "objectif"):
        clause[key] = value
    clause["preuves"] = [value]
    text = base.veille["texte-b"]
    text["titre"] = text["pour_acheteur"] = value
    retour = base.retours["retour-a"]
    retour["titre"] = retour["contexte"] = value
    html = "".join([
        clauses.clause_card(base, "bibliotheque/", clause),
        watch.text_card(base, "veille/", text),
        entries.retour_card(base, "retours/", retour),
        entries.glossary(base),
    ])
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert 'href="javascript' not in html
    assert "{{" not in html and "{%" not in html and "{#" not in html


def test_links_are_relative_to_the_page():
    assert html.href("familles/batiment/", "veille/", "x") == "../../veille/#x"
    assert html.href("", "veille/") == "veille/"
    assert html.href("veille/", "veille/", "a") == "./#a"


@pytest.mark.parametrize("start", ["", ".", "veille", "clauses/a", "clauses/a/", "a//b", "./a", "../a"])
@pytest.mark.parametrize("target", ["", ".", "veille", "clauses/b", "clauses/a/b", "telechargements/x.odt", "a/../b"])
def test_relative_links_match_posixpath(start, target):
    assert html.relative(start, target) == posixpath.relpath(target or ".", start or ".")


def test_placeholders_are_marked():
    html = clauses.wording("Au moins [XX %] de produits.")
    assert '<mark class="a-adapter">[XX %]</mark>' in html


@pytest.mark.parametrize("today,expected", [
    ("2021-12-31", "a-venir"), ("2022-01-01", "en-vigueur"), ("2022-01-02", "en-vigueur"),
    ("2024-02-22", "en-vigueur"), ("2024-02-23", "abroge"),
])
def test_status_follows_the_build_date(today, expected):
    entry = {"applications": [{"date": "2022-01-01"}, {"date": "2023-01-01"}], "date_abrogation": "2024-02-23"}
    assert text_status(entry, dt.date.fromisoformat(today)) == expected


def test_copy_text_holds_wording_and_proofs(fixture_base):
    text = clauses.copy_text(fixture_base.clauses["mob-test-a"])
    assert "[XX %]" in text and "Moyens de preuve" in text and "Preuve fictive." in text


def test_french_dates():
    assert french_date("2027-01-01") == "1er janvier 2027"
    assert french_date("2026-08-21") == "21 août 2026"


def test_labels_cover_exactly_the_allowed_values():
    from macros.render.labels import BY_DEFINITION
    from macros.schemas import allowed
    for name, labels in BY_DEFINITION.items():
        assert list(labels) == allowed(name), name
    from macros.render.search import MAIN_NATURES
    assert set(MAIN_NATURES) < set(allowed("nature"))


def test_search_name_of_a_text_weighs_by_its_rank_and_status(base):
    """The usual name of a décret in force weighs most (meta `nom`); an arrêté's, or a repealed text's, less."""
    from macros.render.search import MAIN_NATURES, facets
    natures = set()
    for text_id, text in base.veille.items():
        if not text.get("titre_court"):
            continue
        html = facets(base, "veille", text)
        main = text["nature"] in MAIN_NATURES and base.status(text_id) in ("en-vigueur", "a-venir")
        assert ('data-pagefind-meta="nom:' in html) == main, text_id
        if text["nature"] == "arrêté":
            assert 'data-pagefind-meta="nom_secondaire:' in html, text_id
        natures.add((text["nature"], main))
    assert {("décret", True), ("décret", False), ("arrêté", False)} <= natures


def test_every_macro_renders_at_any_reference_date():
    """29 February included: every page's macros render whatever the build date."""
    from macros import MACROS, WITHOUT_TOOLTIPS, pages
    from macros.outputs import ENTRY_PAGES
    for day in ("2028-02-29", "2026-08-21", "2026-08-22", "2030-01-01", "2020-01-01"):
        base = load_base(FIXTURES / "base", today=dt.date.fromisoformat(day))
        for name, func in {**MACROS, **WITHOUT_TOOLTIPS}.items():
            assert func(base, "page/", *{"guide": ("batiment",)}.get(name, ())), (day, name)
        for kind in ENTRY_PAGES:  # entry pages, rendered by pages.py
            assert pages.card(base, kind, next(iter(getattr(base, kind))), "page/", True), (day, kind)


@pytest.mark.parametrize("size,expected", [(24_000, "24\u202fKo"), (300, "1\u202fKo"), (999_400, "999\u202fKo"),
                                           (1_340_000, "1,3\u202fMo")])
def test_download_sizes_read_right(size, expected):
    from macros.derive import file_size
    assert file_size(size) == expected


@pytest.mark.parametrize("text,expected", [
    ("au moins 50 % des achats", "au moins 50\u202f% des achats"),
    ("Objectif : réduire ; vraiment ? oui !", "Objectif\u00a0: réduire\u202f; vraiment\u202f? oui\u202f!"),
    ("« réemploi »", "«\u00a0réemploi\u00a0»"),
    ("plus de 1 000 m2", "plus de 1\u202f000\u202fm2"),
    ("décret n° 2024-134, art. 58", "décret n°\u00a02024-134, art.\u00a058"),
    ("https://exemple.fr:443/a 8:30", "https://exemple.fr:443/a 8:30"),
])
def test_french_spaces(text, expected):
    from macros.typography import french_spaces
    assert french_spaces(text) == expected


def test_typography_leaves_code_and_tags_alone():
    from macros.typography import apply
    html = '<p title="a : b">x : y</p><code>a : b</code><pre>1 000 %</pre><p>50 %</p>'
    assert apply(html) == '<p title="a : b">x\u00a0: y</p><code>a : b</code><pre>1 000 %</pre><p>50\u202f%</p>'


def _typography_piece_by_piece(html):
    """The rule of macros.typography.apply, written plainly: every piece of TAG_RE.split, in order."""
    from macros.typography import SKIP, TAG_NAME_RE, TAG_RE, french_spaces
    out, skipping = [], None
    for piece in TAG_RE.split(html):
        if piece.startswith("<"):
            m = TAG_NAME_RE.match(piece)
            name = m.group(2).lower() if m else ""
            if name in SKIP and not piece.endswith("/>"):
                skipping = None if m.group(1) else name
            out.append(piece)
        else:
            out.append(piece if skipping else french_spaces(piece))
    return "".join(out)


@pytest.mark.parametrize("html", [
    "<p>a : b</p><!-- <code> --><p>c ; d</p>",
    "<SCRIPT>if (a < b) x ; </script><p>e ? f</p>",
    "<script>a</ code>b ; </script><p>1 000</p>",
    "<pre/><p>50 %</p><Code >x : y</code ><p>« z »</p>",
    "<textarea>n° 2</textarea><ſcript>art. 5</ſcript><p>3 ans</p>",
    "<p>a : b <span>2 kg</span></p>< /pre>c !<pre>d ?",
    "<scripts>1 000</scripts><p>x ; y</p><style>p { a : b }</style>text : fin < reste ; ici",
    "<p>a ; b</p>< c ; d",
    "<scrıpt>a ; b</scrıpt><p>c ; d</p>",  # a regex ignoring case reads « ı » as « i »
])
def test_typography_reads_pages_like_piece_by_piece(html):
    """The page is read with regexes, not piece by piece: same result on tricky markup."""
    from macros.typography import apply
    assert apply(html) == _typography_piece_by_piece(html)


_HEAD = '<html><head><title>T : 1</title><script>var a = b ? c : d;</script></head>'
_BODY = ('<body><input class="md-toggle" type="checkbox" id="__drawer" autocomplete="off">'
         '<header class="md-header"><h1>Titre : {n}</h1><label class="x" tabindex="">Menu ?</label></header>')
_MENU = '<div class="md-sidebar md-sidebar--primary"><nav><a href="#">Loi n° 2020</a></nav></div>'
_CONTENT = '<div class="md-content"><article><p>Taux : {n} %</p>{code}</article></div>'
_FOOTER = ('<footer class="md-footer"><input class="md-toggle" type="checkbox" id="__search" autocomplete="off">'
           '<p>« Achats »</p></footer><script>x = 1 ? 2 : 3</script></body></html>')


def test_final_page_carries_its_own_policy_once():
    """finish.page: theme fixed, typography, then a Content-Security-Policy <meta> right after the character set,
    with the hashes of the page's own scripts; a page made final twice stays the same (`python -m macros.derive`
    after a build)."""
    from macros import finish, headers
    html = ('<html><head><meta charset="utf-8">\n' + _HEAD.removeprefix("<html><head>") + _BODY.format(n=1) + _MENU
            + _CONTENT.format(n=1, code="") + _FOOTER)
    final, hashes = finish.page(html)
    assert hashes == headers.script_hashes(final) and len(hashes) == 2
    assert final.startswith('<html><head><meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="')
    assert "Taux\u00a0: 1" in final and "«\u00a0Achats\u00a0»" in final and final.count('<form id="__bascules"') == 1
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', final).group(1)
    assert all(h in meta for h in hashes) and "frame-ancestors" not in meta and "unsafe-inline" not in meta
    assert finish.page(final) == (final, hashes)


def test_glossary_matcher_finds_what_the_plain_list_of_terms_finds():
    """Terms as one regex per character (a trie): the same matches as the terms tried longest first."""
    import re

    from macros.render import tooltips
    words = ["Cycle de vie", "cycle", "Coût du cycle de vie", "ACV", "AE", "« Ou équivalent »", "Éco-organisme",
             "éco", "Réemploi", "réemploi des biens", "DEEE", "DEA", "Label"]
    words = sorted(set(words), key=len, reverse=True)
    trie = re.compile(rf"(?<![\w-])(?:{tooltips._trie(words)})(?![\w-])", re.IGNORECASE)
    plain = re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, words))})(?![\w-])", re.IGNORECASE)
    text = ("Le coût du cycle de vie (ACV, AE, aeX) ; un cycle, des cycles ; « ou équivalent » ; ÉCO-ORGANISME, "
            "éco-organismes, éco ; réemploi des biens, réemploi des bien ; DEEE, DEA, DEAE ; label-x, labels, Label")
    assert trie.findall(text) == plain.findall(text)
    assert len(trie.findall(text)) >= 12
    assert tooltips._trie(["ſx", "sy"]) is None  # « ſ » and « s » are one letter for the regex: no trie


def test_each_definition_is_given_on_its_first_occurrence_only():
    from macros.render import tooltips
    base = load_base(FIXTURES / "base")
    matcher = tooltips.glossary_matcher(base)
    term = next(iter(base.glossaire.values()))
    word = term.get("abreviation") or term["terme"]
    html = tooltips.annotate(f"<p>{word} puis {word}</p><ul><li>{word}</li></ul><h2>{word}</h2>", matcher)
    assert html.count("<abbr") == 1 and html.index("<abbr") < html.index(" puis ")
    assert html.count(word) == 4


def test_search_abbreviations_come_from_the_page_not_from_its_tooltips():
    """A term written in full gives its abbreviation to the search; the words of a definition put in a tooltip do
    not (the page would match an abbreviation it never mentions)."""
    from types import SimpleNamespace

    from macros.render import tooltips
    glossary = {"ess": {"terme": "économie sociale et solidaire", "abreviation": "ESS", "definition": "Entreprises…"},
                "reserve": {"terme": "marché réservé", "definition": "Marché réservé à l'économie sociale et solidaire."}}
    matcher = tooltips.glossary_matcher(SimpleNamespace(glossaire=glossary))
    html = tooltips.annotate("<p>Voir : marché réservé</p>", matcher)
    assert "<abbr" in html and "data-abreviations" not in html, html
    assert 'data-abreviations="ESS"' in tooltips.annotate("<p>Un texte sur l'économie sociale et solidaire.</p>", matcher)


def test_entry_pages_show_version_and_history(fixture_root):
    from macros.model import load_base
    from macros.render.clauses import clause_card
    base = load_base(fixture_root)
    card = clause_card(base, "clauses/mob-test-a/", base.clauses["mob-test-a"])
    assert "Version 1 du" in card and 'id="historique"' in card and "Première version publiée sur le site." in card


def test_spaced_separates_header_cells_and_definition_terms():
    assert html.spaced("<tr><th>Catégorie</th><th>Indicateur</th></tr>") == "<tr><th>Catégorie</th> <th>Indicateur</th> </tr>"
    assert html.spaced("<dt>Référence</dt><dd>n° 1</dd><dt>") == "<dt>Référence</dt> <dd>n° 1</dd> <dt>"
    assert html.spaced("<p>a</p><p>b</p>") == "<p>a</p><p>b</p>"  # Pagefind separates blocks itself
