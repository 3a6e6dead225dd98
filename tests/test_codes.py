"""No internal code reaches readers: the text they see (and read aloud: alt, title, aria-label) never holds a
coded value of the schemas, a field name or a segment id; identifiers shown to help citation are labelled."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from conftest import page_types

from macros.render.labels import BY_DEFINITION, STATUS_LABELS
from macros.schemas import definition, kinds, schema

NOT_SHOWN = {"script", "style", "template", "svg", "noscript"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
READ_ALOUD = ("alt", "title", "aria-label", "placeholder")
# coded values that are also French words, spelt right: « à l'avance », « le décret abroge », « alimentation »
FRENCH_WORDS = {"socle", "avance", "termine", "abroge", "alimentation"}
# the open data page documents the files for reusers: there, field names and raw values are shown as code
DATA_DOCUMENTATION = "donnees-ouvertes/index.html"


class VisibleText(HTMLParser):
    """Text nodes outside scripts and styles, with the user-facing attributes; `code` elements kept apart."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.text, self.code = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.text += [attrs[a] for a in READ_ALOUD if attrs.get(a)]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if NOT_SHOWN & set(self.stack):
            return
        if "code" in self.stack:
            self.code.append(data)
        else:
            self.text.append(data)


def read(path) -> VisibleText:
    parser = VisibleText()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def enum_values() -> dict[str, str]:
    """Every coded value of the shared definitions and of the computed statuses → where it comes from."""
    codes = {}
    for name, spec in schema("communs")["$defs"].items():
        labels = BY_DEFINITION.get(name, {})
        for value in spec.get("enum", []):
            label = labels.get(value, value)
            if ("-" in value or "_" in value or value.lower() not in label.lower()) and value not in FRENCH_WORDS:
                codes[value] = f"valeur de « {name} »"
    codes.update({s: "statut" for s in STATUS_LABELS if "-" in s})
    return codes


def field_names() -> dict[str, str]:
    """Field names written with an underscore (a_verifier, pour_acheteur…), from every schema."""
    names = {}

    def walk(node, kind):
        if isinstance(node, dict):
            for key in node.get("properties", {}):
                if "_" in key:
                    names.setdefault(key, f"champ de {kind}")
            for value in node.values():
                walk(value, kind)
        elif isinstance(node, list):
            for value in node:
                walk(value, kind)
    for kind in kinds():
        walk(schema(kind), kind)
    return names


def pattern(words) -> re.Pattern:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w/.@-])({alternatives})(?![\w@-])")


def offenders(site, paths, codes):
    found = []
    regex = pattern(codes)
    for path in paths:
        page = read(site / path / "index.html")
        shown = page.text + ([] if path + "index.html" == DATA_DOCUMENTATION else page.code)
        for text in shown:
            found += [(path, m.group(1), codes[m.group(1)], text.strip()[:80]) for m in regex.finditer(text)]
    return found


def test_the_lists_of_codes_are_not_empty():
    codes = enum_values()
    assert {"cadre-reponse", "definition-besoin", "mobilier-fournitures", "en-vigueur", "region"} <= set(codes)
    assert not {"loi", "RC", "socle", "commune", "avance"} & set(codes)
    assert {"a_verifier", "pour_acheteur", "titre_court"} <= set(field_names())
    assert definition("document")["enum"]


def test_no_coded_value_on_any_page(site, base):
    """Coded values and segment ids, on every built page (entry pages included)."""
    codes = enum_values()
    codes.update({s["id"]: f"segment de {f['id']}" for f in base.familles.values() for s in f["segments"]
                  if "-" in s["id"]})
    paths = sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html"))
    paths = ["" if p == "./" else p for p in paths]
    assert len(paths) > 200
    assert offenders(site, paths, codes) == []


def test_no_field_name_on_a_page_of_each_type(site):
    assert offenders(site, page_types(site), field_names()) == []


def test_identifiers_shown_are_labelled_as_such(site):
    """An identifier is shown only to help citation, after « Identifiant (pour citer …) : »."""
    checked = 0
    for path in site.rglob("index.html"):
        html = path.read_text(encoding="utf-8")
        for match in re.finditer(r'<code class="identifiant">', html):
            before = re.sub(r"<[^>]+>", "", html[max(0, match.start() - 120):match.start()])
            assert re.search(r"Identifiant( \(pour citer [^)]+\))?\s?:\s*$", before.replace("\u00a0", " ")
                             .replace("\u202f", " ")), (path, before)
            checked += 1
    assert checked > 100
