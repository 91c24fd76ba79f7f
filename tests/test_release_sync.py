"""exercises/release/ is exactly what ``python -m courseops.release`` generates from exercises/source/.

Learners on Binder use the committed release, so a source change without regenerating the release
(release drift) must fail, naming the assignment and the files that differ.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from courseops.paths import COURSE_DIR, assignment_ids, release_dir
from courseops.release import build_releases, stale_releases, tree_differences

ASSIGNMENTS = assignment_ids(COURSE_DIR)
SYNTHETIC_COURSE = Path(__file__).parent / "fixtures" / "synthetic_course"
FIX = "regenerate with `python -m courseops.release` and commit exercises/release/"


def test_course_has_assignments():
    assert ASSIGNMENTS, f"no assignments in {COURSE_DIR / 'source'}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_committed_release_matches_source(assignment, tmp_path):
    build_releases(tmp_path, COURSE_DIR, [assignment])
    diffs = tree_differences(tmp_path / assignment, release_dir(COURSE_DIR) / assignment)
    assert not diffs, f"release drift in {assignment}: {'; '.join(diffs)}; {FIX}"


def test_no_release_without_source():
    assert not stale_releases(COURSE_DIR), f"release folders without a source: {stale_releases(COURSE_DIR)}; {FIX}"


def test_generation_is_deterministic(tmp_path):
    build_releases(tmp_path / "a", SYNTHETIC_COURSE)
    build_releases(tmp_path / "b", SYNTHETIC_COURSE)
    assert tree_differences(tmp_path / "a", tmp_path / "b") == []


def test_drift_is_detected_and_named(tmp_path):
    build_releases(tmp_path / "a", SYNTHETIC_COURSE)
    build_releases(tmp_path / "b", SYNTHETIC_COURSE)
    notebook = tmp_path / "b" / "synthetic_heavy_rain" / "synthetic_heavy_rain.ipynb"
    notebook.write_text(notebook.read_text().replace("Question 1", "Question one"))
    assert tree_differences(tmp_path / "a", tmp_path / "b") == [
        "differs: synthetic_heavy_rain/synthetic_heavy_rain.ipynb"
    ]
