"""Personalised assignments: each learner gets their own place, derived from their learner id.

The solutions of the course's assignments are public. An instructor who grades for credit can switch
an assignment to *personalised* (``courseops personalise ASSIGNMENT --on``). Then every learner works
on their own city, so a copied model answer or a classmate's numbers do not fit.

How it works, in three steps:

1. The learner writes the id their instructor uses for them (their nbgrader student id) into
   ``LEARNER_ID``. :func:`your_place` prints their place; the notebook uses it as ``CITY``.
2. :func:`place_for` turns an id into a place with a stable hash (SHA-256 of the id, trimmed and in
   lower case), so the same id gives the same place on every computer, in every Python version.
   Two learners may get the same place: there are more learners than places. The place is not
   secret: anyone who knows an id can compute it.
3. When nbgrader grades, the hidden tests ask :func:`graded_place` which place to check. It takes
   the learner id from the submission being graded (:func:`submission_learner_id`), never from the
   notebook. So a learner who copies someone else's id, or answers for another place, loses the
   points of every part that checks their own place.

This module answers no graded question. It only says which place a learner's answers must be for.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from rightsclimate.selfcheck import CheckFailed

#: The grader may pass the id of the learner being graded in this variable (a sandboxed grader whose
#: working folder does not name the learner must). Plain ``nbgrader autograde`` does not need it.
LEARNER_ENV = "RIGHTSCLIMATE_LEARNER_ID"
#: nbgrader sets this variable to ``autograde`` while it runs a submission for grading.
NBGRADER_ENV = "NBGRADER_EXECUTION"
#: nbgrader's default folder for graded copies: ``autograded/<student id>/<assignment id>/``.
AUTOGRADED_FOLDER = "autograded"


class PersonalisationError(CheckFailed):
    """A personalised assignment cannot tell whose place to use (no id, or the grader gives none)."""


def normalise_id(learner_id: object) -> str:
    """The id as compared and hashed: text, without surrounding spaces, in lower case."""
    return str(learner_id if learner_id is not None else "").strip().casefold()


def place_for(learner_id: str, places: Iterable[str]) -> str:
    """The place of ``learner_id`` among ``places``: stable, the same everywhere.

    The places are sorted first, so their order does not matter. The index is the first eight bytes
    of the SHA-256 of the normalised id (:func:`normalise_id`), read as a big-endian number, modulo
    the number of places.
    """
    ordered = sorted(set(places))
    if not ordered:
        raise ValueError("place_for needs at least one place to choose from")
    learner = normalise_id(learner_id)
    if not learner:
        raise PersonalisationError(
            "LEARNER_ID is empty. This assignment is personalised: write the id your instructor uses for "
            'you between the quotes (for example LEARNER_ID = "maria.santos"), then run the cells again.'
        )
    digest = hashlib.sha256(learner.encode("utf-8")).digest()
    return ordered[int.from_bytes(digest[:8], "big") % len(ordered)]


def your_place(learner_id: str, places: Iterable[str], names: Mapping[str, str] | None = None) -> str:
    """Print and return the learner's own place (see :func:`place_for`)."""
    place = place_for(learner_id, places)
    shown = f"{names[place]} ({place})" if names is not None and place in names else place
    print(f"Learner id {normalise_id(learner_id)!r}: your place is {shown}.")
    return place


def submission_learner_id(cwd: Path | None = None, environ: Mapping[str, str] | None = None) -> str | None:
    """The learner id of the submission nbgrader is grading, or ``None`` when nothing is being graded.

    While ``nbgrader autograde`` runs (``NBGRADER_EXECUTION=autograde``), the id is
    ``$RIGHTSCLIMATE_LEARNER_ID`` if the grader sets it, else the ``<student id>`` of the working
    folder ``autograded/<student id>/<assignment id>/`` (nbgrader runs each notebook there).
    Raises :class:`PersonalisationError` when grading but neither names the learner.
    """
    environ = os.environ if environ is None else environ
    if environ.get(NBGRADER_ENV) != "autograde":
        return None
    given = normalise_id(environ.get(LEARNER_ENV))
    if given:
        return given
    folder = Path.cwd() if cwd is None else Path(cwd)
    if folder.parent.parent.name == AUTOGRADED_FOLDER and folder.parent.name:
        return normalise_id(folder.parent.name)
    raise PersonalisationError(
        f"This personalised assignment is being graded in {folder}, which is not an "
        f"{AUTOGRADED_FOLDER}/<learner>/<assignment> folder, and {LEARNER_ENV} is not set, so the grader "
        "cannot tell whose place to check. Instructor: grade with nbgrader's default folder layout, or set "
        f"{LEARNER_ENV} to the learner's id for each submission."
    )


def graded_place(chosen: str, places: Iterable[str], learner_id: str, personalised: bool) -> str:
    """The place whose numbers the hidden tests expect.

    Not personalised: the learner's own choice ``chosen``. Personalised: the place of the learner
    being graded (:func:`submission_learner_id`; outside grading, ``learner_id`` from the notebook).
    Raises :class:`PersonalisationError` when the notebook's ``learner_id`` is not the graded one.
    """
    if not personalised:
        return chosen
    graded = submission_learner_id()
    written = normalise_id(learner_id)
    if graded is not None and written != graded:
        raise PersonalisationError(
            f"Hidden check: this notebook says LEARNER_ID = {written!r}, but it was submitted by {graded!r}. "
            "In a personalised assignment every learner works on their own place, so that the numbers and "
            "the briefing are their own work. Write your own id and run the notebook again."
        )
    return place_for(graded if graded is not None else written, places)
