"""South Korea: population by district, sex and age (census 2010, resident registration 2022-2024)
and registered persons with disabilities (2024 by district; 2007-2024 by province and type).

English names: the KOSTAT 2010 codebook (Korean -> English), matched by Korean NAME within the
province, never by code alone, because the census uses a different code version from the codebook
(e.g. census 38040 is Jinju-si, codebook 38040 is Jinhae-si). Districts created after the
codebook (Changwon's five gu, 2010) fall back to the KOSTAT 2013 boundary file's English names.
Province (sido) names and ISO 3166-2 codes come from pycountry.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pandas as pd
import pycountry

from ._common import CC_BY_3, KOGL_1, Resource, raw_path

CENSUS = "local_poverty_hdi/kr_census2010_population_by_sigungu_sex_age.csv"
CODEBOOK = "local_poverty_hdi/kr_admin_division_codes_2010_ko_en_zh.csv"
GEOJSON_2013 = "local_poverty_hdi/kr_kostat2013_municipalities_boundaries_simplified.geojson"
MOIS = "left_behind/kr_mois_resident_population_by_sigungu_5yr_age_sex_2022_2024.csv"
DISABLED_DISTRICT = "left_behind/kr_registered_disabled_by_sigungu_severity_sex_2024.csv"
DISABLED_TYPE = "left_behind/kr_registered_disabled_by_sido_sex_type_2007_2024.csv"

SEXES = ["total", "male", "female"]
_KR = pycountry.countries.get(alpha_2="KR")
KOREA_EN = getattr(_KR, "common_name", None) or _KR.name  # name of the nation rows

# Provinces renamed after the 2010 codebook: new Korean name -> the 2010 name of the same province.
RENAMED_SIDO = {"강원특별자치도": "강원도", "전북특별자치도": "전라북도"}
# Romanised stems (as in ISO 3166-2) for provinces the 2010 codebook does not list under this name.
SIDO_STEMS_AFTER_2010 = {"세종특별자치시": "Sejong", "강원특별자치도": "Gangwon", "전북특별자치도": "Jeollabuk"}


# --- name look-ups ----------------------------------------------------------------------------
def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@cache
def _codebook(raw: Path) -> pd.DataFrame:
    book = pd.read_csv(raw_path(raw, CODEBOOK), dtype=str)
    return book[book["code"].str.len() <= 5].copy()


@cache
def sido_iso(raw: Path) -> dict[str, tuple[str, str]]:
    """Korean province name -> (ISO 3166-2 code, ISO name), via the codebook's English and pycountry."""
    book = _codebook(raw)
    english = dict(
        zip(book.loc[book["code"].str.len() == 2, "ko"], book.loc[book["code"].str.len() == 2, "en"], strict=True)
    )
    stems = {k: v.split("-")[0] for k, v in english.items()}
    stems.update(SIDO_STEMS_AFTER_2010)
    by_stem = {s.name.split("-")[0].lower(): s for s in pycountry.subdivisions.get(country_code="KR")}
    out = {}
    for korean, stem in stems.items():
        sub = by_stem.get(stem.lower())
        if sub is None:
            raise ValueError(f"no ISO 3166-2 subdivision for {korean} ({stem})")
        out[korean] = (sub.code, sub.name)
    return out


@cache
def _district_names(raw: Path) -> dict[tuple[str, str], str]:
    """(2010 sido code, squashed Korean district name) -> English, from the codebook and (fallback) 2013 boundaries.

    District names are si/gun/gu; a gu inside a city is "<city> <gu>" in Korean and English.
    Names that occur twice in one province are left out (ambiguous).
    """
    book = _codebook(raw)
    five = book[book["code"].str.len() == 5].set_index("code")
    pairs: dict[tuple[str, str], list[str]] = {}
    for code, row in five.iterrows():
        ko, en = row["ko"], row["en"]
        if not code.endswith("0"):  # gu of a city: prefix the city
            parent = code[:4] + "0"
            if parent in five.index:
                ko, en = five.at[parent, "ko"] + ko, five.at[parent, "en"] + " " + en
        pairs.setdefault((code[:2], _squash(ko)), []).append(en)
    names = {k: v[0] for k, v in pairs.items() if len(set(v)) == 1}
    geo = json.loads(raw_path(raw, GEOJSON_2013).read_text(encoding="utf-8"))
    city_en = {(c[:2], five.at[c, "ko"]): five.at[c, "en"] for c in five.index if c.endswith("0")}
    for feature in geo["features"]:
        props = feature["properties"]
        # 2013 codes share the province digits with 2010; their English lacks hyphens (e.g. "Uichanggu").
        key = (props["code"][:2], _squash(props["name"]))
        if key in names:
            continue
        english = props["name_eng"]
        city = re.match(r"^(.+?시)(.+구)$", props["name"])
        parent = city_en.get((key[0], city.group(1))) if city else None
        if parent:  # some gu repeat the city: "Cheonansidongnamgu" -> "Dongnamgu"
            repeated = parent.split("-")[0] + "si"
            if english.lower().startswith(repeated.lower()):
                english = english[len(repeated) :].capitalize()
        english = re.sub(r"(?<=[a-z])(gu|si|gun)$", r"-\1", english)
        names[key] = f"{parent} {english}" if parent else english
    return names


def sido_code_2010(raw: Path, sido_ko: str) -> str | None:
    book = _codebook(raw)
    sido_ko = RENAMED_SIDO.get(sido_ko, sido_ko)
    match = book[(book["code"].str.len() == 2) & (book["ko"] == sido_ko)]
    return match["code"].iloc[0] if len(match) == 1 else None


def district_english(raw: Path, sido2010: str | None, district_ko: str) -> str | None:
    if sido2010 is None:
        return None
    clean = re.sub(r"\(.*?\)", "", district_ko).strip()
    clean = re.sub(r"출장소$", "군", clean)  # KOSIS labels Jeungpyeong "증평출장소" (now 증평군)
    names = _district_names(raw)
    found = names.get((sido2010, _squash(clean)))
    if found is None:  # moved to another province since 2010 (Gunwi-gun: Gyeongbuk -> Daegu, 2023)
        elsewhere = {en for (_, ko), en in names.items() if ko == _squash(clean)}
        found = elsewhere.pop() if len(elsewhere) == 1 else None
    return found


def age_label(korean: str) -> str:
    """'0 - 4세' / '0~4세' -> '0-4'; '85세이상' / '100세 이상' -> '85+'."""
    text = korean.replace(" ", "")
    if text.endswith("세이상"):
        return text[: -len("세이상")] + "+"
    match = re.fullmatch(r"(\d+)[-~](\d+)세", text)
    if not match:
        raise ValueError(f"unexpected age band {korean!r}")
    return f"{match.group(1)}-{match.group(2)}"


# --- census 2010 ------------------------------------------------------------------------------
AREA_TYPES = {
    "C": ("읍부", "eup (town) areas"),
    "D": ("면부", "myeon (rural township) areas"),
    "E": ("동부", "dong (urban neighbourhood) areas"),
}
CENSUS_LEVELS = ["nation", "sido", "area_type", "sigungu", "gu_of_si"]


def _census_level(code: str) -> str:
    if code == "00":
        return "nation"
    if code[-1] in AREA_TYPES:
        return "area_type"
    if len(code) == 2:
        return "sido"
    if code == "38110_2010" or code.endswith("0"):
        return "sigungu"
    return "gu_of_si"


def build_census(raw: Path) -> pd.DataFrame:
    table = pd.read_csv(raw_path(raw, CENSUS), skiprows=2, dtype=str)
    table.columns = ["code", "name", "age_code", "age", "year", "total", "male", "female", "sex_ratio"]
    table["code"] = table["code"].str.lstrip("'")
    table["age_code"] = table["age_code"].str.lstrip("'")
    table["name"] = table["name"].str.strip()
    if set(table["year"]) != {"2010"}:
        raise ValueError(f"{CENSUS}: expected 2010 only")
    # Keep the total and the 18 five-year bands; drop broad groups (96-98: derivable) and mean/median age (99, 9A).
    bands = table[(table["age_code"] == "00") | table["age_code"].str.fullmatch(r"0[5-9]|[1-8][05]|90")]
    age_order = ["total"] + [age_label(a) for a in bands.loc[bands["age_code"] != "00", "age"].drop_duplicates()]
    areas = bands.drop_duplicates("code")[["code", "name"]].reset_index(drop=True)
    areas["level"] = areas["code"].map(_census_level)
    nation_en = KOREA_EN
    book = _codebook(raw)
    sido_en = dict(
        zip(book.loc[book["code"].str.len() == 2, "code"], book.loc[book["code"].str.len() == 2, "en"], strict=True)
    )
    sigungu_names = areas.loc[areas["level"] == "sigungu"].groupby(areas["code"].str[:2])["name"].agg(list)
    english = []
    for row in areas.itertuples():
        if row.level == "nation":
            english.append(nation_en)
        elif row.level == "sido":
            english.append(sido_en.get(row.code))  # same 2-digit codes; KOSIS '제주도' is codebook '제주특별자치도'
        elif row.level == "area_type":
            prefix = nation_en if row.code.startswith("0") else sido_en.get(row.code[:2])
            english.append(f"{prefix}: {AREA_TYPES[row.code[-1]][1]}")
        elif row.level == "sigungu" or " " in row.name:
            english.append(district_english(raw, row.code[:2], row.name))
        else:  # Changwon's and Cheonan's gu are listed without their city: the one city that matches
            hits = {district_english(raw, row.code[:2], f"{city} {row.name}") for city in sigungu_names[row.code[:2]]}
            hits.discard(None)
            english.append(hits.pop() if len(hits) == 1 else None)
    areas["name_en"] = english
    long = bands.melt(
        id_vars=["code", "age_code", "age"], value_vars=SEXES, var_name="sex", value_name="population"
    ).merge(areas, on="code", how="left")
    long["age_band"] = long["age"].map(lambda a: "total" if a == "계" else age_label(a))
    long["population"] = pd.to_numeric(long["population"], errors="raise").astype("Int64")
    sums = long[long["age_band"] != "total"].groupby(["code", "sex"])["population"].sum()
    totals = long[long["age_band"] == "total"].set_index(["code", "sex"])["population"]
    if not sums.sort_index().equals(totals.sort_index()):
        raise ValueError(f"{CENSUS}: five-year bands do not add up to the total")
    out = pd.DataFrame(
        {
            "code": long["code"],
            "level": pd.Categorical(long["level"], categories=CENSUS_LEVELS),
            "name_ko": long["name"],
            "name_en": long["name_en"].astype("string"),
            "age_band": pd.Categorical(long["age_band"], categories=age_order, ordered=True),
            "sex": pd.Categorical(long["sex"], categories=SEXES),
            "population": long["population"],
        }
    )
    return out.sort_values(["code", "age_band", "sex"], ignore_index=True)


# --- MOIS resident registration 2022-2024 ----------------------------------------------------
MOIS_LEVELS = ["sido", "sigungu", "gu_of_si"]
MOIS_SEX = {"": "total", "남_": "male", "여_": "female"}
MOVED_DISTRICTS = {"4772000000": "2772000000"}  # Gunwi-gun, Gyeongsangbuk-do -> Daegu (July 2023)


def build_mois(raw: Path) -> pd.DataFrame:
    table = pd.read_csv(raw_path(raw, MOIS), dtype=str)
    parsed = table["행정구역"].str.extract(r"^(?P<name>.*?)\s*\((?P<code>\d{10})\)$")
    if parsed.isna().any().any():
        raise ValueError(f"{MOIS}: unparsed area labels")
    # Branch offices (출장소) are listed with zeros or blanks in every column: not population units.
    numbers = table.drop(columns="행정구역").apply(lambda c: pd.to_numeric(c.str.replace(",", "")))
    branch = parsed["name"].str.contains("출장소") & numbers.fillna(0).eq(0).all(axis=1)
    if (parsed["name"].str.contains("출장소") & ~branch).any():
        raise ValueError(f"{MOIS}: a branch office has population figures")
    table, parsed = table[~branch].reset_index(drop=True), parsed[~branch].reset_index(drop=True)
    table = table.drop(columns="행정구역")
    pattern = re.compile(r"^(\d{4})년_(남_|여_)?거주자_(.+)$")
    records = []
    for column in table.columns:
        match = pattern.match(column)
        if not match:
            raise ValueError(f"{MOIS}: unexpected column {column!r}")
        year, sex, band = match.groups()
        if band == "연령구간인구수":  # sum of the bands = total; checked below, not shipped
            continue
        records.append((column, int(year), MOIS_SEX[sex or ""], "total" if band == "총인구수" else age_label(band)))
    values = table.apply(lambda c: pd.to_numeric(c.str.replace(",", ""), errors="raise")).astype("Int64")
    for year in (2022, 2023, 2024):
        for prefix in MOIS_SEX:
            total = values[f"{year}년_{prefix}거주자_총인구수"]
            ranged = values[f"{year}년_{prefix}거주자_연령구간인구수"]
            if not total.fillna(-1).equals(ranged.fillna(-1)):
                raise ValueError(f"{MOIS}: {year} {prefix} total differs from the age-band total")
    frames = []
    for column, year, sex, band in records:
        frames.append(
            pd.DataFrame(
                {
                    "mois_code": parsed["code"],
                    "name_ko": parsed["name"].str.strip(),
                    "year": year,
                    "sex": sex,
                    "age_band": band,
                    "population": values[column],
                }
            )
        )
    long = pd.concat(frames, ignore_index=True)
    # A unit that did not exist in a year (Gangwon/Jeonbuk renamed) has that whole year empty: drop those rows.
    empty = long.groupby(["mois_code", "year"])["population"].transform(lambda s: s.isna().all())
    if long.loc[~empty, "population"].isna().any():
        raise ValueError(f"{MOIS}: partly empty year block")
    long = long[~empty].copy()
    age_order = ["total"] + list(dict.fromkeys(b for _, _, _, b in records if b != "total"))
    areas = long.drop_duplicates("mois_code")[["mois_code", "name_ko"]].reset_index(drop=True)
    iso = sido_iso(raw)
    rows = []
    for row in areas.itertuples():
        parts = row.name_ko.split()
        sido = parts[0]
        level = "sido" if row.mois_code[2:] == "0" * 8 else ("gu_of_si" if len(parts) == 3 else "sigungu")
        iso_code, iso_name = iso[sido]
        if level == "sido" or row.name_ko == sido:  # Sejong is one tier: its district row is the city
            english = iso_name
        else:
            district = district_english(raw, sido_code_2010(raw, sido), " ".join(parts[1:]))
            english = f"{iso_name} {district}" if district else None
        # Harmonised: the 2023/2024 special self-governing provinces continue the old ones (same suffix).
        prefix = {"42": "51", "45": "52"}.get(row.mois_code[:2], row.mois_code[:2])
        harmonised = MOVED_DISTRICTS.get(row.mois_code, prefix + row.mois_code[2:])
        rows.append((row.mois_code, level, english, iso_code, harmonised))
    areas = areas.join(
        pd.DataFrame(rows, columns=["mois_code", "level", "name_en", "iso_3166_2", "harmonised_code"]).drop(
            columns="mois_code"
        )
    )
    current_name = areas.set_index("mois_code")["name_ko"]
    areas["harmonised_name"] = areas["harmonised_code"].map(current_name)
    if areas["harmonised_name"].isna().any():
        raise ValueError(f"{MOIS}: a renamed unit has no successor with the same code suffix")
    long = long.drop(columns="name_ko").merge(areas, on="mois_code", how="left")
    out = pd.DataFrame(
        {
            "mois_code": long["mois_code"],
            "level": pd.Categorical(long["level"], categories=MOIS_LEVELS),
            "name_ko": long["name_ko"],
            "name_en": long["name_en"].astype("string"),
            "iso_3166_2": long["iso_3166_2"],
            "harmonised_code": long["harmonised_code"],
            "harmonised_name": long["harmonised_name"],
            "year": long["year"].astype("Int64"),
            "sex": pd.Categorical(long["sex"], categories=SEXES),
            "age_band": pd.Categorical(long["age_band"], categories=age_order, ordered=True),
            "population": long["population"],
        }
    )
    return out.sort_values(["mois_code", "year", "sex", "age_band"], ignore_index=True)


# --- registered persons with disabilities ----------------------------------------------------
SEVERITY = {"합계": "all", "심한장애": "severe", "심하지않은장애": "not severe"}
SEX_KO = {"소계": "total", "계": "total", "남자": "male", "여자": "female"}
DISABILITY_TYPES = {  # Korean label -> English (SOURCES.md section 11.6)
    "합계": "all types",
    "지체": "physical",
    "시각": "visual",
    "청각": "hearing",
    "언어": "speech",
    "지적": "intellectual",
    "뇌병변": "brain lesion",
    "자폐성": "autism",
    "정신": "mental",
    "신장": "kidney",
    "심장": "heart",
    "호흡기": "respiratory",
    "간": "liver",
    "안면": "facial",
    "장루ㆍ요루": "ostomy",
    "뇌전증": "epilepsy",
}


def build_disabled_by_district(raw: Path) -> pd.DataFrame:
    table = pd.read_csv(raw_path(raw, DISABLED_DISTRICT), header=[0, 1, 2], dtype=str)
    sido = table.iloc[:, 0].str.strip()
    district = table.iloc[:, 1].str.strip()
    iso = sido_iso(raw)
    level = pd.Series("district", index=table.index)
    level[district == "소계"] = "sido"
    level[sido == "전국"] = "nation"
    english = []
    for s, d, lv in zip(sido, district, level, strict=True):
        if lv == "nation":
            english.append(KOREA_EN)
        elif lv == "sido":
            english.append(iso[s][1])
        else:
            name = district_english(raw, sido_code_2010(raw, s), d)
            english.append(f"{iso[s][1]} {name}" if name else None)
    frames = []
    for column in table.columns[2:]:
        year, severity, sex = column
        frames.append(
            pd.DataFrame(
                {
                    "sido_ko": sido,
                    "district_ko": district,
                    "level": level,
                    "name_en": english,
                    "iso_3166_2": [iso[s][0] if s in iso else None for s in sido],
                    "year": int(year),
                    "severity": SEVERITY[severity],
                    "sex": SEX_KO[sex],
                    "persons": pd.to_numeric(table[column], errors="raise"),
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    check = out.pivot_table(
        index=["sido_ko", "district_ko", "level", "sex"],
        columns="severity",
        values="persons",
        dropna=False,
        observed=True,
    )
    check = check.dropna(how="all")
    if not (check["all"] == check["severe"] + check["not severe"]).all():
        raise ValueError(f"{DISABLED_DISTRICT}: severe + not severe differs from all")
    out["name_en"] = out["name_en"].astype("string")
    out["iso_3166_2"] = out["iso_3166_2"].astype("string")
    out["level"] = pd.Categorical(out["level"], categories=["nation", "sido", "district"])
    out["year"] = out["year"].astype("Int64")
    out["severity"] = pd.Categorical(out["severity"], categories=list(SEVERITY.values()))
    out["sex"] = pd.Categorical(out["sex"], categories=SEXES)
    out["persons"] = out["persons"].astype("Int64")
    return out.sort_values(["sido_ko", "district_ko", "severity", "sex"], ignore_index=True)


def build_disabled_by_type(raw: Path) -> pd.DataFrame:
    table = pd.read_csv(raw_path(raw, DISABLED_TYPE), dtype=str)
    unknown = set(table["장애유형별"]) - set(DISABILITY_TYPES)
    if unknown:
        raise ValueError(f"{DISABLED_TYPE}: unknown disability types {sorted(unknown)}")
    long = table.melt(id_vars=["시도별", "성별", "장애유형별"], var_name="year", value_name="persons")
    iso = sido_iso(raw)
    nation = long["시도별"] == "전국"
    out = pd.DataFrame(
        {
            "sido_ko": long["시도별"],
            "sido_en": long["시도별"].map(lambda s: iso[s][1] if s in iso else None).where(~nation, KOREA_EN),
            "iso_3166_2": long["시도별"].map(lambda s: iso[s][0] if s in iso else None).where(~nation, "KR"),
            "sex": pd.Categorical(long["성별"].map(SEX_KO), categories=SEXES),
            "disability_type_ko": long["장애유형별"],
            "disability_type": pd.Categorical(
                long["장애유형별"].map(DISABILITY_TYPES), categories=list(DISABILITY_TYPES.values())
            ),
            "year": long["year"].astype(int).astype("Int64"),
            # '-' (Sejong before it was created in 2012) is missing, not zero.
            "persons": pd.to_numeric(long["persons"].replace({"-": None}), errors="raise").astype("Int64"),
        }
    )
    if out["sido_en"].isna().any():
        raise ValueError(f"{DISABLED_TYPE}: province without an ISO name")
    for column in ("sido_en", "iso_3166_2"):
        out[column] = out[column].astype("string")
    return out.sort_values(["iso_3166_2", "sex", "disability_type", "year"], ignore_index=True)


KOSTAT_SOURCES = [
    {"title": "Statistics Korea (KOSTAT), KOSIS: 2010 Population and Housing Census", "path": "https://kosis.kr/"},
    {
        "title": "GitHub mirror (Team POPONG, CC BY 3.0): southkorea/southkorea-population @ 5e1388e (data/2010/municipalities_utf8.csv, codebook/codebook-20100401-06-translation.csv)",
        "path": "https://github.com/southkorea/southkorea-population/tree/5e1388ee2b9a95957b7d5f2d22401ce6aeb6e21a",
    },
    {
        "title": "KOSTAT SGIS 2013 boundaries (English names for districts created after the codebook), via southkorea/southkorea-maps @ fe65e05",
        "path": "https://github.com/southkorea/southkorea-maps/tree/fe65e05e549d04083e52f380a7e9166a8ea0a01e/kostat/2013/json",
    },
]
MOHW_SOURCES = [
    {
        "title": "Ministry of Health and Welfare (보건복지부), 장애인현황 (registered persons with disabilities), KOSIS orgId 117",
        "path": "https://kosis.kr/statHtml/statHtml.do?orgId=117&tblId=DT_11761_N001",
    },
    {
        "title": "GitHub mirror: HxWOO/WOORI_FISA_05_DATA_Practice @ e293134 (data/)",
        "path": "https://github.com/HxWOO/WOORI_FISA_05_DATA_Practice/tree/e29313466e5eac7d515571057fd03661b26aa3aa/data",
    },
]
REGISTERED_CAVEAT = (
    " 'Registered' disability follows Korea's legal registration system, which differs from the "
    "Washington Group questions used for SDG disaggregation: unregistered people are not counted. Since "
    "the 2019 reform, grades 1-6 were replaced by 'severe' / 'not severe'. Compiled by a third party "
    "from MOHW/KOSIS; check a few values against KOSIS before teaching from them."
)
ENGLISH_NOTE = (
    "English district names: the KOSTAT 2010 codebook matched by Korean name within the province (not by "
    "code: codebook and census codes differ for some districts), with the KOSTAT 2013 boundary file as "
    "fallback, then the same Korean name in another province if unique (Gunwi-gun); districts whose name "
    "changed after 2013 (e.g. 미추홀구, Cheongju's new gu) have no English name (missing). Province English "
    "names and ISO 3166-2 codes are from pycountry."
)

RESOURCES = [
    Resource(
        name="kr_census_2010_population_by_district",
        title="South Korea: 2010 census population by si/gun/gu, sex and five-year age group (KOSTAT)",
        description=(
            "Population of the 2010 Population and Housing Census (KOSTAT/KOSIS) for the nation, the 16 "
            "provinces and metropolitan cities (sido), their si/gun/gu, and the gu inside larger cities, by "
            "sex and 18 five-year age groups (0-4 ... 85+). Gwangju is code 24, with Dong-gu (24010), Seo-gu "
            "(24020), Nam-gu (24030), Buk-gu (24040) and Gwangsan-gu (24050). Rows with age_band 'total' and "
            "sex 'total' are kept (they equal the sums, checked), so filter them out before summing. Levels "
            "overlap: a sido contains its sigungu, a city its gu_of_si, and 'area_type' rows split the nation "
            "and each sido into eup (town), myeon (rural township) and dong (urban) parts, which is a simple "
            "urban/rural split. Codes are KOSTAT statistical codes, not the MOIS codes of "
            "`kr_resident_population_by_district`. Licence: CC BY 3.0 (Team POPONG), source KOSIS."
        ),
        raw_files=[CENSUS, CODEBOOK, GEOJSON_2013],
        sources=KOSTAT_SOURCES,
        licenses=[CC_BY_3],
        citation="Statistics Korea (KOSTAT), 2010 Population and Housing Census (KOSIS); compiled by Team POPONG, southkorea-population (CC BY 3.0).",
        derivation=(
            "Read municipalities_utf8.csv skipping 2 title lines. Stripped the leading ' from area and age "
            "codes and the leading space from names. Kept the total (age code 00, age_band 'total') and the "
            "18 five-year bands (age labels '0 - 4세' -> '0-4', '85세이상' -> '85+', ordered as in the "
            "source); dropped the broad groups (under 15, 15-64, 65+: derivable by summing) and the mean and "
            "median age rows (not counts), and the sex ratio column (derivable). Reshaped total/male/female "
            "to long `sex`. Checked that the bands add up to the total for every area and sex. `level` from "
            "the code: 00 nation, 2 digits sido, codes ending C/D/E eup/myeon/dong parts (area_type), 5 "
            "digits ending 0 sigungu, other 5 digits gu inside a city; '38110_2010' is KOSIS's code for the "
            "Changwon city formed in 2010 (kept as given; 38110 is Yangsan-si). " + ENGLISH_NOTE + " KOSIS "
            "labels '사하구(출장소)', '나주(금성)시' and '증평출장소' were matched as 사하구, 나주시 and 증평군; "
            "Changwon's five gu (listed without the city name) were matched under 창원시 in the 2013 file, "
            "whose English ('Uichanggu') was hyphenated ('Uichang-gu'). Sorted by code, age band, sex."
        ),
        fields={
            "code": ("KOSTAT statistical area code (2 or 5 characters; leading ' removed)", None),
            "level": ("nation, sido, area_type (eup/myeon/dong parts), sigungu or gu_of_si (gu inside a city)", None),
            "name_ko": ("Korean name as in KOSIS (leading space removed)", None),
            "name_en": ("English name (KOSTAT codebook; see derivation); missing where none could be matched", None),
            "age_band": ("Five-year age group ('total' = all ages)", "years"),
            "sex": ("total, male or female", None),
            "population": ("Census population", "persons"),
        },
        build=build_census,
        primary_key=["code", "age_band", "sex"],
        constraints={"population": {"minimum": 0}},
        compress=True,
    ),
    Resource(
        name="kr_resident_population_by_district",
        title="South Korea: registered resident population by si/gun/gu, sex and five-year age group, 2022-2024 (MOIS)",
        description=(
            "Resident-registration population (residents only, 거주자) at the end of 2022, 2023 and 2024 for "
            "the 17 provinces and metropolitan cities (sido), their si/gun/gu and the gu inside larger cities, "
            "by sex and 21 five-year age groups (0-4 ... 100+), from the Ministry of the Interior and Safety "
            "(MOIS). There is no national row. Gwangju is 2900000000 with Dong-gu 2911000000, Seo-gu "
            "2914000000, Nam-gu 2915500000, Buk-gu 2917000000 and Gwangsan-gu 2920000000. Population aged 65+ = "
            "sum of the bands from '65-69' upwards. These are registered residents, not census counts: Korean "
            "nationals only (foreign residents are registered separately and are not in this table), and the "
            "10-digit MOIS codes differ from the KOSTAT census codes (Gwangju is 29 here, 24 in the census): "
            "join by name. Gangwon (강원도, code 42, 2022) became 강원특별자치도 (51) in 2023 and Jeonbuk "
            "(전라북도, 45, 2022-2023) became 전북특별자치도 (52) in 2024: both codes are kept, each only for "
            "the years it existed; `harmonised_code`/`harmonised_name` give the current unit so a learner can "
            "follow one place across 2022-2024. Gunwi-gun moved from Gyeongsangbuk-do (4772000000, 2022) to "
            "Daegu (2772000000, 2023-2024), so the Daegu and Gyeongbuk totals jump between 2022 and 2023 for "
            "that reason alone; its harmonised code is the Daegu one. Branch offices (출장소), listed with "
            "zeros, are dropped. Rows with age_band 'total' and sex 'total' are kept (filter "
            "them before summing); sido rows contain their districts. Licence: KOGL Type 1, cite MOIS."
        ),
        raw_files=[MOIS, CODEBOOK, GEOJSON_2013],
        sources=[
            {
                "title": "Ministry of the Interior and Safety (행정안전부), resident registration population statistics",
                "path": "https://jumin.mois.go.kr/ageStatMonth.do",
            },
            {
                "title": "GitHub mirror: iju298/REFrame @ 3d474bb (dataset/PopulationStatistics/202212_202412_연령별인구현황_연간.csv; re-encoded CP949 -> UTF-8)",
                "path": "https://github.com/iju298/REFrame/tree/3d474bbf925702b32940cea38da2839f5d3b3380/dataset/PopulationStatistics",
            },
        ]
        + KOSTAT_SOURCES[1:],
        licenses=[KOGL_1, CC_BY_3],
        citation="Ministry of the Interior and Safety (행정안전부), Resident registration population by age, 2022-2024 (jumin.mois.go.kr).",
        derivation=(
            "Read the UTF-8 file as text and removed thousands separators. Split `행정구역` into the Korean "
            "name (stripped) and the 10-digit MOIS code. Reshaped the 3 years x 3 sexes x (total + 21 bands) "
            "columns to long; the '연령구간인구수' column (sum of bands) was checked to equal the total and "
            "not shipped. Age labels '0~4세' -> '0-4', '100세 이상' -> '100+'. Dropped the empty year blocks "
            "of units that did not exist that year (Gangwon 42 in 2023-2024, 51 in 2022; Jeonbuk 45 in 2024, "
            "52 in 2022-2023), after checking no block is partly empty; nothing else is missing. `level`: "
            "code ending in eight zeros = sido, a three-part name = gu inside a city, else sigungu. "
            "`harmonised_code` replaces the province digits 42 -> 51 and 45 -> 52 (same remaining digits, "
            "checked to exist), Gunwi-gun 4772000000 -> 2772000000, and `harmonised_name` is that unit's current "
            "Korean name. Dropped the 출장소 (branch office) rows, whose every value is 0 or empty (checked): "
            "they are administrative offices, not population units, and 0 would read as 'nobody lives here'. `name_en` = ISO "
            "province name + district English name. " + ENGLISH_NOTE + " Renamed provinces were looked up "
            "under their 2010 names (강원도, 전라북도). Sorted by code, year, sex, age band. Licence note: the "
            "codebook and 2013 files used only for English names are CC BY 3.0 (Team POPONG)."
        ),
        fields={
            "mois_code": ("MOIS 10-digit administrative code", None),
            "level": ("sido, sigungu or gu_of_si (gu inside a city)", None),
            "name_ko": ("Korean name as in the source (province + district)", None),
            "name_en": ("English name: ISO 3166-2 province name + district name; missing where none matched", None),
            "iso_3166_2": ("ISO 3166-2 code of the province (pycountry)", None),
            "harmonised_code": (
                "Code of the same unit under the current (2024) numbering: 42 -> 51 (Gangwon), 45 -> 52 (Jeonbuk)",
                None,
            ),
            "harmonised_name": ("Current Korean name of the harmonised unit", None),
            "year": ("Year (end-of-year registration)", None),
            "sex": ("total, male or female", None),
            "age_band": ("Five-year age group ('total' = all ages)", "years"),
            "population": ("Registered resident population", "persons"),
        },
        build=build_mois,
        primary_key=["mois_code", "year", "sex", "age_band"],
        constraints={"population": {"minimum": 0}},
        compress=True,
    ),
    Resource(
        name="kr_registered_disability_by_district",
        title="South Korea: registered persons with disabilities by si/gun/gu, severity and sex, 2024 (MOHW)",
        description=(
            "Registered persons with disabilities at the end of 2024 for the nation, the 17 sido and their "
            "si/gun/gu (cities with gu are listed by gu, e.g. 수원시장안구), by severity (all, severe, not "
            "severe) and sex, from the Ministry of Health and Welfare via KOSIS. Gwangju's five gu are included. "
            "`level` separates nation, sido subtotal and district rows; 'all' = severe + not severe (checked) "
            "and sex 'total' = male + female, so filter before summing. Divide by "
            "`kr_resident_population_by_district` (2024) for a rate, joining by name." + REGISTERED_CAVEAT
        ),
        raw_files=[DISABLED_DISTRICT, CODEBOOK, GEOJSON_2013],
        sources=MOHW_SOURCES,
        licenses=[KOGL_1, CC_BY_3],
        citation="보건복지부, 「장애인현황」 (Ministry of Health and Welfare, Registered persons with disabilities), KOSIS, 2024.",
        derivation=(
            "Read with three header rows (year; severity 합계/심한장애/심하지않은장애 -> all/severe/not severe; "
            "sex 소계/남자/여자 -> total/male/female) and reshaped to long. `district_ko` is the source's '소계' "
            "(subtotal) for nation and sido rows. Checked all = severe + not severe. No values are missing. "
            + ENGLISH_NOTE
            + " Sorted by sido, district, severity, sex. (The codebook and 2013 files used only for English "
            "names are CC BY 3.0, Team POPONG.)"
        ),
        fields={
            "sido_ko": ("Province (sido), Korean", None),
            "district_ko": ("si/gun/gu, Korean as in the source; '소계' (subtotal) for nation and sido rows", None),
            "level": ("nation, sido or district", None),
            "name_en": (
                "English name (ISO province name, plus district name for districts); missing where none matched",
                None,
            ),
            "iso_3166_2": ("ISO 3166-2 code of the province; empty for the nation", None),
            "year": ("Year (end of year)", None),
            "severity": ("all, severe or not severe (post-2019 classification)", None),
            "sex": ("total, male or female", None),
            "persons": ("Registered persons with disabilities", "persons"),
        },
        build=build_disabled_by_district,
        primary_key=["sido_ko", "district_ko", "severity", "sex"],
        constraints={"persons": {"minimum": 0}},
    ),
    Resource(
        name="kr_registered_disability_by_province_type",
        title="South Korea: registered persons with disabilities by province, sex and type, 2007-2024 (MOHW)",
        description=(
            "Registered persons with disabilities by province (nation and 17 sido), sex and 15 legal disability "
            "types (physical, visual, hearing, speech, intellectual, brain lesion, autism, mental, kidney, heart, "
            "respiratory, liver, facial, ostomy, epilepsy; 'all types' = their total), 2007-2024, from the "
            "Ministry of Health and Welfare via KOSIS. Sejong has values from 2012 (created then): earlier years "
            "are missing, not zero. The file labels Gangwon and Jeonbuk with their current names "
            "(강원특별자치도, 전북특별자치도) for all years." + REGISTERED_CAVEAT
        ),
        raw_files=[DISABLED_TYPE, CODEBOOK],
        sources=MOHW_SOURCES,
        licenses=[KOGL_1],
        citation="보건복지부, 「장애인현황」 (Ministry of Health and Welfare, Registered persons with disabilities), KOSIS, 2007-2024.",
        derivation=(
            "Read the file, reshaped the year columns 2007-2024 to long. Sex 계/남자/여자 -> total/male/female; "
            "disability types translated with the list in SOURCES.md section 11.6 (합계 -> 'all types', "
            "장루ㆍ요루 -> ostomy) and the Korean label kept. '-' (Sejong before 2012) -> missing. Province "
            "English names and ISO 3166-2 codes from pycountry via the KOSTAT 2010 codebook's romanisation; "
            "the nation is 'KR'. Sorted by ISO code, sex, type, year."
        ),
        fields={
            "sido_ko": ("Province (sido) or 전국 (nation), Korean", None),
            "sido_en": ("Province name (ISO 3166-2, pycountry) or the country name", None),
            "iso_3166_2": ("ISO 3166-2 code of the province ('KR' for the nation)", None),
            "sex": ("total, male or female", None),
            "disability_type_ko": ("Legal disability type, Korean label", None),
            "disability_type": ("Legal disability type, English ('all types' = total)", None),
            "year": ("Year (end of year)", None),
            "persons": ("Registered persons with disabilities; missing where the province did not exist", "persons"),
        },
        build=build_disabled_by_type,
        primary_key=["iso_3166_2", "sex", "disability_type", "year"],
        constraints={"persons": {"minimum": 0}},
        compress=True,
    ),
]
