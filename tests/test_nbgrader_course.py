"""exercises/ is a working nbgrader course, checked end to end for every assignment in source/.

For each assignment (courseops.gradecheck): the reference solution earns every autograded point, the
untouched release none, a partly correct answer something in between; feedback and the CSV export
work. The release, run as a learner runs it, shows the course's self-check messages.
"""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest
from nbclient import NotebookClient

from courseops.course import load_config
from courseops.gradecheck import (
    LEARNERS,
    PARTIAL,
    SOLUTION,
    UNTOUCHED,
    SubmissionResult,
    describe,
    run_gradecheck,
    score_problems,
)
from courseops.notebooks import is_test_cell, read_notebook
from courseops.paths import COURSE_DIR, assignment_ids, notebooks_in, release_dir
from courseops.release import build_releases

ASSIGNMENTS = assignment_ids(COURSE_DIR)
SYNTHETIC_COURSE = Path(__file__).parent / "fixtures" / "synthetic_course"


def test_course_has_assignments():
    assert ASSIGNMENTS, f"no assignments in {COURSE_DIR / 'source'}"


def test_config_is_relative_to_its_own_folder(tmp_path):
    shutil.copy2(COURSE_DIR / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    config = load_config(tmp_path)
    assert config.CourseDirectory.course_id == "rights-climate-sdgs"
    assert Path(config.CourseDirectory.root) == tmp_path
    assert config.CourseDirectory.db_url == f"sqlite:///{tmp_path / 'gradebook.db'}"
    assert config.Execute.timeout > 0 and config.ExecutePreprocessor.timeout > 0
    assert config.LimitOutput.max_lines > 0 and config.LimitOutput.max_traceback > 0
    assert "NotImplementedError" in config.ClearSolutions.code_stub["python"]
    assert config.OverwriteCells.add_missing_cells is True


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_gradecheck(assignment):
    """One run per assignment (it takes a while): every expectation is checked and reported together."""
    result = run_gradecheck(assignment, COURSE_DIR)
    print(describe(result))  # shown with -s / -rA: scores and autograde time per submission
    solution, untouched, partial = (result.submissions[s] for s in (SOLUTION, UNTOUCHED, PARTIAL))
    autograded = solution.max_auto_score > 0  # False only for a written-only assignment
    expectations = {
        "reference solution earns every autograded point": solution.auto_score == solution.max_auto_score,
        "untouched release earns 0": untouched.auto_score == 0,
        "partly correct answer earns some but not all points": (
            not autograded or 0 < partial.auto_score < partial.max_auto_score
        ),
        "nbgrader generate_feedback wrote HTML for every learner": all(result.feedback[s] for s in LEARNERS),
        "nbgrader export lists every learner": result.exported_students == sorted(LEARNERS),
        "autograding takes under a minute per submission": result.median_seconds < 60,
    }
    broken = [name for name, holds in expectations.items() if not holds]
    assert not broken, f"{assignment}: {'; '.join(broken)}\n{describe(result)}"
    assert result.ok, describe(result)


def run_as_learner(folder: Path) -> list:
    """Execute every notebook of a release folder top to bottom, errors allowed; return the notebooks."""
    executed = []
    assert notebooks_in(folder), f"no notebooks in {folder}: run `python -m courseops.release`"
    for path in notebooks_in(folder):
        nb = read_notebook(path)
        NotebookClient(
            nb, timeout=120, allow_errors=True, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
        ).execute()
        executed.append(nb)
    return executed


def failed_test_cells(notebooks) -> dict[str, list[str]]:
    """Error names shown by each test cell of executed notebooks (only cells that failed)."""
    shown = {}
    for nb in notebooks:
        for cell in nb.cells:
            names = [o.ename for o in cell.get("outputs", []) if o.output_type == "error"]
            if is_test_cell(cell) and names:
                shown[cell.metadata.nbgrader.grade_id] = names
    return shown


def assert_self_checks_speak(shown: dict[str, list[str]], assignment: str) -> None:
    bare = sorted(gid for gid, names in shown.items() if "AssertionError" in names)
    assert not bare, f"{assignment}: test cells {bare} show a bare AssertionError; use rightsclimate.selfcheck.check"
    assert any("CheckFailed" in names for names in shown.values()), (
        f"{assignment}: no test cell shows a CheckFailed message on the untouched release ({shown})"
    )
    other = sorted(gid for gid, names in shown.items() if "CheckFailed" not in names)
    if other:
        warnings.warn(
            f"{assignment}: test cells {other} fail with {[shown[g] for g in other]} instead of a self-check "
            "message; wrap the condition in a lambda: check(lambda: ..., message)",
            stacklevel=2,
        )


def has_test_cells(folder: Path) -> bool:
    return any(is_test_cell(cell) for path in notebooks_in(folder) for cell in read_notebook(path).cells)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_shows_self_check_messages(assignment):
    if not has_test_cells(release_dir(COURSE_DIR) / assignment) and notebooks_in(release_dir(COURSE_DIR) / assignment):
        pytest.skip(f"{assignment} has no autograded test cells (written answers only)")
    shown = failed_test_cells(run_as_learner(release_dir(COURSE_DIR) / assignment))
    assert_self_checks_speak(shown, assignment)


def test_self_check_messages_on_synthetic_release(tmp_path):
    build_releases(tmp_path, SYNTHETIC_COURSE)
    shown = failed_test_cells(run_as_learner(tmp_path / "synthetic_heavy_rain"))
    assert shown == {"heavy_rain_days_tests": ["CheckFailed"], "wettest_day_tests": ["CheckFailed"]}
    assert_self_checks_speak(shown, "synthetic_heavy_rain")


def results(solution, untouched, partial, maximum):
    return {
        name: SubmissionResult(name, score, maximum, 1.0)
        for name, score in ((SOLUTION, solution), (UNTOUCHED, untouched), (PARTIAL, partial))
    }


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ((5, 0, 2, 5), []),
        ((4, 0, 2, 5), ["reference solution scored 4 of 5"]),
        ((5, 1, 2, 5), ["untouched release scored 1"]),
        ((5, 0, 0, 5), ["partly correct answer scored 0 of 5"]),
        ((5, 0, 5, 5), ["partly correct answer scored 5 of 5"]),
        ((0, 0, 0, 0), []),  # written-only assignment: nothing to autograde
    ],
)
def test_score_expectations(scores, expected):
    problems = score_problems(results(*scores))
    assert len(problems) == len(expected)
    for problem, start in zip(problems, expected, strict=True):
        assert problem.startswith(start), problem
