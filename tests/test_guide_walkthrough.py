"""The instructor guide's commands work, in the guide's order, on a fresh clone (issue 17, point 8).

The ``guide_walkthrough`` fixture (tests/conftest.py) extracts every ```bash block of
book/appendices/instructor_guide.md marked ``% walkthrough STEP`` and runs its commands exactly as
written, from the clone's root, in order. Between steps it provides what the guide says the instructor
or learners provide: a learner list, three submissions (the reference answers, the untouched release,
and the reference answers with the first code answer left blank) and a hand-score sheet.
"""

from __future__ import annotations

import csv

import pytest

from courseops import feedback
from courseops.gradebook import cell_scores, open_gradebook
from courseops.paths import notebooks_in, source_dir

STEPS = ["setup", "learners", "release", "grade", "hand-scores", "feedback", "export", "report"]


def test_the_guide_marks_the_whole_cycle_in_order(guide_walkthrough):
    assert [name for name, _ in guide_walkthrough.steps] == STEPS
    assert all(commands for _, commands in guide_walkthrough.steps)


@pytest.mark.parametrize("step", STEPS)
def test_every_command_of_the_step_succeeds(guide_walkthrough, step):
    results = dict(guide_walkthrough.steps)[step]
    for command, code, output in results:
        assert code == 0, f"`{command}` (step {step}) exited {code}:\n{output[-3000:]}"


def auto_and_hand(course, assignment, learner):
    with open_gradebook(course) as gb:
        scores = cell_scores(gb, assignment, learner)
    auto = sum(s.score for s in scores if s.autograded), sum(s.max_score for s in scores if s.autograded)
    hand = [s for s in scores if not s.autograded]
    return auto, hand


def test_scores_in_the_gradebook(guide_walkthrough):
    w = guide_walkthrough
    (full, maximum), _ = auto_and_hand(w.course, w.assignment, "learner01")
    assert maximum > 0 and full == maximum  # the reference answers earn every autograded point
    assert auto_and_hand(w.course, w.assignment, "learner02")[0][0] == 0  # the untouched release earns none
    assert 0 < auto_and_hand(w.course, w.assignment, "learner03")[0][0] < maximum
    for learner, question, score, _comment in w.hand_scores:
        hand = {s.cell: s for s in auto_and_hand(w.course, w.assignment, learner)[1]}
        assert hand[question].score == score and not hand[question].needs_manual_grade


def test_feedback_files_have_scores_comments_and_no_hidden_tests(guide_walkthrough):
    w = guide_walkthrough
    secrets = feedback.hidden_lines(notebooks_in(source_dir(w.course) / w.assignment))
    assert secrets
    for learner in w.learners:
        pages = sorted((w.course / "feedback" / learner / w.assignment).glob("*.html"))
        assert pages, f"no feedback for {learner}"
        text = " ".join(feedback.visible_text(p.read_text(encoding="utf-8")) for p in pages)
        for page in pages:
            assert not feedback.leaked_lines(page, secrets)
        for lid, _question, _score, comment in w.hand_scores:
            if lid == learner:
                assert comment in text  # the hand-graded comment reaches the learner


def test_lms_export_has_one_final_row_per_learner(guide_walkthrough):
    w = guide_walkthrough
    with (w.course / "lms_grades.csv").open(newline="", encoding="utf-8") as handle:
        rows = {row["ID number"]: row for row in csv.DictReader(handle)}
    assert set(rows) == set(w.learners)
    assert rows["learner01"]["Email address"] == "ana@example.org"
    column = next(c for c in rows["learner01"] if c.startswith(f"{w.assignment} (out of "))
    for learner in w.learners:
        (auto, _), hand = auto_and_hand(w.course, w.assignment, learner)
        assert float(rows[learner][column]) == pytest.approx(auto + sum(s.score for s in hand))


def test_report_covers_the_assignment_and_every_submission(guide_walkthrough):
    w = guide_walkthrough
    page = (w.course / "report.html").read_text(encoding="utf-8")
    assert f"<h2>{w.assignment}</h2>" in page and "3 graded submission(s)" in page
