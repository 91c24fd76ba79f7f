"""Plausible wrong answers to the capstone lose points, in the part they belong to.

The capstone's tests check completeness and validity only, so the wrong answers here are incomplete or
invalid briefs: an indicator set without an outcome row, a plan over the budget (or made to fit by
editing the cost table), a number with a source that is not a dataset, a number copied wrongly, a
baseline typed by hand, a section left as template text, costs not called hypothetical, a brief that
does not carry the learner's own parts. ``tests/answer_variants.py`` runs the instructor notebook with
one answer cell swapped and reports which graded test cells fail. The default place is Buk-gu, Gwangju.
"""

from __future__ import annotations

import pytest
from answer_variants import (
    assert_reference_passes,
    assert_variant_loses_its_points,
    changed_answer,
    reference_answers,
)

from courseops.paths import COURSE_DIR, source_dir

pytestmark = pytest.mark.slow  # each variant executes the whole notebook

ASSIGNMENT = "capstone_local_climate_action_brief"
TESTS = {"numbers_test", "indicators_test", "plan_test", "sections_test", "export_test"}
FOLDER = source_dir(COURSE_DIR) / ASSIGNMENT
SOURCES = reference_answers(ASSIGNMENT)
RELEASE_STUB = '# YOUR CODE HERE\nraise NotImplementedError("Replace this line with your code.")'


@pytest.fixture(autouse=True)
def no_export_left_in_the_source_folder():
    """The notebook exports brief.html next to itself; never leave it where a release would pick it up."""
    existed = (FOLDER / "brief.html").exists()
    yield
    if not existed:
        (FOLDER / "brief.html").unlink(missing_ok=True)


def changed(grade_id: str, old: str, new: str) -> dict[str, str]:
    """The reference answer of ``grade_id`` with ``old`` replaced by ``new`` (which must be there)."""
    return changed_answer(SOURCES, grade_id, old, new)


def appended(grade_id: str, lines: str) -> dict[str, str]:
    """The reference answer of ``grade_id`` followed by ``lines`` (run at the end of the cell)."""
    return {grade_id: SOURCES[grade_id] + "\n" + lines}


# name -> (replacement, test cells that must fail, test cells that must still pass)
VARIANTS = {
    "indicator table without an outcome row": (
        appended("indicators_answer", 'MY_INDICATORS = MY_INDICATORS[MY_INDICATORS["type"] != "outcome"]'),
        {"indicators_test", "export_test"},
        TESTS - {"indicators_test", "export_test"},
    ),
    "outcome baseline typed by hand, not traced to part 1": (
        changed("indicators_answer", '"baseline": E["heat_rate"],', '"baseline": 4.0,'),
        {"indicators_test"},
        TESTS - {"indicators_test"},
    ),
    "outcome baseline dated to another year than its number": (
        changed("indicators_answer", '"baseline": E["heat_rate"], "baseline_year": 2024,', '"baseline": E["heat_rate"], "baseline_year": 2016,'),
        {"indicators_test"},
        TESTS - {"indicators_test"},
    ),
    "plan over the budget": (
        changed("plan_answer", 'MY_PLAN = ["H01", "H02", "H03"]', 'MY_PLAN = ["H01", "H02", "H03", "H07"]'),
        {"plan_test", "export_test"},
        {"numbers_test", "indicators_test"},
    ),
    "plan with an action that failed the PANEL screen (owners-only grant)": (
        changed("plan_answer", 'MY_PLAN = ["H01", "H02", "H03"]', 'MY_PLAN = ["H05", "H03"]'),
        {"plan_test"},
        {"numbers_test", "indicators_test"},
    ),
    "budget raised until the plan makes no choice": (
        changed(
            "plan_answer",
            'MY_PLAN = ["H01", "H02", "H03"]',
            'BUDGET = 1000\nMY_PLAN = ["H01", "H02", "H03", "H04", "H06", "H07", "H08"]',
        ),
        {"plan_test"},
        {"numbers_test", "indicators_test"},
    ),
    "years left as n/a": (
        changed("numbers_answer", '"year": "2024",', '"year": "n/a",'),
        {"numbers_test"},
        {"indicators_test", "plan_test"},
    ),
    "plan made to fit by editing the cost table": (
        changed(
            "plan_answer",
            'MY_PLAN = ["H01", "H02", "H03"]',
            'actions.loc[actions["action_id"] == "H07", "cost_hypothetical"] = 0\n'
            'MY_PLAN = ["H01", "H02", "H03", "H07"]',
        ),
        {"plan_test"},
        {"numbers_test", "indicators_test"},
    ),
    "transport to cooling centres chosen without the centres": (
        changed("plan_answer", 'MY_PLAN = ["H01", "H02", "H03"]', 'MY_PLAN = ["H02", "H03", "H07", "H08"]'),
        {"plan_test"},
        {"numbers_test", "indicators_test"},
    ),
    "number with a source that is not a dataset": (
        changed("numbers_answer", '"source": "kr_resident_population_by_district",', '"source": "district website",'),
        {"numbers_test", "export_test"},
        TESTS - {"numbers_test", "export_test"},
    ),
    "number copied from the evidence with a typo": (
        appended(
            "numbers_answer", 'MY_NUMBERS.loc[MY_NUMBERS["label"].str.startswith("hot days a year"), "value"] = 19.2'
        ),
        {"numbers_test"},
        {"indicators_test", "plan_test", "export_test"},
    ),
    "no number of the learner's own": (
        appended("numbers_answer", "MY_NUMBERS = MY_NUMBERS.iloc[:-1]"),
        {"numbers_test"},
        {"indicators_test", "plan_test"},
    ),
    "section left as the release template": (
        {"section_partners": SOURCES["section_partners"].split("### BEGIN SOLUTION")[0] + RELEASE_STUB},
        {"sections_test", "export_test"},
        {"numbers_test", "indicators_test", "plan_test"},
    ),
    "section left as placeholder text": (
        {"section_monitoring": 'SECTIONS["monitoring"] = "TODO: write about monitoring and remedy here later."'},
        {"sections_test", "export_test"},
        {"numbers_test", "indicators_test", "plan_test"},
    ),
    "a one-line section": (
        {"section_context": 'SECTIONS["context"] = "Buk-gu is in Gwangju and heat matters."'},
        {"sections_test", "export_test"},
        {"numbers_test", "indicators_test", "plan_test"},
    ),
    "hypothetical costs presented as real": (
        {
            "section_steps": SOURCES["section_steps"]
            .replace("{BUDGET} hypothetical units", "{BUDGET} million won")
            .replace(
                "All costs are hypothetical scenario numbers, not estimates for Gwangju.", "Costs are in million won."
            )
        },
        {"sections_test"},
        TESTS - {"sections_test"},
    ),
    "brief assembled without the learner's plan": (
        changed("brief_answer", "plan=MY_PLAN,", 'plan=["H03"],'),
        {"export_test"},
        TESTS - {"export_test"},
    ),
}


def test_reference_solution_passes_every_test_cell():
    assert_reference_passes(ASSIGNMENT, TESTS)


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_wrong_answer_loses_the_points_of_its_part(name):
    assert_variant_loses_its_points(ASSIGNMENT, name, VARIANTS[name])
