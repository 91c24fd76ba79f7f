"""Autograde every collected submission, one learner at a time, reporting broken ones.

``python -m courseops.grade ASSIGNMENT [--student ID ...]`` (run after ``nbgrader collect`` or
``nbgrader zip_collect`` has filled ``exercises/submitted/<learner>/<assignment>/``).

Before grading, each submission is checked against the release learners received:

* not a valid notebook (bad JSON or schema) and missing (e.g. renamed) notebooks are *not graded*,
  so nbgrader can neither abort on them nor silently record a zero; fix the file, then rerun;
* deleted or edited locked test cells are reported and the learner is graded: nbgrader restores the
  original tests before running them (``OverwriteCells.add_missing_cells = True`` in the config).

Every other learner is graded; a learner whose grading fails is reported too. The exit status is 1
if any learner was not graded.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from courseops.course import open_api
from courseops.gradebook import open_gradebook
from courseops.notebooks import cells_by_grade_id, is_locked_cell, is_test_cell, read_notebook
from courseops.paths import COURSE_DIR, notebooks_in, release_dir


@dataclass(frozen=True)
class Problem:
    """Something wrong with one learner's submission; ``graded`` says whether it was still graded."""

    student: str
    reason: str
    graded: bool


@dataclass
class GradeRun:
    """Who was graded (and how long it took), and every problem found."""

    assignment: str
    seconds: dict[str, float] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def not_graded(self) -> list[str]:
        return sorted({p.student for p in self.problems if not p.graded})


def released_notebooks(course_dir: Path, assignment_id: str) -> dict[str, object]:
    """The notebooks learners received, by file name (the reference for every check)."""
    found = notebooks_in(release_dir(course_dir) / assignment_id)
    if not found:
        raise SystemExit(f"No release for {assignment_id}: run `nbgrader generate_assignment {assignment_id}` first.")
    return {p.name: read_notebook(p) for p in found}


def collected_students(course_dir: Path, assignment_id: str) -> list[str]:
    """Learners with a folder ``submitted/<learner>/<assignment>``."""
    root = Path(course_dir) / "submitted"
    return sorted(p.parent.name for p in root.glob(f"*/{assignment_id}") if p.is_dir())


def unreadable_reason(path: Path) -> str | None:
    """Why ``path`` is not a valid notebook, or None if it is one."""
    try:
        json.loads(path.read_text(encoding="utf-8"))
        read_notebook(path)
    except json.JSONDecodeError as err:
        return f"{path.name} is not a valid notebook: broken JSON at line {err.lineno}, column {err.colno}"
    except Exception as err:  # nbformat raises several kinds (NotJSONError, ValidationError, ...)
        first_line = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        return f"{path.name} is not a valid notebook: {first_line[:200]}"
    return None


def missing_reason(folder: Path, name: str) -> str:
    """Describe a missing notebook, pointing at a likely renamed copy."""
    others = [p.name for p in notebooks_in(folder)]
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


def precheck(folder: Path, student: str, released: dict[str, object]) -> list[Problem]:
    """Problems in one learner's submission folder; fatal ones (``graded=False``) stop grading."""
    problems = []
    for name, released_nb in released.items():
        path = folder / name
        if not path.exists():
            problems.append(Problem(student, missing_reason(folder, name), graded=False))
            continue
        reason = unreadable_reason(path)
        if reason:
            problems.append(Problem(student, reason, graded=False))
            continue
        submitted = read_notebook(path)
        problems += [Problem(student, r, graded=True) for r in locked_cell_reasons(submitted, released_nb, name)]
    if any(not p.graded for p in problems):  # nothing is graded, so restorations will not happen
        problems = [p for p in problems if not p.graded]
    return problems


def require_assignment_in_gradebook(course_dir: Path, assignment_id: str) -> None:
    """Stop with instructions unless ``nbgrader generate_assignment`` has registered the assignment."""
    from nbgrader.api import MissingEntry

    with open_gradebook(course_dir) as gb:
        try:
            gb.find_assignment(assignment_id)
        except MissingEntry:
            raise SystemExit(
                f"{assignment_id} is not in the gradebook: run `nbgrader generate_assignment {assignment_id} --force`"
                " in the course folder first."
            ) from None


def autograde_one(api, assignment_id: str, student: str) -> tuple[float, str | None]:
    """Autograde one learner in-process; returns (seconds, None) or (seconds, why it failed)."""
    start = time.perf_counter()
    result = api.autograde(assignment_id, student, force=True, create=True)
    took = time.perf_counter() - start
    if result.get("success"):
        return took, None
    lines = [line for line in (result.get("error") or result.get("log") or "").splitlines() if line.strip()]
    return took, "nbgrader autograde failed: " + (lines[-1][:300] if lines else "no log")


def grade_assignment(course_dir: Path, assignment_id: str, students: list[str] | None = None) -> GradeRun:
    """Pre-check and autograde each learner's submission; never let one learner stop the others."""
    course_dir = Path(course_dir)
    released = released_notebooks(course_dir, assignment_id)
    api = open_api(course_dir)
    require_assignment_in_gradebook(course_dir, assignment_id)
    run = GradeRun(assignment_id)
    for student in students or collected_students(course_dir, assignment_id):
        folder = course_dir / "submitted" / student / assignment_id
        problems = (
            precheck(folder, student, released)
            if folder.is_dir()
            else [Problem(student, f"nothing collected in {folder}", graded=False)]
        )
        run.problems += problems
        if any(not p.graded for p in problems):
            continue
        run.seconds[student], failure = autograde_one(api, assignment_id, student)
        if failure:
            run.problems.append(Problem(student, failure, graded=False))
            del run.seconds[student]
    return run


def describe(run: GradeRun) -> str:
    """A plain-text summary: graded learners with times, then every problem with the learner id."""
    lines = [f"{run.assignment}: graded {len(run.seconds)} learner(s), not graded {len(run.not_graded)}"]
    lines += [f"  graded     {s:<24} {t:5.1f} s" for s, t in sorted(run.seconds.items())]
    for p in run.problems:
        lines.append(f"  {'WARNING' if p.graded else 'NOT GRADED':<10} {p.student:<24} {p.reason}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignment", help="assignment id, e.g. ch3_local_climate_indicators")
    parser.add_argument("--student", action="append", help="grade only this learner (repeatable)")
    parser.add_argument("--course-dir", type=Path, default=COURSE_DIR, help="the nbgrader course folder")
    args = parser.parse_args(argv)
    run = grade_assignment(args.course_dir, args.assignment, args.student)
    print(describe(run))
    return 1 if run.not_graded else 0


if __name__ == "__main__":
    raise SystemExit(main())
