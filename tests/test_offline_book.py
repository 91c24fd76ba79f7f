"""The built book is a complete offline copy: every script and stylesheet a page loads is local.

bookext/offline_assets.py copies RequireJS, the ipywidgets HTML manager and MathJax from node_modules
(``npm ci``) into ``_static/npm/``; this checks the built HTML (no browser; tests/test_browser.py
loads the pages in Chromium). Links (launch buttons, sources, references) are not loaded resources.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
slow = pytest.mark.slow  # the tests that read the built book share the session's book build

# Vendored files the pages (or the scripts themselves) load, relative to _static/.
VENDORED = [
    "npm/requirejs/require.js",
    "npm/html-manager/embed-amd.js",
    "npm/mathjax/tex-chtml.js",
    "npm/mathjax/output/chtml/fonts/woff-v2/MathJax_Main-Regular.woff",
]
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
EXPLORER_PAGES = ["book/chapters/02_rights_and_sdgs.html", "book/chapters/03_heat_rain_storms.html"]
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


class _Resources(HTMLParser):
    """Collects the URLs a page loads: script src, stylesheet/preload/icon links, img/iframe/source src."""

    LOADED_LINK_RELS = {"stylesheet", "preload", "modulepreload", "icon", "shortcut", "manifest", "prefetch"}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag in {"script", "img", "iframe", "source", "audio", "video", "embed"} and a.get("src"):
            self.urls.append((tag, a["src"]))
        if tag == "link" and a.get("href") and set(a.get("rel", "").lower().split()) & self.LOADED_LINK_RELS:
            self.urls.append((tag, a["href"]))
        if tag == "object" and a.get("data"):
            self.urls.append((tag, a["data"]))


def _pages(html_dir: Path) -> list[Path]:
    return sorted(p for p in html_dir.rglob("*.html") if "_static" not in p.relative_to(html_dir).parts)


@slow
def test_vendored_files_exist(built_book_html: Path):
    missing = [f for f in VENDORED if not (built_book_html / "_static" / f).is_file()]
    assert not missing, f"vendored files missing from _static/: {missing}"


@slow
def test_no_page_loads_an_external_resource(built_book_html: Path):
    pages = _pages(built_book_html)
    assert len(pages) >= 10, f"only {len(pages)} pages built"
    external: list[str] = []
    broken: list[str] = []
    for page in pages:
        parser = _Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        for tag, url in parser.urls:
            if url.startswith("data:"):
                continue
            if EXTERNAL.match(url) or SCHEME.match(url):
                external.append(f"{page.relative_to(built_book_html)}: <{tag}> {url}")
                continue
            target = (page.parent / url.split("?")[0].split("#")[0]).resolve()
            if not target.is_file():
                broken.append(f"{page.relative_to(built_book_html)}: <{tag}> {url}")
    assert not external, "pages load resources from other hosts:\n" + "\n".join(external)
    assert not broken, "pages load local files that do not exist:\n" + "\n".join(broken)


@slow
def test_no_external_url_in_stylesheets(built_book_html: Path):
    """CSS can fetch too (@import, url(...) fonts)."""
    bad = []
    for css in (built_book_html / "_static").rglob("*.css"):
        for match in re.finditer(
            r"(?:@import\s+(?:url\()?|url\()\s*['\"]?((?:https?:)?//[^'\")\s]+)",
            css.read_text(encoding="utf-8", errors="replace"),
        ):
            bad.append(f"{css.relative_to(built_book_html)}: {match.group(1)}")
    assert not bad, "stylesheets load from other hosts:\n" + "\n".join(bad)


@slow
@pytest.mark.parametrize("page", EXPLORER_PAGES)
def test_explorer_pages_embed_widget_state_and_views(built_book_html: Path, page: str):
    html = (built_book_html / page).read_text(encoding="utf-8")
    assert f'type="{WIDGET_STATE}"' in html, f"{page}: no saved widget state (myst-nb stores it when executing)"
    assert "application/vnd.jupyter.widget-view+json" in html, f"{page}: no widget view to render"
    assert "_static/npm/html-manager/embed-amd.js" in html and "_static/npm/requirejs/require.js" in html, (
        f"{page}: the widget manager is not loaded from the book itself"
    )


def test_build_stops_with_a_clear_message_without_node_modules(tmp_path: Path):
    """No silent fallback to CDNs: a missing ``npm ci`` stops the build and says what to run."""
    pytest.importorskip("sphinx")
    import sys

    from sphinx.errors import ExtensionError

    sys.path.insert(0, str(REPO))
    try:
        from bookext.offline_assets import check_node_modules
    finally:
        sys.path.remove(str(REPO))
    with pytest.raises(ExtensionError, match="npm ci"):
        check_node_modules(tmp_path / "node_modules")


def test_pages_with_maths_load_the_vendored_mathjax(tmp_path: Path):
    """No book page has maths yet; a page that does must get MathJax from _static/npm, not a CDN."""
    import subprocess
    import sys

    if not (REPO / "node_modules" / "mathjax" / "es5" / "tex-chtml.js").is_file():
        pytest.skip("node_modules not installed (npm ci); the book build tests install it")
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(REPO)!r})\nextensions = ['sphinx.ext.mathjax', 'bookext.offline_assets']\n",
        encoding="utf-8",
    )
    (src / "index.rst").write_text("Maths\n=====\n\n.. math::\n\n   E = mc^2\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    html = (out / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script[^>]*src="([^"]*mathjax[^"]*)"', html, flags=re.IGNORECASE)
    assert scripts and all(s.startswith("_static/npm/mathjax/tex-chtml.js") for s in scripts), scripts
    assert (out / "_static" / "npm" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").is_dir()
