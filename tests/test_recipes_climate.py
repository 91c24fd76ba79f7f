"""The climate, disaster and heat-health tables as committed: shapes, keys, known figures, licences.

These read the committed files in datasets/data/ (through rightsclimate.data.load, which also checks
each file's hash and schema), so they test what learners will actually get.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from rightsclimate.data import load

REPO = Path(__file__).resolve().parents[1]
PACKAGE = json.loads((REPO / "datasets" / "datapackage.json").read_text(encoding="utf-8"))
DESCRIPTORS = {r["name"]: r for r in PACKAGE["resources"]}


def descriptor(name: str) -> dict:
    if name not in DESCRIPTORS:
        pytest.fail(f"{name} is not in datasets/datapackage.json; run python datasets/rebuild.py --only {name}")
    return DESCRIPTORS[name]


# --- cities and daily weather ---------------------------------------------------------------------
def test_cities_are_44_with_iso_codes_and_gwangju():
    cities = load("cities")
    assert len(cities) == 44 and cities["city_id"].is_unique
    assert cities.loc[cities["city_id"] == "gwangju", "country_iso3"].tolist() == ["KOR"]
    # territories carry their own ISO code, so they join to the ESCAP list
    codes = dict(zip(cities["city_id"], cities["country_iso3"], strict=True))
    assert (codes["hong-kong"], codes["guam"], codes["saipan"]) == ("HKG", "GUM", "MNP")
    assert cities[["country", "country_iso2", "country_iso3", "lat", "lon"]].notna().all().all()


def test_weather_is_44_cities_by_3653_days_without_gaps():
    weather = load("city_daily_weather")
    assert weather.shape == (44 * 3653, 8)
    assert weather.notna().all().all()
    per_city = weather.groupby("city_id", observed=True)["date"].agg(["size", "min", "max"])
    assert len(per_city) == 44 and (per_city["size"] == 3653).all()
    assert (per_city["min"] == pd.Timestamp("2016-01-01")).all()
    assert (per_city["max"] == pd.Timestamp("2025-12-31")).all()
    assert set(per_city.index) == set(load("cities")["city_id"])
    assert not weather.duplicated(["city_id", "date"]).any()
    assert (weather["tmin_c"] <= weather["tmax_c"]).all()


def test_weather_is_described_as_reanalysis_and_cites_open_meteo_and_era5():
    d = descriptor("city_daily_weather")
    assert "reanalysis" in d["description"] and "not station" in d["description"]
    assert "Open-Meteo" in d["citation"] and "ERA5" in d["citation"]
    assert d["licenses"][0]["name"] == "CC-BY-4.0"


# --- typhoon tracks -------------------------------------------------------------------------------
def test_cyclone_tracks_key_is_unique_and_longitudes_in_documented_range():
    tracks = load("tropical_cyclone_tracks")
    assert len(tracks) == 63457 and tracks["storm_id"].nunique() == 2205
    assert not tracks.duplicated(["storm_id", "time"]).any()
    assert tracks["lon"].between(-180, 180).all()
    # east of the date line is negative, as the descriptor says
    assert (tracks["lon"] < 0).sum() == 410
    assert "-180..180" in descriptor("tropical_cyclone_tracks")["description"]


def test_cyclone_sentinels_are_missing_not_numbers():
    tracks = load("tropical_cyclone_tracks")
    assert tracks["vmax_kt"].dropna().gt(0).all()  # -999 and 0 were "unknown"
    assert tracks["mslp_hpa"].dropna().between(850, 1030).all()  # 0 and -1 were "not recorded"
    assert list(tracks["category"].cat.categories) == ["TD", "TS", "Cat1", "Cat2", "Cat3", "Cat4", "Cat5"]


def test_haiyan_is_category_5():
    tracks = load("tropical_cyclone_tracks")
    haiyan = tracks[tracks["storm_id"] == "201331"]
    assert haiyan["vmax_kt"].max() >= 160 and (haiyan["category"] == "Cat5").any()


# --- Berkeley Earth (non-commercial) ---------------------------------------------------------------
BERKELEY = ["city_annual_temperature", "global_annual_land_temperature", "country_monthly_temperature"]


@pytest.mark.parametrize("name", BERKELEY)
def test_berkeley_earth_is_labelled_non_commercial(name):
    d = descriptor(name)
    assert d["restrictions"] == ["non-commercial"]
    assert d["licenses"][0]["name"] == "CC-BY-NC-4.0"
    assert "non-commercial" in d["title"] and "non-commercial" in d["description"]


def regional_iso3() -> set[str]:
    countries = load("asia_pacific_countries")
    return set(countries.loc[countries["regional"], "iso3"])


def test_berkeley_city_table_is_asia_pacific_only_and_keeps_gaps():
    cities = load("city_annual_temperature")
    assert set(cities["country_iso3"]) <= regional_iso3()
    assert {"Seoul", "Tokyo", "Manila", "Jakarta", "Dhaka", "Kathmandu"} <= set(cities["city"])
    assert "Gwangju" not in set(cities["city"])
    assert cities["avg_temp_c"].isna().sum() > 0  # early-year gaps stay missing
    assert not cities.duplicated(["country_iso3", "city", "year"]).any()


def test_berkeley_city_2013_is_described_as_a_partial_year_and_the_data_agree():
    description = descriptor("city_annual_temperature")["description"]
    assert "2013 is a partial year" in description and "stop annual comparisons at 2012" in description
    cities = load("city_annual_temperature")
    wide = cities.pivot_table(index="year", columns=["country_iso3", "city"], values="avg_temp_c")
    assert wide.index.max() == 2013
    jumps = wide.diff().mean(axis=1).loc[1900:]
    # the numbers the note quotes: about 1.1 degC on average, 96 % of cities warmer, next largest about 0.6
    assert round(jumps.loc[2013], 1) == 1.1 and jumps.idxmax() == 2013
    assert round((wide.loc[2013] > wide.loc[2012]).mean() * 100) == 96
    assert round(jumps.drop(2013).max(), 1) == 0.6


def test_berkeley_global_and_country_series():
    world = load("global_annual_land_temperature")
    assert (world["year"].min(), world["year"].max(), len(world)) == (1750, 2015, 266)
    monthly = load("country_monthly_temperature")
    assert monthly["country_iso3"].nunique() == 31 and len(monthly) == 61488
    assert monthly["month"].between(1, 12).all()
    assert not monthly.duplicated(["country_iso3", "year", "month"]).any()


# --- Philippine disasters (PHIL-DIS share-alike; DASL) ------------------------------------------------
def test_phildis_psgc_are_nine_digit_strings_and_key_unique():
    impacts = load("ph_disaster_impacts_by_province")
    assert impacts["psgc"].str.fullmatch(r"\d{9}").all()
    assert not impacts.duplicated(["disaster_id", "psgc", "entry"]).any()
    assert set(impacts["disaster_id"]) <= set(load("ph_disaster_events")["disaster_id"])
    # 8-digit codes were zero-padded, e.g. Negros Occidental 064500000
    assert "064500000" in set(impacts["psgc"])


def test_phildis_missing_impacts_stay_missing_and_haiyan_total_holds():
    impacts = load("ph_disaster_impacts_by_province")
    assert impacts["dead"].isna().sum() > 500  # not reported is not zero
    haiyan = impacts[impacts["disaster_id"] == "TropicalCyclone_2013-11-06_TyphoonYolanda"]
    assert haiyan["affected_persons"].sum() == 16_078_181


def test_phildis_malformed_dates_are_missing_not_guessed():
    events = load("ph_disaster_events").set_index("disaster_id")
    assert events["year"].loc[["Tornado_10-18_Tornado", "Flooding_10-15_FlashFlood"]].isna().all()
    assert events.loc["Human-InducedHazard_2005-01-16_VehicularAccidentsSummary", "date_end"] == pd.Timestamp(
        "2005-01-29"
    )
    assert events["year"].dropna().between(1800, 2030).all()
    assert events.index.is_unique


def test_dasl_damaged_houses_only_reported_damage_and_join_key():
    houses = load("ph_typhoon_damaged_houses_by_municipality")
    assert (houses["houses_damaged"] > 0).all()  # only municipalities with reported damage
    assert houses["psgc"].str.fullmatch(r"\d{9}").all()
    assert not houses.duplicated(["typhoon", "psgc", "entry"]).any()
    assert houses["typhoon"].nunique() == 12
    assert 940_000 < houses.loc[houses["typhoon"] == "Haiyan", "houses_damaged"].sum() < 950_000


@pytest.mark.parametrize("name", ["ph_disaster_events", "ph_disaster_impacts_by_province"])
def test_phildis_is_labelled_share_alike(name):
    d = descriptor(name)
    assert d["restrictions"] == ["share-alike"]
    assert d["licenses"][0]["name"] == "CC-BY-SA-4.0"
    assert "share-alike" in d["description"]


# --- heat and health ----------------------------------------------------------------------------------
def test_kr_heat_illness_totals_match_published_kdca_figures():
    heat = load("kr_heat_illness_daily_by_province")
    assert len(heat) == 4607 and heat["province_iso"].nunique() == 17
    year = heat["date"].dt.year
    julaug = heat[heat["date"].dt.month.isin([7, 8])]
    totals = julaug.groupby(year)["cases"].sum()
    assert {y: int(totals[y]) for y in range(2021, 2025)} == {2021: 1231, 2022: 1284, 2023: 2371, 2024: 2812}
    gwangju = julaug[julaug["province_en"] == "Gwangju"].groupby(year)["cases"].sum()
    assert {y: int(gwangju[y]) for y in range(2021, 2025)} == {2021: 30, 2022: 16, 2023: 60, 2024: 55}
    assert heat["cases"].isna().sum() == 163  # empty = missing, never 0
    assert "KDCA" in descriptor("kr_heat_illness_daily_by_province")["derivation"]["steps"]


def test_indian_states_file_has_no_duplicates():
    states = load("heat_stress_hours_by_indian_state")
    assert len(states) == 2546 and not states.duplicated().any()
    assert not states.duplicated(["state_iso", "year", "category"]).any()
    assert states["state_iso"].str.startswith("IN-").all() and states["state_iso"].nunique() == 36


def test_heat_country_tables_are_asia_pacific_with_world_aggregates():
    region = regional_iso3()
    stress = load("heat_stress_hours_by_country")
    assert set(stress["iso3"]) <= region
    assert list(stress["category"].cat.categories) == ["moderate", "strong", "very strong", "extreme"]
    assert stress.loc[stress["category"] == "extreme", "upper_c"].isna().all()
    for name in ["heatwave_days_by_country", "heatwave_excess_deaths_by_country"]:
        table = load(name)
        countries = table[table["location_type"] == "country"]
        assert set(countries["iso3"]) <= region and "KOR" in set(countries["iso3"])
        assert "Global" in set(table.loc[table["location_type"] == "continent", "location"])
        assert "doi:10.1371/journal.pmed.1004364" in descriptor(name)["citation"]
