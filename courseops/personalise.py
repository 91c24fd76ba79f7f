"""Switch an assignment to personalised places, or back: ``courseops personalise ASSIGNMENT --on|--off``.

The course's solutions are public. In a personalised assignment every learner works on their own
place (a city for ch3_local_climate_indicators), derived from their learner id by
:func:`rightsclimate.personal.place_for`; the hidden tests check the learner's numbers for that place
(see :mod:`rightsclimate.personal` for how the grader knows whose submission it runs).

The switch is one line in a locked cell of the assignment's source notebook: ``PERSONALISED = False``
(the course as published) or ``True``. It lives in the notebook, not in a separate file, so that a
learner who only has the notebook (Colab, an LMS download) sees it, and because nbgrader puts locked
cells back from the gradebook before grading, a learner cannot switch it off.

    courseops personalise ch3_local_climate_indicators            # say whether it is on
    courseops personalise ch3_local_climate_indicators --on       # switch on, regenerate the release
    courseops personalise ch3_local_climate_indicators --show alice bob   # each learner's place
    courseops personalise ch3_local_climate_indicators --show             # every learner in the gradebook

After switching, the command regenerates ``release/<assignment>`` (as ``courseops release`` does).
Register the new version in your gradebook before learners submit: ``nbgrader generate_assignment
ASSIGNMENT --force`` from the course folder; graded submissions of the old version must be re-released.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from courseops.notebooks import is_locked_cell, read_notebook
from courseops.paths import course_dir_or_exit, notebooks_in, source_dir

SWITCH = re.compile(r"(?m)^PERSONALISED = (True|False)\b")
PLACES = re.compile(r"(?m)^PLACES = ")


class NotPersonalisable(Exception):
    """The assignment has no personalisation switch (or more than one), or its switch is not locked."""


def switch_cell(nb) -> tuple[int, bool]:
    """Index of the cell holding the switch, and whether it is on."""
    found = [(i, SWITCH.findall(c.source)) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    found = [(i, hits) for i, hits in found if hits]
    if len(found) != 1 or len(found[0][1]) != 1:
        raise NotPersonalisable(
            "no single `PERSONALISED = True|False` line in a code cell, so this assignment cannot be personalised "
            "(ch3_local_climate_indicators can; see book/appendices/reuse.md)"
        )
    index, (value,) = found[0]
    if not is_locked_cell(nb.cells[index]):
        raise NotPersonalisable(
            f"the cell holding `PERSONALISED = {value}` (cell {index + 1}) is not a locked nbgrader cell, so a "
            "learner could switch it off; lock it in the source notebook"
        )
    if not PLACES.search(nb.cells[index].source):
        raise NotPersonalisable(f"cell {index + 1} sets PERSONALISED but not the PLACES to choose from")
    return index, value == "True"


def source_notebook(course_dir: Path, assignment_id: str) -> Path:
    folder = source_dir(course_dir) / assignment_id
    notebooks = notebooks_in(folder)
    if not notebooks:
        raise NotPersonalisable(f"no assignment {assignment_id!r}: {folder} holds no notebook")
    with_switch = [p for p in notebooks if any(SWITCH.search(c.source) for c in read_notebook(p).cells)]
    if len(with_switch) != 1:
        names = ", ".join(p.name for p in notebooks)
        raise NotPersonalisable(
            f"{assignment_id} cannot be personalised: none of its notebooks ({names}) has one "
            "`PERSONALISED = True|False` line (ch3_local_climate_indicators has; see book/appendices/reuse.md)"
        )
    return with_switch[0]


def is_personalised(course_dir: Path, assignment_id: str) -> bool:
    """Whether the assignment's source notebook has the switch on."""
    return switch_cell(read_notebook(source_notebook(course_dir, assignment_id)))[1]


def set_personalised(course_dir: Path, assignment_id: str, on: bool) -> bool:
    """Set the switch in the source notebook; returns whether the file changed (the rest is kept as is)."""
    path = source_notebook(course_dir, assignment_id)
    nb = read_notebook(path)
    index, current = switch_cell(nb)
    if current == on:
        return False
    # Edit the line in the file's own JSON text, so nothing else in the notebook changes (not even its layout).
    text = path.read_text(encoding="utf-8")
    raw_switch = re.compile(r'(?<=")PERSONALISED = (?:True|False)(?=\\n"|")')
    if len(raw_switch.findall(text)) != 1:
        raise NotPersonalisable(f"{path}: the PERSONALISED line is not a line of its own in the notebook file")
    path.write_text(raw_switch.sub(f"PERSONALISED = {on}", text), encoding="utf-8")
    if switch_cell(read_notebook(path)) != (index, on):
        path.write_text(text, encoding="utf-8")
        raise NotPersonalisable(f"{path}: could not set PERSONALISED = {on}; the notebook is unchanged")
    return True


def places_of(learners: list[str]) -> list[tuple[str, str]]:
    """Each learner's place for ch3_local_climate_indicators (every city but Gwangju, as in the notebook)."""
    from rightsclimate.data import load
    from rightsclimate.personal import normalise_id, place_for

    cities = load("cities")
    places = sorted(set(cities["city_id"]) - {"gwangju"})
    return [(normalise_id(learner), place_for(learner, places)) for learner in learners]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="courseops personalise",
        description="Give each learner their own place in an assignment (for instructors who grade for credit).",
    )
    parser.add_argument("assignment", help="assignment id, e.g. ch3_local_climate_indicators")
    state = parser.add_mutually_exclusive_group()
    state.add_argument("--on", action="store_true", help="switch personalised places on and regenerate the release")
    state.add_argument("--off", action="store_true", help="switch them off (the published course) and regenerate")
    parser.add_argument(
        "--show",
        nargs="*",
        metavar="LEARNER_ID",
        help="print the place of each learner id (no id: every learner in the gradebook)",
    )
    parser.add_argument("--no-release", action="store_true", help="do not regenerate release/<assignment>")
    parser.add_argument("--course-dir", type=Path, help="the nbgrader course folder (default: found from here)")
    args = parser.parse_args(argv)
    course_dir = course_dir_or_exit(args.course_dir)
    try:
        changed = set_personalised(course_dir, args.assignment, args.on) if (args.on or args.off) else False
        on = is_personalised(course_dir, args.assignment)
    except NotPersonalisable as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"{args.assignment}: personalised places are {'ON' if on else 'OFF'}" + (" (changed)" if changed else ""))
    if changed and not args.no_release:
        from courseops.release import write_releases

        write_releases(course_dir, [args.assignment])
        print(f"regenerated {course_dir / 'release' / args.assignment}")
    if changed:
        print(
            "Next: register this version in your gradebook before learners submit "
            f"(`nbgrader generate_assignment {args.assignment} --force`), and give learners the new release."
        )
    if args.show is not None:
        learners = args.show or gradebook_learners(course_dir)
        if not learners:
            print("no learners: name them after --show, or add them to the gradebook first")
        if not on and learners:
            print("(the places learners get once personalised places are on)")
        width = max((len(learner) for learner in learners), default=0)
        for learner, place in places_of(learners):
            print(f"{learner:<{width}}  {place}")
    return 0


def gradebook_learners(course_dir: Path) -> list[str]:
    """Learner ids in the course's gradebook (none when there is no gradebook yet)."""
    from courseops.gradebook import gradebook_exists, open_gradebook

    if not gradebook_exists(course_dir):
        return []
    with open_gradebook(course_dir) as gb:
        return sorted(student.id for student in gb.students)


if __name__ == "__main__":
    raise SystemExit(main())
