"""Asia-Pacific city and regional governments in transnational climate networks (ClimActor, 2020).

NON-COMMERCIAL: ClimActor may be used for non-commercial purposes only, citing Hsu et al. (2020).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ._common import CC_BY_NC_4, NON_COMMERCIAL, Resource, raw_path
from .asia_pacific_countries import GEO_AREA, regional_iso3, un_names

CLIMACTOR = "city_networks/climactor_asiapac_city_region_climate_network_participation_2020.csv"

# ClimActor network columns with at least one Asia-Pacific participant -> (column name, network).
NETWORKS = {
    "GlobalCovenantofMayors2019": (
        "global_covenant_of_mayors_2019",
        "Global Covenant of Mayors for Climate & Energy (2019)",
    ),
    "C40Cities2019": ("c40_cities_2019", "C40 Cities (2019)"),
    "Carbonn2019": ("carbonn_2019", "ICLEI carbonn Climate Registry (2019)"),
    "CDPCities2018": ("cdp_cities_2018", "CDP Cities disclosure (2018)"),
    "NAZCA": ("nazca", "UNFCCC NAZCA / Global Climate Action portal"),
    "Under2Coalition2019": ("under2_coalition_2019", "Under2 Coalition (2019)"),
    "CompactofStatesRegions2018": ("compact_of_states_regions_2018", "Compact of States and Regions (2018)"),
    "APPC": ("appc", "Alliance of Peaking Pioneer Cities (APPC, China)"),
    "IGDP2019": ("igdp_2019", "IGDP (China; as labelled in ClimActor, 2019)"),
    "EUCovenantofMayors2019": ("eu_covenant_of_mayors_2019", "EU Covenant of Mayors (2019)"),
}


def build(raw: Path) -> pd.DataFrame:
    table = pd.read_csv(raw_path(raw, CLIMACTOR))
    first_network = table.columns.get_loc("admin_1") + 1
    network_columns = list(table.columns[first_network:])
    for column in network_columns:
        values = set(table[column].dropna().unique())
        if not values <= {0, 1}:
            raise ValueError(f"{CLIMACTOR}: network column {column!r} is not 0/1")
    table = table[table["iso"].isin(regional_iso3())]  # drops Taiwan (not an ESCAP member or associate member)
    used = [c for c in network_columns if table[c].eq(1).any()]
    unexpected = set(used) - set(NETWORKS) - {"<NA>"}
    if unexpected:
        raise ValueError(f"{CLIMACTOR}: undocumented networks with participants {sorted(unexpected)}")
    listed = table["initiatives_committed"].fillna("").map(lambda s: {x for x in s.split(";") if x})
    for column in NETWORKS:
        if not (table[column].eq(1) == listed.map(lambda s, c=column: c in s)).all():
            raise ValueError(f"{CLIMACTOR}: {column} disagrees with initiatives_committed")
    out = pd.DataFrame(
        {
            "name": table["name"].str.strip(),
            "iso3": table["iso"],
            "entity_type": pd.Categorical(table["entity_type"].str.lower(), categories=["city", "region"]),
            "country": table["iso"].map(un_names(raw)),  # the UN's name, as in the other tables
            "population": table["population"].round().astype("Int64"),
            "population_year": table["population_year"].astype("Int64"),
            "lat": table["lat"].astype("float64"),
            "lng": table["lng"].astype("float64"),
            "num_commit": table["num_commit"].astype("Int64"),
        }
    )
    # Coordinates outside the Asia-Pacific (longitude 25..180 E or 125..180 W) are source errors
    # (swapped, wrong sign, a namesake elsewhere, a year in the longitude): set both to missing.
    lng, lat = out["lng"], out["lat"]
    inside = (lng.between(25, 180) | lng.between(-180, -125)) & lat.between(-56, 82)
    out.loc[~inside, ["lat", "lng"]] = float("nan")
    for column, (name, _) in NETWORKS.items():
        out[name] = table[column].eq(1).astype("boolean")
    return out.sort_values(["iso3", "name", "entity_type"], ignore_index=True)


NC_NOTE = (
    "NON-COMMERCIAL USE ONLY (ClimActor licence: non-commercial use, cite Hsu et al. 2020). Any page or "
    "derived table that uses it must say so."
)

RESOURCES = [
    Resource(
        name="city_climate_network_participation",
        title="Asia-Pacific cities and regions in transnational climate networks, 2020 (ClimActor) - NON-COMMERCIAL",
        description=(
            "City and regional governments in the Asia-Pacific that are listed by transnational climate networks "
            "and initiatives, from the ClimActor harmonised database (September 2020 snapshot): one row per "
            "actor with population (and its year), coordinates, the number of initiatives it is committed to, "
            "and one true/false column per network (Global Covenant of Mayors, C40, ICLEI carbonn, CDP Cities, "
            "NAZCA, Under2 Coalition, Compact of States and Regions, APPC, IGDP, EU Covenant of Mayors). Gwangju "
            "appears (carbonn only); Seoul, Suwon, Changwon and Daegu are Global Covenant of Mayors signatories. "
            "'Participation' means being listed by a network, not having an adaptation plan, and membership "
            "lists change after 2020. Caveats: the source's state/admin_1 fields are not shipped because they "
            "are unreliable (Gwangju, whose coordinates and population are those of the metropolitan city, is "
            "given state 'Gyeonggi-do'); Newcastle (Australia) is flagged as an EU Covenant of Mayors signatory, "
            "which looks like a name-matching error in the source; New South Wales, Tasmania and Western "
            "Australia are flagged only in an unnamed network column of the source, so they have no network "
            "here and `num_commit` is missing. A few rows typed 'city' are not local governments (e.g. the "
            "'Alliance of Peaking Pioneer Cities (APPC)' itself and the power company 'Pt. Pembangkitan Jawa'): "
            "filter them out when counting governments. Six actors' coordinates in the source are impossible or far outside "
            "their country (Gujarat: lat/lng swapped; Hue and Khok Kruat: wrong sign or place; Perth and "
            "Stirling, Australia: their Scottish namesakes; Victoria: a year in the longitude) and are missing "
            "here. " + NC_NOTE
        ),
        raw_files=[CLIMACTOR, GEO_AREA],
        sources=[
            {"title": "Data-Driven EnviroLab (UNC Chapel Hill / NUS), ClimActor", "path": "https://datadrivenlab.org/"},
            {
                "title": "GitHub: datadrivenenvirolab/ClimActor @ 2b0fb66 (data-raw/Archive/subnational_contextuals_database_initcols_Sept2020.csv; rows in East Asia and the Pacific and South Asia)",
                "path": "https://github.com/datadrivenenvirolab/ClimActor/blob/2b0fb66c8a414bc17ff20232b98b6511eb42cca8/data-raw/Archive/subnational_contextuals_database_initcols_Sept2020.csv",
            },
        ],
        licenses=[CC_BY_NC_4],
        citation=(
            "Hsu, A., Yeo, Z.Y., Rauber, R. et al. (2020), ClimActor, harmonized transnational data on climate "
            "network participation by city and regional governments, Scientific Data 7: 374. Non-commercial use only."
        ),
        derivation=(
            "Read the staged ClimActor subset (World Bank regions East Asia and the Pacific and South Asia). "
            "Kept rows whose `iso` is a regional Asia-Pacific ISO3 code (drops Taiwan's 11 rows: Taiwan is not "
            "in the ESCAP list). Checked every network column is 0/1 and that each kept network column agrees "
            "with the `initiatives_committed` list. Kept the ten networks with at least one Asia-Pacific "
            "participant, as booleans with snake_case names; dropped the networks with none, the unnamed "
            "'<NA>' column (three Australian states, no initiative named), `initiatives_committed` (same "
            "information), `region`, `area`, `state` and `admin_1` (unreliable, see description). `country` "
            "is the course's country name for the ISO3 code; population and years as integers; missing "
            "population years and coordinates stay missing. Coordinates outside the Asia-Pacific (longitude not "
            "in 25..180 E or 125..180 W, or latitude not in 56 S..82 N) are set to missing: the six rows named "
            "in the description. Sorted by iso3, name."
        ),
        fields={
            "name": ("Actor name as in ClimActor", None),
            "iso3": ("ISO 3166-1 alpha-3 of the country", None),
            "entity_type": ("city or region", None),
            "country": ("The UN's name for the country (un_name in asia_pacific_countries)", None),
            "population": ("Population as recorded by ClimActor", "persons"),
            "population_year": ("Year of the population figure", None),
            "lat": ("Latitude", "degrees north"),
            "lng": ("Longitude", "degrees east"),
            "num_commit": ("Number of initiatives the actor is committed to (ClimActor)", None),
        }
        | {name: (f"Listed by {label}", None) for name, label in NETWORKS.values()},
        build=build,
        primary_key=["iso3", "name", "entity_type"],
        constraints={"lat": {"minimum": -90, "maximum": 90}, "lng": {"minimum": -180, "maximum": 180}},
        restrictions=[NON_COMMERCIAL],
    )
]
