"""Feedback for learners that says whether the hidden tests passed, never what they are.

``courseops feedback ASSIGNMENT [--student ID ...]`` (or ``python -m courseops.feedback``) writes
``feedback/<learner>/<assignment>/*.html`` from the autograded notebooks, as ``nbgrader generate_feedback``
does, with one more step, :class:`HideHiddenTests`. nbgrader 0.9 puts the hidden tests back into every
test cell before grading (they are stored in the gradebook), and its feedback shows that cell as it
ran: the hidden code, and the message or traceback of a hidden test that failed.

In a cell with hidden tests, the feedback keeps:

* the visible code, with one comment line where the hidden tests were;
* the message of a failed *visible* check (the learner can see that code anyway), as one line;
* a result line: "passed" or "a hidden test did not pass", with the cell's points.

It drops everything else the cell printed: a failed hidden test's message and traceback (they often
name the test's inputs and expected values, and a plain ``assert`` shows its own code), and all other
output of the cell (a hidden test, or the learner's own function called by it, may print the hidden
inputs). After writing, every feedback file is scanned for the hidden tests' code; a file that still
holds a hidden line is reported and the command exits 1.

The exit code follows the course tools' rule: 0 when every learner's feedback was written and is
clean, 1 when any was not, 2 for usage errors (no course found, unknown assignment).
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, Unicode

# What GenerateFeedback runs, with the hidden tests removed after the scores are read.
FEEDBACK_PREPROCESSORS = [
    "nbgrader.preprocessors.GetGrades",
    "courseops.feedback.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

HIDDEN_PLACEHOLDER = "# [Hidden tests ran here. Their code is not shown in feedback.]"
PASSED_TEXT = "\u2705 The checks in this cell passed, including the hidden tests: {score} of {points} points."
VISIBLE_FAILED_TEXT = (
    "\u274c A visible check in this cell did not pass, so the hidden tests did not run: {score} of {points} points. "
    "The check said: {message}"
)
HIDDEN_FAILED_TEXT = (
    "\u274c The visible checks passed, but a hidden test did not pass: {score} of {points} points. Hidden tests try "
    "your code on cases you did not see (other places, values exactly at a threshold). Their code and messages are "
    "not shown. Test your functions on other inputs, then ask your facilitator if you are stuck."
)

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_CELL_LINE = re.compile(r"(?:Cell In ?\[\d*\], line |<ipython-input-[^>]*>.*?\n.*?-+> ?)(\d+)")
_JOINED_LITERALS = re.compile(r"([\"'])\s*\n\s*[rbfRBF]{0,2}([\"'])")


@dataclass(frozen=True)
class SplitSource:
    """A cell's source cut into what learners may see and the hidden tests' lines (1-based line numbers)."""

    visible: str
    hidden: str
    hidden_lines: frozenset[int]


def split_hidden(source: str, begin: str = "BEGIN HIDDEN TESTS", end: str = "END HIDDEN TESTS") -> SplitSource:
    """Cut ``source`` at nbgrader's hidden-test delimiters; each region becomes :data:`HIDDEN_PLACEHOLDER`.

    Raises ``ValueError`` for an unclosed or nested region (nbgrader would have refused to release it).
    """
    visible, hidden, numbers = [], [], set()
    inside = False
    for number, line in enumerate(source.split("\n"), start=1):
        if begin in line:
            if inside:
                raise ValueError(f"nested '{begin}' at line {number}")
            inside = True
            visible.append(re.match(r"\s*", line).group(0) + HIDDEN_PLACEHOLDER)
        if inside:
            numbers.add(number)
            hidden.append(line)
            if end in line:
                inside = False
            continue
        visible.append(line)
    if inside:
        raise ValueError(f"'{begin}' without '{end}'")
    return SplitSource("\n".join(visible), "\n".join(hidden), frozenset(numbers))


def _flat(text: str) -> str:
    """Source or message text with adjacent string literals joined and whitespace collapsed."""
    return " ".join(_JOINED_LITERALS.sub("", text).split())


def raised_in_visible_part(error, split: SplitSource) -> bool:
    """True when an error output certainly came from the visible part of the cell.

    First by the cell line IPython names in the traceback; for errors that render their own short
    traceback (the course's self-check), by their message: it must be written in the visible code and
    not in the hidden code. Anything else counts as hidden, so nothing hidden is shown by mistake.
    """
    traceback = _ANSI.sub("", "\n".join(error.get("traceback", [])))
    line = _CELL_LINE.search(traceback)
    if line:
        return int(line.group(1)) not in split.hidden_lines
    message = _flat(str(error.get("evalue", "")))
    visible, hidden = _flat(split.visible), _flat(split.hidden)
    # The message's fixed text, without what an f-string may have filled in (numbers, quoted values, lists)
    pieces = [message[:60]] if len(message) >= 15 else []
    pieces += [p.strip() for p in re.split(r"[0-9'\"\[\]{}()]+", message) if len(p.strip()) >= 25]
    return any(piece in visible and piece not in hidden for piece in pieces)


def _points(value) -> str:
    return "?" if value is None else f"{float(value):g}"


class HideHiddenTests(Preprocessor):
    """Remove hidden tests and their output from autograded notebooks before they become feedback.

    Runs after nbgrader's ``GetGrades`` (which puts each cell's score in its metadata). The delimiters
    default to nbgrader's; a course that changed ``ClearHiddenTests``' delimiters should set these too.
    """

    enabled = Bool(True).tag(config=True)  # nbconvert's preprocessors are off unless enabled
    begin_delimiter = Unicode("BEGIN HIDDEN TESTS").tag(config=True)
    end_delimiter = Unicode("END HIDDEN TESTS").tag(config=True)

    def preprocess_cell(self, cell, resources, index):  # noqa: ARG002  (nbconvert passes the index)
        if self.begin_delimiter not in cell.source:
            return cell, resources
        split = split_hidden(cell.source, self.begin_delimiter, self.end_delimiter)
        cell.source = split.visible
        if cell.cell_type != "code":
            return cell, resources
        meta = cell.metadata.get("nbgrader", {})
        score, points = _points(meta.get("score")), _points(meta.get("points"))
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if not errors:
            cell.outputs = [_stream(PASSED_TEXT.format(score=score, points=points))]
        elif raised_in_visible_part(errors[0], split):
            message = f"{errors[0].get('ename', 'Error')}: {errors[0].get('evalue', '')}"
            cell.outputs = [_error(VISIBLE_FAILED_TEXT.format(score=score, points=points, message=message))]
        else:
            cell.outputs = [_error(HIDDEN_FAILED_TEXT.format(score=score, points=points))]
        return cell, resources


def _stream(text: str):
    from nbformat.v4 import new_output

    return new_output("stream", name="stdout", text=text + "\n")


def _error(text: str):
    from nbformat.v4 import new_output

    return new_output("error", ename="Result", evalue=text, traceback=[text])


# --- Autograding untouched cells without false "checksum has changed" warnings ---------------------

def _overwrite_cells_class():
    from nbgrader.preprocessors import OverwriteCells

    return OverwriteCells


class RestoreHiddenTestsQuietly(_overwrite_cells_class()):
    """nbgrader's ``OverwriteCells``, without a false tampering warning for untouched test cells.

    nbgrader stores each test cell's checksum *with* its hidden tests, and learners receive the cell
    *without* them (nbgrader issue 1961). So plain ``nbgrader autograde`` warns "Attribute 'checksum' for
    cell ... has changed!" for every test cell with hidden tests in every untouched submission, and then
    restores the stored cell. When the submitted source is exactly the released one, this class puts
    the stored source back first: same restored cell, same scores, no warning. A cell whose visible
    code or metadata was changed still gets nbgrader's warning.
    """

    def preprocess_cell(self, cell, resources, cell_index):
        from nbgrader.api import MissingEntry
        from nbgrader.preprocessors import ClearHiddenTests

        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id is not None:
            try:
                stored = self.gradebook.find_source_cell(grade_id, self.notebook_id, self.assignment_id)
            except MissingEntry:
                stored = None
            clear = ClearHiddenTests(parent=self)
            begin, end = clear.begin_test_delimeter, clear.end_test_delimeter
            if stored is not None and stored.locked and begin in stored.source:
                released = "\n".join(
                    line for line, hidden in _hidden_flags(stored.source, begin, end) if not hidden
                )
                if cell.source == released:
                    cell.source = stored.source
        return super().preprocess_cell(cell, resources, cell_index)


def _hidden_flags(source: str, begin: str, end: str):
    """(line, is part of a hidden region, delimiters included) for each line, as ClearHiddenTests cuts it."""
    inside = False
    for line in source.split("\n"):
        if begin in line:
            inside = True
            yield line, True
        elif end in line:
            inside = False
            yield line, True
        else:
            yield line, inside


AUTOGRADE_SANITIZE_PREPROCESSORS = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "courseops.feedback.RestoreHiddenTestsQuietly",
    "nbgrader.preprocessors.CheckCellMetadata",
]


# --- Checking the written files ---------------------------------------------------------------------

def hidden_lines(source_notebooks: list[Path], min_length: int = 12) -> set[str]:
    """Every non-trivial line of hidden-test code that learners never see (what must never leak).

    A line that is also written in a visible part of the notebook (a shared set-up line) is left out.
    """
    from courseops.notebooks import read_notebook

    hidden, shown = set(), set()
    for path in source_notebooks:
        for cell in read_notebook(path).cells:
            split = split_hidden(cell.source)
            shown.update(line.strip() for line in split.visible.splitlines())
            hidden.update(line.strip() for line in split.hidden.splitlines())
    return {line for line in hidden - shown if len(line) >= min_length and "HIDDEN TESTS" not in line}


def visible_text(page: str) -> str:
    """The text of an HTML page as a reader sees it (tags removed, entities decoded, spaces collapsed)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())


def leaked_lines(feedback_file: Path, secret_lines: set[str]) -> list[str]:
    """Hidden-test lines that appear in a feedback file."""
    text = visible_text(feedback_file.read_text(encoding="utf-8"))
    return sorted(line for line in secret_lines if " ".join(line.split()) in text)


# --- Command line -----------------------------------------------------------------------------------

def feedback_api(course_dir: Path):
    """nbgrader's API for the course, with :class:`HideHiddenTests` in the feedback step."""
    from courseops.course import open_api

    api = open_api(course_dir)
    api.config.GenerateFeedback.preprocessors = FEEDBACK_PREPROCESSORS
    return api


def autograded_students(course_dir: Path, assignment_id: str) -> list[str]:
    """Learners with an autograded copy of the assignment (those nbgrader can write feedback for)."""
    root = Path(course_dir) / "autograded"
    return sorted(p.parent.name for p in root.glob(f"*/{assignment_id}") if p.is_dir())


def generate(course_dir: Path, assignment_id: str, students: list[str] | None = None) -> dict[str, str]:
    """Write clean feedback for ``students`` (default: every autograded learner); {learner: problem} for failures."""
    from courseops.handgrade import restore_after_regrading
    from courseops.paths import notebooks_in, source_dir

    restore_after_regrading(course_dir, [assignment_id])  # hand scores and comments belong in the feedback
    api = feedback_api(course_dir)
    secrets = hidden_lines(notebooks_in(source_dir(course_dir) / assignment_id))
    problems = {}
    for student in students or autograded_students(course_dir, assignment_id):
        result = api.generate_feedback(assignment_id, student, force=True)
        if not result.get("success"):
            last = (result.get("error") or result.get("log") or "").strip().splitlines()
            problems[student] = "nbgrader could not write feedback: " + (last[-1] if last else "no log")
            continue
        files = sorted((Path(course_dir) / "feedback" / student / assignment_id).glob("*.html"))
        if not files:
            problems[student] = "no feedback file was written (is the submission autograded?)"
        for page in files:
            leaks = leaked_lines(page, secrets)
            if leaks:
                problems[student] = f"{page.name} still shows hidden-test code, e.g. {leaks[0]!r}"
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="courseops feedback",
        description="Write learners' feedback HTML without the hidden tests' code (see the instructor guide).",
    )
    parser.add_argument("assignment", help="assignment id, e.g. ch3_local_climate_indicators")
    parser.add_argument("--student", action="append", help="only this learner (repeat for several)")
    parser.add_argument("--course-dir", type=Path, help="the course folder (default: the folder holding "
                        "nbgrader_config.py, searched from the current folder upwards)")
    args = parser.parse_args(argv)
    from courseops.paths import course_dir_or_exit

    try:
        course_dir = course_dir_or_exit(args.course_dir)
    except SystemExit as stop:  # no course found: a usage error, already explained on stderr
        return int(stop.code or 2)
    from courseops.paths import assignment_ids

    if args.assignment not in assignment_ids(course_dir):
        print(f"courseops feedback: no assignment {args.assignment!r} in {course_dir / 'source'}", file=sys.stderr)
        return 2
    students = args.student or autograded_students(course_dir, args.assignment)
    if not students:
        print(f"No autograded submissions of {args.assignment}: grade them first (courseops grade {args.assignment}).")
        return 1
    problems = generate(course_dir, args.assignment, students)
    for student in students:
        status = f"NOT WRITTEN: {problems[student]}" if student in problems else "feedback written"
        print(f"{student:<24} {status}")
    print(f"Feedback is in {course_dir / 'feedback'}/<learner>/{args.assignment}/ ({len(students) - len(problems)} "
          f"of {len(students)} learners).")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
