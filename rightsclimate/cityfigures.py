"""City heat counts for the book's opening figure (chapter 1): hot days and tropical nights per year.

A *hot day* has a daily maximum air temperature of at least 33 °C: the Korea Meteorological
Administration's heat-wave advisory level, which since 2020 it applies to apparent (feels-like)
temperature instead (Yonhap, 8 May 2020), so these counts are not KMA's advisory days. A *tropical night*
has a daily minimum of at least 25 °C (KMA counts the night-time minimum). Both are counted from the
daily reanalysis table ``city_daily_weather`` (grid cells at the city centres, not station records),
with the counting and missing-day rule of :mod:`rightsclimate.climate` (one function for both chapters).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .climate import MAX_MISSING_DAYS, count_days

HOT_DAY_C = 33.0  # daily maximum temperature, °C
TROPICAL_NIGHT_C = 25.0  # daily minimum temperature, °C


def days_per_year(
    weather: pd.DataFrame,
    column: str,
    threshold: float,
    cities: Sequence[str] | None = None,
    *,
    max_missing: int = MAX_MISSING_DAYS,
) -> pd.DataFrame:
    """Year × city table: how many days per year ``column`` is at or above ``threshold``.

    ``weather`` needs ``city_id``, ``date`` and ``column``. Each city is counted by
    :func:`rightsclimate.climate.count_days`, so chapter 1 and chapter 3 share one missing-day rule:
    a missing day is never counted as a day below (or above) the threshold, and a year with more than
    ``max_missing`` missing days (default 15, the climdex rule) has no value, so a partial year never
    looks cool. Years run from the first to the last year in the table; a city without data in a
    year is missing there.
    """
    for col in ("city_id", "date", column):
        if col not in weather.columns:
            raise KeyError(f"the weather table needs a {col!r} column")
    w = weather[["city_id", "date", column]].copy()
    w["city_id"] = w["city_id"].astype(str)
    if cities is not None:
        unknown = sorted(set(cities) - set(w["city_id"]))
        if unknown:
            raise KeyError(f"unknown city_id(s) {unknown}; see load('cities') for the ids")
        w = w[w["city_id"].isin(list(cities))]
    w["date"] = pd.to_datetime(w["date"])
    years = range(w["date"].dt.year.min(), w["date"].dt.year.max() + 1) if len(w) else []
    columns = {
        city_id: count_days(rows.set_index("date")[column], threshold, ">=", max_missing=max_missing, years=years)
        for city_id, rows in w.groupby("city_id", sort=True)
    }
    # whole days: nullable integers, so a year without a value shows as <NA>, never as 0
    table = pd.DataFrame(columns, index=pd.Index(list(years), name="year")).round().astype("Int64")
    if cities is not None:
        table = table[list(cities)]
    table.columns.name = "city_id"
    return table


def plot_heat_counts(
    hot_days: pd.DataFrame,
    tropical_nights: pd.DataFrame,
    names: dict[str, str],
    highlight: str = "gwangju",
    source: str | None = None,
    title: str | None = None,
):
    """Two panels (hot days, tropical nights per year), one line per city, ``highlight`` drawn bold."""
    import matplotlib.pyplot as plt

    from .plots import COLOURS, finish

    markers = ["o", "s", "^", "D", "v", "P", "X", "*"]
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.4), sharex=True)
    panels = (
        (hot_days, f"Hot days (daily maximum ≥ {HOT_DAY_C:g} °C)", "Hot days per year (number)"),
        (
            tropical_nights,
            f"Tropical nights (daily minimum ≥ {TROPICAL_NIGHT_C:g} °C)",
            "Tropical nights per year (number)",
        ),
    )
    for ax, (table, panel_title, ylabel) in zip(axes, panels, strict=True):
        for i, city in enumerate(table.columns):
            bold = city == highlight
            ax.plot(
                table.index,
                table[city].astype("Float64").to_numpy(dtype=float, na_value=float("nan")),
                marker=markers[i % len(markers)],
                color=COLOURS[i % len(COLOURS)],
                linewidth=3.0 if bold else 1.3,
                markersize=7 if bold else 5,
                alpha=1.0 if bold else 0.85,
                zorder=3 if bold else 2,
                label=names.get(city, city) + (" (highlighted)" if bold else ""),
            )
        ax.set_xticks(list(table.index))
        ax.tick_params(axis="x", labelrotation=45)
        ax.set_ylim(bottom=0)
        ax.grid(axis="y", alpha=0.3)
        finish(ax, title=panel_title, xlabel="Year", ylabel=ylabel)
    axes[0].legend(frameon=False, fontsize="small")
    years = f"{min(hot_days.index)}–{max(hot_days.index)}"
    fig.suptitle(
        title
        or f"How often is it dangerously hot? {names.get(highlight, highlight)} and peer cities, {years} (reanalysis)"
    )
    if source:
        fig.text(0.01, 0.005, f"Source: {source}", fontsize="x-small", ha="left", va="bottom")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig
