"""Plausible wrong answers to the chapter 7 assignment lose points, in the part they belong to.

Each variant takes the reference solution of one answer cell and changes it the way a learner might
(an over-budget plan, the greedy answer passed off as the best plan, a protective column entered as
if higher were worse, a missing value treated as 0, a row without data given baseline 0, an answer
hard-coded for one place, equity weights not applied...). ``tests/answer_variants.py`` runs the instructor notebook with that cell
swapped and reports which graded test cells fail. The default place is Gwangju (heat, 40 units).
"""

from __future__ import annotations

import pytest
from answer_variants import (
    assert_reference_passes,
    assert_variant_loses_its_points,
    changed_answer,
    reference_answers,
)

pytestmark = pytest.mark.slow  # each variant executes the whole notebook

ASSIGNMENT = "ch7_rights_based_adaptation_plan"
TESTS = {"risk_test", "screen_test", "best_test", "greedy_test", "equity_test", "monitoring_test"}
SOURCES = reference_answers(ASSIGNMENT)


def changed(grade_id: str, old: str, new: str) -> dict[str, str]:
    """The reference answer of ``grade_id`` with ``old`` replaced by ``new`` (which must be there)."""
    return changed_answer(SOURCES, grade_id, old, new)


# name -> (replacement, test cells that must fail, test cells that must still pass)
VARIANTS = {
    "protective column entered as if higher were worse": (
        changed(
            "risk_answer",
            "[scale(places[c], higher_is_worse=False) for c in protective]",
            "[scale(places[c]) for c in protective]",
        ),
        {"risk_test"},
        TESTS - {"risk_test"},
    ),
    "missing value treated as 0": (
        changed(
            "risk_answer",
            "values = pd.Series(values, dtype=float)",
            "values = pd.Series(values, dtype=float).fillna(0)",
        ),
        {"risk_test"},
        TESTS - {"risk_test"},
    ),
    "missing vulnerability averaged away": (
        changed("risk_answer", ".mean(axis=1, skipna=False)", ".mean(axis=1)"),
        {"risk_test"},
        TESTS - {"risk_test"},
    ),
    "harm without remedy not rejected": (
        changed(
            "screen_answer",
            'harm_without_remedy = pd.notna(action["who_may_be_harmed"]) and pd.isna(action["remedy"])',
            "harm_without_remedy = False",
        ),
        {"screen_test"},
        TESTS - {"screen_test"},
    ),
    "reasons left empty": (
        changed("screen_answer", '"reasons": "; ".join(reasons)', '"reasons": ""'),
        {"screen_test"},
        TESTS - {"screen_test"},
    ),
    "over-budget plans allowed": (
        changed("best_answer", "if cost > budget:", "if cost > 1.25 * budget:"),
        {"best_test"},
        {"risk_test", "screen_test"},
    ),
    "greedy answer passed off as the best plan": (
        {
            "best_answer": """
def best_plans(actions, budget, top=3):
    allowed = screen(actions)["decision"] != "reject"
    table = actions[actions["action_id"].map(allowed).astype(bool).to_numpy()].copy()
    table["ratio"] = table["benefit_hypothetical"] / table["cost_hypothetical"]
    chosen, cost, benefit = [], 0.0, 0.0
    for _, action in table.sort_values(["ratio", "action_id"], ascending=[False, True]).iterrows():
        if set(ids_in(action["excludes"])) & set(chosen) or not set(ids_in(action["requires"])) <= set(chosen):
            continue
        if cost + action["cost_hypothetical"] <= budget:
            chosen.append(action["action_id"])
            cost += float(action["cost_hypothetical"])
            benefit += float(action["benefit_hypothetical"])
    return pd.DataFrame([{"plan": tuple(sorted(chosen)), "cost": cost, "benefit": benefit}])


my_best = best_plans(actions, BUDGET)
"""
        },
        {"best_test"},
        {"risk_test", "screen_test"},
    ),
    "greedy treats 'exactly the budget left' as over budget": (
        changed(
            "greedy_answer",
            'elif float(action["cost_hypothetical"]) > left:',
            'elif float(action["cost_hypothetical"]) >= left:',
        ),
        {"greedy_test"},
        TESTS - {"greedy_test"},
    ),
    "greedy log hard-coded for Gwangju at 40 units": (
        {
            "greedy_answer": """
def greedy_plan(actions, budget):
    return pd.DataFrame({
        "action_id": ["H03", "H08", "H02", "H07", "H01", "H06", "H04"],
        "ratio": [80.0, 75.0, 60.0, 50.0, 40.0, 1000 / 45, 18.75],
        "outcome": ["chosen", "needs prerequisite", "chosen", "chosen", "over budget", "over budget", "over budget"],
    })


my_greedy = greedy_plan(actions, BUDGET)
greedy_benefit = 1800.0
gap = 300.0
"""
        },
        {"greedy_test"},
        TESTS - {"greedy_test"},
    ),
    "equity weights not applied": (
        changed("equity_answer", "weighted = actions.copy()", "weighted = actions.copy()\n    weights = {}"),
        {"equity_test"},
        TESTS - {"equity_test"},
    ),
    "a weight of 0 read as 'no weight given'": (
        changed(
            "equity_answer",
            "lambda group: float(weights.get(group, 1.0))",
            "lambda group: float(weights.get(group) or 1.0)",
        ),
        {"equity_test"},
        TESTS - {"equity_test"},
    ),
    "outcome baseline hard-coded for Gwangju": (
        changed(
            "monitoring_answer",
            "def outcome_baseline(key):\n",
            "def outcome_baseline(key):\n    return 3.917763996746119\n",
        ),
        {"monitoring_test"},
        TESTS - {"monitoring_test"},
    ),
    "no baseline written as baseline 0": (
        changed(
            "monitoring_answer",
            '"target": float(info.loc[action_id, "coverage_hypothetical"]),',
            '"baseline": 0, "baseline_year": PLAN_YEAR, "target": float(info.loc[action_id, "coverage_hypothetical"]),',
        ),
        {"monitoring_test"},
        TESTS - {"monitoring_test"},
    ),
    "structural row without data given baseline 0": (
        changed(
            "monitoring_answer",
            '"target": 1, "target_year": TARGET_YEAR,',
            '"baseline": 0, "baseline_year": PLAN_YEAR, "target": 1, "target_year": TARGET_YEAR,',
        ),
        {"monitoring_test"},
        TESTS - {"monitoring_test"},
    ),
    "missing days counted as zero cases": (
        changed(
            "monitoring_answer",
            'if len(days) != 62 or days["cases"].isna().any():',
            "if False:",
        ),
        {"monitoring_test"},
        TESTS - {"monitoring_test"},
    ),
}


def test_reference_solution_passes_every_test_cell():
    assert_reference_passes(ASSIGNMENT, TESTS)


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_wrong_answer_loses_the_points_of_its_part(name):
    assert_variant_loses_its_points(ASSIGNMENT, name, VARIANTS[name])
