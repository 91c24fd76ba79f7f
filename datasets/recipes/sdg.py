"""SDG tables: the official goal/target/indicator framework and the UN SDG Global Database series.

* ``sdg_framework``: 17 goals, 169 targets and the indicators, with titles in English, Chinese
  (simplified), Khmer, Lao, Myanmar and Nepali.
* ``sdg_series_asia_pacific``: every series staged from the 2020 snapshot of the UN SDG Global
  Database (DDF format), one tidy long table, Asia-Pacific regional members only.
* ``sdg_series_catalogue``: one row per series: what it measures, its goal/target/indicator and unit.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from ._common import MIT, Resource, raw_path

FRAMEWORK_FILE = "sdg/sdg_global_framework_goals_targets_indicators.csv"
LANGUAGES = {"zh-Hans": "Chinese (simplified)", "km": "Khmer", "lo": "Lao", "my": "Myanmar (Burmese)", "ne": "Nepali"}


def _code_key(code: str) -> tuple:
    """Official framework order: goal number, then target (numbers before letters), then indicator."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in code.split("."))


@cache
def framework(raw: Path) -> pd.DataFrame:
    table = pd.read_csv(raw_path(raw, FRAMEWORK_FILE), dtype=str, keep_default_na=False)
    if not (
        table.loc[table["level"] == "indicator", "code"] == table.loc[table["level"] == "indicator", "indicator"]
    ).all():
        raise ValueError("sdg framework: indicator column differs from code")
    out = pd.DataFrame(
        {
            "level": table["level"],
            "code": table["code"],
            "goal": pd.to_numeric(table["goal"]).astype("Int64"),
            "target": table["target"].replace("", pd.NA),
            "short_en": table["short_en"].replace("", pd.NA),
            "title_en": table["title_en"].str.strip(),
        }
    )
    for lang in LANGUAGES:
        out["title_" + lang.replace("-", "_").lower()] = table["title_" + lang].str.strip().replace("", pd.NA)
    out = out.iloc[sorted(range(len(out)), key=lambda i: _code_key(out["code"].iat[i]))].reset_index(drop=True)
    out["level"] = pd.Categorical(out["level"], categories=["goal", "target", "indicator"])
    counts = out["level"].value_counts()
    assert counts["goal"] == 17, f"expected 17 goals, found {counts['goal']}"
    assert counts["target"] == 169, f"expected 169 targets, found {counts['target']}"
    assert out["code"].is_unique, "framework codes are not unique"
    assert out.duplicated(["level", "code", "target"]).sum() == 0
    targets = set(out.loc[out["level"] == "target", "code"])
    assert set(out.loc[out["level"] == "indicator", "target"]) <= targets, "indicator under an unknown target"
    assert out["goal"].between(1, 17).all()
    return out


def _build_framework(raw: Path) -> pd.DataFrame:
    return framework(raw).copy()


FRAMEWORK = Resource(
    name="sdg_framework",
    title="The SDG framework: 17 goals, 169 targets and their indicators, in six languages",
    description=(
        "The official global SDG framework (goals, targets and indicators) with titles in English, Chinese "
        "(simplified), Khmer, Lao, Myanmar and Nepali. One row per goal, target and indicator code: 17 goals, "
        "169 targets and 252 indicator codes. Some indicators are repeated under several targets, each time "
        "with its own code and the same title (for example 1.5.1 = 11.5.1 = 13.1.1 on disaster deaths, "
        "1.5.4 = 11.b.2 = 13.1.3 on local disaster risk reduction strategies, 10.3.1 = 16.b.1 on felt "
        "discrimination); they are kept as separate rows because each code belongs to its own target. "
        "Indicator titles follow the Open SDG translation files, which track the UN list after the 2020 "
        "comprehensive review; a few legacy codes remain (for example 17.6.1 and 17.6.2 carry the same title). "
        "There is no Korean translation in the source. The English UN text is authoritative; the other "
        "languages are community translations (Open SDG) and are missing where the source has none."
    ),
    raw_files=[FRAMEWORK_FILE],
    sources=[
        {
            "title": "UN Statistical Commission, Global indicator framework for the SDGs (A/RES/71/313 and annual refinements)",
            "path": "https://unstats.un.org/sdgs/indicators/indicators-list/",
        },
        {
            "title": "open-sdg/sdg-translations @ 0cda585851a5c6f04040a9a2755fbb4496c4eead (translations/<lang>/global_{goals,targets,indicators}.yml)",
            "path": "https://github.com/open-sdg/sdg-translations/tree/0cda585851a5c6f04040a9a2755fbb4496c4eead",
        },
    ],
    licenses=[MIT],
    citation=(
        "United Nations, Global indicator framework for the Sustainable Development Goals and targets of the "
        "2030 Agenda for Sustainable Development (A/RES/71/313 and refinements); translations from Open SDG, "
        "sdg-translations (MIT)."
    ),
    derivation=(
        "Read sdg/sdg_global_framework_goals_targets_indicators.csv (the Open SDG YAML translation files "
        "flattened to CSV at staging). Dropped the `indicator` column (identical to `code` on indicator rows; "
        "checked). Renamed title_zh-Hans to title_zh_hans. Stripped surrounding spaces; empty strings become "
        "missing. `target` is the target code for target and indicator rows and missing for goals. Rows are in "
        "the official order (goal, then target with numeric targets before lettered ones, then indicator). "
        "Checks in the recipe: exactly 17 goals and 169 targets, codes unique (so one row per "
        "(level, code, target)), every indicator's target exists. Repeated indicators (same title under "
        "several targets) are distinct codes in the source and are kept as separate rows; no text was changed."
    ),
    fields={
        "level": ("goal, target or indicator", None),
        "code": ("Framework code: goal '11', target '11.b', indicator '11.b.2' (unique)", None),
        "goal": ("Goal number, 1 to 17", None),
        "target": ("Target code the row belongs to (e.g. '11.b'); missing for goals", None),
        "short_en": ("Short English name of the goal (e.g. 'No poverty'); missing for targets and indicators", None),
        "title_en": ("Official English title", None),
        "title_zh_hans": ("Title in Chinese (simplified), Open SDG translation", None),
        "title_km": ("Title in Khmer, Open SDG translation", None),
        "title_lo": ("Title in Lao, Open SDG translation", None),
        "title_my": ("Title in Myanmar (Burmese), Open SDG translation", None),
        "title_ne": ("Title in Nepali, Open SDG translation", None),
    },
    build=_build_framework,
    primary_key=["code"],
    constraints={"goal": {"minimum": 1, "maximum": 17}},
    compress=True,
    chapters=[2, 4, 6],
)

RESOURCES = [FRAMEWORK]
