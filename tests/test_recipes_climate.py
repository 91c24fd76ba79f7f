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


def test_berkeley_global_and_country_series():
    world = load("global_annual_land_temperature")
    assert (world["year"].min(), world["year"].max(), len(world)) == (1750, 2015, 266)
    monthly = load("country_monthly_temperature")
    assert monthly["country_iso3"].nunique() == 31 and len(monthly) == 61488
    assert monthly["month"].between(1, 12).all()
    assert not monthly.duplicated(["country_iso3", "year", "month"]).any()
