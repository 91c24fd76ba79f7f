"""End-to-end grading check: ``courseops check [ASSIGNMENT ...]`` (or ``python -m courseops.gradecheck``).

Run in the course folder (or name it with ``--course-dir``); your gradebook and folders are not touched.

For each assignment, in a scratch copy of the course: generate the release, add three learners,
submit the reference solution, the untouched release and a partly correct answer (the solution with
its first autograded answer replaced by the release stub), autograde each (timed), then read the
gradebook and check: solution = full autograded marks, untouched = 0, partial strictly between.
Feedback HTML must exist for each learner and ``nbgrader export`` must list all three.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from courseops.course import (
    add_students,
    ensure_success,
    generate_release,
    make_course,
    open_api,
    place_submission,
)
from courseops.gradebook import autograded_total, cell_scores, open_gradebook
from courseops.nbgrader_cli import run_nbgrader
from courseops.notebooks import grade_id, partly_correct, read_notebook
from courseops.paths import (
    assignment_ids,
    config_file,
    course_dir_or_exit,
    notebooks_in,
    release_dir,
    source_dir,
)

SOLUTION, UNTOUCHED, PARTIAL = "reference_solution", "untouched_release", "partly_correct"
LEARNERS = (SOLUTION, UNTOUCHED, PARTIAL)


@dataclass
class SubmissionResult:
    """What the gradebook says about one learner's submission, and how long autograding took."""

    student: str
    auto_score: float
    max_auto_score: float
    seconds: float
    failed_cells: dict[str, str] = field(default_factory=dict)  # test cell -> error shown when it ran


@dataclass
class GradecheckResult:
    """The outcome of :func:`run_gradecheck` for one assignment."""

    assignment: str
    submissions: dict[str, SubmissionResult] = field(default_factory=dict)
    feedback: dict[str, list[Path]] = field(default_factory=dict)
    exported_students: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def median_seconds(self) -> float:
        return statistics.median(s.seconds for s in self.submissions.values())


def learner_notebooks(course_dir: Path, assignment_id: str) -> dict[str, dict[str, object]]:
    """The three learners' notebooks: {student: {notebook file name: notebook}}."""
    release = {p.name: read_notebook(p) for p in notebooks_in(release_dir(course_dir) / assignment_id)}
    solution = {p.name: read_notebook(p) for p in notebooks_in(source_dir(course_dir) / assignment_id)}
    partial = dict(solution)
    for name in sorted(solution):  # stub the first autograded answer of the first notebook that has one
        stubbed = partly_correct(solution[name], release[name])
        if stubbed is not None:
            partial[name] = stubbed
            break
    return {SOLUTION: solution, UNTOUCHED: release, PARTIAL: partial}


def autograde_timed(api, assignment_id: str, student_id: str) -> float:
    """``nbgrader autograde ASSIGNMENT --student=ID --force`` in-process; returns the seconds it took."""
    start = time.perf_counter()
    ensure_success(api.autograde(assignment_id, student_id, force=True, create=True), f"autograde {student_id}")
    return time.perf_counter() - start


def autograded_errors(course_dir: Path, assignment_id: str, student: str) -> dict[str, str]:
    """The error each failed test cell showed in the learner's autograded notebooks."""
    errors = {}
    for path in notebooks_in(Path(course_dir) / "autograded" / student / assignment_id):
        for cell in read_notebook(path).cells:
            shown = [f"{o.ename}: {o.evalue}" for o in cell.get("outputs", []) if o.output_type == "error"]
            if shown and grade_id(cell):
                errors[grade_id(cell)] = shown[0][:300]
    return errors


def read_results(course_dir: Path, assignment_id: str, seconds: dict[str, float]) -> dict[str, SubmissionResult]:
    """Autograded score and maximum of each learner, read from the gradebook."""
    results = {}
    with open_gradebook(course_dir) as gb:
        for student, took in seconds.items():
            scores = cell_scores(gb, assignment_id, student)
            score, maximum = autograded_total(scores)
            errors = autograded_errors(course_dir, assignment_id, student)
            failed = {s.cell: errors.get(s.cell, "") for s in scores if s.autograded and s.score < s.max_score}
            results[student] = SubmissionResult(student, score, maximum, took, failed)
    return results


def feedback_files(course_dir: Path, assignment_id: str, students) -> dict[str, list[Path]]:
    """Feedback HTML files nbgrader wrote for each learner."""
    root = Path(course_dir) / "feedback"
    return {s: sorted((root / s / assignment_id).glob("*.html")) for s in students}


def export_students(course_dir: Path, assignment_id: str) -> list[str]:
    """Run ``nbgrader export`` (the real CLI) and return the learners listed for ``assignment_id``."""
    csv_path = Path(course_dir) / "grades.csv"
    run_nbgrader(course_dir, "export", "--to", str(csv_path))
    with csv_path.open(newline="", encoding="utf-8") as handle:
        return sorted(row["student_id"] for row in csv.DictReader(handle) if row["assignment"] == assignment_id)


def score_problems(results: dict[str, SubmissionResult]) -> list[str]:
    """Which of the three expectations the gradebook scores break."""
    problems = []
    solution, untouched, partial = (results[s] for s in LEARNERS)
    if solution.max_auto_score <= 0:  # a written-only assignment (e.g. a capstone graded with a rubric)
        return problems
    if solution.auto_score != solution.max_auto_score:
        failed = "; ".join(f"{cell} ({error})" for cell, error in solution.failed_cells.items())
        problems.append(
            f"reference solution scored {solution.auto_score} of {solution.max_auto_score}, not full marks: {failed}"
        )
    if untouched.auto_score != 0:
        problems.append(f"untouched release scored {untouched.auto_score}, not 0 (a test passes without any answer)")
    if not 0 < partial.auto_score < partial.max_auto_score:
        problems.append(
            f"partly correct answer scored {partial.auto_score} of {partial.max_auto_score}, not strictly between "
            "(do all tests depend on the first answer, or does one test not check it?)"
        )
    return problems


def output_problems(result: GradecheckResult) -> list[str]:
    """Missing feedback HTML or learners missing from the exported CSV."""
    problems = [f"no feedback HTML for {s}" for s, files in result.feedback.items() if not files]
    missing = sorted(set(LEARNERS) - set(result.exported_students))
    if missing:
        problems.append(f"nbgrader export is missing {', '.join(missing)}")
    return problems


def grade_three_learners(course: Path, assignment_id: str) -> GradecheckResult:
    """Release, submit, autograde, give feedback and export in the (scratch) course ``course``."""
    api = open_api(course)
    generate_release(api, assignment_id)
    add_students(api, LEARNERS)
    for student, notebooks in learner_notebooks(course, assignment_id).items():
        place_submission(course, assignment_id, student, notebooks)
    seconds = {student: autograde_timed(api, assignment_id, student) for student in LEARNERS}
    result = GradecheckResult(assignment_id, read_results(course, assignment_id, seconds))
    ensure_success(api.generate_feedback(assignment_id, force=True), f"generate_feedback {assignment_id}")
    result.feedback = feedback_files(course, assignment_id, LEARNERS)
    result.exported_students = export_students(course, assignment_id)
    result.problems = score_problems(result.submissions) + output_problems(result)
    return result


def run_gradecheck(assignment_id: str, course_dir: Path, work_dir: Path | None = None) -> GradecheckResult:
    """Run the whole check for one assignment of ``course_dir`` in ``work_dir`` (default: a temp folder)."""
    if work_dir is not None:
        course = make_course(Path(work_dir), [source_dir(course_dir) / assignment_id], config_file(course_dir))
        return grade_three_learners(course, assignment_id)
    with tempfile.TemporaryDirectory(prefix=f"gradecheck-{assignment_id}-") as tmp:
        return run_gradecheck(assignment_id, course_dir, Path(tmp) / "course")


def describe(result: GradecheckResult) -> str:
    """A short human-readable summary of one check."""
    lines = [f"{result.assignment}: {'OK' if result.ok else 'PROBLEMS'}"]
    if result.submissions and result.submissions[SOLUTION].max_auto_score <= 0:
        lines.append("  no autograded cells: only release, feedback and export were checked")
    for sub in result.submissions.values():
        lines.append(
            f"  {sub.student:<20} auto score {sub.auto_score:g}/{sub.max_auto_score:g}  autograde {sub.seconds:.1f} s"
        )
    if result.submissions:
        lines.append(f"  median autograde time per submission: {result.median_seconds:.1f} s")
    lines += [f"  problem: {p}" for p in result.problems]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Exit 0 when every check passed, 1 when one found problems, 2 for a usage error."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0].split(":")[0])
    parser.add_argument("assignments", nargs="*", help="assignment ids (default: all in source/)")
    parser.add_argument(
        "--course-dir", type=Path, default=None, help="the nbgrader course folder (default: found from here upwards)"
    )
    args = parser.parse_args(argv)
    course_dir = course_dir_or_exit(args.course_dir)
    known = assignment_ids(course_dir)
    unknown = [a for a in args.assignments if a not in known]
    if unknown or not known:
        parser.error(
            f"unknown assignment(s) {', '.join(unknown)}; {source_dir(course_dir)} has: {', '.join(known) or 'none'}"
            if unknown
            else f"no assignments found in {source_dir(course_dir)} (a folder per assignment, with notebooks)"
        )
    results = [run_gradecheck(a, course_dir) for a in args.assignments or known]
    for result in results:
        print(describe(result))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
