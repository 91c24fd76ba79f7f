"""The course tool works on courses it did not make, and scores like nbgrader, cell for cell.

Two courses in a temporary folder, both with ``course_id``/``db_url`` as nbgrader leaves them:

* a course made by ``nbgrader quickstart`` (its ``ps1``, header notebook and config untouched):
  ``courseops grade``, ``report`` and ``check`` run from the course folder and from a subfolder;
* nbgrader's own autograde fixtures (installed with nbgrader in ``nbgrader/tests/apps/files``):
  like nbgrader's ``test_nbgrader_autograde.py``, the source is ``submitted-unchanged.ipynb`` (the
  ``test.ipynb`` there is a different notebook, with other cells) and four learners submit
  ``submitted-unchanged``, ``submitted-changed``, ``submitted-cheat-attempt`` and
  ``submitted-cheat-attempt-alternative``. The same released course is graded three times, in three
  copies: plain ``nbgrader autograde``, ``courseops grade --no-sandbox`` and sandboxed ``courseops grade``.

The slow runs start together once per test session (separate processes, so they overlap), shared by
xdist workers.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbgrader
import pytest

from courseops.cli import sandbox_problem
from courseops.gradebook import autograded_total, scores_of
from courseops.nbgrader_cli import venv_env

NBGRADER_FILES = Path(nbgrader.__file__).parent / "tests" / "apps" / "files"
FIXTURE_LEARNERS = {
    "foo": "submitted-unchanged.ipynb",
    "bar": "submitted-changed.ipynb",
    "spam": "submitted-cheat-attempt.ipynb",
    "eggs": "submitted-cheat-attempt-alternative.ipynb",
}
CHEATS = ("spam", "eggs")
TIMEOUT = 900


def courseops(*args: str) -> list[str]:
    return [sys.executable, "-m", "courseops", *args]


def nbgrader_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "nbgrader", *args]


def start(cmd: list[str], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(cmd, cwd=cwd, env=venv_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen) -> subprocess.CompletedProcess:
    out, err = proc.communicate(timeout=TIMEOUT)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return finish(start(cmd, cwd))


def shown(result: subprocess.CompletedProcess) -> str:
    return f"exit {result.returncode}\n--- stdout\n{result.stdout[-3000:]}\n--- stderr\n{result.stderr[-3000:]}"


def table_rows(stdout: str) -> dict[str, list[str]]:
    """Rows of a grading summary table, by learner id (first column)."""
    return {line.split()[0]: line.split() for line in stdout.splitlines() if line.strip()}


def fixture_course(root: Path) -> Path:
    """A course holding only a default nbgrader_config.py and nbgrader's fixture as assignment ps1."""
    course = root / "base"
    (course / "source" / "ps1").mkdir(parents=True)
    # course_id and db_url are left at nbgrader's defaults; only runaway code is stopped
    (course / "nbgrader_config.py").write_text("c = get_config()  # noqa\nc.Execute.timeout = 60\n", encoding="utf-8")
    shutil.copy2(NBGRADER_FILES / "submitted-unchanged.ipynb", course / "source" / "ps1" / "p1.ipynb")
    result = run(nbgrader_cmd("generate_assignment", "ps1"), course)
    assert result.returncode == 0, shown(result)
    for student, name in FIXTURE_LEARNERS.items():
        folder = course / "submitted" / student / "ps1"
        folder.mkdir(parents=True)
        shutil.copy2(NBGRADER_FILES / name, folder / "p1.ipynb")
    return course


def quickstart_course(root: Path) -> Path:
    """``nbgrader quickstart course101``, its ps1 released, two learners: untouched and full marks."""
    root.mkdir(parents=True, exist_ok=True)
    result = run(nbgrader_cmd("quickstart", "course101"), root)
    assert result.returncode == 0, shown(result)
    course = root / "course101"
    result = run(nbgrader_cmd("generate_assignment", "ps1"), course)
    assert result.returncode == 0, shown(result)
    shutil.copytree(course / "release" / "ps1", course / "submitted" / "untouched" / "ps1")
    shutil.copytree(course / "source" / "ps1", course / "submitted" / "solution" / "ps1")
    return course


def run_everything(root: Path) -> dict:
    """Every slow command of this module, started together; their results by name, and the courses."""
    base = fixture_course(root / "fixtures")
    copies = {way: root / "fixtures" / way for way in ("nbgrader", "plain", "sandboxed")}
    for copy in copies.values():
        shutil.copytree(base, copy)
    quick = quickstart_course(root / "quickstart")
    sandboxed = sandbox_problem() is None
    started = {
        "nbgrader": start(nbgrader_cmd("autograde", "ps1"), copies["nbgrader"]),
        "plain": start(courseops("grade", "--no-sandbox", "ps1"), copies["plain"]),  # from the course folder
        "quick grade": start(courseops("grade", *([] if sandboxed else ["--no-sandbox"]), "ps1"), quick),
        "quick check": start(courseops("check", "ps1"), quick / "source" / "ps1"),  # from a subfolder
    }
    if sandboxed:  # from a subfolder
        started["sandboxed"] = start(courseops("grade", "ps1", "--quiet"), copies["sandboxed"] / "submitted")
    results = {name: finish(proc) for name, proc in started.items()}
    return {
        "results": {name: [r.args, r.returncode, r.stdout, r.stderr] for name, r in results.items()},
        "courses": {way: str(path) for way, path in copies.items()},
        "quickstart": str(quick),
        "sandboxed": sandboxed,
    }


@pytest.fixture(scope="session")
def runs(tmp_path_factory, request):
    """:func:`run_everything` once per test session, shared by xdist workers (a lock and a JSON file)."""
    if not hasattr(request.config, "workerinput"):  # not an xdist worker (also with -p no:xdist)
        data = run_everything(tmp_path_factory.mktemp("courses"))
    else:
        shared = tmp_path_factory.getbasetemp().parent  # common to all workers of this run
        result_file = shared / "quickstart-course-runs.json"
        with open(shared / "quickstart-course-runs.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                if not result_file.exists():
                    result_file.write_text(json.dumps(run_everything(shared / "quickstart-courses")))
                data = json.loads(result_file.read_text())
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
    return {
        "results": {name: subprocess.CompletedProcess(*r) for name, r in data["results"].items()},
        "courses": {way: Path(path) for way, path in data["courses"].items()},
        "quickstart": Path(data["quickstart"]),
        "sandboxed": data["sandboxed"],
    }


def cell_table(course: Path, student: str) -> dict[str, tuple[float, float, bool]]:
    """Cell -> (score, maximum, needs a manual grade), as recorded in the course gradebook."""
    return {
        f"{s.notebook}/{s.cell}": (s.score, s.max_score, s.needs_manual_grade)
        for s in scores_of(course, "ps1", student)
    }


def test_nbgrader_quickstart_config_is_what_this_test_claims(runs):
    """The quickstart config sets course_id but leaves db_url (and root) to nbgrader's defaults."""
    config = (runs["quickstart"] / "nbgrader_config.py").read_text(encoding="utf-8")
    assert 'c.CourseDirectory.course_id = "course101"' in config
    assert "\nc.CourseDirectory.db_url" not in config and "\nc.CourseDirectory.root" not in config


def test_grade_on_a_quickstart_course(runs):
    result = runs["results"]["quick grade"]
    assert result.returncode == 0, shown(result)
    rows = table_rows(result.stdout)
    assert rows["untouched"][1] == "graded" and rows["untouched"][2] == "0/3", shown(result)
    assert rows["solution"][1] == "graded" and rows["solution"][2] == "3/3", shown(result)
    assert (runs["quickstart"] / "gradebook.db").exists()  # nbgrader's default place, <root>/gradebook.db


def test_check_on_a_quickstart_course_from_a_subfolder(runs):
    result = runs["results"]["quick check"]
    assert result.returncode == 0, shown(result)
    assert "ps1: OK" in result.stdout
    assert (
        "reference_solution   auto score 3/3" in result.stdout
        and "untouched_release    auto score 0/3" in result.stdout
    )


@pytest.mark.parametrize("where", [".", "source/ps1"])
def test_report_on_a_quickstart_course_from_the_course_and_a_subfolder(runs, where):
    cwd = runs["quickstart"] / where
    result = run(courseops("report", "--out", "report.html"), cwd)
    assert result.returncode == 0, shown(result)
    page = (cwd / "report.html").read_text(encoding="utf-8")  # written where the instructor stands
    assert "ps1" in page and "problem1" in page


def test_a_subfolder_of_no_course_is_a_usage_error(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    for command in ("grade", "report", "check"):
        result = run(courseops(command, *(["ps1"] if command != "report" else [])), tmp_path / "a" / "b")
        assert result.returncode == 2, shown(result)
        assert "No nbgrader course found" in result.stderr and str(tmp_path / "a" / "b") in result.stderr


def test_plain_nbgrader_grades_the_fixtures_as_nbgrader_s_own_test_says(runs):
    """Scores asserted in nbgrader's test_nbgrader_autograde.py (test_grade, cheat attempts): 1, 2, 1, 1 of 7."""
    result = runs["results"]["nbgrader"]
    assert result.returncode == 0, shown(result)
    course = runs["courses"]["nbgrader"]
    totals = {s: sum(v[0] for v in cell_table(course, s).values()) for s in FIXTURE_LEARNERS}
    maxima = {s: sum(v[1] for v in cell_table(course, s).values()) for s in FIXTURE_LEARNERS}
    assert totals == {"foo": 1, "bar": 2, "spam": 1, "eggs": 1}
    assert set(maxima.values()) == {7}


def test_course_tool_without_sandbox_scores_like_nbgrader_cell_for_cell(runs):
    result = runs["results"]["plain"]
    assert result.returncode == 0, shown(result)
    for student in FIXTURE_LEARNERS:
        assert cell_table(runs["courses"]["plain"], student) == cell_table(runs["courses"]["nbgrader"], student)


def test_sandboxed_course_tool_scores_like_nbgrader_except_where_its_tamper_policy_differs(runs):
    """Unchanged and changed submissions: identical to nbgrader, cell for cell.

    The two cheat attempts replace IPython's error display (``showtraceback``) so that failing tests
    would look passed. nbgrader runs their tests anyway (its own defence holds: 1 of 2 test points,
    as for an unchanged notebook). The sandboxed tool's tamper scan refuses to score the tests of such
    a notebook (policy ``zero``, the default): every test cell scores 0 and is flagged for the
    instructor's review (needs a manual grade), and the summary says why. Written answers are untouched.
    """
    if not runs["sandboxed"]:
        pytest.skip(f"no sandbox on this machine: {sandbox_problem()}")
    result = runs["results"]["sandboxed"]
    sandboxed, plain = runs["courses"]["sandboxed"], runs["courses"]["nbgrader"]
    assert result.returncode == 0, shown(result)
    for student in ("foo", "bar"):
        assert cell_table(sandboxed, student) == cell_table(plain, student)
    rows = table_rows(result.stdout)
    for student in CHEATS:
        assert rows[student][1] == "flagged" and "tampering" in " ".join(rows[student]), shown(result)
        ours, theirs = cell_table(sandboxed, student), cell_table(plain, student)
        assert ours.keys() == theirs.keys()
        differing = {cell for cell in ours if ours[cell] != theirs[cell]}
        assert differing == {"p1/foo", "p1/bar"}  # the two autograded test cells, nothing else
        for cell in differing:
            assert ours[cell] == (0.0, theirs[cell][1], True)  # zero, same maximum, flagged for review
        assert autograded_total(scores_of(plain, "ps1", student)) == (1.0, 2.0)
        assert autograded_total(scores_of(sandboxed, "ps1", student)) == (0.0, 2.0)


def test_leakguard_on_a_quickstart_course_from_a_subfolder(runs, tmp_path):
    """Its release is clean; a folder holding the instructor's version (with solutions) is a leak."""
    quick = runs["quickstart"]
    clean = run(courseops("leakguard"), quick / "source")
    assert clean.returncode == 0 and "No leaks" in clean.stdout, shown(clean)
    shutil.copytree(quick / "source" / "ps1", tmp_path / "site")
    leaked = run(courseops("leakguard", str(tmp_path / "site")), quick / "source")
    assert leaked.returncode == 1 and "problem1.ipynb" in leaked.stdout, shown(leaked)
