"""Valid HTML (RGAA criterion 8.2): the Nu Html Checker finds no error on one page of each type (`make balayage`
checks every page); the theme's invalid HTML is corrected after the build (macros/theme_html.py)."""
from __future__ import annotations

from pathlib import Path

import material
import pytest
from conftest import page_types
from web_checks import vnu, vnu_report

from macros import theme_html

MATERIAL = Path(material.__file__).parent / "templates"


def test_one_page_of_each_type_is_valid_html(site):
    files = [site / path / "index.html" for path in page_types(site)]
    assert len(files) > 10
    errors = vnu(files)
    if errors:
        pytest.fail(vnu_report(errors, site), pytrace=False)


def test_theme_toggles_keep_autocomplete_off_through_a_form_owner():
    """The theme's own lines (Material's base.html): no autocomplete left on a checkbox, one empty form."""
    toggles = "\n".join(line for line in (MATERIAL / "base.html").read_text(encoding="utf-8").splitlines()
                        if 'class="md-toggle"' in line)
    assert toggles.count('autocomplete="off"') == 2, "les cases à cocher du thème ont changé : revoir theme_html"
    fixed = theme_html.apply(toggles)
    assert fixed.lstrip().startswith('<form id="__bascules" autocomplete="off"></form><input')
    assert fixed.count("<form ") == 1 and fixed.count('form="__bascules"') == 2
    assert fixed.count("autocomplete") == 1  # on the form only
    assert theme_html.apply(fixed) == fixed


def test_section_labels_get_a_valid_tabindex():
    rendered = ('<label class="md-nav__link" for="__nav_5" id="__nav_5_label" tabindex="">'
                '<label class="md-nav__link" for="__nav_6" id="__nav_6_label" tabindex="0">')
    fixed = theme_html.apply(rendered)
    assert fixed == rendered.replace('tabindex=""', 'tabindex="-1"')
    assert theme_html.apply(fixed) == fixed


def test_zensical_overlay_label_is_no_longer_hidden():
    zensical = '<label class="md-overlay" for="__drawer" aria-hidden="true"></label>'
    assert theme_html.apply(zensical) == '<label class="md-overlay" for="__drawer"></label>'
    assert theme_html.apply(theme_html.apply(zensical)) == theme_html.apply(zensical)


def test_markdown_tables_scroll_in_a_region_reached_by_the_keyboard():
    page = ("<p>x</p><table><tr><td>1</td></tr></table><table class=\"a\"><tr><td>2</td></tr></table>"
            '<div class="tableau-defilant" tabindex="0" role="region" aria-label="Fichiers"><table><tr><td>3</td></tr>'
            "</table></div><table><tr><td>4</td></tr></table>")
    done = theme_html.apply(page)
    assert done.count('role="region"') == 3 and done.startswith('<p>x</p><div class="tableau-defilant" tabindex="0"')
    assert 'aria-label="Tableau 1"' in done and 'aria-label="Tableau 2"' in done and 'aria-label="Fichiers"' in done
    assert theme_html.apply(done) == done
