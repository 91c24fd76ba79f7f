"""Tropical-cyclone passages near a place: great-circle distance, track interpolation, counts.

Best-track archives (here the JTWC western North Pacific tracks) give a storm's centre every six
hours. A storm moving at 30-40 km/h travels 180-240 km between fixes, so a storm can pass within a
few hundred kilometres of a city without any *fix* falling inside that radius.
:func:`passages` therefore interpolates the track linearly (in latitude, longitude and maximum wind)
to hourly points by default, and counts a passage when any point lies inside the radius.

Definitions
-----------
* **Distance**: great-circle (haversine) distance on a sphere of radius :data:`EARTH_RADIUS_KM`;
  this differs from the distance on the WGS84 ellipsoid by well under 1 %.
* **Passage**: a continuous stretch of a storm's (interpolated) track inside the radius. A storm
  counts once per passage however many points fall inside; a storm that leaves the circle and comes
  back (a loop) counts again. Gaps of more than ``max_gap_hours`` between fixes are never
  interpolated across and break a passage.
* **Closest approach**: the smallest distance from the city to any point of the passage.
* **Intensity**: the highest category reached at any point inside the radius (interpolated points
  get the category of their interpolated wind, see :func:`category_from_vmax`).
* **Longitude**: any convention works (-180..180 or 0..360). Interpolation crosses the date line
  the short way round, and longitudes are returned in -180..180.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Mean radius of the Earth (IUGG mean radius R1, rounded), in km.
EARTH_RADIUS_KM = 6371.0

#: Categories from weakest to strongest (tropical depression, tropical storm, Saffir-Simpson 1-5).
CATEGORIES = ["TD", "TS", "Cat1", "Cat2", "Cat3", "Cat4", "Cat5"]
CATEGORY_DTYPE = pd.CategoricalDtype(CATEGORIES, ordered=True)
#: Lower bounds of 1-minute maximum sustained wind (kt) for TS and Saffir-Simpson categories 1-5.
_CATEGORY_BOUNDS_KT = [34, 64, 83, 96, 113, 137]


def wrap_lon(lon):
    """Longitude(s) in degrees mapped to the interval [-180, 180)."""
    return (np.asarray(lon, dtype="float64") + 180.0) % 360.0 - 180.0


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km between points given in degrees (numpy broadcasting applies).

    Works for any longitude convention and across the date line.
    """
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlmb = np.radians(np.asarray(lon2, dtype="float64") - np.asarray(lon1, dtype="float64"))
    a = np.sin(dphi / 2.0) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2.0) ** 2
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def category_from_vmax(vmax_kt) -> pd.Categorical:
    """Category from 1-minute maximum sustained wind in knots.

    TD < 34 kt <= TS < 64 kt <= Cat1 < 83 <= Cat2 < 96 <= Cat3 < 113 <= Cat4 < 137 <= Cat5
    (Saffir-Simpson hurricane wind scale in knots; these bounds reproduce the ``category`` column of
    the JTWC table, whose winds are in 5-kt steps). Missing or non-positive wind gives a missing
    category.
    """
    v = np.asarray(pd.to_numeric(pd.Series(vmax_kt), errors="coerce").astype("float64"), dtype="float64")
    codes = np.searchsorted(_CATEGORY_BOUNDS_KT, v, side="right")
    codes = np.where(np.isnan(v) | (v <= 0), -1, codes)
    return pd.Categorical.from_codes(codes, dtype=CATEGORY_DTYPE)


def interpolate_track(
    track: pd.DataFrame,
    step_hours: float = 1.0,
    max_gap_hours: float = 24.0,
    *,
    storm_col: str = "storm_id",
    time_col: str = "time",
) -> pd.DataFrame:
    """Insert linearly interpolated points every ``step_hours`` between consecutive fixes.

    Works on many storms at once (grouped by ``storm_col``). Latitude, longitude (the short way
    round, across the date line if that is shorter) and ``vmax_kt`` are interpolated; ``category``
    of an inserted point comes from its interpolated wind. Original fixes are kept unchanged and
    flagged ``interpolated == False``. Consecutive fixes more than ``max_gap_hours`` apart are not
    bridged, and the second one starts a new ``segment`` (segments never join into one passage).
    """
    if step_hours <= 0:
        raise ValueError("step_hours must be positive")
    df = track.sort_values([storm_col, time_col], kind="stable").reset_index(drop=True)
    if df.empty:
        out = pd.DataFrame({c: pd.Series(dtype="float64") for c in ["lat", "lon", "vmax_kt"]})
        out.insert(0, time_col, pd.Series(dtype="datetime64[ns]"))
        out.insert(0, storm_col, pd.Series(dtype=df[storm_col].dtype))
        out["segment"] = pd.Series(dtype="int64")
        out["interpolated"] = pd.Series(dtype="bool")
        out["category"] = pd.Series(dtype=CATEGORY_DTYPE)
        return out
    t = pd.DatetimeIndex(df[time_col]).as_unit("ns").asi8.astype("float64") / 3.6e12  # hours
    lat = df["lat"].to_numpy(dtype="float64")
    lon = wrap_lon(df["lon"].to_numpy(dtype="float64"))
    vmax = df["vmax_kt"].to_numpy(dtype="float64", na_value=np.nan) if "vmax_kt" in df else np.full(len(df), np.nan)
    storm = df[storm_col].to_numpy()
    same_storm = np.r_[False, storm[1:] == storm[:-1]]
    gap = np.r_[np.inf, np.diff(t)]
    new_segment = ~same_storm | (gap > max_gap_hours)
    segment = np.cumsum(new_segment)

    # pairs (i, i+1) that are bridged by interpolation
    bridge = np.r_[~new_segment[1:], False]
    idx = np.flatnonzero(bridge)
    n_new = np.maximum(np.ceil(gap[idx + 1] / step_hours).astype("int64") - 1, 0)
    rep = np.repeat(idx, n_new)
    k = np.concatenate([np.arange(1, n + 1) for n in n_new]) if len(n_new) else np.array([], dtype="int64")
    frac = k * step_hours / gap[rep + 1]
    dlon = wrap_lon(lon[rep + 1] - lon[rep])
    new = pd.DataFrame(
        {
            storm_col: storm[rep],
            time_col: pd.to_datetime(np.round((t[rep] + k * step_hours) * 3.6e12).astype("int64"), unit="ns"),
            "lat": lat[rep] + frac * (lat[rep + 1] - lat[rep]),
            "lon": wrap_lon(lon[rep] + frac * dlon),
            "vmax_kt": vmax[rep] + frac * (vmax[rep + 1] - vmax[rep]),
            "segment": segment[rep],
            "interpolated": True,
        }
    )
    new["category"] = category_from_vmax(new["vmax_kt"])
    orig = pd.DataFrame(
        {
            storm_col: storm,
            time_col: pd.to_datetime(df[time_col]).astype("datetime64[ns]"),
            "lat": lat,
            "lon": lon,
            "vmax_kt": vmax,
            "segment": segment,
            "interpolated": False,
        }
    )
    if "category" in df:
        orig["category"] = pd.Categorical(df["category"].astype("object"), dtype=CATEGORY_DTYPE)
    else:
        orig["category"] = category_from_vmax(vmax)
    out = pd.concat([orig, new], ignore_index=True)
    out["category"] = out["category"].astype(CATEGORY_DTYPE)
    return out.sort_values([storm_col, time_col], kind="stable").reset_index(drop=True)


def _storms_that_may_enter(tracks, lat, lon, radius_km, storm_col, time_col):
    """Keep only storms with a track segment that could come within ``radius_km`` (for speed).

    By the triangle inequality a point between fixes A and B is at least
    ``min(d(C, A), d(C, B)) - d(A, B)`` from the city C; the factor 1.5 on d(A, B) leaves room for
    interpolating in latitude/longitude rather than along the great circle.
    """
    df = tracks.sort_values([storm_col, time_col], kind="stable")
    la, lo = df["lat"].to_numpy(dtype="float64"), df["lon"].to_numpy(dtype="float64")
    d_city = haversine_km(lat, lon, la, lo)
    same = np.r_[False, df[storm_col].to_numpy()[1:] == df[storm_col].to_numpy()[:-1]]
    d_step = np.r_[0.0, haversine_km(la[:-1], lo[:-1], la[1:], lo[1:])] if len(df) else np.array([])
    d_prev = np.r_[np.inf, d_city[:-1]] if len(df) else np.array([])
    bound = np.where(same, np.minimum(d_city, d_prev) - 1.5 * d_step, d_city)
    near = pd.Series(bound <= radius_km, index=df.index).groupby(df[storm_col]).transform("any")
    return df[near.to_numpy()]


def passages(
    tracks: pd.DataFrame,
    lat: float,
    lon: float,
    radius_km: float,
    *,
    interpolate: bool = True,
    step_hours: float = 1.0,
    max_gap_hours: float = 24.0,
    storm_col: str = "storm_id",
    time_col: str = "time",
) -> pd.DataFrame:
    """Storm passages within ``radius_km`` of the point (``lat``, ``lon``), one row per passage.

    Columns: ``storm_id``, ``passage`` (1, 2, ... within a storm), ``entry_time``, ``exit_time``
    (first and last point inside), ``closest_km``, ``closest_time``, ``closest_lat``,
    ``closest_lon``, ``max_vmax_kt`` and ``max_category`` (inside the radius), ``year`` and
    ``decade`` (of the closest approach). With ``interpolate=False`` only the fixes are used and a
    fast storm may be missed.
    """
    if radius_km <= 0:
        raise ValueError("radius_km must be positive")
    tracks = _storms_that_may_enter(tracks, lat, lon, radius_km, storm_col, time_col)
    step = step_hours if interpolate else np.inf
    pts = interpolate_track(tracks, step, max_gap_hours, storm_col=storm_col, time_col=time_col)
    pts["distance_km"] = haversine_km(lat, lon, pts["lat"].to_numpy(), pts["lon"].to_numpy())
    inside = (pts["distance_km"] <= radius_km).to_numpy()
    # a new run starts where a point is inside and the previous point was outside or in another segment
    seg = pts["segment"].to_numpy()
    prev_inside = np.r_[False, inside[:-1]] & np.r_[False, seg[1:] == seg[:-1]]
    run = np.cumsum(inside & ~prev_inside)
    sel = pts[inside].assign(run=run[inside])
    columns = [
        storm_col,
        "passage",
        "entry_time",
        "exit_time",
        "closest_km",
        "closest_time",
        "closest_lat",
        "closest_lon",
        "max_vmax_kt",
        "max_category",
        "year",
        "decade",
    ]
    if sel.empty:
        empty = pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
        empty["max_category"] = pd.Series(dtype=CATEGORY_DTYPE)
        return empty
    g = sel.groupby("run", sort=True)
    closest = sel.loc[g["distance_km"].idxmin()].set_index("run")
    cat_codes = sel["category"].cat.codes.groupby(sel["run"]).max()
    out = pd.DataFrame(
        {
            storm_col: g[storm_col].first(),
            "entry_time": g[time_col].min(),
            "exit_time": g[time_col].max(),
            "closest_km": closest["distance_km"],
            "closest_time": closest[time_col],
            "closest_lat": closest["lat"],
            "closest_lon": closest["lon"],
            "max_vmax_kt": g["vmax_kt"].max(),
            "max_category": pd.Categorical.from_codes(cat_codes.to_numpy(), dtype=CATEGORY_DTYPE),
        }
    ).reset_index(drop=True)
    out.insert(1, "passage", out.groupby(storm_col).cumcount() + 1)
    out["year"] = out["closest_time"].dt.year.astype("int64")
    out["decade"] = (out["year"] // 10 * 10).astype("int64")
    return out[columns]


def passages_by_decade(passage_table: pd.DataFrame, decades=None, *, min_category: str | None = None) -> pd.DataFrame:
    """Count passages per decade (rows) and strongest category inside the radius (columns).

    ``decades`` (e.g. ``range(1950, 2020, 10)``) fixes the rows, so decades without any passage
    show 0 and partial decades can be left out; passages outside the listed decades are dropped.
    Passages whose intensity is unknown (no wind recorded inside the radius) are counted in the
    ``unknown`` column, so ``total`` counts every passage. ``min_category`` (e.g. ``"TS"``) keeps
    only passages at least that strong (unknown ones are then dropped).
    """
    p = passage_table
    if min_category is not None:
        p = p[(p["max_category"] >= min_category).fillna(False).to_numpy(dtype=bool)]
    labels = p["max_category"].astype(CATEGORY_DTYPE).astype("object").fillna("unknown")
    table = pd.crosstab(p["decade"].to_numpy(), labels.to_numpy())
    table = table.reindex(columns=[*CATEGORIES, "unknown"], fill_value=0)
    if decades is not None:
        table = table.reindex(list(decades), fill_value=0)
    table.index.name = "decade"
    table.columns.name = "max_category"
    table["total"] = table.sum(axis=1)
    return table.astype("int64")
