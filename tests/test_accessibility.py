"""bookext/accessibility.py: the upstream ARIA markup it corrects (fast; the browser test runs axe-core)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# bookext is not an installed package (Sphinx loads it from the book root): load the module from its file.
_spec = importlib.util.spec_from_file_location("bookext_accessibility", REPO / "bookext" / "accessibility.py")
accessibility = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(accessibility)
STATIC, WIDGET_SCRIPT, fix_html = accessibility.STATIC, accessibility.WIDGET_SCRIPT, accessibility.fix_html

SEARCH_FIELD = (
    '<button class="btn search-button-field search-button__button pst-js-only" title="Search" aria-label="Search" '
    'data-bs-placement="bottom" data-bs-toggle="tooltip">\n <span class="search-button__default-text">Search</span>'
)
ICON_SEARCH = '<button class="btn btn-sm pst-navbar-icon search-button search-button__button pst-js-only" title="Search" aria-label="Search">'
THEME_ICON = '<i class="theme-switch fa-solid fa-sun                fa-lg" data-mode="light" title="Light"></i>'
TOGGLE = '<details class="admonition hide above-input">\n<summary aria-label="Toggle hidden content">\n'
CITATIONS = (
    '<div role="list" class="citation-list">\n<div class="citation" id="id6" role="doc-biblioentry">\n'
    '<span class="label">[HBB+20]</span>\n<p>Text.</p>\n</div>\n</div>'
)
PAGE = "\n".join([SEARCH_FIELD, ICON_SEARCH, THEME_ICON, TOGGLE, CITATIONS])


def test_labels_that_hide_visible_text_are_removed():
    fixed = fix_html(PAGE)
    assert 'search-button-field search-button__button pst-js-only" title="Search" data-bs' in fixed
    assert "<summary>\n" in fixed and "Toggle hidden content" not in fixed
    # The icon-only search button has no visible text: its aria-label is its name and stays.
    assert ICON_SEARCH in fixed


def test_colour_mode_icons_are_decorative():
    fixed = fix_html(THEME_ICON)
    assert (
        fixed
        == '<i aria-hidden="true" class="theme-switch fa-solid fa-sun                fa-lg" data-mode="light"></i>'
    )


def test_citations_are_list_items():
    fixed = fix_html(CITATIONS)
    assert 'role="doc-biblioentry"' not in fixed
    assert '<div class="citation" id="id6" role="listitem">' in fixed


def test_idempotent_and_harmless_elsewhere():
    fixed = fix_html(PAGE)
    assert fix_html(fixed) == fixed
    plain = '<p aria-label="x">Search</p><summary>Show</summary>'
    assert fix_html(plain) == plain


def test_widget_script_is_shipped():
    script = (STATIC / WIDGET_SCRIPT).read_text(encoding="utf-8")
    assert "noUi-handle" in script and "aria-labelledby" in script
