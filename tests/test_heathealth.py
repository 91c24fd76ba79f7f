"""Tests for rightsclimate.heathealth on the shipped heat-illness table and on small synthetic tables (labelled)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from rightsclimate import heathealth as hh
from rightsclimate.data import load


@pytest.fixture(scope="module")
def heat():
    return load("kr_heat_illness_daily_by_province")


# --- hot_day_flags ----------------------------------------------------------------------------------


def synthetic_days(values, province="KR-TEST", start="2024-07-01", dates=None):
    """SYNTHETIC test data: one province, consecutive days unless ``dates`` are given."""
    if dates is None:
        dates = pd.date_range(start, periods=len(values), freq="D")
    return pd.DataFrame({"province_iso": province, "date": pd.to_datetime(dates), "max_apparent_temp_c": values})


def test_threshold_is_at_or_above():
    days = synthetic_days([32.9, 33.0, 33.1])
    assert hh.hot_day_flags(days).tolist() == [False, True, True]
    assert hh.hot_day_flags(days, 33.05).tolist() == [False, False, True]


def test_two_day_rule_drops_single_hot_days():
    days = synthetic_days([34.0, 30.0, 34.0, 35.0, 30.0, 33.0])
    assert hh.hot_day_flags(days, min_run=2).tolist() == [False, False, True, True, False, False]


def test_runs_break_at_calendar_gaps_and_province_changes():
    gap = synthetic_days([34.0, 34.0], dates=["2023-08-31", "2024-07-01"])  # end of one season, start of the next
    assert hh.hot_day_flags(gap, min_run=2).tolist() == [False, False]
    two = pd.concat([synthetic_days([34.0], "KR-A", "2024-07-01"), synthetic_days([34.0], "KR-B", "2024-07-02")])
    assert hh.hot_day_flags(two.reset_index(drop=True), min_run=2).tolist() == [False, False]


def test_missing_temperature_is_unknown_not_cool_and_breaks_a_run():
    days = synthetic_days([34.0, np.nan, 34.0])
    flags = hh.hot_day_flags(days)
    assert flags.isna().tolist() == [False, True, False]
    assert hh.hot_day_flags(days, min_run=2).fillna(False).tolist() == [False, False, False]


def test_flags_keep_the_input_order_and_index():
    days = synthetic_days([34.0, 34.0, 30.0]).iloc[::-1]
    days.index = [10, 20, 30]
    flags = hh.hot_day_flags(days, min_run=2)
    assert flags.index.tolist() == [10, 20, 30]
    assert flags.tolist() == [False, True, True]


def test_bad_run_length_is_refused():
    with pytest.raises(ValueError, match="min_run"):
        hh.hot_day_flags(synthetic_days([34.0]), min_run=0)


def test_flags_on_the_real_table(heat):
    one_day = hh.hot_day_flags(heat)
    two_days = hh.hot_day_flags(heat, min_run=2)
    assert (two_days.fillna(False) <= one_day.fillna(False)).all()  # the 2-day rule only removes days
    assert int(one_day.isna().sum()) == int(heat["max_apparent_temp_c"].isna().sum())
    gwangju_2024 = (heat["province_iso"] == "KR-29") & (heat["date"].dt.year == 2024)
    expected = int((heat.loc[gwangju_2024, "max_apparent_temp_c"] >= hh.KMA_ADVISORY_C).sum())
    assert int(one_day[gwangju_2024].sum()) == expected > 0


# --- temperature_bins -------------------------------------------------------------------------------


def test_bins_are_closed_on_the_left_with_open_edges():
    bins = hh.temperature_bins(pd.Series([20.0, 27.0, 32.99, 33.0, 36.0, 45.0, np.nan]), lower=27, upper=36)
    lefts = [None if pd.isna(b) else b.left for b in bins]
    assert lefts == [-np.inf, 27.0, 32.0, 33.0, 36.0, 36.0, None]


def test_bins_keep_every_real_day(heat):
    bins = hh.temperature_bins(heat["max_apparent_temp_c"], lower=27, upper=36)
    assert int(bins.isna().sum()) == int(heat["max_apparent_temp_c"].isna().sum())
    assert len(bins.cat.categories) == 9 + 2


def test_bin_edges_must_fit_the_width():
    with pytest.raises(ValueError, match="whole number"):
        hh.temperature_bins(pd.Series([30.0]), lower=27, upper=36, width=2)
    with pytest.raises(ValueError, match="lower < upper"):
        hh.temperature_bins(pd.Series([30.0]), lower=36, upper=27)


def test_missing_columns_are_named():
    with pytest.raises(KeyError, match="max_apparent_temp_c"):
        hh.hot_day_flags(synthetic_days([34.0]).drop(columns="max_apparent_temp_c"))
