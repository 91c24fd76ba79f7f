"""Grading speed: plain ``nbgrader autograde``, the cold sandboxed path and warm sandboxed workers.

    python benchmarks/grading_speed.py [--counts 40 200] [--methods plain cold warm warm-one-run]
                                       [--workers N] [--compare-up-to N] [--repeat N]

For each count, builds a scratch copy of the course with that many submissions spread over the real
assignments in exercises/source (a rotating mix of the reference solution, a partly correct answer and
the untouched release), then grades the same submissions

* **plain**: ``nbgrader autograde A`` once per assignment (the whole class in one run, no sandbox);
* **cold**: ``courseops grade A --cold`` (a new bubblewrap sandbox, Python and kernel per submission);
* **warm**: ``courseops grade A`` once per assignment, as plain (warm workers: one pre-imported
  template per grading process, a forked child per submission, see courseops/sandboxgrade/warm.py);
* **warm-one-run**: ``courseops grade A B C ...``: every assignment in one run, so no worker waits
  for the last learner of one assignment before the next starts,

each in its own process (so the memory figures belong to that method only), checks that every cell's
score in every method's gradebook is identical, and prints the time per submission, the ratios, the peak
memory (the grader process; the largest single process under it, e.g. a kernel; the warm templates)
and the machine's load average before and after. With ``--repeat N`` the methods take turns N times
(plain, warm, plain, warm, ...) and the ratios of each turn and of the medians are printed: on a shared
virtual machine the same run can take 25 % longer a few minutes later. It prints numbers; it is not
a timed test.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from courseops.course import add_students, generate_release, make_course, open_api, place_submission  # noqa: E402
from courseops.gradebook import cell_scores, open_gradebook  # noqa: E402
from courseops.gradecheck import learner_notebooks  # noqa: E402
from courseops.nbgrader_cli import run_nbgrader  # noqa: E402
from courseops.paths import COURSE_DIR, assignment_ids, source_dir  # noqa: E402
from courseops.sandboxgrade import sandbox  # noqa: E402

METHODS = {
    "plain": "nbgrader autograde, one run per assignment (no sandbox)",
    "cold": "sandboxed, cold: new sandbox and kernel per submission",
    "warm": "sandboxed, warm workers, one run per assignment",
    "warm-one-run": "sandboxed, warm workers, all assignments in one run",
}


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
            f"{a}/{s}/{c.notebook}/{c.cell}": [c.score, c.max_score]
            for a, students in roster.items()
            for s in students
            for c in cell_scores(gb, a, s)
        }


def grade_once(method: str, course: Path, roster: dict[str, list[str]], workers: int) -> dict:
    """Grade every assignment of ``course`` with ``method`` (in this process); times and memory."""
    from courseops.sandboxgrade import pipeline, warm

    notes = []
    start = time.perf_counter()
    if method == "warm-one-run":  # courseops grade A B C ...: one pool of workers for every submission
        graded = pipeline.grade_assignments(course, list(roster), workers=workers, force=True, progress=False)
        notes += [f"{o.student} {o.status}: {'; '.join(o.reasons)}" for os_ in graded.values() for o in os_ if o.status != "graded"]
    for assignment in roster if method != "warm-one-run" else []:
        if method == "plain":
            run_nbgrader(course, "autograde", assignment, "--force")
            continue
        outcomes = pipeline.grade_assignment(
            course, assignment, workers=workers, force=True, progress=False, warm=method == "warm"
        )
        notes += [f"{o.student} {o.status}: {'; '.join(o.reasons)}" for o in outcomes if o.status != "graded"]
    seconds = time.perf_counter() - start
    templates = warm.pool_info() if method.startswith("warm") else []
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "seconds": seconds,
        # CPU time of the grading process itself (nbgrader's prepare and record steps; for plain, the runs)
        "grader_cpu_seconds": own.ru_utime + own.ru_stime,
        "grader_rss_mb": own.ru_maxrss / 1024,
        # the largest single process under the grader (plain: nbgrader or a kernel; cold: a sandboxed kernel)
        "largest_child_rss_mb": max(
            [children.ru_maxrss / 1024] + [t["submission_rss_kb"] / 1024 for t in templates]
        ),
        "template_rss_mb": [t["template_rss_kb"] / 1024 for t in templates],
        # CPU time in the sandboxes (warm: each submission's process tree; plain/cold: every child process)
        "sandbox_cpu_seconds": sum(t["cpu_seconds"] for t in templates) if templates else children.ru_utime + children.ru_stime,
        "templates": templates,
        "notes": notes,
    }


def measure(method: str, course: Path, roster: dict[str, list[str]], workers: int) -> dict:
    """:func:`grade_once` in a fresh Python process, so its memory figures are its own."""
    roster_file = course.parent / f"roster-{method}.json"
    roster_file.write_text(json.dumps(roster))
    cmd = [sys.executable, __file__, "--one", method, str(course), str(roster_file), "--workers", str(workers)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{method} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f} (1 / 5 / 15 min)"


def print_run(method: str, r: dict, count: int, before: str) -> None:
    print(
        f"  {METHODS[method]:<60} {r['seconds']:7.1f} s  {r['seconds'] / count:5.2f} s/submission  "
        f"load before {before}",
        flush=True,
    )
    templates = f", warm templates {', '.join(f'{m:.0f}' for m in r['template_rss_mb'])} MB" if r["templates"] else ""
    # the CPU time of the processes in a cold sandbox does not reach the grader's counters (rusage)
    sandboxes = "not measured" if method == "cold" else f"{r['sandbox_cpu_seconds'] / count:.2f} s"
    print(
        f"  {'':<60} CPU per submission: grader {r['grader_cpu_seconds'] / count:.2f} s, kernels and "
        f"runners {sandboxes}",
        flush=True,
    )
    print(
        f"  {'':<60} grader CPU {r['grader_cpu_seconds']:.0f} s; peak memory: grader "
        f"{r['grader_rss_mb']:.0f} MB, largest process under it {r['largest_child_rss_mb']:.0f} MB{templates}",
        flush=True,
    )
    for note in r["notes"][:5]:
        print(f"    note: {note}")


def run_count(tmp: Path, count: int, methods: list[str], workers: int, repeat: int = 1) -> dict:
    """Grade ``count`` submissions with each method, ``repeat`` times in turn (plain, warm, plain, warm...:
    a slower spell of a shared machine then hits both). Ratios are per repetition and of the medians."""
    base, roster = build(tmp / f"n{count}", count)
    print(f"\n{count} submissions: " + ", ".join(f"{a} x{len(s)}" for a, s in roster.items()), flush=True)
    runs: dict[str, list[dict]] = {m: [] for m in methods}
    scores = {}
    for rep in range(repeat):
        if repeat > 1:
            print(f" repetition {rep + 1} of {repeat}", flush=True)
        for method in methods:
            copy = tmp / f"n{count}" / f"{method}-{rep}" / "course"
            shutil.copytree(base, copy)
            before = load_average()
            r = measure(method, copy, roster, workers)
            runs[method].append(r)
            scores[f"{method}-{rep}"] = all_scores(copy, roster)
            print_run(method, r, count, before)
            shutil.rmtree(copy.parent)
        for method in methods:
            if method != "plain" and "plain" in runs:
                ratio = runs["plain"][rep]["seconds"] / runs[method][rep]["seconds"]
                print(f"  {method} vs plain nbgrader: {ratio:.2f}x faster")
    results = {m: sorted(rs, key=lambda r: r["seconds"])[len(rs) // 2] for m, rs in runs.items()}  # the median run
    reference = next(iter(scores.values()))
    identical = all(s == reference for s in scores.values())
    print(f"  cell scores identical across {', '.join(methods)}: {identical} ({len(reference)} cells)")
    label = "medians: " if repeat > 1 else ""
    for method in methods:
        if method != "plain" and "plain" in results and repeat > 1:
            print(f"  {label}{method} vs plain nbgrader: {results['plain']['seconds'] / results[method]['seconds']:.2f}x faster")
    if "warm-one-run" in results and "warm" in results:
        print(f"  {label}warm, one run vs one run per assignment: {results['warm']['seconds'] / results['warm-one-run']['seconds']:.2f}x faster")
    if "warm" in results and "cold" in results:
        print(f"  {label}warm vs cold sandboxed: {results['cold']['seconds'] / results['warm']['seconds']:.2f}x faster")
    print(f"  load average after: {load_average()}", flush=True)
    return {"results": results, "identical": identical}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[40, 200], help="class sizes to grade")
    parser.add_argument("--methods", nargs="+", choices=list(METHODS), default=list(METHODS))
    parser.add_argument(
        "--workers", type=int, default=None, help="sandboxed workers (default: the grader's, cores + 1)"
    )
    parser.add_argument(
        "--compare-up-to",
        type=int,
        default=None,
        help="grade larger classes with the warm path only (saves the slow methods' time on a busy machine)",
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="grade with every method this many times, in turn; report medians"
    )
    parser.add_argument("--one", nargs=3, metavar=("METHOD", "COURSE", "ROSTER"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.workers is None:
        from courseops.sandboxgrade.pipeline import default_workers

        args.workers = default_workers()
    if args.one:
        method, course, roster = args.one
        import warnings

        warnings.filterwarnings("ignore")
        result = grade_once(method, Path(course), json.loads(Path(roster).read_text()), args.workers)
        print(json.dumps(result))
        return 0
    if {"cold", "warm", "warm-one-run"} & set(args.methods):
        problem = sandbox.sandbox_problem()
        if problem:
            raise SystemExit(f"sandboxed grading needs bubblewrap: {problem}")
    print(f"machine: {os.cpu_count()} cores, load average {load_average()}; sandboxed workers: {args.workers}")
    summary = {}
    with tempfile.TemporaryDirectory(prefix="grading-speed-") as tmp:
        for count in args.counts:
            methods = args.methods
            if args.compare_up_to is not None and count > args.compare_up_to:
                methods = [m for m in args.methods if m.startswith("warm")]
            summary[count] = run_count(Path(tmp), count, methods, args.workers, args.repeat)
    if len(args.counts) > 1:
        first, last = args.counts[0], args.counts[-1]
        for method in summary[last]["results"]:
            a = summary[first]["results"][method]["seconds"] / first
            b = summary[last]["results"][method]["seconds"] / last
            print(f"{method}: {a:.2f} s per submission at {first}, {b:.2f} at {last} ({(b / a - 1) * 100:+.0f} %)")
    return 0 if all(s["identical"] for s in summary.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
