"""The one list of what "Asia-Pacific" means in this course: ESCAP members and associate members.

Membership is a fact about ESCAP, so the names are written here; every code (ISO 3166 alpha-3,
alpha-2 and numeric, which is the UN M49 code for countries and areas) comes from ``pycountry``.
Other recipes filter with :func:`asia_pacific_table`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import pycountry

from ._common import Resource, raw_path

# UN names: the UN M49 names of the UN SDG Global Database (2020), by M49 code, with the changes the UN or
# ESCAP has made since or uses for its own members (each with its reason). Never typed for the others.
GEO_AREA = "sdg/unsd_sdg_global_database_2020_ddf/ddf--entities--geo_area.csv"
UN_NAME_CHANGES = {
    792: ("Türkiye", "the UN has used Türkiye since 1 June 2022, at the request of its government"),
    344: ("Hong Kong, China", "ESCAP's name for its associate member since 1 July 1997 (M49: China, Hong Kong SAR)"),
    446: ("Macao, China", "ESCAP's name for its associate member since 4 February 2000 (M49: China, Macao SAR)"),
}

# (name as pycountry knows it, membership, regional). ESCAP's four non-regional members
# (France, the Netherlands, the United Kingdom, the United States) are members of the
# commission but not of its geographic region; ESCAP's regional statistics leave them out.
ESCAP = [
    ("Afghanistan", "member", True),
    ("Armenia", "member", True),
    ("Australia", "member", True),
    ("Azerbaijan", "member", True),
    ("Bangladesh", "member", True),
    ("Bhutan", "member", True),
    ("Brunei Darussalam", "member", True),
    ("Cambodia", "member", True),
    ("China", "member", True),
    ("Korea, Democratic People's Republic of", "member", True),
    ("Fiji", "member", True),
    ("France", "member", False),
    ("Georgia", "member", True),
    ("India", "member", True),
    ("Indonesia", "member", True),
    ("Iran, Islamic Republic of", "member", True),
    ("Japan", "member", True),
    ("Kazakhstan", "member", True),
    ("Kiribati", "member", True),
    ("Kyrgyzstan", "member", True),
    ("Lao People's Democratic Republic", "member", True),
    ("Malaysia", "member", True),
    ("Maldives", "member", True),
    ("Marshall Islands", "member", True),
    ("Micronesia, Federated States of", "member", True),
    ("Mongolia", "member", True),
    ("Myanmar", "member", True),
    ("Nauru", "member", True),
    ("Nepal", "member", True),
    ("Netherlands", "member", False),
    ("New Zealand", "member", True),
    ("Pakistan", "member", True),
    ("Palau", "member", True),
    ("Papua New Guinea", "member", True),
    ("Philippines", "member", True),
    ("Korea, Republic of", "member", True),
    ("Russian Federation", "member", True),
    ("Samoa", "member", True),
    ("Singapore", "member", True),
    ("Solomon Islands", "member", True),
    ("Sri Lanka", "member", True),
    ("Tajikistan", "member", True),
    ("Thailand", "member", True),
    ("Timor-Leste", "member", True),
    ("Tonga", "member", True),
    ("Türkiye", "member", True),
    ("Turkmenistan", "member", True),
    ("Tuvalu", "member", True),
    ("United Kingdom", "member", False),
    ("United States", "member", False),
    ("Uzbekistan", "member", True),
    ("Vanuatu", "member", True),
    ("Viet Nam", "member", True),
    ("American Samoa", "associate member", True),
    ("Cook Islands", "associate member", True),
    ("French Polynesia", "associate member", True),
    ("Guam", "associate member", True),
    ("Hong Kong", "associate member", True),
    ("Macao", "associate member", True),
    ("New Caledonia", "associate member", True),
    ("Niue", "associate member", True),
    ("Northern Mariana Islands", "associate member", True),
]


@cache
def asia_pacific_table() -> pd.DataFrame:
    """ESCAP members and associate members with codes from pycountry (all 62; filter on ``regional``)."""
    rows = []
    for name, membership, regional in ESCAP:
        country = pycountry.countries.lookup(name)
        rows.append(
            {
                "iso3": country.alpha_3,
                "iso2": country.alpha_2,
                "m49": int(country.numeric),
                "name": getattr(country, "common_name", None) or country.name,
                "iso_name": country.name,
                "escap_membership": membership,
                "regional": regional,
            }
        )
    table = pd.DataFrame(rows).sort_values("iso3", ignore_index=True)
    table["m49"] = table["m49"].astype("Int64")
    table["escap_membership"] = table["escap_membership"].astype("category")
    table["regional"] = table["regional"].astype("boolean")
    return table


def un_names(raw: Path) -> dict[str, str]:
    """``iso3 -> UN name`` for the 62 ESCAP members and associate members (see GEO_AREA, UN_NAME_CHANGES)."""
    geo = pd.read_csv(raw_path(raw, GEO_AREA), dtype=str, keep_default_na=False)
    m49 = dict(zip(geo["geo_area"].astype(int), geo["name"].str.strip(), strict=True))
    m49.update({code: name for code, (name, _why) in UN_NAME_CHANGES.items()})
    table = asia_pacific_table()
    missing = sorted(table.loc[~table["m49"].isin(m49), "iso3"])
    if missing:
        raise ValueError(f"{GEO_AREA}: no UN name for M49 codes of {missing}")
    return dict(zip(table["iso3"], table["m49"].map(m49), strict=True))


def regional_iso3() -> set[str]:
    """ISO3 codes of the 58 regional members and associate members: the course's Asia-Pacific."""
    table = asia_pacific_table()
    return set(table.loc[table["regional"], "iso3"])


def _build(raw: Path) -> pd.DataFrame:
    table = asia_pacific_table().copy()
    table.insert(table.columns.get_loc("name"), "un_name", table["iso3"].map(un_names(raw)))
    return table


RESOURCES = [
    Resource(
        name="asia_pacific_countries",
        title="Asia-Pacific countries and areas (ESCAP members and associate members)",
        description=(
            "The course's single definition of Asia-Pacific: the members and associate members of the "
            "UN Economic and Social Commission for Asia and the Pacific (ESCAP), with ISO 3166 and UN M49 "
            "codes. Filter on `regional` to drop ESCAP's four non-regional members (France, the "
            "Netherlands, the United Kingdom and the United States); the remaining 58 are the region "
            "every other table in this package is filtered to. Use `un_name` (the UN's name, such as "
            "'Republic of Korea', 'Lao People's Democratic Republic', 'Viet Nam') in text and figures; "
            "`name` is the shorter common English name, for matching other sources."
        ),
        raw_files=[GEO_AREA],
        sources=[
            {
                "title": "UN ESCAP, Member States and Associate Members",
                "path": "https://www.unescap.org/about/member-states",
            },
            {"title": "pycountry (ISO 3166 codes)", "path": "https://pypi.org/project/pycountry/"},
            {
                "title": "UN Statistics Division, SDG Global Database (2020), geographic area names (UN M49)",
                "path": "https://unstats.un.org/sdgs/dataportal",
            },
        ],
        licenses=[
            {
                "name": "CC-BY-4.0",
                "title": "Creative Commons Attribution 4.0 (list compiled by the project; codes from pycountry)",
                "path": "https://creativecommons.org/licenses/by/4.0/",
            }
        ],
        citation="UN ESCAP, Member States and Associate Members (https://www.unescap.org/about/member-states).",
        derivation=(
            "Membership names typed once in datasets/recipes/asia_pacific_countries.py; ISO alpha-3, "
            "alpha-2 and numeric (M49) codes looked up with pycountry, never typed by hand. un_name is the "
            "UN M49 name of the code in the UN SDG Global Database (2020) entity file, except three names the "
            "UN or ESCAP has changed or uses for its members: "
            + "; ".join(f"{name}: {why}" for name, why in UN_NAME_CHANGES.values())
            + ". The recipe fails if a code has no UN name."
        ),
        fields={
            "iso3": ("ISO 3166-1 alpha-3 code", None),
            "iso2": ("ISO 3166-1 alpha-2 code", None),
            "m49": ("UN M49 numeric code (equal to ISO 3166-1 numeric)", None),
            "un_name": ("The UN's name for the country or area (UN M49, with the changes in the derivation)", None),
            "name": ("Common English name (shorter; for matching other sources, not for text)", None),
            "iso_name": ("ISO 3166 English short name", None),
            "escap_membership": ("ESCAP membership: member or associate member", None),
            "regional": (
                "True for the 58 regional members and associate members (the course's Asia-Pacific)",
                None,
            ),
        },
        build=_build,
        primary_key=["iso3"],
        authored_by_project=True,
    )
]
