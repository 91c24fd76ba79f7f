"""Local and country context tables (recipes local_poverty_hdi, korea_population, country_context,
city_networks): checks on the committed files that a learner's analysis depends on."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from rightsclimate import data

REPO = Path(__file__).resolve().parent.parent
PACKAGE = json.loads((REPO / "datasets" / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in PACKAGE["resources"]}
REGIONAL = set(data.load("asia_pacific_countries").query("regional")["iso3"])

OWNED = [
    "ph_poverty_by_province",
    "ph_poverty_urban_rural_by_region",
    "id_hdi_by_regency",
    "id_poverty_by_province",
    "kr_census_2010_population_by_district",
    "kr_resident_population_by_district",
    "kr_registered_disability_by_district",
    "kr_registered_disability_by_province_type",
    "mpi_urban_rural",
    "wash_urban_rural",
    "ndgain_country_index",
    "country_development_indicators",
    "city_climate_network_participation",
]
COUNTRY_TABLES = [
    "mpi_urban_rural",
    "wash_urban_rural",
    "ndgain_country_index",
    "country_development_indicators",
    "city_climate_network_participation",
]
GWANGJU_CENSUS = {
    "24010": "Dong-gu",
    "24020": "Seo-gu",
    "24030": "Nam-gu",
    "24040": "Buk-gu",
    "24050": "Gwangsan-gu",
}
GWANGJU_MOIS = {
    "2911000000": "Dong-gu",
    "2914000000": "Seo-gu",
    "2915500000": "Nam-gu",
    "2917000000": "Buk-gu",
    "2920000000": "Gwangsan-gu",
}


def test_all_resources_are_in_the_package_and_small_enough():
    missing = [n for n in OWNED if n not in RESOURCES]
    assert not missing, f"not in datapackage.json: {missing}"
    total = sum(RESOURCES[n]["bytes"] for n in OWNED)
    assert total <= 3.5 * 1024 * 1024, f"local-context tables take {total / 1024:.0f} KiB, budget 3.5 MiB"
    for name in OWNED:
        if RESOURCES[name]["bytes"] > 500 * 1024:
            assert RESOURCES[name]["path"].endswith(".gz"), f"{name}: over 500 KiB and not compressed"


@pytest.mark.parametrize("name", OWNED)
def test_primary_key_unique(name):
    table = data.load(name)
    key = RESOURCES[name]["schema"]["primaryKey"]
    assert not table.duplicated(key).any(), f"{name}: duplicate primary key {key}"


# --- Philippines -----------------------------------------------------------------------------
def test_ph_urban_and_rural_both_present_for_every_year():
    table = data.load("ph_poverty_urban_rural_by_region")
    counts = table.groupby(["year", "location"], observed=True)["region"].nunique().unstack()
    assert set(counts.columns) == {"urban", "rural"}
    assert set(counts.index) == {2015, 2018, 2021}
    assert (counts == 18).all().all(), "each table has the country and 17 regions"
    national = table[table["region"] == "Philippines"].set_index(["year", "location"])["poverty_incidence_pct"]
    assert national[(2021, "urban")] == pytest.approx(11.6)
    assert national[(2021, "rural")] == pytest.approx(25.7)
    assert (national.xs("rural", level="location") > national.xs("urban", level="location")).all()


def test_ph_suppressed_and_not_applicable_values_are_missing_not_zero():
    table = data.load("ph_poverty_urban_rural_by_region")
    ncr_rural = table[(table["region"] == "NCR") & (table["location"] == "rural")]
    assert len(ncr_rural) == 3 and ncr_rural["poverty_incidence_pct"].isna().all()
    assert not (table["poverty_incidence_pct"] == 0).any()
    assert not table["region"].str.contains("[\u00b9\u00b2?]").any(), "footnote markers left in names"


def test_ph_province_table_flags_2021_as_preliminary():
    table = data.load("ph_poverty_by_province")
    assert set(table.loc[table["preliminary"], "year"]) == {2021}
    assert table["variable"].nunique() == 7
    national = table[(table["area"] == "Philippines") & (table["variable"] == "poverty incidence among population")]
    assert len(national) == 7


# --- Indonesia -------------------------------------------------------------------------------
def test_id_new_papua_provinces_are_missing_not_zero_before_2024():
    table = data.load("id_poverty_by_province")
    new = table[table["province"].isin(["PAPUA BARAT DAYA", "PAPUA SELATAN", "PAPUA TENGAH", "PAPUA PEGUNUNGAN"])]
    before = new[new["year"] < 2024]
    assert len(before) == 20 and before["poor_pct"].isna().all()
    assert new.loc[new["year"] == 2024, "poor_pct"].notna().all()
    assert not (table["poor_pct"] == 0).any()
    flagged = table[table["pre_split_territory"]]
    assert set(flagged["province"]) == {"PAPUA", "PAPUA BARAT"} and flagged["year"].max() == 2023


def test_id_hdi_levels_and_cities():
    table = data.load("id_hdi_by_regency")
    areas = table.drop_duplicates("region")
    assert areas["level"].value_counts().to_dict() == {"regency_city": 514, "province": 34, "nation": 1}
    assert areas.loc[areas["level"] == "province", "region"].str.isupper().all()
    regencies = areas[areas["level"] == "regency_city"]
    assert regencies["is_city"].notna().all() and regencies["is_city"].sum() == 102
    assert areas.loc[areas["region"] == "Kota Jayapura", "province"].item() == "Papua"


# --- Korea -----------------------------------------------------------------------------------
def test_census_has_gwangju_and_its_five_districts_in_english():
    table = data.load("kr_census_2010_population_by_district")
    names = table.drop_duplicates("code").set_index("code")
    assert names.loc["24", "name_en"] == "Gwangju"
    for code, english in GWANGJU_CENSUS.items():
        assert names.loc[code, "name_en"] == english
        assert names.loc[code, "level"] == "sigungu"
    total = table[(table["age_band"] == "total") & (table["sex"] == "total")].set_index("code")["population"]
    assert sum(total[c] for c in GWANGJU_CENSUS) == total["24"]


def test_census_english_names_matched_by_name_not_by_shifted_code():
    names = data.load("kr_census_2010_population_by_district").drop_duplicates("code").set_index("code")
    # The 2010 codebook uses 38040 for Jinhae-si; the census uses it for Jinju-si (진주시).
    assert names.loc["38040", "name_ko"] == "진주시" and names.loc["38040", "name_en"] == "Jinju-si"
    assert names["name_en"].notna().all()


def test_census_bands_add_up_to_total():
    table = data.load("kr_census_2010_population_by_district")
    bands = table[table["age_band"] != "total"].groupby(["code", "sex"], observed=True)["population"].sum()
    total = table[table["age_band"] == "total"].set_index(["code", "sex"])["population"]
    assert (bands.sort_index() == total.sort_index()).all()


def test_mois_has_gwangju_five_gu_in_english_for_every_year():
    table = data.load("kr_resident_population_by_district")
    gwangju = table[table["mois_code"].isin(GWANGJU_MOIS)]
    assert set(gwangju["year"]) == {2022, 2023, 2024}
    english = gwangju.drop_duplicates("mois_code").set_index("mois_code")["name_en"]
    for code, district in GWANGJU_MOIS.items():
        assert english[code].endswith(district), (code, english[code])
    sido = table.drop_duplicates("mois_code").query("level == 'sido'")
    assert sido["name_en"].notna().all() and sido["iso_3166_2"].str.startswith("KR-").all()


def test_mois_renamed_provinces_are_harmonised():
    table = data.load("kr_resident_population_by_district")
    years = table.groupby("mois_code")["year"].agg(set)
    assert years["4200000000"] == {2022} and years["5100000000"] == {2023, 2024}
    assert years["4500000000"] == {2022, 2023} and years["5200000000"] == {2024}
    gangwon = table[
        (table["harmonised_code"] == "5100000000") & (table["sex"] == "total") & (table["age_band"] == "total")
    ]
    assert sorted(gangwon["year"]) == [2022, 2023, 2024]
    assert not (table["population"] == 0).all(), "branch-office zero rows should be gone"
    assert not table["name_ko"].str.contains("출장소").any()


def test_mois_65_plus_derivable():
    table = data.load("kr_resident_population_by_district")
    gwangju = table[(table["mois_code"] == "2900000000") & (table["year"] == 2024) & (table["sex"] == "total")]
    bands = gwangju[gwangju["age_band"] != "total"]
    older = bands[bands["age_band"].astype(str).str.extract(r"^(\d+)", expand=False).astype(int) >= 65]
    share = older["population"].sum() / gwangju.loc[gwangju["age_band"] == "total", "population"].item()
    assert 0.1 < share < 0.3


def test_disability_district_has_gwangju_and_consistent_severity():
    table = data.load("kr_registered_disability_by_district")
    gwangju = table[(table["sido_ko"] == "광주광역시") & (table["level"] == "district")]
    assert gwangju["district_ko"].nunique() == 5 and gwangju["name_en"].notna().all()
    wide = table.pivot_table(
        index=["sido_ko", "district_ko", "sex"], columns="severity", values="persons", observed=True
    )
    assert (wide["all"] == wide["severe"] + wide["not severe"]).all()


def test_disability_types_translated_and_sejong_missing_before_2012():
    table = data.load("kr_registered_disability_by_province_type")
    assert table["disability_type"].nunique() == 16
    sejong = table[table["sido_ko"] == "세종특별자치시"]
    assert sejong.loc[sejong["year"] < 2012, "persons"].isna().all()
    assert sejong.loc[sejong["year"] >= 2012, "persons"].notna().all()


# --- country context -------------------------------------------------------------------------
@pytest.mark.parametrize("name", COUNTRY_TABLES)
def test_country_tables_only_asia_pacific_regional(name):
    iso3 = set(data.load(name)["iso3"].dropna())
    outside = iso3 - REGIONAL
    assert not outside, f"{name}: codes outside the Asia-Pacific list: {sorted(outside)}"
    assert len(iso3) > 20


def test_country_indicators_units_and_no_duplicate_korea():
    table = data.load("country_development_indicators")
    assert set(table["indicator"]) == {
        "hdi",
        "gender_inequality_index",
        "co2_per_capita_t",
        "human_rights_protection_score",
        "urban_population_pct",
    }
    assert (table.groupby("indicator", observed=True)["unit"].nunique() == 1).all()
    hdi = table[table["indicator"] == "hdi"]
    assert hdi["value"].between(0, 1).all() and "KOR" in set(hdi["iso3"]) and "FSM" in set(hdi["iso3"])


def test_wash_ladder_adds_up():
    table = data.load("wash_urban_rural")
    water = table[(table["service"] == "drinking water")].pivot_table(
        index=["iso3", "year", "area"], columns="service_level", values="pct", observed=True
    )
    water = water.dropna(subset=["at least basic", "limited", "unimproved", "surface water"])
    total = water["at least basic"] + water["limited"] + water["unimproved"] + water["surface water"]
    assert ((total - 100).abs() < 0.6).all()


def test_licence_flags_in_descriptor():
    for name in ("wash_urban_rural", "ndgain_country_index"):
        text = json.dumps(RESOURCES[name]["licenses"]) + RESOURCES[name]["description"]
        assert "review" in text.lower(), f"{name}: licence review flag missing"
    assert "worldriskindex" not in " ".join(RESOURCES).lower(), "WorldRiskIndex has an unclear licence"


def test_climactor_flagged_non_commercial():
    resource = RESOURCES["city_climate_network_participation"]
    assert resource["restrictions"] == ["non-commercial"]
    assert resource["licenses"][0]["name"] == "CC-BY-NC-4.0"
    assert "NON-COMMERCIAL" in resource["title"] and "NON-COMMERCIAL" in resource["description"]
    assert "Hsu" in resource["citation"] and "374" in resource["citation"]
    table = data.load("city_climate_network_participation")
    gwangju = table[(table["iso3"] == "KOR") & (table["name"] == "Gwangju")]
    assert len(gwangju) == 1 and bool(gwangju["carbonn_2019"].item())
    assert table["lng"].dropna().between(-180, 180).all()
    assert pd.api.types.is_bool_dtype(table["global_covenant_of_mayors_2019"])
