"""Broken submissions are reported per learner and never stop or corrupt the grading of the others.

Runs on the synthetic fixture assignment (tests/fixtures/synthetic_course) with one collected folder
per failure kind under tests/fixtures/bad_submissions/ (rebuild them with make_fixtures.py there).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from courseops.course import add_students, copy_submission, generate_release, make_course, open_api, place_submission
from courseops.grade import grade_assignment
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


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """A course with two good and four bad submissions, graded by courseops.grade."""
    course = make_course(tmp_path_factory.mktemp("bad") / "course", [SYNTHETIC])
    api = open_api(course)
    release = generate_release(api, ASSIGNMENT)
    add_students(api, [*GOOD, *BAD])
    name = f"{ASSIGNMENT}.ipynb"
    place_submission(course, ASSIGNMENT, "learner_full_marks", {name: read_notebook(SYNTHETIC / name)})
    place_submission(course, ASSIGNMENT, "learner_blank", {name: read_notebook(release / name)})
    for student, folder in BAD.items():
        copy_submission(course, ASSIGNMENT, student, FIXTURES / "bad_submissions" / folder)
    return course, grade_assignment(course, ASSIGNMENT)


def reasons(run, student):
    return " | ".join(p.reason for p in run.problems if p.student == student)


def test_fixtures_are_what_they_claim():
    folder = FIXTURES / "bad_submissions"
    assert [p.name for p in notebooks_in(folder / "missing_notebook")] == [f"{ASSIGNMENT} (1).ipynb"]
    with pytest.raises(Exception):  # noqa: B017 - any parse error will do
        read_notebook(folder / "invalid_json" / f"{ASSIGNMENT}.ipynb")


def test_invalid_json_is_reported_and_not_graded(graded):
    _, run = graded
    assert "not a valid notebook" in reasons(run, "learner_invalid_json")
    assert "learner_invalid_json" in run.not_graded


def test_missing_notebook_is_reported_with_the_renamed_copy(graded):
    _, run = graded
    text = reasons(run, "learner_missing_notebook")
    assert f"notebook {ASSIGNMENT}.ipynb is missing" in text
    assert f"{ASSIGNMENT} (1).ipynb" in text
    assert "learner_missing_notebook" in run.not_graded


def test_deleted_and_edited_tests_are_reported_but_graded(graded):
    _, run = graded
    assert "'heavy_rain_days_tests' was deleted" in reasons(run, "learner_deleted_test")
    assert "'heavy_rain_days_tests' was edited" in reasons(run, "learner_edited_test")
    assert {"learner_deleted_test", "learner_edited_test"} <= set(run.seconds)


def test_only_the_broken_learners_are_not_graded(graded):
    _, run = graded
    assert run.not_graded == ["learner_invalid_json", "learner_missing_notebook"]
    assert set(run.seconds) == {*GOOD, "learner_deleted_test", "learner_edited_test"}


def test_gradebook_is_intact_and_restored_tests_count(graded):
    course, _ = graded
    with open_gradebook(course) as gb:
        totals = {s: autograded_total(cell_scores(gb, ASSIGNMENT, s)) for s in submitted_students(gb, ASSIGNMENT)}
    assert set(totals) == {*GOOD, "learner_deleted_test", "learner_edited_test"}  # no half-made entries
    assert totals["learner_full_marks"] == (3.0, 3.0)
    assert totals["learner_blank"] == (0.0, 3.0)
    assert totals["learner_deleted_test"] == (3.0, 3.0)  # the deleted test was put back and passed
    assert totals["learner_edited_test"] == (1.0, 3.0)  # the original test ran, not the learner's edit
