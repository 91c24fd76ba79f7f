"""Plain language: no sentence in the book's prose or an assignment's text runs over 35 words.

AUTHORING.md asks for "one idea per sentence, most sentences under 20 words, no sentence over 35",
for a municipal officer reading English as a second language. This test enforces the hard limit.

How a sentence is counted (strictly, as a reader meets it; when in doubt, the longer reading wins):

* prose is the Markdown of chapter and appendix pages and of the assignments' source notebooks; code,
  headings, HTML, maths and directive options (except a figure's ``:alt:`` text) are not prose.
  A figure's caption and alt text are prose, in a ``{glue:figure}`` as in a ``{figure}``. A glossary
  term is shown on its own line, like a heading, above its definition: it is not counted;
* a table's cells are prose (a rubric's levels, a threat and what stops it): each cell is a paragraph
  of its own. A cell is one line, so it is never read as a list item or joined with its neighbours. A
  header row (the row above ``|---|``) is read like a heading and is not counted, nor is a cell of only
  code, numbers or a few symbols ("`--cold`", "6 × 3", "73.3 s"). A ``\\|`` does not end a cell;
* a sentence ends at ``.``, ``!`` or ``?`` (and any closing quote, bracket or ``**``) followed by a space
  and a capital letter or an opening quote, but not after an abbreviation such as "e.g.", "art." or
  "para.". Bold and italic markers are ignored: ". **Next**" starts a sentence like ". Next";
* a bracket after a sentence end belongs to that sentence, unless it holds a full sentence of its own,
  ending inside the brackets: in "... in 2024. (See chapter 3.)" the bracket is a sentence, in
  "... in 2024. (about 8 % more than in 2023)" it is read with "... in 2024";
* a digit after a sentence end does not start a sentence (the UN style, like most, spells out or
  rephrases a number at the start of a sentence, so "p. 12", "ch. 3" or "in 2024. 55 cases" read on),
  except after a run-in label in bold or italics: "**Days.** 1 July to 31 August" is two;
* a sentence does NOT end at a colon or a semicolon, nor at the end of a list item that ends with
  ``;``, ``,``, "and" or "or": a lead-in ending with ``:`` followed by such items is one sentence. A
  list whose items stand alone (no trailing ``;``) is read item by item;
* roles count as what the reader sees: ``{term}`ratification``` is one word, a glued value is one word
  (a glue with a number format such as ``:.1f`` is a number, so it follows the digit rule above), a
  citation is one word (the reader sees "(Mont et al. 2017)"), a ``{ref}`` or ``{doc}`` without its
  own text counts the words of the title it shows, inline code is one word;
* a link reads as its text; a symbol read aloud as a word ("%", "×", "=", "≥", "→", "&"...) is a word
  even when it stands apart ("8 % larger" is three words);
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
# a possible sentence end: . ! or ?, any closing quotes, brackets or emphasis, then a space;
# whether it is one depends on what follows (see starts_sentence)
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)\]*_]*\s+")
OPENING_QUOTES = '“"‘'
TABLE_DELIMITER = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$")  # |---|:--:| under a header row
CELL_BORDER = re.compile(r"(?<!\\)\|")  # "\|" is a pipe inside a cell, not a border
SPOKEN_SYMBOLS = "%‰×÷=≈≠<>≤≥±+→&"  # read aloud as a word: "per cent", "times", "equals"...
# directives whose body the reader does not see as prose ({glue:figure} has a caption and alt text)
NOT_PROSE_FENCES = (
    "{code",
    "{glue}",
    "{glue:}",
    "{glue:any}",
    "{glue:text}",
    "{glue:md}",
    "{glue:math}",
    "{math",
    "{raw",
    "{list-table",
    "{csv-table",
    "{bibliography",
    "{toctree",
)


def _titles() -> dict[str, str]:
    """What a {ref} or {doc} without its own text shows: the title of the target's heading or page."""
    titles: dict[str, str] = {}
    for path in PAGES:
        text = "\n".join(markdown_of(path))
        first = re.search(r"^# +(.+)$", text, re.M)
        if first:
            titles[path.stem] = first.group(1)
        for target in re.finditer(r"^\(([\w-]+)\)=\s*\n\s*#+ +(.+)$", text, re.M):
            titles[target.group(1)] = target.group(2)
    # a chapter number such as "1. Why rights..." is part of the title, not a sentence end
    return {label: re.sub(r"(\d)\.\s", r"\1 ", title) for label, title in titles.items()}


def _role_text(match: re.Match) -> str:
    role, text = match.group(1), match.group(2)
    if role.startswith(("cite", "footcite")):
        return "C"
    if role.startswith("glue"):
        return "0" if ":" in text else "N"  # "ch5_cv:.2f" is a number; a bare key may be a name
    shown = re.sub(r"<[^>]*>", "", text).strip()
    if role in ("ref", "doc") and "<" not in text:
        shown = TITLES.get(text.strip().split("/")[-1], shown)
    return shown or "X"


class TableCell(str):
    """A table cell's text: a paragraph of its own, never joined with a list (a cell is one line)."""


def _is_prose_cell(cell: str) -> bool:
    """Whether a table cell holds words, not only code, numbers or a few symbols ("6 × 3", "73.3 s")."""
    text = ROLE.sub(_role_text, cell)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link reads as its text
    text = re.sub(r"`[^`]*`", " ", text)
    return bool(re.search(r"[^\W\d_]{2,}", text))


def table_cells(row: str) -> list[TableCell]:
    """The prose cells of one table row ("| a | b |"), each its own paragraph."""
    cells = CELL_BORDER.split(row.strip())
    if cells and not cells[0].strip():
        cells = cells[1:]
    if cells and not cells[-1].strip():
        cells = cells[:-1]
    return [TableCell(cell.strip()) for cell in cells if _is_prose_cell(cell)]


def paragraphs(markdown: str) -> list[str]:
    """The prose of a Markdown text as paragraphs; a list item and a table cell are each their own."""
    found: list[str] = []
    current: list[str] = []
    fences: list[tuple[str, bool, str]] = []  # (marker, holds code, directive)

    def flush() -> None:
        if current:
            found.append(" ".join(current))
            current.clear()

    lines = markdown.split("\n")
    for number, line in enumerate(lines):
        text = line.strip()
        fence = re.match(r"^(`{3,}|:{3,})(.*)$", text)
        if fence:
            marker, rest = fence.group(1), fence.group(2).strip()
            flush()
            if fences and not rest and marker[0] == fences[-1][0][0] and len(marker) >= len(fences[-1][0]):
                fences.pop()
            else:
                code = (marker[0] == "`" and not rest.startswith("{")) or rest.startswith(NOT_PROSE_FENCES)
                fences.append((marker, code, rest.split(" ")[0]))
            continue
        if any(code for _, code, _ in fences):
            continue
        if re.match(r"^:[\w-]+:", text):  # a directive's option; its alt text is read aloud
            if text.startswith(":alt:"):
                flush()
                found.append(text[len(":alt:") :].strip())
            continue
        if text.startswith("|"):  # a table row: each cell is a paragraph, a header row is not prose
            flush()
            below = lines[number + 1].strip() if number + 1 < len(lines) else ""
            if not TABLE_DELIMITER.match(text) and not TABLE_DELIMITER.match(below):
                found.extend(table_cells(text))
            continue
        # blank lines, headings, HTML, maths and targets such as "(ch1)=" are not prose;
        # a block quote (">") is a verbatim quotation
        if not text or text.startswith(("#", "<", "$$", ">")) or re.fullmatch(r"\([\w-]+\)=", text):
            flush()
            continue
        if fences and fences[-1][2] == "{glossary}" and line[:1] not in " \t":
            flush()  # a glossary term, shown on its own line above its (indented) definition
            continue
        if LIST_ITEM.match(text):
            flush()
            text = LIST_ITEM.sub("", text)
        current.append(text)
    flush()
    return found


def sentence_units(paragraph_list: list[str]) -> list[str]:
    """Join a lead-in and list items that continue one sentence (items ending in ';', ',', 'and', 'or').

    A table cell stands alone: it is never joined with a neighbouring cell or paragraph."""
    units: list[str] = []
    k = 0
    while k < len(paragraph_list):
        text, j = paragraph_list[k], k + 1
        while (
            j < len(paragraph_list)
            and not isinstance(paragraph_list[k], TableCell)
            and not isinstance(paragraph_list[j], TableCell)
            and (CONTINUES.search(text) or (text.endswith(":") and CONTINUES.search(paragraph_list[j])))
        ):
            text += " " + paragraph_list[j]
            j += 1
        units.append(text)
        k = j
    return units


def _bracket_holds_a_sentence(text: str) -> bool:
    """Whether the bracket that opens ``text`` closes after a sentence end of its own: "(See p. 3.)"."""
    depth = 0
    for k, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if depth == 0:
            return bool(re.search(r"[.!?][\"”’*_]*$", text[1:k]))
    return False  # never closed: read on


def starts_sentence(text: str, end: re.Match) -> bool:
    """Whether a possible sentence end (a SENTENCE_END match in ``text``) is one, as a reader takes it."""
    rest = text[end.end() :].lstrip("*_")
    if not rest:
        return False
    first = rest[0]
    if first.isupper() or first in OPENING_QUOTES:
        return True
    if first.isdigit():  # only after a run-in label: "**Days.** 1 July"
        return "*" in end.group(0) or "_" in end.group(0)
    if first in "([":
        return _bracket_holds_a_sentence(rest)
    return False


def sentences(unit: str) -> list[str]:
    text = ROLE.sub(_role_text, unit)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # an image
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link reads as its text
    text = re.sub(r"`[^`]*`", "X", text)
    text = re.sub(r"“[^”]{20,}”", "QUOTE", text)  # a long verbatim quotation counts as one word
    text = ABBREVIATION.sub(lambda m: m.group(0).replace(".", "·"), text)
    found, start = [], 0
    for end in SENTENCE_END.finditer(text):
        if starts_sentence(text, end):
            found.append(text[start : end.end()])
            start = end.end()
    found.append(text[start:])
    return [re.sub(r"\*\*|__|\*", "", part).strip() for part in found if part.strip()]


def word_count(sentence: str) -> int:
    return sum(1 for word in sentence.split() if re.search(r"\w", word) or set(word) & set(SPOKEN_SYMBOLS))


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


TITLES = _titles()


def _words(n: int) -> str:
    return " ".join(["residents"] * n)


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
        # a bracket after a sentence end belongs to that sentence (25 + 19 words)...
        (f"The city counted {_words(20)} in 2024. (about {_words(14)} more than in 2023)", 1),
        # ... unless it holds a full sentence of its own (25 + 20 words)
        (f"The city counted {_words(20)} in 2024. (It counted {_words(14)} more than in 2023.)", 0),
        # a digit after a sentence end does not start a sentence (25 + 19 words), nor a glued number...
        (f"The city counted {_words(20)} in 2024. 55 cases were reported by {_words(12)} in July.", 1),
        (f"The city counted {_words(20)} in 2024. {{glue:text}}`n:,.0f` cases came from {_words(12)} in July.", 1),
        # ... but a glued name does, and a digit does after a run-in label in bold (5 + 33 words)
        (f"The city counted {_words(20)} in 2024. {{glue:text}}`gu` has the most {_words(12)} in July.", 0),
        (f"**Days of the summer season.** 1 July to 31 August of {_words(25)} each year.", 0),
        # bold and italic markers do not hide a sentence start (22 + 22 words)
        (f"The {_words(20)} stay. **The {_words(20)} go.** *Others* {_words(20)} wait.", 0),
        # a {glue:figure}'s alt text and caption are prose, like a {figure}'s
        (
            f"```{{glue:figure}} fig_key\n:alt: A chart of {_words(40)}.\n:name: fig-key\n\n"
            f"Caption of {_words(40)}.\n```",
            2,
        ),
        # a citation is one word (the reader sees "(Mont et al. 2017)"): 35 + 1 words, then 34 + 1
        (f"{_words(35)} {{cite:p}}`mont2017wgsdgs`.", 1),
        (f"{_words(34)} {{cite:p}}`mont2017wgsdgs`.", 0),
        # a symbol read aloud is a word: 30 + "rose by 8 % in 2024"
        (f"{_words(30)} rose by 8 % in 2024.", 1),
        # a link reads as its text: 30 + 6 words
        (f"{_words(30)} [all five districts of Gwangju city](https://example.org).", 1),
        # a glossary term is not read with its definition (4 + 34 words); a long definition is
        (f"```{{glossary}}\nLeave no one behind\n  The promise of {_words(30)} first.\n```", 0),
        (f"```{{glossary}}\nLeave no one behind\n  The promise of {_words(32)} first.\n```", 1),
        # a table cell is prose: a long sentence in a rubric's cell is found (2 + 40 words)...
        (f"| criterion | 0 | 1 |\n|---|---|---|\n| people | none | names {_words(40)} here |", 1),
        # ... and split like any other paragraph (21 + 21 words)
        (f"| criterion | 0 | 1 |\n|---|---|---|\n| people | none | names {_words(20)}. It {_words(20)}. |", 0),
        # a header row is read like a heading, with or without alignment colons
        (f"| level | names {_words(40)} here |\n|:--|--:|\n| 1 | some residents |", 0),
        # each cell is a paragraph of its own, never joined as a list (two cells of 21 words each)
        (f"| a | b |\n|---|---|\n| {_words(20)}, and | {_words(20)}; |", 0),
        (f"You will:\n\n| a | b |\n|---|---|\n| {_words(20)}; | {_words(20)}; |", 0),
        (f"| a |\n|---|\n| {_words(20)}; |\n\nThe {_words(20)} wait.", 0),
        # a cell of only numbers or code is not prose; an escaped pipe does not end a cell (41 words)
        ("| a | b |\n|---|---|\n| " + " ".join(["1.5 %"] * 20) + " | `x` |", 0),
        (f"| a | b |\n|---|---|\n| {_words(20)} `zero\\|flag` {_words(20)} | `x` |", 1),
    ],
)
def test_counter_reads_as_a_reader_does(markdown: str, expected: int, tmp_path: Path):
    page = tmp_path / "page.md"
    page.write_text(markdown, encoding="utf-8")
    assert len(long_sentences(page)) == expected


def test_a_reference_counts_the_title_it_shows(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(TITLES, "ch9", "9 Rights, climate and the SDGs in one city")
    assert word_count(sentences("Read {ref}`ch9` first.")[0]) == 11
    assert word_count(sentences("Read {ref}`the ninth chapter <ch9>` first.")[0]) == 5
    assert TITLES["ch1"].startswith("1 ")  # the book's own chapter titles are found


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


# --- The rendered pages: what a reader meets once glued values are filled in -----------------------------

RENDERED_QUOTE = re.compile(r"“[^”]{40,}”")  # a verbatim quotation (a target's wording): one word, as above
RENDERED_CITATION = re.compile(r"\[ [^\]]* \]")  # "[ Author, 2020 ]": a citation counts as nothing here


def rendered_long_sentences(html: str) -> list[tuple[int, str]]:
    """Sentences over LIMIT words in a built page's paragraphs (not list items, captions or the works cited)."""
    from bs4 import BeautifulSoup

    main = BeautifulSoup(html, "html.parser").find("main")
    for hidden in main.select("div.cell_input, div.cell_output, pre, table, figure, script, style"):
        hidden.decompose()
    found = []
    for paragraph in main.find_all("p"):
        if paragraph.find_parent("li"):
            continue
        text = " ".join(paragraph.get_text(" ").split())
        if text.startswith("Works cited"):
            continue
        text = RENDERED_CITATION.sub("", RENDERED_QUOTE.sub("QUOTE", text))
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"(])", text):
            if len(sentence.split()) > LIMIT:
                found.append((len(sentence.split()), sentence))
    return found


def test_rendered_counter_sees_a_glued_list():
    names = ", ".join(f"Country {n}" for n in range(20))
    assert rendered_long_sentences(f"<main><p>In 2019, 5 states had an NHRI: {names}.</p></main>")
    assert not rendered_long_sentences("<main><p>In 2019, 5 states had an NHRI. They were: Fiji and Samoa.</p></main>")


@pytest.mark.slow
def test_no_long_sentence_in_the_rendered_chapters(built_book_html):
    """Glued values (lists of names, whole sentences) only show their length once the book is built."""
    pages = sorted((built_book_html / "book" / "chapters").glob("*.html"))
    assert pages, f"no chapter pages in {built_book_html}"
    found = {p.name: rendered_long_sentences(p.read_text(encoding="utf-8")) for p in pages}
    listing = "\n".join(f"{name}: [{n} words] {s}" for name, hits in found.items() for n, s in hits)
    assert not listing, f"sentences over {LIMIT} words once the book is built:\n{listing}"
