"""Rights-based adaptation planning: risk scores, PANEL screening, choosing under a budget, monitoring.

Chapter 7 turns the chapter 3-6 findings into a plan in four steps, one function each:

1. :func:`risk_scores` — where is risk highest? Risk = hazard x exposure x vulnerability, three different
   things, each scaled 0-1 among the places compared (:func:`minmax`).
2. :func:`panel_screen` — is an action acceptable in human-rights terms? It reads the PANEL ratings
   (participation, accountability, non-discrimination, empowerment, legality) of the authored table
   ``load("adaptation_candidate_actions")`` and says who may be harmed and how they can complain.
3. :func:`select_portfolio` — which actions fit the budget? (:func:`with_prerequisites` first makes an
   action that needs another a package with it.) ``method="exact"`` finds the best plan
   (mixed-integer programming with :func:`scipy.optimize.milp`); ``method="greedy"`` takes actions by
   benefit per unit of cost, the common shortcut, which can miss the best plan. Equity weights raise the
   value of benefits to the groups a plan must reach first.
4. :func:`monitoring_table` — the plan's indicators in the chapter 6 schema
   (:mod:`rightsclimate.indicators`), with targets, and baselines only where data give them.

:func:`explorer` lets a reader move a budget and an equity weight and watch both plans change.

The costs, coverage and benefits in the candidate table are HYPOTHETICAL scenario numbers: any plan
chosen from them is an exercise in method, not a recommendation.
"""

from __future__ import annotations

import html
import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

PANEL = ("participation", "accountability", "non_discrimination", "empowerment", "legality")
RATINGS = ("meets", "partly", "fails")
METHODS = ("exact", "greedy")
PANEL_WORDS = {
    "participation": "participation",
    "accountability": "accountability",
    "non_discrimination": "non-discrimination",
    "empowerment": "empowerment",
    "legality": "legality",
}


# --------------------------------------------------------------------------------------------
# 1. risk
# --------------------------------------------------------------------------------------------
def minmax(values: pd.Series, *, higher_is_worse: bool = True) -> pd.Series:
    """Scale values to 0..1 among the places given, where 1 is the worst place and 0 the best.

    ``higher_is_worse=False`` is for protective measures (e.g. the share of houses with a strong roof):
    the highest value then scores 0. Missing values stay missing (never 0). A column with no spread
    (all values equal) scores 0.0 everywhere: nothing separates the places. The index is kept.
    A score is relative: 0 means "best of these places", not "no problem".
    """
    if not isinstance(values, pd.Series):
        values = pd.Series(values)
    try:
        numbers = pd.to_numeric(values, errors="raise").astype(float)
    except (TypeError, ValueError) as err:
        raise ValueError(
            f"minmax needs numbers; {values.name or 'the values'} has non-numeric entries ({err})"
        ) from None
    finite = numbers[np.isfinite(numbers)]
    if np.isinf(numbers).any():
        raise ValueError(f"{values.name or 'the values'} contains infinite values; fix the division that made them")
    if finite.empty:
        return numbers
    low, high = float(finite.min()), float(finite.max())
    if high == low:
        return numbers.where(numbers.isna(), 0.0)
    scaled = (numbers - low) / (high - low)
    return scaled if higher_is_worse else 1.0 - scaled


def risk_scores(
    table: pd.DataFrame,
    *,
    hazard: str,
    exposure: str,
    vulnerability: str,
    higher_is_worse: Mapping[str, bool] | None = None,
) -> pd.DataFrame:
    """Add ``hazard_score``, ``exposure_score``, ``vulnerability_score`` (0-1) and ``risk`` (their product).

    ``hazard``, ``exposure`` and ``vulnerability`` name columns of ``table`` (one row per place). Each is
    scaled with :func:`minmax` among the places in the table, in the direction given by
    ``higher_is_worse`` (column name -> bool; default True for all three). A place with any part missing
    gets a missing risk, never 0. The input index and columns are kept; the table is not changed.

    Two choices, stated because they change results:

    * a part that is the SAME for every place (e.g. one city-wide hazard grid cell shared by all
      districts) cannot separate the places; it scores 1.0, so the product ranks places by the other two
      parts instead of setting every risk to 0. (:func:`minmax` alone gives 0.0 for such a column.)
    * the scores are relative: the place lowest on any one part gets risk 0. That means "lowest among
      these places", not "no risk".
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError("risk_scores needs a DataFrame with one row per place")
    parts = {"hazard": hazard, "exposure": exposure, "vulnerability": vulnerability}
    missing = [column for column in parts.values() if column not in table.columns]
    if missing:
        raise ValueError(f"no column(s) {missing} in the table; its columns are {list(table.columns)}")
    directions = dict(higher_is_worse or {})
    unknown = sorted(set(directions) - set(parts.values()))
    if unknown:
        raise ValueError(f"higher_is_worse names {unknown}, which are not the hazard, exposure or vulnerability column")
    out = table.copy()
    for part, column in parts.items():
        values = pd.to_numeric(table[column], errors="coerce").astype(float)
        bad = table[column].notna() & values.isna()
        if bad.any():
            raise ValueError(f"{column}: non-numeric values in rows {list(table.index[bad])}")
        present = values.dropna()
        if len(present) and present.nunique() == 1:
            score = values.where(values.isna(), 1.0)  # same everywhere: neutral in the product
        else:
            score = minmax(values, higher_is_worse=directions.get(column, True))
        out[f"{part}_score"] = score
    out["risk"] = out["hazard_score"] * out["exposure_score"] * out["vulnerability_score"]
    return out


# --------------------------------------------------------------------------------------------
# 2. PANEL screening
# --------------------------------------------------------------------------------------------
def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return str(value).strip()


def panel_screen(actions: pd.DataFrame, *, id_col: str = "action_id") -> pd.DataFrame:
    """Screen actions on the five PANEL principles from their ratings ("meets", "partly", "fails").

    Returns one row per action, indexed by ``id_col``, with ``flag_<principle>`` (True where the
    principle is not fully met), ``failed`` (the principles rated "fails", in words), ``passes`` (no
    principle failed) and ``concerns``: who may be harmed and how they can complain, in plain words. An
    action whose design offers no way to complain says so. A rating outside the three words raises
    ``ValueError`` naming the action and the principle.
    """
    needed = [id_col, *PANEL]
    missing = [c for c in needed if c not in actions.columns]
    if missing:
        raise ValueError(f"the action table has no column(s) {missing}; use load('adaptation_candidate_actions')")
    rows = []
    for _, action in actions.iterrows():
        aid = _text(action[id_col])
        ratings = {}
        for principle in PANEL:
            rating = _text(action[principle]).lower()
            if rating not in RATINGS:
                raise ValueError(f"action {aid}, {principle}: rating {action[principle]!r} is not one of {RATINGS}")
            ratings[principle] = rating
        failed = [PANEL_WORDS[p] for p in PANEL if ratings[p] == "fails"]
        partly = [PANEL_WORDS[p] for p in PANEL if ratings[p] == "partly"]
        words = []
        if failed:
            words.append("Fails " + ", ".join(failed) + ".")
        if partly:
            words.append("Only partly meets " + ", ".join(partly) + ".")
        harmed = _text(action.get("who_may_be_harmed"))
        if harmed:
            words.append(f"May harm or leave out: {harmed}.")
        remedy = _text(action.get("remedy"))
        words.append(f"How to complain: {remedy}." if remedy else "No way to complain is planned.")
        rows.append(
            {
                id_col: aid,
                **{f"flag_{p}": ratings[p] != "meets" for p in PANEL},
                "failed": ", ".join(failed),
                "passes": not failed,
                "concerns": " ".join(words),
            }
        )
    columns = [id_col, *(f"flag_{p}" for p in PANEL), "failed", "passes", "concerns"]
    return pd.DataFrame(rows, columns=columns).set_index(id_col)


# --------------------------------------------------------------------------------------------
# 3. choosing under a budget
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Portfolio:
    """A chosen set of actions: how it was chosen, which actions (sorted ids), total cost and value.

    ``value`` is the (equity-weighted, when weights were given) benefit the method maximised.
    """

    method: str
    chosen: tuple[str, ...]
    cost: float
    value: float
    budget: float


def _check_budget(budget) -> None:
    if isinstance(budget, bool) or not isinstance(budget, (int, float, np.integer, np.floating)):
        raise ValueError(f"budget must be a number, not {budget!r}")
    if math.isnan(float(budget)):
        raise ValueError("budget must be a number, not NaN")
    if budget < 0:
        raise ValueError(f"budget must not be negative (got {budget})")


def _prepare(actions, budget, value, cost, id_col, weights):
    _check_budget(budget)
    for column in (id_col, value, cost):
        if column not in actions.columns:
            raise ValueError(f"the action table has no column {column!r}; its columns are {list(actions.columns)}")
    ids = actions[id_col].astype(str).to_numpy()
    duplicated = sorted({i for i in ids if list(ids).count(i) > 1})
    if duplicated:
        raise ValueError(f"action ids must be unique; repeated: {duplicated}")
    costs = pd.to_numeric(actions[cost], errors="coerce").astype(float).to_numpy()
    values = pd.to_numeric(actions[value], errors="coerce").astype(float).to_numpy()
    for name, numbers in ((cost, costs), (value, values)):
        bad = [i for i, x in zip(ids, numbers, strict=True) if not np.isfinite(x) or x < 0]
        if bad:
            raise ValueError(f"{name} must be a number >= 0 for every action; not for {bad}")
    if weights is not None:
        weights = pd.Series(weights)
        weights.index = weights.index.astype(str)
        absent = [i for i in ids if i not in weights.index]
        if absent:
            raise ValueError(f"weights has no value for action(s) {absent}; give every action a weight (1 = neutral)")
        w = pd.to_numeric(weights.reindex(ids), errors="coerce").astype(float).to_numpy()
        bad = [i for i, x in zip(ids, w, strict=True) if not np.isfinite(x) or x < 0]
        if bad:
            raise ValueError(f"weights must be numbers >= 0; not for {bad}")
        values = values * w
    return ids, costs, values


def _groups(exclusive, ids) -> list[list[int]]:
    """Exclusive groups as index lists; ids not in the table are ignored (e.g. screened out)."""
    position = {aid: k for k, aid in enumerate(ids)}
    groups = []
    for group in exclusive or []:
        if isinstance(group, str):
            raise ValueError(
                f"each exclusive group must be a set of ids, e.g. {{'H05', 'H06'}}, not the string {group!r}"
            )
        members = sorted(position[str(a)] for a in group if str(a) in position)
        if len(members) > 1:
            groups.append(members)
    return groups


def _exact(costs, values, budget, groups) -> list[int]:
    from scipy.optimize import Bounds, LinearConstraint, milp

    n = len(costs)
    rows = [costs]
    upper = [float(budget)]
    for members in groups:
        row = np.zeros(n)
        row[members] = 1.0
        rows.append(row)
        upper.append(1.0)
    constraints = LinearConstraint(np.vstack(rows), -np.inf, np.array(upper) + 1e-9)
    options = {"presolve": True}
    first = milp(-values, constraints=constraints, integrality=np.ones(n), bounds=Bounds(0, 1), options=options)
    if not first.success:
        raise RuntimeError(f"the solver found no plan: {first.message}")
    best = float(values @ np.round(first.x))
    if best <= 0:
        return []
    # among plans worth as much as the best, take the cheapest (ties: the same value for less money)
    floor = best - 1e-9 * max(1.0, abs(best))
    second_rows = np.vstack([*rows, values])
    second = milp(
        costs,
        constraints=LinearConstraint(
            second_rows, np.r_[np.full(len(rows), -np.inf), floor], np.r_[upper, np.inf] + 1e-9
        ),
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        options=options,
    )
    x = np.round(second.x if second.success else first.x)
    return [k for k in range(n) if x[k] == 1 and values[k] > 0]


def _greedy(ids, costs, values, budget, groups) -> list[int]:
    ratio = [math.inf if c == 0 else v / c for c, v in zip(costs, values, strict=True)]
    order = sorted(range(len(ids)), key=lambda k: (-ratio[k], ids[k]))  # ties: action id
    group_of: dict[int, list[int]] = {}
    for g, members in enumerate(groups):
        for k in members:
            group_of.setdefault(k, []).append(g)
    chosen, spent, used = [], 0.0, set()
    for k in order:
        if values[k] <= 0:
            continue
        if spent + costs[k] > budget + 1e-9:
            continue
        if any(g in used for g in group_of.get(k, [])):
            continue
        chosen.append(k)
        spent += costs[k]
        used.update(group_of.get(k, []))
    return chosen


def select_portfolio(
    actions: pd.DataFrame,
    budget: float,
    *,
    method: str = "exact",
    value: str = "benefit",
    cost: str = "cost",
    id_col: str = "action_id",
    weights: pd.Series | Mapping[str, float] | None = None,
    exclusive: Iterable[Iterable[str]] | None = None,
) -> Portfolio:
    """Choose actions whose total ``cost`` fits ``budget``, maximising the total ``value``.

    * ``method="exact"``: the best possible plan, found with :func:`scipy.optimize.milp` (checked
      against trying every combination in the tests). Of equally valuable plans, the cheapest is
      returned.
    * ``method="greedy"``: take actions in order of value per unit of cost (ties: lower action id), each
      one that still fits and is not excluded by one already taken. Fast and easy to explain, but it can
      miss the best plan, e.g. when a cheap action with a good ratio blocks a large, valuable one.
    * ``weights``: a number >= 0 per action (Series or dict indexed by action id) that multiplies its
      value, e.g. 2 for actions reaching the groups most at risk, 0 for a group the plan ignores. Every
      action needs a weight.
    * ``exclusive``: groups of action ids of which at most one may be chosen (e.g. ``[{"H05", "H06"}]``).
      Ids not in ``actions`` are ignored, so groups from the full table still apply after screening.

    Actions with zero (weighted) value are never chosen. An empty table or a budget below the cheapest
    action gives an empty plan; a negative budget raises ``ValueError``. Prerequisites (an action that
    only works with another) are NOT handled here: combine them first with :func:`with_prerequisites`.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    if not isinstance(actions, pd.DataFrame):
        raise TypeError("actions must be a DataFrame with one row per action")
    _check_budget(budget)
    if actions.empty:
        return Portfolio(method, (), 0.0, 0.0, float(budget))
    ids, costs, values = _prepare(actions, budget, value, cost, id_col, weights)
    groups = _groups(exclusive, ids)
    picked = _exact(costs, values, budget, groups) if method == "exact" else _greedy(ids, costs, values, budget, groups)
    chosen = tuple(sorted(ids[k] for k in picked))
    return Portfolio(
        method=method,
        chosen=chosen,
        cost=float(sum(costs[k] for k in picked)),
        value=float(sum(values[k] for k in picked)),
        budget=float(budget),
    )


def _ids(value: object) -> list[str]:
    """'H01; H02' -> ['H01', 'H02']; empty or missing -> []."""
    return [part.strip() for part in _text(value).split(";") if part.strip()]


def with_prerequisites(
    actions: pd.DataFrame,
    *,
    id_col: str = "action_id",
    cost: str = "cost_hypothetical",
    value: str = "benefit_hypothetical",
    requires: str = "requires",
) -> tuple[pd.DataFrame, list[set[str]]]:
    """Offer an action that only works with another (``requires``) only together with it, as one package.

    :func:`select_portfolio` knows nothing about prerequisites. This makes them explicit: a row that
    requires others is replaced by a package ``"<prerequisite>+<action>"`` whose cost and value are the
    sums of its members (its other columns are the dependent action's). Each prerequisite comes in an
    exclusive group with every package that contains it, so a plan takes the prerequisite alone or one
    package with it, and never pays for (or counts) the prerequisite twice. The price of that rule: two
    actions that need the same prerequisite cannot both be chosen. A row whose prerequisite is not in
    ``actions`` (for example because it was screened out) cannot work and is dropped. One level only: a
    prerequisite that itself requires another is not followed. A table without a ``requires`` column has
    no prerequisites and is returned unchanged.

    Returns ``(offered, groups)``: the table to choose from and the exclusive groups to add. The
    chapter 7 page and :func:`explorer` both use it; :func:`unpack` splits a chosen package again.
    """
    for column in (id_col, cost, value):
        if column not in actions.columns:
            raise ValueError(f"the action table has no column {column!r}; its columns are {list(actions.columns)}")
    table = actions.copy()
    table[id_col] = table[id_col].astype(str)
    if requires not in table.columns:
        return table, []
    by_id = table.set_index(id_col)
    needs = table[requires].map(_ids)
    packages, by_prerequisite = [], {}
    for (_, row), prerequisites in zip(table.iterrows(), needs, strict=True):
        if not prerequisites or any(p not in by_id.index for p in prerequisites):
            continue
        members = [*prerequisites, row[id_col]]
        package = row.copy()
        package[id_col] = "+".join(members)
        package[cost] = float(sum(float(by_id.loc[m, cost]) for m in members))
        package[value] = float(sum(float(by_id.loc[m, value]) for m in members))
        packages.append(package)
        for prerequisite in prerequisites:
            by_prerequisite.setdefault(prerequisite, {prerequisite}).add(package[id_col])
    offered = pd.concat([table[needs.map(len) == 0], pd.DataFrame(packages)], ignore_index=True)
    return offered, [by_prerequisite[p] for p in sorted(by_prerequisite)]


def unpack(chosen: Portfolio | Iterable[str]) -> list[str]:
    """The action ids inside a plan whose choices may be packages: ``("H01+H08", "H02")`` -> ``["H01", "H08", "H02"]``."""
    ids = chosen.chosen if isinstance(chosen, Portfolio) else chosen
    return [part for aid in ids for part in str(aid).split("+")]


def exclusive_groups(actions: pd.DataFrame, *, column: str = "excludes", id_col: str = "action_id") -> list[set[str]]:
    """The pairs of mutually exclusive actions from the authored table's ``excludes`` column ("H06" or "H05; H06")."""
    pairs = set()
    for _, row in actions.iterrows():
        for other in [p.strip() for p in _text(row[column]).split(";") if p.strip()]:
            pairs.add(frozenset({_text(row[id_col]), other}))
    return [set(pair) for pair in sorted(pairs, key=sorted)]


def brute_force(
    actions: pd.DataFrame,
    budget: float,
    *,
    value: str = "benefit",
    cost: str = "cost",
    id_col: str = "action_id",
    exclusive: Iterable[Iterable[str]] | None = None,
) -> float:
    """The best total value by trying every combination (for checking the solver on small tables)."""
    ids, costs, values = _prepare(actions, budget, value, cost, id_col, None)
    groups = _groups(exclusive, ids)
    best = 0.0
    for size in range(len(ids) + 1):
        for combo in itertools.combinations(range(len(ids)), size):
            if sum(costs[k] for k in combo) > budget + 1e-9:
                continue
            if any(sum(k in members for k in combo) > 1 for members in groups):
                continue
            best = max(best, float(sum(values[k] for k in combo)))
    return best


# --------------------------------------------------------------------------------------------
# 4. monitoring
# --------------------------------------------------------------------------------------------
def monitoring_table(
    chosen: Portfolio | Iterable[str],
    actions: pd.DataFrame,
    *,
    right: str,
    outcomes: list[dict],
    target_year: int,
    plan_duty_bearer: str,
    baselines: Mapping[str, float] | None = None,
    baseline_year: int | None = None,
    id_col: str = "action_id",
    coverage: str = "coverage_hypothetical",
    structural: list[dict] | None = None,
) -> pd.DataFrame:
    """The plan's indicators as a chapter 6 indicator set (:func:`rightsclimate.indicators.indicator_set`).

    * one **structural** row: the plan adopted with a complaint mechanism (target 1 = in place), unless
      ``structural`` rows are given;
    * one **process** row per chosen action: people reached, target = the action's coverage, which in the
      authored table is HYPOTHETICAL (the ``source`` says so); its duty bearer is the action's ``who_decides``;
    * one **process** row for accountability: the share of complaints about the plan answered within 30
      days (target 100 %);
    * the **outcome** rows you pass in ``outcomes`` (complete indicator rows whose baselines you computed
      from data). This function never invents an outcome baseline: without outcomes it raises ``ValueError``.

    The structural and process rows have **no baseline** (missing, with no baseline year) unless you pass
    one: the course data cannot say how many people a service already reaches, and a gap is not a zero.
    ``baselines`` maps ``"plan"`` (the structural row), an action id (its people-reached row) or
    ``"complaints"`` to a starting value from the city's own records, all of ``baseline_year``.

    Check the result with :func:`rightsclimate.indicators.validate_indicator_set`.
    """
    from rightsclimate.indicators import indicator_set

    ids = list(chosen.chosen) if isinstance(chosen, Portfolio) else [str(a) for a in chosen]
    if not outcomes:
        raise ValueError(
            "a monitoring table needs at least one outcome indicator whose baseline you computed from data "
            "(e.g. heat-related illness per 100,000); pass it in outcomes=[{...}]"
        )
    table = actions.set_index(actions[id_col].astype(str))
    unknown = [a for a in ids if a not in table.index]
    if unknown:
        raise ValueError(f"chosen action(s) {unknown} are not in the action table")
    known = dict(baselines or {})
    unknown_keys = sorted(set(known) - {"plan", "complaints", *ids})
    if unknown_keys:
        raise ValueError(
            f"baselines has key(s) {unknown_keys}; use 'plan', 'complaints' or the id of a chosen action {ids}"
        )
    if known and baseline_year is None:
        raise ValueError("baselines were given without baseline_year: say which year they refer to")

    def start(key: str) -> dict:
        """The row's baseline if one was passed, otherwise none (missing, not 0)."""
        if key not in known:
            return {"baseline": None, "baseline_year": None}
        return {"baseline": float(known[key]), "baseline_year": baseline_year}

    rows = list(structural or [])
    if not rows:
        rows.append(
            {
                "right": right,
                "attribute": "accountability and participation in adaptation",
                "type": "structural",
                "indicator": "Adaptation plan adopted, with a complaint mechanism and affected groups in its steering committee",
                "unit": "1 = in place, 0 = not",
                "duty_bearer": plan_duty_bearer,
                "disaggregation": "",
                "source": "council decisions",
                **start("plan"),
                "target": 1,
                "target_year": target_year,
                "direction": "increase",
            }
        )
    for aid in ids:
        action = table.loc[aid]
        reached = pd.to_numeric(pd.Series([action.get(coverage)]), errors="coerce").iloc[0]
        rows.append(
            {
                "right": right,
                "attribute": "measures taken to reduce climate risk",
                "type": "process",
                "indicator": f"People reached by {aid}: {_text(action.get('action')) or aid}",
                "unit": "persons",
                "duty_bearer": _text(action.get("who_decides")) or plan_duty_bearer,
                "disaggregation": "sex; age group; disability",
                "source": f"programme records; target = HYPOTHETICAL coverage of {aid} in the candidate-action table",
                **start(aid),
                "target": None if pd.isna(reached) else float(reached),
                "target_year": target_year,
                "direction": "increase",
            }
        )
    rows.append(
        {
            "right": right,
            "attribute": "access to remedy",
            "type": "process",
            "indicator": "Share of complaints about the plan answered within 30 days",
            "unit": "%",
            "duty_bearer": plan_duty_bearer,
            "disaggregation": "sex; age group; disability; tenure",
            "source": "complaint register of the plan",
            **start("complaints"),
            "target": 100,
            "target_year": target_year,
            "direction": "increase",
        }
    )
    rows.extend(outcomes)
    return indicator_set(rows)


# --------------------------------------------------------------------------------------------
# explorer
# --------------------------------------------------------------------------------------------
def _plans_html(offered, groups, priority, budget, weight, value, cost, id_col, names) -> str:
    """The exact and the greedy plan for one budget and equity weight, as an accessible HTML table."""

    def label(aid: str) -> str:
        return " + ".join(f"{part} {names.get(part, '')}".strip() for part in aid.split("+"))

    weights = pd.Series(
        [weight if g in priority else 1.0 for g in offered["target_group"].astype(str)],
        index=offered[id_col].astype(str),
    )
    plans = {
        m: select_portfolio(
            offered, budget, method=m, value=value, cost=cost, id_col=id_col, weights=weights, exclusive=groups
        )
        for m in METHODS
    }
    people = offered.set_index(offered[id_col].astype(str))[value].astype(float)
    rows = "".join(
        f"<tr><th scope='row'>{'Best plan (exact)' if m == 'exact' else 'Greedy (best ratio first)'}</th>"
        f"<td>{html.escape('; '.join(label(a) for a in p.chosen) or 'nothing fits')}</td>"
        f"<td>{p.cost:,.0f}</td><td>{people[list(p.chosen)].sum():,.0f}</td><td>{p.value:,.0f}</td></tr>"
        for m, p in plans.items()
    )
    gap = plans["exact"].value - plans["greedy"].value
    sentence = (
        f"The greedy plan is worth {gap:,.0f} weighted benefit points (HYPOTHETICAL) less than the best plan for "
        "the same budget."
        if gap > 1e-9
        else "Here the greedy plan is as good as the best plan."
    )
    # Every number column says HYPOTHETICAL in its own header, so a copied column keeps the warning.
    headers = (
        "Method",
        "Actions chosen",
        "Cost (cost units, HYPOTHETICAL)",
        "People protected (HYPOTHETICAL coverage × effectiveness)",
        f"Weighted benefit (HYPOTHETICAL; priority groups × {weight:g})",
    )
    return (
        f"<table><caption>Plans within a budget of {budget:,.0f} cost units, equity weight {weight:g} for "
        f"{html.escape(', '.join(sorted(priority)))} (all figures HYPOTHETICAL)</caption>"
        "<thead><tr>" + "".join(f"<th scope='col'>{html.escape(h)}</th>" for h in headers) + "</tr></thead>"
        f"<tbody>{rows}</tbody></table><p>{html.escape(sentence)}</p>"
    )


def explorer(
    actions: pd.DataFrame,
    *,
    hazard: str = "heat",
    budget: float = 60.0,
    equity_weight: float = 2.0,
    priority_groups: Iterable[str] = ("older people", "people with disabilities", "low-income households"),
    value: str = "benefit_hypothetical",
    cost: str = "cost_hypothetical",
    id_col: str = "action_id",
):
    """An ipywidgets explorer: move the budget and the equity weight; see the exact and greedy plans.

    Uses the actions of one ``hazard`` that pass the PANEL screen (no principle failed). The equity weight
    multiplies the benefit of actions whose ``target_group`` is one of ``priority_groups``. Exclusions
    come from ``excludes``; an action that ``requires`` another is offered only together with it. The
    view is an HTML table, so the notebook's saved widget state shows the default plan in the static
    book. All costs and benefits are HYPOTHETICAL.
    """
    import ipywidgets as widgets
    from IPython.display import HTML, display

    subset = actions[actions["hazard"].astype(str) == hazard]
    screened = panel_screen(subset, id_col=id_col)
    eligible = subset[subset[id_col].astype(str).map(screened["passes"]).to_numpy(dtype=bool)]
    offered, package_groups = with_prerequisites(eligible, id_col=id_col, cost=cost, value=value)
    groups = exclusive_groups(eligible, id_col=id_col) if "excludes" in eligible.columns else []
    groups = groups + package_groups
    priority = set(priority_groups)
    total = float(offered[cost].sum()) if len(offered) else 0.0
    budget_w = widgets.FloatSlider(
        value=budget, min=0, max=max(total, budget), step=1, description="Budget", continuous_update=False
    )
    weight_w = widgets.FloatSlider(
        value=equity_weight, min=0, max=5, step=0.5, description="Equity weight", continuous_update=False
    )
    out = widgets.Output()
    names = dict(zip(eligible[id_col].astype(str), eligible["action"].astype(str), strict=True))

    def draw(*_):
        page = _plans_html(offered, groups, priority, budget_w.value, weight_w.value, value, cost, id_col, names)
        with out:
            out.clear_output(wait=True)
            display(HTML(page))

    budget_w.observe(draw, names="value")
    weight_w.observe(draw, names="value")
    draw()
    return widgets.VBox([widgets.HBox([budget_w, weight_w]), out])
