"""Grade report: ``courseops report [ASSIGNMENT ...] --out report.html`` (or ``python -m courseops.report``).

Run in the course folder (or name it with ``--course-dir``). Reads the course gradebook after grading
(and hand-grading) and writes one self-contained HTML page: per question the mean score and difficulty
index (mean ÷ maximum: 1 means everyone earned full marks), score distributions, and results per
learning objective. Objectives come from the source notebooks' cell metadata
``{"course": {"objectives": ["..."]}}`` on graded cells (see the instructor guide).
"""

from __future__ import annotations

import argparse
import base64
import html
import io
import statistics
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from matplotlib.ticker import MaxNLocator
from tqdm import tqdm

from courseops.gradebook import assignment_names, gradebook_exists, open_gradebook
from courseops.notebooks import grade_id, objectives, read_notebook
from courseops.paths import course_dir_or_exit, notebooks_in, source_dir


@dataclass(frozen=True)
class Question:
    """One graded cell: a test cell (autograded) or a written/manual answer."""

    notebook: str
    cell: str
    max_score: float
    autograded: bool
    objectives: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.notebook}/{self.cell}"


@dataclass
class AssignmentScores:
    """Every learner's score on every question of one assignment."""

    assignment: str
    questions: list[Question]
    scores: dict[str, dict[str, float]] = field(default_factory=dict)  # learner -> question key -> score
    ungraded: Counter = field(default_factory=Counter)  # question key -> answers still to grade by hand


def source_cell_info(course_dir: Path, assignment_id: str) -> dict[str, tuple[int, tuple[str, ...]]]:
    """For each graded cell of the source notebooks: (position, learning objectives)."""
    info = {}
    for path in notebooks_in(source_dir(course_dir) / assignment_id):
        for index, cell in enumerate(read_notebook(path).cells):
            if grade_id(cell) is not None:
                info[f"{path.stem}/{grade_id(cell)}"] = (index, tuple(objectives(cell)))
    return info


def assignment_questions(gb, course_dir: Path, assignment_id: str) -> list[Question]:
    """Graded cells in notebook order, with their objectives from the source notebooks."""
    info = source_cell_info(course_dir, assignment_id)
    questions = []
    for nb in gb.find_assignment(assignment_id).notebooks:
        answers = {cell.name for cell in nb.solution_cells}
        for cell in nb.grade_cells + nb.task_cells:
            autograded = type(cell).__name__ == "GradeCell" and cell.name not in answers
            key = f"{nb.name}/{cell.name}"
            questions.append(Question(nb.name, cell.name, float(cell.max_score), autograded, info.get(key, (0, ()))[1]))
    return sorted(questions, key=lambda q: (q.notebook, info.get(q.key, (10**6, ()))[0], q.cell))


def collect_scores(course_dir: Path, assignment_id: str) -> AssignmentScores:
    """Read every submission's grades from the gradebook (with a progress bar over submissions)."""
    with open_gradebook(course_dir) as gb:
        result = AssignmentScores(assignment_id, assignment_questions(gb, course_dir, assignment_id))
        submissions = gb.find_assignment(assignment_id).submissions
        for submission in tqdm(submissions, desc=f"reading {assignment_id}", unit="submission"):
            learner = result.scores.setdefault(submission.student.id, {})
            for nb in submission.notebooks:
                for grade in nb.grades:
                    key = f"{nb.name}/{grade.cell.name}"
                    learner[key] = float(grade.score or 0.0)
                    result.ungraded[key] += bool(grade.needs_manual_grade)
    return result


def question_rows(data: AssignmentScores) -> list[dict]:
    """Per question: type, maximum, mean, difficulty index and answers still to grade."""
    rows = []
    for q in data.questions:
        values = [learner.get(q.key, 0.0) for learner in data.scores.values()]
        mean = statistics.fmean(values) if values else float("nan")
        rows.append(
            {
                "question": q.key,
                "type": "autograded" if q.autograded else "manual",
                "max": q.max_score,
                "mean": mean,
                "difficulty": mean / q.max_score if q.max_score else float("nan"),
                "ungraded": data.ungraded[q.key],
                "objectives": ", ".join(q.objectives),
            }
        )
    return rows


def objective_rows(data: AssignmentScores) -> list[dict]:
    """Per learning objective: the questions tagged with it and the mean share of their points earned."""
    tagged: dict[str, list[Question]] = {}
    for q in data.questions:
        for objective in q.objectives:
            tagged.setdefault(objective, []).append(q)
    rows = []
    for objective, questions in tagged.items():
        maximum = sum(q.max_score for q in questions)
        earned = [sum(learner.get(q.key, 0.0) for q in questions) for learner in data.scores.values()]
        mean = statistics.fmean(earned) if earned else float("nan")
        rows.append(
            {
                "objective": objective,
                "questions": ", ".join(q.cell for q in questions),
                "max": maximum,
                "mean": mean,
                "share": mean / maximum if maximum else float("nan"),
            }
        )
    return rows


def totals(data: AssignmentScores) -> list[float]:
    """Each learner's total score on the assignment."""
    return [sum(learner.values()) for learner in data.scores.values()]


def figure_png(fig) -> str:
    """A matplotlib figure as a base64 PNG (and close it)."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def new_figure(width: float = 6.0, height: float = 3.5, **kwargs):
    """A figure in the course style (colour-blind-safe palette)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from rightsclimate.plots import use_course_style

    use_course_style()
    return plt.subplots(figsize=(width, height), **kwargs)


def total_figure(data: AssignmentScores) -> tuple[str, str]:
    """Histogram of total scores; returns (png, alt text)."""
    from rightsclimate.plots import COLOURS, finish

    values = totals(data)
    maximum = sum(q.max_score for q in data.questions)
    fig, ax = new_figure()
    ax.hist(values, bins=max(1, min(20, int(maximum) + 1)), range=(0, max(maximum, 1)), color=COLOURS[0])
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    finish(ax, title=f"{data.assignment}: total scores", xlabel="total score (points)", ylabel="learners (count)")
    alt = (
        f"Histogram of the total scores of {len(values)} learners on {data.assignment}, out of {maximum:g} points; "
        f"scores range from {min(values, default=0):g} to {max(values, default=0):g}"
        f" with a median of {statistics.median(values) if values else 0:g}."
    )
    return figure_png(fig), alt


def question_figure(data: AssignmentScores) -> tuple[str, str]:
    """One small bar chart per question: how many learners earned each score; returns (png, alt text)."""
    from rightsclimate.plots import COLOURS, finish

    ncols = min(3, len(data.questions)) or 1
    nrows = max(1, -(-len(data.questions) // ncols))
    fig, axes = new_figure(4.0 * ncols, 2.8 * nrows, nrows=nrows, ncols=ncols, squeeze=False)
    for ax, q in zip(axes.flat, data.questions, strict=False):
        counts = Counter(learner.get(q.key, 0.0) for learner in data.scores.values())
        values = sorted(set(counts) | {0.0, q.max_score})  # always show no marks and full marks
        colour = COLOURS[0] if q.autograded else COLOURS[1]
        ax.bar([f"{v:g}" for v in values], [counts[v] for v in values], color=colour)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        finish(ax, title=f"{q.cell} (max {q.max_score:g})", xlabel="score (points)", ylabel="learners (count)")
    for ax in list(axes.flat)[len(data.questions) :]:
        ax.set_visible(False)
    alt = (
        f"Bar charts, one per question of {data.assignment} ({len(data.questions)} questions), showing how many "
        "learners earned each score; blue bars are autograded questions, orange bars manually graded ones."
    )
    return figure_png(fig), alt


def objective_figure(rows: list[dict], assignment: str) -> tuple[str, str]:
    """Horizontal bars: mean share of points earned per learning objective; returns (png, alt text)."""
    from rightsclimate.plots import COLOURS, finish

    labels = [textwrap.fill(r["objective"], 45) for r in rows]
    fig, ax = new_figure(8.0, 1.2 + 0.45 * sum(label.count("\n") + 1 for label in labels))
    ax.barh(labels, [100 * r["share"] for r in rows], color=COLOURS[2])
    ax.set_xlim(0, 100)
    ax.invert_yaxis()
    finish(
        ax,
        title=f"{assignment}: results per objective",
        xlabel="mean share of points (%)",
        ylabel="learning objective",
    )
    summary = "; ".join(f"{r['objective']}: {100 * r['share']:.0f}%" for r in rows)
    return figure_png(
        fig
    ), f"Horizontal bar chart of the mean share of points earned per learning objective: {summary}."


def html_table(rows: list[dict], columns: list[tuple[str, str, str]]) -> str:
    """An HTML table; ``columns`` are (key, heading, format spec)."""
    head = "".join(f"<th scope='col'>{html.escape(h)}</th>" for _, h, _ in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(format(row[k], f))}</td>" for k, _, f in columns) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def html_figure(png: str, alt: str, caption: str) -> str:
    """A figure with an embedded PNG, alt text and caption."""
    return (
        f"<figure><img src='data:image/png;base64,{png}' alt='{html.escape(alt, quote=True)}'>"
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
    )


QUESTION_COLUMNS = [
    ("question", "Question (notebook/cell)", ""),
    ("type", "Graded", ""),
    ("max", "Max", "g"),
    ("mean", "Mean score", ".2f"),
    ("difficulty", "Difficulty index (mean/max)", ".2f"),
    ("ungraded", "Still to grade by hand", "d"),
    ("objectives", "Learning objectives", ""),
]
OBJECTIVE_COLUMNS = [
    ("objective", "Learning objective", ""),
    ("questions", "Questions", ""),
    ("max", "Max", "g"),
    ("mean", "Mean score", ".2f"),
    ("share", "Mean share of points", ".0%"),
]


def assignment_section(data: AssignmentScores) -> str:
    """The report section for one assignment."""
    parts = [f"<h2>{html.escape(data.assignment)}</h2>", f"<p>{len(data.scores)} graded submission(s).</p>"]
    if not data.scores:
        return "".join(parts)
    parts += ["<h3>Questions</h3>", html_table(question_rows(data), QUESTION_COLUMNS)]
    parts.append(html_figure(*total_figure(data), "Distribution of total scores."))
    parts.append(html_figure(*question_figure(data), "Score distribution per question."))
    objective_data = objective_rows(data)
    parts.append("<h3>Learning objectives</h3>")
    if objective_data:
        parts.append(html_table(objective_data, OBJECTIVE_COLUMNS))
        parts.append(html_figure(*objective_figure(objective_data, data.assignment), "Results per learning objective."))
    else:
        parts.append('<p>No graded cell carries <code>{"course": {"objectives": [...]}}</code> metadata.</p>')
    return "".join(parts)


STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}"
    "table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #999;padding:.3rem .6rem;text-align:left}"
    "img{max-width:100%}figcaption{font-size:.9rem;color:#444}"
)


def render_report(sections: list[AssignmentScores], title: str = "Grade report") -> str:
    """The whole self-contained HTML page."""
    body = "".join(assignment_section(data) for data in sections)
    note = (
        "<p>Difficulty index = mean score ÷ maximum (1 = everyone earned full marks). Manually graded answers "
        "count as 0 until graded in the formgrader.</p>"
    )
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"<style>{STYLE}</style></head><body><h1>{html.escape(title)}</h1>{note}{body}</body></html>\n"
    )


def graded_assignments(course_dir: Path) -> list[str]:
    """Assignments in the gradebook, sorted."""
    return assignment_names(course_dir)


def write_report(out: Path, course_dir: Path, assignments: list[str] | None = None) -> Path:
    """Write the HTML report for ``assignments`` (default: every assignment in the gradebook)."""
    ids = assignments or graded_assignments(course_dir)
    sections = [collect_scores(course_dir, a) for a in ids]
    Path(out).write_text(render_report(sections, "Rights, Climate & the SDGs: grade report"), encoding="utf-8")
    return Path(out)


def main(argv: list[str] | None = None) -> int:
    """Exit 0 when the report was written, 2 for a usage error (no course or gradebook, unknown assignment)."""
    import sys

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0].split(":")[0])
    parser.add_argument("assignments", nargs="*", help="assignment ids (default: all in the gradebook)")
    parser.add_argument("--out", type=Path, default=Path("report.html"), help="HTML file to write")
    parser.add_argument(
        "--course-dir", type=Path, default=None, help="the nbgrader course folder (default: found from here upwards)"
    )
    args = parser.parse_args(argv)
    course_dir = course_dir_or_exit(args.course_dir)
    if not gradebook_exists(course_dir):
        print(f"error: {course_dir} has no gradebook yet: release and grade an assignment first.", file=sys.stderr)
        return 2
    known = graded_assignments(course_dir)
    unknown = [a for a in args.assignments if a not in known]
    if unknown:
        print(
            f"error: not in the gradebook: {', '.join(unknown)} (it has: {', '.join(known) or 'none'})", file=sys.stderr
        )
        return 2
    print(f"wrote {write_report(args.out, course_dir, args.assignments or None)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
