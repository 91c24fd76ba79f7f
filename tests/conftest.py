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


@pytest.fixture(scope="session")
def book_build(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> BookBuild:
    """Build the book once for the whole session (shared between xdist workers)."""
    if worker_id == "master":  # not running under xdist
        out_dir = tmp_path_factory.mktemp("book")
        return _run_book_build(out_dir)

    shared = tmp_path_factory.getbasetemp().parent  # common to all workers of this run
    out_dir = shared / "book"
    result_file = shared / "book-build.json"
    with open(shared / "book-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if result_file.exists():
                data = json.loads(result_file.read_text())
                return BookBuild(data["returncode"], data["output"], out_dir)
            out_dir.mkdir(exist_ok=True)
            build = _run_book_build(out_dir)
            result_file.write_text(json.dumps({"returncode": build.returncode, "output": build.output}))
            return build
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def built_book_html(book_build: BookBuild) -> Path:
    """Path to ``_build/html`` of a successful full book build (fails the test if the build failed)."""
    if book_build.returncode != 0:
        tail = "\n".join(book_build.output.splitlines()[-60:])
        pytest.fail(f"jupyter-book build failed (exit {book_build.returncode}):\n{tail}", pytrace=False)
    return book_build.html_dir
