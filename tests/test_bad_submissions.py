"""Broken submissions are reported per learner and never stop or corrupt the grading of the others.

Runs on the synthetic fixture assignment (tests/fixtures/synthetic_course) with one collected folder
per failure kind under tests/fixtures/bad_submissions/ (rebuild them with make_fixtures.py there).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from courseops import cli
from courseops.course import add_students, copy_submission, generate_release, make_course, open_api, place_submission
from courseops.grade import describe, grade_assignment
from courseops.gradebook import autograded_total, cell_scores, open_gradebook, submitted_students
from courseops.notebooks import read_notebook
from courseops.paths import notebooks_in

FIXTURES = Path(__file__).parent / "fixtures"
SYNTHETIC = FIXTURES / "synthetic_course" / "source" / "synthetic_heavy_rain"
ASSIGNMENT = "synthetic_heavy_rain"
BAD = {  # learner id -> fixture folder
    "learner_invalid_json": "invalid_json",
    "learner_missing_notebook": "missing_notebook",
    "learner_deleted_test": "deleted_test_cell",
    "learner_edited_test": "edited_test_cell",
}
GOOD = ("learner_full_marks", "learner_blank")


def grade_bad_and_good(tmp_path):
    """A course with two good and four bad submissions, graded by courseops.grade."""
    course = make_course(tmp_path / "course", [SYNTHETIC])
    api = open_api(course)
    release = generate_release(api, ASSIGNMENT)
    add_students(api, [*GOOD, *BAD])
    name = f"{ASSIGNMENT}.ipynb"
    place_submission(course, ASSIGNMENT, "learner_full_marks", {name: read_notebook(SYNTHETIC / name)})
    place_submission(course, ASSIGNMENT, "learner_blank", {name: read_notebook(release / name)})
    for student, folder in BAD.items():
        copy_submission(course, ASSIGNMENT, student, FIXTURES / "bad_submissions" / folder)
    return course, grade_assignment(course, ASSIGNMENT)


@pytest.fixture(scope="module")
def plain_run(tmp_path_factory):
    """One plain grading run shared by the tests of this module (grading is slow)."""
    return grade_bad_and_good(tmp_path_factory.mktemp("bad_submissions"))


def reasons(run, student):
    return " | ".join(p.reason for p in run.problems if p.student == student)


def test_fixtures_are_what_they_claim():
    folder = FIXTURES / "bad_submissions"
    assert [p.name for p in notebooks_in(folder / "missing_notebook")] == [f"{ASSIGNMENT} (1).ipynb"]
    with pytest.raises(Exception):  # noqa: B017 - any parse error will do
        read_notebook(folder / "invalid_json" / f"{ASSIGNMENT}.ipynb")


def test_bad_submissions_are_reported_and_the_rest_graded(plain_run):
    """One grading run (it takes a while), then every expectation about it."""
    course, run = plain_run

    # invalid JSON: reported with the learner id, not graded
    assert "not a valid notebook" in reasons(run, "learner_invalid_json")
    # missing notebook: reported, naming the renamed copy, not graded
    assert f"notebook {ASSIGNMENT}.ipynb is missing" in reasons(run, "learner_missing_notebook")
    assert f"{ASSIGNMENT} (1).ipynb" in reasons(run, "learner_missing_notebook")
    # deleted / edited locked test cells: reported, and still graded
    assert "'heavy_rain_days_tests' was deleted" in reasons(run, "learner_deleted_test")
    assert "'heavy_rain_days_tests' was edited" in reasons(run, "learner_edited_test")
    # only the two unreadable submissions are left ungraded; everyone else is graded
    assert run.not_graded == ["learner_invalid_json", "learner_missing_notebook"]
    assert set(run.seconds) == {*GOOD, "learner_deleted_test", "learner_edited_test"}
    printed = {line.split()[0]: " ".join(line.split()) for line in describe(run).splitlines()}  # the table
    assert printed["learner_invalid_json"].startswith("learner_invalid_json failed - - not graded: ")
    assert printed["learner_edited_test"].startswith("learner_edited_test graded 1/3 ")
    assert "'heavy_rain_days_tests' was edited" in printed["learner_edited_test"]
    assert printed["learner_blank"].startswith("learner_blank graded 0/3 ")
    assert run.scores["learner_deleted_test"] == (3.0, 3.0)

    # the gradebook is intact: no half-made entries, the good learners' scores are right
    with open_gradebook(course) as gb:
        totals = {s: autograded_total(cell_scores(gb, ASSIGNMENT, s)) for s in submitted_students(gb, ASSIGNMENT)}
    assert set(totals) == {*GOOD, "learner_deleted_test", "learner_edited_test"}
    assert totals["learner_full_marks"] == (3.0, 3.0)
    assert totals["learner_blank"] == (0.0, 3.0)
    assert totals["learner_deleted_test"] == (3.0, 3.0)  # the deleted test was put back and passed
    assert totals["learner_edited_test"] == (1.0, 3.0)  # the original test ran, not the learner's edit


def cell_by_cell(course, students):
    with open_gradebook(course) as gb:
        return {s: cell_scores(gb, ASSIGNMENT, s) for s in students}


@pytest.mark.skipif(cli.sandbox_problem() is not None, reason="no sandbox on this machine")
def test_plain_and_sandboxed_grading_agree_on_scores_policy_and_exit_code(plain_run, capsys):
    """One policy for both graders: the same learners not graded (exit 1, table says why), the same
    scores cell for cell for everyone else (the sandboxed run re-grades the plain run's course)."""
    course, run = plain_run  # runs after the test above: it re-grades that course
    graded = sorted(run.seconds)
    plain_scores = cell_by_cell(course, graded)
    capsys.readouterr()
    code = cli.main(["grade", ASSIGNMENT, "--course-dir", str(course), "--force", "--quiet"])
    table = capsys.readouterr().out
    assert code == 1, table  # two learners could not be graded
    rows = {line.split()[0]: line for line in table.splitlines() if line.strip()}
    assert "is missing" in rows["learner_missing_notebook"] and "rename it to" in rows["learner_missing_notebook"]
    assert "not a valid notebook" in rows["learner_invalid_json"]
    for student in graded:
        assert student in rows and "not a valid" not in rows[student], table
    plain_rows = {line.split()[0]: line for line in describe(run).splitlines()}
    assert {s: rows[s].split()[1:3] for s in BAD.keys() | set(GOOD)} == {
        s: plain_rows[s].split()[1:3] for s in BAD.keys() | set(GOOD)
    }, f"plain:\n{describe(run)}\nsandboxed:\n{table}"  # same status and autograded score, learner by learner
    assert cell_by_cell(course, graded) == plain_scores
    with open_gradebook(course) as gb:  # nothing recorded for the learners who were not graded
        assert set(submitted_students(gb, ASSIGNMENT)) == set(graded)
