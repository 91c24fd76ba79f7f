"""Disaster losses as accountable numbers: rates with a stated denominator, who reports, where a storm went.

Chapter 4 turns disaster data into questions a local government must answer. The helpers here do the
plumbing and make no judgement:

* :func:`rate_per` divides counts by a population, keeping a missing count or a missing population
  missing (a gap in reporting is not a zero) and refusing a zero or negative population.
* :func:`province_population` gives each Philippine province's population for one survey year, as
  implied by PSA's poverty statistics; :func:`canonical_province` and :func:`match_provinces` join
  province names that the sources spell differently or that changed over the years.
* :func:`completeness_matrix` shows who reported what, and when, from a tidy table.
* :func:`storm_track` and :func:`distance_to_track` join a JTWC best track to places (great-circle
  distance to the hourly interpolated track, correct across the date line; see
  :mod:`rightsclimate.cyclones`).
* :func:`typhoon_explorer` is the chapter's widget: pick a typhoon, see its track and its damage pattern.

    >>> from rightsclimate.data import load
    >>> population = province_population(load("ph_poverty_by_province"), 2015)
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from . import cyclones

#: JTWC storm ids (season year + cyclone number, as in ``tropical_cyclone_tracks``) of the typhoons in
#: ``ph_typhoon_damaged_houses_by_municipality``. Each was matched by its dates in ``ph_disaster_events``
#: (PHIL-DIS) and a track that crosses or skirts the Philippines. Haima and Sarika (October 2016) have no
#: track in the package's JTWC file, so they map to ``None``.
TYPHOON_TRACK_IDS: dict[str, str | None] = {
    "Bopha": "201226",
    "Utor": "201311",
    "Haiyan": "201331",
    "Rammasun": "201409",
    "Kalmaegi": "201415",
    "Hagupit": "201422",
    "Goni": "201516",
    "Koppu": "201524",
    "Melor": "201528",
    "Haima": None,
    "Sarika": None,
    "Nock-Ten": "201630",
}

#: Other spellings and former names of Philippine provinces -> the name used by PHIL-DIS
#: (``rightsclimate.localrisk.province_names``). Keys are compared without case, dots or extra spaces.
PROVINCE_ALIASES: dict[str, str] = {
    "western samar": "Samar",
    "north cotabato": "Cotabato",
    "mt province": "Mountain Province",
    "compostela valley": "Davao de Oro",  # renamed in 2019; same PSGC code
    "davao de oro": "Davao de Oro",
}


# --- rates with an explicit denominator ------------------------------------------------------------
def rate_per(counts: pd.Series, population: pd.Series, *, per: float = 100_000) -> pd.Series:
    """``counts`` per ``per`` people of ``population``, matched on the index (e.g. province code).

    A missing count stays missing (not reported is not zero). A count whose place has no population,
    or a missing population, gives a missing rate. A zero or negative population raises ``ValueError``
    naming the places, because a rate cannot exist there and a silent ``inf`` would hide the error.
    The result has the index of ``counts``.
    """
    if not isinstance(counts, pd.Series) or not isinstance(population, pd.Series):
        raise TypeError("counts and population must both be pandas Series indexed by place")
    if population.index.has_duplicates:
        doubled = sorted(map(str, population.index[population.index.duplicated()].unique()))
        raise ValueError(f"population has more than one value for {doubled}; give one population per place")
    if per <= 0:
        raise ValueError("per must be positive, e.g. 100_000 or 1_000")
    denominator = pd.to_numeric(population, errors="coerce").astype("float64").reindex(counts.index)
    bad = denominator.index[denominator.le(0)]
    if len(bad):
        raise ValueError(f"population is zero or negative for {sorted(map(str, bad))}: no rate can be computed there")
    numerator = pd.to_numeric(counts, errors="coerce").astype("float64")
    return (per * numerator / denominator).rename(counts.name)


# --- Philippine provinces: names and population ----------------------------------------------------
def _name_key(name: str) -> str:
    return re.sub(r"\s+", " ", str(name).replace(".", " ").replace("-", " ")).strip().casefold()


def canonical_province(name: str) -> str:
    """One spelling for a Philippine province name: ``"Mt. Province"`` -> ``"Mountain Province"``.

    Handles case (``"Surigao Del Norte"``), dots and hyphens (``"Tawi-tawi"``), and the former or
    alternative names in :data:`PROVINCE_ALIASES` (``"Compostela Valley"`` was renamed ``"Davao de Oro"``).
    Other names come back as a case-insensitive key's title form (``"LEYTE"`` -> ``"Leyte"``).
    """
    key = _name_key(name)
    if not key:
        raise ValueError("an empty province name cannot be matched")
    if key in PROVINCE_ALIASES:
        return PROVINCE_ALIASES[key]
    small = {"del", "de", "and", "of"}
    return " ".join(w if w in small else w.capitalize() for w in key.split(" "))


def match_provinces(names: Iterable[str], reference: pd.Series) -> pd.Series:
    """The province code (index of ``reference``) for each name, missing where nothing matches.

    ``reference`` is a Series of province names indexed by code, such as
    ``rightsclimate.localrisk.province_names(load("ph_disaster_impacts_by_province"))``. Both sides go
    through :func:`canonical_province`. Two codes with the same canonical name raise ``ValueError``.
    """
    canon = pd.Series({code: canonical_province(n) for code, n in reference.dropna().items()}, dtype="object")
    doubled = canon[canon.duplicated(keep=False)]
    if len(doubled):
        raise ValueError(f"several codes share a province name: {doubled.to_dict()}")
    lookup = dict(zip(canon.to_numpy(), canon.index, strict=True))
    names = list(names)
    return pd.Series([lookup.get(canonical_province(n)) for n in names], index=names, dtype="object", name="code")


def province_population(poverty: pd.DataFrame, year: int, *, level: str = "province") -> pd.Series:
    """Population of each area in ``year`` implied by PSA's poverty statistics (persons).

    ``poverty`` is ``load("ph_poverty_by_province")``. Population = poor population / (poverty
    incidence among the population / 100), the population the Family Income and Expenditure Survey
    represents in that year. PSA publishes the incidence to one decimal, so the implied population is
    within 0.05 / incidence of the survey's own (about 0.2 % at 25 % poverty, 2.5 % at 2 %). Where the
    incidence is zero or missing the population cannot be derived and is missing, not zero. Indexed by
    the area name as PSA spells it; ``level`` is ``"province"``, ``"region"``, ``"country"`` or ``"district"``.
    """
    needed = ["variable", "year", "area", "admin_level", "value"]
    missing = [c for c in needed if c not in poverty.columns]
    if missing:
        raise ValueError(f"ph_poverty_by_province has no column(s) {missing}; pass load('ph_poverty_by_province')")
    years = sorted(int(y) for y in poverty["year"].dropna().unique())
    if year not in years:
        raise ValueError(f"no poverty statistics for {year}; survey years are {years}")
    rows = poverty[(poverty["year"] == year) & (poverty["admin_level"] == level)]
    wide = rows.pivot_table(index="area", columns="variable", values="value", aggfunc="first", observed=True)
    poor = wide.get("poor population", pd.Series(np.nan, index=wide.index)).astype("float64")
    incidence = wide.get("poverty incidence among population", pd.Series(np.nan, index=wide.index)).astype("float64")
    population = (poor / (incidence / 100.0)).where(incidence > 0)
    population.index = population.index.astype(str)
    return population.round().rename(f"population_{year}").sort_index()


# --- who reports ------------------------------------------------------------------------------------
def completeness_matrix(
    table: pd.DataFrame,
    *,
    row: str,
    column: str | list[str],
    value: str = "value",
    rows: Iterable | None = None,
    columns: Iterable | None = None,
) -> pd.DataFrame:
    """True where ``table`` has a reported (non-missing) ``value`` for a row and column, else False.

    ``table`` is tidy (one row per observation), e.g. ``load("sdg_series_asia_pacific")`` with
    ``row="iso3"`` and ``column=["series_code", "year"]``. ``rows`` and ``columns`` fix the full grid,
    so a country or a year with nothing reported appears as an all-False line instead of vanishing:
    a silent absence is itself an accountability finding.
    """
    cols = [column] if isinstance(column, str) else list(column)
    missing = [c for c in [row, *cols, value] if c not in table.columns]
    if missing:
        raise ValueError(f"the table has no column(s) {missing}")
    reported = table.loc[table[value].notna(), [row, *cols]].drop_duplicates().assign(_reported=True)
    grid = reported.pivot_table(index=row, columns=cols, values="_reported", aggfunc="any", observed=True)
    if rows is not None:
        grid = grid.reindex(list(rows))
    if columns is not None:
        wanted = list(columns)
        if len(cols) > 1:
            wanted = pd.MultiIndex.from_tuples([tuple(c) for c in wanted], names=cols)
        grid = grid.reindex(columns=wanted)
    return grid.astype("boolean").fillna(False).astype(bool)


# --- tracks and places ------------------------------------------------------------------------------
def storm_track(tracks: pd.DataFrame, storm_id: str) -> pd.DataFrame:
    """The best-track fixes of one storm, in time order; ``ValueError`` if the storm is not there."""
    rows = tracks[tracks["storm_id"].astype(str) == str(storm_id)]
    if rows.empty:
        raise ValueError(f"storm {storm_id!r} is not in the tracks (ids look like '201331': year + JTWC number)")
    return rows.sort_values("time", kind="stable").reset_index(drop=True)


def distance_to_track(track: pd.DataFrame, lat, lon, *, step_hours: float = 1.0) -> np.ndarray:
    """Shortest great-circle distance (km) from each point (``lat``, ``lon``) to one storm's track.

    The track is interpolated to ``step_hours`` (see :func:`rightsclimate.cyclones.interpolate_track`,
    which crosses the date line the short way), so a point between two six-hourly fixes is measured
    to the line, not to the nearest fix. ``lat`` and ``lon`` may be numbers or arrays of equal length.
    """
    if track.empty:
        raise ValueError("the track has no fixes")
    if track["storm_id"].nunique() != 1:
        raise ValueError("pass the fixes of one storm (see storm_track)")
    points = cyclones.interpolate_track(track, step_hours)
    lat_p = np.atleast_1d(np.asarray(lat, dtype="float64"))
    lon_p = np.atleast_1d(np.asarray(lon, dtype="float64"))
    if lat_p.shape != lon_p.shape:
        raise ValueError("lat and lon must have the same length")
    d = cyclones.haversine_km(
        lat_p[:, None], lon_p[:, None], points["lat"].to_numpy()[None, :], points["lon"].to_numpy()[None, :]
    )
    return d.min(axis=1)


def continuous_lon(lon) -> np.ndarray:
    """Longitudes of one track without the jump at the date line (for drawing a line, not for distances)."""
    return np.rad2deg(np.unwrap(np.deg2rad(np.asarray(lon, dtype="float64"))))


# --- the chapter's widget ---------------------------------------------------------------------------
def _destroyed_share(damage: pd.DataFrame, typhoon: str) -> pd.DataFrame:
    rows = damage[(damage["typhoon"] == typhoon) & (damage["entry"] == 1)].copy()
    rows["destroyed_share_pct"] = 100 * rows["houses_destroyed"] / rows["houses_estimated"]
    return rows


def typhoon_figure(damage: pd.DataFrame, tracks: pd.DataFrame, typhoon: str, cities: pd.DataFrame | None = None):
    """Two panels for one typhoon: its JTWC track, and houses destroyed against poverty by municipality."""
    import matplotlib.pyplot as plt

    from .plots import PALETTE, SEQUENTIAL_CMAP, finish

    rows = _destroyed_share(damage, typhoon)
    if rows.empty:
        raise ValueError(f"no municipality has reported damage from {typhoon!r}")
    fig, (ax_map, ax_dots) = plt.subplots(1, 2, figsize=(9.6, 4.4), gridspec_kw={"width_ratios": [1, 1.3]})  # legible at 720 px
    storm_id = TYPHOON_TRACK_IDS.get(typhoon)
    if storm_id is not None:
        track = storm_track(tracks, storm_id)
        ax_map.plot(continuous_lon(track["lon"]), track["lat"], color=PALETTE["vermillion"], lw=2, marker=".")
        ax_map.text(0.02, 0.02, f"JTWC storm {storm_id}", transform=ax_map.transAxes, fontsize="small")
    else:
        ax_map.text(
            0.5,
            0.5,
            "track not in the JTWC file\nof this package",
            transform=ax_map.transAxes,
            ha="center",
            va="center",
        )
    if cities is not None:
        ph = cities[cities["country_iso3"] == "PHL"]
        ax_map.scatter(ph["lon"], ph["lat"], color=PALETTE["black"], marker="s", s=20, zorder=3)
        for _, c in ph.iterrows():
            ax_map.annotate(
                c["city"], (c["lon"], c["lat"]), xytext=(4, 2), textcoords="offset points", fontsize="small"
            )
    ax_map.set_xlim(114, 135)
    ax_map.set_ylim(4, 22)
    ax_map.set_aspect("equal")
    finish(ax_map, title=f"{typhoon}: track (6-hourly fixes)", xlabel="longitude (°E)", ylabel="latitude (°N)")
    dots = ax_dots.scatter(
        100 * rows["poverty_incidence"],
        rows["destroyed_share_pct"],
        c=rows["distance_to_track_km"],
        cmap=SEQUENTIAL_CMAP,
        s=18,
        edgecolor="none",
    )
    fig.colorbar(dots, ax=ax_dots, label="distance to track (km, DASL)")
    ax_dots.set_yscale("symlog", linthresh=1)
    finish(
        ax_dots,
        title=f"{typhoon}: {len(rows)} municipalities with reported damage",
        xlabel="poverty incidence (% of population)",
        ylabel="houses destroyed (% of estimated houses)",
    )
    return fig


def typhoon_explorer(
    damage: pd.DataFrame, tracks: pd.DataFrame, cities: pd.DataFrame | None = None, *, typhoon: str = "Haiyan"
):
    """An ipywidgets explorer: pick a typhoon; see its track and its municipal damage-poverty pattern.

    Needs a live kernel to respond; the book shows the default view from the saved widget state.
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt
    from IPython.display import display

    from .plots import figure_html

    names = sorted(
        damage["typhoon"].astype(str).unique(),
        key=lambda n: (int(damage.loc[damage["typhoon"] == n, "year"].iloc[0]), n),
    )
    pick = widgets.Dropdown(options=names, value=typhoon, description="Typhoon")
    out = widgets.Output()

    def _draw(*_):
        with out:
            out.clear_output(wait=True)
            rows = _destroyed_share(damage, pick.value)
            # Spearman's rank correlation as Pearson's on ranks (the same number, without importing scipy)
            rho = rows["destroyed_share_pct"].rank().corr(rows["poverty_incidence"].rank())
            fig = typhoon_figure(damage, tracks, pick.value, cities)
            alt = (
                f"Left: the track of typhoon {pick.value} across the Philippines. Right: for the {len(rows)} "
                f"municipalities with reported damage, the share of houses destroyed against poverty incidence; "
                f"the rank correlation is {rho:.2f}."
            )
            display(figure_html(fig, alt))
            plt.close(fig)

    pick.observe(_draw, names="value")
    _draw()
    return widgets.VBox([pick, out])
