"""A course directory and nbgrader's Python API bound to it (no process start-up per learner).

Above :mod:`courseops.gradebook` and :mod:`courseops.paths`; nothing below imports this module.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from courseops import gradebook
from courseops.nbgrader_cli import NbgraderError, venv_env
from courseops.paths import CONFIG_FILE_NAME, COURSE_DIR, notebooks_in, release_dir, resolved_config, source_dir

IGNORED = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.pyc")


def make_course(dest: Path, source_dirs: Iterable[Path], config_file: Path = COURSE_DIR / CONFIG_FILE_NAME) -> Path:
    """Create a fresh course in ``dest``: the course's nbgrader_config.py plus copies of ``source_dirs``.

    Files lying directly in a course's ``source/`` folder (e.g. the ``header.ipynb`` that
    ``nbgrader quickstart`` configures) are copied too: the config may refer to them.
    """
    dest = Path(dest)
    source_dir(dest).mkdir(parents=True, exist_ok=True)
    shutil.copy2(config_file, dest / CONFIG_FILE_NAME)
    folders = [Path(folder) for folder in source_dirs]
    for parent in {folder.parent for folder in folders if folder.parent.name == "source"}:
        for shared in (p for p in parent.iterdir() if p.is_file() and not p.name.startswith(".")):
            shutil.copy2(shared, source_dir(dest) / shared.name)
    for folder in folders:
        shutil.copytree(folder, source_dir(dest) / folder.name, ignore=IGNORED)
    return dest


def load_config(course_dir: Path):
    """The course's config as nbgrader resolves it (kept for callers; see :func:`paths.resolved_config`)."""
    return resolved_config(course_dir)


def open_api(course_dir: Path):
    """nbgrader's ``NbGraderAPI`` for ``course_dir``, configured by that course's nbgrader_config.py."""
    os.environ["PATH"] = venv_env()["PATH"]  # the gradebook migrations call `alembic`
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    gradebook.ensure_gradebook(course_dir)
    config = resolved_config(course_dir)
    # Creating the API lists the JupyterHub exchange; without one that logs a misleading CRITICAL line.
    quiet = logging.getLogger("traitlets")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL + 1)
    try:
        return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    finally:
        quiet.setLevel(level)


def ensure_success(result: dict, what: str) -> dict:
    """Raise :class:`NbgraderError` with nbgrader's log unless an API ``result`` succeeded."""
    if not result.get("success"):
        raise NbgraderError(f"{what} failed:\n{result.get('log', '')}\n{result.get('error', '')}")
    return result


def generate_release(api, assignment_id: str) -> Path:
    """``nbgrader generate_assignment ASSIGNMENT --force`` and return ``<course>/release/ASSIGNMENT``."""
    ensure_success(
        api.generate_assignment(assignment_id, force=True, create=True), f"generate_assignment {assignment_id}"
    )
    return release_dir(api.coursedir.root) / assignment_id


def add_students(api, student_ids: Iterable[str]) -> None:
    """Add learners to the gradebook of ``api``'s course (what ``nbgrader db student add ID`` does)."""
    gradebook.add_students(Path(api.coursedir.root), student_ids)


def submission_dir(course_dir: Path, student_id: str, assignment_id: str) -> Path:
    """``<course>/submitted/<student>/<assignment>``: where ``nbgrader collect`` puts a submission."""
    return Path(course_dir) / "submitted" / student_id / assignment_id


def place_submission(
    course_dir: Path,
    assignment_id: str,
    student_id: str,
    notebooks: dict[str, object],
    timestamp: str = "2026-01-15 12:00:00.000000 UTC",
) -> Path:
    """Put a learner's files where ``nbgrader collect`` would: the released files, then ``notebooks``.

    ``notebooks`` maps file names to notebook nodes (written as JSON) or raw text (written as is, to
    simulate broken files); a ``None`` value deletes that file (a missing notebook).
    """
    import nbformat

    dest = submission_dir(course_dir, student_id, assignment_id)
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(release_dir(course_dir) / assignment_id, dest, ignore=IGNORED)
    for name, content in notebooks.items():
        target = dest / name
        if content is None:
            target.unlink(missing_ok=True)
        elif isinstance(content, str):
            target.write_text(content, encoding="utf-8")
        else:
            nbformat.write(content, target)
    (dest / "timestamp.txt").write_text(timestamp, encoding="utf-8")
    return dest


def release_notebook_names(course_dir: Path, assignment_id: str) -> list[str]:
    """File names of the notebooks learners receive for ``assignment_id``."""
    return [p.name for p in notebooks_in(release_dir(course_dir) / assignment_id)]


def copy_submission(
    course_dir: Path,
    assignment_id: str,
    student_id: str,
    folder: Path,
    timestamp: str = "2026-01-15 12:00:00.000000 UTC",
) -> Path:
    """Put the files of ``folder`` (exactly as collected) in ``submitted/<student>/<assignment>``."""
    dest = submission_dir(course_dir, student_id, assignment_id)
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(folder, dest, ignore=IGNORED)
    (dest / "timestamp.txt").write_text(timestamp, encoding="utf-8")
    return dest
