"""Binder builds the learner environment (binder/), not the full development lock.

repo2docker, which builds Binder images, reads ``binder/`` instead of the repository root when that folder
exists. On a git clone of the repository (so only committed files count), ``repo2docker --no-build --no-run
--debug`` prints the Dockerfile it would build, without Docker. The tests read that Dockerfile: Python 3.11
from binder/runtime.txt, pip installing binder/requirements.txt from the repository root after the whole
repository is copied (its ``-e .`` is the toolkit), and never the root requirements.txt. A control run on the
same clone without binder/ shows that the check does see the root lock when it is used.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Plan:
    """What repo2docker would build: the Dockerfile and its log."""

    dockerfile: str
    log: str

    @property
    def lines(self) -> list[str]:
        return self.dockerfile.splitlines()

    def pip_installs(self) -> list[str]:
        return [line for line in self.lines if line.startswith("RUN ") and re.search(r"\bpip install\b", line)]

    def index(self, pattern: str) -> int:
        """Line number of the first line matching ``pattern``; fails with the Dockerfile when absent."""
        for number, line in enumerate(self.lines):
            if re.search(pattern, line):
                return number
        pytest.fail(f"no line matching {pattern!r} in the Dockerfile:\n{self.dockerfile}")


def installs_root_lock(plan: Plan) -> bool:
    """True when a pip line installs the repository root's requirements.txt (the development lock)."""
    return any(re.search(r'-r "?requirements\.txt"?(\s|$)', line) for line in plan.pip_installs())


def installs_root_project(plan: Plan) -> bool:
    """True when a pip line installs the root project on its own (`pip install .`: repo2docker without binder/)."""
    return any(re.search(r"\bpip install .*\s\.$", line) for line in plan.pip_installs())


def run_repo2docker(clone: Path) -> Plan:
    result = subprocess.run(
        [sys.executable, "-m", "repo2docker", "--no-build", "--no-run", "--debug", str(clone)],
        cwd=clone.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"repo2docker failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    assert "FROM " in result.stdout, f"repo2docker printed no Dockerfile:\n{result.stderr[-3000:]}"
    return Plan(dockerfile=result.stdout, log=result.stderr)


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    if importlib.util.find_spec("repo2docker") is None:
        if os.environ.get("CI"):
            pytest.fail("jupyter-repo2docker (requirements.txt) must be installed in CI")
        pytest.skip("jupyter-repo2docker is not installed (pinned in requirements.txt)")
    git = shutil.which("git")
    if git is None:
        if os.environ.get("CI"):
            pytest.fail("git is needed to clone the repository in CI")
        pytest.skip("git is not installed")
    target = tmp_path_factory.mktemp("binder") / "course"
    subprocess.run([git, "clone", "--quiet", str(REPO), str(target)], check=True, timeout=300)
    return target


@pytest.fixture(scope="module")
def plan(clone: Path) -> Plan:
    return run_repo2docker(clone)


def test_binder_files_are_committed(clone: Path):
    for name in ("requirements.txt", "requirements.in", "runtime.txt"):
        assert (clone / "binder" / name).is_file(), f"binder/{name} is not in the repository (committed files)"
    assert (clone / "binder" / "runtime.txt").read_text().strip() == "python-3.11"


def test_image_uses_python_3_11_from_binder(plan: Plan):
    assert re.search(r"python=3\.11\b", plan.log), f"repo2docker did not pick Python 3.11:\n{plan.log}"


def test_image_installs_the_learner_lock_not_the_full_one(plan: Plan):
    installs = plan.pip_installs()
    assert any('-r "binder/requirements.txt"' in line for line in installs), (
        f"the image does not install binder/requirements.txt; pip lines: {installs}"
    )
    assert not installs_root_lock(plan), f"the image installs the root (development) lock: {installs}"
    # No extra `pip install .` of the root project: the learner lock's `-e .` installs the toolkit.
    assert not installs_root_project(plan), installs


def test_toolkit_line_resolves_to_the_repository_root(plan: Plan):
    """``-e .`` in binder/requirements.txt is read by pip relative to its working folder, the repository."""
    learner_lock = (REPO / "binder" / "requirements.txt").read_text(encoding="utf-8")
    assert re.search(r"^-e \.\s", learner_lock, re.MULTILINE), "binder/requirements.txt does not install the toolkit"
    workdir = plan.index(r"^WORKDIR \$\{REPO_DIR\}$")
    copy_all = plan.index(r"^COPY .*\bsrc/ \$\{REPO_DIR\}/$")
    install = plan.index(r'pip install .*-r "binder/requirements\.txt"')
    assert workdir < copy_all < install, "the repository must be in place before pip installs `-e .`"


def test_without_binder_the_root_lock_would_be_installed(clone: Path, tmp_path: Path):
    """Control: the same checks flag the development lock when binder/ is absent."""
    bare = tmp_path / "course"
    shutil.copytree(clone, bare, ignore=shutil.ignore_patterns(".git", "binder"))
    without_binder = run_repo2docker(bare)
    assert installs_root_lock(without_binder), without_binder.pip_installs()
    assert installs_root_project(without_binder), without_binder.pip_installs()
    assert not any("binder/requirements.txt" in line for line in without_binder.pip_installs())
