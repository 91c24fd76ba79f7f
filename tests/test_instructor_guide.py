"""The instructor guide lists every assignment with the points its instructor version really gives."""

from __future__ import annotations

import re

import pytest

from courseops.notebooks import read_notebook
from courseops.paths import COURSE_DIR, REPO_ROOT, assignment_ids, notebooks_in, source_dir

GUIDE = REPO_ROOT / "book" / "appendices" / "instructor_guide.md"


def points(assignment: str) -> tuple[float, float]:
    """(autograded, hand-graded) points of an assignment's instructor version."""
    auto = manual = 0.0
    for path in notebooks_in(source_dir(COURSE_DIR) / assignment):
        for cell in read_notebook(path).cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade"):
                if meta.get("solution"):
                    manual += meta.get("points", 0)
                else:
                    auto += meta.get("points", 0)
    return auto, manual


@pytest.mark.parametrize("assignment", assignment_ids(COURSE_DIR))
def test_guide_lists_the_assignment_with_its_points(assignment):
    row = re.search(rf"^\|[^|\n]*\| `{re.escape(assignment)}` \|[^|\n]*\| ([\d.]+) \| ([\d.]+) \|$", GUIDE.read_text(), re.M)
    assert row, f"{assignment} has no row in the assignments table of {GUIDE.name}"
    assert (float(row[1]), float(row[2])) == points(assignment), (
        f"{GUIDE.name} gives {assignment} {row[1]} autograded and {row[2]} written points; "
        f"the instructor version gives {points(assignment)}"
    )
