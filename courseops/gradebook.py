"""The course gradebook: the only module in ``courseops`` that opens nbgrader's database.

Every course tool reads and writes scores through these functions (nbgrader's own API and
commands write it too, through nbgrader). The database and the course id are the ones nbgrader
resolves from the course's ``nbgrader_config.py`` (:func:`courseops.paths.course_settings`), so a
course that leaves ``db_url`` and ``course_id`` at nbgrader's defaults works.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from courseops.nbgrader_cli import venv_env
from courseops.paths import course_settings

_TEMPLATES: dict[str, Path] = {}
SQLITE_PREFIX = "sqlite:///"


class AssignmentNotInGradebook(LookupError):
    """``nbgrader generate_assignment`` has not registered the assignment in this course's gradebook."""


@dataclass(frozen=True)
class CellScore:
    """One graded cell of one learner's submission."""

    notebook: str
    cell: str
    score: float
    max_score: float
    autograded: bool
    needs_manual_grade: bool


def course_id(course_dir: Path) -> str:
    """The course id nbgrader resolves for the course (``''`` when nbgrader_config.py sets none)."""
    return course_settings(course_dir).course_id


def _alembic_on_path() -> None:
    """A new gradebook is stamped by running ``alembic``, which lives next to this interpreter."""
    os.environ["PATH"] = venv_env()["PATH"]


def ensure_gradebook(course_dir: Path) -> str:
    """Give a new course an empty gradebook; return its URL.

    A new SQLite gradebook is copied from a per-process template (creating one is slow).
    """
    settings = course_settings(course_dir)
    if not settings.db_url.startswith(SQLITE_PREFIX):
        _alembic_on_path()
        from nbgrader.api import Gradebook

        Gradebook(settings.db_url, course_id=settings.course_id).close()
        return settings.db_url
    target = Path(settings.db_url.removeprefix(SQLITE_PREFIX))
    if target.exists():
        return settings.db_url
    if settings.course_id not in _TEMPLATES:
        _alembic_on_path()
        from nbgrader.api import Gradebook

        template = Path(tempfile.mkdtemp(prefix="gradebook-template-")) / "gradebook.db"
        Gradebook(SQLITE_PREFIX + str(template), course_id=settings.course_id).close()
        _TEMPLATES[settings.course_id] = template
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(_TEMPLATES[settings.course_id], target)
    return settings.db_url


def gradebook_exists(course_dir: Path) -> bool:
    """False for a course whose SQLite gradebook has not been created yet (nothing graded or released)."""
    url = course_settings(course_dir).db_url
    return not url.startswith(SQLITE_PREFIX) or Path(url.removeprefix(SQLITE_PREFIX)).exists()


@contextmanager
def open_gradebook(course_dir: Path):
    """The course gradebook as an open ``nbgrader.api.Gradebook`` (created if the course has none)."""
    _alembic_on_path()
    from nbgrader.api import Gradebook

    settings = course_settings(course_dir)
    ensure_gradebook(course_dir)
    with Gradebook(settings.db_url, course_id=settings.course_id) as gb:
        yield gb


def add_students(course_dir: Path, student_ids: Iterable[str]) -> None:
    """Add learners to the gradebook (what ``nbgrader db student add ID`` does)."""
    with open_gradebook(course_dir) as gb:
        for student_id in student_ids:
            gb.update_or_create_student(student_id)


def require_assignment(course_dir: Path, assignment_id: str) -> None:
    """Raise :class:`AssignmentNotInGradebook` (saying what to run) unless the assignment is registered.

    A course without a gradebook gets none from this check (call it before opening nbgrader's API).
    """
    from nbgrader.api import MissingEntry

    if not gradebook_exists(course_dir):
        raise AssignmentNotInGradebook(
            f"{course_dir} has no gradebook yet: run `nbgrader generate_assignment {assignment_id} --force` there first."
        )
    with open_gradebook(course_dir) as gb:
        try:
            gb.find_assignment(assignment_id)
        except MissingEntry:
            known = ", ".join(sorted(a.name for a in gb.assignments)) or "none"
            raise AssignmentNotInGradebook(
                f"{assignment_id} is not in the gradebook of {course_dir} (assignments there: {known}). "
                f"Run `nbgrader generate_assignment {assignment_id} --force` in the course folder first."
            ) from None


def assignment_names(course_dir: Path) -> list[str]:
    """Assignments registered in the gradebook, sorted."""
    with open_gradebook(course_dir) as gb:
        return sorted(a.name for a in gb.assignments)


def notebook_names(course_dir: Path, assignment_id: str) -> list[str]:
    """Notebook file names the gradebook knows for ``assignment_id`` (registered by generate_assignment)."""
    with open_gradebook(course_dir) as gb:
        return sorted(f"{nb.name}.ipynb" for nb in gb.find_assignment(assignment_id).notebooks)


def flag_for_review(course_dir: Path, assignment_id: str, student_id: str, notebooks: Iterable[str]) -> None:
    """Mark the autograded test cells of ``notebooks`` as needing a manual grade (formgrader lists them)."""
    with open_gradebook(course_dir) as gb:
        for name in notebooks:
            notebook = gb.find_submission_notebook(name.removesuffix(".ipynb"), assignment_id, student_id)
            for grade in notebook.grades:
                if type(grade.cell).__name__ == "GradeCell":
                    grade.needs_manual_grade = True
        gb.db.commit()


def is_autograded(grade) -> bool:
    """True for an autograder test cell (a grade cell that is not also a learner's answer or a task)."""
    solution_names = {cell.name for cell in grade.notebook.notebook.solution_cells}
    return type(grade.cell).__name__ == "GradeCell" and grade.cell.name not in solution_names


def cell_scores(gb, assignment_id: str, student_id: str) -> list[CellScore]:
    """Every graded cell of a submission, in notebook then cell order as stored."""
    submission = gb.find_submission(assignment_id, student_id)
    return [
        CellScore(
            notebook=nb.name,
            cell=grade.cell.name,
            score=float(grade.score or 0.0),
            max_score=float(grade.max_score or 0.0),
            autograded=is_autograded(grade),
            needs_manual_grade=bool(grade.needs_manual_grade),
        )
        for nb in submission.notebooks
        for grade in nb.grades
    ]


def scores_of(course_dir: Path, assignment_id: str, student_id: str) -> list[CellScore]:
    """:func:`cell_scores` of one submission, opening and closing the gradebook."""
    with open_gradebook(course_dir) as gb:
        return cell_scores(gb, assignment_id, student_id)


def autograded_total(scores: list[CellScore]) -> tuple[float, float]:
    """(score, maximum) over autograded cells only; manually graded cells are left out."""
    auto = [s for s in scores if s.autograded]
    return sum(s.score for s in auto), sum(s.max_score for s in auto)


def submitted_students(gb, assignment_id: str) -> list[str]:
    """Learners with a graded submission of ``assignment_id``, sorted."""
    return sorted(sub.student.id for sub in gb.find_assignment(assignment_id).submissions)
