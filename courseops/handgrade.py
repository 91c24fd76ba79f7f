"""Hand-graded scores from a CSV file, without the web formgrader.

``courseops scores import hand_scores.csv`` reads one row per written answer::

    learner,assignment,question,score,comment
    learner01,ch3_local_climate_indicators,interpretation,5,"Clear link to the heat plan; name who is most exposed."

``question`` is the answer cell's id (its ``grade_id``, listed by ``courseops scores questions ASSIGNMENT``).
Every row is checked before anything is written: an unknown learner, assignment or question, a learner
without a graded submission, a score that is not a number, negative or above the question's points, or
a row that repeats an earlier one stops the import with one message per problem, naming the file and
line, and the gradebook is left unchanged. Valid rows set the question's manual score and comment (the
comment is part of the learner's feedback) and mark it as graded.

Re-grading: nbgrader's autograde keeps a manual score but marks it "needs manual grade" again, as if it
had never been graded. Each import is also recorded in ``hand_scores_applied.json`` in the course folder
(learner data: git-ignored), with a fingerprint of the answer it graded. ``courseops scores reapply
ASSIGNMENT`` (run after any re-grading) restores every recorded score whose answer is unchanged and lists
the answers that changed since they were graded, which must be graded again. Importing the same CSV again
does the same for the rows it holds.

``courseops scores export`` restores hand scores as ``reapply`` does, then writes the LMS file
(:mod:`courseops.lmsexport`).
Exit codes follow the course tools' rule: 0 done, 1 when something could not be done (the message says what), 2 usage errors.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from courseops.gradebook import open_gradebook

COLUMNS = ("learner", "assignment", "question", "score", "comment")
LEDGER_NAME = "hand_scores_applied.json"


class HandGradeError(ValueError):
    """The CSV file cannot be imported; the message lists every problem, one per line."""


@dataclass(frozen=True)
class HandScore:
    """One validated row: the score and comment for one learner's answer to one question."""

    learner: str
    assignment: str
    notebook: str
    question: str
    score: float
    comment: str
    line: int


@dataclass(frozen=True)
class Question:
    """A hand-graded cell of an assignment (a written answer or a task)."""

    notebook: str
    name: str
    max_score: float


def hand_graded_questions(gb, assignment_id: str) -> dict[str, list[Question]]:
    """{question id: [where it is]} for every hand-graded cell (written answers and tasks) of an assignment."""
    found: dict[str, list[Question]] = {}
    for notebook in gb.find_assignment(assignment_id).notebooks:
        answers = {cell.name for cell in notebook.solution_cells}
        for cell in [*notebook.grade_cells, *notebook.task_cells]:
            if cell.name in answers or type(cell).__name__ == "TaskCell":
                found.setdefault(cell.name, []).append(Question(notebook.name, cell.name, float(cell.max_score)))
    return found


def autograded_cells(gb, assignment_id: str) -> set[str]:
    """Ids of the autograded test cells (scored by the tests, not by hand)."""
    names = set()
    for notebook in gb.find_assignment(assignment_id).notebooks:
        answers = {cell.name for cell in notebook.solution_cells}
        names.update(cell.name for cell in notebook.grade_cells if cell.name not in answers)
    return names


def read_rows(csv_path: Path) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """(line number, row) for each data row, and the problems with the header."""
    try:
        text = Path(csv_path).read_text(encoding="utf-8-sig")  # a spreadsheet may add a byte-order mark
    except FileNotFoundError:
        raise HandGradeError(f"{csv_path}: no such file") from None
    except UnicodeDecodeError as err:
        raise HandGradeError(f"{csv_path}: not UTF-8 text ({err.reason} at byte {err.start}); save it as CSV UTF-8") \
            from None
    reader = csv.DictReader(text.splitlines())
    header = [h.strip() for h in (reader.fieldnames or [])]
    problems = []
    missing = [c for c in COLUMNS if c not in header]
    extra = [c for c in header if c not in COLUMNS]
    if missing:
        problems.append(f"{csv_path}, line 1: missing column(s) {', '.join(missing)}; the header must be "
                        f"{','.join(COLUMNS)}")
    if extra:
        problems.append(f"{csv_path}, line 1: unknown column(s) {', '.join(extra)}; the header must be "
                        f"{','.join(COLUMNS)}")
    if problems:
        return [], problems
    reader.fieldnames = header
    rows = []
    for row in reader:
        if any(value is None for value in row.values()) or None in row:
            problems.append(f"{csv_path}, line {reader.line_num}: expected {len(COLUMNS)} fields ({','.join(COLUMNS)})")
            continue
        cleaned = {k: (v or "").strip() for k, v in row.items()}
        if any(cleaned.values()):  # skip blank lines
            rows.append((reader.line_num, cleaned))
    return rows, problems


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def validate(course_dir: Path, csv_path: Path) -> list[HandScore]:
    """Every row of ``csv_path`` checked against the gradebook; raises :class:`HandGradeError` listing all problems."""
    from nbgrader.api import MissingEntry

    rows, problems = read_rows(csv_path)
    scores: list[HandScore] = []
    seen: dict[tuple[str, str, str], int] = {}
    with open_gradebook(course_dir) as gb:
        learners = {s.id for s in gb.students}
        assignments = {a.name for a in gb.assignments}
        questions = {a: hand_graded_questions(gb, a) for a in assignments}
        tests = {a: autograded_cells(gb, a) for a in assignments}
        for line, row in rows:
            where = f"{csv_path}, line {line}"
            learner, assignment, question = row["learner"], row["assignment"], row["question"]
            row_problems = []
            if learner not in learners:
                row_problems.append(f"unknown learner {learner!r} (not in the gradebook; add them with "
                                    "`nbgrader db student add`, or check the spelling)")
            if assignment not in assignments:
                row_problems.append(f"unknown assignment {assignment!r} (in the gradebook: "
                                    f"{', '.join(sorted(assignments)) or 'none'})")
            elif question not in questions[assignment]:
                if question in tests[assignment]:
                    row_problems.append(f"question {question!r} is autograded by tests; only written answers are "
                                        "graded by hand")
                else:
                    known = ", ".join(sorted(questions[assignment])) or "none"
                    row_problems.append(f"unknown question {question!r} in {assignment} (hand-graded questions: "
                                        f"{known})")
            elif len(questions[assignment][question]) > 1:
                row_problems.append(f"question {question!r} is in several notebooks of {assignment}; rename one")
            score = _number(row["score"])
            target = None
            if score is None:
                row_problems.append(f"score {row['score']!r} is not a number")
            elif assignment in assignments and len(questions[assignment].get(question, [])) == 1:
                target = questions[assignment][question][0]
                if score < 0:
                    row_problems.append(f"score {score:g} is negative")
                elif score > target.max_score:
                    row_problems.append(f"score {score:g} is above the {target.max_score:g} points of {question}")
            if not row_problems and learner in learners:
                try:
                    gb.find_submission(assignment, learner)
                except MissingEntry:
                    row_problems.append(f"{learner} has no graded submission of {assignment}; grade it first")
            key = (learner, assignment, question)
            if key in seen:
                row_problems.append(f"repeats line {seen[key]} ({learner}, {assignment}, {question}); keep one row")
            else:
                seen[key] = line
            if row_problems:
                problems += [f"{where}: {p}" for p in row_problems]
            elif target is not None:
                scores.append(HandScore(learner, assignment, target.notebook, question, score, row["comment"], line))
    if problems:
        raise HandGradeError("Nothing was imported. Fix these rows and run the command again:\n" + "\n".join(problems))
    if not scores:
        raise HandGradeError(f"{csv_path} has no rows to import (only a header?)")
    return scores


# --- Writing to the gradebook, and the record used to restore scores after re-grading -----------------

def answer_fingerprint(course_dir: Path, score: HandScore) -> str | None:
    """SHA-256 of the graded answer's text in the learner's autograded notebook (None if it cannot be read)."""
    from courseops.notebooks import grade_id, read_notebook

    path = Path(course_dir) / "autograded" / score.learner / score.assignment / f"{score.notebook}.ipynb"
    try:
        nb = read_notebook(path)
    except Exception:  # a missing or broken file: nothing to compare with later
        return None
    for cell in nb.cells:
        if grade_id(cell) == score.question:
            return hashlib.sha256(cell.source.encode("utf-8")).hexdigest()
    return None


def ledger_path(course_dir: Path) -> Path:
    return Path(course_dir) / LEDGER_NAME


def read_ledger(course_dir: Path) -> dict[str, dict]:
    path = ledger_path(course_dir)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _key(score: HandScore) -> str:
    return "/".join((score.assignment, score.learner, score.notebook, score.question))


def write_scores(course_dir: Path, scores: list[HandScore]) -> None:
    """Set manual score and comment for every row in one transaction, and record them in the ledger."""
    with open_gradebook(course_dir) as gb:
        try:
            for s in scores:
                grade = gb.find_grade(s.question, s.notebook, s.assignment, s.learner)
                grade.manual_score = s.score
                grade.needs_manual_grade = False
                comment = gb.find_comment(s.question, s.notebook, s.assignment, s.learner)
                comment.manual_comment = s.comment or None
            gb.db.commit()
        except Exception:
            gb.db.rollback()
            raise
    ledger = read_ledger(course_dir)
    for s in scores:
        ledger[_key(s)] = {**asdict(s), "answer_sha256": answer_fingerprint(course_dir, s)}
    ledger_path(course_dir).write_text(json.dumps(ledger, indent=1, sort_keys=True), encoding="utf-8")


def import_scores(course_dir: Path, csv_path: Path) -> list[HandScore]:
    """Validate the whole file, then write it; nothing is written if any row is wrong."""
    scores = validate(course_dir, csv_path)
    write_scores(course_dir, scores)
    return scores


@dataclass(frozen=True)
class Reapplied:
    restored: list[str]
    changed: list[str]


def reapply(course_dir: Path, assignment_id: str) -> Reapplied:
    """After re-grading: restore recorded hand scores whose answer is unchanged; list those that changed."""
    from nbgrader.api import MissingEntry

    restored, changed, keep = [], [], []
    for _, entry in sorted(read_ledger(course_dir).items()):
        if entry["assignment"] != assignment_id:
            continue
        fields = {k: entry[k] for k in ("learner", "assignment", "notebook", "question", "score", "comment", "line")}
        score = HandScore(**fields)
        label = f"{score.learner} {score.question}"
        now = answer_fingerprint(course_dir, score)
        if now is None or now != entry.get("answer_sha256"):  # changed, or no longer graded at all
            changed.append(label)
            continue
        keep.append(score)
        restored.append(label)
    if keep:
        try:
            write_scores(course_dir, keep)
        except MissingEntry as err:  # a learner's submission was removed from the gradebook
            raise HandGradeError(f"cannot restore hand scores of {assignment_id}: {err}") from None
    return Reapplied(restored, changed)


def question_table(course_dir: Path, assignment_id: str) -> list[Question]:
    with open_gradebook(course_dir) as gb:
        return sorted((q for qs in hand_graded_questions(gb, assignment_id).values() for q in qs),
                      key=lambda q: (q.notebook, q.name))


# --- Command line -----------------------------------------------------------------------------------

def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--course-dir", type=Path, help="the course folder (default: the folder holding "
                        "nbgrader_config.py, searched from the current folder upwards)")
    parser = argparse.ArgumentParser(prog="courseops scores", description="Hand-graded scores and the LMS export.")
    sub = parser.add_subparsers(dest="action", required=True)
    imp = sub.add_parser("import", parents=[common], help="import written-answer scores and comments from a CSV")
    imp.add_argument("csv", type=Path, help="columns: " + ",".join(COLUMNS))
    rea = sub.add_parser("reapply", parents=[common], help="after re-grading, restore hand scores of unchanged answers")
    rea.add_argument("assignment")
    que = sub.add_parser("questions", parents=[common], help="list an assignment's hand-graded questions and points")
    que.add_argument("assignment")
    exp = sub.add_parser("export", parents=[common], help="write grades as a CSV for Moodle's grade import")
    exp.add_argument("--to", type=Path, default=Path("lms_grades.csv"), help="output file (default lms_grades.csv)")
    exp.add_argument("--assignment", action="append", help="only this assignment (repeat for several)")
    return parser


VERBS = ("import", "reapply", "questions", "export")


def restore_after_regrading(course_dir: Path, assignment_ids: list[str] | None = None) -> list[str]:
    """Reapply recorded hand scores (all assignments in the ledger, or these); return changed answers.

    Called by ``scores export`` and ``feedback``, so hand scores survive a re-grading even when nobody
    ran ``scores reapply``; changed answers are printed, to be graded again.
    """
    wanted = assignment_ids or sorted({e["assignment"] for e in read_ledger(course_dir).values()})
    changed = []
    for assignment_id in wanted:
        try:
            result = reapply(course_dir, assignment_id)
        except HandGradeError as err:  # never block feedback or export: say what could not be restored
            print(f"WARNING: {err}", file=sys.stderr)
            continue
        changed += [f"{assignment_id} {label}" for label in result.changed]
    for label in changed:
        print(f"CHANGED SINCE GRADED: {label}: grade this answer again")
    return changed


def main(argv: list[str] | None = None) -> int:
    from courseops.paths import course_dir_or_exit

    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] not in VERBS and not argv[0].startswith("-"):
        argv.insert(0, "import")  # a CSV file named without the verb
    if not any(verb in argv for verb in VERBS):  # only options (the CLI adds --course-dir): say what to run
        if "-h" in argv or "--help" in argv:
            _parser().print_help()
            return 0
        _parser().print_usage(sys.stderr)
        print(f"courseops scores: say what to do: {', '.join(VERBS)} (--help explains each)", file=sys.stderr)
        return 2
    args = _parser().parse_args(argv)
    try:
        course_dir = course_dir_or_exit(args.course_dir)
    except SystemExit as stop:
        return int(stop.code or 2)
    if args.action == "export":
        from courseops import lmsexport

        restore_after_regrading(course_dir, args.assignment)
        return lmsexport.run(course_dir, args.to, args.assignment)
    if args.action in ("reapply", "questions"):
        from courseops.gradebook import AssignmentNotInGradebook, require_assignment

        try:
            require_assignment(course_dir, args.assignment)
        except AssignmentNotInGradebook as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
    if args.action == "questions":
        for q in question_table(course_dir, args.assignment):
            print(f"{q.name:<28} {q.max_score:g} points  (notebook {q.notebook})")
        return 0
    try:
        if args.action == "import":
            scores = import_scores(course_dir, args.csv)
            learners = len({s.learner for s in scores})
            print(f"Imported {len(scores)} hand score(s) for {learners} learner(s); they are marked as graded.")
            return 0
        result = reapply(course_dir, args.assignment)
    except HandGradeError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"Restored {len(result.restored)} hand score(s) of {args.assignment} (answers unchanged).")
    for label in result.changed:
        print(f"CHANGED SINCE GRADED: {label}: grade this answer again (the old score is kept but marked to review)")
    return 1 if result.changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
