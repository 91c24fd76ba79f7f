"""Country context for Asia-Pacific: multidimensional poverty and WASH by urban/rural, ND-GAIN climate
vulnerability and readiness, and development indicators (HDI, GII, CO2 per capita, human-rights
protection, urban share).

Every table keeps only the course's Asia-Pacific (``regional_iso3()``). OWID files name countries
(``Entity``); names are matched to ISO3 with pycountry (exact look-up) plus a short alias list of OWID
spellings. pycountry's fuzzy search is deliberately not used: it maps the sub-region "Polynesia" to
French Polynesia and "Africa" to South Africa. Entities that match nothing (regions, income groups,
historical states) are logged and dropped.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pycountry

from ._common import CC_BY_3_IGO, CC_BY_4, Resource, name_to_iso3, raw_path
from .asia_pacific_countries import regional_iso3

log = logging.getLogger(__name__)

OWID = "country_context/owid"
MPI = f"{OWID}/owid_ophi_mpi_2022_current_urban_rural.csv"
WASH = f"{OWID}/owid_who_unicef_jmp_wash_2021_urban_rural.csv"
HDI = f"{OWID}/owid_undp_hdi.csv"
GII = f"{OWID}/owid_undp_gender_inequality_index_2015.csv"
CO2 = f"{OWID}/owid_co2_data_2020-12.csv"
WUP = f"{OWID}/owid_un_wup2018_urban_rural_population.csv"
FARISS = "human_rights/owid_fariss2020_human_rights_protection_scores.csv"
NDGAIN_COMPONENTS = [
    "gain",
    "vulnerability",
    "readiness",
    "exposure",
    "sensitivity",
    "capacity",
    "economic",
    "governance",
    "social",
]
NDGAIN = {c: f"country_context/ndgain/ndgain_{c}.csv" for c in NDGAIN_COMPONENTS}

# OWID spellings pycountry does not know -> the name pycountry does know (names only; codes come from pycountry).
OWID_ALIASES = {
    "Brunei": "Brunei Darussalam",
    "Micronesia (country)": "Micronesia, Federated States of",
    "Russia": "Russian Federation",
    "Timor": "Timor-Leste",
    "Turkey": "Türkiye",
    "Cape Verde": "Cabo Verde",
    "Swaziland": "Eswatini",
    "Macedonia": "North Macedonia",
    "Palestine": "Palestine, State of",
    "Cote d'Ivoire": "Côte d'Ivoire",
    "Democratic Republic of Congo": "Congo, The Democratic Republic of the",
    "Vatican": "Holy See (Vatican City State)",
    "Curacao": "Curaçao",
    "Reunion": "Réunion",
    "Faeroe Islands": "Faroe Islands",
    "United States Virgin Islands": "Virgin Islands, U.S.",
    "Wallis and Futuna Islands": "Wallis and Futuna",
    "Saint Helena": "Saint Helena, Ascension and Tristan da Cunha",
    "Saint Barthelemy": "Saint Barthélemy",
    "Falkland Islands": "Falkland Islands (Malvinas)",
}
# "Micronesia" is the country in these files except where a "Micronesia (country)" entity exists
# (then it is the sub-region); "Korea" in the HDI file duplicates "South Korea" (checked equal).
DUPLICATE_ENTITIES = {HDI: {"Korea": "South Korea"}}


def entity_iso3(name: str, entities: set[str]) -> str | None:
    """ISO3 for an OWID entity name, or None for aggregates and historical entities."""
    if name == "Micronesia":
        if "Micronesia (country)" in entities:
            return None  # here "Micronesia" is the sub-region
        name = "Micronesia, Federated States of"
    return name_to_iso3(name, OWID_ALIASES, unknown="none")  # aggregates and regions are not countries


def owid_with_iso3(table: pd.DataFrame, path: str) -> pd.DataFrame:
    """Add ``iso3`` from ``Entity``; log and drop entities that are not countries; keep Asia-Pacific only."""
    table = table.copy()
    for duplicate, kept in DUPLICATE_ENTITIES.get(path, {}).items():
        a = table[table["Entity"] == duplicate].set_index("Year").drop(columns="Entity")
        b = table[table["Entity"] == kept].set_index("Year").drop(columns="Entity")
        common = a.index.intersection(b.index)
        if not a.loc[common].round(6).equals(b.loc[common].round(6)) or not set(a.index) <= set(b.index):
            raise ValueError(f"{path}: {duplicate!r} is not a duplicate of {kept!r}")
        table = table[table["Entity"] != duplicate]
    entities = set(table["Entity"])
    codes = {e: entity_iso3(e, entities) for e in sorted(entities)}
    unmatched = sorted(e for e, c in codes.items() if c is None)
    if unmatched:
        log.info("%s: %d entities are not countries and are dropped: %s", path, len(unmatched), unmatched)
    table["iso3"] = table["Entity"].map(codes)
    if table.dropna(subset=["iso3"]).groupby("iso3")["Entity"].nunique().max() > 1:
        raise ValueError(f"{path}: two entities map to one ISO3 code")
    return table[table["iso3"].isin(regional_iso3())]


# --- MPI -------------------------------------------------------------------------------------
AREAS = ["national", "urban", "rural", "camp"]


def build_mpi(raw: Path) -> pd.DataFrame:
    path = raw_path(raw, MPI)
    table = owid_with_iso3(pd.read_csv(path), MPI)
    rows = []
    for area in AREAS:
        part = pd.DataFrame(
            {
                "iso3": table["iso3"],
                "country": table["Entity"],
                "area": area,
                "survey_year": table["Year"],
                "mpi": table[f"MPI ({area})"],
                "headcount_pct": table[f"Share of population multidimensionally poor ({area})"],
                "intensity_pct": table[f"Intensity of multidimensional poverty ({area})"],
            }
        )
        rows.append(part.dropna(subset=["mpi", "headcount_pct", "intensity_pct"], how="all"))
    out = pd.concat(rows, ignore_index=True)
    present = [a for a in AREAS if a in set(out["area"])]
    out["area"] = pd.Categorical(out["area"], categories=present)
    out["survey_year"] = out["survey_year"].astype("Int64")
    for column in ("mpi", "headcount_pct", "intensity_pct"):
        out[column] = out[column].astype("float64")
    return out.sort_values(["iso3", "area"], ignore_index=True)


# --- WASH ------------------------------------------------------------------------------------
# JMP ladder percentages (OWID column stem -> service, level). 'at least basic' includes safely managed.
WASH_LADDER = {
    "wat_sm": ("drinking water", "safely managed"),
    "wat_bas": ("drinking water", "at least basic"),
    "wat_lim": ("drinking water", "limited"),
    "wat_unimp": ("drinking water", "unimproved"),
    "wat_sur": ("drinking water", "surface water"),
    "san_sm": ("sanitation", "safely managed"),
    "san_bas": ("sanitation", "at least basic"),
    "san_lim": ("sanitation", "limited"),
    "san_unimp": ("sanitation", "unimproved"),
    "san_od": ("sanitation", "open defecation"),
    "hyg_bas": ("hygiene", "basic"),
    "hyg_lim": ("hygiene", "limited"),
    "hyg_nfac": ("hygiene", "no facility"),
}
WASH_LEVELS = [
    "safely managed",
    "at least basic",
    "basic",
    "limited",
    "unimproved",
    "surface water",
    "open defecation",
    "no facility",
]


def build_wash(raw: Path) -> pd.DataFrame:
    table = owid_with_iso3(pd.read_csv(raw_path(raw, WASH)), WASH)
    frames = []
    for stem, (service, level) in WASH_LADDER.items():
        for area, suffix in (("total", ""), ("urban", "_urban"), ("rural", "_rural")):
            frames.append(
                pd.DataFrame(
                    {
                        "iso3": table["iso3"],
                        "year": table["Year"],
                        "area": area,
                        "service": service,
                        "service_level": level,
                        "pct": table[stem + suffix],
                    }
                )
            )
    out = pd.concat(frames, ignore_index=True).dropna(subset=["pct"])
    out["year"] = out["year"].astype("Int64")
    out["area"] = pd.Categorical(out["area"], categories=["total", "urban", "rural"])
    out["service"] = pd.Categorical(out["service"], categories=["drinking water", "sanitation", "hygiene"])
    out["service_level"] = pd.Categorical(out["service_level"], categories=WASH_LEVELS)
    out["pct"] = out["pct"].astype("float64")
    return out.sort_values(["iso3", "year", "area", "service", "service_level"], ignore_index=True)


# --- ND-GAIN ---------------------------------------------------------------------------------
def build_ndgain(raw: Path) -> pd.DataFrame:
    frames = []
    for component, relative in NDGAIN.items():
        wide = pd.read_csv(raw_path(raw, relative))
        long = wide.drop(columns="Name").melt(id_vars="ISO3", var_name="year", value_name="score")
        long["component"] = component
        frames.append(long)
    out = pd.concat(frames, ignore_index=True).rename(columns={"ISO3": "iso3"})
    unknown = set(out["iso3"]) - {c.alpha_3 for c in pycountry.countries}
    if unknown:
        log.info("ND-GAIN codes not in ISO 3166 (dropped unless Asia-Pacific): %s", sorted(unknown))
    out = out[out["iso3"].isin(regional_iso3())].dropna(subset=["score"])
    out["year"] = out["year"].astype(int).astype("Int64")
    out["component"] = pd.Categorical(out["component"], categories=NDGAIN_COMPONENTS)
    out["score"] = out["score"].astype("float64")
    return out[["iso3", "year", "component", "score"]].sort_values(["iso3", "year", "component"], ignore_index=True)


# --- development indicators ------------------------------------------------------------------
INDICATORS = {
    "hdi": "index 0-1",
    "gender_inequality_index": "index 0-1",
    "co2_per_capita_t": "t CO2 per person",
    "human_rights_protection_score": "latent score (about -3.8 to 5.4; higher = more protection)",
    "urban_population_pct": "% of population",
}
WUP_LAST_ESTIMATE_YEAR = 2018  # later WUP 2018 years are projections


def _owid_series(raw: Path, relative: str, column: str, indicator: str) -> pd.DataFrame:
    table = owid_with_iso3(pd.read_csv(raw_path(raw, relative)), relative)
    return pd.DataFrame({"iso3": table["iso3"], "year": table["Year"], "indicator": indicator, "value": table[column]})


def build_indicators(raw: Path) -> pd.DataFrame:
    parts = [
        _owid_series(raw, HDI, "Human Development Index (UNDP)", "hdi"),
        _owid_series(raw, GII, "Gender Inequality Index (Human Development Report (2015))", "gender_inequality_index"),
        _owid_series(raw, FARISS, "Human rights protection", "human_rights_protection_score"),
    ]
    co2 = pd.read_csv(raw_path(raw, CO2), usecols=["iso_code", "year", "co2_per_capita"])
    co2 = co2[co2["iso_code"].isin(regional_iso3())]  # OWID_* aggregates and blank codes drop out
    parts.append(
        pd.DataFrame(
            {
                "iso3": co2["iso_code"],
                "year": co2["year"],
                "indicator": "co2_per_capita_t",
                "value": co2["co2_per_capita"],
            }
        )
    )
    wup = owid_with_iso3(pd.read_csv(raw_path(raw, WUP)), WUP)
    wup = wup[wup["Year"] <= WUP_LAST_ESTIMATE_YEAR]
    urban = wup["Urban population 1950-2050 (UN World Urbanization Prospects 2018)"]
    rural = wup["Rural population 1950-2050 (UN World Urbanization Prospects 2018)"]
    parts.append(
        pd.DataFrame(
            {
                "iso3": wup["iso3"],
                "year": wup["Year"],
                "indicator": "urban_population_pct",
                "value": 100 * urban / (urban + rural),
            }
        )
    )
    out = pd.concat(parts, ignore_index=True).dropna(subset=["value"])
    out["year"] = out["year"].astype("Int64")
    out["unit"] = pd.Categorical(out["indicator"].map(INDICATORS), categories=list(dict.fromkeys(INDICATORS.values())))
    out["indicator"] = pd.Categorical(out["indicator"], categories=list(INDICATORS))
    out["value"] = out["value"].astype("float64")
    if out.duplicated(["iso3", "year", "indicator"]).any():
        raise ValueError("country_development_indicators: duplicate country-year-indicator")
    return out[["iso3", "year", "indicator", "value", "unit"]].sort_values(
        ["iso3", "indicator", "year"], ignore_index=True
    )


OWID_DATASETS = {
    "title": "GitHub: owid/owid-datasets @ 48c9992 (Our World in Data processing, CC BY 4.0)",
    "path": "https://github.com/owid/owid-datasets/tree/48c9992ae317b35ed327fc36d2af75fe8b3ef7ed/datasets",
}
OWID_LICENSE = dict(CC_BY_4, title="Creative Commons Attribution 4.0 (Our World in Data processing)")
JMP_TERMS = {
    "name": "WHO-UNICEF-JMP-terms-review",
    "title": (
        "WHO/UNICEF JMP data: cite WHO/UNICEF JMP (washdata.org). WHO's default licence is CC BY-NC-SA 3.0 IGO; "
        "the JMP terms are UNDER REVIEW before republishing"
    ),
    "path": "https://washdata.org/",
}
NDGAIN_TERMS = {
    "name": "ND-GAIN-terms-review",
    "title": "ND-GAIN: described by the publisher as free and open source; no explicit licence found; cite Chen et al. (2015); review before republishing",
    "path": "https://gain.nd.edu/our-work/country-index/",
}
AP_NOTE = " Only the 58 Asia-Pacific countries and areas of `asia_pacific_countries` (regional) are kept, where the source covers them."

RESOURCES = [
    Resource(
        name="mpi_urban_rural",
        title="Global Multidimensional Poverty Index 2022 by urban/rural area, Asia-Pacific (OPHI/UNDP via OWID)",
        description=(
            "The global Multidimensional Poverty Index (MPI, 0-1), the share of people who are multidimensionally "
            "poor (headcount, %) and the average share of deprivations among the poor (intensity, %), for the "
            "nation and for urban and rural areas, from each country's latest survey in the 2022 global MPI "
            "('current' estimates; survey years differ by country, so compare with care). Countries without a "
            "survey in the global MPI are absent." + AP_NOTE
        ),
        raw_files=[MPI],
        sources=[
            {
                "title": "OPHI & UNDP, Global Multidimensional Poverty Index 2022",
                "path": "https://ophi.org.uk/global-mpi",
            },
            OWID_DATASETS,
        ],
        licenses=[OWID_LICENSE],
        citation="Alkire, S., Kanagaratnam, U. and Suppa, N. (2022), The global Multidimensional Poverty Index (MPI) 2022 country results and methodological note, Oxford Poverty and Human Development Initiative (OPHI), University of Oxford; via Our World in Data.",
        derivation=(
            "Read the OWID file (one row per country: latest survey year). Matched `Entity` to ISO3 with pycountry "
            "(exact names plus a short alias list of OWID spellings; no fuzzy matching, which maps regions to "
            "countries); kept regional Asia-Pacific. Reshaped the national/urban/rural/camp columns to long "
            "`area` (no Asia-Pacific country has camp figures, so that level is absent); `Year` -> survey_year. "
            "Area rows with no values are dropped. Values unrounded as published by OWID."
        ),
        fields={
            "iso3": ("ISO 3166-1 alpha-3", None),
            "country": ("Country name as in OWID", None),
            "area": ("national, urban or rural", None),
            "survey_year": ("Survey year as given by OWID (the survey the estimate comes from)", None),
            "mpi": ("Multidimensional Poverty Index", "index 0-1"),
            "headcount_pct": ("Share of the population multidimensionally poor", "%"),
            "intensity_pct": ("Average share of weighted deprivations among the poor", "%"),
        },
        build=build_mpi,
        primary_key=["iso3", "area"],
        constraints={"mpi": {"minimum": 0, "maximum": 1}, "headcount_pct": {"minimum": 0, "maximum": 100}},
    ),
    Resource(
        name="wash_urban_rural",
        title="Drinking water, sanitation and hygiene service ladders, total/urban/rural, Asia-Pacific, 2000-2020 (WHO/UNICEF JMP via OWID) - licence under review",
        description=(
            "Share of the population (%) at each rung of the WHO/UNICEF Joint Monitoring Programme (JMP) service "
            "ladders, for the whole population and for urban and rural areas, 2000-2020 (JMP 2021 update). "
            "Drinking water: safely managed, at least basic, limited, unimproved, surface water. Sanitation: "
            "safely managed, at least basic, limited, unimproved, open defecation. Hygiene: basic, limited, no "
            "facility. 'At least basic' INCLUDES 'safely managed', so the ladder adds to 100% as at least basic "
            "+ limited + unimproved + surface water (or open defecation); 'basic only' = at least basic - safely "
            "managed. Years without an estimate are absent. SDG 6.1.1 and 6.2.1 use the safely managed rungs. "
            "LICENCE FLAG (review): SOURCES.md notes that WHO's default licence is CC BY-NC-SA 3.0 IGO; the JMP "
            "terms must be checked before this table is republished." + AP_NOTE
        ),
        raw_files=[WASH],
        sources=[
            {
                "title": "WHO/UNICEF Joint Monitoring Programme for Water Supply, Sanitation and Hygiene (JMP), 2021 data",
                "path": "https://washdata.org/",
            },
            OWID_DATASETS,
        ],
        licenses=[JMP_TERMS, OWID_LICENSE],
        citation="WHO/UNICEF Joint Monitoring Programme for Water Supply, Sanitation and Hygiene (JMP), washdata.org, 2021 update; via Our World in Data.",
        derivation=(
            "Read the OWID file (118 columns). Matched `Entity` to ISO3 with pycountry (exact names plus an alias "
            "list; no fuzzy matching) and kept regional Asia-Pacific. Selected only the ladder percentage columns "
            "(wat_sm/bas/lim/unimp/sur, san_sm/bas/lim/unimp/od, hyg_bas/lim/nfac, each total, _urban and _rural); "
            "dropped population counts (*_number), the 'improved' and 'without' columns and bas_minus_sm "
            "(derivable). Reshaped to long (area, service, service_level); empty cells are dropped rows, never 0."
        ),
        fields={
            "iso3": ("ISO 3166-1 alpha-3", None),
            "year": ("Year", None),
            "area": ("total, urban or rural", None),
            "service": ("drinking water, sanitation or hygiene", None),
            "service_level": ("JMP ladder rung ('at least basic' includes 'safely managed')", None),
            "pct": ("Share of the population (of the area) at this rung", "%"),
        },
        build=build_wash,
        primary_key=["iso3", "year", "area", "service", "service_level"],
        constraints={"pct": {"minimum": 0, "maximum": 100}},
        compress=True,
    ),
    Resource(
        name="ndgain_country_index",
        title="ND-GAIN Country Index: climate vulnerability and readiness, Asia-Pacific, 1995-2023",
        description=(
            "The Notre Dame Global Adaptation Initiative (ND-GAIN) Country Index (2025 release) and its parts, "
            "long format: `gain` (the index, 0-100, higher = better prepared), `vulnerability` (0-1, higher = "
            "more vulnerable) with its components exposure, sensitivity and capacity, and `readiness` (0-1, "
            "higher = more ready) with its components economic, governance and social. Years without a score "
            "(mostly the latest year of some components) are absent. Several Pacific associate members "
            "(e.g. Guam, New Caledonia, Hong Kong, Macao) are not covered. Licence: no explicit licence found "
            "(the publisher calls it free and open source): review before republishing." + AP_NOTE
        ),
        raw_files=list(NDGAIN.values()),
        sources=[
            {
                "title": "University of Notre Dame Global Adaptation Initiative, ND-GAIN Country Index",
                "path": "https://gain.nd.edu/our-work/country-index/",
            },
            {
                "title": "GitHub mirror of the ND-GAIN download's resources/ folder: stevenbrandon88/LSR-NCC-Replication @ e4fa0e7",
                "path": "https://github.com/stevenbrandon88/LSR-NCC-Replication/tree/e4fa0e7087fba2c9909f7dc38d8a198748d686d6",
            },
        ],
        licenses=[NDGAIN_TERMS],
        citation="Chen, C., Noble, I., Hellmann, J., Coffee, J., Murillo, M. and Chawla, N. (2015), University of Notre Dame Global Adaptation Index: Country Index Technical Report; ND-GAIN Country Index 2025 release.",
        derivation=(
            "Read the nine wide files (ISO3, Name, 1995-2023), reshaped each to long with `component` = file "
            "name, kept regional Asia-Pacific ISO3 codes (ND-GAIN's own ISO3 column), dropped empty cells "
            "(missing, not zero). Scores unrounded."
        ),
        fields={
            "iso3": ("ISO 3166-1 alpha-3", None),
            "year": ("Year", None),
            "component": ("gain (index), vulnerability, readiness, or one of their components", None),
            "score": ("Score: gain 0-100; all other components 0-1", "score"),
        },
        build=build_ndgain,
        primary_key=["iso3", "year", "component"],
        constraints={"score": {"minimum": 0, "maximum": 100}},
    ),
    Resource(
        name="country_development_indicators",
        title="Country development indicators for Asia-Pacific: HDI, Gender Inequality Index, CO2 per capita, human-rights protection, urban share",
        description=(
            "Five country-year indicators in long format, each with its unit: the UNDP Human Development Index "
            "(0-1, 1980-2017), the UNDP Gender Inequality Index (0-1, higher = more inequality; Human Development "
            "Report 2015 series, 1995-2015), CO2 emissions per person from fossil fuels and cement (tonnes; Global "
            "Carbon Project via OWID, December 2020 release, to 2018), the latent human-rights protection score "
            "of Fariss et al. (2020) (physical-integrity rights, about -3.8 to 5.4, higher = more protection, "
            "1946-2019), and the urban share of the population (%, UN World Urbanization Prospects 2018, "
            "estimates to 2018; projections left out). The series come from different sources and releases, so "
            "compare within one indicator. Country-years without a value are absent. Early CO2 years carry "
            "artefacts of the source, kept as published (a few small negative values, e.g. Malaysia 1948, and "
            "very high per-capita values for Brunei in the 1940s, when its population was tiny): prefer recent "
            "decades for teaching." + AP_NOTE
        ),
        raw_files=[HDI, GII, CO2, FARISS, WUP],
        sources=[
            {
                "title": "UNDP Human Development Report Office, Human Development Index and Gender Inequality Index",
                "path": "https://hdr.undp.org/data-center",
            },
            {
                "title": "Global Carbon Project, via Our World in Data CO2 and GHG emissions data (owid/co2-data @ 2a6c4a2, December 2020)",
                "path": "https://github.com/owid/co2-data/tree/2a6c4a26fafc29000d1ee0deebf083d60b563c78",
            },
            {
                "title": "Fariss, Kenwick and Reuning (2020), latent human rights protection scores v4, Harvard Dataverse",
                "path": "https://doi.org/10.7910/DVN/RQ85GK",
            },
            {
                "title": "UN DESA Population Division, World Urbanization Prospects 2018",
                "path": "https://population.un.org/wup/",
            },
            OWID_DATASETS,
        ],
        licenses=[CC_BY_4, CC_BY_3_IGO],
        citation=(
            "UNDP Human Development Report Office (HDI; Gender Inequality Index, HDR 2015); Global Carbon Project via "
            "Our World in Data (Ritchie, Roser et al.), CO2 and Greenhouse Gas Emissions dataset, December 2020; "
            "Fariss, C.J., Kenwick, M.R. and Reuning, K. (2020), Estimating one-sided-killings from a robust "
            "measurement model of human rights, Journal of Peace Research 57(6): 801-814; UN DESA, World "
            "Urbanization Prospects 2018; all via Our World in Data."
        ),
        derivation=(
            "HDI, GII, Fariss and WUP files: OWID `Entity` names matched to ISO3 with pycountry (exact names plus "
            "an alias list: Brunei, Micronesia (country), Russia, Timor, Turkey ...; no fuzzy matching, which would "
            "map the sub-region 'Polynesia' to French Polynesia); unmatched entities (regions, income groups, "
            "historical states such as 'Republic of Vietnam') are logged and dropped. 'Micronesia' is the "
            "country in files that have no 'Micronesia (country)' entity. The HDI file's 'Korea' rows duplicate "
            "'South Korea' (checked equal) and are dropped. CO2: the file's own iso_code, so OWID_* aggregates "
            "and blank-code rows drop out; co2_per_capita (t). Urban share = urban / (urban + rural) x 100 for "
            "1950-2018 (later years are projections). Kept regional Asia-Pacific, dropped empty values, added "
            "`unit`. Values unrounded."
        ),
        fields={
            "iso3": ("ISO 3166-1 alpha-3", None),
            "year": ("Year", None),
            "indicator": (
                "hdi, gender_inequality_index, co2_per_capita_t, human_rights_protection_score or urban_population_pct",
                None,
            ),
            "value": ("Value of the indicator, in `unit`", None),
            "unit": ("Unit of `value`", None),
        },
        build=build_indicators,
        primary_key=["iso3", "year", "indicator"],
        compress=True,
    ),
]
