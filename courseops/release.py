"""Regenerate every learner release: ``python -m courseops.release [ASSIGNMENT ...]``.

Each assignment in ``exercises/source`` is generated with ``nbgrader generate_assignment`` in a
scratch copy of the course (so the instructor's gradebook is untouched), normalised so the output is
byte-for-byte reproducible, and copied to ``exercises/release/<assignment>``. Release folders without
a source are removed. ``tests/test_release_sync.py`` fails when the committed release drifts.

Every release notebook starts with the course's setup cell (:mod:`courseops.setupcell`, the same cell
as the chapters'): on Colab, a bare JupyterHub or a downloaded copy it installs the toolkit; where the
toolkit is installed (Binder, nbgrader's autograder) it does nothing. It is inserted after nbgrader
generates the release, so it is neither graded nor locked and the gradebook does not know it.

The course is found from the current folder (``--course-dir`` to name it): run it inside the course,
e.g. ``cd exercises && python -m courseops.release``. With ``--register`` the assignments are also
added to the course's own gradebook (with their tests and points), which grading needs: what
``nbgrader generate_assignment`` does, without leaving nbgrader's plain release behind.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import shutil
import tempfile
from pathlib import Path

from courseops.course import generate_release, make_course, open_api
from courseops.paths import COURSE_DIR, assignment_ids, config_file, course_dir_or_exit, release_dir, source_dir
from courseops.setupcell import add_release_cell, uses_toolkit

VOLATILE_CELL_METADATA = ("execution", "ExecuteTime", "collapsed", "scrolled", "jupyter")
VOLATILE_NOTEBOOK_METADATA = ("widgets", "toc", "varInspector", "celltoolbar")


def normalise_notebook(path: Path, setup_cell: bool = False) -> None:
    """Drop editor state (timings, widget state, scroll positions) and write stable, sorted JSON.

    With ``setup_cell``, also put the course's setup cell first (for a learner's release notebook), when
    the notebook imports the toolkit: other courses' notebooks are left as nbgrader made them.
    """
    nb = json.loads(path.read_text(encoding="utf-8"))
    if setup_cell and uses_toolkit(nb):
        add_release_cell(nb)
    for key in VOLATILE_NOTEBOOK_METADATA:
        nb.get("metadata", {}).pop(key, None)
    for cell in nb.get("cells", []):
        for key in VOLATILE_CELL_METADATA:
            cell.get("metadata", {}).pop(key, None)
    path.write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def normalise_tree(folder: Path, setup_cell: bool = False) -> None:
    """Normalise every notebook under ``folder`` (see :func:`normalise_notebook`)."""
    for path in sorted(Path(folder).rglob("*.ipynb")):
        normalise_notebook(path, setup_cell)


def build_releases(out_dir: Path, course_dir: Path = COURSE_DIR, assignments: list[str] | None = None) -> list[str]:
    """Generate the release of ``assignments`` (default: all) into ``out_dir/<assignment>``."""
    ids = assignments or assignment_ids(course_dir)
    with tempfile.TemporaryDirectory(prefix="release-") as tmp:
        scratch = make_course(Path(tmp) / "course", [source_dir(course_dir) / a for a in ids], config_file(course_dir))
        api = open_api(scratch)
        for assignment_id in ids:
            generated = generate_release(api, assignment_id)
            normalise_tree(generated, setup_cell=True)
            target = Path(out_dir) / assignment_id
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(generated, target)
    return ids


def stale_releases(course_dir: Path = COURSE_DIR) -> list[str]:
    """Release folders whose assignment no longer has a source."""
    root = release_dir(course_dir)
    if not root.is_dir():
        return []
    sources = set(assignment_ids(course_dir))
    return sorted(p.name for p in root.iterdir() if p.is_dir() and p.name not in sources)


def relative_files(root: Path) -> set[str]:
    """Paths of the files under ``root``, relative to it."""
    return {str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file()}


def tree_differences(expected: Path, actual: Path) -> list[str]:
    """Relative paths that are missing, extra or different in ``actual`` compared with ``expected``."""
    if not Path(actual).is_dir():
        return ["<whole folder missing>"]
    want, have = relative_files(expected), relative_files(actual)
    diffs = [f"missing: {name}" for name in sorted(want - have)]
    diffs += [f"extra: {name}" for name in sorted(have - want)]
    diffs += [
        f"differs: {name}"
        for name in sorted(want & have)
        if not filecmp.cmp(Path(expected) / name, Path(actual) / name, shallow=False)
    ]
    return diffs


def write_releases(course_dir: Path = COURSE_DIR, assignments: list[str] | None = None) -> list[str]:
    """Regenerate ``<course>/release`` for ``assignments`` (default: all) and drop stale folders."""
    release_dir(course_dir).mkdir(parents=True, exist_ok=True)
    written = build_releases(release_dir(course_dir), course_dir, assignments)
    if not assignments:
        for name in stale_releases(course_dir):
            shutil.rmtree(release_dir(course_dir) / name)
    return written


def register_assignments(course_dir: Path, assignments: list[str]) -> None:
    """Add ``assignments`` to this course's gradebook, with their tests and points, as
    ``nbgrader generate_assignment`` does (it is run here, in the course itself). It also writes
    nbgrader's plain release, which :func:`write_releases` then replaces with the course's own."""
    api = open_api(course_dir)
    for assignment_id in assignments:
        generate_release(api, assignment_id)


def main(argv: list[str] | None = None) -> int:
    """Exit 0 when every release was written, 2 for a usage error (no course, unknown assignment)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*", help="assignment ids (default: every folder in source/)")
    parser.add_argument(
        "--course-dir", type=Path, default=None, help="the nbgrader course folder (default: found from here upwards)"
    )
    parser.add_argument(
        "--register",
        action="store_true",
        help="also add the assignments to this course's gradebook (needed once before grading them)",
    )
    args = parser.parse_args(argv)
    course_dir = course_dir_or_exit(args.course_dir)
    known = assignment_ids(course_dir)
    unknown = [a for a in args.assignments if a not in known]
    if unknown:
        parser.error(f"unknown assignment(s) {', '.join(unknown)}; {source_dir(course_dir)} has: {', '.join(known)}")
    if not known:
        parser.error(f"no assignments found in {source_dir(course_dir)} (a folder per assignment, with notebooks)")
    if args.register:
        register_assignments(course_dir, args.assignments or known)
    written = write_releases(course_dir, args.assignments or None)
    for assignment_id in written:
        registered = " (added to the gradebook)" if args.register else ""
        print(f"released {assignment_id} -> {release_dir(course_dir) / assignment_id}{registered}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
