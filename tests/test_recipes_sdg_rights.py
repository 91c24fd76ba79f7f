"""Checks on the committed SDG and human-rights tables (datasets/data) and their descriptors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "datasets"
sys.path.insert(0, str(DATASETS))

from recipes.asia_pacific_countries import asia_pacific_table, regional_iso3  # noqa: E402

CORE = [
    "ICERD", "ICCPR", "ICCPR-OP1", "ICCPR-OP2", "ICESCR", "ICESCR-OP", "CEDAW", "OP-CEDAW", "CAT", "OPCAT",
    "CRC", "OP-CRC-AC", "OP-CRC-SC", "OP-CRC-IC", "ICMW", "CPED", "CRPD", "OP-CRPD",
]  # fmt: skip


def descriptor(name: str) -> dict:
    package = json.loads((DATASETS / "datapackage.json").read_text(encoding="utf-8"))
    found = [r for r in package["resources"] if r["name"] == name]
    assert found, f"{name} is not in datapackage.json"
    return found[0]


def table(name: str) -> pd.DataFrame:
    entry = descriptor(name)
    return pd.read_csv(DATASETS / entry["path"], dtype=str, keep_default_na=False).replace("", pd.NA)


def test_framework_counts():
    fw = table("sdg_framework")
    counts = fw["level"].value_counts()
    assert counts["goal"] == 17
    assert counts["target"] == 169
    assert counts["indicator"] > 200
    assert fw["code"].is_unique
    assert set(fw.loc[fw["level"] == "indicator", "target"]) <= set(fw.loc[fw["level"] == "target", "code"])
    assert fw.loc[fw["level"] == "goal", "target"].isna().all()
    assert {"11.b.2", "16.a.1", "6.1.1"} <= set(fw["code"])


def test_codes_removed_by_the_2020_review_are_marked_and_the_rest_is_the_un_list():
    fw = table("sdg_framework")
    removed = fw[fw["status"] != "current"]
    assert set(removed["code"]) == {"1.a.3", "8.9.2", "11.c.1", "13.3.2", "17.6.2"}
    assert (removed["level"] == "indicator").all()
    assert set(removed.loc[removed["code"] != "17.6.2", "status"]) == {"deleted in the 2020 comprehensive review"}
    assert removed.set_index("code").loc["17.6.2", "status"].endswith("(now 17.6.1)")
    current = fw[(fw["level"] == "indicator") & (fw["status"] == "current")]
    assert len(current) == 247  # entries in the UN list after the review, repeats counted
    assert "17.6.1" in set(current["code"])
    # goals and targets are all current
    assert (fw.loc[fw["level"] != "indicator", "status"] == "current").all()
    entry = descriptor("sdg_framework")
    assert "E/CN.3/2020/2" in " ".join(s["title"] for s in entry["sources"])
    assert "status == 'current'" in entry["description"]


def test_instruments():
    inst = table("human_rights_instruments")
    assert sorted(inst["code"]) == sorted(CORE)
    core = inst[inst["kind"] == "core treaty"]
    assert len(core) == 9 and core["parent"].isna().all()
    protocols = inst[inst["kind"] == "optional protocol"]
    assert protocols["parent"].isin(core["code"]).all()
    assert inst["year_adopted"].astype(int).between(1965, 2011).all()
    assert descriptor("human_rights_instruments")["authoredByProject"] is True


def test_ratification_covers_18_instruments_and_region_only():
    rat = table("treaty_ratification")
    assert set(rat["instrument"]) == set(CORE)
    assert set(rat["country_iso3"]) <= regional_iso3()
    # UN member states among the regional ESCAP members are all present (Timor-Leste included)
    ap = asia_pacific_table()
    members = set(ap.loc[ap["regional"] & (ap["escap_membership"] == "member"), "iso3"])
    assert set(rat["country_iso3"]) == members
    assert not {"USA", "GBR", "FRA", "NLD", "HKG", "MAC"} & set(rat["country_iso3"])
    assert (rat.groupby("country_iso3").size() == 18).all()
    assert not rat.duplicated(["country_iso3", "instrument"]).any()
    # exactly one status flag per row, and years only for states parties
    flags = rat[["state_party", "signatory", "no_action"]].eq("true").sum(axis=1)
    assert (flags == 1).all()
    party = rat["state_party"] == "true"
    assert rat.loc[party, "ratification_year"].notna().all()
    assert rat.loc[~party, "ratification_year"].isna().all()
    # spot checks that hold in the UN Treaty Collection
    crc = rat[rat["instrument"] == "CRC"].set_index("country_iso3")
    assert crc.loc["KOR", "ratification_year"] == "1991"
    assert (crc["state_party"] == "true").all()


def test_disputed_ratifications_follow_un_sources_and_the_descriptor_counts_them():
    rat = table("treaty_ratification")
    entry = descriptor("treaty_ratification")
    uncertain = rat[rat["status_uncertain"] == "true"]
    # the compilation's UK-tied entries: not parties per UN review documents, flagged and explained
    assert set(zip(uncertain["country_iso3"], uncertain["instrument"], strict=True)) == {
        ("BRN", "ICERD"),
        ("SLB", "ICCPR"),
        ("TUV", "ICCPR"),
        ("TUV", "ICESCR"),
    }
    assert (uncertain["status"] == "no action").all() and uncertain["ratification_year"].isna().all()
    assert uncertain["note"].str.startswith("Status corrected by the course").all()
    # Solomon Islands is a party to the ICESCR (succession, 1982): the correction touches only the disputed rows
    slb = rat[(rat["country_iso3"] == "SLB") & (rat["instrument"] == "ICESCR")].iloc[0]
    assert slb["state_party"] == "true" and slb["ratification_year"] == "1982" and slb["status_uncertain"] == "false"
    # the descriptor's count of uncertain rows is the table's
    assert f"`status_uncertain` ({len(uncertain)} rows;" in entry["description"]
    titles = " ".join(source["title"] for source in entry["sources"])
    assert "A/HRC/27/11/Add.1" in titles and "General Comment No. 26" in titles


def test_crosswalk_rules():
    cw = table("sdg_human_rights_crosswalk")
    fw = table("sdg_framework")
    assert len(cw) >= 60
    assert set(cw["goal"].astype(int)) == set(range(1, 18))
    assert set(cw["target"]) <= set(fw.loc[fw["level"] == "target", "code"])
    assert (cw["target"].str.split(".").str[0] == cw["goal"]).all()
    entry = descriptor("sdg_human_rights_crosswalk")
    assert entry["authoredByProject"] is True
    other = {"UDHR", "UNDRIP", "HRD-DECLARATION", "PARIS-PRINCIPLES", "UNGA-64/292", "UNGA-76/300", "OHCHR-HRBAD"}
    assert set(cw["instrument"]) <= set(CORE) | other
    assert not cw.duplicated(["target", "instrument", "article"]).any()
    assert cw["source"].notna().all() and cw["right"].notna().all()
    assert set(cw["source_type"]) <= {
        "instrument text",
        "general comment",
        "UN declaration or resolution",
        "published guide",
    }
    # resolutions and declarations are never presented as treaty text
    assert not ((cw["source_type"] == "instrument text") & ~cw["instrument"].isin(CORE)).any()
    # anchors the chapter relies on
    links = set(zip(cw["target"], cw["instrument"], strict=True))
    for link in [("16.a", "PARIS-PRINCIPLES"), ("16.9", "CRC"), ("6.1", "ICESCR"), ("17.18", "CRPD"), ("5.3", "CEDAW")]:
        assert link in links, link


def test_sdg_series_region_filter_and_key():
    series = table("sdg_series_asia_pacific")
    ap = asia_pacific_table()
    regional = ap[ap["regional"]]
    assert set(series["iso3"]) <= set(regional["iso3"])
    assert not {"USA", "GBR", "FRA", "NLD"} & set(series["iso3"])
    # m49 agrees with the course list
    pairs = set(zip(series["iso3"], series["m49"].astype(int), strict=True))
    assert pairs <= set(zip(regional["iso3"], regional["m49"].astype(int), strict=True))
    assert not series.duplicated(["series_code", "iso3", "year", "disaggregation"]).any()
    assert series["value"].notna().sum() + series["value_text"].notna().sum() == len(series)
    assert descriptor("sdg_series_asia_pacific")["path"].endswith(".csv.gz")
    assert "2020 snapshot" in descriptor("sdg_series_asia_pacific")["description"]


def test_nhri_series_present():
    series = table("sdg_series_asia_pacific")
    nhri = series[series["series_code"].str.startswith("sg_nhr_")]
    assert {"sg_nhr_impln", "sg_nhr_intexstn", "sg_nhr_nostusn", "sg_nhr_noappln"} <= set(nhri["series_code"])
    assert nhri["iso3"].nunique() >= 40
    # one A/B/C/D status per country and year
    assert not nhri.duplicated(["iso3", "year"]).any()
    catalogue = table("sdg_series_catalogue")
    assert len(catalogue) == 70 and catalogue["series_code"].is_unique
    nhri_cat = catalogue[catalogue["series_code"].str.startswith("sg_nhr_")]
    assert (nhri_cat["indicator"] == "16.a.1").all() and len(nhri_cat) == 6
    assert catalogue["unit"].notna().all()
    counts = series.groupby("series_code").size()
    rows = catalogue.set_index("series_code")["rows_asia_pacific"].astype(int)
    assert (rows[rows > 0] == counts.reindex(rows[rows > 0].index)).all()


def test_nepal_provinces():
    nepal = table("np_sdg_indicators_by_province")
    provinces = nepal[nepal["area_level"] == "province"]
    assert provinces["area_code"].nunique() == 7
    assert set(provinces["area_code"]) == {f"NP-P{i}" for i in range(1, 8)}
    assert set(nepal.loc[nepal["area_level"] == "national", "area"]) == {"Nepal"}
    assert provinces["indicator"].nunique() == 30
    assert {"6.1.1", "6.2.1", "16.9.1", "5.3.1"} <= set(provinces["indicator"])
    assert not nepal.duplicated(["indicator", "series", "area_code", "year", "disaggregation"]).any()
    assert "single year" in descriptor("np_sdg_indicators_by_province")["description"]
    # corrected units keep the published label beside them
    mmr = nepal[nepal["indicator"] == "3.1.1"]
    assert (mmr["unit"] == "Per 100,000 live births").all() and (mmr["unit_published"] == "Percent").all()


def test_outputs_within_budget():
    names = [
        "sdg_framework",
        "human_rights_instruments",
        "treaty_ratification",
        "sdg_human_rights_crosswalk",
        "sdg_series_asia_pacific",
        "sdg_series_catalogue",
        "np_sdg_indicators_by_province",
    ]
    total = sum((DATASETS / descriptor(n)["path"]).stat().st_size for n in names)
    assert total <= 4 * 1024 * 1024


def test_climate_targets_rest_on_treaties_as_treaty_bodies_read_them():
    cw = table("sdg_human_rights_crosswalk")
    fw = table("sdg_framework")
    treaty = cw[cw["instrument"].isin(CORE)]
    # every goal-13 target has at least two different treaties beneath it, not only a resolution
    goal13 = set(fw.loc[(fw["level"] == "target") & (fw["goal"] == "13"), "code"])
    assert goal13 == {"13.1", "13.2", "13.3", "13.a", "13.b"}
    anchors = treaty.groupby("target")["instrument"].nunique()
    for target in sorted(goal13):
        assert anchors.get(target, 0) >= 2, target
    # the treaty bodies' climate readings are cited by document symbol under the disaster targets
    for target in ["1.5", "11.5", "11.b", "13.1", "13.2"]:
        sources = " ".join(cw.loc[cw["target"] == target, "source"])
        for symbol in ["CCPR/C/GC/36", "CEDAW/C/GC/37", "CRC/C/GC/26"]:
            assert symbol in sources, (target, symbol)
    assert "para. 62" in " ".join(cw.loc[cw["source"].str.contains("CCPR/C/GC/36"), "source"])
    # water, sanitation and health: the CESCR general comments and CRC Art. 24(2)(c) and (e)
    links = set(zip(cw["target"], cw["instrument"], cw["article"], strict=True))
    assert {("6.1", "CRC", "Art. 24(2)(c)"), ("6.2", "CRC", "Art. 24(2)(e)")} <= links
    for target in ["3.9", "6.1", "6.2"]:
        text = " ".join(
            cw.loc[cw["target"] == target, "source"] + " " + cw.loc[cw["target"] == target, "note"].fillna("")
        )
        assert "E/C.12/2002/11" in text or "E/C.12/2000/4" in text, target
    # weak links removed: a peoples' right is not a conservation duty; assistive technology is not green technology
    assert ("15.1", "ICESCR", "Art. 1(2)") not in links
    assert ("12.2", "ICESCR", "Art. 1(2)") not in links
    assert ("17.7", "CRPD", "Art. 32(1)(d)") not in links
    # an urban housing target does not rest on the rural-women article alone
    housing = set(treaty.loc[treaty["target"] == "11.1", "instrument"])
    assert {"ICESCR", "ICERD", "CRC", "CRPD"} <= housing


def test_country_tables_carry_un_names():
    countries = table("asia_pacific_countries").set_index("iso3")
    assert countries.loc["KOR", "un_name"] == "Republic of Korea"
    assert countries.loc["LAO", "un_name"] == "Lao People's Democratic Republic"
    assert countries.loc["VNM", "un_name"] == "Viet Nam" and countries.loc["MMR", "un_name"] == "Myanmar"
    assert countries.loc["TUR", "un_name"] == "Türkiye"  # UN name since June 2022 (the 2020 M49 file says Turkey)
    assert countries.loc["HKG", "un_name"] == "Hong Kong, China"  # ESCAP's name for its associate member
    assert countries["un_name"].notna().all()
    # the tables the chapters print use the UN name, never the short forms
    short = {"South Korea", "North Korea", "Laos", "Vietnam", "Burma", "Iran", "Turkey"}
    rat = table("treaty_ratification")
    assert not short & set(rat["country"])
    assert (rat["country"] == rat["country_iso3"].map(countries["un_name"])).all()
    networks = table("city_climate_network_participation")
    assert (networks["country"] == networks["iso3"].map(countries["un_name"])).all()
    cities = table("cities")
    assert not short & set(cities["country"])
    assert set(cities.loc[cities["country_iso3"] == "KOR", "country"]) == {"Republic of Korea"}
