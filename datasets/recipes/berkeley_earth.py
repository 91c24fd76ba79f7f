"""Berkeley Earth long-run temperatures: annual city means, global land means, monthly country means.

Berkeley Earth data are CC BY-NC 4.0: non-commercial use only. SOURCES.md sections 1.2 and 1.3.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ._common import CC_BY_NC_4, NON_COMMERCIAL, Resource, names_to_iso3, raw_path
from .asia_pacific_countries import regional_iso3

CITY = "city_climate/berkeley_udacity_city_annual_avg_temp.csv"
GLOBAL = "city_climate/berkeley_udacity_global_annual_avg_temp.csv"
COUNTRY_MONTHLY = "city_climate/berkeley_earth_country_monthly_temp_asiapac.csv"

# Source country names that pycountry does not recognise, mapped to the name pycountry knows.
# (Names only: every code is looked up in pycountry.)
COUNTRY_ALIASES = {
    "Burma": "Myanmar",
    "Congo (Democratic Republic Of The)": "Congo, The Democratic Republic of the",
    "Guinea Bissau": "Guinea-Bissau",
    "Macedonia": "North Macedonia",
    "Russia": "Russian Federation",
    "Timor Leste": "Timor-Leste",
    "Turkey": "Türkiye",
}

BERKELEY = {"title": "Berkeley Earth", "path": "https://berkeleyearth.org/data/"}
UDACITY_MIRROR = {
    "title": "Udacity 'Explore Weather Trends' annual extract, GitHub mirror HB-VM/explore-weather-trends @ 25bc45a812b309cc1ddea7d559ede99f9240f83b",
    "path": "https://github.com/HB-VM/explore-weather-trends/tree/25bc45a812b309cc1ddea7d559ede99f9240f83b",
}
UIEDA_MIRROR = {
    "title": "Berkeley Earth country series processed by L. Uieda, compgeolab/temperature-data @ 76c0a4f204bda2ca29fb7406707c12401e2059e0",
    "path": "https://github.com/compgeolab/temperature-data/tree/76c0a4f204bda2ca29fb7406707c12401e2059e0",
}
LICENSES = [CC_BY_NC_4]
CITATION_UDACITY = (
    "Berkeley Earth (https://berkeleyearth.org), CC BY-NC 4.0, non-commercial use only; Rohde, R. A. and "
    "Hausfather, Z. (2020), The Berkeley Earth Land/Ocean Temperature Record, Earth System Science Data "
    "12, 3469-3479, doi:10.5194/essd-12-3469-2020; annual extract by Udacity (Explore Weather Trends)."
)
CITATION_UIEDA = (
    "Berkeley Earth (https://berkeleyearth.org), CC BY-NC 4.0, non-commercial use only; Rohde and "
    "Hausfather (2020), ESSD 12, 3469-3479, doi:10.5194/essd-12-3469-2020; processed by Leonardo Uieda, "
    "https://github.com/compgeolab/temperature-data."
)
PARTIAL_2013_NOTE = (
    "2013 is a partial year: treat its values as incomplete and stop annual comparisons at 2012. "
    "Across the cities, 2013 is on average about 1.1 degC warmer than 2012, and 96% of them warm; no other "
    "year since 1900 comes close (the largest is about 0.6 degC). That points to a mean over part of 2013 only "
    "(the source's monthly city series end in 2013), not to a real change."
)
NC_NOTE = "Licence CC BY-NC 4.0: non-commercial use only (label it so wherever it is shown)."


def country_iso3(names: pd.Series) -> pd.Series:
    """ISO3 code for each source country name via pycountry (aliases above); raises on an unknown name."""
    return names_to_iso3(names, COUNTRY_ALIASES, unknown="raise", what="Berkeley Earth country name")


def build_city_annual(raw: Path) -> pd.DataFrame:
    src = pd.read_csv(raw_path(raw, CITY), dtype={"city": str, "country": str})
    src["country_iso3"] = country_iso3(src["country"])
    src = src[src["country_iso3"].isin(regional_iso3())]
    table = pd.DataFrame(
        {
            "country_iso3": src["country_iso3"],
            "country": src["country"],
            "city": src["city"],
            "year": src["year"].astype("Int64"),
            "avg_temp_c": src["avg_temp"].astype("float64"),
        }
    )
    table = table.sort_values(["country_iso3", "city", "year"], ignore_index=True)
    if table.duplicated(["country_iso3", "city", "year"]).any():
        raise ValueError(f"{CITY}: duplicated city-year")
    return table


def build_global(raw: Path) -> pd.DataFrame:
    src = pd.read_csv(raw_path(raw, GLOBAL))
    table = pd.DataFrame({"year": src["year"].astype("Int64"), "avg_temp_c": src["avg_temp"].astype("float64")})
    return table.sort_values("year", ignore_index=True)


def build_country_monthly(raw: Path) -> pd.DataFrame:
    src = pd.read_csv(raw_path(raw, COUNTRY_MONTHLY), dtype={"country": str})
    table = pd.DataFrame(
        {
            "country_iso3": country_iso3(src["country"]),
            "country": src["country"],
            "year": src["year"].astype("Int64"),
            "month": src["month"].astype("Int64"),
            "temperature_c": src["temperature_C"].astype("float64"),
            "uncertainty_c": src["uncertainty_C"].astype("float64"),
        }
    )
    table = table.sort_values(["country_iso3", "year", "month"], ignore_index=True)
    if table.duplicated(["country_iso3", "year", "month"]).any():
        raise ValueError(f"{COUNTRY_MONTHLY}: duplicated country-month")
    return table


RESOURCES = [
    Resource(
        name="city_annual_temperature",
        title="Annual mean temperature of Asia-Pacific cities, 1743-2013 (Berkeley Earth; non-commercial)",
        description=(
            "Annual mean air temperature for the Berkeley Earth cities in Asia-Pacific countries (ESCAP "
            "regional members and associate members, so Taiwan, which is not one, is left out), from the "
            "Udacity annual extract of Berkeley Earth's GlobalLandTemperaturesByCity. Includes Seoul, Tokyo, "
            "Manila, Jakarta, Bangkok, Dhaka, Delhi, Hanoi, Ho Chi Minh City, Kuala Lumpur, Singapore and "
            "Kathmandu; Gwangju is not in it. Values are estimates for the grid cell nearest the city, "
            "interpolated from nearby stations; early years are sparse and uncertain, and empty values "
            "(gaps, mostly in early years) stay missing. " + PARTIAL_2013_NOTE + " " + NC_NOTE
        ),
        raw_files=[CITY],
        sources=[BERKELEY, UDACITY_MIRROR],
        licenses=LICENSES,
        citation=CITATION_UDACITY,
        derivation=(
            "Read city_data.csv from the Udacity extract (71,311 rows, 345 city-country pairs). Mapped each "
            "country name to ISO 3166-1 alpha-3 with pycountry (seven names pycountry does not know were "
            "first renamed: Burma -> Myanmar, Russia -> Russian Federation, Turkey -> Turkiye, Timor Leste -> "
            "Timor-Leste, Macedonia -> North Macedonia, Guinea Bissau -> Guinea-Bissau, Congo (Democratic "
            "Republic Of The) -> Congo, The Democratic Republic of the; an unknown name raises). Kept only "
            "rows whose country is in regional_iso3() (the 58 ESCAP regional members and associate members; "
            "Taiwan's cities are dropped because Taiwan is not in that list). country and city names as in "
            "the source. avg_temp renamed avg_temp_c, unchanged; empty values stay missing (not filled or "
            "interpolated). Checked (country_iso3, city, year) unique. Sorted by country_iso3, city, year. " + NC_NOTE
        ),
        fields={
            "country_iso3": ("ISO 3166-1 alpha-3 code of the country (pycountry)", None),
            "country": ("Country name as written in the source", None),
            "city": ("City name as written in the source", None),
            "year": ("Calendar year", None),
            "avg_temp_c": ("Annual mean air temperature; missing where the source has a gap", "degC"),
        },
        build=build_city_annual,
        primary_key=["country_iso3", "city", "year"],
        constraints={"avg_temp_c": {"minimum": -30, "maximum": 40}},
        restrictions=[NON_COMMERCIAL],
        compress=True,
    ),
    Resource(
        name="global_annual_land_temperature",
        title="Global land annual mean temperature, 1750-2015 (Berkeley Earth; non-commercial)",
        description=(
            "Berkeley Earth's global average land-surface air temperature for each year 1750-2015 (absolute "
            "annual mean, degC), as aggregated by Udacity. Use it as the global backdrop for city and country "
            "series; the 18th and early 19th century values rest on few stations and are uncertain. " + NC_NOTE
        ),
        raw_files=[GLOBAL],
        sources=[BERKELEY, UDACITY_MIRROR],
        licenses=LICENSES,
        citation=CITATION_UDACITY,
        derivation=(
            "Read global_data.csv from the Udacity extract (266 rows, no empty values). avg_temp renamed "
            "avg_temp_c, values unchanged. Sorted by year. " + NC_NOTE
        ),
        fields={
            "year": ("Calendar year", None),
            "avg_temp_c": ("Global land annual mean air temperature", "degC"),
        },
        build=build_global,
        primary_key=["year"],
        constraints={"avg_temp_c": {"minimum": 0, "maximum": 20}},
        restrictions=[NON_COMMERCIAL],
    ),
    Resource(
        name="country_monthly_temperature",
        title="Monthly mean temperature of 31 Asia-Pacific countries and areas, 1796-2020 (Berkeley Earth; non-commercial)",
        description=(
            "Berkeley Earth monthly mean land air temperature (absolute, degC) with its 95% uncertainty, "
            "averaged over each of 31 Asia-Pacific countries and areas: Afghanistan, Australia, Bangladesh, "
            "Bhutan, Myanmar (Burma), Cambodia, China, Fiji, Hong Kong, India, Indonesia, Japan, Laos, "
            "Malaysia, Mongolia, Nepal, New Zealand, North Korea, Pakistan, Papua New Guinea, Philippines, "
            "Samoa, Singapore, Solomon Islands, South Korea, Sri Lanka, Taiwan, Thailand, Timor-Leste, Tonga "
            "and Viet Nam. Start years differ by country (from 1796); most series end in 2020, some in 2016 "
            "(Myanmar, Hong Kong, Timor-Leste). Taiwan is kept although it is not an ESCAP member, because "
            "the city weather table includes Taipei and Kaohsiung. Uncertainty is large in early decades. " + NC_NOTE
        ),
        raw_files=[COUNTRY_MONTHLY],
        sources=[BERKELEY, UIEDA_MIRROR],
        licenses=LICENSES,
        citation=CITATION_UIEDA,
        derivation=(
            "Read the 31 concatenated country files (61,488 rows, no empty values). country_iso3 from "
            "pycountry (Burma -> Myanmar and Timor Leste -> Timor-Leste renamed first; an unknown name "
            "raises); country name kept as in the source. All 31 countries kept (no regional filter; Taiwan "
            "is the only one outside regional_iso3()). year_decimal dropped (it is year + (month - 0.5)/12). "
            "temperature_C and uncertainty_C renamed, values unchanged (source precision 0.001 degC). Checked "
            "(country_iso3, year, month) unique. Sorted by country_iso3, year, month. " + NC_NOTE
        ),
        fields={
            "country_iso3": ("ISO 3166-1 alpha-3 code of the country or area (pycountry)", None),
            "country": ("Country or area name as written in the source", None),
            "year": ("Calendar year", None),
            "month": ("Calendar month, 1-12", None),
            "temperature_c": ("Monthly mean land air temperature (absolute), averaged over the country", "degC"),
            "uncertainty_c": ("Uncertainty of temperature_c (95% confidence half-width)", "degC"),
        },
        build=build_country_monthly,
        primary_key=["country_iso3", "year", "month"],
        constraints={
            "month": {"minimum": 1, "maximum": 12},
            "temperature_c": {"minimum": -40, "maximum": 45},
            "uncertainty_c": {"minimum": 0, "maximum": 20},
        },
        restrictions=[NON_COMMERCIAL],
        compress=True,
    ),
]
