"""SDG tables: the official goal/target/indicator framework and the UN SDG Global Database series.

* ``sdg_framework``: 17 goals, 169 targets and the indicators, with titles in English, Chinese
  (simplified), Khmer, Lao, Myanmar and Nepali.
* ``sdg_series_asia_pacific``: every series staged from the 2020 snapshot of the UN SDG Global
  Database (DDF format), one tidy long table, Asia-Pacific regional members only.
* ``sdg_series_catalogue``: one row per series: what it measures, its goal/target/indicator and unit.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pandas as pd

from ._common import CC_BY_4, MIT, Resource, raw_path
from .asia_pacific_countries import asia_pacific_table

FRAMEWORK_FILE = "sdg/sdg_global_framework_goals_targets_indicators.csv"
LANGUAGES = {"zh-Hans": "Chinese (simplified)", "km": "Khmer", "lo": "Lao", "my": "Myanmar (Burmese)", "ne": "Nepali"}


# Indicator codes the source still holds although the UN Statistical Commission's 2020 comprehensive review
# (51st session, E/CN.3/2020/2, annex II) removed them: marked in `status`, never silently dropped.
CURRENT = "current"
REVIEW_2020 = {
    "1.a.3": "deleted in the 2020 comprehensive review",
    "8.9.2": "deleted in the 2020 comprehensive review",
    "11.c.1": "deleted in the 2020 comprehensive review",
    "13.3.2": "deleted in the 2020 comprehensive review",
    "17.6.2": "renumbered in the 2020 comprehensive review (now 17.6.1)",
}
STATUSES = [CURRENT, *sorted(set(REVIEW_2020.values()))]
UN_LIST_ENTRIES = 247  # indicator entries in the UN list after the review, repeats counted (231 unique)


def _code_key(code: str) -> tuple:
    """Official framework order: goal number, then target (numbers before letters), then indicator."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in code.split("."))


@cache
def framework(raw: Path) -> pd.DataFrame:
    table = pd.read_csv(raw_path(raw, FRAMEWORK_FILE), dtype=str, keep_default_na=False)
    if not (
        table.loc[table["level"] == "indicator", "code"] == table.loc[table["level"] == "indicator", "indicator"]
    ).all():
        raise ValueError("sdg framework: indicator column differs from code")
    out = pd.DataFrame(
        {
            "level": table["level"],
            "code": table["code"],
            "goal": pd.to_numeric(table["goal"]).astype("Int64"),
            "target": table["target"].replace("", pd.NA),
            "short_en": table["short_en"].replace("", pd.NA),
            "title_en": table["title_en"].str.strip(),
        }
    )
    for lang in LANGUAGES:
        out["title_" + lang.replace("-", "_").lower()] = table["title_" + lang].str.strip().replace("", pd.NA)
    out = out.iloc[sorted(range(len(out)), key=lambda i: _code_key(out["code"].iat[i]))].reset_index(drop=True)
    out["level"] = pd.Categorical(out["level"], categories=["goal", "target", "indicator"])
    reviewed = out["code"].isin(REVIEW_2020)
    assert set(out.loc[reviewed & (out["level"] == "indicator"), "code"]) == set(REVIEW_2020), "review codes moved"
    out["status"] = pd.Categorical(out["code"].map(REVIEW_2020).fillna(CURRENT), categories=STATUSES)
    current_indicators = ((out["level"] == "indicator") & (out["status"] == CURRENT)).sum()
    assert current_indicators == UN_LIST_ENTRIES, f"{current_indicators} current indicator codes, UN list has 247"
    counts = out["level"].value_counts()
    assert counts["goal"] == 17, f"expected 17 goals, found {counts['goal']}"
    assert counts["target"] == 169, f"expected 169 targets, found {counts['target']}"
    assert out["code"].is_unique, "framework codes are not unique"
    assert out.duplicated(["level", "code", "target"]).sum() == 0
    targets = set(out.loc[out["level"] == "target", "code"])
    assert set(out.loc[out["level"] == "indicator", "target"]) <= targets, "indicator under an unknown target"
    assert out["goal"].between(1, 17).all()
    return out


def _build_framework(raw: Path) -> pd.DataFrame:
    return framework(raw).copy()


FRAMEWORK = Resource(
    name="sdg_framework",
    title="The SDG framework: 17 goals, 169 targets and their indicators, in six languages",
    description=(
        "The official global SDG framework (goals, targets and indicators) with titles in English, Chinese "
        "(simplified), Khmer, Lao, Myanmar and Nepali. One row per goal, target and indicator code: 17 goals, "
        "169 targets and 252 indicator codes. Some indicators are repeated under several targets, each time "
        "with its own code and the same title (for example 1.5.1 = 11.5.1 = 13.1.1 on disaster deaths, "
        "1.5.4 = 11.b.2 = 13.1.3 on local disaster risk reduction strategies, 10.3.1 = 16.b.1 on felt "
        "discrimination); they are kept as separate rows because each code belongs to its own target. "
        "Indicator titles follow the Open SDG translation files, which track the UN list after the 2020 "
        "comprehensive review, but the source still holds five codes that the review removed: 1.a.3, 8.9.2, "
        "11.c.1 and 13.3.2 were deleted, and 17.6.2 was renumbered 17.6.1 (both carry the same title). The "
        "`status` column marks them; filter on status == 'current' to get the 247 entries of the UN list "
        "(231 unique indicators). "
        "There is no Korean translation in the source. The English UN text is authoritative; the other "
        "languages are community translations (Open SDG) and are missing where the source has none."
    ),
    raw_files=[FRAMEWORK_FILE],
    sources=[
        {
            "title": "UN Statistical Commission, Global indicator framework for the SDGs (A/RES/71/313 and annual refinements)",
            "path": "https://unstats.un.org/sdgs/indicators/indicators-list/",
        },
        {
            "title": "IAEG-SDGs, report to the 51st Statistical Commission with the 2020 comprehensive review (E/CN.3/2020/2, annex II)",
            "path": "https://undocs.org/E/CN.3/2020/2",
        },
        {
            "title": "open-sdg/sdg-translations @ 0cda585851a5c6f04040a9a2755fbb4496c4eead (translations/<lang>/global_{goals,targets,indicators}.yml)",
            "path": "https://github.com/open-sdg/sdg-translations/tree/0cda585851a5c6f04040a9a2755fbb4496c4eead",
        },
    ],
    licenses=[MIT],
    citation=(
        "United Nations, Global indicator framework for the Sustainable Development Goals and targets of the "
        "2030 Agenda for Sustainable Development (A/RES/71/313 and refinements); translations from Open SDG, "
        "sdg-translations (MIT)."
    ),
    derivation=(
        "Read sdg/sdg_global_framework_goals_targets_indicators.csv (the Open SDG YAML translation files "
        "flattened to CSV at staging). Dropped the `indicator` column (identical to `code` on indicator rows; "
        "checked). Renamed title_zh-Hans to title_zh_hans. Stripped surrounding spaces; empty strings become "
        "missing. `target` is the target code for target and indicator rows and missing for goals. Rows are in "
        "the official order (goal, then target with numeric targets before lettered ones, then indicator). "
        "Checks in the recipe: exactly 17 goals and 169 targets, codes unique (so one row per "
        "(level, code, target)), every indicator's target exists. Repeated indicators (same title under "
        "several targets) are distinct codes in the source and are kept as separate rows; no text was changed. "
        "`status` is 'current' except for the five codes the 2020 comprehensive review removed (E/CN.3/2020/2, "
        "annex II): 1.a.3, 8.9.2, 11.c.1, 13.3.2 (deleted) and 17.6.2 (renumbered 17.6.1); the recipe checks "
        "that 247 current indicator codes remain, the number of entries in the UN list."
    ),
    fields={
        "level": ("goal, target or indicator", None),
        "code": ("Framework code: goal '11', target '11.b', indicator '11.b.2' (unique)", None),
        "goal": ("Goal number, 1 to 17", None),
        "target": ("Target code the row belongs to (e.g. '11.b'); missing for goals", None),
        "short_en": ("Short English name of the goal (e.g. 'No poverty'); missing for targets and indicators", None),
        "title_en": ("Official English title", None),
        "title_zh_hans": ("Title in Chinese (simplified), Open SDG translation", None),
        "title_km": ("Title in Khmer, Open SDG translation", None),
        "title_lo": ("Title in Lao, Open SDG translation", None),
        "title_my": ("Title in Myanmar (Burmese), Open SDG translation", None),
        "title_ne": ("Title in Nepali, Open SDG translation", None),
        "status": (
            "current, or how the 2020 comprehensive review removed the code (deleted; renumbered, with the new code)",
            None,
        ),
    },
    build=_build_framework,
    primary_key=["code"],
    constraints={"goal": {"minimum": 1, "maximum": 17}},
    compress=True,
)


# --- UN SDG Global Database, 2020 snapshot (DDF) -----------------------------------------------
DDF = "sdg/unsd_sdg_global_database_2020_ddf"
DDF_CONCEPTS = f"{DDF}/ddf--concepts--continuous.csv"
# dimension columns in output order; units is decoded separately
DIMENSIONS = [
    "sex",
    "location",
    "age",
    "cities",
    "disability_status",
    "grounds_of_discrimination",
    "migratory_status",
    "quantile",
    "nature",
    "observation_status",
]
ATTRIBUTES = {"nature", "observation_status"}  # describe a value, do not identify it (checked)
ENTITY_FILES = {dim: f"{DDF}/ddf--entities--{dim}.csv" for dim in [*DIMENSIONS, "units"]}

# Readable labels for the UNSD codes used in the Asia-Pacific rows. The DDF entity files only give
# the upper-case SDMX code (e.g. "PER_100000_POP"); these are the UNSD meanings of those codes.
# Codes not listed keep the entity file's name (the published SDMX code).
LABELS = {
    "units": {
        "percent": "percent",
        "number": "number",
        "index": "index",
        "mgr_m_3": "micrograms per cubic metre",
        "per_100000_pop": "per 100,000 population",
        "per_100000_emp": "per 100,000 employees",
        "cu_usd": "current US dollars",
        "cu_usd_m": "current US dollars, millions",
    },
    "sex": {"bothsex": "both sexes", "female": "female", "male": "male", "notspec": "not specified"},
    "location": {"allarea": "all areas", "urban": "urban", "rural": "rural", "notspec": "not specified"},
    "nature": {
        "c": "country data",
        "ca": "country adjusted data",
        "e": "estimated data",
        "g": "global monitoring data",
        "m": "modelled data",
        "n": "non-relevant",
        "notspec": "not specified",
    },
    # PD/PWD checked against the data: felt discrimination on grounds of disability is higher for PD
    # than PWD in 32 of 33 country-years, unemployment higher in most; PD = with, PWD = without.
    "disability_status": {"pd": "persons with disability", "pwd": "persons without disability", "t": "total"},
    "migratory_status": {"t": "total", "migper": "migrants", "nonmig": "non-migrants"},
    "quantile": {"b50": "below 50% of median income"},
    "observation_status": {"a": "normal value", "i": "imputed value"},
    "grounds_of_discrimination": {
        "all": "any ground",
        "age": "age",
        "dishea": "disability or health status",
        "ethcollan": "ethnicity, colour or language",
        "religion": "religion",
        "sex": "sex",
        "sexo": "sexual orientation",
        "genid": "gender identity",
        "sexogenid": "sexual orientation or gender identity",
        "mig": "migration status",
        "polview": "political views",
        "socioecon": "socio-economic status",
        "other": "other grounds",
    },
    "age": {"allage": "all ages", "notspec": "not specified"},
    "cities": {"nociti": "NOCITI (no city named)"},
}


def _entity_labels(raw: Path, dim: str) -> dict[str, str]:
    """code -> readable label: LABELS first, else the entity file's name (age: '15-24', '<10Y' -> 'under 10')."""
    entities = pd.read_csv(raw_path(raw, ENTITY_FILES[dim]), dtype=str, keep_default_na=False)
    names = dict(zip(entities[dim], entities["name"], strict=True))
    if dim == "age":
        names = {k: re.sub(r"^<(\d+)Y$", r"under \1", v) for k, v in names.items()}
    if dim == "cities":
        names = {k: v.replace("_", " ").title() for k, v in names.items()}
    names.update(LABELS.get(dim, {}))
    return names


# The 70 staged series (64 in SOURCES.md 4.1, six more in 11.9): "<series>--by--<dimensions>".
SERIES_FILES = [
    "eg_egy_clean--by--geo_area--nature--units--year",
    "eg_elc_accs--by--geo_area--location--nature--units--year",
    "en_atm_pm25--by--geo_area--location--nature--units--year",
    "en_lnd_slum--by--geo_area--nature--units--year",
    "en_ref_wascol--by--cities--geo_area--nature--units--year",
    "er_h2o_stress--by--geo_area--nature--observation_status--units--year",
    "sd_mdp_muhc--by--age--geo_area--location--nature--sex--units--year",
    "sg_dsr_lgrgsr--by--geo_area--nature--units--year",
    "sg_dsr_sfdrr--by--geo_area--nature--units--year",
    "sg_dsr_siln--by--geo_area--nature--units--year",
    "sg_dsr_sils--by--geo_area--nature--units--year",
    "sg_gen_locgels--by--geo_area--nature--sex--units--year",
    "sg_gen_parl--by--geo_area--nature--sex--units--year",
    "sg_gov_logv--by--geo_area--nature--units--year",
    "sg_lgl_geneqemp--by--geo_area--nature--units--year",
    "sg_lgl_geneqlfp--by--geo_area--nature--units--year",
    "sg_lgl_geneqmar--by--geo_area--nature--units--year",
    "sg_lgl_geneqvaw--by--geo_area--nature--units--year",
    "sg_nhr_impl--by--geo_area--nature--units--year",
    "sg_nhr_impln--by--geo_area--nature--units--year",
    "sg_nhr_intexst--by--geo_area--nature--units--year",
    "sg_nhr_intexstn--by--geo_area--nature--units--year",
    "sg_nhr_noappln--by--geo_area--nature--units--year",
    "sg_nhr_nostusn--by--geo_area--nature--units--year",
    "sh_h2o_safe--by--geo_area--location--nature--units--year",
    "sh_san_safe--by--geo_area--location--nature--units--year",
    "sh_sta_wash--by--age--geo_area--nature--sex--units--year",
    "si_cov_benfts--by--geo_area--nature--sex--units--year",
    "si_cov_disab--by--geo_area--nature--sex--units--year",
    "si_cov_vuln--by--geo_area--nature--sex--units--year",
    "si_pov_50mi--by--geo_area--nature--quantile--units--year",
    "si_pov_day1--by--geo_area--nature--units--year",
    "si_pov_emp1--by--age--geo_area--nature--sex--units--year",
    "si_pov_nahc--by--geo_area--location--nature--units--year",
    "sl_emp_ftlinjur--by--geo_area--migratory_status--nature--sex--units--year",
    "sl_emp_injur--by--geo_area--migratory_status--nature--sex--units--year",
    "sl_tlf_uemdis--by--disability_status--geo_area--nature--sex--units--year",
    "sp_acs_bsrvh2o--by--geo_area--location--nature--units--year",
    "sp_acs_bsrvsan--by--geo_area--location--nature--units--year",
    "sp_gnp_wnowns--by--geo_area--nature--units--year",
    "sp_lgl_lndagsec--by--geo_area--nature--sex--units--year",
    "vc_dsr_affct--by--geo_area--nature--units--year",
    "vc_dsr_agln--by--geo_area--nature--units--year",
    "vc_dsr_bsdn--by--geo_area--nature--units--year",
    "vc_dsr_cdan--by--geo_area--nature--units--year",
    "vc_dsr_cdyn--by--geo_area--nature--units--year",
    "vc_dsr_chln--by--geo_area--nature--units--year",
    "vc_dsr_ciln--by--geo_area--nature--units--year",
    "vc_dsr_daff--by--geo_area--nature--units--year",
    "vc_dsr_ddpa--by--geo_area--nature--units--year",
    "vc_dsr_efdn--by--geo_area--nature--units--year",
    "vc_dsr_esdn--by--geo_area--nature--units--year",
    "vc_dsr_gdpls--by--geo_area--nature--units--year",
    "vc_dsr_hfdn--by--geo_area--nature--units--year",
    "vc_dsr_holn--by--geo_area--nature--units--year",
    "vc_dsr_hsdn--by--geo_area--nature--units--year",
    "vc_dsr_ijiln--by--geo_area--nature--units--year",
    "vc_dsr_lsgp--by--geo_area--nature--units--year",
    "vc_dsr_miss--by--geo_area--nature--units--year",
    "vc_dsr_mort--by--geo_area--nature--units--year",
    "vc_dsr_mtmn--by--geo_area--nature--units--year",
    "vc_dsr_mtmp--by--geo_area--nature--units--year",
    "vc_dsr_obdn--by--geo_area--nature--units--year",
    "vc_dsr_pdan--by--geo_area--nature--units--year",
    "vc_dsr_pdln--by--geo_area--nature--units--year",
    "vc_dsr_pdyn--by--geo_area--nature--units--year",
    "vc_vaw_marr--by--age--geo_area--nature--sex--units--year",
    "vc_vaw_mtuhra--by--geo_area--nature--sex--units--year",
    "vc_voc_enfdis--by--geo_area--nature--sex--units--year",
    "vc_vov_gdsd--by--disability_status--geo_area--grounds_of_discrimination--nature--sex--units--year",
]
DATAPOINT_FILES = [f"{DDF}/ddf--datapoints--{name}.csv" for name in SERIES_FILES]
DDF_RAW_FILES = [DDF_CONCEPTS, *ENTITY_FILES.values(), *DATAPOINT_FILES]


def _series_files(raw: Path) -> list[str]:
    folder = Path(raw) / DDF
    found = sorted(f"{DDF}/{p.name}" for p in folder.glob("ddf--datapoints--*--by--*.csv"))
    if found != sorted(DATAPOINT_FILES):
        raise ValueError(f"{DDF}: datapoint files differ from the 70 listed in the recipe")
    return DATAPOINT_FILES


@cache
def series_long(raw: Path) -> pd.DataFrame:
    countries = asia_pacific_table()
    countries = countries[countries["regional"]][["iso3", "m49"]]
    labels = {dim: _entity_labels(raw, dim) for dim in [*DIMENSIONS, "units"]}
    frames = []
    for relative in _series_files(raw):
        series = Path(relative).name.split("--")[2]
        table = pd.read_csv(raw_path(raw, relative), dtype=str, keep_default_na=False)
        dims = [c for c in table.columns if c not in (series, "geo_area", "year")]
        identifying = [c for c in dims if c not in ATTRIBUTES and c != "units"]
        if table.duplicated(["geo_area", "year", *identifying]).any():
            raise ValueError(f"{relative}: rows not unique without the attribute columns")
        if table["units"].nunique() != 1:
            raise ValueError(f"{relative}: more than one unit")
        table["m49"] = pd.to_numeric(table["geo_area"]).astype("Int64")
        table = table.merge(countries, on="m49", how="inner")
        text = table[series].str.strip()
        value = pd.to_numeric(text, errors="coerce")
        out = pd.DataFrame(
            {
                "series_code": series,
                "iso3": table["iso3"],
                "m49": table["m49"],
                "year": pd.to_numeric(table["year"]).astype("Int64"),
                "value": value.astype("float64"),
                "value_text": text.where(value.isna()),
                "units": table["units"].map(labels["units"]),
            }
        )
        for dim in DIMENSIONS:
            out[dim] = table[dim].map(labels[dim]) if dim in table.columns else pd.NA
        key_parts = [dim + "=" + table[dim] for dim in identifying]
        out["disaggregation"] = (
            pd.concat(key_parts, axis=1).agg("; ".join, axis=1) if key_parts else pd.Series("none", index=table.index)
        )
        frames.append(out)
    long = pd.concat(frames, ignore_index=True)
    if long["units"].isna().any():
        raise ValueError("a unit code has no label")
    for dim in DIMENSIONS:
        long[dim] = long[dim].astype("string")
    long = long.sort_values(["series_code", "iso3", "year", "disaggregation"], ignore_index=True)
    key = ["series_code", "iso3", "year", "disaggregation"]
    assert not long.duplicated(key).any(), "series key not unique"
    assert not long.duplicated(["series_code", "iso3", "year", *DIMENSIONS]).any()
    nhri = long[long["series_code"].isin(["sg_nhr_impln", "sg_nhr_intexstn", "sg_nhr_nostusn", "sg_nhr_noappln"])]
    assert (nhri["value"] == 1).all() and not nhri.duplicated(["iso3", "year"]).any(), "NHRI status not one-hot"
    for column in ["series_code", "units", "sex", "location", "nature", "observation_status"]:
        long[column] = long[column].astype("category")
    return long


def _build_series(raw: Path) -> pd.DataFrame:
    return series_long(raw)


def _build_catalogue(raw: Path) -> pd.DataFrame:
    concepts = pd.read_csv(raw_path(raw, DDF_CONCEPTS), dtype=str, keep_default_na=False)
    long = series_long(raw)
    codes = sorted(Path(f).name.split("--")[2] for f in _series_files(raw))
    concepts = concepts.set_index("concept").loc[codes]

    def tidy(text: str) -> str:
        return ", ".join(sorted((p.strip() for p in text.split(",")), key=_code_key))

    counts = long.groupby("series_code", observed=True).agg(
        rows_asia_pacific=("iso3", "size"),
        countries_asia_pacific=("iso3", "nunique"),
        first_year=("year", "min"),
        last_year=("year", "max"),
    )
    unit_labels = _entity_labels(raw, "units")
    units = {}  # from the whole file, so that series without Asia-Pacific rows still get their unit
    for relative in _series_files(raw):
        codes_in_file = pd.read_csv(raw_path(raw, relative), dtype=str, usecols=["units"])["units"].unique()
        units[Path(relative).name.split("--")[2]] = "; ".join(sorted(unit_labels[c] for c in codes_in_file))
    disaggregated_by = long.groupby("series_code", observed=True)["disaggregation"].agg(
        lambda s: ", ".join(sorted({part.split("=")[0] for text in s for part in text.split("; ") if "=" in part}))
    )
    out = pd.DataFrame(
        {
            "series_code": codes,
            "un_series_code": concepts["name"].to_numpy(),
            "description": concepts["description"].str.strip().to_numpy(),
            "goal": concepts["goal"].map(tidy).to_numpy(),
            "target": concepts["target"].map(tidy).to_numpy(),
            "indicator": concepts["indicator"].map(tidy).to_numpy(),
        }
    )
    out["unit"] = out["series_code"].map(units)
    out["disaggregated_by"] = out["series_code"].map(disaggregated_by).replace("", pd.NA)
    for column in counts.columns:
        out[column] = out["series_code"].map(counts[column])
    out["rows_asia_pacific"] = out["rows_asia_pacific"].fillna(0).astype("Int64")
    out["countries_asia_pacific"] = out["countries_asia_pacific"].fillna(0).astype("Int64")
    out["first_year"] = out["first_year"].astype("Int64")
    out["last_year"] = out["last_year"].astype("Int64")
    assert len(out) == 70, f"expected 70 series, found {len(out)}"
    assert out["series_code"].str.startswith("sg_nhr_").sum() == 6
    return out.sort_values("series_code", ignore_index=True)


DDF_SOURCES = [
    {
        "title": "UN Statistics Division, Global SDG Indicators Database (accessed Oct 2020)",
        "path": "https://unstats.un.org/sdgs/dataportal",
    },
    {
        "title": "open-numbers/ddf--unstats--sdg_indicators @ 1bfae15828a86ad30e86872411534f5c8136d784 (2020-10-19)",
        "path": "https://github.com/open-numbers/ddf--unstats--sdg_indicators/tree/1bfae15828a86ad30e86872411534f5c8136d784",
    },
]
DDF_CITATION = (
    "United Nations Statistics Division, Global SDG Indicators Database (accessed Oct 2020), via Open Numbers / "
    "Gapminder ddf--unstats--sdg_indicators (CC BY 4.0)."
)
DDF_LICENSES = [
    {
        **CC_BY_4,
        "title": "Creative Commons Attribution 4.0 (Open Numbers datapackage; UN data used with attribution under the UN terms of use)",
    }
]
SNAPSHOT = (
    "This is a 2020 snapshot of the UN SDG Global Database: most series end in 2018 or 2019, and later "
    "revisions by the UN are not included."
)


SERIES_RESOURCE = Resource(
    name="sdg_series_asia_pacific",
    title="UN SDG Global Database series for Asia-Pacific countries (2020 snapshot, 70 series)",
    description=(
        "Every series staged from the UN SDG Global Database (70 series: disaster losses and deaths under the "
        "Sendai Framework, national and local disaster risk reduction strategies, women in parliaments and local "
        "government, legal frameworks for gender equality, national human rights institutions (16.a.1, "
        "`sg_nhr_*`), attacks on human rights defenders and journalists, felt discrimination, poverty, social "
        "protection, water, sanitation, electricity, clean cooking, slums, PM2.5, waste collection by city, "
        "occupational injuries by migrant status, unemployment by disability, water stress) in one tidy long "
        "table, for the 58 Asia-Pacific regional ESCAP members and associate members that report. One row per "
        "series, country, year and disaggregation. Codes are decoded to readable labels; dimensions a series "
        "does not have are empty. `disaggregation` lists the identifying dimension codes of the row (or 'none') "
        "so that (series_code, iso3, year, disaggregation) is a unique key. See `sdg_series_catalogue` for "
        "what each series measures. NHRI status (16.a.1): the four country series sg_nhr_impln (A status, fully "
        "compliant with the Paris Principles), sg_nhr_intexstn (B status), sg_nhr_nostusn (C status) and "
        "sg_nhr_noappln (D status, no application) hold only the value 1; each country-year appears in exactly "
        "one of them (checked), for 2000, 2005, 2010 and 2015-2019; in 2019 only A, B and C are listed (26 "
        "countries), so a country missing in 2019 is not known to have no NHRI. " + SNAPSHOT
    ),
    raw_files=DDF_RAW_FILES,
    sources=DDF_SOURCES,
    licenses=DDF_LICENSES,
    citation=DDF_CITATION,
    derivation=(
        "Read the 70 ddf--datapoints--<series>--by--<dims>.csv files of sdg/unsd_sdg_global_database_2020_ddf "
        "(the recipe fails if the folder holds other datapoint files). geo_area (UN M49) is joined to "
        "asia_pacific_table().m49, regional members only; regional aggregates and all other countries are "
        "dropped. Values are parsed as numbers; the few non-numeric entries (for example '>95' and '<5' in "
        "eg_egy_clean, 'N' in sg_gen_locgels) become missing in `value` and are kept as published in "
        "`value_text`, never replaced by a guess. Units and dimension codes are decoded from the ddf--entities "
        "files; as those only hold the upper-case SDMX codes, readable labels for the codes used in the region "
        "are written in the recipe (UNSD meanings: nature C = country data, E = estimated, M = modelled, G = "
        "global monitoring; observation status A = normal, I = imputed). Disability codes PD and PWD were checked "
        "against the data (felt discrimination on grounds of disability is higher for PD in 32 of 33 "
        "country-years), so PD = persons with disability, PWD = persons without disability. Age codes use the "
        "entity file's labels ('15-24', '15+'; '<10Y' becomes 'under 10'); city names are the entity names in "
        "title case, with 'NOCITI' (rows not tied to a named city) kept as such. For every series the recipe "
        "checks that rows are unique without the attribute columns nature and observation_status and that it "
        "has a single unit; `disaggregation` is built from the remaining dimension codes. Missing stays "
        "missing. Sorted by series_code, iso3, year, disaggregation."
    ),
    fields={
        "series_code": ("UN SDG series code in lower case (see sdg_series_catalogue)", None),
        "iso3": ("ISO 3166-1 alpha-3 code", None),
        "m49": ("UN M49 numeric code (geo_area in the source)", None),
        "year": ("Year of the observation", "year"),
        "value": ("Value in `units`; missing where the source value is not a number (see value_text)", None),
        "value_text": ("The published value where it is not a plain number (e.g. '>95', '<5'); empty otherwise", None),
        "units": ("Unit of `value`, decoded (e.g. percent, number, per 100,000 population)", None),
        "sex": ("Sex: both sexes, female, male, not specified; empty if the series has no sex dimension", None),
        "location": ("Urban, rural or all areas; empty if the series has no location dimension", None),
        "age": ("Age group, e.g. '15-24', '15+', 'all ages'; empty if the series has no age dimension", None),
        "cities": ("City (only en_ref_wascol, waste collection by city)", None),
        "disability_status": ("persons with disability, persons without disability, total", None),
        "grounds_of_discrimination": ("Ground of felt discrimination (vc_vov_gdsd only)", None),
        "migratory_status": ("migrants, non-migrants, total (occupational injury series)", None),
        "quantile": ("Income quantile (si_pov_50mi: below 50% of median income)", None),
        "nature": ("Nature of the data: country data, estimated, modelled, global monitoring data...", None),
        "observation_status": ("Observation status (er_h2o_stress only): normal value or imputed value", None),
        "disaggregation": (
            "Identifying dimension codes of the row, e.g. 'location=urban; sex=female', or 'none'",
            None,
        ),
    },
    build=_build_series,
    primary_key=["series_code", "iso3", "year", "disaggregation"],
    compress=True,
)

CATALOGUE_RESOURCE = Resource(
    name="sdg_series_catalogue",
    title="Catalogue of the UN SDG Global Database series in this package (2020 snapshot)",
    description=(
        "One row per series in `sdg_series_asia_pacific`: the UN series code, what it measures (the UNSD "
        "description, with its unit in brackets), the goal(s), target(s) and indicator(s) it serves (several for "
        "repeated indicators such as disaster deaths 1.5.1 / 11.5.1 / 13.1.1), its unit, the dimensions it is "
        "disaggregated by, and how many Asia-Pacific rows, countries and years it has. Series with 0 rows have "
        "no Asia-Pacific data in the snapshot: sg_nhr_impl and sg_nhr_intexst (shares of countries) and "
        "sg_dsr_sfdrr exist only for world and regional aggregates, and vc_vaw_mtuhra and vc_voc_enfdis (16.10.1) "
        "are published for regions, not countries. " + SNAPSHOT
    ),
    raw_files=DDF_RAW_FILES,
    sources=DDF_SOURCES,
    licenses=DDF_LICENSES,
    citation=DDF_CITATION,
    derivation=(
        "From sdg/unsd_sdg_global_database_2020_ddf/ddf--concepts--continuous.csv: description, goal, target, "
        "indicator and the upper-case UN series code for each of the 70 series; multi-valued goal/target/indicator "
        "lists are put in framework order and joined with ', '. unit, disaggregated_by, rows, countries and "
        "first/last year are computed from sdg_series_asia_pacific (Asia-Pacific regional members only). The "
        "recipe checks there are 70 series and the six NHRI series sg_nhr_* (16.a.1) are present."
    ),
    fields={
        "series_code": ("Series code in lower case, as in sdg_series_asia_pacific", None),
        "un_series_code": ("UN SDG series code as published (upper case)", None),
        "description": ("What the series measures (UNSD description; unit in brackets)", None),
        "goal": ("Goal number(s), comma-separated", None),
        "target": ("Target code(s), comma-separated", None),
        "indicator": ("Indicator code(s), comma-separated", None),
        "unit": ("Unit of the values (decoded)", None),
        "disaggregated_by": ("Identifying dimensions of the series (e.g. 'location, sex'); empty if none", None),
        "rows_asia_pacific": ("Number of rows for Asia-Pacific regional members", None),
        "countries_asia_pacific": ("Number of Asia-Pacific countries and areas with at least one value", None),
        "first_year": ("First year with Asia-Pacific data", "year"),
        "last_year": ("Last year with Asia-Pacific data", "year"),
    },
    build=_build_catalogue,
    primary_key=["series_code"],
)

RESOURCES = [FRAMEWORK, SERIES_RESOURCE, CATALOGUE_RESOURCE]
