"""Tests for rightsclimate.cyclones: distances, interpolation, passages; synthetic and JTWC tracks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from rightsclimate import cyclones as cy

KM_PER_DEG = np.pi * cy.EARTH_RADIUS_KM / 180.0  # 111.19 km per degree of a great circle


def track(storm_id, fixes, start="2000-08-01 00:00", step_h=6):
    """A storm from (lat, lon, vmax_kt) fixes every ``step_h`` hours."""
    times = pd.date_range(start, periods=len(fixes), freq=f"{step_h}h")
    lat, lon, vmax = zip(*fixes, strict=True)
    return pd.DataFrame(
        {
            "storm_id": storm_id,
            "time": times,
            "lat": np.array(lat, float),
            "lon": np.array(lon, float),
            "vmax_kt": np.array(vmax, float),
            "category": cy.category_from_vmax(np.array(vmax, float)),
        }
    )


# --- distance and longitude ---------------------------------------------------------------------


def test_haversine_known_distances():
    assert cy.haversine_km(35.0, 127.0, 35.0, 127.0) == pytest.approx(0.0)
    assert cy.haversine_km(0, 0, 1, 0) == pytest.approx(KM_PER_DEG)
    assert KM_PER_DEG == pytest.approx(111.19, abs=0.01)
    assert cy.haversine_km(0, 0, 0, 90) == pytest.approx(np.pi * cy.EARTH_RADIUS_KM / 2)
    assert cy.haversine_km(0, 0, 0, 180) == pytest.approx(np.pi * cy.EARTH_RADIUS_KM)  # antipodes
    assert cy.haversine_km(90, 0, 90, 123) == pytest.approx(0.0, abs=1e-6)  # all longitudes meet at the pole
    # one degree of longitude at 60° N is half a degree of latitude (cos 60° = 0.5), nearly
    assert cy.haversine_km(60, 10, 60, 11) == pytest.approx(KM_PER_DEG / 2, rel=1e-3)


def test_haversine_is_symmetric_and_vectorised():
    lat2 = np.array([10.0, 20.0, -30.0])
    lon2 = np.array([100.0, -170.0, 179.0])
    d = cy.haversine_km(14.6, 121.0, lat2, lon2)
    assert d.shape == (3,)
    assert np.allclose(d, cy.haversine_km(lat2, lon2, 14.6, 121.0))


def test_haversine_across_the_date_line_and_in_0_360_longitudes():
    # 179.5 E and 179.5 W are one degree apart, not 359
    assert cy.haversine_km(0, 179.5, 0, -179.5) == pytest.approx(KM_PER_DEG)
    # 180.5 (0-360 convention) is the same place as -179.5
    assert cy.haversine_km(10, 180.5, 10, -179.5) == pytest.approx(0.0, abs=1e-6)
    assert cy.haversine_km(20, 350, 20, -10) == pytest.approx(0.0, abs=1e-6)


def test_wrap_lon():
    assert cy.wrap_lon([190, 180, -180, 360, 0, 179.9, -190]).tolist() == pytest.approx(
        [-170, -180, -180, 0, 0, 179.9, 170]
    )


# --- categories ------------------------------------------------------------------------------------


def test_category_bounds_in_knots():
    v = [15, 33, 34, 63, 64, 82, 83, 95, 96, 112, 113, 136, 137, 185]
    expected = ["TD", "TD", "TS", "TS", "Cat1", "Cat1", "Cat2", "Cat2", "Cat3", "Cat3", "Cat4", "Cat4", "Cat5", "Cat5"]
    assert list(cy.category_from_vmax(v)) == expected


def test_missing_or_impossible_wind_has_no_category():
    c = cy.category_from_vmax([np.nan, 0, -999, None])
    assert c.isna().all()
    assert c.ordered and list(c.categories) == cy.CATEGORIES


# --- interpolation ---------------------------------------------------------------------------------


def test_interpolation_adds_hourly_points_between_six_hourly_fixes():
    t = track("A", [(10, 130, 40), (13, 136, 100)])
    pts = cy.interpolate_track(t)
    assert len(pts) == 7
    assert pts["interpolated"].sum() == 5
    mid = pts.iloc[3]
    assert mid["time"] == pd.Timestamp("2000-08-01 03:00")
    assert (mid["lat"], mid["lon"], mid["vmax_kt"]) == pytest.approx((11.5, 133.0, 70.0))
    assert mid["category"] == "Cat1"
    # original fixes keep their own values
    assert pts.loc[~pts["interpolated"], "vmax_kt"].tolist() == [40.0, 100.0]


def test_interpolation_crosses_the_date_line_the_short_way():
    t = track("B", [(20, 179.0, 50), (20, -179.0, 50)])
    pts = cy.interpolate_track(t, step_hours=3)
    assert pts["lon"].tolist() == pytest.approx([179.0, -180.0, -179.0])
    # same storm given in 0-360 longitudes
    t360 = track("B", [(20, 179.0, 50), (20, 181.0, 50)])
    assert cy.interpolate_track(t360, step_hours=3)["lon"].tolist() == pytest.approx([179.0, -180.0, -179.0])


def test_long_gaps_are_not_bridged_and_start_a_new_segment():
    t = track("C", [(10, 130, 40), (10, 131, 40), (20, 140, 40)], step_h=30)
    pts = cy.interpolate_track(t, step_hours=6, max_gap_hours=24)
    assert len(pts) == 3 and not pts["interpolated"].any()
    assert pts["segment"].nunique() == 3
    with pytest.raises(ValueError):
        cy.interpolate_track(t, step_hours=0)


def test_storms_are_interpolated_separately():
    t = pd.concat([track("D", [(10, 130, 40), (11, 131, 40)]), track("E", [(30, 150, 40), (31, 151, 40)])])
    pts = cy.interpolate_track(t, step_hours=2)
    assert pts.groupby("storm_id").size().to_dict() == {"D": 4, "E": 4}
    assert pts.loc[pts["storm_id"] == "D", "lat"].between(10, 11).all()


# --- passages ---------------------------------------------------------------------------------------


def test_fast_storm_between_fixes_is_found_only_with_interpolation_across_the_date_line():
    # fixes 3 degrees either side of the date line (about 333 km from a point on it), 6 h apart
    t = track("F", [(0.0, 177.0, 120), (0.0, -177.0, 120)])
    city = (0.0, 180.0)
    assert cy.passages(t, *city, 200, interpolate=False).empty
    p = cy.passages(t, *city, 200)
    assert len(p) == 1
    assert p.loc[0, "closest_km"] == pytest.approx(0.0, abs=1e-6)
    assert p.loc[0, "closest_time"] == pd.Timestamp("2000-08-01 03:00")
    assert p.loc[0, "closest_lon"] == pytest.approx(-180.0)
    assert p.loc[0, "max_category"] == "Cat4"
    # the same city written as -180 gives the same answer
    assert cy.passages(t, 0.0, -180.0, 200).loc[0, "closest_km"] == pytest.approx(0.0, abs=1e-6)


def test_a_storm_counts_once_per_passage_and_again_after_a_loop():
    city = (20.0, 120.0)
    one = track("G", [(19.0, 118.0, 40), (19.5, 119.0, 45), (20.0, 120.0, 50), (20.5, 121.0, 55), (21.0, 122.0, 60)])
    p = cy.passages(one, *city, 300)
    assert len(p) == 1 and p["passage"].tolist() == [1]
    assert p.loc[0, "closest_km"] == pytest.approx(0.0, abs=1e-6)
    # out, far away, and back in: two passages of the same storm
    loop = track("H", [(20.0, 120.0, 40), (20.0, 126.0, 40), (20.0, 130.0, 40), (20.0, 126.0, 40), (20.2, 120.0, 40)])
    p = cy.passages(loop, *city, 300)
    assert p["storm_id"].tolist() == ["H", "H"]
    assert p["passage"].tolist() == [1, 2]
    assert p["entry_time"].iloc[1] > p["exit_time"].iloc[0]


def test_intensity_is_the_strongest_inside_the_radius_not_the_lifetime_peak():
    city = (25.0, 125.0)
    # a super typhoon far to the south that has weakened to a tropical storm near the city
    t = track("I", [(10.0, 130.0, 150), (15.0, 128.0, 140), (20.0, 126.0, 60), (24.0, 125.0, 55), (26.0, 125.0, 50)])
    p = cy.passages(t, *city, 300)
    assert len(p) == 1
    assert p.loc[0, "max_category"] == "TS"
    assert 55.0 <= p.loc[0, "max_vmax_kt"] < 60.0  # interpolated wind where the track enters the circle
    assert p.loc[0, "closest_km"] == pytest.approx(0.0, abs=1e-6)  # the track crosses the city at 25 N 125 E


def test_a_long_gap_splits_a_passage_and_far_storms_give_an_empty_table():
    city = (20.0, 120.0)
    t = track("J", [(20.0, 120.0, 40), (20.1, 120.1, 40)], step_h=48)
    assert len(cy.passages(t, *city, 300)) == 2
    far = track("K", [(40.0, 160.0, 40), (41.0, 161.0, 40)])
    empty = cy.passages(far, *city, 300)
    assert empty.empty and "closest_km" in empty.columns and "max_category" in empty.columns
    with pytest.raises(ValueError):
        cy.passages(far, *city, 0)


def test_passages_by_decade_counts_and_fills_empty_decades():
    city = (20.0, 120.0)
    storms = pd.concat(
        [
            track("L1", [(20.0, 119.0, 40), (20.0, 121.0, 40)], start="1961-09-01"),
            track("L2", [(20.0, 119.0, 120), (20.0, 121.0, 120)], start="1969-09-01"),
            track("L3", [(20.0, 119.0, 25), (20.0, 121.0, 25)], start="1985-09-01"),
        ]
    )
    p = cy.passages(storms, *city, 300)
    assert p["decade"].tolist() == [1960, 1960, 1980]
    table = cy.passages_by_decade(p, range(1950, 2000, 10))
    assert table.index.tolist() == [1950, 1960, 1970, 1980, 1990]
    assert table["total"].tolist() == [0, 2, 0, 1, 0]
    assert table.loc[1960, "TS"] == 1 and table.loc[1960, "Cat4"] == 1 and table.loc[1980, "TD"] == 1
    assert cy.passages_by_decade(p, range(1950, 2000, 10), min_category="TS")["total"].tolist() == [0, 2, 0, 0, 0]
    assert list(table.columns) == [*cy.CATEGORIES, "unknown", "total"]


def test_passages_of_unknown_intensity_are_counted_not_dropped():
    city = (20.0, 120.0)
    storms = pd.concat(
        [
            track("U1", [(20.0, 119.0, np.nan), (20.0, 121.0, np.nan)], start="1961-09-01"),
            track("U2", [(20.0, 119.0, 70), (20.0, 121.0, 70)], start="1962-09-01"),
        ]
    )
    p = cy.passages(storms, *city, 300)
    assert p["max_category"].isna().tolist() == [True, False]
    table = cy.passages_by_decade(p, [1960])
    assert (table.loc[1960, "unknown"], table.loc[1960, "Cat1"], table.loc[1960, "total"]) == (1, 1, 2)
    assert cy.passages_by_decade(p, [1960], min_category="TD").loc[1960, "total"] == 1
    empty = cy.passages_by_decade(p.iloc[:0], [1960, 1970])
    assert empty["total"].tolist() == [0, 0]


# --- the shipped JTWC tracks ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def jtwc():
    from rightsclimate.data import load

    return load("tropical_cyclone_tracks")


@pytest.fixture(scope="module")
def cities():
    from rightsclimate.data import load

    return load("cities").set_index("city_id")


def test_storm_2013_31w_passes_cebu_as_category_5(jtwc, cities):
    # JTWC storm 31 of 2013 (31W) reached category 5 near the central Philippines in November 2013
    c = cities.loc["cebu"]
    p = cy.passages(jtwc, c["lat"], c["lon"], 300)
    row = p[p["storm_id"].astype(str) == "201331"]
    assert len(row) == 1
    row = row.iloc[0]
    assert row["max_category"] == "Cat5"
    assert row["closest_km"] < 150
    assert row["closest_time"].strftime("%Y-%m") == "2013-11"


def test_interpolation_of_real_tracks_never_jumps_the_long_way_round(jtwc):
    crossers = jtwc.groupby("storm_id", observed=True)["lon"].agg(lambda s: (s < 0).any() and (s > 0).any())
    ids = crossers[crossers].index
    assert len(ids) > 0  # some western North Pacific storms do cross 180°
    pts = cy.interpolate_track(jtwc[jtwc["storm_id"].isin(ids)])
    step = cy.haversine_km(pts["lat"].shift(), pts["lon"].shift(), pts["lat"], pts["lon"])
    same = (pts["storm_id"] == pts["storm_id"].shift()) & (pts["segment"] == pts["segment"].shift())
    assert step[same].max() < 300  # one hour of movement, never a 300 km jump
    assert not pts["lon"].between(-140, 90).any()


def test_interpolated_counts_are_at_least_fix_only_counts(jtwc, cities):
    c = cities.loc["busan"]
    with_interp = cy.passages(jtwc, c["lat"], c["lon"], 300)
    fixes_only = cy.passages(jtwc, c["lat"], c["lon"], 300, interpolate=False)
    assert len(with_interp) >= len(fixes_only) > 0
    assert with_interp["closest_km"].le(300).all()
