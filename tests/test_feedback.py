"""Learners' feedback says whether the hidden tests passed, never what they are (issue 17, point 3).

A real assignment (chapter 2) is copied to a temporary course with markers planted in two hidden tests:
a comment and a print in part 1's (which pass), and a check that always fails in part 2's. Three
learners are graded: the reference solution, the untouched release and a copy of the solution with a
visible line of a locked test cell edited. The markers must be absent from every feedback file while
the visible code, the visible checks' messages and each hidden test's result are present.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest

from courseops import feedback
from courseops.course import add_students, ensure_success, generate_release, make_course, open_api, place_submission
from courseops.gradebook import cell_scores, open_gradebook
from courseops.notebooks import grade_id, read_notebook
from courseops.paths import COURSE_DIR, config_file, release_dir, source_dir

ASSIGNMENT = "ch2_obligation_profile"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
MARKER = "MARKER-e5a1"  # planted in hidden tests only
PASSING_HIDDEN, FAILING_HIDDEN, EDITED = "p1_tests", "p2_tests", "p3_tests"
SOLUTION, UNTOUCHED, TAMPERED = "learner_solution", "learner_untouched", "learner_tampered"


def plant_markers(source_nb: Path) -> None:
    """Plant a comment and a print in one hidden test and a failing check in another (only here, in a copy)."""
    nb = read_notebook(source_nb)
    for cell in nb.cells:
        if grade_id(cell) == PASSING_HIDDEN:
            cell.source = cell.source.replace(
                "### BEGIN HIDDEN TESTS\n", f"### BEGIN HIDDEN TESTS\n# {MARKER} code\nprint('{MARKER} print')\n"
            )
        elif grade_id(cell) == FAILING_HIDDEN:
            cell.source = cell.source.replace(
                "### END HIDDEN TESTS", f"check(False, '{MARKER} message: a planted hidden test that fails')\n"
                "### END HIDDEN TESTS"
            )
    assert nb.cells and MARKER in "".join(c.source for c in nb.cells)
    nbformat.write(nb, source_nb)


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    course = make_course(
        tmp_path_factory.mktemp("feedback") / "course", [source_dir(COURSE_DIR) / ASSIGNMENT], config_file(COURSE_DIR)
    )
    shutil.copy2(COURSE_DIR / "nbgrader_config.py", course / "nbgrader_config.py")  # the course's own config
    plant_markers(source_dir(course) / ASSIGNMENT / NOTEBOOK)
    api = open_api(course)
    generate_release(api, ASSIGNMENT)
    solution = read_notebook(source_dir(course) / ASSIGNMENT / NOTEBOOK)
    release = read_notebook(release_dir(course) / ASSIGNMENT / NOTEBOOK)
    tampered = read_notebook(source_dir(course) / ASSIGNMENT / NOTEBOOK)
    for cell in tampered.cells:
        if grade_id(cell) == EDITED:  # a learner "fixes" a visible check: nbgrader must still warn
            cell.source = "# edited by the learner\n" + cell.source.split("### BEGIN HIDDEN TESTS")[0]
    add_students(api, [SOLUTION, UNTOUCHED, TAMPERED])
    logs = {}
    for student, nb in ((SOLUTION, solution), (UNTOUCHED, release), (TAMPERED, tampered)):
        place_submission(course, ASSIGNMENT, student, {NOTEBOOK: nb})
        logs[student] = ensure_success(api.autograde(ASSIGNMENT, student, force=True, create=True), student).get("log", "")
    (course / "autograde_logs").mkdir()
    for student, log in logs.items():
        (course / "autograde_logs" / f"{student}.log").write_text(log, encoding="utf-8")
    assert feedback.main([ASSIGNMENT, "--course-dir", str(course)]) == 0
    return course


def page(course: Path, student: str) -> str:
    return (course / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text(encoding="utf-8")


def test_no_hidden_marker_in_any_feedback_file(course):
    files = sorted((course / "feedback").rglob("*"))
    assert len([f for f in files if f.suffix == ".html"]) == 3
    leaking = [str(f.relative_to(course)) for f in files if f.is_file() and MARKER in f.read_text(errors="replace")]
    assert not leaking, f"hidden-test text reached the feedback: {leaking}"
    # the marker really ran: the autograded notebook (instructor side) has it, so its absence above means something
    autograded = (course / "autograded" / SOLUTION / ASSIGNMENT / NOTEBOOK).read_text()
    assert f"{MARKER} print" in autograded and f"{MARKER} message" in autograded


def test_hidden_results_are_reported_without_their_code(course):
    text = feedback.visible_text(page(course, SOLUTION))
    assert feedback.PASSED_TEXT.format(score="3", points="3") in text  # part 1: hidden tests passed
    assert feedback.HIDDEN_FAILED_TEXT.format(score="0", points="2") in text  # part 2: the planted one failed
    assert text.count(feedback.HIDDEN_PLACEHOLDER) == 4  # one line per hidden region, where it was
    with open_gradebook(course) as gb:
        scores = {s.cell: s.score for s in cell_scores(gb, ASSIGNMENT, SOLUTION)}
    assert scores[PASSING_HIDDEN] == 3 and scores[FAILING_HIDDEN] == 0


def test_visible_code_and_visible_messages_stay(course):
    solution_text = feedback.visible_text(page(course, SOLUTION))
    assert 'print("Part 2 looks right' in solution_text  # visible test code is shown
    assert "def build_profile(" in solution_text  # the learner's own answer is shown
    untouched = feedback.visible_text(page(course, UNTOUCHED))
    # the untouched release fails the first visible check: its message is shown, with the score
    assert "A visible check in this cell did not pass, so the hidden tests did not run: 0 of 3 points" in untouched
    assert "Write build_profile in the cell above" in untouched


def test_plain_nbgrader_commands_use_the_same_preprocessors():
    """The course config gives `nbgrader generate_feedback` and `nbgrader autograde` the same steps."""
    from courseops.course import load_config

    config = load_config(COURSE_DIR)
    assert list(config.GenerateFeedback.preprocessors) == feedback.FEEDBACK_PREPROCESSORS
    assert list(config.Autograde.sanitize_preprocessors) == feedback.AUTOGRADE_SANITIZE_PREPROCESSORS
    from nbgrader.converters.autograde import Autograde

    # same steps as nbgrader's own list, with OverwriteCells replaced by its quiet subclass
    ours = [name.rsplit(".", 1)[1] for name in feedback.AUTOGRADE_SANITIZE_PREPROCESSORS]
    theirs = [cls.__name__ for cls in Autograde().sanitize_preprocessors]
    assert ours == [("RestoreHiddenTestsQuietly" if n == "OverwriteCells" else n) for n in theirs]


def test_no_false_checksum_warning_for_untouched_cells_but_edits_are_reported(course):
    logs = {p.stem: p.read_text() for p in (course / "autograde_logs").glob("*.log")}
    assert "checksum" not in logs[UNTOUCHED] and "checksum" not in logs[SOLUTION], logs[UNTOUCHED]
    warned = re.findall(r"Attribute 'checksum' for cell (\S+) has changed", logs[TAMPERED])
    assert warned == [EDITED]
    with open_gradebook(course) as gb:  # the original tests ran: the edit did not help
        scores = {s.cell: s.score for s in cell_scores(gb, ASSIGNMENT, TAMPERED)}
    assert scores[EDITED] == 2


def test_split_hidden_and_where_an_error_came_from():
    source = "check(x == 1, 'visible message about x')\n### BEGIN HIDDEN TESTS\nassert f(2) == 5\n### END HIDDEN TESTS\n"
    split = feedback.split_hidden(source)
    assert "f(2)" not in split.visible and feedback.HIDDEN_PLACEHOLDER in split.visible
    assert split.hidden_lines == {2, 3, 4}
    ipython_tb = ["\x1b[0;31mAssertionError\x1b[0m  Traceback", "Cell \x1b[0;32mIn[7], line 3\x1b[0m", "---> 3 assert"]
    assert not feedback.raised_in_visible_part({"traceback": ipython_tb, "evalue": ""}, split)
    ipython_tb[1] = "Cell In[7], line 1"
    assert feedback.raised_in_visible_part({"traceback": ipython_tb, "evalue": ""}, split)
    # a self-check renders a one-line traceback: told apart by where its message is written
    own = {"traceback": ["Not yet: visible message about x"], "evalue": "visible message about x"}
    assert feedback.raised_in_visible_part(own, split)
    assert not feedback.raised_in_visible_part({**own, "evalue": "some message only a hidden test has"}, split)
    # a visible f-string message, filled in with values, is still recognised by its fixed text
    fstring = feedback.split_hidden(
        'check(len(p) == 3, f"The profile has {len(p)} rows but the crosswalk has {n} links; keep each link once.")\n'
        "### BEGIN HIDDEN TESTS\ncheck(f(2) == 5, 'Hidden check: the profile of a made-up country is wrong.')\n"
        "### END HIDDEN TESTS"
    )
    filled = {"traceback": ["x"], "evalue": "The profile has 5 rows but the crosswalk has 7 links; keep each link once."}
    assert feedback.raised_in_visible_part(filled, fstring)
    hidden = {"traceback": ["x"], "evalue": "Hidden check: the profile of a made-up country is wrong."}
    assert not feedback.raised_in_visible_part(hidden, fstring)
    with pytest.raises(ValueError, match="without"):
        feedback.split_hidden("### BEGIN HIDDEN TESTS\nassert 1\n")


def test_unknown_assignment_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n")
    assert feedback.main(["no_such_assignment", "--course-dir", str(tmp_path)]) == 2
    assert "no_such_assignment" in capsys.readouterr().err
