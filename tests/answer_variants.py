"""Run an assignment's instructor notebook with some answers swapped for plausible wrong ones.

AUTHORING.md asks that a wrong threshold, a wrong denominator, missing-as-zero or an answer hard-coded
for one place each lose points. The instructor version holds the solutions *and* the hidden tests, so
executing it with one answer cell replaced shows exactly which graded test cells a learner who wrote
that answer would fail, without a gradebook (the end-to-end nbgrader run is ``courseops.gradecheck``).

    failed = failing_tests("ch6_rights_based_indicators", {"rate_answer": WRONG_SOURCE})
    assert "rate_test" in failed

Speed: starting a kernel and importing pandas, matplotlib and the toolkit took most of each run, and
there are dozens of variants. One kernel per assignment is kept warm and its namespace is wiped
(``%reset -f``, figures closed) before every variant, so each variant still starts from an empty
namespace (a variant that forgets to define a name fails as it would for a learner), while imported
modules and the data cache stay loaded. These are the course's own variants, not hostile code, so a
shared process is safe here; learner submissions are graded in fresh sandboxes (courseops).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from jupyter_core.utils import run_sync
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell

from courseops.notebooks import grade_id, is_test_cell, read_notebook, with_cell_source
from courseops.paths import COURSE_DIR, notebooks_in, source_dir

#: Wipes the user namespace and open figures; run first in every variant.
RESET_SOURCE = '%reset -f\nimport matplotlib.pyplot as _plt\n_plt.close("all")\ndel _plt'

# One warm kernel at a time (per pytest worker): {assignment: kernel manager}.
_warm: dict[str, object] = {}
_SOCKETS = Path(tempfile.mkdtemp(prefix="answer-variants-"))  # the kernels' Unix sockets


def _shutdown(assignment: str) -> None:
    km = _warm.pop(assignment, None)
    if km is not None and km.has_kernel:
        run_sync(km.shutdown_kernel)(now=True)


def _kernel_for(assignment: str, folder, nb):
    """The warm kernel of ``assignment`` (started in ``folder``); other assignments' kernels are stopped."""
    for other in [name for name in _warm if name != assignment]:
        _shutdown(other)
    km = _warm.get(assignment)
    if km is None or not run_sync(km.is_alive)():
        starter = NotebookClient(nb, kernel_name="python3")
        km = starter.create_kernel_manager()
        # Unix sockets, not TCP ports: a free port picked by jupyter_client can be taken by another
        # kernel before this one binds it (tests run in parallel), and the kernel then dies at start.
        km.transport, km.ip = "ipc", str(_SOCKETS / assignment)
        # Its own copy of the folder per test process: variants that write files (the capstone's
        # brief.html) must not read another worker's half-written file.
        work = _SOCKETS / f"{assignment}-folder"
        if not work.exists():
            shutil.copytree(folder, work)
        run_sync(km.start_kernel)(cwd=str(work))
        _warm[assignment] = km
    return km


@atexit.register
def _shutdown_all() -> None:
    for assignment in list(_warm):
        _shutdown(assignment)
    shutil.rmtree(_SOCKETS, ignore_errors=True)


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
    nb.cells.insert(0, new_code_cell(RESET_SOURCE))
    km = _kernel_for(assignment, folder, nb)
    NotebookClient(nb, km=km, timeout=timeout, allow_errors=True, kernel_name="python3").execute()
    if not run_sync(km.is_alive)():  # a variant that kills its kernel must not poison the next one
        _shutdown(assignment)
    return {
        grade_id(cell): not any(out.output_type == "error" for out in cell.get("outputs", []))
        for cell in nb.cells
        if is_test_cell(cell)
    }


test_results.__test__ = False  # a helper, not a pytest test


def failing_tests(assignment: str, replacements: dict[str, str] | None = None) -> set[str]:
    """The graded test cells that fail when ``replacements`` are applied to the reference solution."""
    return {cell_id for cell_id, passed in test_results(assignment, replacements).items() if not passed}


def reference_answers(assignment: str) -> dict[str, str]:
    """{grade_id: source} of every cell of the assignment's instructor notebook."""
    from courseops.notebooks import cells_by_grade_id

    (path,) = notebooks_in(source_dir(COURSE_DIR) / assignment)
    return {gid: cell.source for gid, cell in cells_by_grade_id(read_notebook(path)).items()}


def changed_answer(answers: dict[str, str], grade_id: str, old: str, new: str) -> dict[str, str]:
    """The reference answer of ``grade_id`` with ``old`` replaced by ``new`` (which must be there)."""
    source = answers[grade_id]
    assert old in source, f"{grade_id}: the reference answer no longer contains {old!r}; update this variant"
    return {grade_id: source.replace(old, new)}


def assert_reference_passes(assignment: str, tests: set[str]) -> None:
    """The untouched instructor notebook passes every graded test cell, and has exactly ``tests``."""
    results = test_results(assignment)
    assert set(results) == tests
    assert all(results.values()), {cell: ok for cell, ok in results.items() if not ok}


def assert_variant_loses_its_points(assignment: str, name: str, variant: tuple) -> None:
    """``variant`` = (replacements, test cells that must fail, test cells that must still pass)."""
    replacement, must_fail, must_pass = variant
    failed = failing_tests(assignment, replacement)
    assert must_fail <= failed, f"{name}: expected {sorted(must_fail)} to fail, failed: {sorted(failed)}"
    still_failing = must_pass & failed
    assert not still_failing, f"{name}: {sorted(still_failing)} should not be affected, but failed"
