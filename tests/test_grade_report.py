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
from courseops.gradecheck import PARTIAL, SOLUTION, UNTOUCHED, run_gradecheck
from courseops.report import collect_scores, objective_rows, question_rows, write_report

SYNTHETIC_COURSE = Path(__file__).parent / "fixtures" / "synthetic_course"
ASSIGNMENT = "synthetic_heavy_rain"


def graded_course(tmp_path):
    course = tmp_path / "course"
    result = run_gradecheck(ASSIGNMENT, SYNTHETIC_COURSE, course)
    assert result.ok, result.problems
    with open_gradebook(course) as gb:  # a grader gives the written answer 2 of 2 for the solution
        grade = gb.find_grade("who_is_hit_answer", ASSIGNMENT, ASSIGNMENT, SOLUTION)
        grade.manual_score = 2.0
        gb.db.commit()
    return course


def by(rows, key):
    return {row[key]: row for row in rows}


def check_questions(data):
    rows = by(question_rows(data), "question")
    assert [key.split("/")[1] for key in rows] == ["heavy_rain_days_tests", "wettest_day_tests", "who_is_hit_answer"]
    first = rows[f"{ASSIGNMENT}/heavy_rain_days_tests"]  # 2 + 0 + 0 of 2 points
    assert first["mean"] == pytest.approx(2 / 3) and first["difficulty"] == pytest.approx(1 / 3)
    assert rows[f"{ASSIGNMENT}/wettest_day_tests"]["difficulty"] == pytest.approx(2 / 3)  # 1 + 0 + 1 of 1
    written = rows[f"{ASSIGNMENT}/who_is_hit_answer"]
    assert written["type"] == "manual" and written["mean"] == pytest.approx(2 / 3) and written["ungraded"] == 2


def check_objectives(data):
    rows = by(objective_rows(data), "objective")
    assert set(rows) == {
        "Count extreme-weather days from daily data",
        "Locate the worst day in a record",
        "Explain who is hit hardest and who must act",
    }
    counting = rows["Count extreme-weather days from daily data"]  # both test cells: 3 points
    assert counting["max"] == 3 and counting["share"] == pytest.approx((3 + 0 + 1) / 3 / 3)


def check_html(report_html):
    images = re.findall(r"<img src='data:image/png;base64,([^']+)' alt='([^']*)'>", report_html)
    assert len(images) == 3  # totals, per question, per objective
    for png, alt in images:
        assert base64.b64decode(png)[:8] == b"\x89PNG\r\n\x1a\n"
        assert len(alt) > 40, "alt text must say what the figure shows"
    for text in ("heavy_rain_days_tests", "wettest_day_tests", "who_is_hit_answer", "Locate the worst day in a record"):
        assert text in report_html
    assert "3 graded submission(s)" in report_html


def test_report_from_a_real_gradebook(tmp_path, capsys):
    """One gradebook (building it takes a while), then every expectation about the report."""
    course = graded_course(tmp_path)
    capsys.readouterr()
    data = collect_scores(course, ASSIGNMENT)
    assert "3/3" in capsys.readouterr().err  # tqdm progress bar over the submissions
    assert set(data.scores) == {SOLUTION, UNTOUCHED, PARTIAL}
    check_questions(data)
    check_objectives(data)
    out = write_report(tmp_path / "report.html", course, [ASSIGNMENT])
    check_html(out.read_text(encoding="utf-8"))
