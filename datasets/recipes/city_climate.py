"""Open-Meteo (ERA5 reanalysis) daily weather for 44 Asia-Pacific cities, 2016-2025, and the city list.

Raw: ``city_climate/openmeteo_asiapac_cities_lookup.csv`` and
``city_climate/openmeteo_asiapac_cities_daily_2016_2025.csv`` (SOURCES.md section 1.1).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pycountry

from ._common import CC_BY_4, Resource, raw_path
from .asia_pacific_countries import GEO_AREA, un_names

LOOKUP = "city_climate/openmeteo_asiapac_cities_lookup.csv"
DAILY = "city_climate/openmeteo_asiapac_cities_daily_2016_2025.csv"

N_CITIES = 44
N_DAYS = 3653  # 2016-01-01 .. 2025-12-31

# The Open-Meteo lookup codes cities by sovereign state (Hong Kong as CN, Guam and Saipan as US).
# Every other table in the package (and the ESCAP list) uses the ISO 3166-1 code of the territory
# itself, so these three cities get their territory's code, looked up by name in pycountry.
TERRITORY_OF_CITY = {
    "hong-kong": "Hong Kong",
    "guam": "Guam",
    "saipan": "Northern Mariana Islands",
}

SOURCES = [
    {
        "title": "Open-Meteo Historical Weather API (Zippenfenig, P., Open-Meteo.com, doi:10.5281/zenodo.7970649)",
        "path": "https://open-meteo.com/en/docs/historical-weather-api",
    },
    {
        "title": "ERA5 hourly data on single levels from 1940 to present (Hersbach et al. 2023, doi:10.24381/cds.adbb2d47)",
        "path": "https://doi.org/10.24381/cds.adbb2d47",
    },
    {
        "title": "GitHub mirror kyjzzang81/d-day-weather-web @ 6e1d45395d0279233c7fdce330e9e708592f01b8 (datas/<city>.json)",
        "path": "https://github.com/kyjzzang81/d-day-weather-web/tree/6e1d45395d0279233c7fdce330e9e708592f01b8/datas",
    },
]
LICENSES = [
    {
        **CC_BY_4,
        "title": "Creative Commons Attribution 4.0 (Open-Meteo data; ERA5 under the Copernicus licence, attribution required)",
    }
]
CITATION = (
    "Weather data by Open-Meteo.com (Zippenfenig, P., doi:10.5281/zenodo.7970649), CC BY 4.0, based on the "
    "ERA5 reanalysis (Hersbach et al. 2023, doi:10.24381/cds.adbb2d47), Copernicus Climate Change Service."
)


def _country(iso2: str) -> pycountry.db.Country:
    return pycountry.countries.get(alpha_2=iso2)


def build_cities(raw: Path) -> pd.DataFrame:
    lookup = pd.read_csv(raw_path(raw, LOOKUP), dtype={"city_id": str, "city": str, "country_iso2": str})
    if len(lookup) != N_CITIES or lookup["city_id"].duplicated().any():
        raise ValueError(f"{LOOKUP}: expected {N_CITIES} unique cities, got {len(lookup)}")
    iso2 = lookup["country_iso2"].copy()
    for city_id, territory in TERRITORY_OF_CITY.items():
        iso2[lookup["city_id"] == city_id] = pycountry.countries.lookup(territory).alpha_2
    countries = [_country(code) for code in iso2]
    table = pd.DataFrame(
        {
            "city_id": lookup["city_id"],
            "city": lookup["city"],
            # the UN's name where there is one (asia_pacific_countries.un_name), else pycountry's (Taiwan)
            "country": [un_names(raw).get(c.alpha_3) or getattr(c, "common_name", None) or c.name for c in countries],
            "country_iso2": iso2,
            "country_iso3": [c.alpha_3 for c in countries],
            "lat": lookup["lat"].astype("float64"),
            "lon": lookup["lon"].astype("float64"),
        }
    )
    return table.sort_values("city_id", ignore_index=True)


def build_daily(raw: Path) -> pd.DataFrame:
    daily = pd.read_csv(raw_path(raw, DAILY), dtype={"city_id": str, "date": str})
    if daily.isna().any().any():
        raise ValueError(f"{DAILY}: unexpected missing values")
    sizes = daily.groupby("city_id").size()
    if len(sizes) != N_CITIES or (sizes != N_DAYS).any():
        raise ValueError(f"{DAILY}: expected {N_CITIES} cities x {N_DAYS} days")
    if daily.duplicated(["city_id", "date"]).any():
        raise ValueError(f"{DAILY}: duplicated city-days")
    table = pd.DataFrame(
        {
            "city_id": daily["city_id"].astype("category"),
            "date": pd.to_datetime(daily["date"], format="%Y-%m-%d").astype("datetime64[ns]"),
            "tmax_c": daily["tmax_c"].astype("float64"),
            "tmin_c": daily["tmin_c"].astype("float64"),
            "tmean_c": daily["tmean_c"].astype("float64"),
            "rh_mean_pct": daily["rh_mean_pct"].astype("Int64"),
            "precip_mm": daily["precip_mm"].astype("float64"),
            "wmo_weather_code": daily["wmo_weather_code"].astype("Int64"),
        }
    )
    return table.sort_values(["city_id", "date"], ignore_index=True)


RESOURCES = [
    Resource(
        name="cities",
        title="44 Asia-Pacific cities with daily weather in this package",
        description=(
            "The 44 cities of the Open-Meteo daily weather table (city_daily_weather): 16 in the Republic "
            "of Korea (including Gwangju and its Jeollanam-do neighbours Mokpo, Suncheon and Yeosu), and "
            "cities in Japan, China, Hong Kong, Taiwan, the Philippines, Indonesia, Thailand, Viet Nam, "
            "Malaysia, Singapore, Guam and the Northern Mariana Islands (Saipan). lat/lon are the "
            "city-centre coordinates used to pick the reanalysis grid cell, not a weather station. "
            "Country codes are those of the territory the city lies in (Hong Kong HK, Guam GU, Saipan MP), "
            "so they join to asia_pacific_countries; note that Taiwan is not an ESCAP member."
        ),
        raw_files=[LOOKUP, GEO_AREA],
        sources=SOURCES,
        licenses=LICENSES,
        citation=CITATION,
        derivation=(
            "Read openmeteo_asiapac_cities_lookup.csv (44 rows; checked unique city_id). The source codes "
            "Hong Kong as CN and Guam and Saipan as US (the sovereign state); these three are replaced by the "
            "ISO 3166-1 code of the territory (Hong Kong, Guam, Northern Mariana Islands), looked up by name "
            "in pycountry. country_iso3 comes from pycountry. country is the UN's name (un_name in "
            "asia_pacific_countries, e.g. Republic of Korea, Viet Nam, Hong Kong, China); Taiwan, which is not "
            "on that list, keeps pycountry's common name. Coordinates unchanged. Sorted by city_id."
        ),
        fields={
            "city_id": ("City identifier (lower-case slug), joins to city_daily_weather.city_id", None),
            "city": ("City name in English", None),
            "country": ("The UN's name for the country or territory (pycountry's name for Taiwan)", None),
            "country_iso2": ("ISO 3166-1 alpha-2 code of the country or territory", None),
            "country_iso3": ("ISO 3166-1 alpha-3 code of the country or territory (pycountry)", None),
            "lat": ("Latitude of the city centre (WGS84)", "degrees north"),
            "lon": ("Longitude of the city centre (WGS84)", "degrees east"),
        },
        build=build_cities,
        primary_key=["city_id"],
        constraints={"lat": {"minimum": -90, "maximum": 90}, "lon": {"minimum": -180, "maximum": 180}},
    ),
    Resource(
        name="city_daily_weather",
        title="Daily weather for 44 Asia-Pacific cities, 2016-2025 (Open-Meteo, ERA5 reanalysis)",
        description=(
            "Daily maximum, minimum and mean air temperature (2 m), mean relative humidity, precipitation "
            "and the dominant WMO weather code for 44 Asia-Pacific cities (see the cities table), every day "
            "from 2016-01-01 to 2025-12-31 (44 x 3,653 = 160,732 rows, no missing values). Values are "
            "reanalysis estimates for the grid cell containing the city-centre coordinates (ERA5 / ERA5-Land "
            "via the Open-Meteo Historical Weather API), not station observations: a grid cell averages "
            "over several kilometres, so urban heat-island peaks and local downpours are smoothed. Ten "
            "years are too short to infer trends, but serve well for counting hot days, tropical nights "
            "and heavy-rain days and for comparing cities."
        ),
        raw_files=[DAILY],
        sources=SOURCES,
        licenses=LICENSES,
        citation=CITATION,
        derivation=(
            "Read openmeteo_asiapac_cities_daily_2016_2025.csv (the Open-Meteo JSON flattened to CSV at "
            "staging, Korean weather label dropped, no values changed). Checked: no missing values, 44 "
            "cities x 3,653 days each, no duplicated city-day. Values kept at source precision (0.1 degC, "
            "0.1 mm, whole percent); date parsed as a calendar date as given by the API; "
            "city_id as a category. Sorted by city_id, date."
        ),
        fields={
            "city_id": ("City identifier, joins to cities.city_id", None),
            "date": ("Calendar day", None),
            "tmax_c": ("Daily maximum 2 m air temperature (reanalysis grid cell)", "degC"),
            "tmin_c": ("Daily minimum 2 m air temperature (reanalysis grid cell)", "degC"),
            "tmean_c": ("Daily mean 2 m air temperature (reanalysis grid cell)", "degC"),
            "rh_mean_pct": ("Daily mean 2 m relative humidity", "%"),
            "precip_mm": ("Daily precipitation total (rain plus snow water equivalent)", "mm"),
            "wmo_weather_code": (
                "Most severe WMO weather interpretation code of the day (WMO code table 4677, 0-99)",
                None,
            ),
        },
        build=build_daily,
        primary_key=["city_id", "date"],
        constraints={
            "tmax_c": {"minimum": -40, "maximum": 50},
            "tmin_c": {"minimum": -50, "maximum": 40},
            "tmean_c": {"minimum": -45, "maximum": 45},
            "rh_mean_pct": {"minimum": 0, "maximum": 100},
            "precip_mm": {"minimum": 0, "maximum": 1000},
            "wmo_weather_code": {"minimum": 0, "maximum": 99},
        },
        compress=True,
    ),
]
