"""Plumbing for heat and health in Korean provinces: heat-wave thresholds, hot-day flags, temperature bins.

Chapter 6 builds outcome indicators of the right to health in extreme heat from
``kr_heat_illness_daily_by_province``: heat-related illness cases per day and province (KDCA
emergency-department surveillance) with the day's maximum apparent temperature in the province's KMA record.

This module only prepares the pieces: the KMA thresholds, flags for days at or above a threshold
(optionally only in runs of two days or more) and bins of apparent temperature. The indicators
themselves (sums of cases, population denominators, divisions) are computed in the notebooks, where
learners can see them; the chapter 6 assignment asks learners to write them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# The Korea Meteorological Administration (KMA) issues a heat-wave advisory when the daily maximum
# APPARENT (feels-like) temperature is expected to reach 33 °C on two or more days, and a warning at
# 35 °C, also for two or more days (apparent temperature tried in 2020, with formal use planned from 2021;
# Yonhap, 8 May 2020). Before 2020 the same thresholds applied to daily maximum AIR temperature.
KMA_ADVISORY_C = 33.0
KMA_WARNING_C = 35.0
KMA_MIN_DAYS = 2


def _require(table: pd.DataFrame, columns, what: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise KeyError(f"the {what} table needs the column(s) {missing}; it has {list(table.columns)}")


def hot_day_flags(
    daily: pd.DataFrame,
    threshold: float = KMA_ADVISORY_C,
    *,
    column: str = "max_apparent_temp_c",
    min_run: int = 1,
    by: str = "province_iso",
) -> pd.Series:
    """Flag the days whose ``column`` is at or above ``threshold`` (``>=``), per ``by`` group.

    With ``min_run=2`` a day is flagged only if it belongs to a run of at least two consecutive calendar
    days at or above the threshold in the same group: an after-the-fact stand-in for the KMA rule that
    the heat is *expected* to last two days or more. It is not the record of advisories actually issued
    (those follow forecasts, for smaller zones). A day with a missing temperature is ``<NA>``, never
    ``False``, and it breaks a run. Returns a nullable boolean Series aligned with ``daily``.
    """
    _require(daily, (by, "date", column), "daily")
    if min_run < 1:
        raise ValueError(f"min_run must be at least 1 day, not {min_run}")
    values = pd.to_numeric(daily[column], errors="coerce")
    at_or_above = (values >= threshold).astype("boolean").mask(values.isna())
    if min_run == 1:
        return at_or_above.rename(f"{column}>={threshold:g}")
    order = daily.sort_values([by, "date"]).index
    group = daily.loc[order, by].astype(object).to_numpy()
    dates = pd.to_datetime(daily.loc[order, "date"]).to_numpy()
    hot = at_or_above.loc[order].fillna(False).to_numpy(dtype=bool)
    # a new run starts where the group changes, the calendar skips a day, or the flag changes
    new_run = np.ones(len(order), dtype=bool)
    new_run[1:] = (group[1:] != group[:-1]) | (np.diff(dates) != np.timedelta64(1, "D")) | (hot[1:] != hot[:-1])
    run_id = np.cumsum(new_run)
    run_length = pd.Series(run_id).map(pd.Series(run_id).value_counts()).to_numpy()
    flagged = pd.Series(hot & (run_length >= min_run), index=order, dtype="boolean")
    flagged = flagged.mask(at_or_above.loc[order].isna().to_numpy())
    return flagged.reindex(daily.index).rename(f"{column}>={threshold:g} for {min_run}+ days")


def temperature_bins(values: pd.Series, *, lower: float, upper: float, width: float = 1.0) -> pd.Series:
    """Bin temperatures into intervals closed on the left, ``[a, a + width)``, with open-ended edge bins.

    Values below ``lower`` fall in ``[-inf, lower)`` and values at or above ``upper`` in ``[upper, inf)``,
    so no day is dropped; missing values stay missing. ``upper - lower`` must be a whole number of
    widths. Returns an ordered categorical Series of ``pd.Interval``.
    """
    if not upper > lower or width <= 0:
        raise ValueError(f"need lower < upper and a positive width; got lower={lower}, upper={upper}, width={width}")
    steps = (upper - lower) / width
    if not np.isclose(steps, round(steps)):
        raise ValueError(f"upper - lower ({upper - lower:g}) must be a whole number of widths ({width:g})")
    edges = [-np.inf, *np.linspace(lower, upper, int(round(steps)) + 1), np.inf]
    return pd.cut(pd.to_numeric(values, errors="coerce"), edges, right=False)
