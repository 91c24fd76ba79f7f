"""exercises/release/ is exactly what ``python -m courseops.release`` generates from exercises/source/.

Learners on Binder use the committed release, so a source change without regenerating the release
(release drift) must fail, naming the assignment and the files that differ. Every release notebook
and every chapter starts with the same setup cell, rendered from one template (courseops/setupcell.py).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from courseops import setupcell
from courseops.paths import COURSE_DIR, assignment_ids, notebooks_in, release_dir
from courseops.release import build_releases, stale_releases, tree_differences
from rightsclimate import repository

ASSIGNMENTS = assignment_ids(COURSE_DIR)
SYNTHETIC_COURSE = Path(__file__).parent / "fixtures" / "synthetic_course"
FIX = "regenerate with `cd exercises && python -m courseops.release` and commit exercises/release/"


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


# --- the setup cell: one template for the chapters and the releases (courseops/setupcell.py) ------------
CHAPTERS = setupcell.chapter_notebooks()
RELEASE_NOTEBOOKS = [p for a in ASSIGNMENTS for p in notebooks_in(release_dir(COURSE_DIR) / a)]


def test_setup_cell_installs_the_published_toolkit_only_when_missing():
    source = setupcell.render()
    pip_lines = [line.strip() for line in source.splitlines() if line.strip().startswith("%pip install")]
    assert len(pip_lines) == 1, source
    assert f'"{repository.pip_requirement()}"' in pip_lines[0]
    assert pip_lines[0].split(f'"{repository.pip_requirement()}"')[1].split() == list(setupcell.NOTEBOOK_PACKAGES)
    assert "try:\n    import rightsclimate\nexcept ModuleNotFoundError:\n    %pip install" in source, source
    assert source.endswith("\n    import rightsclimate  # noqa: F401 (imported only to check the install)"), (
        "after installing, the cell checks the install at once"
    )


def test_setup_cell_is_not_tampering_for_the_sandboxed_grader():
    """In a release the setup cell is a learner cell; the grader's tamper scan must find nothing in it."""
    try:
        from courseops.sandboxgrade.tamper import findings_in_code, is_learner_cell
    except ModuleNotFoundError:  # before the sandbox grader became a package
        from courseops.safegrade_tamper import findings_in_code, is_learner_cell

    assert is_learner_cell(setupcell.new_cell()), "the setup cell is neither graded nor locked"
    assert findings_in_code(setupcell.render()) == []


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.name for p in CHAPTERS])
def test_chapter_first_code_cell_is_the_setup_cell(path):
    nb = nbformat.read(path, as_version=4)
    cell = nb.cells[setupcell.first_code_cell(nb)]
    assert cell == setupcell.new_cell(), f"{path.name}: run `python -m courseops.setupcell` and commit the chapters"


@pytest.mark.parametrize("path", RELEASE_NOTEBOOKS, ids=[p.parent.name for p in RELEASE_NOTEBOOKS])
def test_release_notebook_starts_with_the_setup_cell(path):
    cells = nbformat.read(path, as_version=4).cells
    assert cells[0].source == setupcell.render(), f"{path.name}: {FIX}"
    assert "nbgrader" not in cells[0].metadata, "the setup cell must be neither graded nor locked"
    assert sum(setupcell.is_setup_cell(cell) for cell in cells) == 1, "exactly one setup cell"


def test_release_of_a_course_without_the_toolkit_gets_no_setup_cell(tmp_path):
    """An academic's own course (e.g. made by ``nbgrader quickstart``) must not get our install cell."""
    from nbformat.v4 import new_code_cell, new_notebook

    from courseops.release import normalise_notebook

    other = tmp_path / "other.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("import numpy as np\nprint(np.pi)")]), other)
    normalise_notebook(other, setup_cell=True)
    assert not any(setupcell.is_setup_cell(cell) for cell in nbformat.read(other, as_version=4).cells)
    ours = tmp_path / "ours.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("from rightsclimate.data import load")]), ours)
    normalise_notebook(ours, setup_cell=True)
    assert setupcell.is_setup_cell(nbformat.read(ours, as_version=4).cells[0])


def test_setupcell_check_names_a_stale_chapter_and_update_fixes_it(tmp_path, capsys):
    chapter = tmp_path / CHAPTERS[0].name
    nb = nbformat.read(CHAPTERS[0], as_version=4)
    nb.cells[setupcell.first_code_cell(nb)].source = "# an older setup cell\n%pip install rights-climate-sdgs"
    nbformat.write(nb, chapter)
    assert setupcell.main(["--check", str(chapter)]) == 1
    assert chapter.name in capsys.readouterr().out
    assert setupcell.main([str(chapter)]) == 0
    assert setupcell.main(["--check", str(chapter)]) == 0
    fixed = nbformat.read(chapter, as_version=4)
    assert [c.source for c in fixed.cells] == [c.source for c in nbformat.read(CHAPTERS[0], as_version=4).cells]


def test_release_command_needs_a_course_and_known_assignments(tmp_path, monkeypatch, capsys):
    from courseops.release import main

    monkeypatch.chdir(tmp_path)  # no nbgrader_config.py here or above
    with pytest.raises(SystemExit) as stopped:
        main([])
    assert stopped.value.code == 2 and "nbgrader_config.py" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:
        main(["no_such_assignment", "--course-dir", str(COURSE_DIR)])
    assert stopped.value.code == 2 and "no_such_assignment" in capsys.readouterr().err


def test_release_register_adds_the_assignment_to_the_course_gradebook(tmp_path, capsys):
    """An instructor's copy of the course: one command registers the assignment (tests and points in
    the gradebook, which grading needs) and leaves the release exactly as committed."""
    import shutil

    from nbgrader.api import Gradebook

    from courseops.release import main

    assignment = assignment_ids(COURSE_DIR)[0]
    course = tmp_path / "exercises"
    shutil.copytree(COURSE_DIR / "source" / assignment, course / "source" / assignment)
    shutil.copytree(release_dir(COURSE_DIR) / assignment, course / "release" / assignment)
    shutil.copy(COURSE_DIR / "nbgrader_config.py", course / "nbgrader_config.py")
    assert main([assignment, "--register", "--course-dir", str(course)]) == 0
    assert "added to the gradebook" in capsys.readouterr().out
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        points = [c.max_score for nb in gb.find_assignment(assignment).notebooks for c in nb.grade_cells]
    source_points = sum(
        float(c.metadata["nbgrader"]["points"])
        for path in notebooks_in(course / "source" / assignment)
        for c in nbformat.read(path, as_version=4).cells
        if c.metadata.get("nbgrader", {}).get("grade")
    )
    assert points and sum(points) == source_points
    assert tree_differences(release_dir(COURSE_DIR) / assignment, course / "release" / assignment) == []


def _installed_closure(names) -> set[str]:
    """Distributions that installing ``names`` brings (their requirements, recursively, without extras)."""
    from importlib import metadata

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = canonicalize_name(todo.pop())
        if name in seen:
            continue
        seen.add(name)
        try:
            requirements = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for line in requirements:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return seen


def test_everything_the_notebooks_import_comes_with_the_setup_cell():
    """A learner's environment has what the setup cell installs; an import of anything else fails there."""
    import ast
    import sys
    from importlib import metadata

    from IPython.core.inputtransformer2 import TransformerManager
    from packaging.utils import canonicalize_name

    installed = _installed_closure([repository.DISTRIBUTION, *setupcell.NOTEBOOK_PACKAGES])
    owners = metadata.packages_distributions()
    missing = set()
    for path in CHAPTERS + RELEASE_NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            for node in ast.walk(ast.parse(TransformerManager().transform_cell(cell.source))):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    modules = [node.module]
                else:
                    continue
                for module in (m.split(".")[0] for m in modules):
                    if module in sys.stdlib_module_names or module == "rightsclimate":
                        continue
                    if not {canonicalize_name(d) for d in owners.get(module, [])} & installed:
                        missing.add(f"{path.name}: {module}")
    assert not missing, f"imported but not installed by the setup cell (add to NOTEBOOK_PACKAGES): {sorted(missing)}"
