"""``courseops.safegrade``: same scores as plain ``nbgrader autograde``, and what the sandbox lets in.

All on a SYNTHETIC assignment in a temp course (tests/fixtures/hostile/synthetic.py).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "hostile"))
import synthetic as S  # noqa: E402

from courseops.sandboxgrade import pipeline as safegrade  # noqa: E402
from courseops.sandboxgrade import sandbox  # noqa: E402

NO_SANDBOX = sandbox.sandbox_problem()
# CI installs bubblewrap (.ci/run): there a missing sandbox is a failure, not a skip.
needs_sandbox = pytest.mark.skipif(
    NO_SANDBOX is not None and not os.environ.get("CI"), reason=f"no sandbox: {NO_SANDBOX}"
)
pytestmark = pytest.mark.slow
LIMITS = sandbox.Limits(memory_mb=1024, cpu_seconds=60, processes=128, wall_seconds=60, cell_timeout=20)


def learners(release) -> dict[str, dict[str, object]]:
    """Honest learners of every kind of score: full, none, partial, wrong, a crash."""
    return {
        "full_marks": {S.NOTEBOOK: S.learner(release)},
        "untouched": {S.NOTEBOOK: release},
        "wrong_double": {S.NOTEBOOK: S.learner(release, double=S.WRONG_DOUBLE)},
        "only_double": {S.NOTEBOOK: S.learner(release, add="raise NotImplementedError()")},
        "syntax_error": {S.NOTEBOOK: S.learner(release, add="def add(a, b) return a + b")},
        "prints_to_stderr": {
            S.NOTEBOOK: S.learner(release, add="import sys\nprint('hi', file=sys.stderr)\n" + S.ADD_ANSWER)
        },
    }


def gradebook_scores(course: Path) -> dict[tuple[str, str], tuple[float, float, bool]]:
    """(student, cell) -> (score, max score, needs manual grade), as stored by nbgrader."""
    from courseops.gradebook import cell_scores, open_gradebook, submitted_students

    with open_gradebook(course) as gb:
        return {
            (student, s.cell): (s.score, s.max_score, s.needs_manual_grade)
            for student in submitted_students(gb, S.ASSIGNMENT)
            for s in cell_scores(gb, S.ASSIGNMENT, student)
        }


def grade_twice(root: Path):
    """The same submissions graded twice: by plain nbgrader autograde and by safegrade."""
    from courseops.course import add_students, ensure_success, open_api, place_submission

    plain, release = S.build_course(root / "plain")
    for student, files in learners(release).items():
        place_submission(plain, S.ASSIGNMENT, student, files)
    add_students(open_api(plain), learners(release))
    safe = root / "safe"
    shutil.copytree(plain, safe)
    api = open_api(plain)
    for student in learners(release):
        ensure_success(api.autograde(S.ASSIGNMENT, student, force=True, create=True), f"autograde {student}")
    outcomes = safegrade.grade_assignment(safe, S.ASSIGNMENT, workers=2, limits=LIMITS, progress=False)
    return plain, safe, {o.student: o for o in outcomes}


@pytest.fixture(scope="module")
def twin_courses(tmp_path_factory):
    return S.shared_once(tmp_path_factory, "safegrade-twins", grade_twice)


@needs_sandbox
def test_scores_are_identical_to_plain_nbgrader_autograde(twin_courses):
    plain, safe, outcomes = twin_courses
    expected = gradebook_scores(plain)
    assert expected  # plain nbgrader did grade
    assert gradebook_scores(safe) == expected
    assert {o.score for o in outcomes.values()} == {0.0, 2.0, 3.0, 5.0}


@needs_sandbox
def test_autograded_notebooks_have_the_same_outputs(twin_courses):
    plain, safe, _ = twin_courses

    def error_names(course, student):
        nb = json.loads((course / "autograded" / student / S.ASSIGNMENT / S.NOTEBOOK).read_text())
        return [[o.get("ename") for o in c.get("outputs", [])] for c in nb["cells"] if c["cell_type"] == "code"]

    for student in ("full_marks", "untouched", "wrong_double", "only_double", "syntax_error"):
        assert error_names(safe, student) == error_names(plain, student), student


@needs_sandbox
def test_feedback_and_export_work_unchanged(twin_courses):
    from courseops.course import ensure_success, open_api
    from courseops.gradecheck import export_students

    _, safe, outcomes = twin_courses
    ensure_success(open_api(safe).generate_feedback(S.ASSIGNMENT, force=True), "generate_feedback")
    for student in outcomes:
        assert list((safe / "feedback" / student / S.ASSIGNMENT).glob("*.html")), student
    assert export_students(safe, S.ASSIGNMENT) == sorted(outcomes)


PROBE = r"""
import json, os, resource, socket, sys
fd = int(sys.stdin.readline())
def can_read(path):
    try:
        open(path, "rb").read(1)
        return True
    except OSError:
        return False
def can_write(path):
    try:
        open(path, "w").write("x")
        return True
    except OSError:
        return False
report = {
    "uid": os.getuid(),
    "repo": sorted(os.listdir(REPO)),
    "course_config": can_read(REPO + "/exercises/nbgrader_config.py"),
    "toolkit": can_read(REPO + "/rightsclimate/selfcheck.py"),
    "courseops": os.path.exists(REPO + "/courseops"),
    "interfaces": [name for _, name in socket.if_nameindex()],
    "pids": len([p for p in os.listdir("/proc") if p.isdigit()]),
    "write_usr": can_write("/usr/x"),
    "write_venv": can_write(sys.prefix + "/x"),
    "write_home": can_write("/home/learner/x"),
    "root_dir": sorted(os.listdir("/")),
    "as": resource.getrlimit(resource.RLIMIT_AS),
    "nproc": resource.getrlimit(resource.RLIMIT_NPROC),
    "fsize": resource.getrlimit(resource.RLIMIT_FSIZE),
    "cpu": resource.getrlimit(resource.RLIMIT_CPU),
    "env": sorted(os.environ),
}
try:
    socket.create_connection(("127.0.0.1", 9), timeout=2)
    report["loopback_to_host"] = True
except OSError:
    report["loopback_to_host"] = False
os.write(fd, json.dumps(report).encode())
"""


@needs_sandbox
def test_the_sandbox_holds_only_what_grading_needs():
    repo = str(Path(safegrade.__file__).resolve().parents[2])
    limits = sandbox.Limits(memory_mb=700, cpu_seconds=17, processes=33, file_mb=5)
    with sandbox.WorkerSlot() as slot:
        uid = slot.uid if sandbox.is_root() else None
        argv = sandbox.bwrap_argv(
            [sys.executable, "-c", PROBE.replace("REPO", repr(repo))], {}, limits, uid, safegrade.kernel_env()
        )
        run = sandbox.run_in_sandbox(argv, b"", 60, uid)
    report = json.loads(run.result)
    if sandbox.is_root():
        assert report["uid"] >= sandbox.FIRST_SANDBOX_UID
        assert report["nproc"] == [33, 33]
    assert report["repo"] == sorted(p for p in (".venv", "datasets", "rightsclimate") if (Path(repo) / p).exists())
    assert report["toolkit"] and not report["course_config"] and not report["courseops"]
    assert report["interfaces"] == ["lo"] and not report["loopback_to_host"]
    assert report["pids"] <= 3  # bwrap's init, this process, nothing of the host
    assert not report["write_usr"] and not report["write_venv"] and report["write_home"]
    assert (
        report["as"] == [700 * 1024 * 1024] * 2
        and report["cpu"] == [17, 17]
        and report["fsize"] == [5 * 1024 * 1024] * 2
    )
    top = Path(repo).parts[1]  # the repository's top folder (/work here, wherever CI clones it)
    assert {"home", top} <= set(report["root_dir"])
    assert "NBGRADER_EXECUTION" in report["env"] and not any(k.startswith(("SSH", "AWS", "GIT")) for k in report["env"])


def test_refuses_untrusted_work_without_a_sandbox(tmp_path, monkeypatch, capsys):
    course, release = S.build_course(tmp_path, {"someone": {}})
    monkeypatch.setattr(sandbox, "bwrap_path", lambda: None)
    with pytest.raises(safegrade.SandboxUnavailable, match=safegrade.OVERRIDE_FLAG):
        safegrade.grade_assignment(course, S.ASSIGNMENT, progress=False)
    assert safegrade.main([S.ASSIGNMENT, "--course-dir", str(course), "--quiet"]) == 2
    assert "bubblewrap is not installed" in capsys.readouterr().err
    assert not (course / "autograded").exists()


def test_the_loud_override_grades_without_a_sandbox(tmp_path, monkeypatch, capsys):
    course, release = S.build_course(tmp_path)
    from courseops.course import add_students, open_api, place_submission

    add_students(open_api(course), ["trusted"])
    place_submission(course, S.ASSIGNMENT, "trusted", {S.NOTEBOOK: S.learner(release)})
    monkeypatch.setattr(sandbox, "bwrap_path", lambda: None)
    from courseops import safegrade as old_name  # the module older scripts run keeps working

    code = old_name.main(
        [S.ASSIGNMENT, "--course-dir", str(course), "--quiet", safegrade.OVERRIDE_FLAG, "--cell-timeout", "20"]
    )
    captured = capsys.readouterr()
    assert code == 0 and "NO SANDBOX" in captured.err
    assert "trusted" in captured.out and "5/5" in captured.out


@needs_sandbox
def test_command_grades_only_the_chosen_learners(tmp_path, capsys):
    course, release = S.build_course(tmp_path)
    from courseops.course import add_students, open_api, place_submission

    add_students(open_api(course), ["chosen", "not_chosen"])
    for student in ("chosen", "not_chosen"):
        place_submission(course, S.ASSIGNMENT, student, {S.NOTEBOOK: S.learner(release)})
    assert safegrade.main([S.ASSIGNMENT, "--course-dir", str(course), "--student", "chosen", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "chosen" in out and "not_chosen" not in out and "1 graded" in out
    assert (course / "autograded" / "chosen").is_dir() and not (course / "autograded" / "not_chosen").exists()
    # graded already: skipped unless --force
    assert safegrade.main([S.ASSIGNMENT, "--course-dir", str(course), "--student", "chosen", "--quiet"]) == 0
    assert "skipped" in capsys.readouterr().out


def test_exit_codes_say_who_could_not_be_graded(tmp_path, capsys):
    """0 all graded, 1 someone not graded (the table says why), 2 a usage error; nothing runs for 1 or 2."""
    course, release = S.build_course(tmp_path, {"no_notebook": {S.NOTEBOOK: None}})
    assert safegrade.main([S.ASSIGNMENT, "--course-dir", str(course), "--quiet"]) == 1
    captured = capsys.readouterr()
    assert "no_notebook" in captured.out and "not graded: notebook synthetic_safegrade.ipynb is missing" in captured.out
    assert "no_notebook" in captured.err
    assert safegrade.main(["no_such_assignment", "--course-dir", str(course), "--quiet"]) == 2
    assert "not in the gradebook" in capsys.readouterr().err
    assert safegrade.main([S.ASSIGNMENT, "--course-dir", str(tmp_path), "--quiet"]) == 2
    assert "nbgrader_config.py" in capsys.readouterr().err
