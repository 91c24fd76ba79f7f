"""Grades as a CSV file for an LMS gradebook: Moodle's CSV grade import.

``courseops scores export [--to lms_grades.csv] [--assignment ID ...]`` (:mod:`courseops.handgrade` first
restores hand scores after a re-grading, then calls :func:`run`) writes one row per learner:

``ID number``, ``First name``, ``Last name``, ``Email address``, then for each assignment a score column
``<assignment> (out of N)`` and a feedback column ``<assignment> feedback``.

Moodle's *Import > CSV file* lets the teacher map columns: identify the learner by "ID number" (set each
learner's Moodle ID number to their course id) or by "Email address", and map each score column and
its feedback column to the assignment's grade item (Moodle's documentation asks for both, so that
imported feedback does not clear the grade). Give the grade item a maximum equal to the N in the column
name.

A score is the sum of the autograded and hand-graded points, minus nbgrader's late penalty. A learner
without a graded submission gets an empty cell (no grade, not zero), and so does a submission with
written answers still to grade: the feedback column says why. The command exits 1 when any score
was left empty for that reason, so a script does not upload half-graded work as final.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from courseops.gradebook import open_gradebook

LEARNER_COLUMNS = ("ID number", "First name", "Last name", "Email address")


@dataclass(frozen=True)
class Cell:
    """What the export says about one learner and one assignment."""

    score: float | None
    feedback: str
    to_grade: bool = False  # a submission whose written answers are not graded yet


def _g(value: float) -> str:
    return f"{round(float(value), 2):g}"


def assignment_cell(gb, assignment, student_id: str) -> Cell:
    """Score and a short feedback text for one learner's submission of ``assignment``."""
    from nbgrader.api import MissingEntry

    try:
        sub = gb.find_submission(assignment.name, student_id)
    except MissingEntry:
        return Cell(None, "no graded submission")
    grades = [g for nb in sub.notebooks for g in nb.grades]
    ungraded = [g.cell.name for g in grades if g.needs_manual_grade]
    if ungraded:
        return Cell(None, f"not final: to grade by hand: {', '.join(sorted(ungraded))}", to_grade=True)
    penalty = float(sub.late_submission_penalty or 0.0)
    score = max(float(sub.score or 0.0) - penalty, 0.0)
    parts = [f"{_g(score)} of {_g(assignment.max_score)} points"]
    if penalty:
        parts.append(f"late penalty {_g(penalty)}")
    return Cell(score, "; ".join(parts))


def rows(course_dir: Path, assignment_ids: list[str] | None = None) -> tuple[list[str], list[dict], list[str]]:
    """(header, one dict per learner, "learner assignment" pairs still to grade by hand)."""
    with open_gradebook(course_dir) as gb:
        assignments = sorted(gb.assignments, key=lambda a: a.name)
        if assignment_ids:
            known = {a.name for a in assignments}
            unknown = [a for a in assignment_ids if a not in known]
            if unknown:
                raise KeyError(f"not in the gradebook: {', '.join(unknown)} (known: {', '.join(sorted(known))})")
            assignments = [a for a in assignments if a.name in assignment_ids]
        header = list(LEARNER_COLUMNS)
        for a in assignments:
            header += [f"{a.name} (out of {_g(a.max_score)})", f"{a.name} feedback"]
        out, pending = [], []
        for student in sorted(gb.students, key=lambda s: s.id):
            row = dict(zip(LEARNER_COLUMNS, (student.id, student.first_name or "", student.last_name or "",
                                             student.email or ""), strict=True))
            for a in assignments:
                cell = assignment_cell(gb, a, student.id)
                row[f"{a.name} (out of {_g(a.max_score)})"] = "" if cell.score is None else _g(cell.score)
                row[f"{a.name} feedback"] = cell.feedback
                if cell.to_grade:
                    pending.append(f"{student.id} {a.name}")
            out.append(row)
    return header, out, pending


def write(course_dir: Path, target: Path, assignment_ids: list[str] | None = None) -> list[str]:
    """Write the CSV (UTF-8, comma-separated, quoted where needed); return what is still to grade."""
    header, data, pending = rows(course_dir, assignment_ids)
    with Path(target).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(data)
    return pending


def run(course_dir: Path, target: Path, assignment_ids: list[str] | None = None) -> int:
    """Write the file and report what is not final; the exit code of ``courseops scores export``."""
    import sys

    target = target if target.is_absolute() else Path.cwd() / target
    try:
        pending = write(course_dir, target, assignment_ids)
    except KeyError as err:
        print(f"error: {err.args[0]}", file=sys.stderr)
        return 2
    print(f"Wrote {target} (Moodle CSV grade import: map 'ID number' or 'Email address' to the user, and each "
          "score and feedback column to its grade item).")
    for item in pending:
        print(f"NOT FINAL: {item}: written answers still to grade; its score is left empty")
    return 1 if pending else 0

