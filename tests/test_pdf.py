"""Partners' PDFs: present, complete, without site chrome, with working internal links."""
from __future__ import annotations

import re
import subprocess

import pikepdf
import pytest
from weasyprint.urls import FatalURLFetchingError

from macros import catalogue, forked, pdf
from macros.errors import DeriveError

CHROME = ["Aller au contenu", "Rechercher", "Copier la clause", "Réinitialiser", "Table des matières",
          "Télécharger ce guide", "Lien vers cette section", "Signaler une erreur"]

pytestmark = pytest.mark.xdist_group("pdf")  # its module fixtures made by one worker only


@pytest.fixture(scope="module")
def pdfs(site, base):
    """Each PDF opened by pikepdf (qpdf): pypdf took about 18 s to read their objects."""
    opened = {d.slug: (d, pikepdf.open(site / "pdf" / d.filename)) for d in catalogue.documents(base)}
    yield opened
    for _, reader in opened.values():
        reader.close()


@pytest.fixture(scope="module")
def pages(site, base):
    """Text of each page of each PDF, extracted once by pdftotext (poppler-utils): {slug: [page, …]}."""
    out = {}
    for doc in catalogue.documents(base):
        result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(site / "pdf" / doc.filename), "-"],
                                capture_output=True, text=True, check=True)
        out[doc.slug] = result.stdout.split("\f")
    return out


def text_of(pages, slug) -> str:
    return re.sub(r"\s+", " ", " ".join(pages[slug]))


def test_every_expected_pdf_exists(site, base):
    expected = {d.filename for d in catalogue.documents(base)}
    assert {f"guide-{f}.pdf" for f in base.familles} <= expected
    assert "compendium.pdf" in expected
    assert expected == {p.name for p in (site / "pdf").glob("*.pdf")}


def test_cover_toc_and_pages(pdfs, pages):
    for slug, (doc, reader) in pdfs.items():
        assert len(reader.pages) > 2, slug
        cover = pages[slug][0]
        for word in ("Édition", "Licence Ouverte"):  # the content version: in the document's properties only
            assert word in cover, (slug, word)
        assert "Sommaire" in pages[slug][1], slug
        assert str(reader.docinfo["/Title"]) == doc.title
        assert "/StructTreeRoot" in reader.Root, f"{slug} : PDF non balisé"


def test_family_pdfs_hold_every_clause_of_the_family(pdfs, pages, base):
    for family in base.familles:
        own = [c["id"] for c in base.clauses.values() if c["familles"][0] == family]
        for slug in (f"guide-{family}", f"clauses-{family}"):
            if slug not in pdfs:
                assert not own and slug.startswith("clauses-")
                continue
            text = text_of(pages, slug)
            missing = [cid for cid in own if cid not in text]
            assert not missing, (slug, missing)


def test_no_site_chrome(pages):
    for slug in pages:
        text = text_of(pages, slug)
        found = [w for w in CHROME if w in text]
        assert not found, (slug, found)


def test_internal_links_resolve(pdfs):
    for slug, (_, reader) in pdfs.items():
        names = set(pikepdf.NameTree(reader.Root.Names.Dests).keys())
        internal = 0
        for page in reader.pages:
            for annot in page.get("/Annots", []):
                if annot.get("/Subtype") != "/Link":
                    continue
                if "/Dest" in annot:
                    internal += 1
                    assert str(annot["/Dest"]) in names, (slug, annot["/Dest"])
                else:
                    assert annot["/A"]["/S"] == "/URI"
        assert internal > 0, slug


def test_fetcher_refuses_anything_outside_the_site(tmp_path):
    fetcher = pdf.SiteOnlyFetcher([tmp_path])
    for url in ("https://fonts.googleapis.com/css", "file:///etc/passwd", "http://127.0.0.1/"):
        with pytest.raises(FatalURLFetchingError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 3


def test_a_broken_pdf_fails_with_a_clear_message(site, base, tmp_path):
    import shutil
    broken = tmp_path / "site"
    shutil.copytree(site, broken)
    (broken / "familles" / "batiment" / "index.html").write_text("<html><body>vide</body></html>", encoding="utf-8")
    with pytest.raises(DeriveError) as info:
        forked.run(pdf.jobs(base, broken, "https://exemple.test/", "v", only={"guide-batiment"}))
    assert str(info.value) == ("Échec de la production des fichiers dérivés :\n- pdf/guide-batiment.pdf : PdfError : "
                               "familles/batiment/ : contenu principal introuvable dans "
                               f"{broken / 'familles' / 'batiment' / 'index.html'}")


def test_guide_pages_link_to_their_pdf(site, base):
    for family in base.familles:
        page = (site / "familles" / family / "index.html").read_text(encoding="utf-8")
        assert f'href="../../pdf/guide-{family}.pdf"' in page


def test_downloads_page_lists_sizes(site, base):
    page = (site / "telechargements" / "index.html").read_text(encoding="utf-8")
    for doc in catalogue.documents(base):
        assert re.search(rf'data-taille="pdf/{doc.filename}">\(([0-9]+\u202fKo|[0-9]+,[0-9]\u202fMo)\)<', page), doc.slug


def test_no_local_address_in_any_pdf(pdfs, pages):
    """The test site is built with the default local address: it must appear neither as text nor as a link."""
    for slug, (_, reader) in pdfs.items():
        assert not re.search(r"127\.0\.0\.1|localhost", text_of(pages, slug)), slug
        for page in reader.pages:
            for annot in page.get("/Annots", []):
                action = annot.get("/A", {})
                assert "127.0.0.1" not in str(action.get("/URI", "")), slug


def test_clause_wording_copies_as_on_the_site(pages, base):
    """No hyphen added inside a clause: each line of every wording is found whole in its family's PDF."""
    for slug, texts in pages.items():
        assert "\u2010\n" not in "".join(texts), slug  # WeasyPrint's automatic hyphenation mark at a line end
    for family in base.familles:
        slug = f"clauses-{family}"
        if slug not in pages:
            continue
        # Compared without spaces and ASCII hyphens: a line may break after « / » (« g/|m2 »), and pdftotext
        # joins a word broken after its own hyphen (« ultra-|transformés »). Added hyphenation (U+2010) is caught above.
        text = re.sub(r"[\s-]", "", text_of(pages, slug))
        for clause in base.clauses_filed_under(family):
            for line in clause["redaction"].strip().splitlines():
                if line.strip():
                    assert re.sub(r"[\s-]", "", line) in text, (slug, clause["id"], line[:60])


LABEL_RE = re.compile(r"<(h2|h3|dt)\b[^>]*>(.*?)</\1>", re.S)


def labels(site) -> set[str]:
    """The headings every entry page repeats (Objectif, Résumé, Notes pour l'acheteur…), read on the built site."""
    import html as html_lib
    from collections import Counter
    seen = Counter()
    for folder in ("clauses", "veille", "retours"):
        for page in (site / folder).glob("*/index.html"):
            for m in LABEL_RE.finditer(page.read_text(encoding="utf-8")):
                seen[re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", "", m.group(2)))).replace("¶", "").strip()] += 1
    return {text for text, count in seen.items() if count >= 5}


def body_lines(path) -> list[list[str]]:
    """Each page's lines from top to bottom, running header and footer left out (pdftotext's layout boxes)."""
    import xml.etree.ElementTree as ET
    ns = "{http://www.w3.org/1999/xhtml}"
    out = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True, check=True)
    pages = []
    for page in ET.fromstring(out.stdout).iter(f"{ns}page"):
        height = float(page.get("height"))
        lines = sorted((float(line.get("yMin")), " ".join(w.text for w in line.iter(f"{ns}word")))
                       for line in page.iter(f"{ns}line"))
        pages.append([re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\xa0", " ")).strip()
                      for y, text in lines if 0.06 * height < y < 0.93 * height])
    return pages


def test_no_heading_left_at_the_foot_of_a_page(site, base):
    """Read the layout of every page of every PDF: no label heading is the last line above the footer."""
    headings = labels(site)
    assert {"Objectif", "Résumé", "Notes pour l'acheteur"} <= headings
    found = [(doc.slug, number, page[-1]) for doc in catalogue.documents(base)
             for number, page in enumerate(body_lines(site / "pdf" / doc.filename), 1) if page and page[-1] in headings]
    assert not found, found


def test_bookmarks_nest_and_pages_carry_the_edition_not_a_code(pdfs, pages, base):
    """Guide or group › section or entry; footers and covers give the edition date, the content version stays in the
    document's properties; running headers on one line."""
    from macros.model import content_version
    from macros.settings import data_root
    version = content_version(data_root())
    edition = re.sub(r"\s+", " ", pdf.french_date(base.today))
    for slug, (doc, reader) in pdfs.items():
        with reader.open_outline() as outline:
            top = outline.root
            assert len(top) <= 12, (slug, len(top))
            if len(doc.parts) > 1:
                assert any(len(item.children) for item in top), slug
        text = text_of(pages, slug)
        assert version not in text and f"Édition du {edition}" in text, slug
        assert str(reader.docinfo.get("/versionducontenu", "")) == version, slug  # WeasyPrint drops the hyphens


def test_running_headers_fit_on_one_line(site, base):
    import xml.etree.ElementTree as ET
    ns = "{http://www.w3.org/1999/xhtml}"
    for doc in catalogue.documents(base):
        out = subprocess.run(["pdftotext", "-bbox-layout", str(site / "pdf" / doc.filename), "-"],
                             capture_output=True, text=True, check=True).stdout
        for number, page in enumerate(ET.fromstring(out).iter(f"{ns}page"), 1):
            top = 0.06 * float(page.get("height"))
            rows = {round(float(line.get("yMin"))) for line in page.iter(f"{ns}line") if float(line.get("yMin")) < top}
            assert len(rows) <= 1, (doc.slug, number)


def test_no_wrong_statement_in_any_pdf(pages):
    """The statements found wrong on the site (issue #9) are not in the PDFs either."""
    from test_contenu import WRONG
    found = [(slug, pattern) for slug, texts in pages.items()
             for pattern in WRONG if re.search(pattern, re.sub(r"\s+", " ", " ".join(texts)))]
    assert not found, found


def test_list_items_keep_their_bullet(pages, base):
    """Bullets are drawn in the line (pdf.css): each obligation of a family guide, a list item starting with a
    paragraph, opens with its bullet."""
    for family in base.familles:
        text = text_of(pages, f"guide-{family}")
        for obligation in base.obligations_for(family):
            start = " ".join(obligation["titre"].split()[:4])
            assert f"• {start}" in text, (family, obligation["id"])


def test_each_entry_in_a_pdf_carries_its_identifier_version_and_date(pages, base):
    text = text_of(pages, "compendium")
    for cid in list(base.clauses)[:20]:
        assert f"Identifiant (pour citer cette clause) : {cid}" in text.replace("\u202f", " ").replace("\xa0", " "), cid
    assert text.count("Version 1 du") >= len(base.clauses) + len(base.veille)
