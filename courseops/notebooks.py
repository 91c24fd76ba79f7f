"""Reading assignment notebooks: nbgrader cell roles, solution and hidden-test regions, stubs."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from pathlib import Path

import nbformat
from nbgrader import utils as nbg

SOLUTION_MARKERS = ("BEGIN SOLUTION", "END SOLUTION")
HIDDEN_TEST_MARKERS = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
MARK_SCHEME_MARKERS = ("BEGIN MARK SCHEME", "END MARK SCHEME")


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """Read a notebook as nbformat 4 and validate it (raises on invalid JSON or schema)."""
    nb = nbformat.read(str(path), as_version=4)
    nbformat.validate(nb)
    return nb


def grade_id(cell) -> str | None:
    """The nbgrader ``grade_id`` of a cell, or None for an ordinary cell."""
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def is_autograded_answer(cell) -> bool:
    """A code cell the learner writes and the tests check (nbgrader: solution, not graded)."""
    return cell.cell_type == "code" and nbg.is_solution(cell) and not nbg.is_grade(cell)


def is_test_cell(cell) -> bool:
    """An autograder test cell (nbgrader: graded, not a solution)."""
    return nbg.is_grade(cell) and not nbg.is_solution(cell)


def is_locked_cell(cell) -> bool:
    """A cell learners cannot change: nbgrader restores it from the gradebook before grading."""
    return grade_id(cell) is not None and (nbg.is_locked(cell) or is_test_cell(cell))


def cells_by_grade_id(nb) -> dict[str, object]:
    """nbgrader cells of ``nb`` keyed by ``grade_id``."""
    return {grade_id(cell): cell for cell in nb.cells if grade_id(cell) is not None}


def objectives(cell) -> list[str]:
    """Learning objectives a cell assesses: cell metadata ``{"course": {"objectives": [...]}}``."""
    found = cell.get("metadata", {}).get("course", {}).get("objectives", [])
    return [found] if isinstance(found, str) else list(found)


def marked_regions(source: str, markers: tuple[str, str]) -> list[str]:
    """Text between lines containing ``markers[0]`` and ``markers[1]`` (marker lines excluded)."""
    begin, end = markers
    regions, current = [], None
    for line in source.splitlines():
        if begin in line:
            current = []
        elif end in line and current is not None:
            regions.append("\n".join(current))
            current = None
        elif current is not None:
            current.append(line)
    return regions


def remove_regions(source: str, markers: tuple[str, str]) -> str:
    """``source`` without the marked regions and without the marker lines."""
    begin, end = markers
    kept, inside = [], False
    for line in source.splitlines():
        if begin in line:
            inside = True
        elif end in line and inside:
            inside = False
        elif not inside:
            kept.append(line)
    return "\n".join(kept)


def secret_texts(cell) -> list[str]:
    """What learners must never see in a cell: solutions, hidden tests and marking schemes (rubrics)."""
    secrets = marked_regions(cell.source, MARK_SCHEME_MARKERS)
    if nbg.is_solution(cell):
        regions = marked_regions(cell.source, SOLUTION_MARKERS)
        return secrets + (regions if regions else [cell.source])
    if nbg.is_grade(cell):
        return secrets + marked_regions(cell.source, HIDDEN_TEST_MARKERS)
    return secrets


def public_text(cell) -> str:
    """What learners do see of a cell in the release (the cell minus its secret regions)."""
    source = remove_regions(cell.source, MARK_SCHEME_MARKERS)
    if nbg.is_solution(cell):
        if not marked_regions(source, SOLUTION_MARKERS):
            return ""
        return remove_regions(source, SOLUTION_MARKERS)
    if nbg.is_grade(cell):
        return remove_regions(source, HIDDEN_TEST_MARKERS)
    return source


def with_cell_source(nb, cell_grade_id: str, source: str):
    """A copy of ``nb`` in which the cell ``cell_grade_id`` has ``source``."""
    changed = copy.deepcopy(nb)
    for cell in changed.cells:
        if grade_id(cell) == cell_grade_id:
            cell.source = source
            return changed
    raise KeyError(f"no cell with grade_id {cell_grade_id!r}")


def first_autograded_answer(nb) -> str | None:
    """``grade_id`` of the first autograded answer cell of ``nb``, if any."""
    return next((grade_id(cell) for cell in nb.cells if is_autograded_answer(cell)), None)


def partly_correct(solution_nb, release_nb):
    """The solution with its first autograded answer replaced by the learner's stub from the release."""
    answer_id = first_autograded_answer(solution_nb)
    if answer_id is None:
        return None
    stub = cells_by_grade_id(release_nb)[answer_id].source
    return with_cell_source(solution_nb, answer_id, stub)


def words(text: str) -> str:
    """Lower-case words and numbers only, single-spaced: how leak snippets and pages are compared."""
    return " ".join(re.findall(r"[0-9a-z]+", text.lower()))


def code_cells(nb) -> Iterator:
    """The code cells of ``nb``."""
    return (cell for cell in nb.cells if cell.cell_type == "code")
