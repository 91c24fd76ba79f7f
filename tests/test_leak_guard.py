"""No solution code, model answer or hidden test from exercises/source reaches learners.

Checked in exercises/release/ (what learners download) and in the built book's HTML. The guard itself
is tested on synthetic fixtures: it must find a planted leak and stay quiet on learner-visible text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from courseops.leakguard import course_snippets, describe, scan, secret_snippets
from courseops.notebooks import read_notebook
from courseops.paths import COURSE_DIR, assignment_ids, release_dir
from courseops.release import build_releases

FIXTURES = Path(__file__).parent / "fixtures"
SYNTHETIC_COURSE = FIXTURES / "synthetic_course"
SYNTHETIC_NB = SYNTHETIC_COURSE / "source" / "synthetic_heavy_rain" / "synthetic_heavy_rain.ipynb"
ASSIGNMENTS = assignment_ids(COURSE_DIR)


@pytest.fixture(scope="module")
def snippets():
    return course_snippets(COURSE_DIR)


@pytest.fixture(scope="module")
def synthetic_snippets():
    return secret_snippets(read_notebook(SYNTHETIC_NB), "synthetic")


def test_course_has_assignments_to_guard():
    assert ASSIGNMENTS, f"no assignments in {COURSE_DIR / 'source'}: the leak guard would check nothing"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_has_no_solutions_or_hidden_tests(assignment, snippets):
    assert snippets, "the source notebooks have no solution or hidden-test text to guard"
    leaks = scan(release_dir(COURSE_DIR) / assignment, snippets)
    assert not leaks, f"release of {assignment} leaks instructor text:\n{describe(leaks)}"


@pytest.mark.slow
def test_built_book_has_no_solutions_or_hidden_tests(built_book_html, snippets):
    leaks = scan(built_book_html, snippets)
    assert not leaks, f"the built book leaks instructor text:\n{describe(leaks)}"


def test_snippets_cover_solutions_model_answers_and_hidden_tests(synthetic_snippets):
    origins = " ".join(s.origin for s in synthetic_snippets)
    assert "heavy_days = [value for value in rain_mm" in origins  # solution region
    assert "Households in informal settlements" in origins  # model written answer (whole cell)
    assert "check(heavy_rain_days([49.9, 50.0, 50.1])" in origins  # hidden test


def test_trivial_and_visible_lines_are_not_snippets(synthetic_snippets):
    texts = {s.words for s in synthetic_snippets}
    assert "return len heavy days" not in texts  # too short to be meaningful
    assert not any("count the days with at least threshold mm of rain" in t for t in texts)  # docstring is public


def test_guard_finds_a_planted_leak_in_highlighted_html(synthetic_snippets):
    leaks = scan(FIXTURES / "leak_guard" / "book_with_leak", synthetic_snippets)
    assert [leak.path.name for leak in leaks] == ["chapter.html"]
    assert "heavy_days = [value for value" in describe(leaks)


def test_guard_is_quiet_on_learner_visible_text(synthetic_snippets):
    assert scan(FIXTURES / "leak_guard" / "book_clean", synthetic_snippets) == []


def test_guard_is_quiet_on_a_generated_release_and_finds_a_pasted_solution(synthetic_snippets, tmp_path):
    build_releases(tmp_path, SYNTHETIC_COURSE)
    assert scan(tmp_path, synthetic_snippets) == []
    (tmp_path / "synthetic_heavy_rain" / "solution.ipynb").write_bytes(SYNTHETIC_NB.read_bytes())
    assert len(scan(tmp_path, synthetic_snippets)) == len(synthetic_snippets)
