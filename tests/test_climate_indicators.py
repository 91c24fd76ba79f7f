"""Tests for rightsclimate.climate: small labelled synthetic series, then the shipped daily weather."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from rightsclimate import climate as cl


def daily(values, start="2021-01-01"):
    """A daily series with the given values from ``start``."""
    return pd.Series(np.asarray(values, dtype="float64"), index=pd.date_range(start, periods=len(values), freq="D"))


def full_year(year, value=0.0):
    return daily(np.full(cl.days_in_year(year), value), f"{year}-01-01")


# --- calendar ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("year", "n"), [(2016, 366), (2020, 366), (2021, 365), (2000, 366), (1900, 365), (2100, 365)])
def test_days_in_year_follows_gregorian_leap_rules(year, n):
    assert cl.days_in_year(year) == n


def test_complete_leap_year_is_not_counted_as_missing():
    s = full_year(2016, 34.0)
    assert len(s) == 366
    assert cl.missing_days_per_year(s).tolist() == [0]
    assert cl.hot_days(s).tolist() == [366.0]


# --- threshold counts ------------------------------------------------------------------------------


def test_count_days_labelled_example_and_operators():
    # 2021: ten labelled days, rest of the year 0 °C
    s = full_year(2021, 0.0)
    s.iloc[:6] = [32.9, 33.0, 33.1, 35.0, 25.0, 25.1]
    assert cl.hot_days(s).loc[2021] == 3  # 33.0, 33.1, 35.0 (>= 33)
    assert cl.hot_days(s, threshold=35).loc[2021] == 1
    assert cl.count_days(s, 33.0, ">").loc[2021] == 2
    assert cl.summer_days(s).loc[2021] == 5  # SU is > 25 °C: 25.0 does not count, 25.1 does
    assert cl.count_days(s, 0.0, "<=").loc[2021] == 365 - 6
    assert cl.count_days(s, 0.0, "<").loc[2021] == 0


def test_tropical_nights_etccdi_is_strictly_above_20_and_korean_25_is_at_or_above():
    s = full_year(2021, 10.0)
    s.iloc[180:185] = [20.0, 20.1, 24.9, 25.0, 27.0]
    assert cl.tropical_nights(s).loc[2021] == 4  # ETCCDI TR: TN > 20 °C, so 20.0 does not count
    assert cl.tropical_nights(s, 25.0, ">=").loc[2021] == 2


def test_heavy_rain_days_include_the_threshold():
    s = full_year(2021, 0.0)
    s.iloc[[10, 11, 12, 13]] = [9.9, 10.0, 19.9, 20.0]
    assert cl.heavy_rain_days(s).loc[2021] == 3  # R10mm: >= 10 mm
    assert cl.heavy_rain_days(s, 20).loc[2021] == 1  # R20mm


def test_counts_are_per_year_and_cover_every_year_in_range():
    s = pd.concat([full_year(2019, 34.0), full_year(2020, 30.0), full_year(2021, 34.0)])
    out = cl.hot_days(s)
    assert out.index.tolist() == [2019, 2020, 2021]
    assert out.index.name == "year"
    assert out.tolist() == [365.0, 0.0, 365.0]


def test_bad_op_and_bad_index_are_refused():
    s = full_year(2021)
    with pytest.raises(ValueError):
        cl.count_days(s, 1.0, "=>")
    dup = pd.concat([s.iloc[:3], s.iloc[:1]])
    with pytest.raises(ValueError):
        cl.count_days(dup, 1.0)
    hourly = pd.Series([1.0, 2.0], index=pd.to_datetime(["2021-01-01 06:00", "2021-01-02 06:00"]))
    with pytest.raises(ValueError):
        cl.count_days(hourly, 1.0)
    with pytest.raises(TypeError):
        cl.count_days([1.0, 2.0], 1.0)


# --- missing days ----------------------------------------------------------------------------------


def test_year_with_fifteen_missing_days_keeps_a_value_sixteen_gives_nan():
    assert cl.MAX_MISSING_DAYS == 15
    s = pd.concat([full_year(2020, 40.0), full_year(2021, 40.0)])
    s.loc["2020-03-01":"2020-03-15"] = np.nan  # 15 NaN days
    s.loc["2021-07-01":"2021-07-16"] = np.nan  # 16 NaN days
    out = cl.hot_days(s)
    assert out.loc[2020] == 366 - 15  # missing days never count as hot
    assert np.isnan(out.loc[2021])
    assert cl.missing_days_per_year(s).tolist() == [15, 16]


def test_days_absent_from_the_index_are_missing_too():
    s = full_year(2021, 40.0)
    s = s.drop(s.index[100:120])  # 20 days simply not there
    assert cl.missing_days_per_year(s).loc[2021] == 20
    assert np.isnan(cl.hot_days(s).loc[2021])
    assert cl.hot_days(s, max_missing=30).loc[2021] == 345


def test_partial_first_year_is_nan_and_requested_years_without_data_are_nan():
    s = daily(np.full(400, 40.0), "2020-12-01")  # 31 days of 2020, then 2021 complete, part of 2022
    out = cl.hot_days(s)
    assert np.isnan(out.loc[2020]) and out.loc[2021] == 365 and np.isnan(out.loc[2022])
    out = cl.hot_days(s, years=[2019, 2021])
    assert out.index.tolist() == [2019, 2021]
    assert np.isnan(out.loc[2019])


def test_nullable_values_are_accepted():
    s = full_year(2021, 12.0).astype("Float64")
    s.iloc[0] = pd.NA
    assert cl.count_days(s, 10.0).loc[2021] == 364


# --- annual maxima and percentiles ---------------------------------------------------------------


def test_annual_max():
    s = pd.concat([full_year(2020, 1.0), full_year(2021, 2.0)])
    s.loc["2020-08-08"] = 187.5
    assert cl.annual_max(s).tolist() == [187.5, 2.0]


def test_whole_year_percentile_share_on_a_ramp():
    s = daily(np.arange(366), "2020-01-01")
    # p90 of 0..365 is 328.5, so 329..365 (37 days) lie above it
    out = cl.percentile_exceedance(s, 90, by_calendar_day=False)
    assert out.loc[2020] == pytest.approx(100 * 37 / 366)


def test_calendar_day_percentile_uses_a_wrapping_five_day_window_and_treats_29_february_as_28():
    years = pd.concat([full_year(y) for y in (2019, 2020)])
    doy = cl._noleap_doy(years.index)
    s = pd.Series(doy.astype("float64"), index=years.index)
    assert doy[years.index.get_loc(pd.Timestamp("2020-02-29"))] == 59
    assert doy[years.index.get_loc(pd.Timestamp("2020-03-01"))] == 60
    assert doy[years.index.get_loc(pd.Timestamp("2020-12-31"))] == 365
    p100 = cl.calendar_day_percentile(s, 100)
    p0 = cl.calendar_day_percentile(s, 0)
    assert len(p100) == 365
    assert (p0.loc[1], p100.loc[1]) == (1.0, 365.0)  # 1 January pools 30-31 December and 1-3 January
    assert (p0.loc[100], p100.loc[100]) == (98.0, 102.0)
    with pytest.raises(ValueError):
        cl.calendar_day_percentile(s, 90, window=4)


def test_percentile_exceedance_in_base_averages_near_100_minus_q():
    rng = np.random.default_rng(42)
    idx = pd.date_range("2016-01-01", "2025-12-31", freq="D")
    season = 15 + 10 * np.sin(2 * np.pi * (idx.day_of_year.to_numpy() - 100) / 365.25)
    s = pd.Series(season + rng.normal(0, 3, len(idx)), index=idx)
    out = cl.percentile_exceedance(s, 90)
    assert out.index.tolist() == list(range(2016, 2026))
    assert 9.0 < out.mean() < 11.0
    # a warmer final year stands out against the decade's own thresholds
    s2 = s.copy()
    s2.loc["2025"] += 3.0
    assert cl.percentile_exceedance(s2, 90).loc[2025] > 30


def test_percentile_base_period_restricts_the_thresholds():
    s = pd.concat([full_year(2020, 10.0), full_year(2021, 20.0)])
    out = cl.percentile_exceedance(s, 90, base=(2020, 2020))
    assert out.tolist() == [0.0, 100.0]
    with pytest.raises(ValueError):
        cl.percentile_exceedance(s, 90, base=(1961, 1990))


# --- long tables, figures and the explorer -----------------------------------------------------


@pytest.fixture
def two_cities():
    hot = full_year(2020, 34.0)
    mild = full_year(2020, 20.0)
    return pd.DataFrame(
        {
            "city_id": pd.Categorical(["hot"] * 366 + ["mild"] * 366),
            "date": np.r_[hot.index, mild.index],
            "tmax_c": np.r_[hot.to_numpy(), mild.to_numpy()],
            "tmin_c": np.r_[hot.to_numpy() - 8, mild.to_numpy() - 8],
            "precip_mm": 0.0,
        }
    )


def test_indicator_table_and_named_indicators(two_cities):
    t = cl.indicator_table(two_cities, "hot_days")
    assert t.loc[2020].to_dict() == {"hot": 366.0, "mild": 0.0}
    t = cl.indicator_table(two_cities, "tropical_nights_25", city_ids=["hot"])
    assert t.loc[2020, "hot"] == 366.0  # 26 °C nights
    assert cl.indicator_table(two_cities, "hot_days", 15).loc[2020, "mild"] == 366.0
    with pytest.raises(KeyError):
        cl.city_series(two_cities, "nowhere", "tmax_c")
    assert set(cl.INDICATORS) >= {
        "hot_days",
        "tropical_nights_etccdi",
        "tropical_nights_25",
        "heavy_rain_days",
        "tx90p",
    }


def test_plot_has_title_and_axis_labels(two_cities):
    fig = cl.plot_city_indicator(two_cities, "hot", "hot_days")
    ax = fig.axes[0]
    assert "Hot days" in ax.get_title() and "33" in ax.get_title()
    assert ax.get_xlabel() == "year" and ax.get_ylabel() == "days per year"


def test_explorer_builds_and_resets_threshold_on_indicator_change(two_cities):
    pytest.importorskip("ipywidgets")
    box = cl.explorer(two_cities, city_id="hot", indicator="hot_days")
    (city_w, ind_w), thr_w = box.children[0].children, box.children[1]
    assert thr_w.value == 33.0
    ind_w.value = "heavy_rain_days"
    assert thr_w.value == 10.0
    ind_w.value = "tx90p"
    assert thr_w.value == 90.0
    city_w.value = "mild"


# --- the shipped data --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def weather():
    from rightsclimate.data import load

    return load("city_daily_weather")


def test_gwangju_has_ten_complete_years_including_three_leap_years(weather):
    g = cl.city_series(weather, "gwangju", "tmax_c")
    assert len(g) == 3653
    missing = cl.missing_days_per_year(g)
    assert missing.index.tolist() == list(range(2016, 2026))
    assert (missing == 0).all()
    per_year = g.groupby(g.index.year).size()
    assert per_year.loc[[2016, 2020, 2024]].tolist() == [366, 366, 366]
    assert cl.hot_days(g).notna().all()


def test_all_cities_have_a_value_every_year_and_counts_are_plausible(weather):
    t = cl.indicator_table(weather, "tropical_nights_etccdi")
    assert t.shape == (10, 44)
    assert t.notna().all().all()
    assert ((t >= 0) & (t <= 366)).all().all()
    # a tropical capital has more nights above 20 °C than Gwangju in every year
    assert (t["manila"] > t["gwangju"]).all()


def test_tx90p_like_share_averages_about_ten_percent_in_its_own_base(weather):
    t = cl.indicator_table(weather, "tx90p", city_ids=["gwangju", "busan", "manila"])
    assert t.mean().between(8.5, 11.5).all()
