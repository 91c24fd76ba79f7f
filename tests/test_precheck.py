"""The one pre-check refuses a notebook that is a link, for every grader.

nbgrader copies submissions with ``shutil.copy``, which follows links: a submitted "notebook" that links
to the instructor's source would be graded as the learner's work, with full marks. The sandboxed grader
refused this already; the plain grader (``courseops grade --no-sandbox``) now refuses it through the
shared pre-check. Synthetic notebooks (test data only).
"""

from __future__ import annotations

import os

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from courseops.precheck import blocks_grading, precheck


def _released():
    return {"work.ipynb": new_notebook(cells=[new_code_cell("x = 1")])}


def test_a_symbolic_link_is_not_graded(tmp_path):
    instructor = tmp_path / "source.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("x = 1  # the solution")]), instructor)
    folder = tmp_path / "submitted"
    folder.mkdir()
    (folder / "work.ipynb").symlink_to(instructor)
    problems = precheck(folder, "learner01", _released())
    assert blocks_grading(problems)
    assert [p.reason for p in problems] == ["work.ipynb is a symbolic link, not the learner's own notebook file"]


def test_a_hard_link_is_not_graded(tmp_path):
    instructor = tmp_path / "source.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("x = 1")]), instructor)
    folder = tmp_path / "submitted"
    folder.mkdir()
    os.link(instructor, folder / "work.ipynb")
    problems = precheck(folder, "learner01", _released())
    assert blocks_grading(problems)
    assert "a hard link to another file" in problems[0].reason


def test_the_learners_own_file_is_graded(tmp_path):
    folder = tmp_path / "submitted"
    folder.mkdir()
    nbformat.write(new_notebook(cells=[new_code_cell("x = 1")]), folder / "work.ipynb")
    assert not blocks_grading(precheck(folder, "learner01", _released()))
