"""Run an assignment's instructor notebook with some answers swapped for plausible wrong ones.

AUTHORING.md asks that a wrong threshold, a wrong denominator, missing-as-zero or an answer hard-coded
for one place each lose points. The instructor version holds the solutions *and* the hidden tests, so
executing it with one answer cell replaced shows exactly which graded test cells a learner who wrote
that answer would fail, without a gradebook (the end-to-end nbgrader run is ``courseops.gradecheck``).

    failed = failing_tests("ch6_rights_based_indicators", {"rate_answer": WRONG_SOURCE})
    assert "rate_test" in failed
"""

from __future__ import annotations

from nbclient import NotebookClient

from courseops.notebooks import grade_id, is_test_cell, read_notebook, with_cell_source
from courseops.paths import COURSE_DIR, notebooks_in, source_dir


def test_results(assignment: str, replacements: dict[str, str] | None = None, *, timeout: int = 120) -> dict[str, bool]:
    """Execute the source notebook of ``assignment`` with ``replacements`` ({grade_id: new source}) applied.

    Returns {test cell grade_id: passed}, where a test cell passed when it ran without an error, as
    nbgrader scores it. Answer cells that still raise only make later cells fail, as for a learner.
    """
    folder = source_dir(COURSE_DIR) / assignment
    (path,) = notebooks_in(folder)  # one notebook per assignment (DEVELOPERS.md)
    nb = read_notebook(path)
    for cell_id, source in (replacements or {}).items():
        nb = with_cell_source(nb, cell_id, source)
    NotebookClient(
        nb, timeout=timeout, allow_errors=True, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    ).execute()
    return {
        grade_id(cell): not any(out.output_type == "error" for out in cell.get("outputs", []))
        for cell in nb.cells
        if is_test_cell(cell)
    }


test_results.__test__ = False  # a helper, not a pytest test


def failing_tests(assignment: str, replacements: dict[str, str] | None = None) -> set[str]:
    """The graded test cells that fail when ``replacements`` are applied to the reference solution."""
    return {cell_id for cell_id, passed in test_results(assignment, replacements).items() if not passed}
