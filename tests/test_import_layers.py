"""courseops keeps its import layers: no import circle, and no layer imports one above it.

The contracts live in pyproject.toml (``[tool.importlinter]``) and are checked with import-linter's
``lint-imports``. To show the check can fail, the same contracts run on a copy of the packages in a
temporary folder with an import planted that breaks them; the real tree is never changed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CIRCLE = "No import circle in courseops"
LAYERS = "courseops layers"
TOOLKIT = "The learners' toolkit does not import the instructors' tools"


def lint_imports(folder: Path) -> subprocess.CompletedProcess:
    """Run ``lint-imports`` with the repository's contracts on the packages found in ``folder``."""
    program = Path(sys.executable).parent / "lint-imports"
    if not program.exists():
        pytest.fail("import-linter is not installed: `pip install import-linter` (it is in the test extra)")
    # lint-imports puts the folder it runs in first on sys.path, so a copy there shadows the real packages.
    return subprocess.run(
        [str(program), "--no-cache", str(REPO / "pyproject.toml")],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )


def verdicts(output: str) -> dict[str, str]:
    """Contract name (its start) -> KEPT or BROKEN, from the summary lines of lint-imports."""
    found = {}
    for line in output.splitlines():
        for name in (CIRCLE, LAYERS, TOOLKIT):
            if line.startswith(name) and line.rstrip().endswith(("KEPT", "BROKEN")):
                found[name] = "KEPT" if line.rstrip().endswith("KEPT") else "BROKEN"
    return found


@pytest.fixture
def copy_of_packages(tmp_path):
    """courseops and rightsclimate (Python files only) copied to ``tmp_path``."""
    for package in ("courseops", "rightsclimate"):
        shutil.copytree(REPO / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return tmp_path


def plant(path: Path, line: str) -> None:
    """Add an import at the end of a module of the copy."""
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # planted by the test\n", encoding="utf-8")


def test_the_repository_keeps_every_import_contract():
    result = lint_imports(REPO)
    assert verdicts(result.stdout) == {CIRCLE: "KEPT", LAYERS: "KEPT", TOOLKIT: "KEPT"}, result.stdout[-3000:]
    assert result.returncode == 0


def test_the_check_sees_the_copy_not_the_installed_package(copy_of_packages):
    """Unchanged copy: every contract kept (so the failures below come from the planted imports)."""
    result = lint_imports(copy_of_packages)
    assert verdicts(result.stdout) == {CIRCLE: "KEPT", LAYERS: "KEPT", TOOLKIT: "KEPT"}, result.stdout[-3000:]


def test_a_planted_circle_between_commands_is_caught(copy_of_packages):
    """report <-> leakguard sit in one layer (so the layer contract allows either way): only the circle check
    can catch this one."""
    plant(copy_of_packages / "courseops" / "report.py", "from courseops import leakguard")
    plant(copy_of_packages / "courseops" / "leakguard.py", "from courseops import report")
    result = lint_imports(copy_of_packages)
    assert result.returncode != 0
    assert verdicts(result.stdout) == {CIRCLE: "BROKEN", LAYERS: "KEPT", TOOLKIT: "KEPT"}, result.stdout[-3000:]
    assert ".report -> .leakguard" in result.stdout or ".leakguard -> .report" in result.stdout, result.stdout


def test_the_old_course_gradebook_circle_is_caught(copy_of_packages):
    """The circle this layout removed: the gradebook reading the course module's config loader."""
    plant(copy_of_packages / "courseops" / "gradebook.py", "from courseops.course import load_config")
    result = lint_imports(copy_of_packages)
    assert result.returncode != 0
    assert verdicts(result.stdout) == {CIRCLE: "BROKEN", LAYERS: "BROKEN", TOOLKIT: "KEPT"}, result.stdout[-3000:]
    assert ".gradebook -> .course" in result.stdout or ".course -> .gradebook" in result.stdout, result.stdout
    assert "courseops.gradebook -> courseops.course" in result.stdout  # the layer contract names the import


def test_the_toolkit_importing_courseops_is_caught(copy_of_packages):
    plant(copy_of_packages / "rightsclimate" / "data.py", "import courseops.paths")
    result = lint_imports(copy_of_packages)
    assert result.returncode != 0
    assert verdicts(result.stdout)[TOOLKIT] == "BROKEN", result.stdout[-3000:]
