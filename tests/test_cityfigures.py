"""Tests for rightsclimate.cityfigures: hot days and tropical nights per year (chapter 1 figure)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest

from rightsclimate.cityfigures import HOT_DAY_C, TROPICAL_NIGHT_C, days_per_year, plot_heat_counts


def _weather(city: str, start: str, end: str, tmax: float) -> pd.DataFrame:
    dates = pd.date_range(start, end, freq="D")
    return pd.DataFrame({"city_id": city, "date": dates, "tmax_c": tmax, "tmin_c": tmax - 8})


def test_threshold_is_inclusive_and_counted_per_year():
    w = _weather("a", "2020-01-01", "2021-12-31", 20.0)
    w.loc[w["date"].isin(pd.to_datetime(["2020-07-01", "2020-07-02", "2021-08-01"])), "tmax_c"] = [33.0, 35.0, 32.9]
    table = days_per_year(w, "tmax_c", HOT_DAY_C)
    assert table.loc[2020, "a"] == 2  # 33.0 counts: "at or above"
    assert table.loc[2021, "a"] == 0  # 32.9 does not


def test_leap_year_is_complete_and_partial_year_is_missing():
    w = pd.concat([_weather("a", "2020-01-01", "2020-12-31", 34.0), _weather("a", "2021-01-01", "2021-06-30", 34.0)])
    table = days_per_year(w, "tmax_c", HOT_DAY_C)
    assert table.loc[2020, "a"] == 366
    assert pd.isna(table.loc[2021, "a"])  # half a year must not look like a cool year
    partial_allowed = days_per_year(w, "tmax_c", HOT_DAY_C, max_missing=365)
    assert partial_allowed.loc[2021, "a"] == 181


def test_one_missing_day_rule_shared_with_chapter_3():
    from rightsclimate import climate as cl

    w = _weather("a", "2019-01-01", "2019-12-31", 34.0)
    w.loc[10:24, "tmax_c"] = float("nan")  # 15 missing days: still a year, missing days never counted
    assert days_per_year(w, "tmax_c", HOT_DAY_C).loc[2019, "a"] == 350
    w.loc[25, "tmax_c"] = float("nan")  # 16 missing days: no value rather than an undercount
    assert pd.isna(days_per_year(w, "tmax_c", HOT_DAY_C).loc[2019, "a"])
    # the same numbers as chapter 3's indicator functions, day for day
    series = w.set_index("date")["tmax_c"]
    assert cl.MAX_MISSING_DAYS == 15
    pd.testing.assert_series_equal(
        days_per_year(w, "tmax_c", HOT_DAY_C, max_missing=20)["a"],
        cl.hot_days(series, HOT_DAY_C, max_missing=20),
        check_names=False,
        check_dtype=False,  # whole-day counts (Int64) against chapter 3's floats
    )


def test_city_order_and_unknown_city():
    w = pd.concat([_weather("b", "2019-01-01", "2019-12-31", 30.0), _weather("a", "2019-01-01", "2019-12-31", 30.0)])
    assert list(days_per_year(w, "tmin_c", TROPICAL_NIGHT_C, cities=["b", "a"]).columns) == ["b", "a"]
    with pytest.raises(KeyError, match="unknown city_id"):
        days_per_year(w, "tmax_c", HOT_DAY_C, cities=["nowhere"])


def test_plot_has_titles_and_labels():
    w = _weather("a", "2019-01-01", "2020-12-31", 34.0)
    fig = plot_heat_counts(
        days_per_year(w, "tmax_c", HOT_DAY_C), days_per_year(w, "tmin_c", TROPICAL_NIGHT_C), {"a": "A-city"}, "a"
    )
    for ax in fig.axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert "A-city" in fig._suptitle.get_text()


def test_real_gwangju_counts():
    from rightsclimate import data

    try:
        weather = data.load("city_daily_weather")
    except data.DatasetError as error:
        pytest.skip(f"city_daily_weather not available: {error}")
    table = days_per_year(weather, "tmax_c", HOT_DAY_C, cities=["gwangju", "seoul"])
    assert list(table.index) == list(range(2016, 2026))
    assert table.notna().all().all()
    assert ((table >= 0) & (table <= 366)).all().all()
    # chapter 1's figure and chapter 3's indicator table count the same days
    from rightsclimate import climate as cl

    for key, column, threshold in (
        ("hot_days", "tmax_c", HOT_DAY_C),
        ("tropical_nights_25", "tmin_c", TROPICAL_NIGHT_C),
    ):
        chapter3 = cl.indicator_table(weather, key, city_ids=["gwangju", "seoul"])
        chapter1 = days_per_year(weather, column, threshold, cities=["gwangju", "seoul"])
        assert (chapter1.to_numpy() == chapter3[["gwangju", "seoul"]].to_numpy()).all(), key
