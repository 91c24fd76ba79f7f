"""Reading scores from nbgrader's gradebook (never from ``nbgrader validate`` exit codes)."""

from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from courseops.paths import gradebook_url

_TEMPLATES: dict[str, Path] = {}


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
    """The ``CourseDirectory.course_id`` set in the course's nbgrader_config.py."""
    from courseops.course import load_config

    return load_config(course_dir).CourseDirectory.course_id


def ensure_gradebook(course_dir: Path) -> Path:
    """Give a new course an empty gradebook (copied from a per-process template: creating one is slow)."""
    target = Path(course_dir) / "gradebook.db"
    if target.exists():
        return target
    cid = course_id(course_dir)
    if cid not in _TEMPLATES:
        from nbgrader.api import Gradebook

        template = Path(tempfile.mkdtemp(prefix="gradebook-template-")) / "gradebook.db"
        Gradebook("sqlite:///" + str(template), course_id=cid).close()
        _TEMPLATES[cid] = template
    shutil.copy2(_TEMPLATES[cid], target)
    return target


@contextmanager
def open_gradebook(course_dir: Path):
    """The course gradebook as an open ``nbgrader.api.Gradebook``."""
    from nbgrader.api import Gradebook

    with Gradebook(gradebook_url(course_dir), course_id=course_id(course_dir)) as gb:
        yield gb


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


def autograded_total(scores: list[CellScore]) -> tuple[float, float]:
    """(score, maximum) over autograded cells only; manually graded cells are left out."""
    auto = [s for s in scores if s.autograded]
    return sum(s.score for s in auto), sum(s.max_score for s in auto)


def submitted_students(gb, assignment_id: str) -> list[str]:
    """Learners with a graded submission of ``assignment_id``, sorted."""
    return sorted(sub.student.id for sub in gb.find_assignment(assignment_id).submissions)
