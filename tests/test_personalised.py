"""Personalised assignments: each learner's own place, checked by the hidden tests at grading time.

The slow test grades ch3_local_climate_indicators with real nbgrader in a scratch course switched on
with ``courseops personalise``: the reference solution for the learner's own city earns full marks;
a learner who answers for Gwangju (the public model answer's city) or under a classmate's id loses them.
"""

from __future__ import annotations

import hashlib
import shutil

import pytest

from courseops import personalise
from courseops.notebooks import read_notebook
from courseops.paths import COURSE_DIR, config_file, source_dir
from rightsclimate import personal
from rightsclimate.data import load

ASSIGNMENT = "ch3_local_climate_indicators"
SOURCE = source_dir(COURSE_DIR) / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
RELEASE = COURSE_DIR / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
DEFAULT_CITY = "gwangju"  # the city of the public reference solution
PLACES = sorted(set(load("cities")["city_id"]) - {DEFAULT_CITY})  # as the notebook's setup cell sets them


# --- the place of a learner ------------------------------------------------------------------------
def test_place_is_the_documented_hash_of_the_normalised_id():
    index = int.from_bytes(hashlib.sha256(b"maria.santos").digest()[:8], "big") % len(PLACES)
    assert personal.place_for("  Maria.Santos ", PLACES) == PLACES[index]
    assert personal.place_for("maria.santos", list(reversed(PLACES))) == PLACES[index]  # order does not matter


def test_two_learners_get_different_places_and_ids_spread_over_the_cities():
    assert personal.place_for("learner-a", PLACES) != personal.place_for("learner-b", PLACES)
    places = {personal.place_for(f"student{n:03d}", PLACES) for n in range(300)}
    assert DEFAULT_CITY not in places and len(places) >= 38, sorted(places)


def test_your_place_prints_the_city_name(capsys):
    names = load("cities").set_index("city_id")["city"]  # a Series, as the notebook passes it
    place = personal.your_place("Maria.Santos", PLACES, names)
    assert place == personal.place_for("maria.santos", PLACES)
    assert capsys.readouterr().out == f"Learner id 'maria.santos': your place is {names[place]} ({place}).\n"


def test_an_empty_learner_id_is_refused_with_what_to_do():
    with pytest.raises(personal.PersonalisationError, match="LEARNER_ID is empty"):
        personal.place_for("  ", PLACES)
    with pytest.raises(ValueError, match="at least one place"):
        personal.place_for("someone", [])


def test_the_learner_being_graded_comes_from_the_grader_not_the_notebook(tmp_path):
    graded = tmp_path / "autograded" / "Learner-A" / ASSIGNMENT
    autograde = {"NBGRADER_EXECUTION": "autograde"}
    assert personal.submission_learner_id(graded, {}) is None  # the learner's own run: nothing is graded
    assert personal.submission_learner_id(graded, {"NBGRADER_EXECUTION": "validate"}) is None
    assert personal.submission_learner_id(graded, autograde) == "learner-a"
    assert personal.submission_learner_id(tmp_path, autograde | {personal.LEARNER_ENV: "B"}) == "b"
    with pytest.raises(personal.PersonalisationError, match="cannot tell whose place"):
        personal.submission_learner_id(tmp_path / "sandbox" / ASSIGNMENT, autograde)


def test_graded_place(monkeypatch, tmp_path):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    assert personal.graded_place("manila", PLACES, "", personalised=False) == "manila"
    own = personal.place_for("learner-a", PLACES)
    assert personal.graded_place(DEFAULT_CITY, PLACES, "learner-a", personalised=True) == own
    folder = tmp_path / "autograded" / "learner-a" / ASSIGNMENT
    folder.mkdir(parents=True)
    monkeypatch.chdir(folder)
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert personal.graded_place(DEFAULT_CITY, PLACES, "Learner-A ", personalised=True) == own
    with pytest.raises(personal.PersonalisationError, match="submitted by 'learner-a'"):
        personal.graded_place(DEFAULT_CITY, PLACES, "learner-b", personalised=True)


# --- the switch ----------------------------------------------------------------------------------
def test_the_published_course_is_not_personalised():
    for path in (SOURCE, RELEASE):
        index, on = personalise.switch_cell(read_notebook(path))
        assert not on, f"{path} is personalised: the published course must not be"


def _course(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(source_dir(COURSE_DIR) / ASSIGNMENT, course / "source" / ASSIGNMENT)
    shutil.copytree(source_dir(COURSE_DIR) / "ch2_obligation_profile", course / "source" / "ch2_obligation_profile")
    shutil.copy(config_file(COURSE_DIR), course / "nbgrader_config.py")
    return course


def test_personalise_command_switches_on_and_off(tmp_path, capsys):
    course = _course(tmp_path)
    before = (course / "source" / ASSIGNMENT / SOURCE.name).read_text(encoding="utf-8")
    args = [ASSIGNMENT, "--course-dir", str(course), "--no-release"]
    assert personalise.main(args + ["--on"]) == 0
    assert personalise.is_personalised(course, ASSIGNMENT)
    assert "personalised places are ON (changed)" in capsys.readouterr().out
    assert personalise.main(args + ["--show", "learner-a", "Learner-B"]) == 0
    shown = capsys.readouterr().out
    assert f"learner-a  {personal.place_for('learner-a', PLACES)}" in shown and "learner-b" in shown
    assert personalise.main(args + ["--show"]) == 0  # no gradebook yet: says so, creates none
    assert "no learners" in capsys.readouterr().out and not (course / "gradebook.db").exists()
    assert personalise.main(args + ["--off"]) == 0
    after = (course / "source" / ASSIGNMENT / SOURCE.name).read_text(encoding="utf-8")
    assert after == before, "switching on and off again must give back the notebook byte for byte"


def test_personalise_refuses_what_it_cannot_switch(tmp_path, capsys):
    course = _course(tmp_path)
    assert personalise.main(["ch2_obligation_profile", "--course-dir", str(course), "--on"]) == 2
    assert "cannot be personalised" in capsys.readouterr().err
    assert personalise.main(["no_such_assignment", "--course-dir", str(course)]) == 2
    assert "no assignment 'no_such_assignment'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        personalise.main([ASSIGNMENT, "--course-dir", str(tmp_path)])  # not a course
    assert stop.value.code == 2


def test_the_switch_must_sit_in_a_locked_cell():
    nb = read_notebook(SOURCE)
    index, _ = personalise.switch_cell(nb)
    nb.cells[index].metadata.pop("nbgrader")
    with pytest.raises(personalise.NotPersonalisable, match="not a locked nbgrader cell"):
        personalise.switch_cell(nb)


# --- grading with nbgrader -----------------------------------------------------------------------
def _with_learner(learner_id: str, extra_first_answer: str = ""):
    """The reference solution as a learner submits it, with their LEARNER_ID (and an extra line)."""
    nb = read_notebook(SOURCE)
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith("LEARNER_ID = "):
            cell.source = cell.source.replace('LEARNER_ID = ""', f'LEARNER_ID = "{learner_id}"', 1)
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "hot_days_answer" and extra_first_answer:
            cell.source = extra_first_answer + "\n" + cell.source
    return nb


@pytest.mark.slow
def test_personalised_grading_gives_points_only_for_the_learners_own_place(tmp_path, capsys):
    from courseops.course import add_students, ensure_success, generate_release, make_course, open_api, place_submission
    from courseops.gradebook import autograded_total, scores_of

    course = make_course(tmp_path / "course", [source_dir(COURSE_DIR) / ASSIGNMENT], config_file(COURSE_DIR))
    assert personalise.set_personalised(course, ASSIGNMENT, True)
    api = open_api(course)
    release = generate_release(api, ASSIGNMENT)
    assert "PERSONALISED = True" in (release / SOURCE.name).read_text(encoding="utf-8")

    own, other = personal.place_for("learner-a", PLACES), personal.place_for("learner-b", PLACES)
    assert len({own, other, DEFAULT_CITY}) == 3
    submissions = {
        # the reference solution, for the learner's own city (the notebook sets CITY from LEARNER_ID)
        "learner-a": _with_learner("learner-a"),
        # answers for Gwangju, the public solution's city, instead of their own
        "learner-b": _with_learner("learner-b", f'CITY = "{DEFAULT_CITY}"\ncity = daily(CITY)'),
        # submits learner-a's work: learner-a's id and city
        "learner-c": _with_learner("learner-a"),
    }
    add_students(api, list(submissions))
    failed = {}
    for student, nb in submissions.items():
        place_submission(course, ASSIGNMENT, student, {SOURCE.name: nb})
        ensure_success(api.autograde(ASSIGNMENT, student, force=True, create=True), f"autograde {student}")
        scores = scores_of(course, ASSIGNMENT, student)
        failed[student] = (autograded_total(scores), {s.cell for s in scores if s.autograded and s.score < s.max_score})
    (score_a, max_a), failed_a = failed["learner-a"]
    assert max_a == 14 and score_a == 14, f"own city: {failed_a} failed"
    all_tests = {
        "hot_days_test",
        "tropical_nights_test",
        "rain_test",
        "percentile_test",
        "rank_test",
        "typhoon_test",
        "typhoon_strong_test",
    }
    for student in ("learner-b", "learner-c"):
        (score, _), failed_cells = failed[student]
        assert score == 0 and failed_cells == all_tests, f"{student}: {score} points, failed {failed_cells}"
    graded = (course / "autograded" / "learner-a" / ASSIGNMENT / SOURCE.name).read_text(encoding="utf-8")
    assert "your place is" in graded and f"({own})" in graded

    # The sandboxed grader (courseops grade's default) runs notebooks in a folder that does not name the
    # learner, so it must pass the learner's id itself: the same three learners, the same scores.
    from courseops.sandboxgrade.pipeline import grade_assignment

    outcomes = grade_assignment(course, ASSIGNMENT, list(submissions), workers=1, force=True, progress=False)
    sandboxed = {outcome.student: outcome for outcome in outcomes}
    for student, ((score, _), _) in failed.items():
        assert sandboxed[student].score == score, f"sandboxed {student}: {sandboxed[student]}, plain nbgrader: {score}"
    assert personalise.main([ASSIGNMENT, "--course-dir", str(course), "--show"]) == 0  # the gradebook's learners
    assert f"learner-a  {own}\nlearner-b  {other}\n" in capsys.readouterr().out
