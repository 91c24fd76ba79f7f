"""Tests for rightsclimate.adaptation and the authored candidate-action table.

Real shipped tables are used where they exist (the candidate actions, Gwangju's districts, city
weather). Small SYNTHETIC tables, labelled as such, test the edge cases of choosing under a budget.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from rightsclimate import adaptation as ad
from rightsclimate import indicators
from rightsclimate.data import load

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "datasets"))

from recipes import adaptation_actions as recipe  # noqa: E402

COST, VALUE = "cost_hypothetical", "benefit_hypothetical"


@pytest.fixture(scope="module")
def actions():
    return load("adaptation_candidate_actions")


def synthetic(rows):
    """A SYNTHETIC action table (ids, costs, benefits invented for a test), never real data."""
    return pd.DataFrame(rows, columns=["action_id", "cost", "benefit"])


# --- the authored table -----------------------------------------------------------------------
def test_authored_table_is_described_as_authored_and_hypothetical(actions):
    package = json.loads((REPO / "datasets" / "datapackage.json").read_text(encoding="utf-8"))
    (resource,) = [r for r in package["resources"] if r["name"] == "adaptation_candidate_actions"]
    assert resource["authoredByProject"] is True
    assert "AUTHORED" in resource["description"] and "HYPOTHETICAL" in resource["description"]
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    for name in fields:
        if name.startswith(("cost", "coverage", "effectiveness", "benefit")):
            assert name.endswith("_hypothetical"), name
            assert "HYPOTHETICAL" in fields[name]["description"] and "hypothetical" in fields[name]["unit"]
    assert {"heat", "typhoon"} == set(actions["hazard"].astype(str))
    assert 12 <= len(actions) <= 16


def test_every_rationale_source_is_in_the_bibliography(actions):
    keys = recipe.bibliography_keys()
    cited = {k.strip() for cell in actions["rationale_source"].dropna() for k in cell.split(";")}
    assert cited and cited <= keys


def test_benefit_is_coverage_times_effectiveness(actions):
    expected = actions["coverage_hypothetical"].astype(float) * actions["effectiveness_hypothetical"]
    assert np.allclose(actions[VALUE], expected)


def test_maladaptive_designs_fail_a_principle_and_the_eviction_has_no_remedy(actions):
    screen = ad.panel_screen(actions)
    assert set(screen.index[~screen["passes"]]) == {"H05", "T06", "T07"}
    assert "non-discrimination" in screen.loc["H05", "failed"]
    assert "No way to complain is planned." in screen.loc["T07", "concerns"]
    assert "Commission on Human Rights of the Philippines" in screen.loc["T08", "concerns"]
    assert screen.loc["H08", "passes"] and not screen.loc["H08", ["flag_" + p for p in ad.PANEL]].any()


def test_recipe_refuses_a_broken_authored_table(tmp_path):
    table = pd.read_csv(recipe.AUTHORED, dtype=str, keep_default_na=False)
    table.loc[table["action_id"] == "H06", "excludes"] = ""  # H05 still excludes H06: not mutual
    table.loc[table["action_id"] == "H01", "remedy"] = ""  # no remedy, yet accountability 'meets'
    table.loc[table["action_id"] == "T01", "rationale_source"] = "nosuchkey2099"
    table.loc[table["action_id"] == "T02", "participation"] = "good"
    broken = tmp_path / "actions.csv"
    table.to_csv(broken, index=False)
    with pytest.raises(ValueError) as err:
        recipe.actions_table(broken)
    message = str(err.value)
    for expected in ("must be mutual", "(H01): no remedy", "nosuchkey2099", "participation='good'"):
        assert expected in message


def test_exclusive_groups_come_from_the_excludes_column(actions):
    assert ad.exclusive_groups(actions) == [{"H05", "H06"}, {"T05", "T06"}, {"T07", "T08"}]


# --- minmax and risk -------------------------------------------------------------------------
def test_minmax_is_direction_aware_and_keeps_missing_values():
    values = pd.Series([0.2, 0.5, np.nan, 0.8], index=list("abcd"))
    worse = ad.minmax(values)
    better = ad.minmax(values, higher_is_worse=False)
    assert worse["a"] == 0.0 and worse["b"] == pytest.approx(0.5) and worse["d"] == 1.0 and np.isnan(worse["c"])
    assert better["a"] == 1.0 and better["d"] == 0.0 and np.isnan(better["c"])
    assert list(worse.index) == list("abcd")


def test_minmax_of_a_constant_column_is_zero_and_bad_input_is_refused():
    assert ad.minmax(pd.Series([3.0, 3.0, np.nan])).tolist()[:2] == [0.0, 0.0]
    assert ad.minmax(pd.Series([], dtype=float)).empty
    with pytest.raises(ValueError, match="numbers"):
        ad.minmax(pd.Series(["high", "low"], name="poverty"))
    with pytest.raises(ValueError, match="infinite"):
        ad.minmax(pd.Series([1.0, np.inf]))


def test_missing_component_gives_missing_risk_never_zero():
    places = pd.DataFrame(  # SYNTHETIC
        {"wind": [100.0, 150.0, 200.0], "people": [1000, np.nan, 3000], "poverty": [0.1, 0.3, 0.2]},
        index=["A", "B", "C"],
    )
    out = ad.risk_scores(places, hazard="wind", exposure="people", vulnerability="poverty")
    assert np.isnan(out.loc["B", "risk"])
    assert out.loc["C", "risk"] == pytest.approx(1.0 * 1.0 * 0.5)
    assert "risk" not in places.columns  # the input is not changed


def test_protective_vulnerability_is_flipped():
    places = pd.DataFrame(  # SYNTHETIC: strong roofs protect, so fewer strong roofs = more vulnerable
        {"wind": [100.0, 200.0, 150.0], "houses": [10, 20, 30], "strong_roof": [0.9, 0.5, 0.7]}, index=list("XYZ")
    )
    out = ad.risk_scores(
        places,
        hazard="wind",
        exposure="houses",
        vulnerability="strong_roof",
        higher_is_worse={"strong_roof": False},
    )
    assert out["vulnerability_score"].idxmax() == "Y" and out["vulnerability_score"].idxmin() == "X"
    with pytest.raises(ValueError, match="roof"):
        ad.risk_scores(
            places, hazard="wind", exposure="houses", vulnerability="strong_roof", higher_is_worse={"roof": 0}
        )
    with pytest.raises(ValueError, match="no column"):
        ad.risk_scores(places, hazard="gust", exposure="houses", vulnerability="strong_roof")


def test_gwangju_districts_share_one_hazard_so_risk_comes_from_exposure_and_vulnerability():
    from rightsclimate import localrisk

    districts = localrisk.korean_district_profile(
        load("kr_resident_population_by_district"), load("kr_registered_disability_by_district")
    )
    weather = load("city_daily_weather")
    gwangju = weather[weather["city_id"] == "gwangju"]
    hot_days = (gwangju["tmax_c"] >= 33).groupby(gwangju["date"].dt.year).sum().mean()
    districts["hot_days_per_year"] = hot_days  # one grid cell for the whole city
    out = ad.risk_scores(
        districts, hazard="hot_days_per_year", exposure="residents_65plus", vulnerability="disability_per_1000"
    )
    assert (out["hazard_score"] == 1.0).all()
    expected = ad.minmax(districts["residents_65plus"]) * ad.minmax(districts["disability_per_1000"])
    assert np.allclose(out["risk"], expected)
    assert out["risk"].nunique() > 1


# --- choosing under a budget ------------------------------------------------------------------
@pytest.mark.parametrize("method", ad.METHODS)
def test_budget_below_the_cheapest_action_gives_an_empty_plan(method):
    table = synthetic([("A", 5.0, 10.0), ("B", 7.0, 20.0)])
    plan = ad.select_portfolio(table, 4.99, method=method)
    assert plan == ad.Portfolio(method, (), 0.0, 0.0, 4.99)


@pytest.mark.parametrize("method", ad.METHODS)
def test_empty_candidate_list_gives_an_empty_plan_and_negative_budget_is_an_error(method):
    empty = synthetic([])
    assert ad.select_portfolio(empty, 100, method=method).chosen == ()
    with pytest.raises(ValueError, match="negative"):
        ad.select_portfolio(empty, -1, method=method)
    with pytest.raises(ValueError, match="negative"):
        ad.select_portfolio(synthetic([("A", 1.0, 1.0)]), -0.5, method=method)


def test_ties_greedy_by_action_id_exact_by_lower_cost():
    same_ratio = synthetic([("B", 10.0, 20.0), ("A", 10.0, 20.0)])  # SYNTHETIC tie
    assert ad.select_portfolio(same_ratio, 10, method="greedy").chosen == ("A",)
    assert len(ad.select_portfolio(same_ratio, 10).chosen) == 1
    same_value = synthetic([("A", 8.0, 20.0), ("B", 6.0, 20.0)])
    plan = ad.select_portfolio(same_value, 10)
    assert plan.chosen == ("B",) and plan.cost == 6.0


@pytest.mark.parametrize("method", ad.METHODS)
def test_actions_that_exclude_each_other_are_never_chosen_together(method):
    table = synthetic([("A", 1.0, 10.0), ("B", 1.0, 9.0), ("C", 1.0, 1.0)])
    plan = ad.select_portfolio(table, 10, method=method, exclusive=[{"A", "B"}, {"Z", "C"}])
    assert plan.chosen == ("A", "C")
    with pytest.raises(ValueError, match="set of ids"):
        ad.select_portfolio(table, 10, method=method, exclusive=["AB"])


@pytest.mark.parametrize("method", ad.METHODS)
def test_zero_weight_group_is_never_chosen_and_weights_change_the_plan(method):
    table = synthetic([("A", 5.0, 50.0), ("B", 5.0, 40.0), ("C", 5.0, 10.0)])
    assert ad.select_portfolio(table, 10, method=method).chosen == ("A", "B")
    weights = pd.Series({"A": 0.0, "B": 1.0, "C": 3.0})  # group served by A weighted 0
    plan = ad.select_portfolio(table, 15, method=method, weights=weights)
    assert plan.chosen == ("B", "C") and plan.value == pytest.approx(70.0)
    with pytest.raises(ValueError, match="no value for action"):
        ad.select_portfolio(table, 10, method=method, weights={"A": 1.0})
    with pytest.raises(ValueError, match=">= 0"):
        ad.select_portfolio(table, 10, method=method, weights={"A": -1.0, "B": 1.0, "C": 1.0})


def test_greedy_can_be_worse_than_exact():
    # SYNTHETIC: the best ratio (A) uses budget that the valuable pair B + C needs.
    table = synthetic([("A", 6.0, 9.0), ("B", 5.0, 7.0), ("C", 5.0, 7.0)])
    exact = ad.select_portfolio(table, 10)
    greedy = ad.select_portfolio(table, 10, method="greedy")
    assert exact.chosen == ("B", "C") and exact.value == 14.0
    assert greedy.chosen == ("A",) and greedy.value == 9.0
    assert greedy.cost <= 10 and exact.cost <= 10


def test_exact_equals_brute_force_on_random_synthetic_tables():
    rng = np.random.default_rng(7)
    for trial in range(40):
        n = int(rng.integers(1, 10))
        table = synthetic(
            [(f"S{k:02d}", float(rng.integers(1, 20)), float(rng.integers(0, 30))) for k in range(n)]
        )  # SYNTHETIC
        ids = list(table["action_id"])
        exclusive = [set(rng.choice(ids, size=2, replace=False))] if n >= 2 and trial % 2 else None
        budget = float(rng.integers(0, 60))
        plan = ad.select_portfolio(table, budget, exclusive=exclusive)
        assert plan.value == pytest.approx(ad.brute_force(table, budget, exclusive=exclusive)), trial
        assert plan.cost <= budget + 1e-9
        greedy = ad.select_portfolio(table, budget, method="greedy", exclusive=exclusive)
        assert greedy.value <= plan.value + 1e-9 and greedy.cost <= budget + 1e-9


def test_bad_tables_are_refused_with_the_action_named():
    with pytest.raises(ValueError, match=r"\['B'\]"):
        ad.select_portfolio(synthetic([("A", 1.0, 1.0), ("B", np.nan, 1.0)]), 5)
    with pytest.raises(ValueError, match="unique"):
        ad.select_portfolio(synthetic([("A", 1.0, 1.0), ("A", 2.0, 1.0)]), 5)
    with pytest.raises(ValueError, match="method"):
        ad.select_portfolio(synthetic([("A", 1.0, 1.0)]), 5, method="best")
    with pytest.raises(ValueError, match="no column 'benefit_hypothetical'"):
        ad.select_portfolio(synthetic([("A", 1.0, 1.0)]), 5, value=VALUE)


def test_real_typhoon_actions_greedy_misses_the_best_plan(actions):
    screen = ad.panel_screen(actions)
    typhoon = actions[(actions["hazard"] == "typhoon") & actions["action_id"].map(screen["passes"])]
    typhoon = typhoon[typhoon["requires"].isna()]
    groups = ad.exclusive_groups(typhoon)
    exact = ad.select_portfolio(typhoon, 60, value=VALUE, cost=COST, exclusive=groups)
    greedy = ad.select_portfolio(typhoon, 60, method="greedy", value=VALUE, cost=COST, exclusive=groups)
    assert exact.value > greedy.value and exact.cost <= 60 and greedy.cost <= 60
    assert not {"T07", "T06"} & set(exact.chosen)


# --- monitoring and explorer ------------------------------------------------------------------
OUTCOME = {
    "right": "right to health",
    "attribute": "prevention of heat-related illness",
    "type": "outcome",
    "indicator": "Heat-related illness cases reported by emergency departments per 100,000 residents",
    "unit": "cases per 100,000 residents",
    "duty_bearer": "city public health department",
    "disaggregation": "sex; age group",
    "source": "a value computed from data in a real plan (this test uses a SYNTHETIC 12.5)",
    "baseline": 12.5,
    "baseline_year": 2024,
    "target": 10.0,
    "target_year": 2030,
    "direction": "decrease",
}


def test_monitoring_table_passes_the_chapter_6_validator(actions):
    plan = ad.Portfolio("exact", ("H01", "H02"), 35.0, 1700.0, 60.0)
    table = ad.monitoring_table(
        plan,
        actions,
        right="right to health",
        outcomes=[OUTCOME],
        baseline_year=2024,
        target_year=2030,
        plan_duty_bearer="Gwangju Metropolitan City",
    )
    assert list(table.columns) == indicators.COLUMNS
    assert indicators.validate_indicator_set(table) == []
    process = table[table["type"] == "process"]
    assert sum(process["indicator"].str.contains("H01")) == 1 and sum(process["indicator"].str.contains("H02")) == 1
    h02 = process[process["indicator"].str.contains("H02")].iloc[0]
    assert h02["target"] == 3000 and "HYPOTHETICAL" in h02["source"]
    # no data, no baseline: the structural and process rows are missing, not 0, and have no baseline year
    not_outcome = table[table["type"] != "outcome"]
    assert len(not_outcome) == 4
    assert not_outcome["baseline"].isna().all() and not_outcome["baseline_year"].isna().all()
    outcome = table[table["type"] == "outcome"].iloc[0]
    assert outcome["baseline"] == 12.5 and outcome["baseline_year"] == 2024
    with pytest.raises(ValueError, match="outcome"):
        ad.monitoring_table(
            plan, actions, right="r", outcomes=[], baseline_year=2024, target_year=2030, plan_duty_bearer="x"
        )
    with pytest.raises(ValueError, match="H99"):
        ad.monitoring_table(
            ["H99"], actions, right="r", outcomes=[OUTCOME], baseline_year=2024, target_year=2030, plan_duty_bearer="x"
        )


def test_monitoring_table_uses_a_baseline_only_when_one_is_passed(actions):
    known = {"plan": 0, "H01": 1200}  # SYNTHETIC: values a city would take from its own records
    table = ad.monitoring_table(
        ("H01", "H02"),
        actions,
        right="right to health",
        outcomes=[OUTCOME],
        baselines=known,
        baseline_year=2025,
        target_year=2030,
        plan_duty_bearer="Gwangju Metropolitan City",
    )
    assert indicators.validate_indicator_set(table) == []
    by_indicator = table.set_index("indicator")
    structural = table[table["type"] == "structural"].iloc[0]
    assert structural["baseline"] == 0 and structural["baseline_year"] == 2025
    h01 = by_indicator.filter(like="H01", axis=0).iloc[0]
    h02 = by_indicator.filter(like="H02", axis=0).iloc[0]
    assert h01["baseline"] == 1200 and h01["baseline_year"] == 2025
    assert pd.isna(h02["baseline"]) and pd.isna(h02["baseline_year"])
    common = {"right": "r", "outcomes": [OUTCOME], "target_year": 2030, "plan_duty_bearer": "x"}
    with pytest.raises(ValueError, match="baseline_year"):
        ad.monitoring_table(("H01",), actions, baselines={"H01": 5}, **common)
    with pytest.raises(ValueError, match="H03"):
        ad.monitoring_table(("H01",), actions, baselines={"H03": 5}, baseline_year=2025, **common)


@pytest.fixture(scope="module")
def heat_actions(actions):
    return actions[actions["hazard"] == "heat"]


def test_an_action_that_needs_another_is_offered_only_with_it(heat_actions):
    offered, groups = ad.with_prerequisites(heat_actions)
    ids = set(offered["action_id"])
    assert "H08" not in ids and "H01+H08" in ids and "H01" in ids
    package = offered.set_index("action_id").loc["H01+H08"]
    source = heat_actions.set_index("action_id")
    assert package[COST] == pytest.approx(source.loc[["H01", "H08"], COST].sum())
    assert package[VALUE] == pytest.approx(source.loc[["H01", "H08"], VALUE].sum())
    assert package["target_group"] == source.loc["H08", "target_group"]
    assert {"H01", "H01+H08"} in groups
    assert len(offered) == len(heat_actions)


@pytest.mark.parametrize("method", ad.METHODS)
def test_a_package_is_never_taken_with_its_prerequisite_alone(heat_actions, method):
    offered, groups = ad.with_prerequisites(heat_actions)
    for budget in range(0, 161, 5):
        chosen = ad.unpack(
            ad.select_portfolio(offered, budget, method=method, value=VALUE, cost=COST, exclusive=groups)
        )
        assert len(chosen) == len(set(chosen)), budget  # H01 never twice
        assert "H08" not in chosen or "H01" in chosen, budget


def test_without_its_prerequisite_an_action_is_dropped_and_no_requires_column_changes_nothing(heat_actions):
    offered, groups = ad.with_prerequisites(heat_actions[heat_actions["action_id"] != "H01"])
    assert not offered["action_id"].str.contains("H08").any()
    assert groups == []
    table = synthetic([("A", 1.0, 2.0)])
    offered, groups = ad.with_prerequisites(table, cost="cost", value="benefit")
    assert offered.equals(table) and groups == []
    with pytest.raises(ValueError, match="no column 'cost_hypothetical'"):
        ad.with_prerequisites(table)


def test_two_actions_needing_the_same_prerequisite_never_count_it_twice():
    table = synthetic([("A", 4.0, 1.0), ("B", 1.0, 10.0), ("C", 1.0, 10.0)])  # SYNTHETIC: B and C need A
    table["requires"] = [None, "A", "A"]
    offered, groups = ad.with_prerequisites(table, cost="cost", value="benefit")
    assert groups == [{"A", "A+B", "A+C"}]
    for method in ad.METHODS:
        chosen = ad.unpack(ad.select_portfolio(offered, 100, method=method, exclusive=groups))
        assert chosen.count("A") == 1, (method, chosen)


def test_unpack_splits_packages():
    assert ad.unpack(("H01+H08", "H02")) == ["H01", "H08", "H02"]
    assert ad.unpack(ad.Portfolio("exact", ("H01+H08",), 1.0, 1.0, 1.0)) == ["H01", "H08"]
    assert ad.unpack([]) == []


def test_explorer_uses_the_same_packages(actions):
    box = ad.explorer(actions, hazard="typhoon", budget=60)
    assert [w.description for w in box.children[0].children] == ["Budget", "Equity weight"]
    typhoon = actions[(actions["hazard"] == "typhoon") & ~actions["action_id"].isin(["T06", "T07"])]
    offered, groups = ad.with_prerequisites(typhoon)
    assert "T02+T03" in set(offered["action_id"]) and "T03" not in set(offered["action_id"])
    groups += ad.exclusive_groups(typhoon)
    names = dict(zip(typhoon["action_id"], typhoon["action"], strict=True))
    page = ad._plans_html(offered, groups, {"people with disabilities"}, 60, 2.0, VALUE, COST, "action_id", names)
    assert "Best plan (exact)" in page and "T02 Register" in page and "+ T03 Assisted" in page
    assert "<caption>" in page and page.count("<th scope='row'>") == 2
    headers = re.findall(r"<th scope='col'>(.*?)</th>", page)
    assert headers[:2] == ["Method", "Actions chosen"] and len(headers) == 5
    assert all("HYPOTHETICAL" in header for header in headers[2:]), headers  # every number column says so
    exact = ad.select_portfolio(
        offered,
        60,
        value=VALUE,
        cost=COST,
        exclusive=groups,
        weights=offered.set_index("action_id")["target_group"]
        .eq("people with disabilities")
        .map({True: 2.0, False: 1.0}),
    )
    people = offered.set_index("action_id").loc[list(exact.chosen), VALUE].sum()
    assert f"<td>{exact.cost:,.0f}</td><td>{people:,.0f}</td><td>{exact.value:,.0f}</td>" in page
