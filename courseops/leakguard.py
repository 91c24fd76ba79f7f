"""Leak guard: no solution or hidden-test text from a source notebook may reach learners.

``courseops leakguard [FOLDER ...]`` (or ``python -m courseops.leakguard``), in the course folder, scans
its ``release/`` (and any built-book folders given, e.g. ``_build/html``) and exits 1 if it finds a leak.

Secrets are the text between ``BEGIN SOLUTION``/``END SOLUTION``, the whole source of solution cells
without those markers (e.g. a model written answer), the text between ``BEGIN HIDDEN TESTS``/``END
HIDDEN TESTS`` and marking schemes (``BEGIN MARK SCHEME``/``END MARK SCHEME``). Each secret line becomes a snippet compared as lower-case words and numbers (so HTML
escaping, syntax highlighting and Markdown markup do not hide a leak). Snippets shorter than
``MIN_CHARS`` characters, import lines and lines that also appear in the learner-visible part of the
notebook are ignored, so trivial lines such as ``pass`` or ``return x`` cannot give false alarms.
"""

from __future__ import annotations

import argparse
import html
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from courseops.notebooks import public_text, read_notebook, secret_texts, words
from courseops.paths import course_dir_or_exit, notebooks_in, release_dir, source_dir

MIN_CHARS = 25
TEXT_SUFFIXES = {".html", ".htm", ".ipynb", ".md", ".txt", ".py", ".js", ".json", ".tex", ".rst", ".xml", ".csv"}
IMPORT_LINE = re.compile(r"^\s*(import\s|from\s+\S+\s+import\s)")


@dataclass(frozen=True)
class Snippet:
    """A secret line (as words) and where it comes from."""

    words: str
    origin: str


@dataclass(frozen=True)
class Leak:
    """A snippet found in a file learners can see."""

    path: Path
    snippet: Snippet


def contains(haystack_words: str, key: str) -> bool:
    """Whole-word containment of ``key`` in ``haystack_words`` (both as produced by ``words``)."""
    return f" {key} " in f" {haystack_words} "


def secret_lines(text: str, *, prose: bool = False) -> list[str]:
    """Lines of a secret, long prose lines also split into sentences (so a quoted sentence is found).

    With ``prose`` (a Markdown cell, e.g. a model answer), lines wrapped inside a paragraph are joined
    first: the snippets are whole sentences, not the fragment that happens to start a wrapped line
    (such as "Human Rights Commission of Korea."), which any page naming the Commission would contain.
    """
    if prose:
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
        return [s for p in paragraphs for s in re.split(r"(?<=[.!?])\s+", p) if s]
    lines = []
    for line in text.splitlines():
        sentences = re.split(r"(?<=[.!?])\s+", line.strip())
        lines += [line] + (sentences if len(sentences) > 1 else [])
    return lines


def notebook_public_words(nb) -> str:
    """Everything learners see of a source notebook, as words (for excluding shared lines)."""
    return words("\n".join(public_text(cell) for cell in nb.cells))


def secret_snippets(nb, origin: str, min_chars: int = MIN_CHARS) -> list[Snippet]:
    """Meaningful secret lines of one source notebook."""
    public = notebook_public_words(nb)
    found: dict[str, Snippet] = {}
    for index, cell in enumerate(nb.cells):
        for text in secret_texts(cell):
            for line in secret_lines(text, prose=cell.cell_type == "markdown"):
                key = words(line)
                if len(key) < min_chars or IMPORT_LINE.match(line) or contains(public, key):
                    continue
                found.setdefault(key, Snippet(key, f"{origin} cell {index}: {line.strip()[:80]}"))
    return list(found.values())


def course_snippets(course_dir: Path) -> list[Snippet]:
    """Secret snippets of every source notebook of the course."""
    snippets = []
    for folder in sorted(p for p in source_dir(course_dir).glob("*") if p.is_dir()):
        for path in notebooks_in(folder):
            snippets += secret_snippets(read_notebook(path), str(path.relative_to(course_dir)))
    return snippets


class _TextExtractor(HTMLParser):
    """Collects the text of an HTML page (tags dropped, entities decoded)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def html_text(markup: str) -> str:
    """The visible text (and script text) of an HTML page."""
    parser = _TextExtractor()
    parser.feed(markup)
    return "\n".join(parser.parts)


def notebook_text(raw: str) -> str:
    """Cell sources and text outputs of a notebook file; raw text if it is not valid JSON."""
    try:
        nb = json.loads(raw)
    except json.JSONDecodeError:
        return raw
    parts = []
    for cell in nb.get("cells", []):
        parts.append("".join(cell.get("source", "")))
        for output in cell.get("outputs", []):
            parts.append("".join(output.get("text", "")))
            parts += ["".join(v) if isinstance(v, list) else str(v) for v in output.get("data", {}).values()]
    return "\n".join(parts)


def file_words(path: Path) -> str:
    """A text file as words, read the way a learner would see it."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".ipynb":
        raw = notebook_text(raw)
    elif path.suffix in {".html", ".htm"}:
        raw = html_text(raw)
    return words(html.unescape(raw))


def scan(root: Path, snippets: list[Snippet]) -> list[Leak]:
    """Every snippet found in any text file under ``root`` (or in ``root`` itself if it is a file)."""
    root = Path(root)
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    leaks = []
    for path in files:
        if path.suffix.lower() not in TEXT_SUFFIXES:
            continue
        haystack = file_words(path)
        leaks += [Leak(path, s) for s in snippets if contains(haystack, s.words)]
    return leaks


def describe(leaks: list[Leak]) -> str:
    """One line per leak: file, and the source line that leaked."""
    return "\n".join(f"{leak.path}: {leak.snippet.origin}" for leak in leaks)


def main(argv: list[str] | None = None) -> int:
    """Exit 0 when nothing leaked, 1 when something did, 2 for a usage error (no course, missing folder)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, help="extra folders to scan, e.g. _build/html")
    parser.add_argument(
        "--course-dir", type=Path, default=None, help="the nbgrader course folder (default: found from here upwards)"
    )
    args = parser.parse_args(argv)
    course_dir = course_dir_or_exit(args.course_dir)
    missing = [str(f) for f in args.folders if not f.exists()]
    if missing:
        parser.error(f"no such folder: {', '.join(missing)}")
    snippets = course_snippets(course_dir)
    leaks = [leak for root in [release_dir(course_dir), *args.folders] for leak in scan(root, snippets)]
    print(describe(leaks) if leaks else f"No leaks: {len(snippets)} secret snippets checked.")
    return 1 if leaks else 0


if __name__ == "__main__":
    raise SystemExit(main())
