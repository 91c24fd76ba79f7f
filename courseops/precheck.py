"""The one pre-check every grader runs on a submission before any learner code runs.

Plain grading (``courseops grade --no-sandbox``) and sandboxed grading (``courseops grade``) both call
:func:`precheck` on each ``submitted/<learner>/<assignment>`` folder, against the notebooks learners
received (:func:`released_notebooks`). One policy for both:

* **Not graded** (``Problem.graded`` is False): a notebook of the release is missing (renamed, deleted,
  never uploaded) or is not a valid notebook (broken JSON, wrong schema). The learner is not graded at
  all and nothing is written to the gradebook: nbgrader would otherwise stop, or record a silent zero
  that looks like a real score. The reason names the file and, for a likely renamed copy, the fix.
  The instructor fixes the file and grades that learner again; the command exits 1 until then.
* **Graded with a warning** (``graded`` True): a locked cell (a test or a set-up cell) was deleted or
  edited. nbgrader puts the original back before grading (``OverwriteCells.add_missing_cells``), so the
  score is still fair; the warning tells the instructor what the learner changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from courseops.notebooks import cells_by_grade_id, is_locked_cell, is_test_cell, read_notebook
from courseops.paths import notebooks_in, release_dir


class NoRelease(FileNotFoundError):
    """The assignment has no generated release: there is nothing to check submissions against."""


@dataclass(frozen=True)
class Problem:
    """Something wrong with one learner's submission; ``graded`` says whether it was still graded."""

    student: str
    reason: str
    graded: bool


def released_notebooks(course_dir: Path, assignment_id: str) -> dict[str, object]:
    """The notebooks learners received (``<course>/release/<assignment>``), by file name.

    Raises :class:`NoRelease` with the command to run when there are none.
    """
    found = notebooks_in(release_dir(course_dir) / assignment_id)
    if not found:
        raise NoRelease(
            f"No release for {assignment_id} in {release_dir(course_dir)}: run "
            f"`nbgrader generate_assignment {assignment_id} --force` in {course_dir} first."
        )
    return {p.name: read_notebook(p) for p in found}


def collected_students(course_dir: Path, assignment_id: str) -> list[str]:
    """Learners with a folder ``submitted/<learner>/<assignment>`` (what ``nbgrader collect`` fills)."""
    root = Path(course_dir) / "submitted"
    return sorted(p.parent.name for p in root.glob(f"*/{assignment_id}") if p.is_dir())


def unreadable_reason(path: Path) -> str | None:
    """Why ``path`` is not a valid notebook, or None if it is one."""
    try:
        json.loads(path.read_text(encoding="utf-8"))
        read_notebook(path)
    except json.JSONDecodeError as err:
        return f"{path.name} is not a valid notebook: broken JSON at line {err.lineno}, column {err.colno}"
    except UnicodeDecodeError:
        return f"{path.name} is not a valid notebook: it is not UTF-8 text"
    except Exception as err:  # nbformat raises several kinds (NotJSONError, ValidationError, ...)
        first_line = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        return f"{path.name} is not a valid notebook: {first_line[:200]}"
    return None


def missing_reason(folder: Path, name: str) -> str:
    """Describe a missing notebook, pointing at a likely renamed copy."""
    others = [p.name for p in notebooks_in(folder)] if Path(folder).is_dir() else []
    hint = f"; found {', '.join(others)} instead: rename it to {name}" if others else ""
    return f"notebook {name} is missing{hint}"


def locked_cell_reasons(submitted, released, name: str) -> list[str]:
    """Locked cells (tests, set-up) that the learner deleted or edited."""
    have = cells_by_grade_id(submitted)
    reasons = []
    for gid, cell in cells_by_grade_id(released).items():
        if not is_locked_cell(cell):
            continue
        kind = "locked test cell" if is_test_cell(cell) else "locked cell"
        if gid not in have:
            reasons.append(f"{name}: {kind} '{gid}' was deleted (nbgrader puts the original back before grading)")
        elif have[gid].source.strip() != cell.source.strip():
            reasons.append(f"{name}: {kind} '{gid}' was edited (nbgrader grades with the original)")
    return reasons


def link_reason(path: Path) -> str | None:
    """Why ``path`` is not a file of the learner's own (a symbolic or hard link), else ``None``."""
    if path.is_symlink():
        return "a symbolic link"
    if path.is_file() and path.stat().st_nlink > 1:
        return "a hard link to another file"
    return None


def precheck(folder: Path, student: str, released: dict[str, object]) -> list[Problem]:
    """Problems in one learner's submission ``folder``; any ``graded=False`` one means: do not grade.

    When the learner is not graded, only the reasons for that are returned (warnings about cells
    nbgrader would have restored do not apply to a submission that is not graded).
    """
    folder = Path(folder)
    if not folder.is_dir():
        return [Problem(student, f"nothing collected in {folder}", graded=False)]
    problems = []
    for name, released_nb in released.items():
        path = folder / name
        link = link_reason(path)
        if link:  # nbgrader's copy would follow it: the instructor's source or gradebook graded as the learner's
            problems.append(Problem(student, f"{name} is {link}, not the learner's own notebook file", graded=False))
            continue
        if not path.exists():
            problems.append(Problem(student, missing_reason(folder, name), graded=False))
            continue
        reason = unreadable_reason(path)
        if reason:
            problems.append(Problem(student, reason, graded=False))
            continue
        submitted = read_notebook(path)
        problems += [Problem(student, r, graded=True) for r in locked_cell_reasons(submitted, released_nb, name)]
    if blocks_grading(problems):
        problems = [p for p in problems if not p.graded]
    return problems


def blocks_grading(problems: list[Problem]) -> bool:
    """True when the policy says the learner must not be graded."""
    return any(not p.graded for p in problems)
