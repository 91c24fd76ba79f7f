"""Tests for rightsclimate.leftbehind: gap measures, normalisation, composites and rank stability.

Small SYNTHETIC tables (labelled as such) test the edge cases the chapter names: constant columns,
missing values, indicators where higher is better, weights that do not sum to one, a single place.
Real shipped tables check that the functions work on what learners use.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from rightsclimate import leftbehind as lb
from rightsclimate.data import load


def synthetic():
    """A SYNTHETIC table of four places (values invented for a test), never real data."""
    return pd.DataFrame(
        {
            "poverty_pct": [10.0, 20.0, 40.0, 30.0],  # higher is worse
            "hdi": [80.0, 70.0, 60.0, 70.0],  # higher is better; B and D tie
            "same": [5.0, 5.0, 5.0, 5.0],  # constant: separates nobody
        },
        index=["A", "B", "C", "D"],
    )


# --- gaps ---------------------------------------------------------------------------------------
def test_gap_measures_on_known_values():
    gaps = lb.gap_measures(pd.Series([10.0, 20.0, 40.0, 30.0]))
    assert gaps["range"] == 30.0 and gaps["ratio"] == 4.0
    assert gaps["cv"] == pytest.approx(np.std([10, 20, 40, 30]) / 25.0)  # population standard deviation
    assert (gaps["n"], gaps["missing"]) == (4, 0)


def test_gap_measures_leave_out_missing_and_count_them():
    gaps = lb.gap_measures(pd.Series([10.0, np.nan, 40.0]))
    assert (gaps["n"], gaps["missing"], gaps["min"], gaps["range"]) == (2, 1, 10.0, 30.0)


def test_gap_measures_of_a_single_place_or_a_zero_minimum():
    one = lb.gap_measures(pd.Series([12.5]))
    assert one["n"] == 1 and np.isnan(one["range"]) and np.isnan(one["ratio"]) and np.isnan(one["cv"])
    zero = lb.gap_measures(pd.Series([0.0, 5.0]))
    assert zero["range"] == 5.0 and np.isnan(zero["ratio"])
    constant = lb.gap_measures(pd.Series([3.0, 3.0, 3.0]))
    assert (constant["range"], constant["ratio"], constant["cv"]) == (0.0, 1.0, 0.0)


def test_gap_measures_reject_text():
    with pytest.raises(ValueError, match="non-numeric"):
        lb.gap_measures(pd.Series(["10", "n/a"], name="poverty"))


# --- normalisation ------------------------------------------------------------------------------
def test_minmax_puts_the_most_left_behind_at_one_in_both_directions():
    scores = lb.normalise(synthetic(), {"poverty_pct": 1, "hdi": -1})
    assert scores["poverty_pct"].tolist() == pytest.approx([0.0, 1 / 3, 1.0, 2 / 3])
    assert scores["hdi"].tolist() == pytest.approx([0.0, 0.5, 1.0, 0.5])  # lowest HDI = most left behind
    assert scores.loc["C"].tolist() == [1.0, 1.0]


def test_rank_normalisation_keeps_order_and_gives_ties_equal_scores():
    scores = lb.normalise(synthetic(), {"hdi": "higher is better"}, method="rank")
    assert scores["hdi"].tolist() == pytest.approx([0.0, 0.5, 1.0, 0.5])
    skewed = lb.normalise_column(pd.Series([1.0, 2.0, 100.0]), method="rank")
    assert skewed.tolist() == pytest.approx([0.0, 0.5, 1.0])  # an outlier does not squeeze the others


def test_constant_column_and_single_place_score_the_neutral_middle():
    assert lb.normalise_column(synthetic()["same"]).tolist() == [0.5] * 4
    assert lb.normalise_column(pd.Series([7.0]), method="rank").tolist() == [0.5]
    assert lb.normalise_column(pd.Series([7.0, 7.0]), lower=0.2).tolist() == pytest.approx([0.6, 0.6])


def test_missing_values_stay_missing_in_normalisation():
    scores = lb.normalise_column(pd.Series([10.0, np.nan, 30.0]))
    assert scores.iloc[0] == 0.0 and np.isnan(scores.iloc[1]) and scores.iloc[2] == 1.0


def test_lower_keeps_the_best_place_above_zero():
    scores = lb.normalise_column(pd.Series([1.0, 2.0, 3.0]), -1, lower=0.1)
    assert scores.tolist() == pytest.approx([1.0, 0.55, 0.1])


def test_normalise_rejects_unknown_direction_column_or_method():
    with pytest.raises(ValueError, match="direction of 'hdi'"):
        lb.normalise(synthetic(), {"hdi": "up"})
    with pytest.raises(ValueError, match="no column"):
        lb.normalise(synthetic(), {"income": 1})
    with pytest.raises(ValueError, match="method"):
        lb.normalise(synthetic(), {"hdi": -1}, method="zscore")


# --- aggregation ---------------------------------------------------------------------------------
def test_weights_that_do_not_sum_to_one_are_renormalised():
    scores = lb.normalise(synthetic(), {"poverty_pct": 1, "hdi": -1})
    a = lb.composite(scores, {"poverty_pct": 2, "hdi": 2})
    b = lb.composite(scores, {"poverty_pct": 0.5, "hdi": 0.5})
    pd.testing.assert_series_equal(a, b)
    assert a["C"] == 1.0 and a["A"] == 0.0
    assert lb.weight_vector({"x": 3, "y": 1}, ["x", "y"]).tolist() == [0.75, 0.25]


def test_bad_weights_are_refused_with_a_reason():
    for weights, message in (
        ({"x": -1, "y": 2}, "0 or more"),
        ({"x": 0, "y": 0}, "all zero"),
        ({"x": 1}, "no weight for"),
        ({"x": 1, "y": 1, "z": 1}, "not indicators"),
    ):
        with pytest.raises(ValueError, match=message):
            lb.weight_vector(weights, ["x", "y"])


def test_missing_score_gives_a_missing_composite_not_a_zero():
    scores = pd.DataFrame({"x": [1.0, np.nan], "y": [0.5, 0.5]}, index=["P", "Q"])
    result = lb.composite(scores, {"x": 1, "y": 1})
    assert result["P"] == 0.75 and np.isnan(result["Q"])
    assert pd.isna(lb.rank_places(result)["Q"])


def test_geometric_mean_does_not_compensate_and_needs_positive_scores():
    scores = pd.DataFrame({"x": [0.1, 0.55], "y": [1.0, 0.55]}, index=["uneven", "even"])
    arithmetic = lb.composite(scores, {"x": 1, "y": 1})
    geometric = lb.composite(scores, {"x": 1, "y": 1}, method="geometric")
    assert arithmetic["uneven"] == pytest.approx(arithmetic["even"])
    assert geometric["uneven"] == pytest.approx(np.sqrt(0.1)) and geometric["uneven"] < geometric["even"]
    with pytest.raises(ValueError, match="lower > 0"):
        lb.composite(pd.DataFrame({"x": [0.0, 1.0]}), {"x": 1}, method="geometric")


def test_constant_column_changes_no_ranking():
    table = synthetic()
    for method in ("arithmetic", "geometric"):
        without = lb.normalise(table, {"poverty_pct": 1, "hdi": -1}, lower=0.1)
        with_constant = lb.normalise(table, {"poverty_pct": 1, "hdi": -1, "same": 1}, lower=0.1)
        r1 = lb.rank_places(lb.composite(without, {"poverty_pct": 1, "hdi": 1}, method=method))
        r2 = lb.rank_places(lb.composite(with_constant, {"poverty_pct": 1, "hdi": 1, "same": 1}, method=method))
        pd.testing.assert_series_equal(r1, r2)


def test_ties_share_the_best_rank():
    ranks = lb.rank_places(pd.Series({"A": 0.2, "B": 0.9, "C": 0.9, "D": 0.5}))
    assert ranks.to_dict() == {"A": 4, "B": 1, "C": 1, "D": 3}


# --- weight draws and stability -----------------------------------------------------------------
def test_weight_draws_are_repeatable_and_sum_to_one():
    a = lb.sample_weights(["x", "y", "z"], 200, np.random.default_rng(7))
    b = lb.sample_weights(["x", "y", "z"], 200, np.random.default_rng(7))
    pd.testing.assert_frame_equal(a, b)
    assert np.allclose(a.sum(axis=1), 1.0) and (a.to_numpy() >= 0).all() and a.shape == (200, 3)
    near_equal = lb.sample_weights(["x", "y", "z"], 200, np.random.default_rng(7), concentration=100)
    assert near_equal.std().max() < a.std().min()
    with pytest.raises(TypeError, match="Generator"):
        lb.sample_weights(["x"], 5, 7)


def test_rank_stability_matches_a_loop_over_draws():
    table = synthetic()
    scores = lb.normalise(table, {"poverty_pct": 1, "hdi": -1}, lower=0.1)
    draws = lb.sample_weights(list(scores.columns), 300, np.random.default_rng(1))
    for method in ("arithmetic", "geometric"):
        stable = lb.rank_stability(scores, draws, top=2, method=method)
        in_top = {place: 0 for place in scores.index}
        for _, w in draws.iterrows():
            ranks = lb.rank_places(lb.composite(scores, w, method=method))
            for place in ranks.index[ranks <= 2]:
                in_top[place] += 1
        assert stable["share_top"].to_dict() == pytest.approx({p: n / 300 for p, n in in_top.items()})
    assert stable.loc["C", "share_top"] == 1.0 and stable.loc["A", "share_top"] == 0.0
    assert stable.loc["C", "best_rank"] == stable.loc["C", "worst_rank"] == 1


def test_rank_stability_lists_places_with_missing_scores_without_ranks():
    scores = pd.DataFrame({"x": [0.2, 0.9, np.nan], "y": [0.5, 0.4, 0.3]}, index=["P", "Q", "R"])
    stable = lb.rank_stability(scores, lb.sample_weights(["x", "y"], 50, np.random.default_rng(3)), top=1)
    assert list(stable.index) == ["P", "Q", "R"] and stable.loc["R"].isna().all()
    single = lb.rank_stability(scores.loc[["P"]], lb.sample_weights(["x", "y"], 10, np.random.default_rng(3)), top=1)
    assert single.loc["P", "share_top"] == 1.0


# --- real data ---------------------------------------------------------------------------------
def test_philippine_provincial_poverty_gap_on_the_shipped_table():
    pov = load("ph_poverty_by_province")
    rows = pov[
        (pov["variable"] == "poverty incidence among population")
        & (pov["year"] == 2021)
        & (pov["admin_level"] == "province")
    ]
    gaps = lb.gap_measures(rows["value"])
    assert gaps["n"] > 70 and gaps["range"] > 20 and gaps["ratio"] > 5 and 0.2 < gaps["cv"] < 1.5


def test_explorer_builds_a_slider_per_indicator():
    pytest.importorskip("ipywidgets")
    table = synthetic()
    box = lb.explorer(table, {"poverty_pct": 1, "hdi": -1}, labels={"poverty_pct": "poverty", "hdi": "HDI"})
    sliders = [w for w in box.children if w.__class__.__name__ == "FloatSlider"]
    assert [s.description for s in sliders] == ["poverty", "HDI"]
