"""HTML building blocks: escaping (with template braces neutralised), relative links, paragraphs."""
from __future__ import annotations

import posixpath
import re

from markupsafe import Markup
from markupsafe import escape as html_escape

from ..model import Base


def escape(value) -> Markup:
    """HTML-escape, and neutralise template braces so that no later pass can evaluate them."""
    text = html_escape(value)
    if "{" in text or "}" in text:  # str.replace: Markup.replace would escape its arguments again (slow)
        text = Markup(str(text).replace("{", "&#123;").replace("}", "&#125;"))
    return text


# Pagefind separates the text of the elements it takes for blocks (p, li, td…) but joins that of table headers,
# captions and definition lists: « Catégorie » and « Indicateur » in two header cells would make one word
UNSPACED = re.compile(r"</(th|caption|dt|dd)>(?=<)")


def spaced(html: str) -> str:
    """A space after each such element that another follows (inter-element space: the page looks the same)."""
    return UNSPACED.sub(r"</\1> ", html)


def relative(start: str, target: str) -> str:
    """posixpath.relpath for two relative site paths, without its calls to the file system (list pages make
    thousands of links)."""
    if ".." in start or ".." in target or start.startswith("/") or target.startswith("/"):
        return posixpath.relpath(target or ".", start or ".")
    origin = [part for part in start.split("/") if part not in ("", ".")]
    parts = [part for part in target.split("/") if part not in ("", ".")]
    common = 0
    while common < min(len(origin), len(parts)) and origin[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(origin) - common) + parts[common:]) or "."


def href(here: str, target: str, anchor: str = "") -> str:
    """Relative link from page URL `here` to page URL `target` (directory URLs)."""
    path = relative(here.rstrip("/"), target.rstrip("/"))
    path = "./" if path == "." else path + "/"
    return str(escape(path + (f"#{anchor}" if anchor else "")))

def link(here, target, label, anchor="") -> str:
    return f'<a href="{href(here, target, anchor)}">{escape(label)}</a>'

def external(url: str, label: str) -> str:
    return f'<a href="{escape(url)}" rel="noopener" class="lien-externe">{escape(label)}</a>'

def paragraphs(text: str) -> str:
    parts = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), Markup('<br>'))}</p>" for p in parts)

def bullet_list(items) -> str:
    return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"

def attr_text(text: str) -> str:
    """Escaped attribute value keeping line breaks."""
    return str(escape(text)).replace("\n", "&#10;")

def block(html: str) -> str:
    """A raw HTML block, separated for Markdown."""
    return "\n\n" + html.replace("\n\n", "\n") + "\n\n"

def permalink(anchor: str) -> str:
    return f'<a class="headerlink" href="#{escape(anchor)}" title="Lien vers cette entrée">¶</a>'

def family_page(family_id: str) -> str:
    return f"familles/{family_id}/"

def family_links(base: Base, here: str, ids) -> str:
    return ", ".join(link(here, family_page(f), base.familles[f]["titre_court"]) for f in ids)


def one_line(text: str, limit: int = 180) -> str:
    """First sentence, shortened at a word boundary."""
    first = text.strip().split(". ")[0].rstrip(".")
    return first if len(first) <= limit else first[:limit].rsplit(" ", 1)[0] + "…"
