"""SDG target <-> human-rights instrument crosswalk (authored by the project).

The links are hand-curated in ``authored/sdg_human_rights_crosswalk.csv`` (the recipe's input, kept
in the repository because the project wrote it). Each row says which article of which instrument
grounds a right or obligation beneath an SDG target, and names the public source the link rests on:
the instrument's text, a treaty body's general comment or recommendation, a UN General Assembly
declaration or resolution, or a published OHCHR guide. The recipe validates every row.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ._common import PROJECT_AUTHORED, Resource
from .human_rights import CODES as CORE_CODES
from .human_rights import OHCHR_CORE
from .sdg import FRAMEWORK_FILE, _code_key, framework

AUTHORED = Path(__file__).resolve().parent / "authored" / "sdg_human_rights_crosswalk.csv"

# Instruments that are not among the 18 core treaties: code -> what it is.
OTHER_INSTRUMENTS = {
    "UDHR": "Universal Declaration of Human Rights, GA res. 217 A (III) (1948)",
    "UNDRIP": "United Nations Declaration on the Rights of Indigenous Peoples, GA res. 61/295 (2007)",
    "HRD-DECLARATION": "Declaration on Human Rights Defenders, GA res. 53/144 (1998)",
    "PARIS-PRINCIPLES": "Principles relating to the Status of National Institutions (Paris Principles), GA res. 48/134 (1993)",
    "UNGA-64/292": "UN General Assembly resolution 64/292 (2010), The human right to water and sanitation",
    "UNGA-76/300": "UN General Assembly resolution 76/300 (2022), The human right to a clean, healthy and sustainable environment",
    "OHCHR-HRBAD": "OHCHR (2018), A Human Rights-Based Approach to Data: Leaving No One Behind in the 2030 Agenda",
}
KNOWN_INSTRUMENTS = set(CORE_CODES) | set(OTHER_INSTRUMENTS)
SOURCE_TYPES = ["instrument text", "general comment", "UN declaration or resolution", "published guide"]
COLUMNS = ["goal", "target", "instrument", "article", "right", "source_type", "source", "note"]
MIN_ROWS = 60


def validate(table: pd.DataFrame, targets: set[str]) -> None:
    """Raise ValueError listing every problem in the authored crosswalk."""
    problems = []
    if list(table.columns) != COLUMNS:
        problems.append(f"columns {list(table.columns)} != {COLUMNS}")
    if len(table) < MIN_ROWS:
        problems.append(f"only {len(table)} rows (need at least {MIN_ROWS})")
    for column in ["goal", "target", "instrument", "article", "right", "source_type", "source"]:
        empty = table[column].isna() | (table[column].astype(str).str.strip() == "")
        if empty.any():
            problems.append(f"empty {column} in rows {list(table.index[empty] + 2)}")
    unknown = sorted(set(table["instrument"].dropna()) - KNOWN_INSTRUMENTS)
    if unknown:
        problems.append(f"unknown instrument codes {unknown}")
    missing_targets = sorted(set(table["target"].dropna()) - targets)
    if missing_targets:
        problems.append(f"targets not in sdg_framework {missing_targets}")
    goal_of_target = table["target"].str.split(".").str[0]
    wrong_goal = table["goal"].astype(str) != goal_of_target
    if wrong_goal.any():
        problems.append(f"goal does not match target in rows {list(table.index[wrong_goal] + 2)}")
    goals = set(pd.to_numeric(table["goal"], errors="coerce").dropna().astype(int))
    if goals != set(range(1, 18)):
        problems.append(f"goals missing: {sorted(set(range(1, 18)) - goals)}")
    bad_type = sorted(set(table["source_type"].dropna()) - set(SOURCE_TYPES))
    if bad_type:
        problems.append(f"unknown source_type {bad_type}")
    duplicated = table.duplicated(["target", "instrument", "article"], keep=False)
    if duplicated.any():
        problems.append(f"duplicate (target, instrument, article) in rows {list(table.index[duplicated] + 2)}")
    # a treaty-text link must cite that treaty in its source
    core_text = (table["source_type"] == "instrument text") & table["instrument"].isin(CORE_CODES)
    uncited = core_text & ~table.apply(lambda r: str(r["source"]).startswith(str(r["instrument"]) + " "), axis=1)
    if uncited.any():
        problems.append(
            f"instrument-text rows whose source does not start with the instrument: {list(table.index[uncited] + 2)}"
        )
    # declarations, resolutions and guides are not treaties: they must not be typed as instrument text
    non_treaty_text = (table["source_type"] == "instrument text") & ~table["instrument"].isin(CORE_CODES)
    if non_treaty_text.any():
        problems.append(f"non-treaty instruments typed as instrument text: {list(table.index[non_treaty_text] + 2)}")
    if problems:
        raise ValueError(f"{AUTHORED.name}: " + "; ".join(problems))


def crosswalk_table(raw: Path) -> pd.DataFrame:
    table = pd.read_csv(AUTHORED, dtype=str, keep_default_na=False).replace("", pd.NA)
    table = table.apply(lambda s: s.str.strip())
    fw = framework(raw)
    validate(table, set(fw.loc[fw["level"] == "target", "code"]))
    table["goal"] = pd.to_numeric(table["goal"]).astype("Int64")
    order = sorted(
        range(len(table)),
        key=lambda i: (_code_key(table["target"].iat[i]), table["instrument"].iat[i], table["article"].iat[i]),
    )
    table = table.iloc[order].reset_index(drop=True)
    table["source_type"] = pd.Categorical(table["source_type"], categories=SOURCE_TYPES)
    return table[COLUMNS]


def _build(raw: Path) -> pd.DataFrame:
    return crosswalk_table(raw)


OTHER_TEXT = "; ".join(f"{code} = {what}" for code, what in OTHER_INSTRUMENTS.items())

RESOURCES = [
    Resource(
        name="sdg_human_rights_crosswalk",
        title="SDG targets and the human-rights obligations beneath them (crosswalk authored by the project)",
        description=(
            "Authored by the Rights, Climate & the SDGs project. Each row links one SDG target to one article of "
            "a human-rights instrument that grounds a right or obligation beneath it, and names the public source "
            "the link rests on. Instrument codes are those of `human_rights_instruments` for the 18 core treaties "
            f"and protocols; other codes are: {OTHER_TEXT}. `source_type` says how firm the link is: 'instrument "
            "text' (the treaty article says it; binding on states parties, see `treaty_ratification`), 'general "
            "comment' (a treaty body's authoritative interpretation, e.g. the right to water in CESCR General "
            "Comment No. 15), 'UN declaration or resolution' (adopted by the General Assembly, not a treaty: "
            "UDHR, UNDRIP, the Paris Principles, resolutions 64/292 and 76/300) or 'published guide' (OHCHR). "
            "Only links whose source text says what the `right` column says were included; it is a teaching "
            "selection covering all 17 goals, not a complete mapping (for a fuller one see the Danish Institute "
            "for Human Rights' Human Rights Guide to the SDGs). The climate and disaster targets (1.5, 11.5, 11.b and "
            "goal 13) rest on treaty articles as the treaty bodies read them: ICCPR Art. 6 with Human Rights "
            "Committee General Comment No. 36 (para. 62), CEDAW General Recommendation No. 37, CRC General Comment "
            "No. 26 and CRPD Art. 11. Goals 12, 14 and 15 have few treaty anchors: their links rest mostly on ICESCR "
            "Art. 12(2)(b), CRC Art. 24(2)(c), the peoples' right to natural resources and means of subsistence "
            "(common Art. 1(2) of the Covenants), UNDRIP Art. 29 and General Assembly resolution 76/300 (2022), "
            "which recognises the right to a clean, healthy and sustainable environment but is a resolution, not a "
            "treaty."
        ),
        raw_files=[FRAMEWORK_FILE],
        sources=[
            {
                "title": "OHCHR, The core international human rights instruments and their monitoring bodies",
                "path": OHCHR_CORE,
            },
            {
                "title": "OHCHR, Treaty body general comments",
                "path": "https://www.ohchr.org/en/treaty-bodies/general-comments",
            },
            {"title": "UN General Assembly resolution 76/300 (2022)", "path": "https://undocs.org/A/RES/76/300"},
            {"title": "UN General Assembly resolution 64/292 (2010)", "path": "https://undocs.org/A/RES/64/292"},
            {
                "title": "UN General Assembly resolution 48/134 (1993), Paris Principles",
                "path": "https://undocs.org/A/RES/48/134",
            },
            {
                "title": "UN Statistical Commission, Global indicator framework for the SDGs",
                "path": "https://unstats.un.org/sdgs/indicators/indicators-list/",
            },
        ],
        licenses=[PROJECT_AUTHORED],
        citation=(
            "Rights, Climate & the SDGs project, SDG target to human-rights instrument crosswalk (authored "
            "table; each row cites its own source: treaty article, general comment, UN resolution or OHCHR guide)."
        ),
        derivation=(
            "Hand-curated by the project in datasets/recipes/authored/sdg_human_rights_crosswalk.csv from the "
            "texts of the instruments, CESCR general comments 4, 7, 12, 14, 15, 20 and 22, Human Rights Committee "
            "general comment 36, CEDAW general recommendations 35 and 37, CRC general comment 26, the joint "
            "CEDAW/CRC recommendation on harmful practices, General Assembly "
            "resolutions 217 A (III), 48/134, 53/144, 61/295, 64/292 and 76/300, and OHCHR's guide on a "
            "human-rights-based approach to data. The recipe reads it and fails unless: there are at least 60 "
            "rows; all 17 goals appear; every target exists in sdg_framework (built from the raw framework file) "
            "and matches its goal; every instrument code is one of the 18 core instruments or a listed non-core "
            "code; source_type is one of the four categories; treaty-text rows cite that treaty in `source` and "
            "non-treaty instruments are never typed as treaty text; (target, instrument, article) is unique; "
            "right and source are never empty. When a general comment interprets the same article already linked "
            "as treaty text, it is named in `note` instead of a second row. Rows are sorted in framework order of "
            "target, then instrument and article."
        ),
        fields={
            "goal": ("SDG goal number, 1 to 17", None),
            "target": ("SDG target code, e.g. '6.1' (exists in sdg_framework)", None),
            "instrument": (
                "Instrument code: one of the 18 core instruments (human_rights_instruments) or a non-core code listed in the description",
                None,
            ),
            "article": ("Article (or paragraph/section) relied on, e.g. 'Art. 11(1)'", None),
            "right": ("The right or obligation, in short plain English", None),
            "source_type": ("instrument text, general comment, UN declaration or resolution, or published guide", None),
            "source": (
                "The public source the link rests on (article, general comment with document symbol, resolution, guide)",
                None,
            ),
            "note": ("Optional: caveats, interpretive sources, related indicators", None),
        },
        build=_build,
        primary_key=["target", "instrument", "article"],
        constraints={"goal": {"minimum": 1, "maximum": 17}},
        authored_by_project=True,
    )
]
