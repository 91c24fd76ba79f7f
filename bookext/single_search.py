"""One search box on every page.

pydata-sphinx-theme 0.17 puts a search field in its top navbar ("navbar_persistent") unless the
option is set, and sphinx-book-theme 1.3 already has one in the primary sidebar (wide screens) and a
search icon in the article header (narrow screens). The book showed two search fields side by side,
the navbar's and the sidebar's. Setting ``navbar_persistent`` to an empty list, before the builder
copies the theme options, removes the navbar field and with it the otherwise empty navbar. Checked in
the built book by ``tests/test_browser.py`` (exactly one visible search control at 1280 and 720 px).
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx


def no_navbar_search(_app: Sphinx, config: Any) -> None:
    options = dict(config.html_theme_options or {})
    options.setdefault("navbar_persistent", [])
    config.html_theme_options = options


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", no_navbar_search)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
