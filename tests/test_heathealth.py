"""Tests for rightsclimate.heathealth on the shipped Korean tables and on small synthetic tables (labelled)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from rightsclimate import heathealth as hh
from rightsclimate.data import load


@pytest.fixture(scope="module")
def population():
    return load("kr_resident_population_by_district")


@pytest.fixture(scope="module")
def heat():
    return load("kr_heat_illness_daily_by_province")


# --- province_population (real MOIS table) -----------------------------------------------------------


def test_one_row_per_province_and_year_across_renamed_provinces(population):
    table = hh.province_population(population)
    assert len(table) == 17 * 3
    assert not table.duplicated(["province_iso", "year"]).any()
    # Gangwon is MOIS 42 in 2022 and 51 afterwards; Jeonbuk is 45 until 2023 and 52 in 2024: one series each
    for iso in ("KR-42", "KR-45"):
        assert sorted(table.loc[table["province_iso"] == iso, "year"]) == [2022, 2023, 2024]


def test_gwangju_matches_the_source_rows(population):
    table = hh.province_population(population).set_index(["province_iso", "year"])
    rows = population[(population["mois_code"] == "2900000000") & (population["sex"] == "total")]
    for year in (2022, 2023, 2024):
        in_year = rows[rows["year"] == year]
        total = int(in_year.loc[in_year["age_band"] == "total", "population"].iloc[0])
        older = int(in_year.loc[in_year["age_band"].isin(hh.AGE_65_PLUS), "population"].sum())
        assert table.loc[("KR-29", year), "population"] == total
        assert table.loc[("KR-29", year), "population_65plus"] == older
        assert table.loc[("KR-29", year), "share_65plus_pct"] == pytest.approx(100 * older / total)


def test_shares_are_percentages_and_older_people_are_a_minority(population):
    table = hh.province_population(population)
    assert table["share_65plus_pct"].between(5, 40).all()
    assert (table["population_65plus"] < table["population"]).all()


def test_province_population_refuses_double_counting(population):
    sido = population[population["level"] == "sido"]
    doubled = pd.concat([sido, sido[sido["iso_3166_2"] == "KR-29"]])
    with pytest.raises(ValueError, match="KR-29"):
        hh.province_population(doubled)


def test_province_population_names_missing_columns(population):
    with pytest.raises(KeyError, match="age_band"):
        hh.province_population(population.drop(columns="age_band"))


def test_age_bands_that_do_not_add_up_are_refused(population):
    broken = population[population["level"] == "sido"].copy()
    band = (broken["iso_3166_2"] == "KR-11") & (broken["age_band"] == "70-74") & (broken["sex"] == "total")
    broken.loc[band, "population"] = broken.loc[band, "population"] + 1
    with pytest.raises(ValueError, match="do not add up"):
        hh.province_population(broken)


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
