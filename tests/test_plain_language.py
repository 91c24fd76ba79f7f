"""Plain language: no sentence in the book's prose or an assignment's text runs over 35 words.

AUTHORING.md asks for "one idea per sentence, most sentences under 20 words, no sentence over 35",
for a municipal officer reading English as a second language. This test enforces the hard limit.

How a sentence is counted (strictly, as a reader meets it):

* prose is the Markdown of chapter and appendix pages and of the assignments' source notebooks; code,
  tables, headings, HTML, maths and directive options (except a figure's ``:alt:`` text) are not prose;
* a sentence ends at ``.``, ``!`` or ``?`` followed by a capital or a digit, but not after an
  abbreviation such as "e.g.", "art." or "para.";
* a sentence does NOT end at a colon or a semicolon, nor at the end of a list item that ends with
  ``;``, ``,``, "and" or "or": a lead-in ending with ``:`` followed by such items is one sentence. A
  list whose items stand alone (no trailing ``;``) is read item by item;
* roles count as what the reader sees: ``{term}`ratification``` is one word, a glued number is one
  word, a citation is nothing, inline code is one word;
* verbatim quotations are not ours to shorten: block quotes (``>``) are skipped, and a quoted span
  inside a sentence counts as one word.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
LIMIT = 35
PAGES = sorted(
    [*REPO.glob("book/*.md"), *REPO.glob("book/chapters/*.ipynb"), *REPO.glob("book/appendices/*")]
    + [*REPO.glob("exercises/source/*/*.ipynb")]
)

ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|art|arts|para|paras|No|no|cf|vs|approx|Fig|fig|pp|Vol|vol|St)\.(?=\s)")
ROLE = re.compile(r"\{([\w:-]+)\}`([^`]*)`")
LIST_ITEM = re.compile(r"^([-*+]|\d{1,2}[.)])\s+")  # "2024. There" is not a list
CONTINUES = re.compile(r"(;|,|\band|\bor)\s*$")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+(?=[A-Z0-9“\"(\[‘])")
NOT_PROSE_FENCES = ("{code", "{glue", "{math", "{raw", "{list-table", "{csv-table", "{bibliography", "{toctree")


def _role_text(match: re.Match) -> str:
    role, text = match.group(1), match.group(2)
    if role.startswith(("cite", "footcite")):
        return ""
    if role.startswith("glue"):
        return "N"
    return re.sub(r"<[^>]*>", "", text).strip() or "X"


def paragraphs(markdown: str) -> list[str]:
    """The prose of a Markdown text as paragraphs; a list item is its own paragraph."""
    found: list[str] = []
    current: list[str] = []
    fences: list[tuple[str, bool]] = []  # (marker, holds code)

    def flush() -> None:
        if current:
            found.append(" ".join(current))
            current.clear()

    for line in markdown.split("\n"):
        text = line.strip()
        fence = re.match(r"^(`{3,}|:{3,})(.*)$", text)
        if fence:
            marker, rest = fence.group(1), fence.group(2).strip()
            flush()
            if fences and not rest and marker[0] == fences[-1][0][0] and len(marker) >= len(fences[-1][0]):
                fences.pop()
            else:
                code = (marker[0] == "`" and not rest.startswith("{")) or rest.startswith(NOT_PROSE_FENCES)
                fences.append((marker, code))
            continue
        if any(code for _, code in fences):
            continue
        if re.match(r"^:[\w-]+:", text):  # a directive's option; its alt text is read aloud
            if text.startswith(":alt:"):
                flush()
                found.append(text[len(":alt:") :].strip())
            continue
        # blank lines, headings, tables, HTML, maths and targets such as "(ch1)=" are not prose;
        # a block quote (">") is a verbatim quotation
        if not text or text.startswith(("#", "|", "<", "$$", ">")) or re.fullmatch(r"\([\w-]+\)=", text):
            flush()
            continue
        if LIST_ITEM.match(text):
            flush()
            text = LIST_ITEM.sub("", text)
        current.append(text)
    flush()
    return found


def sentence_units(paragraph_list: list[str]) -> list[str]:
    """Join a lead-in and list items that continue one sentence (items ending in ';', ',', 'and', 'or')."""
    units: list[str] = []
    k = 0
    while k < len(paragraph_list):
        text, j = paragraph_list[k], k + 1
        while j < len(paragraph_list) and (
            CONTINUES.search(text) or (text.endswith(":") and CONTINUES.search(paragraph_list[j]))
        ):
            text += " " + paragraph_list[j]
            j += 1
        units.append(text)
        k = j
    return units


def sentences(unit: str) -> list[str]:
    text = ROLE.sub(_role_text, unit)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # an image
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link reads as its text
    text = re.sub(r"`[^`]*`", "X", text)
    text = re.sub(r"“[^”]{20,}”", "QUOTE", text)  # a long verbatim quotation counts as one word
    text = re.sub(r"\*\*|__|\*", "", text)
    text = ABBREVIATION.sub(lambda m: m.group(0).replace(".", "·"), text)
    return [part for part in SENTENCE_END.split(text) if part.strip()]


def word_count(sentence: str) -> int:
    return sum(1 for word in sentence.split() if re.search(r"\w", word))


def markdown_of(path: Path) -> list[str]:
    if path.suffix == ".ipynb":
        notebook = nbformat.read(path, as_version=4)
        return [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]
    return [path.read_text(encoding="utf-8")]


def long_sentences(path: Path, limit: int = LIMIT) -> list[tuple[int, str]]:
    found = []
    for markdown in markdown_of(path):
        for unit in sentence_units(paragraphs(markdown)):
            for sentence in sentences(unit):
                if word_count(sentence) > limit:
                    found.append((word_count(sentence), sentence))
    return found


def test_pages_found():
    assert len([p for p in PAGES if "chapters" in p.parts]) >= 8
    assert len([p for p in PAGES if "source" in p.parts]) >= 7


@pytest.mark.parametrize("path", PAGES, ids=[str(p.relative_to(REPO)) for p in PAGES])
def test_no_sentence_over_35_words(path: Path):
    found = long_sentences(path)
    listing = "\n\n".join(f"[{n} words] {text}" for n, text in found)
    assert not found, (
        f"{path.relative_to(REPO)}: {len(found)} sentence(s) over {LIMIT} words (AUTHORING.md: plain "
        f"language). Split each into sentences of one idea; a list whose items end in ';' is read as "
        f"one sentence, so give it a short lead-in and items that stand alone.\n\n{listing}"
    )


@pytest.mark.parametrize(
    "markdown, expected",
    [
        # a list that continues one sentence is one sentence
        ("You will:\n\n- " + "; \n- ".join(["count the hot days in each city"] * 6) + ".", 1),
        # the same list with items that stand alone is read item by item
        ("You will:\n\n- " + "\n- ".join(["count the hot days in each city"] * 6), 0),
        # an abbreviation does not end a sentence; a quotation counts as one word
        ("See art. 6 and para. 62 of " + "the comment on the right to life " * 5 + "today.", 1),
        ("It says " + "“" + "every word of a treaty " * 10 + "” and so we quote it.", 0),
        # code and glued numbers do not count as many words
        ("```python\n" + "x = 1 " * 50 + "\n```", 0),
    ],
)
def test_counter_reads_as_a_reader_does(markdown: str, expected: int, tmp_path: Path):
    page = tmp_path / "page.md"
    page.write_text(markdown, encoding="utf-8")
    assert len(long_sentences(page)) == expected


def lazy_continuations(markdown: str) -> list[str]:
    """Unindented lines that Markdown folds into the list item above them (a blank line was missing).

    A paragraph written straight after a list, with no blank line, renders inside the list's last
    item: the reader then takes it as part of that item (in chapter 2 it once seemed to qualify a
    single kind of crosswalk source instead of the whole crosswalk)."""
    found, in_list, in_fence = [], False, False
    for line in markdown.split("\n"):
        text = line.strip()
        if text.startswith(("```", ":::")):
            in_fence = not in_fence if not text.strip("`:") or not in_fence else in_fence
            in_list = False
            continue
        if in_fence or not text:
            in_list = False
            continue
        if LIST_ITEM.match(line.lstrip()) and (line == line.lstrip() or in_list):
            in_list = True
        elif in_list and line[0] not in " \t":
            found.append(text)
    return found


@pytest.mark.parametrize("path", PAGES, ids=[str(p.relative_to(REPO)) for p in PAGES])
def test_no_paragraph_runs_into_a_list(path: Path):
    found = [line for markdown in markdown_of(path) for line in lazy_continuations(markdown)]
    assert not found, (
        f"{path.relative_to(REPO)}: these lines follow a list item without a blank line, so they render "
        f"inside that item; add a blank line before them (or indent them if they belong to it): {found}"
    )


def test_lazy_continuation_is_found_and_wrapped_items_are_not():
    assert lazy_continuations(
        "Sources:\n\n- a treaty article.\n- a declaration;\n  not a treaty.\nThe crosswalk is a selection."
    ) == ["The crosswalk is a selection."]
    assert lazy_continuations("- a treaty article,\n  wrapped.\n\nA new paragraph.\nIn 2024. There it is.") == []
