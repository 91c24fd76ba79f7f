"""Learners' data stays out of git (issue 17, point 6).

The instructor guide's whole workflow runs in a fresh clone (the ``guide_walkthrough`` fixture in
tests/conftest.py); afterwards ``git status`` must be clean. That is only meaningful if the workflow
really wrote the files with learners' data, so the test checks that they exist and are ignored.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# Files the guide's commands write in the course folder, all holding learners' names, work or grades
WRITTEN_BY_THE_GUIDE = [
    "learners.csv",
    "gradebook.db",
    "submitted",
    "autograded",
    "feedback",
    "hand_scores.csv",
    "hand_scores_applied.json",
    "lms_grades.csv",
    "report.html",
]


def test_git_status_is_clean_after_the_guides_workflow(guide_walkthrough):
    assert guide_walkthrough.git_status == "", (
        "the instructor guide's commands left files git would commit:\n" + guide_walkthrough.git_status
    )


@pytest.mark.parametrize("name", WRITTEN_BY_THE_GUIDE)
def test_the_workflow_wrote_learner_data_and_git_ignores_it(guide_walkthrough, name):
    path = guide_walkthrough.course / name
    assert path.exists(), f"the walkthrough did not write {name}, so a clean git status proves nothing about it"
    proc = subprocess.run(["git", "check-ignore", "-q", str(path)], cwd=guide_walkthrough.clone, check=False)
    assert proc.returncode == 0, f"{path.relative_to(guide_walkthrough.clone)} is not git-ignored"


@pytest.mark.parametrize(
    "relative",
    [
        "exercises/downloaded/ch2_obligation_profile/archive/learner01.zip",  # nbgrader zip_collect
        "exercises/grades.csv",  # nbgrader export
        "exercises/gradebook.db-journal",
        "exercises/.nbgrader.log",
    ],
)
def test_other_documented_outputs_are_ignored(relative):
    proc = subprocess.run(["git", "check-ignore", "-q", "--no-index", relative], cwd=REPO, check=False)
    assert proc.returncode == 0, f"{relative} is not git-ignored"


def test_no_committed_file_is_hidden_by_the_ignore_rules():
    """The rules must not match course content (datasets are CSV files, the book has HTML)."""
    proc = subprocess.run(["git", "ls-files", "--cached", "--ignored", "--exclude-standard"], cwd=REPO,
                          capture_output=True, text=True, check=True)
    assert proc.stdout == "", f"tracked files match .gitignore patterns:\n{proc.stdout}"
