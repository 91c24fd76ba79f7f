"""Hand scores from a CSV file and the LMS export (issue 17, point 4), on a real assignment (chapter 2).

The course graded by the instructor guide's walkthrough (tests/conftest.py) is copied: its learners
hold the reference answers and the untouched release; one more learner is added without a submission. Every kind of bad row must stop the import with a message naming the
file and line, leaving the gradebook unchanged; a good file marks the written answers as graded; after
re-grading the scores are restored for unchanged answers and flagged for changed ones.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import nbformat
import pytest

from courseops import handgrade, lmsexport
from courseops.course import ensure_success, open_api
from courseops.gradebook import add_students, open_gradebook
from courseops.notebooks import grade_id, read_notebook

ASSIGNMENT = "ch2_obligation_profile"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
WRITTEN = "p5_written"  # the written answer, 4 points
# learners of the guide walkthrough: the reference answers and the untouched release; one more without work
SOLUTION, UNTOUCHED, PARTIAL, ABSENT = "learner01", "learner02", "learner03", "learner_c"
HEADER = "learner,assignment,question,score,comment\n"


@pytest.fixture(scope="module")
def course(guide_walkthrough, tmp_path_factory) -> Path:
    """A copy of the course graded by the guide's walkthrough (grading is shared, not repeated)."""
    assert guide_walkthrough.assignment == ASSIGNMENT
    course = tmp_path_factory.mktemp("handgrade") / "course"
    shutil.copytree(guide_walkthrough.course, course)
    handgrade.ledger_path(course).unlink(missing_ok=True)  # start without the walkthrough's record
    add_students(course, [ABSENT])
    return course


def written_grade(course: Path, student: str) -> tuple[float | None, bool, str | None]:
    """(manual score, needs manual grade, manual comment) of a learner's written answer."""
    with open_gradebook(course) as gb:
        grade = gb.find_grade(WRITTEN, ASSIGNMENT, ASSIGNMENT, student)
        comment = gb.find_comment(WRITTEN, ASSIGNMENT, ASSIGNMENT, student)
        return grade.manual_score, bool(grade.needs_manual_grade), comment.manual_comment


def write_csv(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "hand_scores.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


BAD_ROWS = {
    "unknown learner": (f"nobody,{ASSIGNMENT},{WRITTEN},2,ok\n", "line 2: unknown learner 'nobody'"),
    "unknown question": (f"{SOLUTION},{ASSIGNMENT},p9_essay,2,ok\n", "line 2: unknown question 'p9_essay'"),
    "autograded question": (f"{SOLUTION},{ASSIGNMENT},p1_tests,2,ok\n", "line 2: question 'p1_tests' is autograded"),
    "unknown assignment": (f"{SOLUTION},ch9_nothing,{WRITTEN},2,ok\n", "line 2: unknown assignment 'ch9_nothing'"),
    "above the maximum": (f"{SOLUTION},{ASSIGNMENT},{WRITTEN},4.5,ok\n", "line 2: score 4.5 is above the 4 points"),
    "negative": (f"{SOLUTION},{ASSIGNMENT},{WRITTEN},-1,ok\n", "line 2: score -1 is negative"),
    "not a number": (f"{SOLUTION},{ASSIGNMENT},{WRITTEN},three,ok\n", "line 2: score 'three' is not a number"),
    "not finite": (f"{SOLUTION},{ASSIGNMENT},{WRITTEN},nan,ok\n", "line 2: score 'nan' is not a number"),
    "no submission": (f"{ABSENT},{ASSIGNMENT},{WRITTEN},2,ok\n", f"line 2: {ABSENT} has no graded submission"),
    "duplicate": (
        f"{SOLUTION},{ASSIGNMENT},{WRITTEN},3,ok\n{SOLUTION},{ASSIGNMENT},{WRITTEN},2,again\n",
        "line 3: repeats line 2",
    ),
    "missing field": (f"{SOLUTION},{ASSIGNMENT},{WRITTEN},3\n", "line 2: expected 5 fields"),
}


@pytest.mark.parametrize("kind", sorted(BAD_ROWS))
def test_a_bad_row_stops_the_import_and_nothing_is_written(course, tmp_path, kind):
    bad_row, message = BAD_ROWS[kind]
    # a good row after it must not be written either
    path = write_csv(tmp_path, bad_row + f"{UNTOUCHED},{ASSIGNMENT},{WRITTEN},1,fine\n")
    before = {s: written_grade(course, s) for s in (SOLUTION, UNTOUCHED)}
    with pytest.raises(handgrade.HandGradeError) as err:
        handgrade.import_scores(course, path)
    assert "Nothing was imported" in str(err.value)
    assert f"{path}, {message}" in str(err.value), str(err.value)
    assert {s: written_grade(course, s) for s in (SOLUTION, UNTOUCHED)} == before
    assert not handgrade.ledger_path(course).exists()


def test_a_wrong_header_is_refused(course, tmp_path):
    path = write_csv(tmp_path, f"{SOLUTION},{ASSIGNMENT},{WRITTEN},3,ok\n", header="learner,assignment,question,scroe,comment\n")
    with pytest.raises(handgrade.HandGradeError, match="line 1: missing column.*score"):
        handgrade.import_scores(course, path)


def test_import_marks_written_answers_as_graded_and_regrading_keeps_them(course, tmp_path, capsys):
    path = write_csv(tmp_path, f'{SOLUTION},{ASSIGNMENT},{WRITTEN},3.5,"Clear, names the duty bearer."\n'
                               f"{UNTOUCHED},{ASSIGNMENT},{WRITTEN},0,No answer yet.\n")
    assert handgrade.main(["import", "--course-dir", str(course), str(path)]) == 0
    assert written_grade(course, SOLUTION) == (3.5, False, "Clear, names the duty bearer.")
    assert written_grade(course, UNTOUCHED) == (0.0, False, "No answer yet.")

    # nbgrader's own re-grading keeps the manual score but marks it "to grade" again ...
    api = open_api(course)
    ensure_success(api.autograde(ASSIGNMENT, SOLUTION, force=True), "regrade")
    assert written_grade(course, SOLUTION) == (3.5, True, "Clear, names the duty bearer.")
    # ... and reapply restores it, because the answer did not change
    assert handgrade.main(["reapply", "--course-dir", str(course), ASSIGNMENT]) == 0
    assert written_grade(course, SOLUTION) == (3.5, False, "Clear, names the duty bearer.")

    # a new answer after grading is not silently given the old score
    submitted = Path(course) / "submitted" / SOLUTION / ASSIGNMENT / NOTEBOOK
    nb = read_notebook(submitted)
    for cell in nb.cells:
        if grade_id(cell) == WRITTEN:
            cell.source = "A different answer, written after the first one was graded."
    nbformat.write(nb, submitted)
    ensure_success(api.autograde(ASSIGNMENT, SOLUTION, force=True), "regrade")
    capsys.readouterr()
    assert handgrade.main(["reapply", "--course-dir", str(course), ASSIGNMENT]) == 1
    assert f"CHANGED SINCE GRADED: {SOLUTION} {WRITTEN}" in capsys.readouterr().out
    assert written_grade(course, SOLUTION)[1] is True


def test_export_for_moodle(course, tmp_path):
    # grade (again) the two learners' written answers, so only the absent learner has no grade
    path = write_csv(tmp_path, f"{SOLUTION},{ASSIGNMENT},{WRITTEN},4,Full marks.\n")
    handgrade.import_scores(course, path)
    target = tmp_path / "lms_grades.csv"
    assert handgrade.main(["export", "--course-dir", str(course), "--to", str(target)]) == 0
    with target.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = {row["ID number"]: row for row in reader}
    assert reader.fieldnames == [*lmsexport.LEARNER_COLUMNS, f"{ASSIGNMENT} (out of 13)", f"{ASSIGNMENT} feedback"]
    score = f"{ASSIGNMENT} (out of 13)"
    with open_gradebook(course) as gb:
        autograded = sum(g.auto_score or 0 for nb in gb.find_submission(ASSIGNMENT, SOLUTION).notebooks
                         for g in nb.grades if g.cell.name != WRITTEN)
    assert float(rows[SOLUTION][score]) == autograded + 4
    assert rows[UNTOUCHED][score] == "0"
    assert rows[ABSENT][score] == "" and rows[ABSENT][f"{ASSIGNMENT} feedback"] == "no graded submission"


def test_export_leaves_half_graded_work_empty_and_exits_1(course, tmp_path, capsys):
    # a written answer still to grade (and not in this course's hand-score record, so nothing restores it)
    with open_gradebook(course) as gb:
        gb.find_grade(WRITTEN, ASSIGNMENT, ASSIGNMENT, PARTIAL).needs_manual_grade = True
        gb.db.commit()
    target = tmp_path / "lms.csv"
    assert handgrade.main(["export", "--course-dir", str(course), "--to", str(target)]) == 1
    assert f"NOT FINAL: {PARTIAL} {ASSIGNMENT}" in capsys.readouterr().out
    with target.open(newline="", encoding="utf-8") as handle:
        rows = {r["ID number"]: r for r in csv.DictReader(handle)}
    assert rows[PARTIAL][f"{ASSIGNMENT} (out of 13)"] == "" and WRITTEN in rows[PARTIAL][f"{ASSIGNMENT} feedback"]
    assert rows[SOLUTION][f"{ASSIGNMENT} (out of 13)"] != ""  # the others stay final


def test_usage_errors(course, tmp_path, capsys):
    assert handgrade.main(["import", "--course-dir", str(tmp_path), "x.csv"]) == 2  # not a course
    assert handgrade.main(["reapply", "--course-dir", str(course), "ch9_nothing"]) == 2
    assert handgrade.main(["export", "--course-dir", str(course), "--assignment", "ch9_nothing"]) == 2
    assert handgrade.main(["import", "--course-dir", str(course), str(tmp_path / "missing.csv")]) == 1
    assert "no such file" in capsys.readouterr().err

