"""Plain autograding: every collected submission, one learner at a time, reporting broken ones.

``courseops grade ASSIGNMENT --no-sandbox`` (or ``python -m courseops.grade ASSIGNMENT``), run in the
course folder after ``nbgrader collect`` or ``nbgrader zip_collect`` has filled
``submitted/<learner>/<assignment>/``. Learner code runs with your rights, as with ``nbgrader autograde``:
use it for trusted submissions only. ``courseops grade`` without ``--no-sandbox`` runs it in a sandbox.

Each submission first goes through the pre-check every grader shares (:mod:`courseops.precheck`): a
missing (e.g. renamed) or invalid notebook means the learner is *not graded* and nothing is written;
deleted or edited locked cells are reported and the learner is graded with the originals put back.
Scores are nbgrader's own (its Python API, in this process). The exit status is 1 if any learner could
not be graded (the table says who and why), 2 for a usage error (no course, unknown assignment).
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from courseops.course import open_api
from courseops.gradebook import (
    AssignmentNotInGradebook,
    autograded_total,
    require_assignment,
    scores_of,
)
from courseops.paths import course_dir_or_exit

# The pre-check used to live here; these names stay importable from courseops.grade for older callers.
from courseops.precheck import (  # noqa: F401
    NoRelease,
    Problem,
    blocks_grading,
    collected_students,
    locked_cell_reasons,
    missing_reason,
    precheck,
    released_notebooks,
    unreadable_reason,
)


@dataclass
class GradeRun:
    """Who was graded (time and autograded score), and every problem found."""

    assignment: str
    seconds: dict[str, float] = field(default_factory=dict)
    scores: dict[str, tuple[float, float]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def not_graded(self) -> list[str]:
        return sorted({p.student for p in self.problems if not p.graded})


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
    """Pre-check and autograde each learner's submission; never let one learner stop the others.

    Raises :class:`NoRelease` or :class:`AssignmentNotInGradebook` when the assignment was never generated.
    """
    course_dir = Path(course_dir).resolve()
    released = released_notebooks(course_dir, assignment_id)
    require_assignment(course_dir, assignment_id)  # before the API, which would create an empty gradebook
    api = open_api(course_dir)
    run = GradeRun(assignment_id)
    for student in students or collected_students(course_dir, assignment_id):
        problems = precheck(course_dir / "submitted" / student / assignment_id, student, released)
        run.problems += problems
        if blocks_grading(problems):
            continue
        took, failure = autograde_one(api, assignment_id, student)
        if failure:
            run.problems.append(Problem(student, failure, graded=False))
            continue
        run.seconds[student] = took
        run.scores[student] = autograded_total(scores_of(course_dir, assignment_id, student))
    return run


def describe(run: GradeRun) -> str:
    """The summary table, in the sandboxed grader's shape: learner, status, autograded score, seconds, reasons.

    Status ``graded`` (reasons, if any, say which locked cells nbgrader put back) or ``failed`` (the
    reason starts with "not graded:" and says what to fix); the last line counts each status.
    """
    students = sorted({*run.seconds, *(p.student for p in run.problems)})
    rows = [("learner", "status", "score", "seconds", "reason")]
    counts = {"failed": 0, "graded": 0}
    for student in students:
        mine = [p for p in run.problems if p.student == student]
        if student in run.not_graded:
            status, score, seconds = "failed", "-", "-"
            reasons = [f"not graded: {p.reason}" for p in mine if not p.graded]
        else:
            status = "graded"
            got, top = run.scores.get(student, (0.0, 0.0))
            score, seconds = f"{got:g}/{top:g}", f"{run.seconds[student]:.1f}"
            reasons = [p.reason for p in mine]
        counts[status] += 1
        rows.append((student, status, score, seconds, "; ".join(reasons) or "-"))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(row[i].ljust(widths[i]) for i in range(4)) + "  " + row[4] for row in rows]
    lines.append(", ".join(f"{n} {status}" for status, n in counts.items() if n) or "nothing graded")
    return "\n".join(lines)


def build_parser(prog: str = "courseops grade --no-sandbox") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    parser.add_argument("assignment", help="assignment id, e.g. ch3_local_climate_indicators")
    parser.add_argument("--student", nargs="+", action="extend", help="grade only these learners (repeatable)")
    parser.add_argument(
        "--course-dir", type=Path, default=None, help="the nbgrader course folder (default: found from here)"
    )
    # Accepted so one command line works with and without --no-sandbox: plain grading always grades
    # again (like nbgrader autograde --force) and shows no progress bar.
    parser.add_argument("--force", action="store_true", help="grade again (always the case here)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar (there is none here)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    warnings.filterwarnings("ignore", module="nbgrader")  # nbgrader's own SQLAlchemy warnings, not the learner's
    course_dir = course_dir_or_exit(args.course_dir)
    try:
        run = grade_assignment(course_dir, args.assignment, args.student)
    except (NoRelease, AssignmentNotInGradebook) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(describe(run))
    if not run.seconds and not run.problems:
        print(
            f"Nothing to grade: no folder submitted/<learner>/{args.assignment} in {course_dir} (run `nbgrader collect`)."
        )
        return 1
    return 1 if run.not_graded else 0


if __name__ == "__main__":
    raise SystemExit(main())
