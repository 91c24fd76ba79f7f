"""rightsclimate.disasters: rates keep gaps as gaps, names join across spellings, tracks join to places.

Synthetic tables below are labelled as such; the other tests use the shipped data.
"""

import numpy as np
import pandas as pd
import pytest

from rightsclimate import cyclones as cy
from rightsclimate import disasters as ds
from rightsclimate.data import load
from rightsclimate.localrisk import province_names


# --- rate_per (synthetic numbers) --------------------------------------------------------------------
def test_rate_keeps_missing_count_and_missing_denominator_missing():
    counts = pd.Series({"A": 10.0, "B": np.nan, "C": 5.0}, name="dead")
    population = pd.Series({"A": 200_000.0, "B": 100_000.0})  # C has no population
    rate = ds.rate_per(counts, population)
    assert rate["A"] == pytest.approx(5.0)
    assert np.isnan(rate["B"])  # not reported stays not reported
    assert np.isnan(rate["C"])  # no denominator: no rate
    assert rate.name == "dead"
    assert ds.rate_per(counts, population, per=1000)["A"] == pytest.approx(0.05)


def test_rate_refuses_zero_population_and_names_the_place():
    with pytest.raises(ValueError, match="'B'"):
        ds.rate_per(pd.Series({"A": 1, "B": 2}), pd.Series({"A": 10, "B": 0}))


def test_rate_refuses_two_populations_for_one_place():
    with pytest.raises(ValueError, match="more than one"):
        ds.rate_per(pd.Series({"A": 1}), pd.Series([10, 20], index=["A", "A"]))


# --- names and population (shipped data) -------------------------------------------------------------
def test_renamed_and_respelled_provinces_join_to_one_code():
    reference = province_names(load("ph_disaster_impacts_by_province"))
    codes = ds.match_provinces(
        [
            "Compostela Valley",
            "Davao de Oro",
            "Western Samar",
            "Mt. Province",
            "Surigao Del Norte",
            "Tawi-tawi",
            "Nowhere",
        ],
        reference,
    )
    assert codes["Compostela Valley"] == codes["Davao de Oro"] == "118200000"
    assert codes["Western Samar"] == "086000000"
    assert codes["Mt. Province"] == "144400000"
    assert codes["Surigao Del Norte"] == "166700000"
    assert codes["Tawi-tawi"] == "157000000"
    assert codes["Nowhere"] is None


def test_every_province_in_the_poverty_table_but_two_cities_matches_phildis():
    reference = province_names(load("ph_disaster_impacts_by_province"))
    population = ds.province_population(load("ph_poverty_by_province"), 2015)
    codes = ds.match_provinces(population.index, reference)
    assert sorted(codes[codes.isna()].index) == ["Cotabato City", "Isabela City"]


def test_province_population_is_near_the_census_and_zero_poverty_gives_a_gap():
    poverty = load("ph_poverty_by_province")
    national = ds.province_population(poverty, 2015, level="country")["Philippines"]
    assert 95e6 < national < 105e6  # PSA's 2015 census counted about 101 million
    provinces = ds.province_population(poverty, 2015)
    incidence = poverty[
        (poverty["year"] == 2015)
        & (poverty["admin_level"] == "province")
        & (poverty["variable"] == "poverty incidence among population")
    ].set_index("area")["value"]
    zero = incidence[incidence == 0].index
    assert len(zero) >= 1 and provinces.reindex(zero).isna().all()
    assert provinces.dropna().gt(0).all()
    with pytest.raises(ValueError, match="survey years"):
        ds.province_population(poverty, 2016)


# --- completeness (synthetic and shipped) -------------------------------------------------------------
def test_completeness_matrix_keeps_silent_rows_and_columns():
    table = pd.DataFrame(  # synthetic
        {"iso3": ["A", "A", "B"], "year": [2015, 2016, 2015], "value": [1.0, np.nan, 0.0]}
    )
    m = ds.completeness_matrix(table, row="iso3", column="year", rows=["A", "B", "C"], columns=[2015, 2016, 2017])
    assert m.loc["A"].tolist() == [True, False, False]  # a missing value is not a report
    assert m.loc["B"].tolist() == [True, False, False]  # a reported zero is a report
    assert not m.loc["C"].any()
    assert m.dtypes.eq(bool).all()


def test_completeness_matrix_on_sdg_series_has_both_levels():
    sdg = load("sdg_series_asia_pacific")
    m = ds.completeness_matrix(sdg[sdg["series_code"] == "sg_dsr_sils"], row="iso3", column=["series_code", "year"])
    assert m.loc["JPN", ("sg_dsr_sils", 2015)]
    assert not m.loc["AFG", ("sg_dsr_sils", 2015)] and m.loc["AFG", ("sg_dsr_sils", 2017)]


# --- tracks (synthetic and shipped) ----------------------------------------------------------------------
def test_distance_to_track_across_the_date_line():
    track = pd.DataFrame(  # synthetic storm moving east along 10 N across 180 degrees
        {
            "storm_id": "X",
            "time": pd.to_datetime(["2020-01-01 00:00", "2020-01-01 06:00"]),
            "lat": [10.0, 10.0],
            "lon": [179.0, -179.0],
            "vmax_kt": [50.0, 50.0],
        }
    )
    d = ds.distance_to_track(track, [10.0, 11.0], [180.0, -180.0])
    assert d[0] == pytest.approx(0.0, abs=1.0)  # on the line between the fixes, not 110 km to a fix
    assert d[1] == pytest.approx(cy.haversine_km(10, 180, 11, 180), rel=0.01)
    assert np.allclose(ds.continuous_lon([179.0, -179.0]), [179.0, 181.0])


def test_typhoon_ids_match_phildis_dates_and_pass_the_philippines():
    tracks = load("tropical_cyclone_tracks")
    events = load("ph_disaster_events")
    damage = load("ph_typhoon_damaged_houses_by_municipality")
    assert set(ds.TYPHOON_TRACK_IDS) == set(damage["typhoon"].unique())
    for name, storm_id in ds.TYPHOON_TRACK_IDS.items():
        if storm_id is None:  # no storm in the file is near the Philippines while PHIL-DIS says it struck
            event = events[events["name_int"].fillna("").str.contains(name, case=False) & (events["year"] == 2016)]
            start, end = event["date_start"].iloc[0], event["date_end"].iloc[0]
            near = tracks[tracks["time"].between(start, end) & tracks["lat"].between(4, 22)]
            assert not near["lon"].between(114, 128).any(), name
            continue
        track = ds.storm_track(tracks, storm_id)
        year = int(damage.loc[damage["typhoon"] == name, "year"].iloc[0])
        assert track["time"].dt.year.eq(year).any(), name
        event = events[events["name_int"].fillna("").str.contains(name, case=False) & (events["year"] == year)]
        start = event["date_start"].dropna()
        if len(start):  # the storm existed when PHIL-DIS says the event began
            assert (
                track["time"].min()
                <= start.iloc[0] + pd.Timedelta(days=1)
                <= track["time"].max() + pd.Timedelta(days=2)
            ), name
        in_box = track["lat"].between(4, 22) & track["lon"].between(114, 128)
        assert in_box.any(), name


def test_haiyan_passes_near_cebu_and_unknown_storm_is_refused():
    tracks = load("tropical_cyclone_tracks")
    haiyan = ds.storm_track(tracks, "201331")
    assert ds.distance_to_track(haiyan, 10.3157, 123.8854)[0] < 150
    with pytest.raises(ValueError, match="not in the tracks"):
        ds.storm_track(tracks, "201699")
