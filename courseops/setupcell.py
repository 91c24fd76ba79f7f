"""The setup cell: one template for the first code cell of every chapter and every release notebook.

A learner may open a notebook where the course toolkit is not installed: on Colab, on a bare
JupyterHub, or after downloading it from an LMS. The setup cell installs the toolkit there, with the
packages the notebooks use beyond the toolkit's own dependencies (:data:`NOTEBOOK_PACKAGES`). Where the
toolkit is already installed (Binder, the course's own hub, nbgrader's autograder, a clone with the
development environment) the cell does nothing. The data needs no step of its own: when
``datasets/`` is not on disk, :func:`rightsclimate.data.load` downloads the checksummed files from the
same repository and commit the toolkit was installed from.

Which version is installed: the published **branch** (:data:`rightsclimate.repository.BRANCH`), not a
tag made from the version in ``pyproject.toml``. The book is built and published from that branch, so a
learner gets the toolkit that matches the chapter they are reading and the release they downloaded
(``tests/test_release_sync.py`` keeps releases and sources in step on the branch). The course does not
tag versions yet, so a tag would point at nothing. pip records the commit it installed, and the data
loader downloads the data of that same commit, so code and data always match each other. Once the
course tags its releases, render with ``ref="v1.0.0"`` (or change ``BRANCH``) to pin a term to a tag.

Why ``try: import`` and not ``importlib.util.find_spec``: in a release notebook this cell is a learner
cell (nbgrader neither grades nor locks it), and the sandboxed grader's tamper scan
(:mod:`courseops.sandboxgrade.tamper`) flags any learner cell that imports ``importlib``. A missing
dependency of an installed toolkit also raises ``ModuleNotFoundError``, so the cell repairs that too.

Tests install the toolkit from a local copy of the repository instead of GitHub without changing the
cell: git's ``url.<local>.insteadOf`` setting redirects the clone pip makes (``tests/test_fresh_colab.py``).

Commands::

    python -m courseops.setupcell           # rewrite the first code cell of every chapter from the template
    python -m courseops.setupcell --check   # exit 1 and name the chapters whose first code cell differs

The release step (:mod:`courseops.release`) inserts the same cell at the top of every release notebook.
"""

from __future__ import annotations

import argparse
import copy
import re
from pathlib import Path

import nbformat

from rightsclimate import repository

REPO_ROOT = Path(__file__).resolve().parents[1]
CHAPTERS_DIR = REPO_ROOT / "book" / "chapters"

#: What the notebooks import beyond the toolkit and its dependencies: myst-nb for ``glue`` (chapters).
NOTEBOOK_PACKAGES = ("myst-nb",)
#: Fixed cell id, so a regenerated release is byte-for-byte the same.
CELL_ID = "rightsclimate-setup"
#: Hidden in the built book: a reader of the web page has nothing to install.
CELL_METADATA = {"tags": ["remove-cell"]}

_TEMPLATE = """\
# Setup: run this cell first. It installs the course toolkit only if it is missing.
# Where the toolkit is already installed (Binder, the course hub, the grader), it does nothing.
# On Colab, a bare JupyterHub or a downloaded notebook, it installs "rightsclimate" and the packages
# the notebooks use. The course data downloads later, when a notebook first needs it.
try:
    import rightsclimate
except ModuleNotFoundError:
    %pip install --quiet "{requirement}" {packages}
    # Check the install. If this line fails, read pip's message above, restart the kernel and run this cell again.
    import rightsclimate  # noqa: F401 (imported only to check the install)
"""


def render(ref: str = repository.BRANCH) -> str:
    """The setup cell's source, installing the toolkit from the course repository at ``ref``."""
    return _TEMPLATE.format(requirement=repository.pip_requirement(ref), packages=" ".join(NOTEBOOK_PACKAGES)).rstrip(
        "\n"
    )


def new_cell(ref: str = repository.BRANCH) -> nbformat.NotebookNode:
    """The setup cell as a notebook code cell (no outputs, fixed id and metadata)."""
    cell = nbformat.v4.new_code_cell(render(ref), metadata=copy.deepcopy(CELL_METADATA))
    cell["id"] = CELL_ID
    return cell


def is_setup_cell(cell) -> bool:
    """Whether ``cell`` is the course's setup cell (recognised by its fixed id, whatever its version)."""
    return cell.get("cell_type") == "code" and cell.get("id") == CELL_ID


def first_code_cell(nb) -> int | None:
    """Index of the first code cell of ``nb`` (``None`` when it has none)."""
    return next((i for i, cell in enumerate(nb["cells"]) if cell.get("cell_type") == "code"), None)


def set_chapter_cell(nb, ref: str = repository.BRANCH) -> bool:
    """Make the first code cell of a chapter the current setup cell; return True if ``nb`` changed.

    A setup cell of an older template is rewritten in place; a chapter without one gets it inserted
    before its first code cell (after the title and introduction). Other cells are untouched.
    """
    wanted = new_cell(ref)
    index = first_code_cell(nb)
    if index is not None and is_setup_cell(nb["cells"][index]):
        if nb["cells"][index] == wanted:
            return False
        nb["cells"][index] = wanted
        return True
    nb["cells"].insert(len(nb["cells"]) if index is None else index, wanted)
    return True


def uses_toolkit(nb) -> bool:
    """Whether any code cell of ``nb`` imports the course toolkit (only then does a release need the cell).

    An academic's own course (``nbgrader quickstart``, other subjects) must not get our install cell.
    """
    pattern = re.compile(r"^\s*(from|import)\s+rightsclimate\b", re.M)
    return any(
        cell.get("cell_type") == "code" and pattern.search("".join(cell.get("source", "")))
        for cell in nb.get("cells", [])
        if not is_setup_cell(cell)
    )


def add_release_cell(nb, ref: str = repository.BRANCH) -> None:
    """Put the setup cell first in a release notebook (not graded, not locked: no nbgrader metadata).

    The assignment's own cells stay as nbgrader generated them, including a locked cell of imports.
    """
    cell = new_cell(ref)
    cell["source"] = cell["source"].splitlines(keepends=True)  # as nbformat stores it in the file
    nb["cells"] = [existing for existing in nb["cells"] if not is_setup_cell(existing)]
    nb["cells"].insert(0, cell)


def chapter_notebooks(folder: Path = CHAPTERS_DIR) -> list[Path]:
    """The chapter notebooks, sorted by name."""
    return sorted(Path(folder).glob("*.ipynb"))


def differs(path: Path) -> bool:
    """Whether the first code cell of the chapter at ``path`` is not the rendered setup cell."""
    nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    return set_chapter_cell(nb)


def update_chapter(path: Path) -> bool:
    """Read-modify-write one chapter: rewrite its setup cell from the template; True if the file changed.

    The file is read and written in one step right away, so content edits made by others in the other
    cells are kept (nbformat writes the same bytes it read for an unchanged notebook).
    """
    nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    if not set_chapter_cell(nb):
        return False
    nbformat.write(nb, path)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report chapters whose setup cell differs")
    parser.add_argument("chapters", nargs="*", type=Path, help="chapter notebooks (default: book/chapters/*.ipynb)")
    args = parser.parse_args(argv)
    paths = args.chapters or chapter_notebooks()
    if args.check:
        stale = [path for path in paths if differs(path)]
        for path in stale:
            print(f"{path}: first code cell is not the setup cell; run `python -m courseops.setupcell`")
        return 1 if stale else 0
    for path in paths:
        print(f"{'updated' if update_chapter(path) else 'unchanged'}: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
