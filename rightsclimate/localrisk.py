"""Local tables for a risk assessment: one row per district or municipality, with its parts kept apart.

Chapter 7 builds a plan from two places:

- the five districts (gu) of a Korean city, from registered residents by age (MOIS) and registered
  persons with disabilities (MOHW), joined by name because the two sources use different codes;
- the municipalities of one Philippine province hit by one typhoon, from the DASL damage table
  (modelled wind = hazard, people and houses = exposure, poverty and weak roofs = vulnerability).

The functions only reshape and join; they make no risk judgement. Combining the parts into a score is
:func:`rightsclimate.adaptation.risk_scores`'s job, with its choices on the page.

    >>> from rightsclimate.data import load
    >>> districts = korean_district_profile(load("kr_resident_population_by_district"),
    ...                                     load("kr_registered_disability_by_district"))
"""

from __future__ import annotations

import pandas as pd

OLDER_AGE_BANDS = ("65-69", "70-74", "75-79", "80-84", "85-89", "90-94", "95-99", "100+")
OLDEST_AGE_BANDS = ("80-84", "85-89", "90-94", "95-99", "100+")


def _require(table: pd.DataFrame, columns: list[str], name: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{name} has no column(s) {missing}; pass the table from load({name!r}) unchanged")


def _compact(name: pd.Series) -> pd.Series:
    """Korean names without spaces: the population table writes '수원시 장안구', the disability table '수원시장안구'."""
    return name.astype("string").str.replace(r"\s+", "", regex=True)


def korean_district_profile(
    population: pd.DataFrame, disability: pd.DataFrame, *, city_code: str = "29", year: int = 2024
) -> pd.DataFrame:
    """One row per district of a Korean city or province: residents, older residents and registered disability.

    ``population`` is ``load("kr_resident_population_by_district")``, ``disability`` is
    ``load("kr_registered_disability_by_district")``; ``city_code`` is the two-digit MOIS code of a
    metropolitan city or province (``"29"`` = Gwangju, ``"28"`` = Incheon, ``"41"`` = Gyeonggi-do).
    The districts are the finest units both tables share: the gu and the rural counties (gun) of a
    metropolitan city (Incheon's Ganghwa-gun and Ongjin-gun are districts too), and in a province each
    si or gun, except that a si divided into gu (level ``gu_of_si``, e.g. Suwon-si) is replaced by its
    gu, so no one is counted twice. Columns:

    - index ``district``: the English name without the province (``Dong-gu``, ``Suwon-si Jangan-gu``);
      where the source gives no English name (Incheon's 미추홀구, two gu of Cheongju-si) the Korean
      district name is used instead, rather than a guessed spelling;
    - ``name_ko``; ``residents``, ``residents_65plus``, ``residents_80plus`` (registered residents at
      the end of ``year``); ``share_65plus_pct``, ``share_80plus_pct`` (% of residents);
    - ``disability_registered``, ``disability_severe`` (persons, end of 2024) and ``disability_per_1000``,
      ``disability_severe_per_1000`` (per 1,000 residents of ``year``).

    The two tables use different codes, so they are joined by the Korean district name (spaces ignored)
    within the same ISO 3166-2 province; English names are missing for a few districts, so they cannot
    be the key. The disability table exists for 2024 only, so another ``year`` would divide 2024
    registrations by that year's residents: this raises ``ValueError`` rather than return a rate with
    mismatched years. Registered is not all: people who never registered a disability are not counted.
    """
    _require(
        population,
        ["mois_code", "level", "name_ko", "name_en", "iso_3166_2", "year", "sex", "age_band", "population"],
        "kr_resident_population_by_district",
    )
    _require(
        disability,
        ["district_ko", "level", "iso_3166_2", "year", "severity", "sex", "persons"],
        "kr_registered_disability_by_district",
    )
    disability_years = sorted(int(y) for y in disability["year"].dropna().unique())
    if disability_years != [year]:
        raise ValueError(
            f"the disability table covers {disability_years}, not {year}: a rate needs residents and registrations "
            "of the same year"
        )

    code = str(city_code)
    rows = population[
        population["mois_code"].str.startswith(code) & (population["year"] == year) & (population["sex"] == "total")
    ]
    top = rows[rows["level"] == "sido"].drop_duplicates("mois_code")
    if len(top) != 1:
        known = sorted(
            population.loc[(population["level"] == "sido") & (population["year"] == year), "mois_code"].str[:2].unique()
        )
        raise ValueError(
            f"no province or metropolitan city with MOIS code {code!r} in {year} in kr_resident_population_by_district; "
            f"the codes of {year} are {known} (Gangwon became 51 in 2023, Jeonbuk 52 in 2024)"
        )
    province_ko, province_en = str(top["name_ko"].iloc[0]), top["name_en"].iloc[0]
    units = rows[rows["level"] != "sido"].copy()
    # A si divided into gu appears twice (the si, then its gu): keep only the gu.
    parents = set(units.loc[units["level"] == "gu_of_si", "name_ko"].str.rsplit(n=1).str[0])
    units = units[~units["name_ko"].isin(parents)]
    units["key"] = _compact(units["name_ko"].str.removeprefix(province_ko))
    units = units[units["key"].fillna("") != ""]  # Sejong has no districts: its only row repeats the city
    if units.empty:
        raise ValueError(
            f"{province_ko} (MOIS code {code!r}) has no district rows in {year} in kr_resident_population_by_district"
        )
    band = units["age_band"].astype(str)
    table = pd.DataFrame(
        {
            "name_ko": units[band == "total"].set_index("key")["name_ko"],
            "name_en": units[band == "total"].set_index("key")["name_en"],
            "residents": units[band == "total"].set_index("key")["population"],
            "residents_65plus": units[band.isin(OLDER_AGE_BANDS)].groupby("key")["population"].sum(),
            "residents_80plus": units[band.isin(OLDEST_AGE_BANDS)].groupby("key")["population"].sum(),
        }
    )

    iso = top["iso_3166_2"].iloc[0]
    dis = disability[
        (disability["level"] == "district") & (disability["sex"] == "total") & (disability["iso_3166_2"] == iso)
    ]
    dis = dis.assign(key=_compact(dis["district_ko"]))
    registered = dis.pivot_table(index="key", columns="severity", values="persons", aggfunc="sum", observed=True)
    unmatched = [
        f"{key} ({name})" if pd.notna(name) else key
        for key, name in table["name_en"].items()
        if key not in registered.index
    ]
    if unmatched:
        raise ValueError(
            f"no registered-disability row for {sorted(unmatched)} ({iso}) in kr_registered_disability_by_district "
            "(joined by Korean district name)"
        )
    table["disability_registered"] = registered["all"]
    table["disability_severe"] = registered["severe"]

    residents = table["residents"].astype(float)
    table["share_65plus_pct"] = 100 * table["residents_65plus"] / residents
    table["share_80plus_pct"] = 100 * table["residents_80plus"] / residents
    table["disability_per_1000"] = 1000 * table["disability_registered"] / residents
    table["disability_severe_per_1000"] = 1000 * table["disability_severe"] / residents
    english = table["name_en"].str.removeprefix(f"{province_en} ") if pd.notna(province_en) else table["name_en"]
    table.index = pd.Index(english.fillna(pd.Series(table.index, index=table.index)).astype(str), name="district")
    if not table.index.is_unique:
        raise ValueError(
            f"two districts of {province_ko} share a name: {sorted(table.index[table.index.duplicated()])}"
        )
    for column in ("residents", "residents_65plus", "residents_80plus", "disability_registered", "disability_severe"):
        table[column] = table[column].astype("int64")
    return table.drop(columns="name_en").sort_index()


def province_names(impacts: pd.DataFrame) -> pd.Series:
    """Province names by 9-digit PSGC code, from ``load("ph_disaster_impacts_by_province")``.

    The source spells some provinces several ways (``Leyte``, ``LEYTE``); the most frequent spelling that
    is not all capitals is kept.
    """
    _require(impacts, ["psgc", "area_name"], "ph_disaster_impacts_by_province")
    rows = impacts.loc[impacts["psgc"].str.endswith("00000"), ["psgc", "area_name"]].dropna()
    rows = rows.assign(capitals=rows["area_name"].str.isupper())
    counts = rows.value_counts().reset_index().sort_values(["psgc", "capitals", "count"], ascending=[True, True, False])
    return counts.drop_duplicates("psgc").set_index("psgc")["area_name"].rename("province")


def typhoon_province_table(
    damage: pd.DataFrame, *, typhoon: str, province_psgc: str, duplicates: str = "error"
) -> pd.DataFrame:
    """The municipalities of one province with reported damage from one typhoon, one row each.

    ``damage`` is ``load("ph_typhoon_damaged_houses_by_municipality")``; ``province_psgc`` is the 9-digit
    code of the province (e.g. ``"083700000"`` = Leyte); a municipality belongs to it when its first four
    digits match. Index: ``psgc`` of the municipality. Columns kept: hazard (``wind_speed_kmh``, ``rainfall_mm``, ``distance_to_track_km``),
    exposure (``population``, ``houses_estimated``), vulnerability (``poverty_incidence`` and
    ``weak_roof_share`` = 1 - ``strong_roof_share``, so that higher is worse for both) and the outcome
    (``houses_damaged``, ``damaged_share_of_houses`` = damaged / estimated houses, which can exceed 1
    because the housing stock is modelled).

    Only municipalities WITH reported damage are in the source: a municipality the storm crossed without
    reported damage is absent, not zero. A few typhoon-municipality pairs have two different rows;
    ``duplicates="error"`` (default) raises ``ValueError`` naming them, ``"first"`` keeps entry 1.
    """
    _require(
        damage,
        [
            "typhoon",
            "psgc",
            "entry",
            "wind_speed_kmh",
            "population",
            "poverty_incidence",
            "strong_roof_share",
            "houses_damaged",
            "houses_estimated",
        ],
        "ph_typhoon_damaged_houses_by_municipality",
    )
    if duplicates not in ("error", "first"):
        raise ValueError(f"duplicates must be 'error' or 'first', not {duplicates!r}")
    code = str(province_psgc)
    if len(code) != 9 or not code.isdigit() or not code.endswith("00000"):
        raise ValueError(
            f"province_psgc must be a 9-digit province code ending in 00000, e.g. '083700000'; got {code!r}"
        )
    known = sorted(damage["typhoon"].astype(str).unique())
    if typhoon not in known:
        raise ValueError(f"typhoon {typhoon!r} is not in the table; choose one of {known}")

    rows = damage[(damage["typhoon"] == typhoon) & damage["psgc"].str.startswith(code[:4])]
    if rows.empty:
        raise ValueError(f"no municipality of province {code} has reported damage from {typhoon} in the table")
    doubled = sorted(rows.loc[rows["entry"] > 1, "psgc"])
    if doubled and duplicates == "error":
        raise ValueError(
            f"{typhoon}: municipalities {doubled} have two different rows (entry 1 and 2); decide which to use "
            "(duplicates='first' keeps entry 1)"
        )
    rows = rows[rows["entry"] == 1]
    table = rows[
        [
            "psgc",
            "wind_speed_kmh",
            "rainfall_mm",
            "distance_to_track_km",
            "population",
            "houses_estimated",
            "poverty_incidence",
            "strong_roof_share",
            "houses_damaged",
        ]
    ].copy()
    table["weak_roof_share"] = 1 - table["strong_roof_share"]
    table["damaged_share_of_houses"] = table["houses_damaged"] / table["houses_estimated"]
    return table.drop(columns="strong_roof_share").set_index("psgc").sort_index()
