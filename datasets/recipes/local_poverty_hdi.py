"""Sub-national poverty and human development: Philippines (PSA) and Indonesia (BPS).

Four tables for chapter 5 ("who is left behind"): Philippine provincial poverty statistics
1991-2021 and urban/rural poverty by region 2015-2021 (PSA), Indonesian HDI and its components by
regency/city 2010-2020 and the poverty rate by province 2019-2024 (BPS).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ._common import GOV_OPEN_ATTRIBUTION, Resource, raw_path

FOLDER = "local_poverty_hdi"
PH_POVSTAT = f"{FOLDER}/ph_psa_poverty_stats_by_province_1991_2021.csv"
PH_URBAN = f"{FOLDER}/ph_psa_poverty_incidence_urban_by_region_2015_2021.csv"
PH_RURAL = f"{FOLDER}/ph_psa_poverty_incidence_rural_by_region_2015_2021.csv"
ID_HDI = f"{FOLDER}/id_bps_hdi_components_by_regency_city_2010_2020.csv"
ID_KEYS = f"{FOLDER}/id_regency_city_keys.csv"
ID_POVERTY = f"{FOLDER}/id_bps_poverty_rate_by_province_2019_2024.csv"

PSA_LICENSE = dict(
    GOV_OPEN_ATTRIBUTION,
    title=(
        "Official statistics, reusable with attribution: Philippine Statistics Authority; no copyright "
        "in government works (Philippine IP Code s.176)"
    ),
)
BPS_LICENSE = dict(
    GOV_OPEN_ATTRIBUTION,
    title='Official statistics, reusable with source attribution: BPS-Statistics Indonesia ("Sumber: BPS")',
)

# --- Philippines: PSA official poverty statistics by province ---------------------------------
PH_VARIABLES = {  # source label -> (readable English, unit)
    "Annual Per Capita Poverty Threshold (in Pesos)": (
        "annual per capita poverty threshold",
        "PHP per person per year",
    ),
    "Poverty Incidence among Families (%)": ("poverty incidence among families", "percent of families"),
    "Magnitude of Poor Families": ("poor families", "families"),
    "Poverty Incidence among Population (%)": ("poverty incidence among population", "percent of population"),
    "Magnitude of Poor Population": ("poor population", "persons"),
    "Subsistence Incidence among Population (%)": ("subsistence incidence among population", "percent of population"),
    "Magnitude of Subsistence Poor Population": ("subsistence poor population", "persons"),
}
PH_LEVELS = ["country", "region", "province", "district"]


def build_ph_poverty_by_province(raw: Path) -> pd.DataFrame:
    table = pd.read_csv(raw_path(raw, PH_POVSTAT), index_col=0)
    unknown = set(table["Variable"]) - set(PH_VARIABLES)
    if unknown:
        raise ValueError(f"{PH_POVSTAT}: unexpected variables {sorted(unknown)}")
    out = pd.DataFrame(
        {
            "variable": table["Variable"].map({k: v[0] for k, v in PH_VARIABLES.items()}),
            "year": table["Year"].astype("Int64"),
            "area": table["Province"].str.strip().replace({"PHILIPPINES": "Philippines"}),
            "admin_level": table["Admin_Lvl"].str.strip().str.lower(),
            "region": table["Region"].str.strip(),
            "unit": table["Variable"].map({k: v[1] for k, v in PH_VARIABLES.items()}),
            "value": table["Value"].astype("float64"),
            "preliminary": (table["Year"] == 2021).astype("boolean"),
        }
    )
    out["variable"] = pd.Categorical(out["variable"], categories=[v[0] for v in PH_VARIABLES.values()])
    out["admin_level"] = pd.Categorical(out["admin_level"], categories=PH_LEVELS)
    out["unit"] = out["unit"].astype("category")
    if out["admin_level"].isna().any():
        raise ValueError(f"{PH_POVSTAT}: unexpected admin levels")
    return out.sort_values(["variable", "year", "area"], ignore_index=True)


# --- Philippines: urban/rural poverty incidence by region (PSA tables 5 and 6) ---------------
FOOTNOTE_MARKS = re.compile(r"[\u00b9\u00b2\u00b3?]")


def _read_psa_region_table(path: Path, location: str) -> pd.DataFrame:
    table = pd.read_csv(path, sep=";", skiprows=2, encoding="latin-1", dtype=str)
    table = table.rename(columns={"Geolocation": "region"})
    # Footnote rows (if any) have no estimate columns; PSA's footnote markers follow the names.
    table = table[table["region"].notna() & table.iloc[:, 1:].notna().any(axis=1)]
    long = table.melt(id_vars="region", var_name="column", value_name="raw_value")
    long["year"] = long["column"].str.extract(r"(\d{4})", expand=False).astype("Int64")
    long["region"] = long["region"].map(lambda s: FOOTNOTE_MARKS.sub("", s).strip(" .").strip())
    long["region"] = long["region"].replace({"PHILIPPINES": "Philippines"})
    # '*' (estimate not shown by PSA) and '-' (no rural population: NCR) become missing.
    long["poverty_incidence_pct"] = pd.to_numeric(
        long["raw_value"].str.strip().replace({"*": None, "-": None, "..": None}), errors="raise"
    ).astype("float64")
    long["location"] = location
    return long[["region", "year", "location", "poverty_incidence_pct"]]


def build_ph_poverty_urban_rural(raw: Path) -> pd.DataFrame:
    parts = [
        _read_psa_region_table(raw_path(raw, PH_URBAN), "urban"),
        _read_psa_region_table(raw_path(raw, PH_RURAL), "rural"),
    ]
    out = pd.concat(parts, ignore_index=True)
    if out.groupby("location")["region"].nunique().min() != 18:
        raise ValueError("PSA tables 5/6: expected 18 geographies (country + 17 regions) in each")
    out["level"] = pd.Categorical(
        ["country" if r == "Philippines" else "region" for r in out["region"]], categories=["country", "region"]
    )
    out["location"] = pd.Categorical(out["location"], categories=["urban", "rural"])
    out = out[["region", "level", "year", "location", "poverty_incidence_pct"]]
    return out.sort_values(["region", "year", "location"], ignore_index=True)


# --- Indonesia: HDI and components by regency/city -------------------------------------------
# The mirror's key table spells four names differently from the HDI table (same places).
ID_NAME_FIXES = {
    "Tojo UnaUna": "Tojo Una-Una",
    "Kep. Seribu": "Kepulauan Seribu",
    "ToliToli": "Toli-Toli",
    "Kota Makasar": "Kota Makassar",
}


def build_id_hdi_by_regency(raw: Path) -> pd.DataFrame:
    hdi = pd.read_csv(raw_path(raw, ID_HDI), index_col=0)
    keys = pd.read_csv(raw_path(raw, ID_KEYS), dtype=str)
    keys["is_city"] = keys["city"].str.upper().map({"TRUE": True, "FALSE": False})
    names = hdi["region"].str.strip()
    is_upper = names.str.isupper()
    level = pd.Series("regency_city", index=hdi.index)
    level[is_upper] = "province"
    level[names == "INDONESIA"] = "nation"
    key_name = names.replace(ID_NAME_FIXES)
    regency = level == "regency_city"
    lookup = keys.set_index("cr_name")
    missing = set(key_name[regency]) - set(lookup.index)
    if missing:
        raise ValueError(f"{ID_HDI}: regencies not in the key table: {sorted(missing)}")
    province = pd.Series(pd.NA, index=hdi.index, dtype="string")
    province[regency] = key_name[regency].map(lookup["province_name"])
    is_city = pd.Series(pd.NA, index=hdi.index, dtype="boolean")
    is_city[regency] = key_name[regency].map(lookup["is_city"]).astype("boolean")
    # Province rows (UPPER CASE, BPS spelling) are followed by their regencies: name each province row
    # with the key table's province name that its following regencies carry (checked to be unique).
    block = (is_upper & (names != names.shift())).cumsum()
    upper_to_proper = {}
    for _, rows in hdi.assign(block=block, province=province, level=level).groupby("block"):
        head = rows.iloc[0]
        if head["level"] != "province":
            continue
        members = rows.loc[rows["level"] == "regency_city", "province"].dropna().unique()
        if len(members) != 1:
            raise ValueError(f"{ID_HDI}: province block {head['region']!r} has regencies of {list(members)}")
        upper_to_proper[head["region"].strip()] = members[0]
    if len(set(upper_to_proper.values())) != len(upper_to_proper):
        raise ValueError(f"{ID_HDI}: two province rows map to the same province")
    province[level == "province"] = names[level == "province"].map(upper_to_proper)
    province[level == "nation"] = pd.NA
    out = pd.DataFrame(
        {
            "region": names,
            "level": pd.Categorical(level, categories=["nation", "province", "regency_city"]),
            "province": province,
            "is_city": is_city,
            "year": hdi["year"].astype("Int64"),
            "expenditure_k_idr": hdi["expenditure"].astype("float64"),
            "expected_schooling_years": hdi["exp_schooling"].astype("float64"),
            "mean_schooling_years": hdi["mean_schooling"].astype("float64"),
            "life_expectancy_years": hdi["life_exp_birth"].astype("float64"),
            "hdi": hdi["hdi"].astype("float64"),
        }
    )
    if out["province"].isna().sum() != (level == "nation").sum():
        raise ValueError(f"{ID_HDI}: some rows have no province")
    return out.sort_values(["region", "year"], ignore_index=True)


# --- Indonesia: poverty rate by province -----------------------------------------------------
NEW_PAPUA_PROVINCES = {92: "PAPUA BARAT DAYA", 95: "PAPUA SELATAN", 96: "PAPUA TENGAH", 97: "PAPUA PEGUNUNGAN"}
SPLIT_PAPUA_PARENTS = {91: "PAPUA BARAT", 94: "PAPUA"}
FIRST_YEAR_NEW_PROVINCES = 2024


def build_id_poverty_by_province(raw: Path) -> pd.DataFrame:
    table = pd.read_csv(raw_path(raw, ID_POVERTY), sep=";")
    out = pd.DataFrame(
        {
            "province_code": table["kode_provinsi"].astype(int).astype(str),
            "province": table["nama_provinsi"].str.strip(),
            "year": table["tahun"].astype("Int64"),
            "poor_pct": table["persentase_penduduk_miskin"].astype("float64"),
        }
    )
    code = table["kode_provinsi"].astype(int)
    for number, name in {**NEW_PAPUA_PROVINCES, **SPLIT_PAPUA_PARENTS}.items():
        names = set(out.loc[code == number, "province"])
        if names != {name}:
            raise ValueError(f"{ID_POVERTY}: province code {number} is {names}, expected {name}")
    # The four provinces created in 2022 have 0 before BPS first published them: not reported, not zero.
    before = code.isin(NEW_PAPUA_PROVINCES) & (out["year"] < FIRST_YEAR_NEW_PROVINCES)
    if not (out.loc[before, "poor_pct"] == 0).all():
        raise ValueError(f"{ID_POVERTY}: expected 0 placeholders for the new Papua provinces before 2024")
    out.loc[before, "poor_pct"] = float("nan")
    if (out["poor_pct"] == 0).any():
        raise ValueError(f"{ID_POVERTY}: a zero poverty rate remains; check it before shipping")
    out["pre_split_territory"] = (code.isin(SPLIT_PAPUA_PARENTS) & (out["year"] < FIRST_YEAR_NEW_PROVINCES)).astype(
        "boolean"
    )
    return out.sort_values(["province_code", "year"], ignore_index=True)


PSA_SOURCES = [
    {
        "title": "Philippine Statistics Authority, Official Poverty Statistics",
        "path": "https://psa.gov.ph/poverty-press-releases",
    },
]
PSA_CITATION = "Philippine Statistics Authority, Official Poverty Statistics (FIES 1991-2021)."
PSA_LICENSE_NOTE = (
    " Licence: Philippine Statistics Authority; no copyright in government works (Philippine IP Code "
    "s.176); reuse with attribution to PSA."
)
BPS_NOTE = " Source: BPS-Statistics Indonesia (Sumber: BPS); reuse with source attribution."

RESOURCES = [
    Resource(
        name="ph_poverty_by_province",
        title="Philippines: official poverty statistics by province, 1991-2021 (PSA)",
        description=(
            "Seven official poverty statistics of the Philippine Statistics Authority (PSA) from the Family "
            "Income and Expenditure Survey, for the country, 17 regions, provinces and the four NCR districts, "
            "in 1991, 2006, 2009, 2012, 2015, 2018 and 2021: the annual per-capita poverty threshold, poverty "
            "incidence among families and among the population, the number of poor families and poor "
            "people, and subsistence (food) poverty incidence and magnitude. Long format: one row per "
            "variable, year and area; `unit` says what `value` measures. The 2021 figures are PSA's "
            "preliminary estimates (`preliminary` is true); later PSA releases may revise them. Provinces "
            "created after 1991 and NCR districts in 1991 have missing values, not zeros. Rows at different "
            "admin levels overlap (a region contains its provinces): filter `admin_level` before summing."
            + PSA_LICENSE_NOTE
        ),
        raw_files=[PH_POVSTAT],
        sources=PSA_SOURCES
        + [
            {
                "title": "GitHub mirror: IrishMorales/ph-poverty-statistics @ 8b04e03 (povstat_until_2021.csv; 1991-2015 compiled by Thinking Machines)",
                "path": "https://github.com/IrishMorales/ph-poverty-statistics/blob/8b04e03b8180e884b4616d92ce369f48b876a1a7/povstat_until_2021.csv",
            }
        ],
        licenses=[PSA_LICENSE],
        citation=PSA_CITATION,
        derivation=(
            "Read povstat_until_2021.csv (long format). Renamed the seven variables to readable English "
            "(e.g. 'Magnitude of Poor Population' -> 'poor population') as an ordered category and moved the "
            "unit into `unit` (PHP per person per year, percent of families or population, families, "
            "persons); stripped the stray spaces in the source units. `Province` -> `area` "
            "('PHILIPPINES' -> 'Philippines'), `Admin_Lvl` -> `admin_level` (lower case), `Region` kept as "
            "given. Empty values stay missing (597 rows, mainly areas not reported in a year). Added "
            "`preliminary` = true for 2021, because the source's 2021 figures are PSA's preliminary "
            "estimates. The PSA OpenSTAT Table 2 file (province threshold and incidence 2015, 2018, 2021p) "
            "is not folded in: it repeats two of these variables with incidence rounded to whole percent, "
            "and the 'measures of precision' in its title are not in the export. Sorted by variable, year, area."
        ),
        fields={
            "variable": ("Poverty statistic (readable English of PSA's label)", None),
            "year": ("Reference year of the Family Income and Expenditure Survey", None),
            "area": ("Country, region, province or NCR district, as named by PSA", None),
            "admin_level": ("Level of `area`: country, region, province or district (NCR districts)", None),
            "region": ("Region the area belongs to (for regions, the region itself)", None),
            "unit": ("Unit of `value` for this variable", None),
            "value": ("Value of the statistic, in `unit`", None),
            "preliminary": ("True for 2021: PSA preliminary estimates", None),
        },
        build=build_ph_poverty_by_province,
        primary_key=["variable", "year", "area"],
        constraints={"year": {"minimum": 1991, "maximum": 2021}, "value": {"minimum": 0}},
    ),
    Resource(
        name="ph_poverty_urban_rural_by_region",
        title="Philippines: poverty incidence among individuals, urban and rural, by region, 2015-2021 (PSA)",
        description=(
            "Poverty incidence among individuals (%) living in urban and in rural areas, for the Philippines "
            "and its 17 regions, 2015, 2018 and 2021 (PSA OpenSTAT Tables 5 and 6). This is the urban/rural "
            "disaggregation of official poverty. Estimates PSA marks '*' (not shown) are missing, and NCR has "
            "no rural figures ('-': NCR is wholly urban). Region labels are as PSA gives them: 'Region XII "
            "excluding Cotabato City' and 'BARMM including Cotabato City' follow the 2019 boundary change, "
            "'MIMAROPA' is Region IV-B and 'Caraga' is Region XIII in `ph_poverty_by_province`. 2021 values "
            "are the figures in the export (PSA's 2021 estimates were first published as preliminary)."
            + PSA_LICENSE_NOTE
        ),
        raw_files=[PH_URBAN, PH_RURAL],
        sources=PSA_SOURCES
        + [
            {
                "title": "PSA OpenSTAT Tables 1E3DB005 (urban) and 1E3DB006 (rural), via GitHub mirror joledan/ph-poverty @ f093485",
                "path": "https://github.com/joledan/ph-poverty/tree/f0934851829d5fb92aa054503405c768c7c6baa0/dataraw",
            }
        ],
        licenses=[PSA_LICENSE],
        citation="Philippine Statistics Authority, Poverty Incidence Among Individuals Residing in Urban / Rural Areas, by Region: 2015, 2018 and 2021 (OpenSTAT Tables 5 and 6).",
        derivation=(
            "Read each OpenSTAT export as latin-1, ';'-separated, skipping the 2 title lines; dropped footnote "
            "rows (rows without estimates; the staged exports have none). Stripped PSA's footnote markers "
            "(superscript 1, 2 and a '?' that stands for a character lost in encoding) and the '..' indent "
            "from region names; the footnote texts are not in the export, so the markers cannot be kept "
            "meaningfully. Reshaped the three year columns to long and stacked urban (Table 5) and rural "
            "(Table 6) as `location`. '*' (estimate not shown by PSA) and '-' (NCR: no rural population) "
            "became missing, never zero. Checked that both tables have 18 geographies."
        ),
        fields={
            "region": ("Philippines or region, as named by PSA (footnote markers removed)", None),
            "level": ("country or region", None),
            "year": ("Reference year", None),
            "location": ("urban or rural", None),
            "poverty_incidence_pct": ("Poverty incidence among individuals living in that location type", "%"),
        },
        build=build_ph_poverty_urban_rural,
        primary_key=["region", "year", "location"],
        constraints={"poverty_incidence_pct": {"minimum": 0, "maximum": 100}},
    ),
    Resource(
        name="id_hdi_by_regency",
        title="Indonesia: Human Development Index and components by regency/city, 2010-2020 (BPS)",
        description=(
            "BPS Human Development Index (IPM, 0-100) and its four components for Indonesia, its 34 provinces "
            "and 514 regencies (kabupaten) and cities (kota), 2010-2020: adjusted per-capita expenditure "
            "(thousand rupiah per person per year), expected and mean years of schooling, and life expectancy "
            "at birth. `level` separates the national row, province rows (UPPER CASE in the source) and "
            "regency/city rows, so never average across levels. Regencies and provinces created during the "
            "period (e.g. Kalimantan Utara, Pangandaran, Muna Barat) have missing values before they existed."
            + BPS_NOTE
        ),
        raw_files=[ID_HDI, ID_KEYS],
        sources=[
            {
                "title": "BPS-Statistics Indonesia, Indeks Pembangunan Manusia (Human Development Index)",
                "path": "https://www.bps.go.id/subject/26/human-development-indices.html",
            },
            {
                "title": "GitHub mirror: maxmheinze/bacthesis @ 4a495fe (data/socec.csv, data/city_regency_keys.csv)",
                "path": "https://github.com/maxmheinze/bacthesis/tree/4a495febad830ffe2d3b10dec0206879e036e57f/data",
            },
        ],
        licenses=[BPS_LICENSE],
        citation="BPS-Statistics Indonesia, Human Development Index by Regency/Municipality 2010-2020.",
        derivation=(
            "Read socec.csv (one row per area and year). `level`: 'INDONESIA' -> nation, other UPPER CASE "
            "names -> province, the rest -> regency_city. Regency/city rows were matched by name to the "
            "mirror's key table (city_regency_keys.csv) for `province` and `is_city` (kota); four names are "
            "spelled differently there and were matched explicitly (Tojo UnaUna, Kep. Seribu, ToliToli, Kota "
            "Makasar). The key table's own IDs are not BPS codes and are not shipped. Province rows are "
            "followed by their regencies in the source; each province row was given the key-table province "
            "name its regencies carry (checked unique), so `province` is spelled the same at both levels. "
            "Columns renamed with units (expenditure -> expenditure_k_idr, etc.); missing values (70 HDI "
            "values, for areas not yet created) stay missing. Sorted by region, year."
        ),
        fields={
            "region": ("Area name as in the source (provinces in UPPER CASE, BPS spelling)", None),
            "level": ("nation, province or regency_city", None),
            "province": ("Province (key-table spelling); empty for the national row", None),
            "is_city": (
                "True for a city (kota), false for a regency (kabupaten); empty for province and national rows",
                None,
            ),
            "year": ("Year", None),
            "expenditure_k_idr": ("Adjusted per-capita expenditure", "thousand IDR per person per year"),
            "expected_schooling_years": ("Expected years of schooling", "years"),
            "mean_schooling_years": ("Mean years of schooling", "years"),
            "life_expectancy_years": ("Life expectancy at birth", "years"),
            "hdi": ("Human Development Index (BPS IPM)", "index 0-100"),
        },
        build=build_id_hdi_by_regency,
        primary_key=["region", "year"],
        constraints={"hdi": {"minimum": 0, "maximum": 100}},
    ),
    Resource(
        name="id_poverty_by_province",
        title="Indonesia: share of population in poverty by province, 2019-2024 (BPS)",
        description=(
            "Percentage of the population below the poverty line for Indonesia's provinces, 2019-2024 (BPS, "
            "as republished on Open Data Jabar; the survey month is not stated in the file). The four Papua "
            "provinces created in 2022 (Papua Barat Daya, Papua Selatan, Papua Tengah, Papua Pegunungan) are "
            "shown as 0 before 2024 in the source; here those values are MISSING, because the provinces were "
            "not yet reported, and a 0% poverty rate would be false. Papua and Papua Barat before 2024 cover "
            "the larger pre-split territories (`pre_split_territory` is true), so the drop in Papua's rate in "
            "2024 is largely a boundary change, not a fall in poverty." + BPS_NOTE
        ),
        raw_files=[ID_POVERTY],
        sources=[
            {
                "title": "BPS-Statistics Indonesia, Persentase Penduduk Miskin (via Open Data Jabar)",
                "path": "https://opendata.jabarprov.go.id/",
            },
            {
                "title": "GitHub mirror: avinrahmadian/Clustering-Kmeans @ 0e84f2e (Data/Persentase Penduduk Miskin di Indonesia.csv)",
                "path": "https://github.com/avinrahmadian/Clustering-Kmeans/tree/0e84f2e7880662790b7dd346108a57c26c2942de/Data",
            },
        ],
        licenses=[BPS_LICENSE],
        citation="BPS-Statistics Indonesia, Persentase Penduduk Miskin menurut Provinsi 2019-2024 (via Open Data Jabar).",
        derivation=(
            "Read the ';'-separated file; kept BPS province code (as text), name, year and % poor, and dropped "
            "the row id. Checked that codes 92, 95, 96, 97 are the four new Papua provinces and that all their "
            "values before 2024 are 0; set those 20 values to missing (not reported, not zero). Checked that no "
            "other zero remains. Added `pre_split_territory` = true for Papua (94) and Papua Barat (91) before "
            "2024, whose figures cover the territory later split off. Sorted by province code, year."
        ),
        fields={
            "province_code": ("BPS province code", None),
            "province": ("Province name (BPS, upper case)", None),
            "year": ("Year", None),
            "poor_pct": ("Share of the population below the poverty line; missing where not reported", "%"),
            "pre_split_territory": (
                "True where the figure covers a territory larger than the 2024 province (Papua, Papua Barat before 2024)",
                None,
            ),
        },
        build=build_id_poverty_by_province,
        primary_key=["province_code", "year"],
        constraints={"poor_pct": {"minimum": 0, "maximum": 100}},
    ),
]
