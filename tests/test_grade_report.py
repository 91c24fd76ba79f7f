"""The grade report reads a real gradebook and writes accessible, self-contained HTML.

The gradebook is built with the gradecheck machinery on the synthetic fixture assignment
(reference solution 3/3, untouched release 0/3, partly correct 1/3 autograded points), plus one
manual grade entered as a grader would in the formgrader.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from courseops.gradebook import open_gradebook
from courseops.gradecheck import PARTIAL, SOLUTION, run_gradecheck
from courseops.report import collect_scores, objective_rows, question_rows, write_report

SYNTHETIC_COURSE = Path(__file__).parent / "fixtures" / "synthetic_course"
ASSIGNMENT = "synthetic_heavy_rain"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = tmp_path_factory.mktemp("report") / "course"
    result = run_gradecheck(ASSIGNMENT, SYNTHETIC_COURSE, course)
    assert result.ok, result.problems
    with open_gradebook(course) as gb:  # a grader gives the written answer 2 of 2 for the solution
        grade = gb.find_grade("who_is_hit_answer", ASSIGNMENT, ASSIGNMENT, SOLUTION)
        grade.manual_score = 2.0
        gb.db.commit()
    return course


@pytest.fixture(scope="module")
def report_html(course, tmp_path_factory):
    out = write_report(tmp_path_factory.mktemp("out") / "report.html", course, [ASSIGNMENT])
    return out.read_text(encoding="utf-8")


def by(rows, key):
    return {row[key]: row for row in rows}


def test_question_means_and_difficulty(course):
    rows = by(question_rows(collect_scores(course, ASSIGNMENT)), "question")
    first = rows[f"{ASSIGNMENT}/heavy_rain_days_tests"]  # 2 + 0 + 0 of 2 points
    assert first["mean"] == pytest.approx(2 / 3) and first["difficulty"] == pytest.approx(1 / 3)
    second = rows[f"{ASSIGNMENT}/wettest_day_tests"]  # 1 + 0 + 1 of 1 point
    assert second["difficulty"] == pytest.approx(2 / 3)
    written = rows[f"{ASSIGNMENT}/who_is_hit_answer"]
    assert written["type"] == "manual" and written["mean"] == pytest.approx(2 / 3) and written["ungraded"] == 2


def test_questions_follow_notebook_order(course):
    keys = [row["question"].split("/")[1] for row in question_rows(collect_scores(course, ASSIGNMENT))]
    assert keys == ["heavy_rain_days_tests", "wettest_day_tests", "who_is_hit_answer"]


def test_objectives_come_from_cell_metadata(course):
    rows = by(objective_rows(collect_scores(course, ASSIGNMENT)), "objective")
    counting = rows["Count extreme-weather days from daily data"]  # both test cells: 3 points
    assert counting["max"] == 3 and counting["share"] == pytest.approx((3 + 0 + 1) / 3 / 3)
    assert set(rows) == {
        "Count extreme-weather days from daily data",
        "Locate the worst day in a record",
        "Explain who is hit hardest and who must act",
    }


def test_report_embeds_figures_with_alt_text(report_html):
    images = re.findall(r"<img src='data:image/png;base64,([^']+)' alt='([^']*)'>", report_html)
    assert len(images) == 3  # totals, per question, per objective
    for png, alt in images:
        assert base64.b64decode(png)[:8] == b"\x89PNG\r\n\x1a\n"
        assert len(alt) > 40, "alt text must say what the figure shows"


def test_report_lists_questions_and_objectives(report_html):
    for text in ("heavy_rain_days_tests", "wettest_day_tests", "who_is_hit_answer", "Locate the worst day in a record"):
        assert text in report_html
    assert "3 graded submission(s)" in report_html


def test_progress_bar_over_submissions(course, capsys):
    collect_scores(course, ASSIGNMENT)
    assert "3/3" in capsys.readouterr().err


def test_partial_learner_is_in_the_gradebook(course):
    assert PARTIAL in collect_scores(course, ASSIGNMENT).scores
