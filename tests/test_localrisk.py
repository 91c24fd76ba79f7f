"""Tests for rightsclimate.localrisk on the real shipped tables (Gwangju districts, Leyte after Haiyan)."""

from __future__ import annotations

import pandas as pd
import pytest

from rightsclimate.data import load
from rightsclimate.localrisk import korean_district_profile, province_names, typhoon_province_table


@pytest.fixture(scope="module")
def population():
    return load("kr_resident_population_by_district")


@pytest.fixture(scope="module")
def disability():
    return load("kr_registered_disability_by_district")


@pytest.fixture(scope="module")
def damage():
    return load("ph_typhoon_damaged_houses_by_municipality")


def test_gwangju_has_its_five_districts_and_they_add_up_to_the_city(population, disability):
    table = korean_district_profile(population, disability)
    assert sorted(table.index) == ["Buk-gu", "Dong-gu", "Gwangsan-gu", "Nam-gu", "Seo-gu"]
    city = population[
        (population["mois_code"] == "2900000000") & (population["year"] == 2024) & (population["sex"] == "total")
    ]
    assert table["residents"].sum() == int(city.loc[city["age_band"] == "total", "population"].iloc[0])
    older = city[
        city["age_band"].astype(str).isin(["65-69", "70-74", "75-79", "80-84", "85-89", "90-94", "95-99", "100+"])
    ]
    assert table["residents_65plus"].sum() == int(older["population"].sum())
    city_registered = disability[
        (disability["level"] == "sido")
        & (disability["iso_3166_2"] == "KR-29")
        & (disability["severity"] == "all")
        & (disability["sex"] == "total")
    ]
    assert table["disability_registered"].sum() == int(city_registered["persons"].iloc[0])


def test_rates_use_residents_as_denominator(population, disability):
    row = korean_district_profile(population, disability).loc["Dong-gu"]
    assert row["share_65plus_pct"] == pytest.approx(100 * row["residents_65plus"] / row["residents"])
    assert row["disability_per_1000"] == pytest.approx(1000 * row["disability_registered"] / row["residents"])
    assert row["residents_80plus"] < row["residents_65plus"] < row["residents"]
    assert row["disability_severe"] < row["disability_registered"]


def test_another_city_works_too(population, disability):
    busan = korean_district_profile(population, disability, city_code="26")
    assert len(busan) > 10 and busan["residents"].gt(0).all()


def test_incheon_counts_its_counties_and_the_gu_without_an_english_name(population, disability):
    table = korean_district_profile(population, disability, city_code="28")
    assert len(table) == 10 and {"Ganghwa-gun", "Ongjin-gun", "Bupyeong-gu"} <= set(table.index)
    # 미추홀구 has no English name in either source: it is kept, under its Korean name, not dropped
    assert "미추홀구" in table.index and table.loc["미추홀구", "name_ko"] == "인천광역시 미추홀구"
    city = population[
        (population["mois_code"] == "2800000000")
        & (population["year"] == 2024)
        & (population["sex"] == "total")
        & (population["age_band"] == "total")
    ]
    assert table["residents"].sum() == int(city["population"].iloc[0])
    city_registered = disability[
        (disability["level"] == "sido")
        & (disability["iso_3166_2"] == "KR-28")
        & (disability["severity"] == "all")
        & (disability["sex"] == "total")
    ]
    assert table["disability_registered"].sum() == int(city_registered["persons"].iloc[0])
    assert table.loc["Ongjin-gun", "residents"] < table.loc["Ganghwa-gun", "residents"] < table["residents"].max()


def test_a_province_counts_a_city_with_gu_once_through_its_gu(population, disability):
    table = korean_district_profile(population, disability, city_code="41")  # Gyeonggi-do
    assert "Suwon-si" not in table.index and "Suwon-si Jangan-gu" in table.index and "Gapyeong-gun" in table.index
    province = population[
        (population["mois_code"] == "4100000000")
        & (population["year"] == 2024)
        & (population["sex"] == "total")
        & (population["age_band"] == "total")
    ]
    assert table["residents"].sum() == int(province["population"].iloc[0])


def test_a_place_without_districts_or_a_code_of_another_year_is_refused(population, disability):
    with pytest.raises(ValueError, match="no district rows"):
        korean_district_profile(population, disability, city_code="36")  # Sejong
    with pytest.raises(ValueError, match="Jeonbuk 52"):
        korean_district_profile(population, disability, city_code="45")


def test_mismatched_years_are_refused(population, disability):
    with pytest.raises(ValueError, match="same year"):
        korean_district_profile(population, disability, year=2023)


def test_a_district_without_disability_row_is_named(population, disability):
    without_dong = disability[~disability["name_en"].fillna("").str.endswith("Gwangju-gwangyeoksi Dong-gu")]
    with pytest.raises(ValueError, match="Dong-gu"):
        korean_district_profile(population, without_dong)


def test_wrong_table_names_its_missing_columns(population, disability):
    with pytest.raises(ValueError, match="persons"):
        korean_district_profile(population, disability.drop(columns="persons"))


def test_leyte_after_haiyan(damage):
    table = typhoon_province_table(damage, typhoon="Haiyan", province_psgc="083700000")
    assert len(table) == 38 and table.index.is_unique
    assert table.index.str.startswith("0837").all()
    source = damage[(damage["typhoon"] == "Haiyan") & (damage["psgc"] == table.index[0])].iloc[0]
    assert table["weak_roof_share"].iloc[0] == pytest.approx(1 - source["strong_roof_share"])
    assert (
        table["houses_damaged"].sum()
        == damage.loc[(damage["typhoon"] == "Haiyan") & damage["psgc"].str.startswith("0837"), "houses_damaged"].sum()
    )


def test_doubled_rows_must_be_decided(damage):
    with pytest.raises(ValueError, match="045802000"):
        typhoon_province_table(damage, typhoon="Rammasun", province_psgc="045800000")
    kept = typhoon_province_table(damage, typhoon="Rammasun", province_psgc="045800000", duplicates="first")
    assert kept.index.is_unique and "045802000" in kept.index


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"typhoon": "Yolanda", "province_psgc": "083700000"}, "choose one of"),
        ({"typhoon": "Haiyan", "province_psgc": "0837"}, "9-digit"),
        ({"typhoon": "Haiyan", "province_psgc": "012800000"}, "no municipality"),
    ],
)
def test_bad_choices_get_clear_errors(damage, kwargs, message):
    with pytest.raises(ValueError, match=message):
        typhoon_province_table(damage, **kwargs)


def test_province_names_prefer_the_readable_spelling():
    names = province_names(load("ph_disaster_impacts_by_province"))
    assert names["083700000"] == "Leyte"
    assert names.index.is_unique
    assert not isinstance(names, pd.DataFrame)
