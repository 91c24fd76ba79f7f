"""No page of the built book shows the same image twice.

A figure glued with ``glue(..., display=False)`` and shown with ``{glue:figure}`` appears once. If the code
cell also displays it (a glue without ``display=False``, or a figure left open at the end of the cell), the
page shows it twice: once as code output and once as the numbered figure.
"""

from __future__ import annotations

import base64
import hashlib
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

pytestmark = pytest.mark.slow

# Generated pages that are not course pages.
SKIP_PAGES = {"genindex.html", "search.html", "py-modindex.html"}


class _ImageSources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            src = dict(attrs).get("src")
            if src:
                self.sources.append(src)


def image_sources(html: str) -> list[str]:
    parser = _ImageSources()
    parser.feed(html)
    return parser.sources


def image_key(src: str, page: Path) -> str:
    """What makes two images the same: the bytes of a data: URI or of the local file, else the src itself."""
    if src.startswith("data:"):
        header, _, payload = src.partition(",")
        data = base64.b64decode(payload) if header.endswith(";base64") else unquote(payload).encode()
        return "sha256:" + hashlib.sha256(data).hexdigest()
    parts = urlsplit(src)
    if not parts.scheme and not parts.netloc:
        local = (page.parent / unquote(parts.path)).resolve()
        if local.is_file():
            return "sha256:" + hashlib.sha256(local.read_bytes()).hexdigest()
    return src


def repeated_images(page: Path) -> dict[str, list[str]]:
    by_key: dict[str, list[str]] = defaultdict(list)
    for src in image_sources(page.read_text(encoding="utf-8")):
        by_key[image_key(src, page)].append(src[:80])
    return {key: srcs for key, srcs in by_key.items() if len(srcs) > 1}


def test_image_key_sees_the_same_bytes_under_two_names(tmp_path: Path):
    png = b"\x89PNG\r\n\x1a\n" + b"same figure"
    (tmp_path / "a.png").write_bytes(png)
    (tmp_path / "b.png").write_bytes(png)
    inline = "data:image/png;base64," + base64.b64encode(png).decode()
    page = tmp_path / "page.html"
    page.write_text(f'<p><img src="a.png" alt="x"></p><figure><img src="{inline}" alt="x"></figure>', encoding="utf-8")
    assert list(repeated_images(page).values()) == [["a.png", inline[:80]]]
    page.write_text('<img src="a.png" alt="x"><img src="other.png" alt="y">', encoding="utf-8")
    (tmp_path / "other.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"another figure")
    assert repeated_images(page) == {}


def test_no_page_shows_an_image_twice(built_book_html: Path):
    pages = [p for p in built_book_html.rglob("*.html") if p.name not in SKIP_PAGES and "_static" not in p.parts]
    assert pages, f"no HTML pages under {built_book_html}"
    repeats = {str(p.relative_to(built_book_html)): r for p in pages if (r := repeated_images(p))}
    assert not repeats, f"the same image appears more than once on a page: {repeats}"
