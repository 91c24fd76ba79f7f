"""Candidate climate adaptation actions (a scenario table authored by the project; numbers HYPOTHETICAL).

The actions are written by hand in ``authored/adaptation_candidate_actions.csv`` (the recipe's input,
kept in the repository because the project wrote it): eight for heat in a district (gu) of a Korean city
and eight for typhoons in a Philippine province. Each row says who decides, who benefits, who may be
harmed and how people can complain, rates the action on the five PANEL principles, and gives a
hypothetical cost, coverage and effectiveness. The rationale cites published guidance where there is
some (keys of ``references.bib``). No cost, coverage or effectiveness figure is measured: they are
invented, plausible scenario numbers for practising how to choose under a budget. The recipe checks
every row and derives ``benefit_hypothetical`` = coverage x effectiveness.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ._common import PROJECT_AUTHORED, Resource

AUTHORED = Path(__file__).resolve().parent / "authored" / "adaptation_candidate_actions.csv"
BIBLIOGRAPHY = Path(__file__).resolve().parents[2] / "references.bib"

HAZARDS = ["heat", "typhoon"]
ID_PREFIX = {"heat": "H", "typhoon": "T"}
PANEL = ["participation", "accountability", "non_discrimination", "empowerment", "legality"]
RATINGS = ["meets", "partly", "fails"]
TEXT = ["action", "description", "target_group", "who_decides", "who_benefits", "who_may_be_harmed"]
COLUMNS = [
    "action_id",
    "hazard",
    "action",
    "description",
    "target_group",
    "who_decides",
    "who_benefits",
    "who_may_be_harmed",
    "remedy",
    *PANEL,
    "panel_note",
    "cost_hypothetical",
    "coverage_hypothetical",
    "effectiveness_hypothetical",
    "excludes",
    "requires",
    "rationale",
    "rationale_source",
]
OUTPUT = [*COLUMNS[: COLUMNS.index("effectiveness_hypothetical") + 1], "benefit_hypothetical", *COLUMNS[-4:]]


def _ids(value: object) -> list[str]:
    """'H05; H06' -> ['H05', 'H06']; empty -> []."""
    return [part.strip() for part in str(value or "").split(";") if part.strip()]


def bibliography_keys(path: Path = BIBLIOGRAPHY) -> set[str]:
    return set(re.findall(r"^@\w+\{([^,\s]+),", path.read_text(encoding="utf-8"), flags=re.MULTILINE))


def validate(table: pd.DataFrame, keys: set[str]) -> None:
    """Raise ValueError listing every problem in the authored table (row numbers as in the CSV file)."""
    problems = []
    if list(table.columns) != COLUMNS:
        raise ValueError(f"{AUTHORED.name}: columns {list(table.columns)} != {COLUMNS}")
    line = {i: i + 2 for i in table.index}  # header is line 1
    for column in ["action_id", "hazard", *TEXT, *PANEL, "cost_hypothetical", "coverage_hypothetical"]:
        empty = table[column].astype(str).str.strip() == ""
        if empty.any():
            problems.append(f"empty {column} in lines {[line[i] for i in table.index[empty]]}")
    duplicated = table["action_id"].duplicated(keep=False)
    if duplicated.any():
        problems.append(f"duplicate action_id in lines {[line[i] for i in table.index[duplicated]]}")
    hazard_of = dict(zip(table["action_id"], table["hazard"], strict=True))
    for i, row in table.iterrows():
        where = f"line {line[i]} ({row['action_id']})"
        if row["hazard"] not in HAZARDS:
            problems.append(f"{where}: hazard {row['hazard']!r} not in {HAZARDS}")
        elif not re.fullmatch(ID_PREFIX[row["hazard"]] + r"\d{2}", row["action_id"]):
            problems.append(f"{where}: a {row['hazard']} action_id is {ID_PREFIX[row['hazard']]} and two digits")
        ratings = [row[p] for p in PANEL]
        bad = [f"{p}={r!r}" for p, r in zip(PANEL, ratings, strict=True) if r not in RATINGS]
        if bad:
            problems.append(f"{where}: PANEL ratings must be one of {RATINGS}: {bad}")
        if any(r != "meets" for r in ratings) and not row["panel_note"].strip():
            problems.append(f"{where}: a principle is not met, so panel_note must say why")
        if not row["remedy"].strip() and row["accountability"] != "fails":
            problems.append(f"{where}: no remedy, so accountability cannot be better than 'fails'")
        try:
            cost = float(row["cost_hypothetical"])
            coverage = float(row["coverage_hypothetical"])
            effect = float(row["effectiveness_hypothetical"])
        except ValueError as error:
            problems.append(f"{where}: a number is not a number ({error})")
        else:
            if not cost > 0:
                problems.append(f"{where}: cost_hypothetical must be > 0")
            if coverage < 0 or coverage != int(coverage):
                problems.append(f"{where}: coverage_hypothetical must be a whole number >= 0")
            if not 0 <= effect <= 1:
                problems.append(f"{where}: effectiveness_hypothetical must lie in 0..1")
        for column in ("excludes", "requires"):
            for other in _ids(row[column]):
                if other == row["action_id"]:
                    problems.append(f"{where}: {column} names the action itself")
                elif other not in hazard_of:
                    problems.append(f"{where}: {column} names unknown action {other!r}")
                elif hazard_of[other] != row["hazard"]:
                    problems.append(f"{where}: {column} names {other}, an action for another hazard")
        for other in _ids(row["excludes"]):
            partner = table.loc[table["action_id"] == other, "excludes"]
            if len(partner) and row["action_id"] not in _ids(partner.iloc[0]):
                problems.append(f"{where}: excludes {other}, but {other} does not exclude it (must be mutual)")
        if set(_ids(row["excludes"])) & set(_ids(row["requires"])):
            problems.append(f"{where}: an action cannot both exclude and require the same action")
        sources = _ids(row["rationale_source"])
        unknown = [key for key in sources if key not in keys]
        if unknown:
            problems.append(f"{where}: rationale_source keys not in references.bib: {unknown}")
        if sources and not row["rationale"].strip():
            problems.append(f"{where}: a rationale_source without a rationale")
    if problems:
        raise ValueError(f"{AUTHORED.name}: " + "; ".join(problems))


def actions_table(path: Path = AUTHORED, keys: set[str] | None = None) -> pd.DataFrame:
    table = pd.read_csv(path, dtype=str, keep_default_na=False).apply(lambda s: s.str.strip())
    validate(table, bibliography_keys() if keys is None else keys)
    table["cost_hypothetical"] = pd.to_numeric(table["cost_hypothetical"]).astype(float)
    table["coverage_hypothetical"] = pd.to_numeric(table["coverage_hypothetical"]).astype("Int64")
    table["effectiveness_hypothetical"] = pd.to_numeric(table["effectiveness_hypothetical"]).astype(float)
    table["benefit_hypothetical"] = (
        table["coverage_hypothetical"].astype(float) * table["effectiveness_hypothetical"]
    ).round(6)
    table["hazard"] = pd.Categorical(table["hazard"], categories=HAZARDS)
    for principle in PANEL:
        table[principle] = pd.Categorical(table[principle], categories=RATINGS)
    for column in ("remedy", "panel_note", "excludes", "requires", "rationale", "rationale_source"):
        table[column] = table[column].replace("", pd.NA)
    return table.sort_values("action_id").reset_index(drop=True)[OUTPUT]


def _build(raw: Path) -> pd.DataFrame:  # noqa: ARG001 - authored, no raw input
    return actions_table()


HYPOTHETICAL = "HYPOTHETICAL scenario figure invented by the project for practice, not measured or costed"

RESOURCES = [
    Resource(
        name="adaptation_candidate_actions",
        title="Candidate climate adaptation actions for heat (Korean city district) and typhoons (Philippine province): "
        "AUTHORED scenario table, costs and coverage HYPOTHETICAL",
        description=(
            "AUTHORED by the Rights, Climate & the SDGs project as a scenario table for chapter 7; it is not data "
            "about any real plan. Every cost, coverage, effectiveness and benefit figure is HYPOTHETICAL: invented, "
            "plausible numbers for practising how to choose actions under a budget. Never quote them as facts. "
            "Eight actions address heat in a district (gu) of a Korean city such as Gwangju (H01-H08) and eight "
            "address typhoons in a Philippine province (T01-T08). Each row says who decides, who benefits, who may "
            "be harmed (maladaptation: e.g. a cool-roof grant that leaves out tenants, a sea wall that evicts "
            "informal settlers) and how people can complain (remedy; empty where the design offers none). The five "
            "PANEL columns rate the action on participation, accountability, non-discrimination and equality, "
            "empowerment and legality as 'meets', 'partly' or 'fails', and `panel_note` gives the reason for every "
            "rating below 'meets'; these are the project's judgements, for discussion. `excludes` lists actions "
            "that cannot be chosen together (two versions of one measure); `requires` lists an action that must "
            "also be chosen (transport to cooling centres needs the centres). `rationale_source` holds keys of the "
            "course bibliography (references.bib) for the published guidance behind the rationale, empty where "
            "there is none."
        ),
        raw_files=[],
        sources=[
            {
                "title": "WHO Regional Office for Europe (2008), Heat-health action plans: guidance (ISBN 978-92-890-7191-8)"
            },
            {
                "title": "WHO Regional Office for Europe (2021), Heat and health in the WHO European Region: updated "
                "evidence for effective prevention",
                "path": "https://www.euro.who.int/en/health-topics/environment-and-health/Climate-change/publications/"
                "2021/heat-and-health-in-the-who-european-region-updated-evidence-for-effective-prevention-2021",
            },
            {
                "title": "WMO and WHO (2015), Heatwaves and health: guidance on warning-system development (WMO-No. 1142)",
                "path": "http://who.int/globalchange/publications/WMO_WHO_Heat_Health_Guidance_2015.pdf",
            },
            {"title": "WHO Regional Office for Europe (2016), Urban green spaces and health: a review of evidence"},
            {
                "title": "IFRC (2012), Community early warning systems: guiding principles",
                "path": "https://library.alnap.org/help-library/community-early-warning-systems-guiding-principles",
            },
            {
                "title": "WMO (2022), Early Warnings for All: Executive Action Plan 2023-2027",
                "path": "https://public.wmo.int/en/earlywarningsforall",
            },
            {
                "title": "Special Rapporteur on adequate housing (2007), Basic principles and guidelines on "
                "development-based evictions and displacement, A/HRC/4/18, annex I",
                "path": "https://undocs.org/A/HRC/4/18",
            },
            {
                "title": "Sendai Framework for Disaster Risk Reduction 2015-2030",
                "path": "https://undocs.org/A/RES/69/283",
            },
            {
                "title": "Convention on the Rights of Persons with Disabilities (2006), art. 11",
                "path": "https://undocs.org/A/RES/61/106",
            },
            {
                "title": "CESCR general comments 4 (1991), 7 (1997), 20 (2009) and 23 (2016)",
                "path": "https://www.ohchr.org/en/treaty-bodies/general-comments",
            },
            {
                "title": "IPCC (2022), Climate Change 2022: Impacts, Adaptation and Vulnerability, Summary for Policymakers"
            },
        ],
        licenses=[PROJECT_AUTHORED],
        citation=(
            "Rights, Climate & the SDGs project, Candidate climate adaptation actions (authored scenario table; "
            "costs, coverage and effectiveness are hypothetical; rationales cite published guidance)."
        ),
        derivation=(
            "Written by hand by the project in datasets/recipes/authored/adaptation_candidate_actions.csv. The "
            "recipe reads it and fails unless: the columns are as listed; action_id is unique and starts with H "
            "(heat) or T (typhoon); the descriptive columns are filled; each PANEL rating is meets, partly or fails "
            "and every rating below 'meets' is explained in panel_note; an action with no remedy has accountability "
            "'fails'; cost is above 0, coverage a whole number of people, effectiveness a share in 0..1; excludes "
            "and requires name other actions of the same hazard, exclusions are mutual and never also "
            "requirements; every rationale_source key exists in references.bib. benefit_hypothetical = "
            "coverage_hypothetical x effectiveness_hypothetical. Rows are sorted by action_id."
        ),
        fields={
            "action_id": ("Identifier: H01-H08 heat actions, T01-T08 typhoon actions", None),
            "hazard": (
                "The hazard the action addresses: heat (Korean city district) or typhoon (Philippine province)",
                None,
            ),
            "action": ("Short name of the action", None),
            "description": ("What is done, by whom and for whom, in plain words", None),
            "target_group": ("The group the action mainly serves (used for equity weights)", None),
            "who_decides": ("Who decides on and runs the action (duty bearers and partners)", None),
            "who_benefits": ("Who benefits", None),
            "who_may_be_harmed": ("Who may be harmed or left out (maladaptation)", None),
            "remedy": ("How affected people can complain or seek redress; missing where the design offers none", None),
            "participation": (
                "PANEL: participation of affected people (meets / partly / fails; project's judgement)",
                None,
            ),
            "accountability": ("PANEL: accountability and remedy (meets / partly / fails)", None),
            "non_discrimination": ("PANEL: non-discrimination and equality (meets / partly / fails)", None),
            "empowerment": ("PANEL: empowerment of rights holders (meets / partly / fails)", None),
            "legality": ("PANEL: legality, link to human-rights law (meets / partly / fails)", None),
            "panel_note": ("Why each principle rated below 'meets' is rated so; missing when all are met", None),
            "cost_hypothetical": (f"Cost in common cost units. {HYPOTHETICAL}", "cost units (hypothetical)"),
            "coverage_hypothetical": (f"People reached. {HYPOTHETICAL}", "persons (hypothetical)"),
            "effectiveness_hypothetical": (
                f"Share of the people reached assumed protected from serious harm. {HYPOTHETICAL}",
                "share 0-1 (hypothetical)",
            ),
            "benefit_hypothetical": (
                f"coverage_hypothetical x effectiveness_hypothetical: people assumed protected. {HYPOTHETICAL}",
                "persons (hypothetical)",
            ),
            "excludes": ("Actions that cannot be chosen together with this one ('; '-separated action_id)", None),
            "requires": ("Action that must also be chosen for this one to work ('; '-separated action_id)", None),
            "rationale": ("Why the action (or the objection to it) rests on published guidance or law", None),
            "rationale_source": ("references.bib key(s) of that guidance ('; '-separated); missing where none", None),
        },
        build=_build,
        primary_key=["action_id"],
        constraints={
            "cost_hypothetical": {"minimum": 0},
            "coverage_hypothetical": {"minimum": 0},
            "effectiveness_hypothetical": {"minimum": 0, "maximum": 1},
            "benefit_hypothetical": {"minimum": 0},
        },
        authored_by_project=True,
    )
]
