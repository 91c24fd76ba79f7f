"""rightsclimate.selfcheck.calls_into: hidden tests use it to tell a learner's own calculation from a
wrapper around the toolkit's. The functions below stand for a learner's notebook functions (module-level,
as in a notebook)."""

from __future__ import annotations

import rightsclimate
import rightsclimate.leftbehind as lb
from rightsclimate.leftbehind import rank_places
from rightsclimate.selfcheck import calls_into

TOOLKIT = ("rightsclimate.leftbehind", "rightsclimate.adaptation")


def own(values):
    return values.rank(ascending=False, method="min")


def reads_a_column(frame):  # an attribute that shares a module's name is not a call into the module
    return frame.adaptation + frame.leftbehind


def via_alias(values):
    return lb.rank_places(values)


def via_name(values):
    return rank_places(values)


def via_package(values):
    return rightsclimate.leftbehind.rank_places(values)


def via_helper(values):  # calls a notebook function that wraps the toolkit
    return via_name(values)


def via_lambda(values):
    return (lambda v: lb.rank_places(v))(values)


def test_a_learners_own_code_is_not_taken_for_the_toolkit():
    assert not calls_into(own, *TOOLKIT)
    assert not calls_into(reads_a_column, *TOOLKIT)


def test_every_way_of_calling_the_toolkit_is_found():
    for wrapper in (via_alias, via_name, via_package, via_helper, via_lambda):
        assert calls_into(wrapper, *TOOLKIT), wrapper.__name__
