"""Philippine disasters: PHIL-DIS events and impacts by province (CC BY-SA 4.0, share-alike) and
houses damaged by 12 typhoons by municipality (DASL-NTU, MIT). SOURCES.md sections 11.1 and 11.2.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ._common import CC_BY_SA_4, MIT, SHARE_ALIKE, Resource, raw_path

LIST = "disasters/phildis/ph_phildis_disaster_list.csv"
IMPACTS = "disasters/phildis/ph_phildis_disaster_impacts_by_province_and_ncr_city.csv"
DASL = "disasters/ph_typhoon_damaged_houses_by_municipality_12_typhoons_2012_2016.csv"

EVENT_COLUMNS = ["name_int", "name_local", "type", "subtype", "date_start", "date_end", "date_year", "date_month"]
COUNTS = [
    "affected_families",
    "affected_persons",
    "dead",
    "injured",
    "missing",
    "damaged_houses_full",
    "damaged_houses_partial",
]
PESOS = ["damaged_properties_agri", "damaged_properties_infra", "damaged_properties_private", "damage_total"]
IMPACT_COLUMNS = COUNTS + PESOS

# Malformed dates, fixed or set missing (the whole list; the build raises on any other bad value).
BAD_DATE_IDS = {"Tornado_10-18_Tornado", "Flooding_10-15_FlashFlood"}  # date "10-18"/"10-15", year "10-1"
DATE_START_FIXES = {"1963-07-1": "1963-07-01"}  # truncated day; the disaster_id carries 1963-07-01
DATE_END_FIXES = {"1/29/2005": "2005-01-29"}  # US-style date in an otherwise ISO column
# Impact cells that are not numbers: "-" means not reported; "0..003" cannot be read safely.
UNREADABLE_IMPACTS = {"-", "0..003"}
# Two rows give the province name "Samar" with the code of a neighbouring province; "Samar" carries
# 086000000 in its other four rows, so these take that code (resolving two conflicting duplicates).
SAMAR = "Samar"
# One row's psgc is a place description; its area is Paranaque, whose code appears in other rows.
PARANAQUE_TEXT = "Vicinity of Manila Bay 1km away from Baclaran, Paranaque City"
HAIYAN = "TropicalCyclone_2013-11-06_TyphoonYolanda"
HAIYAN_AFFECTED = 16_078_181  # SOURCES.md 11.1: Haiyan/Yolanda rows sum to 16.08 million persons

PHILDIS_SOURCES = [
    {
        "title": "PHIL-DIS: Philippines Disaster Information System (digitised from OCD/NDRRMC situation reports)",
        "path": "https://github.com/benhur07b/phildis-livemark",
    },
    {
        "title": "GitHub benhur07b/phildis-livemark @ 4c674c28ce3647e8e83f6ef7e75d04688300e719 (data/tabular/)",
        "path": "https://github.com/benhur07b/phildis-livemark/tree/4c674c28ce3647e8e83f6ef7e75d04688300e719/data/tabular",
    },
]
PHILDIS_CITATION = (
    "PHIL-DIS: Philippines Disaster Information System (digitised from Office of Civil Defense / NDRRMC "
    "reports), https://github.com/benhur07b/phildis-livemark, CC BY-SA 4.0."
)
SA_NOTE = (
    "Licence CC BY-SA 4.0 (share-alike): tables derived from this one must be shared under the same "
    "licence; label it so wherever it is shown."
)


def _valid_date(values: pd.Series) -> pd.Series:
    """ISO dates YYYY-MM-DD as datetimes; anything shorter (year or year-month only) becomes missing."""
    full = values.where(values.str.fullmatch(r"\d{4}-\d{2}-\d{2}").fillna(False))
    return pd.to_datetime(full, format="%Y-%m-%d").astype("datetime64[ns]")


def _clean_event_columns(events: pd.DataFrame) -> pd.DataFrame:
    """Year, month and dates from the source's text date columns, with the documented fixes."""
    out = events.copy()
    out["date_start"] = out["date_start"].replace(DATE_START_FIXES)
    out["date_end"] = out["date_end"].replace(DATE_END_FIXES)
    bad = out["disaster_id"].isin(BAD_DATE_IDS)
    for column in ["date_start", "date_end", "date_year", "date_month"]:
        out.loc[bad, column] = pd.NA
    year_ok = out["date_year"].str.fullmatch(r"\d{4}").fillna(False)
    month_ok = out["date_month"].str.fullmatch(r"0?[1-9]|1[0-2]").fillna(False)
    if (~year_ok & out["date_year"].notna()).any() or (~month_ok & out["date_month"].notna()).any():
        raise ValueError(f"unexpected malformed year or month: {out.loc[~year_ok & out['date_year'].notna()]}")
    out["year"] = pd.to_numeric(out["date_year"]).astype("Int64")
    out["month"] = pd.to_numeric(out["date_month"]).astype("Int64")
    for column in ["date_start", "date_end"]:
        text = out[column].dropna()
        odd = text[~text.str.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?")]
        if len(odd):
            raise ValueError(f"unexpected {column} values: {sorted(odd.unique())}")
    out["date_start"] = _valid_date(out["date_start"])
    out["date_end"] = _valid_date(out["date_end"])
    start_year = out["date_start"].dt.year.astype("Int64")
    if (start_year.notna() & (start_year != out["year"])).any():
        raise ValueError("date_start and date_year disagree")
    return out


def _collapse(group: pd.DataFrame, columns: list[str]) -> pd.Series | None:
    """One row from rows that never disagree (first non-missing value per column), else None."""
    for column in columns:
        if group[column].dropna().nunique() > 1:
            return None
    return group[columns].bfill().iloc[0]


def build_events(raw: Path) -> pd.DataFrame:
    listed = pd.read_csv(raw_path(raw, LIST), dtype=str)
    impacts = pd.read_csv(raw_path(raw, IMPACTS), dtype=str)
    listed["source_rows"] = listed.groupby("disaster_id")["disaster_id"].transform("size")
    rows = []
    for disaster_id, group in listed.groupby("disaster_id", sort=False):
        row = _collapse(group, EVENT_COLUMNS)
        if row is None:
            raise ValueError(f"{LIST}: rows for {disaster_id} disagree")
        rows.append({"disaster_id": disaster_id, **row.to_dict(), "source_rows": len(group)})
    events = pd.DataFrame(rows)
    events["in_event_list"] = True
    # Events that have impact rows but are missing from the event list: attributes from the impact rows.
    extra = impacts[~impacts["disaster_id"].isin(events["disaster_id"])]
    extra_rows = []
    for disaster_id, group in extra.groupby("disaster_id", sort=False):
        row = _collapse(group, EVENT_COLUMNS)
        if row is None:
            raise ValueError(f"{IMPACTS}: event columns of {disaster_id} disagree")
        extra_rows.append({"disaster_id": disaster_id, **row.to_dict(), "source_rows": 0})
    extra_events = pd.DataFrame(extra_rows)
    extra_events["in_event_list"] = False
    events = pd.concat([events, extra_events], ignore_index=True)
    events = _clean_event_columns(events)
    with_impacts = set(impacts["disaster_id"])
    table = pd.DataFrame(
        {
            "disaster_id": events["disaster_id"],
            "name_int": events["name_int"],
            "name_local": events["name_local"],
            "type": events["type"].astype("category"),
            "subtype": events["subtype"],
            "year": events["year"],
            "month": events["month"],
            "date_start": events["date_start"],
            "date_end": events["date_end"],
            "in_event_list": events["in_event_list"].astype("boolean"),
            "source_rows": events["source_rows"].astype("Int64"),
            "has_province_impacts": events["disaster_id"].isin(with_impacts).astype("boolean"),
        }
    )
    return table.sort_values("disaster_id", ignore_index=True)


def _impact_values(impacts: pd.DataFrame) -> pd.DataFrame:
    out = impacts.copy()
    for column in IMPACT_COLUMNS:
        text = out[column].where(~out[column].isin(UNREADABLE_IMPACTS))
        numbers = pd.to_numeric(text, errors="raise")
        out[column] = numbers.astype("Int64") if column in COUNTS else numbers.astype("float64")
    return out


def build_impacts(raw: Path) -> pd.DataFrame:
    impacts = pd.read_csv(raw_path(raw, IMPACTS), dtype=str)
    # psgc: the Paranaque description gets Paranaque's code from the other rows; 8-digit codes lost a
    # leading zero and are zero-padded to 9 digits.
    paranaque = impacts.loc[impacts["province_municity"] == "Paranaque", "psgc"].unique()
    if len(paranaque) != 1:
        raise ValueError("expected one psgc for Paranaque")
    impacts.loc[impacts["psgc"] == PARANAQUE_TEXT, "psgc"] = paranaque[0]
    impacts["psgc"] = impacts["psgc"].str.zfill(9)
    if not impacts["psgc"].str.fullmatch(r"\d{9}").all():
        raise ValueError(f"{IMPACTS}: psgc values that are not 9 digits remain")
    samar = impacts["province_municity"] == SAMAR
    samar_code = impacts.loc[samar, "psgc"].value_counts().index[0]
    if samar_code != "086000000" or (impacts.loc[samar, "psgc"] != samar_code).sum() != 2:
        raise ValueError("the 'Samar' rows changed; review the psgc fix")
    impacts.loc[samar, "psgc"] = samar_code
    unreadable = impacts[IMPACT_COLUMNS].isin(UNREADABLE_IMPACTS).sum()
    if unreadable[unreadable > 0].to_dict() != {"damaged_properties_private": 2, "damage_total": 5}:
        raise ValueError(f"unreadable impact cells changed: {unreadable[unreadable > 0].to_dict()}")
    impacts = _impact_values(impacts)
    if impacts.loc[impacts["disaster_id"] == HAIYAN, "affected_persons"].sum() != HAIYAN_AFFECTED:
        raise ValueError("Haiyan/Yolanda affected persons differ from SOURCES.md (16,078,181)")
    # Rows repeating the same event and area: merge those that never disagree (exact repeats, name
    # variants, complementary partial reports); keep genuinely conflicting ones as entry 1, 2.
    rows = []
    for (disaster_id, psgc), group in impacts.groupby(["disaster_id", "psgc"], sort=False):
        merged = _collapse(group, IMPACT_COLUMNS)
        if merged is not None:
            rows.append(
                {
                    "disaster_id": disaster_id,
                    "psgc": psgc,
                    "entry": 1,
                    "area_name": group["province_municity"].iloc[0],
                    **merged.to_dict(),
                }
            )
        else:
            for entry, (_, row) in enumerate(group.iterrows(), start=1):
                rows.append(
                    {
                        "disaster_id": disaster_id,
                        "psgc": psgc,
                        "entry": entry,
                        "area_name": row["province_municity"],
                        **row[IMPACT_COLUMNS].to_dict(),
                    }
                )
    table = pd.DataFrame(rows)
    events = build_events(raw).set_index("disaster_id")
    table["year"] = table["disaster_id"].map(events["year"]).astype("Int64")
    table["entry"] = table["entry"].astype("Int64")
    for column in COUNTS:
        table[column] = table[column].astype("Int64")
    for column in PESOS:
        table[column] = table[column].astype("float64")
    table = table[["disaster_id", "year", "psgc", "area_name", "entry", *IMPACT_COLUMNS]]
    return table.sort_values(["disaster_id", "psgc", "entry"], ignore_index=True)


# --- DASL houses damaged by municipality -------------------------------------------------------
# Year of each typhoon as listed in SOURCES.md 11.2 (international names; Goni is the 2015 storm).
TYPHOON_YEAR = {
    "Bopha": 2012,
    "Utor": 2013,
    "Haiyan": 2013,
    "Rammasun": 2014,
    "Kalmaegi": 2014,
    "Hagupit": 2014,
    "Koppu": 2015,
    "Melor": 2015,
    "Goni": 2015,
    "Haima": 2016,
    "Sarika": 2016,
    "Nock-Ten": 2016,
}
DASL_COLUMNS = {  # source column -> (output column, dtype)
    "Completely damaged (abs.)": ("houses_destroyed", "Int64"),
    "Partly damaged (abs.)": ("houses_partly_damaged", "Int64"),
    "Total damaged houses (abs.)": ("houses_damaged", "Int64"),
    "Total # of houses": ("houses_estimated", "float64"),
    "Wind speed": ("wind_speed_kmh", "float64"),
    "Distance to typhoon": ("distance_to_track_km", "float64"),
    "rainfall": ("rainfall_mm", "float64"),
    "distance_first_impact": ("distance_first_impact_km", "float64"),
    "Elevation": ("elevation_m", "float64"),
    "Population": ("population", "Int64"),
    "land_area": ("land_area_km2", "float64"),
    "Population density": ("population_density_per_km2", "float64"),
    "Poverty incidence": ("poverty_incidence", "float64"),
    "% strong roof type": ("strong_roof_share", "float64"),
    "% strong wall type": ("strong_wall_share", "float64"),
    "% skilled Agriculture/Forestry/Fishermen": ("agri_forestry_fishery_share", "float64"),
    "Experience": ("typhoon_experience", "float64"),
}


def build_damaged_houses(raw: Path) -> pd.DataFrame:
    src = pd.read_csv(raw_path(raw, DASL), dtype={"pcode": str, "disaster_name": str, "Region": str})
    unknown = set(src["disaster_name"]) - set(TYPHOON_YEAR)
    if unknown:
        raise ValueError(f"{DASL}: unknown typhoons {sorted(unknown)}")
    src = src.drop_duplicates(ignore_index=True)  # 46 exact repeats
    if not src["pcode"].str.fullmatch(r"PH\d{9}").all():
        raise ValueError(f"{DASL}: pcode is not PH + 9 digits")
    src["entry"] = src.groupby(["disaster_name", "pcode"]).cumcount() + 1
    table = pd.DataFrame(
        {
            "typhoon": src["disaster_name"],
            "year": src["disaster_name"].map(TYPHOON_YEAR).astype("Int64"),
            "psgc": src["pcode"].str[2:],
            "region_group": src["Region"].replace({"minandao": "mindanao"}).astype("category"),
            "entry": src["entry"].astype("Int64"),
        }
    )
    for column, (name, dtype) in DASL_COLUMNS.items():
        table[name] = src[column].astype(dtype)
    return table.sort_values(["typhoon", "psgc", "entry"], ignore_index=True)


IMPACT_FIELDS = {
    "affected_families": ("Families affected", "families"),
    "affected_persons": ("Persons affected", "persons"),
    "dead": ("Persons dead", "persons"),
    "injured": ("Persons injured", "persons"),
    "missing": ("Persons missing", "persons"),
    "damaged_houses_full": ("Houses totally damaged (destroyed)", "houses"),
    "damaged_houses_partial": ("Houses partially damaged", "houses"),
    "damaged_properties_agri": ("Damage to agriculture, nominal pesos", "million PHP"),
    "damaged_properties_infra": ("Damage to infrastructure, nominal pesos", "million PHP"),
    "damaged_properties_private": ("Damage to private property, nominal pesos", "million PHP"),
    "damage_total": ("Total damage as reported (not recomputed from the parts), nominal pesos", "million PHP"),
}

RESOURCES = [
    Resource(
        name="ph_disaster_events",
        title="Philippine disaster events, 1897-2017 (PHIL-DIS; share-alike)",
        description=(
            "One row per disaster event in the PHIL-DIS database (typhoons, floods, earthquakes, volcanic "
            "activity, fires, human-induced hazards and others), mostly 1991-2017 with a few historical "
            "events back to 1897: identifier, international and local (PAGASA) names, type, subtype, year, "
            "month and start/end dates where known. Includes 27 events that have impact rows in "
            "ph_disaster_impacts_by_province but are missing from PHIL-DIS's own event list "
            "(in_event_list = false). Coverage is incomplete and uneven, especially before 2000; an event's "
            "absence does not mean nothing happened. " + SA_NOTE
        ),
        raw_files=[LIST, IMPACTS],
        sources=PHILDIS_SOURCES,
        licenses=[CC_BY_SA_4],
        citation=PHILDIS_CITATION,
        derivation=(
            "Read disasters_list_all.csv (350 rows) as text. disaster_id is not unique there: 7 ids have 15 "
            "rows (Earthquake_2004-10-11_, Fire_1995-12-13, Flooding_2005-01-18_FlashFlood, "
            "Human-InducedHazard_2004-10-11_Fire, Human-InducedHazard_2005-01-21_Fire, "
            "Human-InducedHazard_2005-01-22_Fire (3 rows), TropicalCyclone_2003-07-30_TropicalDepressionIneng); "
            "their rows never contradict each other, so each id became one row taking the first non-missing "
            "value per column, and source_rows says how many list rows it stood for (the three 2005-01-22 fire "
            "rows may have been three separate fires; the source cannot tell them apart). Added the 27 "
            "disaster_ids found only in disasters_events_all.csv (mostly 1995 floods), with event columns "
            "from their impact rows and source_rows = 0. Dates: year from date_year and month from date_month "
            "where they are a 4-digit year and a month 1-12. Malformed values: Tornado_10-18_Tornado and "
            "Flooding_10-15_FlashFlood have date_start '10-18'/'10-15' and date_year '10-1' (year unknown): "
            "year, month and dates set missing; TropicalCyclone_1963-07-01_TyphoonEtangandTropicalDepressionGening "
            "has date_start '1963-07-1', fixed to 1963-07-01 as in its id; "
            "Human-InducedHazard_2005-01-16_VehicularAccidentsSummary has date_end '1/29/2005', fixed to "
            "2005-01-29. date_start/date_end are kept only when a full day is given (year-only or year-month "
            "values are missing there but kept in year/month). Checked date_start agrees with year. Names, "
            "type and subtype as given (subtype spellings vary). has_province_impacts marks the 183 events "
            "with rows in the impacts table. Sorted by disaster_id. " + SA_NOTE
        ),
        fields={
            "disaster_id": ("PHIL-DIS event identifier (type_date_name)", None),
            "name_int": ("International name (e.g. Typhoon Haiyan); missing for most non-typhoon events", None),
            "name_local": ("Local PAGASA name or description (e.g. Typhoon Yolanda)", None),
            "type": ("Hazard type as given by PHIL-DIS", None),
            "subtype": ("Hazard subtype as given (free text, spellings vary)", None),
            "year": ("Year of the event; missing where unknown or malformed", None),
            "month": ("Month of the event start, 1-12; missing where unknown", None),
            "date_start": ("First day of the event; missing unless a full date is given", None),
            "date_end": ("Last day of the event; missing unless a full date is given", None),
            "in_event_list": ("True if the event is in PHIL-DIS's event list; false if only in its impact table", None),
            "source_rows": ("Number of rows in the PHIL-DIS event list merged into this row (0 = not listed)", None),
            "has_province_impacts": ("True if ph_disaster_impacts_by_province has rows for this event", None),
        },
        build=build_events,
        primary_key=["disaster_id"],
        constraints={"year": {"minimum": 1800, "maximum": 2030}, "month": {"minimum": 1, "maximum": 12}},
        restrictions=[SHARE_ALIKE],
    ),
    Resource(
        name="ph_disaster_impacts_by_province",
        title="Philippine disaster impacts by province and Metro Manila city, 1970-2017 (PHIL-DIS; share-alike)",
        description=(
            "People affected, dead, injured and missing, houses damaged, and damage in million pesos "
            "(nominal, not adjusted for inflation) for each disaster event and affected province (or, in "
            "Metro Manila, city or municipality), as digitised by PHIL-DIS from Office of Civil Defense / "
            "NDRRMC situation reports: 183 events, 1970-2017. Join to ph_disaster_events on disaster_id "
            "and to maps on psgc (PSA Philippine Standard Geographic Code, a 9-character text code with "
            "leading zero). Empty cells mean not reported, which is not the same as zero: many cells are "
            "empty, and reporting is incomplete and uneven before 2000. A few codes are municipal or "
            "regional (e.g. 130000000 for the National Capital Region as a whole), so do not add rows up "
            "across levels without checking. " + SA_NOTE
        ),
        raw_files=[IMPACTS, LIST],
        sources=PHILDIS_SOURCES,
        licenses=[CC_BY_SA_4],
        citation=PHILDIS_CITATION,
        derivation=(
            "Read disasters_events_all.csv (1,347 rows) as text. psgc: one row (Crash Landing of Laoag "
            "International Air Flight L-7-585, 2002) has the text 'Vicinity of Manila Bay 1km away from "
            "Baclaran, Paranaque City' instead of a code and was given Paranaque's code (137604000) from the "
            "file's other Paranaque rows; 11 codes had lost their leading zero (8 digits) and were zero-padded "
            "to 9 digits. Two rows named 'Samar' carry the code of another province (082600000 Eastern Samar "
            "in TropicalCyclone_2008-06-29_TyphoonFrank; 084800000 Northern Samar in "
            "TropicalCyclone_2014-12-28_TyphoonSeniang), each next to a row for that province; they were given "
            "086000000, the code 'Samar' has in its other rows. Impact values: '-' (4 damage_total and 2 "
            "damaged_properties_private cells) and '0..003' (damage_total, Flooding_1995-07-24, North "
            "Cotabato, unreadable) set missing; empty cells stay missing (not reported is not zero); counts "
            "as integers, pesos in million PHP as given (nominal; damage_total as reported, not recomputed). "
            "Checked: Haiyan/Yolanda rows sum to 16,078,181 affected persons (SOURCES.md: 16.08 million). "
            "Repeated event x area rows: rows for the same disaster_id and psgc that never disagree (exact "
            "repeats, name variants such as NCR / National Capital Region or Marikina / Marikina City, and "
            "complementary partial reports) were merged into one row taking the first non-missing value per "
            "column; the two pairs that do disagree (Romblon in TyphoonFrank 2008; Tarlac in TyphoonPaolo 2013) "
            "are kept as entry 1 and 2 (separate reports; decide before summing). area_name is the "
            "province_municity name as given (first of merged rows; spellings vary). year comes from "
            "ph_disaster_events, which fills it from the event list where the impact file has none (malformed "
            "years are handled there: the two Maguindanao rows of Tornado_10-18_Tornado and "
            "Flooding_10-15_FlashFlood have year missing; 55 more rows belong to events with no date in "
            "either file). Sorted by "
            "disaster_id, psgc, entry. " + SA_NOTE
        ),
        fields={
            "disaster_id": ("PHIL-DIS event identifier, joins to ph_disaster_events", None),
            "year": ("Year of the event (from ph_disaster_events); missing where unknown", None),
            "psgc": ("PSA Philippine Standard Geographic Code of the area, 9-digit text with leading zero", None),
            "area_name": ("Province, or Metro Manila city/municipality, as named in the source", None),
            "entry": ("1, or 2 for a second conflicting report of the same event and area", None),
            **IMPACT_FIELDS,
        },
        build=build_impacts,
        primary_key=["disaster_id", "psgc", "entry"],
        constraints={
            "psgc": {"pattern": "[0-9]{9}"},
            **{c: {"minimum": 0} for c in IMPACT_COLUMNS},
        },
        restrictions=[SHARE_ALIKE],
    ),
    Resource(
        name="ph_typhoon_damaged_houses_by_municipality",
        title="Houses damaged by 12 typhoons in the Philippines, by municipality, 2012-2016 (DASL-NTU)",
        description=(
            "Houses destroyed and partly damaged in each Philippine municipality or city with reported damage "
            "from 12 typhoons (Bopha 2012; Utor, Haiyan 2013; Rammasun, Kalmaegi, Hagupit 2014; Koppu, Melor, "
            "Goni 2015; Haima, Sarika, Nock-Ten 2016), with modelled hazard (maximum wind speed, distance to "
            "the track, rainfall) and municipal exposure and vulnerability (population, poverty incidence, "
            "shares of houses with strong roofs and walls, share of agricultural, forestry and fishery "
            "workers, earlier typhoon experience). Only municipalities with reported damage are included (no "
            "zeros), so the table cannot show where a typhoon passed without damage. Damage counts come from "
            "DSWD/NDRRMC reports; Haiyan rows sum to about 945,000 damaged houses, fewer than the NDRRMC "
            "national total (about 1.1 million). houses_estimated is a modelled housing stock, so damaged "
            "houses exceed it in 13 rows. Municipality names are not included: join on psgc."
        ),
        raw_files=[DASL],
        sources=[
            {
                "title": "Disaster Analytics for Society Lab (DASL), Nanyang Technological University: storm-goni damage model training data",
                "path": "https://github.com/ntu-dasl-sg/storm-goni",
            },
            {
                "title": "GitHub ntu-dasl-sg/storm-goni @ cfae0f475de55ac00bea084ddf2e41203bbdd511 (GoniDamageModel/data/All.csv)",
                "path": "https://github.com/ntu-dasl-sg/storm-goni/blob/cfae0f475de55ac00bea084ddf2e41203bbdd511/GoniDamageModel/data/All.csv",
            },
        ],
        licenses=[MIT],
        citation=(
            "DASL-NTU storm-goni training data (2020), MIT licence, from DSWD/NDRRMC damage reports via the "
            "Netherlands Red Cross 510 impact database; population from PSA via UN OCHA HDX."
        ),
        derivation=(
            "Read GoniDamageModel/data/All.csv (1,638 rows, 34 columns). Dropped 46 exact duplicate rows. Two "
            "typhoon x municipality pairs still have two different rows (Bopha, 160313000; Rammasun, "
            "045802000): both kept as entry 1 and 2 in source order (decide before summing). psgc = pcode "
            "without the 'PH' prefix (9 digits, joins to the PHIL-DIS tables). year added from the typhoon "
            "name (SOURCES.md 11.2). Kept and renamed: damage counts (completely, partly, total), the "
            "estimated number of houses, wind speed (km/h, modelled maximum), distance to the track (km), "
            "rainfall (mm), distance to first landfall (km), mean elevation (m), population, land area (km2), "
            "population density, poverty incidence, strong-roof and strong-wall shares, agriculture/forestry/"
            "fishery worker share, typhoon experience; Region kept as region_group (the source's spelling "
            "'minandao' corrected to 'mindanao'). Dropped: disaster_type (always Typhoon), the relative "
            "damage columns (recompute from counts / houses_estimated), the 0.25-weighted damage and "
            "completely/partly ratio (model features), slope and ruggedness (model features without stated "
            "units), the empty 'Predicted damage class', and the 'prov' and 'Bicol region' indicator columns. "
            "Missing values stay missing (21 worker shares, 1 experience). Sorted by typhoon, psgc, entry."
        ),
        fields={
            "typhoon": ("International name of the typhoon", None),
            "year": ("Year of the typhoon", None),
            "psgc": ("PSA Philippine Standard Geographic Code of the municipality or city, 9-digit text", None),
            "region_group": ("Broad area used by DASL: north luzon, metro luzon, central, mindanao", None),
            "entry": ("1, or 2 for a second, different row for the same typhoon and municipality", None),
            "houses_destroyed": ("Houses completely damaged", "houses"),
            "houses_partly_damaged": ("Houses partly damaged", "houses"),
            "houses_damaged": ("Houses damaged in total (completely + partly)", "houses"),
            "houses_estimated": ("Estimated number of houses in the municipality (modelled, not a count)", "houses"),
            "wind_speed_kmh": ("Modelled maximum wind speed in the municipality", "km/h"),
            "distance_to_track_km": ("Distance from the municipality to the typhoon track", "km"),
            "rainfall_mm": ("Rainfall during the typhoon", "mm"),
            "distance_first_impact_km": ("Distance from the municipality to the typhoon's first landfall", "km"),
            "elevation_m": ("Mean elevation of the municipality", "m"),
            "population": ("Population (PSA)", "persons"),
            "land_area_km2": ("Land area", "km2"),
            "population_density_per_km2": ("Population density", "persons per km2"),
            "poverty_incidence": ("Poverty incidence among the population, share 0-1", "share"),
            "strong_roof_share": ("Share of houses with a strong roof type, 0-1", "share"),
            "strong_wall_share": ("Share of houses with a strong wall type, 0-1", "share"),
            "agri_forestry_fishery_share": (
                "Share of workers who are skilled agricultural, forestry and fishery workers, 0-1",
                "share",
            ),
            "typhoon_experience": (
                "Average number of earlier typhoons in the region (DASL's experience measure)",
                "typhoons",
            ),
        },
        build=build_damaged_houses,
        primary_key=["typhoon", "psgc", "entry"],
        constraints={
            "psgc": {"pattern": "[0-9]{9}"},
            "poverty_incidence": {"minimum": 0, "maximum": 1},
            "strong_roof_share": {"minimum": 0, "maximum": 1},
            "strong_wall_share": {"minimum": 0, "maximum": 1},
            "agri_forestry_fishery_share": {"minimum": 0, "maximum": 1},
            "houses_damaged": {"minimum": 0},
        },
        compress=True,
    ),
]
