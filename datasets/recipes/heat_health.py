"""Heat and health: Korean heat-illness cases by province, heatwave days and deaths by country
(Zhao et al. 2024), and ERA5-HEAT heat-stress hours for countries and Indian states (360info).
SOURCES.md sections 11.3 and 11.4.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pycountry

from ._common import CC_BY_4, KOGL_1, Resource, raw_path
from .asia_pacific_countries import regional_iso3

KR_HEAT = "heat_health/kr_kdca_heat_illness_daily_by_sido_julaug_2021_2025.csv"
HW_DAYS = "heat_health/zhao2024_heatwave_days_by_country_1980_2019.csv"
HW_DEATHS = "heat_health/zhao2024_heatwave_excess_deaths_by_country_1990_2019.csv"
HS_COUNTRIES = "heat_health/era5heat_utci_heatstress_hours_countries_1992_2023.csv"
HS_STATES = "heat_health/era5heat_utci_heatstress_hours_india_states_1992_2023.csv"

# --- Korea: heat-related illness (KDCA) ---------------------------------------------------------
# Korean name of each sido -> its name in pycountry's ISO 3166-2:KR list (the code comes from
# pycountry). The source uses the names in force in 2021: 강원도 became 강원특별자치도 (Gangwon State)
# in June 2023 and 전라북도 became 전북특별자치도 in January 2024; the ISO codes did not change.
SIDO_ISO_NAME = {
    "서울특별시": "Seoul-teukbyeolsi",
    "부산광역시": "Busan-gwangyeoksi",
    "대구광역시": "Daegu-gwangyeoksi",
    "인천광역시": "Incheon-gwangyeoksi",
    "광주광역시": "Gwangju-gwangyeoksi",
    "대전광역시": "Daejeon-gwangyeoksi",
    "울산광역시": "Ulsan-gwangyeoksi",
    "세종특별자치시": "Sejong",
    "경기도": "Gyeonggi-do",
    "강원도": "Gangwon-teukbyeoljachido",
    "충청북도": "Chungcheongbuk-do",
    "충청남도": "Chungcheongnam-do",
    "전라북도": "Jeollabuk-do",
    "전라남도": "Jeollanam-do",
    "경상북도": "Gyeongsangbuk-do",
    "경상남도": "Gyeongsangnam-do",
    "제주특별자치도": "Jeju-teukbyeoljachido",
}
# Romanised administrative suffixes dropped to give the usual English short name (Seoul, Gwangju, Jeju).
SIDO_SUFFIXES = ("-teukbyeolsi", "-gwangyeoksi", "-teukbyeoljachido")
# Published July-August totals (SOURCES.md 11.3), checked in the build.
JULAUG_TOTALS = {2021: 1231, 2022: 1284, 2023: 2371, 2024: 2812}
GWANGJU_JULAUG = {2021: 30, 2022: 16, 2023: 60, 2024: 55}

KR_COLUMNS = {
    "최고체감온도(°C)": "max_apparent_temp_c",
    "최고기온(°C)": "tmax_c",
    "평균기온(°C)": "tmean_c",
    "최저기온(°C)": "tmin_c",
    "평균상대습도(%)": "rh_mean_pct",
}


def sido_table() -> pd.DataFrame:
    """Korean sido name, ISO 3166-2 code and English short name, from pycountry."""
    by_name = {s.name: s for s in pycountry.subdivisions.get(country_code="KR")}
    rows = []
    for korean, iso_name in SIDO_ISO_NAME.items():
        if iso_name not in by_name:
            raise ValueError(f"pycountry has no KR subdivision named {iso_name!r} (for {korean})")
        english = iso_name
        for suffix in SIDO_SUFFIXES:
            english = english.removesuffix(suffix)
        rows.append({"province_ko": korean, "province_iso": by_name[iso_name].code, "province_en": english})
    table = pd.DataFrame(rows)
    if table["province_iso"].nunique() != 17:
        raise ValueError("expected 17 distinct sido codes")
    return table


def build_kr_heat_illness(raw: Path) -> pd.DataFrame:
    src = pd.read_csv(raw_path(raw, KR_HEAT), dtype={"일시": str, "광역자치단체": str})
    sido = sido_table().set_index("province_ko")
    unknown = set(src["광역자치단체"]) - set(sido.index)
    if unknown:
        raise ValueError(f"{KR_HEAT}: unknown provinces {sorted(unknown)}")
    cases = src["환자수"]
    if not (cases.dropna() == cases.dropna().round()).all():
        raise ValueError(f"{KR_HEAT}: non-integer case counts")
    table = pd.DataFrame(
        {
            "date": pd.to_datetime(src["일시"], format="%Y-%m-%d").astype("datetime64[ns]"),
            "province_iso": src["광역자치단체"].map(sido["province_iso"]),
            "province_ko": src["광역자치단체"],
            "province_en": src["광역자치단체"].map(sido["province_en"]),
        }
    )
    for korean, name in KR_COLUMNS.items():
        table[name] = src[korean].astype("float64")
    table["cases"] = cases.astype("Int64")
    if table.duplicated(["province_iso", "date"]).any():
        raise ValueError(f"{KR_HEAT}: duplicated province-day")
    # Spot-check against the published KDCA July-August totals (SOURCES.md 11.3).
    year = table["date"].dt.year
    totals = table.groupby(year)["cases"].sum()
    gwangju = table[table["province_iso"] == "KR-29"].groupby(year)["cases"].sum()
    for expected, found, label in [(JULAUG_TOTALS, totals, "national"), (GWANGJU_JULAUG, gwangju, "Gwangju")]:
        for y, value in expected.items():
            if int(found[y]) != value:
                raise ValueError(f"{KR_HEAT}: {label} July-August {y} total {found[y]} != published {value}")
    return table.sort_values(["province_iso", "date"], ignore_index=True)


# --- Zhao et al. 2024 and ERA5-HEAT (360info) ----------------------------------------------------
ZHAO_CITATION = (
    "Zhao, Q. et al. (2024), Global, regional, and national burden of heatwave-related mortality from 1990 "
    "to 2019: a three-stage modelling study, PLOS Medicine 21(5): e1004364, "
    "doi:10.1371/journal.pmed.1004364; data as compiled by 360info (Monash University), 'Heat stress in "
    "Asia' report, CC BY 4.0."
)
ERA5HEAT_CITATION = (
    "360info (Monash University), 'Heat stress in Asia' report data, CC BY 4.0, from Copernicus Climate "
    "Change Service ERA5-HEAT (Universal Thermal Climate Index) reanalysis; heatwave statistics from "
    "Zhao et al. (2024), PLOS Medicine 21(5): e1004364, doi:10.1371/journal.pmed.1004364."
)
REPORT = {
    "title": "360info, Heat stress in Asia (report and data)",
    "path": "https://github.com/360-info/report-heatstress",
}
MIRROR = {
    "title": "GitHub 360-info/report-heatstress @ 0306ce7c33c4626f14921bac525ac9de8cdae0b8",
    "path": "https://github.com/360-info/report-heatstress/tree/0306ce7c33c4626f14921bac525ac9de8cdae0b8/data",
}
ZHAO = {
    "title": "Zhao et al. (2024), PLOS Medicine, doi:10.1371/journal.pmed.1004364",
    "path": "https://doi.org/10.1371/journal.pmed.1004364",
}
ERA5HEAT = {
    "title": "Copernicus C3S, Thermal comfort indices derived from ERA5 reanalysis (ERA5-HEAT)",
    "path": "https://doi.org/10.24381/cds.553b7518",
}
LICENSES_360 = [
    {
        **CC_BY_4,
        "title": "Creative Commons Attribution 4.0 (360info; Zhao et al. 2024 is an open-access CC BY article; ERA5-HEAT under the Copernicus licence, attribution)",
    }
]
SCOPE_NOTE = (
    "Countries are limited to Asia-Pacific (the ESCAP regional members and associate members in "
    "asia_pacific_countries); the study's regional, continental and global aggregates are kept for comparison."
)


def _read(raw: Path, relative: str) -> pd.DataFrame:
    # keep_default_na=False: the ISO2 code of Namibia is "NA", which pandas would read as missing.
    return pd.read_csv(raw_path(raw, relative), keep_default_na=False, na_values=[""])


def _zhao_locations(src: pd.DataFrame) -> pd.DataFrame:
    """iso3 and location name for country, region and continent rows; countries kept only in Asia-Pacific."""
    out = src.copy()
    iso3 = []
    for iso2, name in zip(out["iso2"], out["country"], strict=True):
        country = None
        if isinstance(iso2, str):
            country = pycountry.countries.get(alpha_2=iso2)
        elif isinstance(name, str):  # two rows give the ISO3 code as the name and no ISO2 (ESH, VAT)
            country = pycountry.countries.get(alpha_3=name)
        iso3.append(country.alpha_3 if country else None)
    out["iso3"] = pd.Series(iso3, index=out.index, dtype="str")
    is_country = out["location_type"] == "country"
    if out.loc[is_country, "iso3"].isna().any():
        raise ValueError(f"unmapped countries: {out.loc[is_country & out['iso3'].isna(), 'country'].tolist()}")
    out["location"] = out["country"].where(
        is_country, out["region"].where(out["location_type"] == "region", out["continent"])
    )
    return out[~is_country | out["iso3"].isin(regional_iso3())]


LOCATION_TYPES = ["country", "region", "continent"]


def build_heatwave_days(raw: Path) -> pd.DataFrame:
    src = _zhao_locations(_read(raw, HW_DAYS))
    periods = ["1980-1989", "1990-1999", "2000-2009", "2010-2019"]
    long = src.melt(
        id_vars=["location_type", "location", "iso3", "continent", "region", "Change_per_decade", "percen"],
        value_vars=["avr", *periods],
        var_name="period",
        value_name="heatwave_days",
    )
    long["period"] = long["period"].replace({"avr": "1980-2019"})
    table = pd.DataFrame(
        {
            "location_type": pd.Categorical(long["location_type"], categories=LOCATION_TYPES),
            "location": long["location"],
            "iso3": long["iso3"],
            "continent": long["continent"],
            "region": long["region"],
            "period": pd.Categorical(long["period"], categories=["1980-2019", *periods]),
            "heatwave_days": long["heatwave_days"].astype("float64"),
            "change_days_per_decade": long["Change_per_decade"].astype("float64"),
            "change_pct_per_decade": long["percen"].astype("float64"),
        }
    )
    table = table.sort_values(["location_type", "location", "period"], ignore_index=True)
    if table.duplicated(["location_type", "location", "period"]).any():
        raise ValueError(f"{HW_DAYS}: duplicated location-period")
    return table


MEASURES = {"Excess deaths": "excess_deaths", "Excess deaths per 10M residents": "excess_deaths_per_10m"}
STANDARDS = {"Country-specific age standardisation": "country_specific", "WHO standard population": "who_standard"}
STATISTICS = ["Overall", "Average", "1990-1999", "2000-2009", "2010-2019", "Pct change per decade"]


def build_heatwave_deaths(raw: Path) -> pd.DataFrame:
    src = _zhao_locations(_read(raw, HW_DEATHS))
    for column, known in [("measure", MEASURES), ("population", STANDARDS), ("statistic", STATISTICS)]:
        if set(src[column]) - set(known):
            raise ValueError(f"{HW_DEATHS}: unexpected {column} values {sorted(set(src[column]) - set(known))}")
    table = pd.DataFrame(
        {
            "location_type": pd.Categorical(src["location_type"], categories=LOCATION_TYPES),
            "location": src["location"],
            "iso3": src["iso3"],
            "continent": src["continent"],
            "region": src["region"],
            "measure": pd.Categorical(src["measure"].map(MEASURES), categories=list(MEASURES.values())),
            "age_standardisation": pd.Categorical(
                src["population"].map(STANDARDS), categories=list(STANDARDS.values())
            ),
            "statistic": pd.Categorical(src["statistic"], categories=STATISTICS),
            "central": src["central"].astype("float64"),
            "lower": src["lower"].astype("float64"),
            "upper": src["upper"].astype("float64"),
        }
    )
    key = ["location_type", "location", "measure", "age_standardisation", "statistic"]
    table = table.sort_values(key, ignore_index=True)
    if table.duplicated(key).any():
        raise ValueError(f"{HW_DEATHS}: duplicated key")
    return table


HS_CATEGORIES = {
    "Moderate (26-32)": "moderate",
    "Strong (32-38)": "strong",
    "Very strong (38-46)": "very strong",
    "Extreme (> 46)": "extreme",
}


def _heat_stress(src: pd.DataFrame, relative: str) -> pd.DataFrame:
    unknown = set(src["hs_category"]) - set(HS_CATEGORIES)
    if unknown:
        raise ValueError(f"{relative}: unexpected categories {sorted(unknown)}")
    upper = src["upper"].astype("float64")
    return pd.DataFrame(
        {
            "year": src["year"].astype("Int64"),
            "category": pd.Categorical(
                src["hs_category"].map(HS_CATEGORIES), categories=list(HS_CATEGORIES.values()), ordered=True
            ),
            "lower_c": src["lower"].astype("float64"),
            "upper_c": upper.where(upper != float("inf")),  # the extreme band has no upper limit
            "hours": src["hours"].astype("float64"),
        },
        index=src.index,
    )


def build_heat_stress_countries(raw: Path) -> pd.DataFrame:
    src = _read(raw, HS_COUNTRIES)
    src = src[src["iso"].isin(regional_iso3())]
    table = pd.concat(
        [src[["iso", "country"]].rename(columns={"iso": "iso3"}), _heat_stress(src, HS_COUNTRIES)], axis=1
    )
    table = table.sort_values(["iso3", "year", "category"], ignore_index=True)
    if table.duplicated(["iso3", "year", "category"]).any():
        raise ValueError(f"{HS_COUNTRIES}: duplicated key")
    return table


def build_heat_stress_states(raw: Path) -> pd.DataFrame:
    src = _read(raw, HS_STATES)
    before = len(src)
    src = src.drop_duplicates()
    if (before, len(src)) != (10184, 2546):
        raise ValueError(f"{HS_STATES}: expected 10,184 rows with 7,638 exact duplicates, got {before} -> {len(src)}")
    table = pd.concat(
        [src[["iso", "state"]].rename(columns={"iso": "state_iso"}), _heat_stress(src, HS_STATES)], axis=1
    )
    table = table.sort_values(["state_iso", "year", "category"], ignore_index=True)
    if table.duplicated(["state_iso", "year", "category"]).any():
        raise ValueError(f"{HS_STATES}: duplicated key after removing exact duplicates")
    return table


HS_DESCRIPTION_COMMON = (
    "Hours per year in which the Universal Thermal Climate Index (UTCI, a 'feels-like' temperature combining "
    "air temperature, humidity, wind and radiation) was in each heat-stress band: moderate 26-32 degC, strong "
    "32-38, very strong 38-46, extreme above 46; area-averaged ERA5-HEAT reanalysis as compiled by 360info. "
    "Years covered: 1992, 1993 and 2005-2023 only (no data 1994-2004), and 1992 has only the extreme band. "
    "A band with no row for a year has no hours reported (usually because none occurred; no zeros were added). "
    "Reanalysis estimates, not measurements at any one place."
)
HS_FIELDS_COMMON = {
    "year": ("Calendar year", None),
    "category": ("UTCI heat-stress band (ordered): moderate, strong, very strong, extreme", None),
    "lower_c": ("Lower UTCI limit of the band", "degC"),
    "upper_c": ("Upper UTCI limit of the band; missing for extreme (no upper limit)", "degC"),
    "hours": ("Hours in the year with UTCI in the band, averaged over the area", "hours"),
}

KR_SOURCES = [
    {
        "title": "Korea Disease Control and Prevention Agency (KDCA), heat-related illness emergency-department surveillance (온열질환 응급실감시체계)",
        "path": "https://www.kdca.go.kr",
    },
    {"title": "Korea Meteorological Administration (KMA), ASOS station observations", "path": "https://data.kma.go.kr"},
    {
        "title": "HeatAI student project compilation, GitHub dalsoup/0725 @ ab514d0ef13addac4f8b3f9199312d2b02c432c1 (ML_static_dataset.csv)",
        "path": "https://github.com/dalsoup/0725/blob/ab514d0ef13addac4f8b3f9199312d2b02c432c1/ML_static_dataset.csv",
    },
]

RESOURCES = [
    Resource(
        name="kr_heat_illness_daily_by_province",
        title="Heat-related illness cases and weather per day in the 17 Korean provinces, July-August 2021-2025 (KDCA, KMA)",
        description=(
            "Daily heat-related illness (온열질환) cases reported by the emergency departments in the KDCA "
            "surveillance system, with that day's maximum apparent temperature, maximum, mean and minimum "
            "temperature and mean relative humidity, for each of the 17 first-level divisions (sido: provinces, "
            "metropolitan cities, special cities) of the Republic of Korea, every day of July and August "
            "2021-2024 and 1-23 July 2025 (17 x 271 = 4,607 rows). Cases are those seen in participating "
            "emergency departments, so they undercount all heat illness; the surveillance season is about 20 May "
            "to 30 September, so July-August is only part of it. Weather is from KMA stations, as compiled by the "
            "HeatAI student project: one reading stands for the whole province. In Seoul, Busan, Incheon, Gwangju, "
            "Daejeon, Ulsan, Sejong and Jeju every value has one decimal, as from a single station; in Daegu and the "
            "eight mainland provinces most values have two decimals, which suggests an average of several stations "
            "(the source does not say which). How the maximum apparent temperature was computed is not documented. "
            "Empty case counts are missing values, not zeros: Gangwon has no case counts "
            "from 2023 on, so national sums for 2023-2025 leave it out."
        ),
        raw_files=[KR_HEAT],
        sources=KR_SOURCES,
        licenses=[KOGL_1],
        citation=(
            "Korea Disease Control and Prevention Agency (KDCA), heat-related illness emergency-department "
            "surveillance, and Korea Meteorological Administration (KMA) ASOS observations; compiled by the "
            "HeatAI project (github.com/dalsoup/0725). Korean public data (KOGL Type 1)."
        ),
        derivation=(
            "Read ML_static_dataset.csv (re-encoded from CP949 to UTF-8 at staging; 4,607 rows). Columns renamed "
            "to English: 일시 -> date, 광역자치단체 -> province_ko, 최고체감온도 -> max_apparent_temp_c, 최고기온 -> "
            "tmax_c, 평균기온 -> tmean_c, 최저기온 -> tmin_c, 평균상대습도 -> rh_mean_pct, 환자수 -> cases; 연도 and "
            "월 dropped (they repeat the date). province_iso: each Korean sido name mapped to its ISO 3166-2:KR "
            "subdivision by name in pycountry (the source uses the 2021 names 강원도 and 전라북도; these are now "
            "강원특별자치도 and 전북특별자치도 with unchanged codes KR-42 and KR-45); province_en is pycountry's "
            "romanised name without the suffixes -teukbyeolsi, -gwangyeoksi and -teukbyeoljachido (so Seoul, "
            "Gwangju, Jeju, Gangwon, Sejong, Gyeonggi-do...). cases as integers; the 163 empty case cells stay "
            "missing (not zero): Gangwon (KR-42) on every day of 2023, 2024 and 2025 (147 cells; the province was "
            "renamed 강원특별자치도 in June 2023, which may be why the compilation lost it) and all other 16 "
            "provinces on 2025-07-23 (16 cells, the last day, not yet reported). Three weather cells are empty and "
            "stay missing (Seoul 2022-08-08 tmin_c; Gwangju 2024-07-17 max_apparent_temp_c; Jeju 2023-07-08 "
            "tmean_c and rh_mean_pct). Checked (province, date) unique. Spot-check inside the recipe (the build "
            "fails if any differs): the sums of cases equal the Korea Disease Control and Prevention Agency "
            "(KDCA) July-August heat-illness totals quoted in SOURCES.md 11.3 - national 1,231 (2021), 1,284 "
            "(2022), 2,371 (2023) and 2,812 (2024), and Gwangju 30, 16, 60 and 55; all match (the 2023 and 2024 "
            "national sums exclude Gangwon, which is missing). 2025 covers 1-23 July only. Sorted by "
            "province_iso, date."
        ),
        fields={
            "date": ("Calendar day", None),
            "province_iso": ("ISO 3166-2:KR code of the province (pycountry)", None),
            "province_ko": ("Province name in Korean as in the source (2021 names)", None),
            "province_en": ("Province name in English (short form of pycountry's ISO 3166-2 name)", None),
            "max_apparent_temp_c": (
                "Daily maximum apparent (feels-like) temperature at the province's KMA station",
                "degC",
            ),
            "tmax_c": ("Daily maximum air temperature at the province's KMA station", "degC"),
            "tmean_c": ("Daily mean air temperature at the province's KMA station", "degC"),
            "tmin_c": ("Daily minimum air temperature at the province's KMA station", "degC"),
            "rh_mean_pct": ("Daily mean relative humidity at the province's KMA station", "%"),
            "cases": (
                "Heat-related illness cases reported that day (KDCA emergency-department surveillance); missing where not reported",
                "cases",
            ),
        },
        build=build_kr_heat_illness,
        primary_key=["province_iso", "date"],
        constraints={
            "max_apparent_temp_c": {"minimum": -10, "maximum": 50},
            "tmax_c": {"minimum": -10, "maximum": 45},
            "tmean_c": {"minimum": -10, "maximum": 40},
            "tmin_c": {"minimum": -10, "maximum": 40},
            "rh_mean_pct": {"minimum": 0, "maximum": 100},
            "cases": {"minimum": 0},
        },
        compress=True,
    ),
    Resource(
        name="heatwave_days_by_country",
        title="Heatwave days per year by country, 1980-2019 (Zhao et al. 2024), Asia-Pacific with world aggregates",
        description=(
            "Average number of heatwave days per year in each decade 1980-2019 and over the whole period, with "
            "the change per decade, for Asia-Pacific countries and for the study's regions, continents and the "
            "world, from Zhao et al. (2024, PLOS Medicine). Heatwave days are modelled from reanalysis "
            "temperatures (see the paper for the definition), population-weighted by the authors. Long format: "
            "one row per location and period; change_days_per_decade and change_pct_per_decade are properties "
            "of the location and repeat on its five rows. " + SCOPE_NOTE
        ),
        raw_files=[HW_DAYS],
        sources=[ZHAO, REPORT, MIRROR],
        licenses=LICENSES_360,
        citation=ZHAO_CITATION,
        derivation=(
            "Read heatwave-days.csv (211 rows: 190 countries, 15 regions, 6 continents incl. Global) with 'NA' "
            "read as text (Namibia's ISO2). iso3 from pycountry via iso2 (two rows, Western Sahara and Holy See, "
            "give the ISO3 as the name and no ISO2: looked up by alpha-3). Kept countries whose iso3 is in "
            "regional_iso3() (44 of the 58; Pacific territories, Hong Kong, Macao, Kiribati, Marshall Islands, "
            "Palau, Samoa and Tonga are not in the study) plus all region and continent rows. location = country "
            "name, region name or continent name (as given; 'Global' is a continent row). Decade columns and "
            "'avr' (renamed period 1980-2019) melted to rows; Change_per_decade -> change_days_per_decade, "
            "percen -> change_pct_per_decade (missing for aggregates, as in the source). Values unchanged (0.1 "
            "day precision). Sorted by location_type, location, period."
        ),
        fields={
            "location_type": ("country, region or continent (continent 'Global' is the world)", None),
            "location": ("Country, region or continent name as given by the study", None),
            "iso3": ("ISO 3166-1 alpha-3 code (countries only)", None),
            "continent": ("Continent of the location as grouped by the study", None),
            "region": ("Region of the location as grouped by the study (missing for continents)", None),
            "period": ("1980-2019 (whole period) or a decade", None),
            "heatwave_days": ("Mean heatwave days per year in the period", "days per year"),
            "change_days_per_decade": ("Change in heatwave days per year per decade, 1980-2019", "days per decade"),
            "change_pct_per_decade": (
                "Change per decade relative to the 1980-2019 mean; countries only",
                "% per decade",
            ),
        },
        build=build_heatwave_days,
        primary_key=["location_type", "location", "period"],
        constraints={"heatwave_days": {"minimum": 0, "maximum": 366}},
    ),
    Resource(
        name="heatwave_excess_deaths_by_country",
        title="Heatwave-related excess deaths by country, 1990-2019 (Zhao et al. 2024), Asia-Pacific with world aggregates",
        description=(
            "Modelled excess deaths attributable to heatwaves, as counts and per 10 million residents, with 95% "
            "intervals, for Asia-Pacific countries and the study's regions, continents and the world, from Zhao "
            "et al. (2024, PLOS Medicine). statistic: Overall (1990-2019 total, counts only), Average (per year), "
            "each decade (per year within it), or Pct change per decade (no interval). Each figure is given under "
            "two age standardisations (country-specific and the WHO standard population). These are model "
            "estimates with wide intervals, not counted deaths. " + SCOPE_NOTE
        ),
        raw_files=[HW_DEATHS],
        sources=[ZHAO, REPORT, MIRROR],
        licenses=LICENSES_360,
        citation=ZHAO_CITATION,
        derivation=(
            "Read heatwave-mortality-stats-country.csv (3,850 rows, already long). iso3 from pycountry via iso2. "
            "Kept countries in regional_iso3() (35 of the 58 are in the study) plus all region and continent rows. "
            "Dropped the constant id column. Renamed: measure -> excess_deaths / excess_deaths_per_10m, population "
            "-> age_standardisation (country_specific / who_standard). lower and upper are missing for 'Pct change "
            "per decade' (as in the source). Values unchanged. Checked the key unique. Sorted by location_type, "
            "location, measure, age_standardisation, statistic."
        ),
        fields={
            "location_type": ("country, region or continent (continent 'Global' is the world)", None),
            "location": ("Country, region or continent name as given by the study", None),
            "iso3": ("ISO 3166-1 alpha-3 code (countries only)", None),
            "continent": ("Continent of the location as grouped by the study", None),
            "region": ("Region as grouped by the study (missing for continents)", None),
            "measure": ("excess_deaths (deaths) or excess_deaths_per_10m (deaths per 10 million residents)", None),
            "age_standardisation": ("country_specific or who_standard age standardisation", None),
            "statistic": (
                "Overall (1990-2019 total), Average (per year), a decade (per year), or Pct change per decade",
                None,
            ),
            "central": ("Central estimate: deaths or deaths per 10M (per year unless Overall), or % per decade", None),
            "lower": ("Lower bound of the 95% interval (missing for Pct change per decade)", None),
            "upper": ("Upper bound of the 95% interval (missing for Pct change per decade)", None),
        },
        build=build_heatwave_deaths,
        primary_key=["location_type", "location", "measure", "age_standardisation", "statistic"],
        compress=True,
    ),
    Resource(
        name="heat_stress_hours_by_country",
        title="Heat-stress hours per year by Asia-Pacific country, 1992-2023 (ERA5-HEAT UTCI, 360info)",
        description=HS_DESCRIPTION_COMMON + " Asia-Pacific countries only (49 of the 58 are in the source).",
        raw_files=[HS_COUNTRIES],
        sources=[REPORT, MIRROR, ERA5HEAT],
        licenses=LICENSES_360,
        citation=ERA5HEAT_CITATION,
        derivation=(
            "Read heatstress-hours-countries.csv (13,617 rows, 217 countries, no duplicates). Kept rows whose iso "
            "is in regional_iso3() (49 countries; American Samoa, Cook Islands, Guam, Hong Kong, Macao, Northern "
            "Mariana Islands, New Caledonia, Niue and French Polynesia are absent from the source). Renamed iso -> "
            "iso3, lower/upper -> lower_c/upper_c; the extreme band's upper limit (inf) set missing. category = "
            "hs_category without the range in brackets, lower case, ordered moderate < strong < very strong < "
            "extreme. No rows added for absent band-years (1992 has only the extreme band; 1994-2004 absent). "
            "hours unchanged (float32 precision as in the source). Sorted by iso3, year, category."
        ),
        fields={
            "iso3": ("ISO 3166-1 alpha-3 code", None),
            "country": ("Country name as given by the source", None),
            **HS_FIELDS_COMMON,
        },
        build=build_heat_stress_countries,
        primary_key=["iso3", "year", "category"],
        constraints={"hours": {"minimum": 0, "maximum": 8784}},
        compress=True,
    ),
    Resource(
        name="heat_stress_hours_by_indian_state",
        title="Heat-stress hours per year by Indian state and union territory, 1992-2023 (ERA5-HEAT UTCI, 360info)",
        description=HS_DESCRIPTION_COMMON + " Sub-national: 36 Indian states and union territories.",
        raw_files=[HS_STATES],
        sources=[REPORT, MIRROR, ERA5HEAT],
        licenses=LICENSES_360,
        citation=ERA5HEAT_CITATION,
        derivation=(
            "Read heatstress-hours-states.csv (10,184 rows). It contains 7,638 exact duplicate rows (every "
            "state-year-band appears four times); drop_duplicates() leaves 2,546 unique rows (checked in the "
            "build), and (state_iso, year, category) is then unique. Renamed iso -> state_iso (ISO 3166-2:IN), "
            "lower/upper -> lower_c/upper_c; the extreme band's upper limit (inf) set missing; category as in "
            "heat_stress_hours_by_country. No rows added for absent band-years. hours unchanged. Sorted by "
            "state_iso, year, category."
        ),
        fields={
            "state_iso": ("ISO 3166-2:IN code of the state or union territory", None),
            "state": ("State or union territory name as given by the source", None),
            **HS_FIELDS_COMMON,
        },
        build=build_heat_stress_states,
        primary_key=["state_iso", "year", "category"],
        constraints={"hours": {"minimum": 0, "maximum": 8784}},
        compress=True,
    ),
]
