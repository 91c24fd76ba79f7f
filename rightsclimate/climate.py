"""Local climate indicators from daily weather, and an interactive explorer.

The indicators follow the spirit of the ETCCDI climate-extremes indices (Zhang et al. 2011,
WIREs Climate Change 2(6):851-870, doi:10.1002/wcc.147). Where a function reproduces an ETCCDI
index exactly it says so; where it departs (a different threshold, a different base period) it
says how.

Conventions used throughout
---------------------------
* A *daily series* is a ``pandas.Series`` of floats indexed by date (one value per calendar day).
  ``NaN`` means "not observed".
* A year's value is ``NaN`` when more than :data:`MAX_MISSING_DAYS` of its days are missing
  (counted against 365 or 366 days, so leap years are handled and a day absent from the index is
  as missing as a day holding ``NaN``). This is the annual rule used by default in the
  climdex.pcic software that implements the ETCCDI indices (more than 15 missing days in a year:
  no annual value). Years are reported from the first to the last year present in the data.
* Counts are of days; shares are percentages of the observed days of that year.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: A year with more than this many missing days gets no value (NaN) rather than an undercount.
MAX_MISSING_DAYS = 15

_OPS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}


def days_in_year(year: int) -> int:
    """366 for leap years of the Gregorian calendar, otherwise 365."""
    year = int(year)
    return 366 if (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)) else 365


def _as_daily(series: pd.Series) -> pd.Series:
    """Check a daily series: a date index without duplicates, float values."""
    if not isinstance(series, pd.Series):
        raise TypeError("expected a pandas Series indexed by date")
    index = pd.DatetimeIndex(series.index)
    if (index != index.normalize()).any():
        raise ValueError("the index must hold dates (midnight), one value per day")
    if index.has_duplicates:
        raise ValueError("the series has more than one value for the same day")
    return pd.Series(series.to_numpy(dtype="float64", na_value=np.nan), index=index).sort_index()


def _years(index: pd.DatetimeIndex, years=None) -> pd.Index:
    if years is not None:
        return pd.Index(list(years), name="year")
    if len(index) == 0:
        return pd.Index([], dtype="int64", name="year")
    return pd.Index(range(index.year.min(), index.year.max() + 1), name="year")


def missing_days_per_year(series: pd.Series, years=None) -> pd.Series:
    """Days of each year without a value (absent from the index or NaN), out of 365 or 366."""
    s = _as_daily(series)
    yrs = _years(s.index, years)
    observed = s.notna().groupby(s.index.year).sum().reindex(yrs, fill_value=0)
    expected = pd.Series([days_in_year(y) for y in yrs], index=yrs)
    return (expected - observed).astype("int64").rename("missing_days")


def _mask_incomplete(values: pd.Series, series: pd.Series, years, max_missing: int) -> pd.Series:
    missing = missing_days_per_year(series, years)
    out = values.reindex(missing.index).astype("float64")
    out[missing > max_missing] = np.nan
    out.index.name = "year"
    return out


def count_days(
    series: pd.Series, threshold: float, op: str = ">=", *, max_missing: int = MAX_MISSING_DAYS, years=None
) -> pd.Series:
    """Number of days per year on which ``value <op> threshold`` (``op`` one of > >= < <=).

    Missing days never count as exceedances; a year with more than ``max_missing`` missing days
    is NaN. Returns a float Series indexed by year (float so that NaN can mark incomplete years).
    """
    if op not in _OPS:
        raise ValueError(f"op must be one of {sorted(_OPS)}, not {op!r}")
    s = _as_daily(series)
    hit = _OPS[op](s, threshold) & s.notna()
    counts = hit.groupby(s.index.year).sum()
    return _mask_incomplete(counts, s, years, max_missing).rename(f"days {op} {threshold:g}")


def hot_days(tmax: pd.Series, threshold: float = 33.0, **kw) -> pd.Series:
    """Days per year with daily maximum temperature >= ``threshold`` °C (course default 33 °C).

    33 °C is a threshold chosen for this course, not an ETCCDI index; change it to suit local
    practice. ETCCDI's own "summer days" index is :func:`summer_days`.
    """
    return count_days(tmax, threshold, ">=", **kw)


def summer_days(tmax: pd.Series, **kw) -> pd.Series:
    """ETCCDI SU: days per year with daily maximum temperature > 25 °C."""
    return count_days(tmax, 25.0, ">", **kw)


def tropical_nights(tmin: pd.Series, threshold: float = 20.0, op: str = ">", **kw) -> pd.Series:
    """Tropical nights per year.

    The default is ETCCDI TR: daily minimum temperature > 20 °C. The Korea Meteorological
    Administration counts a tropical night when the minimum temperature from 18:01 to 09:00 the
    next day is >= 25 °C; ``tropical_nights(tmin, 25, ">=")`` approximates that with the daily
    (calendar-day) minimum, which can be lower than the night-time minimum.
    """
    return count_days(tmin, threshold, op, **kw)


def heavy_rain_days(precip: pd.Series, threshold: float = 10.0, **kw) -> pd.Series:
    """Days per year with precipitation >= ``threshold`` mm (ETCCDI R10mm; 20 mm gives R20mm)."""
    return count_days(precip, threshold, ">=", **kw)


def annual_max(series: pd.Series, *, max_missing: int = MAX_MISSING_DAYS, years=None) -> pd.Series:
    """Largest daily value of each year (ETCCDI TXx for tmax, Rx1day for precipitation)."""
    s = _as_daily(series)
    return _mask_incomplete(s.groupby(s.index.year).max(), s, years, max_missing).rename("annual max")


def _noleap_doy(index: pd.DatetimeIndex) -> np.ndarray:
    """Day of year 1..365 on a 365-day calendar; 29 February shares 28 February's day (59)."""
    doy = index.day_of_year.to_numpy().astype("int64")
    doy[index.is_leap_year & (doy >= 60)] -= 1  # 29 Feb (day 60 of a leap year) onwards
    return doy


def calendar_day_percentile(
    series: pd.Series, q: float = 90.0, *, base: tuple[int, int] | None = None, window: int = 5
) -> pd.Series:
    """The ``q``-th percentile for each calendar day (1..365) from a ``window``-day moving window.

    As in ETCCDI, the threshold for a calendar day pools the base-period values of the days within
    ``window // 2`` days either side of it, in every base year. The window wraps around the turn of
    the year. Percentiles use linear interpolation (numpy's default), which differs slightly from
    climdex.pcic. ``base`` is ``(first_year, last_year)`` inclusive; ``None`` uses all the data.
    """
    if window < 1 or window % 2 == 0:
        raise ValueError("window must be a positive odd number of days")
    s = _as_daily(series).dropna()
    if base is not None:
        s = s[(s.index.year >= base[0]) & (s.index.year <= base[1])]
    if s.empty:
        raise ValueError("no observed values in the base period")
    doy = _noleap_doy(s.index)
    half = window // 2
    pooled_doy = np.concatenate([(doy - 1 + k) % 365 + 1 for k in range(-half, half + 1)])
    pooled_val = np.tile(s.to_numpy(), window)
    pooled = pd.Series(pooled_val, index=pooled_doy)
    return pooled.groupby(level=0).quantile(q / 100.0).reindex(range(1, 366)).rename(f"p{q:g}")


def percentile_exceedance(
    series: pd.Series,
    q: float = 90.0,
    *,
    base: tuple[int, int] | None = None,
    window: int = 5,
    by_calendar_day: bool = True,
    max_missing: int = MAX_MISSING_DAYS,
    years=None,
) -> pd.Series:
    """Share (%) of each year's observed days whose value is above the base period's percentile.

    With ``q=90`` on daily maximum temperature this is in the spirit of ETCCDI TX90p (on daily
    minimum, TN90p). Two differences from ETCCDI matter when reading the numbers:

    * ETCCDI uses the fixed base period 1961-1990. Here the base defaults to *all years in the
      data* (for the course data, 2016-2025), so the values say how unusual a year was *within
      this decade*, not how it compares with the late twentieth century. Averaged over the base
      years the share is close to ``100 - q`` by construction.
    * ETCCDI bootstraps the in-base years to avoid a small bias; we do not.

    ``by_calendar_day=True`` compares each day with its own calendar-day threshold
    (:func:`calendar_day_percentile`), as ETCCDI does, so that a "hot for January" day counts; with
    ``False`` one threshold for the whole year is used (simpler, and then most exceedances fall in
    summer).
    """
    s = _as_daily(series)
    if by_calendar_day:
        thresholds = calendar_day_percentile(s, q, base=base, window=window)
        thr = pd.Series(thresholds.to_numpy()[_noleap_doy(s.index) - 1], index=s.index)
    else:
        b = s if base is None else s[(s.index.year >= base[0]) & (s.index.year <= base[1])]
        if b.dropna().empty:
            raise ValueError("no observed values in the base period")
        thr = pd.Series(float(np.nanpercentile(b.to_numpy(), q)), index=s.index)
    valid = s.notna()
    above = (s > thr) & valid
    share = 100.0 * above.groupby(s.index.year).sum() / valid.groupby(s.index.year).sum()
    return _mask_incomplete(share, s, years, max_missing).rename(f"% days > p{q:g}")


# --- indicators by name, for tables, figures and the explorer -----------------------------------


@dataclass(frozen=True)
class Indicator:
    """A named annual indicator computed from one daily column."""

    key: str
    label: str
    column: str
    op: str
    default: float
    unit: str  # unit of the threshold
    definition: str
    kind: str = "count"  # "count" (days per year) or "percentile" (% of days)

    @property
    def y_label(self) -> str:
        return "share of days (%)" if self.kind == "percentile" else "days per year"


INDICATORS: dict[str, Indicator] = {
    i.key: i
    for i in [
        Indicator(
            "hot_days",
            "Hot days",
            "tmax_c",
            ">=",
            33.0,
            "°C",
            "days with daily maximum temperature ≥ threshold (course default 33 °C)",
        ),
        Indicator(
            "summer_days", "Summer days (ETCCDI SU)", "tmax_c", ">", 25.0, "°C", "days with daily maximum > 25 °C"
        ),
        Indicator(
            "tropical_nights_etccdi",
            "Tropical nights (ETCCDI TR)",
            "tmin_c",
            ">",
            20.0,
            "°C",
            "days with daily minimum temperature > 20 °C",
        ),
        Indicator(
            "tropical_nights_25",
            "Tropical nights, 25 °C (as in Korea)",
            "tmin_c",
            ">=",
            25.0,
            "°C",
            "days with daily minimum temperature ≥ 25 °C (approximates the KMA night-time definition)",
        ),
        Indicator(
            "heavy_rain_days",
            "Heavy-rain days (ETCCDI R10mm)",
            "precip_mm",
            ">=",
            10.0,
            "mm",
            "days with precipitation ≥ 10 mm (≥ 20 mm is ETCCDI R20mm)",
        ),
        Indicator(
            "tx90p",
            "Warm days (TX90p-like)",
            "tmax_c",
            ">",
            90.0,
            "percentile",
            "share of days with daily maximum above the calendar-day 90th percentile of the data's own years",
            kind="percentile",
        ),
    ]
}


def city_series(daily: pd.DataFrame, city_id: str, column: str) -> pd.Series:
    """One city's daily series from the long table (``city_id``, ``date`` and value columns)."""
    rows = daily[(daily["city_id"] == city_id).to_numpy(dtype=bool, na_value=False)]
    if rows.empty:
        raise KeyError(f"no rows for city_id {city_id!r}")
    return pd.Series(rows[column].to_numpy(dtype="float64", na_value=np.nan), index=pd.DatetimeIndex(rows["date"]))


def annual_indicator(series: pd.Series, indicator: str, threshold: float | None = None, **kw) -> pd.Series:
    """Compute the named indicator (a key of :data:`INDICATORS`) for one daily series."""
    ind = INDICATORS[indicator]
    thr = ind.default if threshold is None else float(threshold)
    if ind.kind == "percentile":
        return percentile_exceedance(series, thr, **kw)
    return count_days(series, thr, ind.op, **kw)


def indicator_table(
    daily: pd.DataFrame, indicator: str, threshold: float | None = None, city_ids=None, **kw
) -> pd.DataFrame:
    """Indicator per year (rows) and city (columns) from the long daily table."""
    ind = INDICATORS[indicator]
    key = daily["city_id"].astype(str)
    ids = list(city_ids) if city_ids is not None else sorted(key.unique())
    groups = {cid: rows for cid, rows in daily[key.isin(ids).to_numpy()].groupby(key, observed=True, sort=False)}
    missing = [cid for cid in ids if cid not in groups]
    if missing:
        raise KeyError(f"no rows for city_id {missing}")
    cols = {}
    for cid in ids:
        rows = groups[cid]
        series = pd.Series(
            rows[ind.column].to_numpy(dtype="float64", na_value=np.nan), index=pd.DatetimeIndex(rows["date"])
        )
        cols[cid] = annual_indicator(series, indicator, threshold, **kw)
    table = pd.DataFrame(cols)
    table.index.name = "year"
    table.columns.name = "city_id"
    return table


_OP_TEXT = {">": ">", ">=": "≥", "<": "<", "<=": "≤"}


def _threshold_text(ind: Indicator, thr: float) -> str:
    if ind.kind == "percentile":
        return f"above the {thr:g}th percentile"
    return f"{_OP_TEXT[ind.op]} {thr:g} {ind.unit}"


def plot_city_indicator(
    daily: pd.DataFrame,
    city_id: str,
    indicator: str,
    threshold: float | None = None,
    *,
    cities: pd.DataFrame | None = None,
    peers=None,
    ax=None,
):
    """Bars: the city's indicator per year; line: the median of ``peers`` (default all cities).

    Returns the matplotlib Figure (title, axes with units, course palette).
    """
    import matplotlib.pyplot as plt

    from .plots import PALETTE, finish

    ind = INDICATORS[indicator]
    thr = ind.default if threshold is None else float(threshold)
    ids = sorted(daily["city_id"].astype(str).unique()) if peers is None else list(dict.fromkeys([*peers, city_id]))
    table = indicator_table(daily, indicator, thr, city_ids=ids)
    names = {}
    if cities is not None:
        names = dict(zip(cities["city_id"].astype(str), cities["city"].astype(str), strict=False))
    name = names.get(city_id, city_id)
    if ax is None:
        fig, ax = plt.subplots(figsize=(7, 3.8))
    else:
        fig = ax.figure
    years = table.index.to_numpy()
    ax.bar(years, table[city_id].to_numpy(), color=PALETTE["vermillion"], label=name)
    peer_label = "median of all cities" if peers is None else "median of peer cities"
    ax.plot(years, table.median(axis=1).to_numpy(), color=PALETTE["blue"], marker="o", lw=2, label=peer_label)
    ax.set_xticks(years)
    ax.tick_params(axis="x", labelrotation=45)
    ax.legend(frameon=False, fontsize="small")
    finish(
        ax,
        title=f"{ind.label} in {name}\n(days {_threshold_text(ind, thr)})",
        xlabel="year",
        ylabel=ind.y_label,
    )
    return fig


def explorer(
    daily: pd.DataFrame,
    cities: pd.DataFrame | None = None,
    *,
    city_id: str = "gwangju",
    indicator: str = "tropical_nights_25",
):
    """An ipywidgets explorer: pick a city, an indicator and a threshold; see the bars change.

    Needs a live Python kernel (it does nothing in a static web page); the book shows the default
    view as an ordinary figure.
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt
    from IPython.display import display

    from .plots import figure_html

    ids = sorted(daily["city_id"].astype(str).unique())
    if cities is not None:
        names = dict(zip(cities["city_id"].astype(str), cities["city"].astype(str), strict=False))
        options = sorted(((names.get(c, c), c) for c in ids), key=lambda t: t[0])
    else:
        options = [(c, c) for c in ids]
    city_w = widgets.Dropdown(options=options, value=city_id, description="City")
    ind_w = widgets.Dropdown(
        options=[(i.label, k) for k, i in INDICATORS.items()], value=indicator, description="Indicator"
    )
    thr_w = widgets.FloatSlider(value=INDICATORS[indicator].default, min=0, max=50, step=0.5, description="Threshold")
    out = widgets.Output()

    busy = {"now": False}

    def _set_range(*_):
        ind = INDICATORS[ind_w.value]
        rng = {"tmax_c": (15, 45, 0.5), "tmin_c": (0, 32, 0.5), "precip_mm": (1, 150, 1), "percentile": (50, 99, 1)}
        lo, hi, step = rng["percentile" if ind.kind == "percentile" else ind.column]
        busy["now"] = True
        try:
            thr_w.max = max(hi, thr_w.max)  # widen first so min never exceeds max
            thr_w.min = lo
            thr_w.max = hi
            thr_w.step = step
            thr_w.value = ind.default
        finally:
            busy["now"] = False

    def _draw(*_):
        if busy["now"]:
            return
        with out:
            out.clear_output(wait=True)
            fig = plot_city_indicator(daily, city_w.value, ind_w.value, thr_w.value, cities=cities)
            city = dict((c, n) for n, c in options).get(city_w.value, city_w.value)
            alt = (
                f"Bar chart of {INDICATORS[ind_w.value].label} per year in {city} (threshold {thr_w.value:g}), "
                "with a line for the median of all cities."
            )
            display(figure_html(fig, alt))  # an image with alt text, also in the static book
            plt.close(fig)

    ind_w.observe(_set_range, names="value")
    for w in (city_w, ind_w, thr_w):
        w.observe(_draw, names="value")
    _set_range()
    _draw()
    return widgets.VBox([widgets.HBox([city_w, ind_w]), thr_w, out])
