"""Shared pytest fixtures.

``built_book_html`` builds the whole Jupyter Book once per test session (also under pytest-xdist:
the first worker builds, the others wait on a file lock and reuse the result) into a temporary
folder with ``--path-output``, so the repository's own ``_build`` is never touched.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class BookBuild:
    returncode: int
    output: str
    out_dir: Path

    @property
    def html_dir(self) -> Path:
        return self.out_dir / "_build" / "html"

    @property
    def index_html(self) -> Path:
        return self.html_dir / "index.html"


def _tool_env() -> dict[str, str]:
    """Environment for subprocesses: this interpreter's bin first (nbgrader needs alembic)."""
    env = dict(os.environ)
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def _jupyter_book() -> str:
    exe = VENV_BIN / "jupyter-book"
    return str(exe) if exe.exists() else "jupyter-book"


def _npm_ci() -> str:
    """Install node_modules from package-lock.json (as ``make book`` does) when missing or out of date.

    The book copies its scripts from there (bookext/offline_assets.py); without npm the build fails
    with a message saying what to install.
    """
    stamp = REPO / "node_modules" / ".package-lock.json"
    inputs = [REPO / "package.json", REPO / "package-lock.json"]
    if stamp.exists() and all(stamp.stat().st_mtime >= p.stat().st_mtime for p in inputs if p.exists()):
        return ""
    npm = shutil.which("npm")
    if npm is None:
        return "npm not found: node_modules cannot be installed\n"
    cmd = [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=900, check=False)
    return f"$ {' '.join(cmd)} (exit {proc.returncode})\n{proc.stdout}{proc.stderr}"


def _run_book_build(out_dir: Path) -> BookBuild:
    npm_output = _npm_ci()
    cmd = [_jupyter_book(), "build", str(REPO), "--path-output", str(out_dir), "-W", "-n", "--keep-going"]
    proc = subprocess.run(cmd, cwd=REPO, env=_tool_env(), capture_output=True, text=True, timeout=3000, check=False)
    return BookBuild(proc.returncode, npm_output + proc.stdout + proc.stderr, out_dir)


def once_per_run(tmp_path_factory, worker_id: str, name: str, compute, *, to_json, from_json):
    """``compute(folder)`` once per test run, shared between xdist workers (a JSON result under a file lock).

    Expensive set-ups (the book build, the browser visit, the guide's workflow) run once, not once per worker.
    ``to_json(result)`` stores the result; ``from_json(data, folder)`` gives it back to the other workers.
    """
    if worker_id == "master":  # not running under xdist
        return compute(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent  # common to all workers of this run
    folder, result_file = shared / name, shared / f"{name}.json"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if result_file.exists():
                return from_json(json.loads(result_file.read_text()), folder)
            folder.mkdir(exist_ok=True)
            result = compute(folder)
            result_file.write_text(json.dumps(to_json(result), default=str))
            return result
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def book_build(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> BookBuild:
    """Build the book once for the whole session (shared between xdist workers)."""
    return once_per_run(
        tmp_path_factory,
        worker_id,
        "book",
        _run_book_build,
        to_json=lambda build: {"returncode": build.returncode, "output": build.output},
        from_json=lambda data, folder: BookBuild(data["returncode"], data["output"], folder),
    )


@pytest.fixture(scope="session")
def built_book_html(book_build: BookBuild) -> Path:
    """Path to ``_build/html`` of a successful full book build (fails the test if the build failed)."""
    if book_build.returncode != 0:
        tail = "\n".join(book_build.output.splitlines()[-60:])
        pytest.fail(f"jupyter-book build failed (exit {book_build.returncode}):\n{tail}", pytrace=False)
    return book_build.html_dir


# --- The instructor guide's workflow, run once per session (tests/test_guide_walkthrough.py, test_gitignore.py) ---

GUIDE_WALKTHROUGH_MARK = "% walkthrough "


@dataclass(frozen=True)
class GuideWalkthrough:
    """The instructor guide's marked commands, run in order in a fresh clone of the repository."""

    clone: Path
    course: Path
    assignment: str
    steps: list  # [(step name, [(command, exit code, output), ...]), ...]
    learners: dict  # {learner id: "solution" | "untouched" | "partial"}
    hand_scores: list  # [(learner, question, score, comment), ...]
    git_status: str


def guide_walkthrough_steps(guide_text: str) -> list[tuple[str, list[str]]]:
    """(step name, command lines) of every ```bash block marked ``% walkthrough NAME``, in order."""
    import re

    blocks = re.findall(r"^% walkthrough (\S+)\n```bash\n(.*?)^```", guide_text, flags=re.M | re.S)
    return [(name, [ln.strip() for ln in body.splitlines() if ln.strip() and not ln.lstrip().startswith("#")])
            for name, body in blocks]


def _walkthrough_learner_files(course: Path, assignment: str, step: str) -> None:
    """What the instructor and learners provide before a step of the guide (the guide describes each)."""
    import nbformat

    notebook = f"{assignment}.ipynb"
    if step == "learners":  # the instructor's learner list
        (course / "learners.csv").write_text(
            "id,first_name,last_name,email\nlearner01,Ana,Santos,ana@example.org\n"
            "learner02,Budi,Hartono,budi@example.org\nlearner03,Chen,Li,chen@example.org\n", encoding="utf-8")
    elif step == "grade":  # three learners submit (as `nbgrader collect` would place the files)
        source = nbformat.read(course / "source" / assignment / notebook, as_version=4)
        answers = {c.metadata["nbgrader"]["grade_id"]: c.source for c in source.cells
                   if c.metadata.get("nbgrader", {}).get("solution")}
        release_path = course / "release" / assignment / notebook
        first_code_answer = next(c.metadata["nbgrader"]["grade_id"] for c in source.cells
                                 if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code")
        for learner, kind in (("learner01", "solution"), ("learner02", "untouched"), ("learner03", "partial")):
            nb = nbformat.read(release_path, as_version=4)
            for cell in nb.cells:
                gid = cell.metadata.get("nbgrader", {}).get("grade_id")
                if kind != "untouched" and gid in answers and not (kind == "partial" and gid == first_code_answer):
                    cell.source = answers[gid]
            folder = course / "submitted" / learner / assignment
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / notebook)
            (folder / "timestamp.txt").write_text("2026-03-01 17:45:00 UTC", encoding="utf-8")


def _run_guide_walkthrough(root: Path) -> GuideWalkthrough:
    """Run the instructor guide's marked commands in order in a clone; learners' files come in between."""
    import csv
    import shlex

    clone = root / "clone"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True, capture_output=True)
    steps = guide_walkthrough_steps((REPO / "book" / "appendices" / "instructor_guide.md").read_text(encoding="utf-8"))
    assignment = next(cmd.split()[2] for _, cmds in steps for cmd in cmds if cmd.startswith("courseops release "))
    learners = {"learner01": "solution", "learner02": "untouched", "learner03": "partial"}
    hand_scores: list = []
    cwd, course, ran = clone, clone / "exercises", []
    for name, commands in steps:
        if name == "hand-scores":  # the instructor's sheet: every written answer of every learner
            import nbformat

            nb = nbformat.read(course / "source" / assignment / f"{assignment}.ipynb", as_version=4)
            written = [(c.metadata["nbgrader"]["grade_id"], float(c.metadata["nbgrader"]["points"])) for c in nb.cells
                       if c.metadata.get("nbgrader", {}).get("solution") and c.metadata["nbgrader"].get("grade")]
            hand_scores = [(lid, q, {"solution": pts, "untouched": 0.0, "partial": pts / 2}[kind],
                            f"Comment for {lid} on {q}: names the duty bearer, {kind}.")
                           for lid, kind in learners.items() for q, pts in written]
            with (course / "hand_scores.csv").open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(["learner", "assignment", "question", "score", "comment"])
                writer.writerows([(lid, assignment, q, f"{s:g}", c) for lid, q, s, c in hand_scores])
        _walkthrough_learner_files(course, assignment, name)
        results = []
        for command in commands:
            args = shlex.split(command, comments=True)
            if args[0] == "cd":
                cwd = (cwd / args[1]).resolve()
                results.append((command, 0, ""))
                continue
            proc = subprocess.run(args, cwd=cwd, env=_tool_env(), capture_output=True, text=True, timeout=900,
                                  check=False)
            results.append((command, proc.returncode, proc.stdout + proc.stderr))
        ran.append((name, results))
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=clone,
                            capture_output=True, text=True, check=True).stdout
    return GuideWalkthrough(clone, course, assignment, ran, learners, hand_scores, status)


@pytest.fixture(scope="session")
def guide_walkthrough(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> GuideWalkthrough:
    """The guide's workflow, run once per session (shared between xdist workers, read-only for tests)."""
    from dataclasses import asdict

    return once_per_run(
        tmp_path_factory,
        worker_id,
        "guide-walkthrough",
        _run_guide_walkthrough,
        to_json=asdict,
        from_json=lambda data, _folder: GuideWalkthrough(
            **{**data, "clone": Path(data["clone"]), "course": Path(data["course"])}
        ),
    )
