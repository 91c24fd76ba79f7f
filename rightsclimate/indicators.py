"""Rights-based indicator sets: one schema, a validator that speaks plain words, cards and a figure.

The Office of the UN High Commissioner for Human Rights (OHCHR) describes a right with three types of
indicators:

* **structural** — is the commitment in place? (a treaty ratified, a law adopted, an institution set up);
* **process** — what is the duty bearer doing to meet it? (budgets, programmes, people reached);
* **outcome** — what do people actually enjoy? (illness, deaths, access), measured from data.

An *indicator set* is a table with one row per indicator and the columns :data:`COLUMNS`. The schema is
defined once, as a Frictionless Table Schema (:func:`indicator_schema`), which checks types, required
fields and allowed values; the rules that compare fields (a target in the right direction, a target year
after the baseline year, ...) are checked here in Python. :func:`validate_indicator_set` returns every
problem at once, each with the row (counted from 1, as a learner counts the rows of the table), the field
and the reason in plain words.

This module checks the *shape* of a set. It never computes a baseline: that is the learner's work.
"""

from __future__ import annotations

import html
import math
import numbers
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    import frictionless

COLUMNS = [
    "right",
    "attribute",
    "type",
    "indicator",
    "unit",
    "duty_bearer",
    "disaggregation",
    "source",
    "sdg_indicator",
    "baseline",
    "baseline_year",
    "target",
    "target_year",
    "direction",
]
TYPES = ("structural", "process", "outcome")
DIRECTIONS = ("increase", "decrease", "maintain")  # which way is progress; needed to check a target's direction
REQUIRED = ("right", "attribute", "type", "indicator", "unit", "duty_bearer", "source")
NUMBER_FIELDS = ("baseline", "target")
YEAR_FIELDS = ("baseline_year", "target_year")
# Words that fill a cell without saying anything: they count as empty.
PLACEHOLDERS = {"", "-", "--", "?", "n/a", "na", "none", "tbd", "tba", "unknown", "not known", "nobody", "todo"}
# A disaggregation that does not split the population is no disaggregation.
NO_DISAGGREGATION = {"none", "total", "all", "n/a", "na", "-", "national", "overall", "tbd", "not available"}
TOLERANCE = 1e-9

_DESCRIPTIONS = {
    "right": "The human right the indicator serves, e.g. 'right to health'.",
    "attribute": "The attribute of the right (OHCHR), e.g. 'prevention of heat-related illness'.",
    "type": "OHCHR indicator type: structural, process or outcome.",
    "indicator": "What is measured, in words.",
    "unit": "Unit of the baseline and target, e.g. 'cases per 100,000 residents' or '1 = in place, 0 = not'.",
    "duty_bearer": "Who must act: the authority answerable for the indicator.",
    "disaggregation": "Dimensions the indicator is broken down by, '; '-separated, e.g. 'sex; age group'.",
    "source": "Where the baseline comes from (dataset, agency, year).",
    "sdg_indicator": "SDG indicator code(s) the indicator relates to, e.g. '3.9.1'.",
    "baseline": "The value at the start, computed from data (structural: 1 = in place, 0 = not).",
    "baseline_year": "The year the baseline refers to.",
    "target": "The value to reach by target_year.",
    "target_year": "The year by which the target should be reached.",
    "direction": "Which way is progress: increase, decrease or maintain.",
}


def indicator_schema() -> frictionless.Schema:
    """The Frictionless Table Schema of an indicator set: field types, required fields, allowed values.

    This is the single definition of the columns; the rules that compare fields live in
    :func:`validate_indicator_set`. ``indicator_schema().to_descriptor()`` gives it as JSON.
    """
    import frictionless  # imported here: building and checking a set (indicator_set) does not need it
    from frictionless import fields

    # Built from field classes rather than Schema.from_descriptor: validating a descriptor imports
    # jsonschema, which costs seconds at the first call and would slow every notebook that checks a set.
    columns = []
    for name in COLUMNS:
        constraints: dict = {"required": True} if name in REQUIRED else {}
        field_class = fields.StringField
        if name == "type":
            constraints["enum"] = list(TYPES)
        elif name == "direction":
            constraints["enum"] = list(DIRECTIONS)
        elif name in NUMBER_FIELDS:
            field_class = fields.NumberField
        elif name in YEAR_FIELDS:
            field_class = fields.IntegerField
            constraints.update(minimum=1900, maximum=2100)
        columns.append(field_class(name=name, description=_DESCRIPTIONS[name], constraints=constraints))
    return frictionless.Schema(fields=columns, missing_values=[""])


@dataclass(frozen=True)
class Problem:
    """One problem in an indicator set: the row (1-based, None for the whole set), the field, the reason."""

    row: int | None
    field: str | None
    reason: str

    def __str__(self) -> str:
        where = [f"row {self.row}" if self.row is not None else "whole set"]
        if self.field:
            where.append(self.field)
        return f"{', '.join(where)}: {self.reason}"


# --------------------------------------------------------------------------------------------
# reading a table in any of the accepted shapes
# --------------------------------------------------------------------------------------------
def _is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _plain(value: object) -> object:
    """A cell as a plain Python value Frictionless can read (numpy scalars, bools, NaN handled)."""
    if _is_missing(value):
        return None
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):  # True/False for a structural indicator: 1 = in place
        return int(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        value = float(value)
        return int(value) if value.is_integer() and abs(value) < 1e15 else value
    return value


def _records(table: object) -> tuple[list[str], list[dict]]:
    """Column names and rows (as dicts of plain values) of a DataFrame or a list of dicts."""
    if isinstance(table, pd.DataFrame):
        columns = [str(c) for c in table.columns]
        rows = [dict(zip(columns, values, strict=True)) for values in table.itertuples(index=False, name=None)]
    elif isinstance(table, (list, tuple)) and all(isinstance(r, dict) for r in table):
        columns = []
        for r in table:
            columns += [str(c) for c in r if str(c) not in columns]
        rows = [{str(k): v for k, v in r.items()} for r in table]
    else:
        raise TypeError(
            f"an indicator set is a pandas DataFrame or a list of dicts (one per indicator), not {type(table).__name__}"
        )
    return columns, [{k: _plain(v) for k, v in r.items()} for r in rows]


def _unknown(columns: list[str]) -> list[str]:
    return [c for c in columns if c not in COLUMNS]


# --------------------------------------------------------------------------------------------
# building a set
# --------------------------------------------------------------------------------------------
def indicator_set(rows: list[dict] | pd.DataFrame) -> pd.DataFrame:
    """An indicator set as a DataFrame with exactly :data:`COLUMNS`, in order, and proper dtypes.

    Text columns are strings; ``baseline`` and ``target`` are floats; years are nullable integers
    (``Int64``). Missing optional columns are added empty. Unknown columns raise ``ValueError`` naming
    them, and so do values that are not numbers in a number column (naming the row and field), so a
    typo never disappears silently. Run :func:`validate_indicator_set` on the result for the rules.
    """
    columns, records = _records(rows)
    unknown = _unknown(columns)
    if unknown:
        raise ValueError(
            f"unknown column(s) {unknown} in the indicator set; the columns are {COLUMNS}. "
            "Rename or drop them (a typo such as 'dutybearer' would otherwise lose the duty bearer)."
        )
    values = {c: [r.get(c) for r in records] for c in COLUMNS}  # _records made every missing cell None
    errors = []
    for name in (*NUMBER_FIELDS, *YEAR_FIELDS):
        for position, value in enumerate(values[name]):
            if value is None:
                continue
            number = _as_number(value)
            if number is None or (name in YEAR_FIELDS and not float(number).is_integer()):
                kind = "a whole year" if name in YEAR_FIELDS else "a number"
                errors.append(f"row {position + 1}, {name}: {value!r} is not {kind}")
    if errors:
        raise ValueError(
            "the indicator set has values that are not numbers: " + "; ".join(errors) + ". Put a number computed "
            "from the data, or leave the cell empty (validate_indicator_set(rows) lists every problem at once)."
        )
    columns = {}
    for name in COLUMNS:
        if name in NUMBER_FIELDS:
            columns[name] = pd.array([_as_number(v) for v in values[name]], dtype="float64")
        elif name in YEAR_FIELDS:
            columns[name] = pd.array([None if v is None else int(_as_number(v)) for v in values[name]], dtype="Int64")
        else:
            columns[name] = pd.array([None if v is None else str(v) for v in values[name]], dtype="string")
    frame = pd.DataFrame(columns, columns=COLUMNS)
    return frame


def _as_number(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return None


# --------------------------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------------------------
def _cell_problem(row: int, field: str, cell: object, notes: dict[str, str], kind: str | None) -> Problem | None:
    """What Frictionless found wrong with one cell, in plain words (None when a Python rule says it better)."""
    if "type" in notes:
        what = "a whole year such as 2024" if field in YEAR_FIELDS else "a number" if field in NUMBER_FIELDS else "text"
        if field == "baseline" and kind == "outcome":
            return Problem(
                row, field, f"an outcome indicator needs a baseline computed from data; {cell!r} is not a number"
            )
        return Problem(row, field, f"{cell!r} is not {what}; write {what} or leave the cell empty")
    if "required" in notes:
        if field == "duty_bearer":
            return None  # reported by the duty-bearer rule, which also catches placeholders such as 'TBD'
        return Problem(row, field, f"{field} is required and is empty ({_DESCRIPTIONS[field].rstrip('.')})")
    if "enum" in notes:
        allowed = TYPES if field == "type" else DIRECTIONS
        return Problem(row, field, f"{cell!r} is not one of {', '.join(allowed)}")
    if "minimum" in notes or "maximum" in notes:
        return Problem(row, field, f"{cell} is not a plausible year (expected 1900 to 2100)")
    return Problem(row, field, f"{cell!r} breaks the rule {'; '.join(notes.values())}")


def _text(value: object) -> str | None:
    return None if value is None else str(value).strip()


def _dimensions(value: object) -> list[str]:
    """The disaggregation dimensions of a cell, without words that mean 'no breakdown'."""
    text = _text(value) or ""
    parts = [p.strip() for p in text.replace(",", ";").split(";")]
    return [p for p in parts if p and p.lower() not in NO_DISAGGREGATION]


def _row_problems(n: int, row: dict) -> list[Problem]:
    """The cross-field rules for one row (n is 1-based); types were checked by the schema."""
    problems = []
    kind = _text(row.get("type"))
    kind = kind.lower() if kind else None
    duty = _text(row.get("duty_bearer"))
    if not duty or duty.lower() in PLACEHOLDERS:
        shown = f"{duty!r} does not name one" if duty else "it is empty"
        problems.append(
            Problem(
                n,
                "duty_bearer",
                f"every indicator needs a duty bearer who must act; {shown}. Name the "
                "authority, e.g. 'provincial government (health department)'",
            )
        )
    baseline, target = _as_number(row.get("baseline")), _as_number(row.get("target"))
    b_year, t_year = _as_number(row.get("baseline_year")), _as_number(row.get("target_year"))
    if kind == "outcome":
        if row.get("baseline") is None:
            problems.append(
                Problem(n, "baseline", "an outcome indicator needs a baseline computed from data; it is empty")
            )
        if row.get("baseline_year") is None:
            problems.append(Problem(n, "baseline_year", "an outcome indicator needs the year its baseline refers to"))
        if not _dimensions(row.get("disaggregation")):
            given = _text(row.get("disaggregation"))
            problems.append(
                Problem(
                    n,
                    "disaggregation",
                    "an outcome indicator needs at least one disaggregation (e.g. 'sex; age "
                    f"group') to show who is left behind; {repr(given) + ' is no breakdown' if given else 'it is empty'}",
                )
            )
    if kind == "structural":
        for name, value in (("baseline", baseline), ("target", target)):
            if value is not None and value not in (0.0, 1.0):
                problems.append(
                    Problem(
                        n,
                        name,
                        f"a structural indicator records whether something is in place: use 1 (in place) "
                        f"or 0 (not), not {value:g}; put dates such as a ratification year in the indicator text",
                    )
                )
    if b_year is not None and t_year is not None and not t_year > b_year:
        problems.append(
            Problem(n, "target_year", f"the target year ({t_year:g}) must come after the baseline year ({b_year:g})")
        )
    if target is not None:
        direction = _text(row.get("direction"))
        direction = direction.lower() if direction else None
        if row.get("target_year") is None:
            problems.append(Problem(n, "target_year", "a target needs the year by which it should be reached"))
        if direction is None:
            problems.append(
                Problem(
                    n,
                    "direction",
                    "a target needs a direction (increase, decrease or maintain) saying which way is progress",
                )
            )
        elif baseline is not None and direction in DIRECTIONS:
            wrong = {
                "increase": not target > baseline,
                "decrease": not target < baseline,
                "maintain": abs(target - baseline) > TOLERANCE,
            }[direction]
            if wrong:
                expected = {"increase": "above", "decrease": "below", "maintain": "equal to"}[direction]
                problems.append(
                    Problem(
                        n,
                        "target",
                        f"the direction is '{direction}', so the target ({target:g}) must be {expected} "
                        f"the baseline ({baseline:g})",
                    )
                )
    return problems


def validate_indicator_set(table) -> list[Problem]:
    """Every problem of an indicator set at once, in plain words; never raises on bad data.

    Rules: required fields (right, attribute, type, indicator, unit, duty_bearer, source); ``type`` is
    structural, process or outcome; the set covers all three types; every row names a duty bearer;
    every outcome row has a numeric baseline, a baseline year and at least one disaggregation
    ("; "-separated; empty, "none" or "total" is no breakdown); baseline and target, when given, are
    numbers; a structural baseline or target is 0 or 1 (1 = in place); target_year > baseline_year; a
    target needs a target year and a direction, and "increase" needs target > baseline, "decrease"
    target < baseline, "maintain" target == baseline.
    """
    try:
        columns, records = _records(table)
    except TypeError as err:
        return [Problem(None, None, str(err))]
    problems: list[Problem] = []
    if not records:
        return [Problem(None, None, "the set has no indicators")]
    for name in _unknown(columns):
        problems.append(Problem(None, name, f"unknown column {name!r}; the columns are {', '.join(COLUMNS)}"))
    for name in REQUIRED:
        if name not in columns:
            problems.append(Problem(None, name, f"the column {name!r} is missing; every indicator needs it"))
    schema = indicator_schema()
    missing_columns = {name for name in REQUIRED if name not in columns}
    for n, row in enumerate(records, start=1):
        if all(row.get(c) is None for c in COLUMNS):
            problems.append(Problem(n, None, "the row is empty; delete it or fill it in"))
            continue
        kind = str(row["type"]).strip().lower() if row.get("type") is not None else None
        for name in COLUMNS:
            if name in missing_columns:
                continue  # reported once for the whole column above
            cell = row.get(name)
            try:  # Frictionless parses the cell and checks its type and constraints
                notes = schema.get_field(name).read_cell(cell)[1]
            except Exception as err:  # a cell it cannot read at all (e.g. a nested list)
                notes = {"type": f"unreadable ({type(err).__name__})"}
            if notes and (problem := _cell_problem(n, name, cell, notes, kind)) is not None:
                problems.append(problem)
        problems.extend(p for p in _row_problems(n, row) if p.field not in missing_columns)
    present = {str(r.get("type")).strip().lower() for r in records if r.get("type") is not None}
    for kind in TYPES:
        if kind not in present:
            problems.append(
                Problem(
                    None,
                    "type",
                    f"the set has no {kind} indicator; a rights-based set needs structural, "
                    "process and outcome indicators (commitment, effort and results)",
                )
            )
    return sorted(problems, key=lambda p: (p.row is not None, p.row or 0, _field_order(p.field)))


def _field_order(field: str | None) -> int:
    return COLUMNS.index(field) if field in COLUMNS else len(COLUMNS)


def check_indicator_set(table) -> None:
    """Self-check: raise ``CheckFailed`` listing every problem, or print what was checked."""
    from rightsclimate.selfcheck import CheckFailed

    problems = validate_indicator_set(table)
    if problems:
        lines = "\n".join(f"  - {p}" for p in problems)
        raise CheckFailed(f"the indicator set has {len(problems)} problem(s):\n{lines}")
    n = len(_records(table)[1])
    print(
        f"The indicator set looks complete ({n} indicators; checked: required fields, allowed types and "
        "directions, all three types present, a duty bearer on every row, outcome baselines with a year and a "
        "disaggregation, numbers where numbers belong, target years after baseline years, targets in the "
        "stated direction). Not checked: whether your numbers are right."
    )


# --------------------------------------------------------------------------------------------
# views
# --------------------------------------------------------------------------------------------
def _format_value(value: object, unit: object = None) -> str:
    number = _as_number(value)
    if number is None:
        return "not given"
    if float(number).is_integer():
        text = f"{number:,.0f}"
    else:
        text = f"{number:,.1f}" if abs(number) >= 100 else f"{number:.3g}"
    return f"{text} {unit}" if unit else text


def _card_value(value: object, unit: str | None, structural: bool) -> str:
    number = _as_number(value)
    if structural and number in (0.0, 1.0):
        return "in place (1)" if number == 1.0 else "not in place (0)"
    return _format_value(value, unit)


def indicator_cards_html(table, *, heading_level: int = 3):
    """The set as accessible HTML cards: one heading per indicator and a description list of its fields.

    Everything is text (no colour-only signals, no images); missing values say "not given".
    """
    from IPython.display import HTML

    if not 2 <= heading_level <= 6:
        raise ValueError("heading_level must be between 2 and 6")
    _, records = _records(table)
    h = f"h{heading_level}"
    cards = []
    for n, row in enumerate(records, start=1):

        def cell(name: str, row: dict = row) -> str:
            value = _text(row.get(name))
            return html.escape(value) if value else "not given"

        unit = _text(row.get("unit"))
        structural = (_text(row.get("type")) or "").lower() == "structural"
        baseline, target = (
            _card_value(row.get("baseline"), unit, structural),
            _card_value(row.get("target"), unit, structural),
        )
        if row.get("baseline_year") is not None:
            baseline += f" ({row.get('baseline_year')})"
        if row.get("target_year") is not None:
            target += f" by {row.get('target_year')}"
        items = [
            ("Type", cell("type")),
            ("Right", cell("right")),
            ("Attribute", cell("attribute")),
            ("Duty bearer", cell("duty_bearer")),
            ("Disaggregation", cell("disaggregation")),
            ("Baseline", html.escape(baseline)),
            ("Target", html.escape(target)),
            ("Progress means", cell("direction")),
            ("SDG indicator", cell("sdg_indicator")),
            ("Source", cell("source")),
        ]
        body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in items)
        card_id = f"indicator-card-{n}"
        cards.append(
            f'<article class="indicator-card" aria-labelledby="{card_id}" style="border:1px solid #767676;'
            f'border-radius:4px;padding:0.5em 1em;margin:0.5em 0">'
            f'<{h} id="{card_id}">{n}. {cell("indicator")}</{h}>'
            f'<dl style="display:grid;grid-template-columns:max-content auto;gap:0.2em 1em;margin:0">{body}</dl>'
            "</article>"
        )
    return HTML(f'<section class="indicator-cards" aria-label="Indicator cards">{"".join(cards)}</section>')


def _short_value(value: float, structural: bool) -> str:
    if structural and value in (0.0, 1.0):
        return "in place" if value == 1.0 else "not in place"
    return _format_value(value)


def plot_baseline_target(table, ax=None, *, title: str = "Baseline and target of each indicator"):
    """Baseline against target per indicator, on one normalised scale, with the values in their units.

    Indicators have different units, so each row is scaled to the larger absolute value of its own
    baseline and target (= 100 %); the actual values and unit are written beside the markers. An arrow
    goes from baseline to target. Returns the Axes.
    """
    import matplotlib.pyplot as plt

    from rightsclimate.plots import PALETTE, finish

    _, records = _records(table)
    if not records:
        raise ValueError("the indicator set has no rows to plot")
    if ax is None:
        _, ax = plt.subplots(figsize=(7.2, 0.75 * len(records) + 1.6))
    labels = []
    for i, row in enumerate(records):
        y = len(records) - 1 - i
        baseline, target = _as_number(row.get("baseline")), _as_number(row.get("target"))
        known = [abs(v) for v in (baseline, target) if v is not None]
        scale = max(known) if known and max(known) > 0 else 1.0
        label = f"{i + 1}. {_text(row.get('indicator')) or 'indicator not named'} ({_text(row.get('type')) or '?'})"
        labels.append(textwrap.fill(label, 38))
        if baseline is not None and target is not None:
            ax.annotate(
                "",
                xy=(100 * target / scale, y),
                xytext=(100 * baseline / scale, y),
                arrowprops={"arrowstyle": "->", "color": PALETTE["black"], "lw": 1.2},
            )
        # Target first, baseline as an open ring on top: both stay visible when they are equal.
        if target is not None:
            ax.plot(
                100 * target / scale,
                y,
                "D",
                color=PALETTE["orange"],
                markersize=7,
                label="target" if "target" not in ax.get_legend_handles_labels()[1] else None,
            )
        if baseline is not None:
            ax.plot(
                100 * baseline / scale,
                y,
                "o",
                color=PALETTE["blue"],
                markerfacecolor="none",
                markeredgewidth=2,
                markersize=12,
                label="baseline" if "baseline" not in ax.get_legend_handles_labels()[1] else None,
            )
        structural = (_text(row.get("type")) or "").lower() == "structural"
        unit = "" if structural else (_text(row.get("unit")) or "")
        if baseline is not None and target is not None:
            note = f"{_short_value(baseline, structural)} → {_short_value(target, structural)} {unit}"
        elif known:
            note = (
                f"baseline {_short_value(baseline, structural)} {unit}"
                if target is None
                else f"target {_short_value(target, structural)} {unit}"
            )
        else:
            note = "no baseline or target"
        ax.text(108, y, textwrap.fill(textwrap.shorten(note.strip(), 60), 24), va="center", fontsize="small")
    ax.set_yticks(range(len(records)), labels[::-1], fontsize="small")
    ax.set_xlim(min(-5, ax.get_xlim()[0]), 200)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_ylim(-0.7, len(records) - 0.3)
    if ax.get_legend_handles_labels()[1]:
        ax.legend(loc="upper center", bbox_to_anchor=(0.3, -0.12 - 0.3 / max(len(records), 1)), ncol=2, frameon=False)
    finish(ax, title=title, xlabel="Value as % of the larger of baseline and target (%)", ylabel="Indicator")
    return ax
