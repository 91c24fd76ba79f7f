"""Accessibility fixes for markup the theme stack writes (axe-core, ``tests/test_browser.py``).

Three kinds of markup from upstream packages fail axe-core's serious/critical rules; this extension
corrects them in our build instead of hiding them from the checker:

- ``label-content-name-mismatch`` (WCAG 2.5.3 Label in Name): an ``aria-label`` that replaces the
  visible text, so speech-input users cannot say what they see.

  * pydata-sphinx-theme 0.17.1 search field button: ``aria-label="Search"`` over the visible
    "Search Ctrl+K". The label is dropped; the name comes from the visible text.
  * pydata-sphinx-theme 0.17.1 colour-mode button: ``aria-label="Color mode"`` over icons with a
    ``title`` ("Light", "Dark", "System Settings"), which Font Awesome turns into an SVG ``<title>``
    that axe-core counts as the button's visible text. The icons lose the title and are marked ``aria-hidden="true"`` (decorative): the
    button's name stays "Color mode", as before, and its tooltip still says "Color mode"; the icon
    shape shows the current mode.
  * myst-nb 1.4.0 hidden-cell toggle: ``<summary aria-label="Toggle hidden content">`` over the
    visible "Show code cell source". The label is dropped; the name comes from the visible text and
    the browser reports the open/closed state of ``<details>`` itself.

- ``aria-required-children``: the docutils/Sphinx 7.4 HTML writer wraps the bibliography in
  ``<div role="list" class="citation-list">`` whose entries have ``role="doc-biblioentry"``, a role
  deprecated in DPUB-ARIA 1.1 that is not a list item. The entries get ``role="listitem"``.

- ``aria-input-field-name``: the ipywidgets 8 slider handle (``role="slider"``) has no name. The
  script ``static/widget-a11y.js`` (added to pages with saved widget state) labels each handle with
  its widget's description.

The page HTML is corrected after Sphinx has written it (``build-finished``): the theme's buttons come
from its templates, not from the page body. The rewrite only touches the exact upstream strings, so it
is idempotent and does nothing once upstream fixes them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
WIDGET_SCRIPT = "widget-a11y.js"

_SEARCH_FIELD = re.compile(r'(<button class="[^"]*\bsearch-button-field\b[^"]*"[^>]*?) aria-label="[^"]*"')
_THEME_ICON = re.compile(r'<i class="theme-switch ([^"]*)"([^>]*?) title="[^"]*"')
_TOGGLE = re.compile(r'<summary aria-label="Toggle hidden content">')
# docutils writes every citation inside a <div role="list" class="citation-list"> group.
_CITATION = re.compile(r'(<div class="citation"[^>]*?) role="doc-biblioentry"')


def fix_html(html: str) -> str:
    """Return the page with the upstream accessibility faults corrected (no-op when absent)."""
    html = _SEARCH_FIELD.sub(r"\1", html)
    html = _THEME_ICON.sub(r'<i aria-hidden="true" class="theme-switch \1"\2', html)
    html = _TOGGLE.sub("<summary>", html)
    html = _CITATION.sub(r'\1 role="listitem"', html)
    return html


def add_widget_script(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:  # noqa: ARG001
    """Add the slider-labelling script to pages that render saved widget state (myst-nb added its scripts)."""
    scripts = context.get("script_files") or []
    if any("html-manager" in str(getattr(s, "filename", s) or "") for s in scripts):
        app.add_js_file(WIDGET_SCRIPT, loading_method="defer")


def add_static_path(_app: Sphinx, config: Any) -> None:
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))


def rewrite_pages(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    changed = 0
    for path in Path(app.outdir).rglob("*.html"):
        if "_static" in path.relative_to(app.outdir).parts:
            continue
        text = path.read_text(encoding="utf-8")
        fixed = fix_html(text)
        if fixed != text:
            path.write_text(fixed, encoding="utf-8")
            changed += 1
    logger.info(f"accessibility: corrected upstream ARIA markup in {changed} pages")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", add_static_path)
    # After myst-nb (priority 500) added the widget scripts, before offline_assets tidies the list (900).
    app.connect("html-page-context", add_widget_script, priority=600)
    app.connect("build-finished", rewrite_pages)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
