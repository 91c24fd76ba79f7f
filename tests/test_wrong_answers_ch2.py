"""Plausible wrong answers to ch2_obligation_profile lose points.

Each case swaps answer cells of the instructor notebook (tests/answer_variants.py executes it) and
checks which graded test cells fail. The course toolkit (rightsclimate.obligations) builds profiles
for chapter 2; a learner who returns its functions instead of writing the logic must lose the points,
so the hidden tests give the learner's functions inputs the toolkit does not accept (tables with only
the columns a part names, treaty subsets) and check a step it does not produce (the crosswalk's order).
"""

from __future__ import annotations

import pytest
from answer_variants import failing_tests

ASSIGNMENT = "ch2_obligation_profile"

TOOLKIT_PROFILE = """
def build_profile(country_iso3, crosswalk, ratification):
    return ob.obligation_profile(country_iso3, crosswalk, ratification)
"""

TOOLKIT_PROFILE_RENAMED = """
def build_profile(country_iso3, crosswalk, ratification):
    # the toolkit's profile, dressed up with the column name the exercise asks for
    return ob.obligation_profile(country_iso3, crosswalk, ratification).rename(columns={"tracked": "treaty"})
"""

ONE_COUNTRY_ONLY = """
def build_profile(country_iso3, crosswalk, ratification):
    own = ratification.loc[ratification["country_iso3"] == "PHL", ["instrument", "state_party"]]  # wrong: ignores the argument
    links = crosswalk[["goal", "target", "instrument"]].astype({"instrument": str})
    profile = links.merge(own.astype({"instrument": str}), on="instrument", how="left")
    profile["treaty"] = profile["instrument"].isin(set(ratification["instrument"].astype(str)))
    profile["state_party"] = profile["state_party"].astype("boolean").fillna(False).astype(bool)
    return profile
"""

TOOLKIT_ANCHORED = """
def anchored_per_goal(profile):
    return ob.anchored_targets_per_goal(profile).set_index("goal")["anchored_targets"]
"""

TOOLKIT_UNANCHORED = """
def unanchored(profile):
    return [str(t) for t in ob.unanchored_targets(profile)["target"]]
"""

TOOLKIT_COVERAGE = """
TREATIES = set(ratification["instrument"].astype(str))


def treaty_coverage(profile, treaty_codes):
    return ob.link_coverage(profile)


coverage_country = treaty_coverage(ob.obligation_profile(COUNTRY, crosswalk, ratification), TREATIES)
coverage_compare = treaty_coverage(ob.obligation_profile(COMPARE_WITH, crosswalk, ratification), TREATIES)
"""

CASES = {
    "toolkit obligation_profile for build_profile": ("p1_answer", TOOLKIT_PROFILE, {"p1_tests"}),
    "toolkit profile with renamed column": ("p1_answer", TOOLKIT_PROFILE_RENAMED, {"p1_tests"}),
    "profile hard-coded for one country": ("p1_answer", ONE_COUNTRY_ONLY, {"p1_tests"}),
    "toolkit anchored_targets_per_goal": ("p2_answer", TOOLKIT_ANCHORED, {"p2_tests"}),
    "toolkit unanchored_targets": ("p3_answer", TOOLKIT_UNANCHORED, {"p3_tests"}),
    "toolkit link_coverage ignores the treaty list": ("p4_answer", TOOLKIT_COVERAGE, {"p4_tests"}),
}


@pytest.mark.slow
def test_reference_solution_passes_every_test_cell():
    assert failing_tests(ASSIGNMENT) == set()


@pytest.mark.slow
@pytest.mark.parametrize("case", list(CASES))
def test_wrong_answer_loses_exactly_its_points(case):
    answer_cell, wrong_source, expected = CASES[case]
    failed = failing_tests(ASSIGNMENT, {answer_cell: wrong_source})
    assert failed == expected, f"{case}: failing test cells {sorted(failed)}, expected {sorted(expected)}"
