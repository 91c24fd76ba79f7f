"""Grading speed: plain ``nbgrader autograde`` against ``courseops.safegrade`` (sandboxed, N workers).

    python benchmarks/grading_speed.py [--count 40] [--workers N] [--baseline both|per-learner|whole-class]

Builds a scratch copy of the course with ``--count`` submissions spread over the real assignments in
exercises/source (a rotating mix of the reference solution, a partly correct answer — the solution
with its first autograded answer replaced by the release stub — and the untouched release), then
grades the same submissions

* with plain nbgrader: one ``nbgrader autograde A --student S`` per learner (how grading is usually
  scripted, and what courseops.gradecheck does) and/or one ``nbgrader autograde A`` per assignment;
* with ``python -m courseops.safegrade A`` (bubblewrap sandbox, rlimits, N workers),

checks that every cell's score in the gradebooks is identical, and prints the times and ratios.
It prints numbers; it is not a timed test.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from courseops import safegrade, sandbox  # noqa: E402
from courseops.course import add_students, generate_release, make_course, open_api, place_submission  # noqa: E402
from courseops.gradebook import cell_scores, open_gradebook  # noqa: E402
from courseops.gradecheck import learner_notebooks  # noqa: E402
from courseops.nbgrader_cli import run_nbgrader  # noqa: E402
from courseops.paths import COURSE_DIR, assignment_ids, source_dir  # noqa: E402


def build(root: Path, count: int) -> tuple[Path, dict[str, list[str]]]:
    """A scratch course with ``count`` submissions; returns it and {assignment: [students]}."""
    ids = assignment_ids(COURSE_DIR)
    if not ids:
        raise SystemExit(f"no assignments in {source_dir(COURSE_DIR)}")
    course = make_course(root / "course", [source_dir(COURSE_DIR) / a for a in ids])
    api = open_api(course)
    variants = {}
    for assignment in ids:
        generate_release(api, assignment)
        variants[assignment] = list(learner_notebooks(course, assignment).items())
    roster: dict[str, list[str]] = {a: [] for a in ids}
    slots = itertools.cycle((a, k) for k in range(3) for a in ids)
    for number in range(count):
        assignment, kind = next(slots)
        label, notebooks = variants[assignment][kind]
        student = f"learner{number:03d}_{label}"
        roster[assignment].append(student)
        add_students(api, [student])
        place_submission(course, assignment, student, notebooks)
    return course, roster


def all_scores(course: Path, roster: dict[str, list[str]]) -> dict:
    with open_gradebook(course) as gb:
        return {
            (a, s, c.notebook, c.cell): (c.score, c.max_score)
            for a, students in roster.items()
            for s in students
            for c in cell_scores(gb, a, s)
        }


def timed(label: str, fn) -> float:
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    print(f"  {label:<58} {seconds:8.1f} s", flush=True)
    return seconds


def plain_per_learner(course: Path, roster: dict[str, list[str]]) -> None:
    for assignment, students in roster.items():
        for student in students:
            run_nbgrader(course, "autograde", assignment, "--student", student, "--force")


def plain_whole_class(course: Path, roster: dict[str, list[str]]) -> None:
    for assignment in roster:
        run_nbgrader(course, "autograde", assignment, "--force")


def safe(course: Path, roster: dict[str, list[str]], workers: int) -> None:
    for assignment in roster:
        outcomes = safegrade.grade_assignment(course, assignment, workers=workers, force=True, progress=False)
        bad = [o for o in outcomes if o.status not in ("graded",)]
        for o in bad:
            print(f"    note: {o.student} {o.status}: {'; '.join(o.reasons)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=40, help="number of submissions")
    parser.add_argument("--workers", type=int, default=os.cpu_count(), help="safegrade workers")
    parser.add_argument("--baseline", choices=("both", "per-learner", "whole-class", "none"), default="both")
    args = parser.parse_args(argv)
    problem = sandbox.sandbox_problem()
    if problem:
        raise SystemExit(f"safegrade needs bubblewrap: {problem}")
    with tempfile.TemporaryDirectory(prefix="grading-speed-") as tmp:
        base, roster = build(Path(tmp), args.count)
        print(f"{args.count} submissions: " + ", ".join(f"{a} x{len(s)}" for a, s in roster.items()))
        print(
            f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; safegrade workers: {args.workers}"
        )
        copies = {}
        for name in ("per_learner", "whole_class", "safe"):
            copies[name] = Path(tmp) / name
            shutil.copytree(base, copies[name])
        times = {}
        if args.baseline in ("both", "per-learner"):
            times["per_learner"] = timed(
                "nbgrader autograde, one run per learner", lambda: plain_per_learner(copies["per_learner"], roster)
            )
        if args.baseline in ("both", "whole-class"):
            times["whole_class"] = timed(
                "nbgrader autograde, one run per assignment", lambda: plain_whole_class(copies["whole_class"], roster)
            )
        times["safe"] = timed(
            f"courseops.safegrade, sandboxed, {args.workers} workers",
            lambda: safe(copies["safe"], roster, args.workers),
        )
        reference = all_scores(copies["safe"], roster)
        for name in ("per_learner", "whole_class"):
            if name in times:
                same = all_scores(copies[name], roster) == reference
                print(f"  scores identical to {name.replace('_', ' ')} nbgrader: {same}")
                if not same:
                    return 1
                print(f"  speed-up over {name.replace('_', ' ')} nbgrader: {times[name] / times['safe']:.2f}x")
        per = times["safe"] / args.count
        print(f"  safegrade: {per:.2f} s per submission, {args.count / times['safe'] * 60:.0f} submissions per minute")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
