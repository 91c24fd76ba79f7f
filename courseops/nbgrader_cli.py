"""Run nbgrader commands exactly as an instructor would, from a course directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


class NbgraderError(RuntimeError):
    """An nbgrader command exited with an error; the message holds its log."""


def venv_env() -> dict[str, str]:
    """The environment with this interpreter's bin folder first on PATH (nbgrader calls ``alembic``)."""
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


def run_nbgrader(course_dir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run ``nbgrader ARGS`` in ``course_dir`` (where nbgrader_config.py is) and return the result."""
    cmd = [sys.executable, "-m", "nbgrader", *args]
    proc = subprocess.run(cmd, cwd=course_dir, env=venv_env(), capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise NbgraderError(f"`nbgrader {' '.join(args)}` exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    return proc
