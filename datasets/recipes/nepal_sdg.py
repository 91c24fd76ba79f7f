"""Nepal: SDG indicators by province, from the Nepal SDG national reporting platform (Open SDG).

One tidy table of the 55 indicators with data on the platform, for Nepal as a whole and for its seven
provinces. Province codes (ISO 3166-2:NP) and current names come from pycountry.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pycountry

from ._common import MIT, Resource, raw_path
from .sdg import _code_key

RAW_FILE = "sdg/open_sdg_nepal/np_open_sdg_indicators_national_and_province.csv"
DIMENSIONS = {  # source column -> output column
    "Sex": "sex",
    "Age": "age",
    "Degree of urbanisation": "urbanisation",
    "Education level": "education_level",
}


# Units the platform mislabels, corrected only where the indicator's UN definition (and the series title)
# leaves no doubt: indicator -> corrected unit.
UNIT_FIXES = {
    "3.1.1": "Per 100,000 live births",  # maternal mortality ratio, published as 'Percent'
    "3.2.1": "Per 1,000 live births",  # under-five mortality rate, published as 'Percent'
    "3.2.2": "Per 1,000 live births",  # neonatal mortality rate, published as 'Percent'
    "3.7.2": "Per 1,000 women aged 15-19",  # title says so; published as 'Percent' or 'Per 1,000 population'
    "4.5.1": "Ratio (parity index)",  # adjusted gender parity index, published as 'Percent'
}
# Units that look wrong but whose right value is not certain: kept as published, with a note.
UNIT_DOUBTS = {
    "3.3.1": "values (about 1,850-2,400) are far too high for a rate per 1,000 uninfected; probably a count of new infections",
    "3.4.1": "the series 'Deaths attributed non-communicable diseases (number)' is labelled 'Probability'",
    "3.9.1": "WHO publishes this rate per 100,000 population; 'per 1,000' is probably a mislabel",
    "3.9.2": "WHO publishes this rate per 100,000 population; 'per 1,000' is probably a mislabel",
    "3.9.3": "WHO publishes this rate per 100,000 population; 'per 1,000' is probably a mislabel",
    "2.1.1": "values below 1 labelled 'Percent' may be fractions",
    "9.3.2": "a value below 1 labelled 'Percent' may be a fraction",
    "11.6.1": "a value below 1 labelled 'Percent' may be a fraction",
}


def province_lookup(published: set[str]) -> dict[str, tuple[str, str]]:
    """Published area name -> (ISO 3166-2 code, current name), from pycountry's Nepal provinces."""
    provinces = [s for s in pycountry.subdivisions.get(country_code="NP") if s.type.lower() == "province"]
    out = {"Nepal": ("NP", "Nepal")}
    for name in sorted(published - {"Nepal"}):
        number = re.fullmatch(r"Province (\d)", name)
        if number:  # the platform still uses the number for Province 1 (named Koshi in 2023)
            match = [p for p in provinces if p.code == f"NP-P{number.group(1)}"]
        else:
            match = [p for p in provinces if p.name.removesuffix(" Province") == name]
        if len(match) != 1:
            raise ValueError(f"{RAW_FILE}: area {name!r} does not match one Nepal province in pycountry")
        out[name] = (match[0].code, match[0].name)
    return out


def _build(raw: Path) -> pd.DataFrame:
    table = pd.read_csv(raw_path(raw, RAW_FILE), dtype=str, keep_default_na=False)
    table = table.apply(lambda s: s.str.strip())
    # a few series names carry U+FFFD replacement characters (a dash lost before staging): make them a space
    table["SERIES"] = table["SERIES"].str.replace(r"\s*\ufffd+\s*", " ", regex=True)
    exact_duplicates = int(table.duplicated().sum())
    table = table.drop_duplicates(ignore_index=True)
    lookup = province_lookup(set(table["Reference area"]))
    value = pd.to_numeric(table["Value"], errors="raise")
    out = pd.DataFrame(
        {
            "indicator": table["indicator"],
            "series": table["SERIES"],
            "area": table["Reference area"].map(lambda a: lookup[a][1]),
            "area_code": table["Reference area"].map(lambda a: lookup[a][0]),
            "area_level": (table["Reference area"] == "Nepal").map({True: "national", False: "province"}),
            "year": pd.to_numeric(table["Year"]).astype("Int64"),
        }
    )
    for source, column in DIMENSIONS.items():
        out[column] = table[source].replace("", pd.NA).astype("string")
    published = table["UNIT_MEASURE"]
    fixed = table["indicator"].map(UNIT_FIXES)
    out["unit"] = fixed.fillna(published)
    out["unit_published"] = published
    doubt = table["indicator"].map(UNIT_DOUBTS)
    # 3.4.1 has two series; only the one labelled 'Probability' is in doubt
    doubt = doubt.where(~((table["indicator"] == "3.4.1") & (published != "Probability")))
    changed = fixed.notna() & (fixed != published)
    out["unit_note"] = doubt.where(
        doubt.notna(), ("unit corrected from '" + published + "' (UN definition of the indicator)").where(changed)
    ).astype("string")
    out["value"] = value.astype("float64")
    parts = [column + "=" + table[source] for source, column in DIMENSIONS.items()]
    disaggregation = pd.concat(parts, axis=1).apply(lambda r: "; ".join(p for p in r if not p.endswith("=")), axis=1)
    out["disaggregation"] = disaggregation.replace("", "none")
    key = ["indicator", "series", "area_code", "year", "disaggregation"]
    if out.duplicated(key).any():
        raise ValueError(f"{RAW_FILE}: rows not unique on {key} after dropping {exact_duplicates} exact duplicates")
    assert exact_duplicates == 185, exact_duplicates
    assert out.loc[out["area_level"] == "province", "area_code"].nunique() == 7
    out["area_level"] = pd.Categorical(out["area_level"], categories=["national", "province"])
    for column in ["unit", "unit_published", "urbanisation", "education_level", "sex"]:
        out[column] = out[column].astype("category")
    order = sorted(
        range(len(out)),
        key=lambda i: (
            _code_key(out["indicator"].iat[i]),
            out["series"].iat[i],
            out["area_code"].iat[i],
            int(out["year"].iat[i]),
            out["disaggregation"].iat[i],
        ),
    )
    return out.iloc[order].reset_index(drop=True)


RESOURCES = [
    Resource(
        name="np_sdg_indicators_by_province",
        title="Nepal: SDG indicators for the nation and its seven provinces (Nepal SDG reporting platform)",
        description=(
            "The 55 SDG indicators with data on Nepal's national SDG reporting platform (Open SDG), for Nepal and, "
            "for 30 indicators, its seven provinces: poverty (1.1.1, 1.2.1, 1.2.2), social protection (1.3.1), child "
            "nutrition (2.2.1, 2.2.2), maternal and child health (3.1.2, 3.2.1, 3.2.2), education, child marriage "
            "(5.3.1), safely managed drinking water and sanitation (6.1.1, 6.2.1), electricity and clean cooking "
            "(7.1.1, 7.1.2), youth not in employment, education or training (8.6.1), violent discipline (16.2.1), "
            "birth registration (16.9.1) and others. Years 1996-2022 nationally. **Caveat: province values are for a "
            "single year for 28 of the 30 indicators** (mostly 2019, i.e. the Multiple Indicator Cluster Survey "
            "2019; poverty 2011; 1.2.2 2014 and 2019; 8.6.1 2017 and 2018), so use them to compare provinces, not "
            "to show trends. Survey estimates carry sampling error that the platform does not publish. Areas are "
            "named by their current names (Province 1 has been Koshi Province since 2023); `area_code` is ISO "
            "3166-2:NP. Some published units are wrong; see `unit_note`."
        ),
        raw_files=[RAW_FILE],
        sources=[
            {
                "title": "National Statistics Office (formerly Central Bureau of Statistics), Government of Nepal: Nepal SDG national reporting platform",
                "path": "https://open-sdg-nepal.github.io/",
            },
            {
                "title": "open-sdg-nepal/data, branch gh-pages @ 744739b1dd36b892a2923e929a71b0b68d704cf9 (en/data/<indicator>.csv)",
                "path": "https://github.com/open-sdg-nepal/data/tree/744739b1dd36b892a2923e929a71b0b68d704cf9",
            },
        ],
        licenses=[
            MIT,
            {
                "name": "government-open-data-attribution",
                "title": "Official statistics of the Government of Nepal (National Statistics Office), reusable with attribution",
                "path": "",
            },
        ],
        citation=(
            "National Statistics Office, Government of Nepal, Nepal SDG national reporting platform (Open SDG), "
            "data repository open-sdg-nepal/data (gh-pages, commit 744739b), MIT licence."
        ),
        derivation=(
            "Read sdg/open_sdg_nepal/np_open_sdg_indicators_national_and_province.csv (the platform's 55 non-empty "
            "per-indicator CSVs stacked at staging, empty Reference area filled with 'Nepal'). Stripped spaces; "
            "dropped 185 exact duplicate rows (the same row twice in the platform files; no conflicting values). "
            "Areas matched to pycountry's ISO 3166-2:NP provinces ('Province N' by number, others by name), so "
            "area is the current province name and area_code its ISO code ('NP' for the nation); area_level is "
            "national or province. Empty disaggregation cells stay empty (the platform's headline rows, or a "
            "dimension the series lacks); `disaggregation` joins the non-empty ones (or 'none') so that "
            "(indicator, series, area_code, year, disaggregation) is a unique key, checked. Values are numbers "
            "as published; nothing is filled, rounded or converted. Units: the platform mislabels several; `unit` is "
            "corrected only where the indicator's UN definition leaves no doubt (3.1.1 per 100,000 live births; "
            "3.2.1 and 3.2.2 per 1,000 live births; 3.7.2 per 1,000 women aged 15-19; 4.5.1 parity ratio), "
            "`unit_published` keeps the original and `unit_note` says why; doubtful units that could not be "
            "settled (3.3.1, 3.4.1, 3.9.1-3.9.3, 2.1.1, 9.3.2, 11.6.1) are kept as published with a note. Runs "
            "of U+FFFD replacement characters in six series names (a lost dash) are replaced by a space. 3.7.2 "
            "has national rows twice, with and without the age label, with equal values; both are kept."
        ),
        fields={
            "indicator": ("SDG indicator code, e.g. '6.1.1'", None),
            "series": ("Series name as published (the indicator code in brackets where the platform gives it)", None),
            "area": ("Nepal, or the province's current name (pycountry)", None),
            "area_code": ("ISO 3166-2 code: NP for the nation, NP-P1 ... NP-P7 for provinces", None),
            "area_level": ("national or province", None),
            "year": ("Year (survey or reference year)", "year"),
            "sex": ("Female or Male; empty when not disaggregated by sex", None),
            "age": ("Age group as published (e.g. '15 to 49 years old'); empty when not disaggregated", None),
            "urbanisation": ("Degree of urbanisation: Urban or Rural; empty when not disaggregated", None),
            "education_level": ("Education level as published; empty when not disaggregated", None),
            "unit": ("Unit of measure: as published, except where corrected (see unit_note)", None),
            "unit_published": ("Unit of measure exactly as the platform publishes it", None),
            "unit_note": ("Why `unit` was corrected, or why the published unit is doubtful; empty otherwise", None),
            "value": ("Value in `unit`", None),
            "disaggregation": (
                "Non-empty disaggregations of the row joined (e.g. 'sex=Female; urbanisation=Rural'), or 'none'",
                None,
            ),
        },
        build=_build,
        primary_key=["indicator", "series", "area_code", "year", "disaggregation"],
    )
]
