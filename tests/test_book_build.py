"""The whole book builds with warnings as errors (-W -n --keep-going) into a temporary folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow

LANDING_TITLE = "Rights, Climate &amp; the SDGs"


def _follow_redirect(index: Path) -> Path:
    """Jupyter Book writes a redirect index.html when the root page is not at the top level."""
    match = re.search(r'http-equiv="Refresh" content="0; url=([^"]+)"', index.read_text(encoding="utf-8"))
    return (index.parent / match.group(1)) if match else index


def test_book_builds_without_warnings(book_build):
    tail = "\n".join(book_build.output.splitlines()[-60:])
    assert book_build.returncode == 0, f"jupyter-book build failed (exit {book_build.returncode}):\n{tail}"


def test_index_html_is_the_landing_page(built_book_html: Path):
    index = built_book_html / "index.html"
    assert index.is_file(), f"{index} was not written"
    landing = _follow_redirect(index)
    assert landing.is_file(), f"index.html redirects to {landing}, which does not exist"
    html = landing.read_text(encoding="utf-8")
    assert f"<h1>{LANDING_TITLE}" in html, f"{landing} does not carry the landing page title"


def test_every_toc_page_is_built(built_book_html: Path):
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    files: list[str] = []

    def walk(entry: dict) -> None:
        if "file" in entry:
            files.append(entry["file"])
        for key in ("parts", "chapters", "sections"):
            for child in entry.get(key, []):
                walk(child)

    files.append(toc["root"])
    walk(toc)
    missing = [f for f in files if not (built_book_html / f"{Path(f).with_suffix('')}.html").is_file()]
    assert not missing, f"pages in _toc.yml without HTML output: {missing}"


def test_no_instructor_material_in_book(built_book_html: Path):
    """exercises/ holds solutions and hidden tests: nothing from it may reach the published site."""
    leaked = [p for p in built_book_html.rglob("*") if "exercises" in p.relative_to(built_book_html).parts]
    assert not leaked, f"instructor material in the built book: {leaked[:5]}"
