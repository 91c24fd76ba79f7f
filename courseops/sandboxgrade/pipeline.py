"""Autograde untrusted submissions in a sandbox, in parallel: ``courseops grade ASSIGNMENT``
(also ``python -m courseops.sandboxgrade ASSIGNMENT`` and, for older scripts, ``python -m courseops.safegrade``).

Same result as ``nbgrader autograde ASSIGNMENT`` (the same gradebook, autograded/ folder, scores,
late penalties; formgrader, feedback and export work unchanged), but learner code runs in a
bubblewrap sandbox with resource limits, several submissions at once. nbgrader's Autograde converter
is split at its Execute step:

1. **prepare** (parent, trusted): nbgrader's sanitize preprocessors (ClearOutput, DeduplicateIds,
   OverwriteKernelspec, OverwriteCells, CheckCellMetadata) write autograded/<student>/<assignment>
   with the locked and test cells restored; a static scan looks for tampering with the tests.
2. **execute** (worker, untrusted code, any ``concurrent.futures.Executor``): the runner
   (runner.py) executes the notebooks with nbclient inside the sandbox; by default in a warm worker
   (warm.py, template.py: a child forked per submission from a pre-imported template), with
   ``--cold`` in a new sandbox per submission.
3. **record** (parent, the only gradebook writer): only the outputs of the sandbox are taken back,
   into the trusted sanitized cells; test cells that did not run get an error output saying why;
   then nbgrader's own autograde preprocessors (IgnorePattern, ClearMetadata, LimitOutput,
   SaveAutoGrades, AssignLatePenalties, CheckCellMetadata) score and save as usual.

See book/appendices/safe_grading.md for what the isolation covers and what it does not.
"""

from __future__ import annotations

import argparse
import glob
import io
import logging
import os
import stat
import sys
import time
import warnings
from concurrent.futures import Executor, ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

from courseops.sandboxgrade import sandbox
from courseops.sandboxgrade.cold import execute_submission, kernel_env  # noqa: F401 (kernel_env: for callers)
from courseops.sandboxgrade.hostspeed import faster_nbgrader
from courseops.sandboxgrade.tamper import tamper_findings

OVERRIDE_FLAG = "--i-trust-all-submissions-run-without-sandbox"
STATUS_ORDER = ("failed", "flagged", "timed out", "limit hit", "graded", "skipped")


class SandboxUnavailable(RuntimeError):
    """Untrusted code cannot be isolated on this machine (and no override was given)."""


@dataclass
class Outcome:
    """One learner's result, for the summary table."""

    student: str
    status: str = "graded"
    reasons: list[str] = field(default_factory=list)
    score: float | None = None
    max_score: float | None = None
    seconds: float = 0.0

    def add(self, status: str, reason: str) -> None:
        """Record a reason; the status shown is the most serious one seen."""
        if reason not in self.reasons:
            self.reasons.append(reason)
        if STATUS_ORDER.index(status) < STATUS_ORDER.index(self.status):
            self.status = status


@dataclass
class Prepared:
    """A sanitized submission ready for the sandbox."""

    student: str
    folder: Path  # autograded/<student>/<assignment>
    notebooks: list[str]
    sanitized: dict[str, nbformat.NotebookNode]
    tampering: dict[str, list[str]]
    outcome: Outcome


# --------------------------------------------------------------------------------------------
# nbgrader plumbing


def course_config(course_dir: Path):
    """The course's nbgrader config with its root set to ``course_dir``."""
    from courseops.course import load_config

    config = load_config(course_dir)
    config.CourseDirectory.root = str(Path(course_dir).resolve())
    return config


def coursedir_for(config, assignment_id: str, student_id: str):
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id, coursedir.student_id = assignment_id, student_id
    return coursedir


def captured_logger(name: str) -> tuple[logging.Logger, io.StringIO]:
    """A logger writing to a string (nbgrader's messages go into the failure reasons)."""
    buffer = io.StringIO()
    logger = logging.getLogger(f"courseops.safegrade.{name}")
    logger.handlers[:] = [logging.StreamHandler(buffer)]
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return logger, buffer


def _converters():
    """nbgrader's Autograde split into its sanitize half and its record half (built lazily)."""
    from nbconvert.preprocessors import ExecutePreprocessor
    from nbgrader.converters import Autograde
    from nbgrader.converters.base import BaseConverter
    from nbgrader.preprocessors import NbGraderPreprocessor

    class DropForeignGradeCells(NbGraderPreprocessor):
        """Cells with nbgrader marks that are not cells of the assignment (a learner's own "test" cell
        worth 100 points) become ordinary cells: nbgrader would otherwise stop on them and fail the
        whole notebook. The learner is graded on the assignment's cells only."""

        known: dict = {}  # notebook name -> grade_ids of the released notebook
        dropped: list = []

        def preprocess(self, nb, resources):
            known = self.known.get(resources["nbgrader"]["notebook"], set())
            for index, cell in enumerate(nb.cells):
                grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
                if "nbgrader" in cell.get("metadata", {}) and grade_id not in known:
                    del cell.metadata["nbgrader"]
                    self.dropped.append(f"cell {index + 1} ({grade_id or 'no id'})")
            return nb, resources

    class Prepare(Autograde):
        """Autograde up to (not including) Execute: copy, restore locked cells, check metadata."""

        known_grade_ids: dict = {}

        def convert_single_notebook(self, notebook_filename: str) -> None:
            self._sanitizing = True
            self._init_preprocessors()
            first = DropForeignGradeCells(parent=self.exporter)
            first.known, first.dropped = self.known_grade_ids, self.dropped
            self.exporter._preprocessors.insert(0, first)
            BaseConverter.convert_single_notebook(self, notebook_filename)

    class SandboxOutputs(NbGraderPreprocessor):
        """Stands where Execute stands: hands over the notebook merged with the sandbox's outputs."""

        executed: dict = {}

        def preprocess(self, _nb, resources):
            return self.executed[resources["nbgrader"]["notebook"]], resources

    class Record(Autograde):
        """Autograde from Execute on, with Execute replaced by :class:`SandboxOutputs`."""

        executed: dict = {}

        def _init_preprocessors(self) -> None:
            self.exporter._preprocessors = []
            for pp in self.autograde_preprocessors:
                if isinstance(pp, type) and issubclass(pp, ExecutePreprocessor):
                    step = SandboxOutputs(parent=self.exporter)
                    step.executed = self.executed
                    self.exporter.register_preprocessor(step, enabled=True)
                else:
                    self.exporter.register_preprocessor(pp)

        def record(self, notebooks: list[str]) -> None:
            from nbconvert.writers import FilesWriter

            self._sanitizing = False
            self.writer = FilesWriter(parent=self, config=self.config)
            self.exporter = self.exporter_class(parent=self, config=self.config)
            self._init_preprocessors()
            folder = self._format_dest(self.coursedir.assignment_id, self.coursedir.student_id)
            here = os.getcwd()
            os.chdir(self.coursedir.root)
            try:
                for name in notebooks:
                    BaseConverter.convert_single_notebook(self, os.path.join(folder, name))
                self.set_permissions(self.coursedir.assignment_id, self.coursedir.student_id)
                self.run_post_convert_hook()
            finally:
                os.chdir(here)

    return Prepare, Record


# --------------------------------------------------------------------------------------------
# 1. prepare (parent)


def unsafe_files(submitted: Path) -> dict[str, str]:
    """Entries of a submission folder that are not plain files of their own, by relative path.

    nbgrader copies a submission's files with ``shutil.copy``, which follows symbolic links: a link to
    the instructor's source notebook or to the gradebook would be copied, with its target's content and
    the grader's rights, into the folder the learner's code reads. A hard link shares its target's
    content the same way; a named pipe would block the copy."""
    found: dict[str, str] = {}
    for root, dirs, files in os.walk(submitted):
        for name in dirs + files:
            path = Path(root) / name
            info = path.lstat()
            relative = str(path.relative_to(submitted))
            if stat.S_ISLNK(info.st_mode):
                found[relative] = "a symbolic link"
            elif stat.S_ISDIR(info.st_mode):
                continue
            elif not stat.S_ISREG(info.st_mode):
                found[relative] = "not a regular file"
            elif info.st_nlink > 1:
                found[relative] = "a hard link to another file"
    return found


def prepare(config, assignment_id: str, student_id: str, force: bool, released: dict) -> Prepared | Outcome:
    """Pre-check one submission with the shared pre-check (:mod:`courseops.precheck`: a missing or
    invalid notebook means not graded, nothing written), then sanitize it with nbgrader's own
    preprocessors (or say why it cannot be graded)."""
    from nbgrader.converters.base import NbGraderException

    from courseops.precheck import blocks_grading, precheck

    Prepare, _ = _converters()
    coursedir = coursedir_for(config, assignment_id, student_id)
    submitted = Path(coursedir.format_path(coursedir.submitted_directory, student_id, assignment_id))
    folder = Path(coursedir.format_path(coursedir.autograded_directory, student_id, assignment_id))
    outcome = Outcome(student_id)
    if folder.exists() and not force:
        outcome.status, outcome.reasons = "skipped", ["already autograded (use --force to grade again)"]
        return outcome
    unsafe = unsafe_files(submitted) if submitted.is_dir() else {}
    linked_notebooks = [name for name in released if name in unsafe]
    if linked_notebooks:
        for name in linked_notebooks:
            outcome.add("failed", f"not graded: {name} is {unsafe[name]}, not the learner's own notebook file")
        return outcome
    problems = precheck(submitted, student_id, released)
    if blocks_grading(problems):
        for problem in problems:
            outcome.add("failed", f"not graded: {problem.reason}")
        return outcome
    outcome.reasons += [p.reason for p in problems]
    for name, what in unsafe.items():
        outcome.reasons.append(f"{name} is {what}: left out of the sandbox (links are never followed)")
    # nbgrader matches its ignore globs against base names; escape them so only these names match
    coursedir.ignore = [*coursedir.ignore, *(glob.escape(Path(name).name) for name in unsafe)]
    logger, log = captured_logger(student_id)
    converter = Prepare(coursedir=coursedir, config=config, log=logger)
    converter.force = True
    converter.dropped = []
    converter.known_grade_ids = {
        name.removesuffix(".ipynb"): {
            c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "grade_id" in c.get("metadata", {}).get("nbgrader", {})
        }
        for name, nb in released.items()
    }
    try:
        converter.start()
    except NbGraderException:
        errors = [line for line in log.getvalue().splitlines() if "rror" in line or "xception" in line]
        outcome.add("failed", "nbgrader could not prepare the notebook: " + (" | ".join(errors[-3:]) or "see log"))
        return outcome
    if converter.dropped:
        outcome.reasons.append(
            "graded on the assignment's cells only: nbgrader marks removed from cells that are not cells of the "
            f"assignment ({', '.join(converter.dropped)})"
        )
    names = sorted(released)
    sanitized = {name: nbformat.read(str(folder / name), as_version=4) for name in names}
    tampering = {name: tamper_findings(nb) for name, nb in sanitized.items()}
    return Prepared(student_id, folder, names, sanitized, tampering, outcome)


# --------------------------------------------------------------------------------------------
# 3. record (parent)


def error_output(ename: str, evalue: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


def is_test_cell(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


def merge_outputs(sanitized, executed: dict | None, stop_reason: str, refuse: str | None):
    """The trusted sanitized notebook with the sandbox's outputs; test cells that did not run (or are
    refused) get an error output, so they score 0 with a reason instead of passing by default."""
    nb = nbformat.from_dict(sanitized)
    ran: dict[int, nbformat.NotebookNode] = {}
    if executed is not None:
        theirs = nbformat.reads(executed["notebook"], as_version=4)
        restore_failed = set(executed.get("restore_failed", []))
        if len(theirs.cells) == len(nb.cells):
            for index in executed.get("completed", []):
                same = theirs.cells[index].source == nb.cells[index].source
                if same and index not in restore_failed:
                    ran[index] = theirs.cells[index]
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if index in ran:
            cell.outputs = ran[index].get("outputs", [])
            cell.execution_count = ran[index].get("execution_count")
        if is_test_cell(cell):
            if refuse:
                cell.outputs = [*cell.get("outputs", []), error_output("GradingRefused", refuse)]
            elif index not in ran:
                cell.outputs = [error_output("GradingStopped", f"this test did not run: {stop_reason}")]
    return nb


LIMIT_SIGNS = (
    ("MemoryError", "", "limit hit", "memory limit (MemoryError)"),
    ("OSError", "File too large", "limit hit", "file size limit"),
    ("BlockingIOError", "Resource temporarily unavailable", "limit hit", "process limit"),
    ("CellTimeoutError", "", "timed out", "a cell ran past the per-cell timeout"),
)


def classify(outcome: Outcome, name: str, executed: dict | None, sandbox_info: dict) -> str:
    """Add the reasons read from the runner's report and the outputs; return why tests did not run."""
    if executed is None:
        if sandbox_info.get("killed_after_wall_clock"):
            outcome.add("timed out", f"{name}: killed after the wall-clock limit")
            return "the grader stopped the notebook at the wall-clock limit"
        tail = (sandbox_info.get("stderr") or "").strip().splitlines()[-1:] or ["no output"]
        outcome.add(
            "failed", f"{name}: the sandbox returned no result (exit {sandbox_info.get('returncode')}: {tail[0][:200]})"
        )
        return "the sandbox returned no result"
    event = executed.get("event")
    if event:
        outcome.add(executed.get("event_status") or "failed", f"{name}: {event}")
    if executed.get("truncated"):
        outcome.add(
            "limit hit", f"{name}: output limit (cells {', '.join(str(i + 1) for i in executed['truncated'])} cut)"
        )
    nb = nbformat.reads(executed["notebook"], as_version=4)
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if out.get("output_type") != "error":
                continue
            for ename, text, status, reason in LIMIT_SIGNS:
                if out.get("ename") == ename and text in str(out.get("evalue", "")):
                    outcome.add(status, f"{name}: {reason}")
    return event or "the notebook stopped before this cell"


def record(config, prepared: Prepared, result: dict, assignment_id: str, tamper_policy: str) -> Outcome:
    """Merge, score and save with nbgrader's own preprocessors; the parent is the only writer."""
    outcome = prepared.outcome
    _, Record = _converters()
    sandbox_info = result.get("sandbox", {})
    if result.get("error"):
        outcome.add("failed", f"runner error: {result['error'].strip().splitlines()[-1][:200]}")
    merged = {}
    for name in prepared.notebooks:
        executed = result.get("notebooks", {}).get(name)
        stop_reason = classify(outcome, name, executed, sandbox_info)
        refuse = None
        if prepared.tampering.get(name):
            outcome.add(
                "flagged", f"{name}: tampering with the tests suspected: {'; '.join(prepared.tampering[name][:3])}"
            )
            if tamper_policy == "zero":
                refuse = "the notebook changes the test machinery; the instructor will review it"
        merged[name.removesuffix(".ipynb")] = merge_outputs(prepared.sanitized[name], executed, stop_reason, refuse)
    if sandbox_info.get("leftover_processes"):
        outcome.add(
            "limit hit", f"{len(sandbox_info['leftover_processes'])} process(es) outlived the sandbox and were killed"
        )
    logger, log = captured_logger(prepared.student)
    converter = Record(coursedir=coursedir_for(config, assignment_id, prepared.student), config=config, log=logger)
    converter.executed = merged
    try:
        converter.record(prepared.notebooks)
    except Exception as err:  # noqa: BLE001
        outcome.add("failed", f"nbgrader could not record the grades: {type(err).__name__}: {err}")
    if prepared.tampering and any(prepared.tampering.values()):
        from courseops.gradebook import flag_for_review

        flagged = [n for n, f in prepared.tampering.items() if f]
        flag_for_review(Path(config.CourseDirectory.root), assignment_id, prepared.student, flagged)
    return read_score(config, assignment_id, outcome)


def read_score(config, assignment_id: str, outcome: Outcome) -> Outcome:
    """Fill in the autograded score and maximum recorded in the gradebook."""
    from courseops.gradebook import autograded_total, cell_scores, open_gradebook

    with open_gradebook(config.CourseDirectory.root) as gb:
        outcome.score, outcome.max_score = autograded_total(cell_scores(gb, assignment_id, outcome.student))
    return outcome


# --------------------------------------------------------------------------------------------
# the command


def execute_options(config) -> dict:
    """The nbclient options nbgrader's Execute would use (from the course config)."""
    from nbgrader.preprocessors import Execute

    execute = Execute(config=config)
    return {
        "raise_on_iopub_timeout": bool(execute.raise_on_iopub_timeout),
        "error_on_timeout": dict(execute.error_on_timeout),
        # nbgrader documents an in-memory IPython history for autograding; it saves a database per kernel
        "extra_arguments": list(execute.extra_arguments) or ["--HistoryManager.hist_file=:memory:"],
        "kernel_name": execute.kernel_name or "",
        "startup_timeout": int(execute.startup_timeout),
    }


def check_isolation(allow_unsandboxed: bool) -> bool:
    """True to sandbox; False when the override allows running without; raise when neither works."""
    problem = sandbox.sandbox_problem()
    if problem is None:
        return True
    if allow_unsandboxed:
        print(f"WARNING: NO SANDBOX ({problem}). Learner code runs with the grader's rights.", file=sys.stderr)
        return False
    raise SandboxUnavailable(
        f"Refusing to run untrusted learner code: {problem}. Install bubblewrap and allow user "
        f"namespaces, or if you really trust every submission, pass {OVERRIDE_FLAG}."
    )


def grade_assignment(
    course_dir: Path, assignment_id: str, students: list[str] | None = None, **options
) -> list[Outcome]:
    """Grade ``assignment_id`` for ``students`` (default: every submission); return one outcome each.

    ``options`` are those of :func:`grade_assignments` (executor, workers, limits, force, ...). With
    ``warm=True`` (the default) it grades in warm workers (:mod:`courseops.sandboxgrade.warm`);
    ``warm=False`` starts a new sandbox and kernel for every submission (the cold path)."""
    return grade_assignments(course_dir, [assignment_id], students, **options)[assignment_id]


def default_workers() -> int:
    """Submissions graded at once: one more than the cores. While a kernel waits for its runner (and
    the grading process records a learner in nbgrader's gradebook), a core would otherwise idle."""
    return (os.cpu_count() or 1) + 1


def grade_assignments(
    course_dir: Path,
    assignment_ids: list[str],
    students: list[str] | None = None,
    executor: Executor | None = None,
    workers: int | None = None,
    limits: sandbox.Limits | None = None,
    force: bool = False,
    allow_unsandboxed: bool = False,
    tamper_policy: str = "zero",
    progress: bool = True,
    warm: bool = True,
) -> dict[str, list[Outcome]]:
    """Grade several assignments in one run: {assignment: one outcome per learner}.

    Every submission of every assignment goes to the same workers, so no worker waits for the last
    learner of one assignment before the next assignment starts (what one run per assignment does)."""
    from tqdm.auto import tqdm

    from courseops.course import open_api
    from courseops.gradebook import require_assignment
    from courseops.precheck import collected_students, released_notebooks
    from courseops.sandboxgrade.warm import execute_submission_warm

    use_sandbox = check_isolation(allow_unsandboxed)
    for assignment_id in assignment_ids:
        require_assignment(course_dir, assignment_id)  # first: never leave an empty gradebook behind
    open_api(course_dir)  # upgrades the gradebook, puts alembic on PATH
    config = course_config(course_dir)
    if limits is None:
        timeout = config.Execute.get("timeout", None) or config.ExecutePreprocessor.get("timeout", None) or 120
        limits = sandbox.Limits(cell_timeout=float(timeout))
    roster = {a: students or collected_students(course_dir, a) for a in assignment_ids}
    own = executor is None
    executor = executor or ThreadPoolExecutor(max_workers=workers or default_workers())
    options = execute_options(config)
    outcomes: dict[tuple[str, str], Outcome] = {}
    pending = {}
    label = assignment_ids[0] if len(assignment_ids) == 1 else f"{len(assignment_ids)} assignments"
    total = sum(len(s) for s in roster.values())
    bar = tqdm(total=total, desc=f"safegrade {label}", unit="learner", disable=not progress)
    try:
        with faster_nbgrader():
            for assignment_id, learners in roster.items():
                released = released_notebooks(course_dir, assignment_id)
                for student in learners:
                    start = time.monotonic()
                    prepared = prepare(config, assignment_id, student, force, released)
                    if isinstance(prepared, Outcome):
                        prepared.seconds = time.monotonic() - start
                        outcomes[assignment_id, student] = prepared
                        bar.update()
                        continue
                    prepared.outcome.seconds = time.monotonic() - start
                    task = {
                        "folder": str(prepared.folder),
                        "assignment": assignment_id,
                        "student": student,  # personalised assignments check the learner's own place
                        "notebooks": prepared.notebooks,
                        "limits": asdict(limits),
                        "execute": options,
                        "sandbox": use_sandbox,
                    }
                    run = execute_submission_warm if warm else execute_submission
                    pending[executor.submit(run, task)] = (assignment_id, prepared)
            for future in as_completed(pending):
                assignment_id, prepared = pending[future]
                try:
                    result = future.result()
                except Exception as err:  # noqa: BLE001 (a worker crash fails one learner, not the run)
                    result = {"error": f"worker error: {type(err).__name__}: {err}"}
                start = time.monotonic()
                outcome = record(config, prepared, result, assignment_id, tamper_policy)
                # this learner's own time: prepare + sandbox + record (not the wait for a free worker)
                outcome.seconds += result.get("sandbox", {}).get("seconds", 0.0) + time.monotonic() - start
                outcomes[assignment_id, prepared.student] = outcome
                bar.update()
    finally:
        bar.close()
        if own:
            executor.shutdown(wait=True)
    return {a: [outcomes[a, s] for s in learners] for a, learners in roster.items()}


def summary_table(outcomes: list[Outcome]) -> str:
    """A plain-text table: learner, status, autograded score, seconds, reasons."""
    rows = [("learner", "status", "score", "seconds", "reason")]
    for o in outcomes:
        score = "-" if o.score is None else f"{o.score:g}/{o.max_score:g}"
        rows.append((o.student, o.status, score, f"{o.seconds:.1f}", "; ".join(o.reasons) or "-"))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(r[i].ljust(widths[i]) for i in range(4)) + "  " + r[4] for r in rows]
    counts = {s: sum(o.status == s for o in outcomes) for s in STATUS_ORDER}
    lines.append(", ".join(f"{n} {s}" for s, n in counts.items() if n))
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="courseops grade",
        description="Autograde untrusted submissions in a sandbox, several at a time, with nbgrader's scores.",
    )
    parser.add_argument(
        "assignment", nargs="+", help="assignment id(s), e.g. ch2_obligation_profile; several are graded in one run"
    )
    parser.add_argument("--student", nargs="+", help="grade only these learners (default: every submission)")
    parser.add_argument(
        "--course-dir",
        type=Path,
        default=None,
        help="the nbgrader course folder (default: the current folder or the parent holding nbgrader_config.py)",
    )
    parser.add_argument(
        "--cold", action="store_true", help="a new sandbox and kernel per submission instead of warm workers"
    )
    parser.add_argument(
        "--workers", type=int, default=default_workers(), help="submissions graded at once (default: cores + 1)"
    )
    parser.add_argument("--dask-scheduler", help="address of a Dask scheduler to run the sandboxes on")
    parser.add_argument("--force", action="store_true", help="grade again learners already autograded")
    parser.add_argument("--memory-mb", type=int, default=sandbox.Limits.memory_mb)
    parser.add_argument("--cpu-seconds", type=int, default=sandbox.Limits.cpu_seconds)
    parser.add_argument("--max-processes", type=int, default=sandbox.Limits.processes)
    parser.add_argument("--file-mb", type=int, default=sandbox.Limits.file_mb)
    parser.add_argument("--disk-mb", type=int, default=sandbox.Limits.disk_mb)
    parser.add_argument("--wall-seconds", type=float, default=sandbox.Limits.wall_seconds, help="per notebook")
    parser.add_argument("--cell-timeout", type=float, default=None, help="per cell (default: Execute.timeout)")
    parser.add_argument("--output-kb", type=int, default=sandbox.Limits.output_kb, help="per cell")
    parser.add_argument("--tamper-policy", choices=("zero", "flag"), default="zero")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument(OVERRIDE_FLAG, dest="unsandboxed", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    from courseops.course import load_config
    from courseops.gradebook import AssignmentNotInGradebook
    from courseops.paths import course_dir_or_exit
    from courseops.precheck import NoRelease

    args = parse_args(argv)
    warnings.filterwarnings("ignore", module="nbgrader")  # nbgrader's own SQLAlchemy warnings, also in plain runs
    try:
        course_dir = course_dir_or_exit(args.course_dir)
    except SystemExit as stop:
        return int(stop.code or 2)
    timeout = args.cell_timeout or load_config(course_dir).Execute.get("timeout", None) or 120
    limits = sandbox.Limits(
        memory_mb=args.memory_mb,
        cpu_seconds=args.cpu_seconds,
        processes=args.max_processes,
        file_mb=args.file_mb,
        disk_mb=args.disk_mb,
        wall_seconds=args.wall_seconds,
        cell_timeout=float(timeout),
        output_kb=args.output_kb,
    )
    executor, client = None, None
    if args.dask_scheduler:
        from distributed import Client

        client = Client(args.dask_scheduler)
        executor = client.get_executor()
    try:
        graded = grade_assignments(
            course_dir,
            args.assignment,
            students=args.student,
            executor=executor,
            workers=args.workers,
            limits=limits,
            force=args.force,
            allow_unsandboxed=args.unsandboxed,
            tamper_policy=args.tamper_policy,
            progress=not args.quiet,
            warm=not args.cold,
        )
    except (SandboxUnavailable, NoRelease, AssignmentNotInGradebook) as err:
        print(err, file=sys.stderr)
        return 2
    finally:
        if client is not None:
            client.close()
    for assignment_id, outcomes in graded.items():
        if len(graded) > 1:
            print(f"\n{assignment_id}")
        print(summary_table(outcomes))
    not_graded = [
        o.student if len(graded) == 1 else f"{o.student} ({a})"
        for a, outcomes in graded.items()
        for o in outcomes
        if o.status == "failed"
    ]
    if not_graded:
        print(f"not (fully) graded: {', '.join(not_graded)} (see the reasons above)", file=sys.stderr)
    return 1 if not_graded else 0


if __name__ == "__main__":
    raise SystemExit(main())
