"""Who is left behind: gap measures, composite vulnerability indices and how stable their rankings are.

Chapter 5 uses these steps, one function each:

1. :func:`gap_measures` — how far apart are the places? Range, ratio and coefficient of variation of one
   indicator across provinces or districts.
2. :func:`normalise` — put indicators on one 0-1 scale where 1 is always "most left behind", whatever
   the direction of the indicator (poverty: higher is worse; HDI: higher is better). Min-max or rank.
3. :func:`composite` — combine the scores with weights, by an arithmetic or a geometric mean.
4. :func:`sample_weights` and :func:`rank_stability` — draw many weightings with a seeded random
   generator and count how often each place lands in the top group. A ranking that changes with the
   weights is a choice, not a fact.

:func:`explorer` is a widget with one weight slider per indicator that re-ranks the places live.

Missing values stay missing at every step: a place with a missing indicator gets no composite score,
never a score computed as if the value were zero.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

METHODS = ("minmax", "rank")
AGGREGATIONS = ("arithmetic", "geometric")
HIGHER_IS_WORSE, HIGHER_IS_BETTER = 1, -1


def _numbers(values, what: str) -> pd.Series:
    series = values if isinstance(values, pd.Series) else pd.Series(values)
    try:
        numbers = pd.to_numeric(series, errors="raise").astype(float)
    except (TypeError, ValueError) as err:
        raise ValueError(
            f"{what} needs numbers; {series.name or 'the values'} has non-numeric entries ({err})"
        ) from None
    if np.isinf(numbers).any():
        raise ValueError(f"{series.name or 'the values'} contains infinite values; fix the division that made them")
    return numbers


# --------------------------------------------------------------------------------------------
# 1. gaps
# --------------------------------------------------------------------------------------------
def gap_measures(values) -> pd.Series:
    """Spread of one indicator across places: ``n``, ``missing``, ``min``, ``max``, ``range``, ``ratio``, ``cv``.

    Missing values are left out and counted in ``missing`` (a place that did not report is not a zero).
    ``range`` = max - min (in the indicator's unit); ``ratio`` = max / min (NaN when the minimum is 0 or
    below: the ratio has no meaning then); ``cv`` = standard deviation / mean, with the population standard
    deviation (``ddof=0``: the places are all the places, not a sample), NaN when the mean is 0. With fewer
    than two places there is no gap to measure, so ``range``, ``ratio`` and ``cv`` are NaN.
    The measures are unweighted: each place counts once, whatever its population.
    """
    numbers = _numbers(values, "gap_measures")
    present = numbers.dropna()
    low = float(present.min()) if len(present) else np.nan
    high = float(present.max()) if len(present) else np.nan
    mean = float(present.mean()) if len(present) else np.nan
    enough = len(present) >= 2
    return pd.Series(
        {
            "n": float(len(present)),
            "missing": float(numbers.isna().sum()),
            "min": low,
            "max": high,
            "range": high - low if enough else np.nan,
            "ratio": high / low if enough and low > 0 else np.nan,
            "cv": float(present.std(ddof=0)) / mean if enough and mean != 0 else np.nan,
        },
        name=numbers.name,
    )


# --------------------------------------------------------------------------------------------
# 2. normalisation
# --------------------------------------------------------------------------------------------
def _direction(column: str, value) -> int:
    if value in (HIGHER_IS_WORSE, True, "higher is worse"):
        return HIGHER_IS_WORSE
    if value in (HIGHER_IS_BETTER, False, "higher is better"):
        return HIGHER_IS_BETTER
    raise ValueError(
        f"direction of {column!r} is {value!r}; use 1 (higher is worse, e.g. poverty) or -1 (higher is better, e.g. HDI)"
    )


def normalise_column(values, direction=HIGHER_IS_WORSE, *, method: str = "minmax", lower: float = 0.0) -> pd.Series:
    """One indicator on a ``lower``..1 scale where 1 is the place most left behind among those given.

    ``direction`` is 1 when a higher value is worse (poverty rate) and -1 when it is better (HDI,
    access to water). ``method="minmax"`` keeps the distances between places; ``method="rank"`` keeps only
    their order (ties share their average rank, so equal values get equal scores). Missing values stay
    missing. A column with no spread (every value equal, or a single place) scores the middle of the scale,
    ``(lower + 1) / 2``, for every place: it cannot separate the places, and a neutral value changes no
    ranking in either aggregation. (This differs on purpose from :func:`rightsclimate.adaptation.minmax`,
    which gives 0.0 there: a 0 would set every geometric mean to 0.) ``lower`` > 0 keeps the best place
    above zero, which a geometric mean needs.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    if not 0.0 <= lower < 1.0:
        raise ValueError(f"lower must be at least 0 and below 1, not {lower!r}")
    numbers = _numbers(values, "normalise")
    sign = _direction(str(numbers.name), direction)
    present = numbers.dropna()
    if present.nunique() <= 1:
        unit = numbers.where(numbers.isna(), 0.5)
    elif method == "minmax":
        low, high = float(present.min()), float(present.max())
        unit = (numbers - low) / (high - low)
    else:
        unit = (numbers.rank(method="average") - 1) / (len(present) - 1)
    if sign == HIGHER_IS_BETTER:
        unit = 1.0 - unit
    return lower + (1.0 - lower) * unit


def normalise(
    table: pd.DataFrame, directions: Mapping[str, object], *, method: str = "minmax", lower: float = 0.0
) -> pd.DataFrame:
    """Every indicator named in ``directions`` ({column: 1 or -1}) normalised with :func:`normalise_column`.

    Returns a new table with those columns only, in the order of ``directions``, and the input index.
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError("normalise needs a DataFrame with one row per place and one column per indicator")
    missing = [c for c in directions if c not in table.columns]
    if missing:
        raise ValueError(f"no column(s) {missing} in the table; its columns are {list(table.columns)}")
    if not directions:
        raise ValueError("directions is empty: name at least one indicator and its direction")
    return pd.DataFrame(
        {c: normalise_column(table[c], d, method=method, lower=lower) for c, d in directions.items()},
        index=table.index,
    )


# --------------------------------------------------------------------------------------------
# 3. aggregation
# --------------------------------------------------------------------------------------------
def weight_vector(weights: Mapping[str, float] | pd.Series, columns: Sequence[str]) -> pd.Series:
    """Weights for ``columns`` re-normalised to sum to one; only their ratios matter.

    Raises ``ValueError`` for a weight that is negative, missing or not finite, a column without a weight,
    a weight for an unknown column, or weights that are all zero.
    """
    weights = pd.Series(weights, dtype=float)
    unknown = sorted(set(weights.index) - set(columns))
    if unknown:
        raise ValueError(f"weights name {unknown}, which are not indicators of the table {list(columns)}")
    absent = [c for c in columns if c not in weights.index]
    if absent:
        raise ValueError(f"no weight for {absent}; give every indicator a weight (0 leaves it out)")
    weights = weights.reindex(list(columns))
    if not np.isfinite(weights).all() or (weights < 0).any():
        raise ValueError(f"weights must be finite and 0 or more; got {weights.to_dict()}")
    total = float(weights.sum())
    if total <= 0:
        raise ValueError("the weights are all zero: at least one indicator must count")
    return weights / total


def composite(
    scores: pd.DataFrame, weights: Mapping[str, float] | pd.Series, *, method: str = "arithmetic"
) -> pd.Series:
    """Weighted composite of normalised ``scores`` (one column per indicator), one value per place.

    ``method="arithmetic"``: sum of weight x score. A high score on one indicator can make up for a low
    one on another (compensation). ``method="geometric"``: product of score ** weight. A place low on any
    indicator stays low; it needs every score above 0 (normalise with ``lower`` > 0). Weights are
    re-normalised to sum to one. A place with a missing score gets a missing composite, not a guess.
    """
    if method not in AGGREGATIONS:
        raise ValueError(f"method must be one of {AGGREGATIONS}, not {method!r}")
    w = weight_vector(weights, list(scores.columns))
    values = scores.astype(float)
    if method == "arithmetic":
        result = values.mul(w, axis=1).sum(axis=1, min_count=1)
    else:
        if (values <= 0).to_numpy().any():
            raise ValueError("a geometric mean needs scores above 0; normalise with lower > 0 (for example 0.1)")
        result = np.exp(np.log(values).mul(w, axis=1).sum(axis=1, min_count=1))
    return result.where(values.notna().all(axis=1)).rename("composite")


def rank_places(values: pd.Series) -> pd.Series:
    """Rank 1 = the highest value (the most left behind). Ties share the best rank of the tie ("min").

    Missing values get no rank. Ranks are integers in a nullable integer column.
    """
    return values.rank(ascending=False, method="min").astype("Int64").rename("rank")


# --------------------------------------------------------------------------------------------
# 4. sensitivity to the weights
# --------------------------------------------------------------------------------------------
def sample_weights(columns: Sequence[str], n_draws: int, rng, *, concentration: float = 1.0) -> pd.DataFrame:
    """``n_draws`` random weightings of ``columns``, one per row, each summing to one (Dirichlet draws).

    ``rng`` must be a seeded :class:`numpy.random.Generator` (``np.random.default_rng(2024)``) so that
    others can repeat the result. ``concentration`` = 1 spreads the draws evenly over all possible
    weightings; larger values keep them nearer to equal weights.
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError("rng must be a numpy Generator, e.g. np.random.default_rng(2024), so the draws can be repeated")
    columns = list(columns)
    if not columns:
        raise ValueError("name at least one indicator")
    if int(n_draws) < 1:
        raise ValueError(f"n_draws must be at least 1, not {n_draws!r}")
    if not concentration > 0:
        raise ValueError(f"concentration must be above 0, not {concentration!r}")
    draws = rng.dirichlet(np.full(len(columns), float(concentration)), size=int(n_draws))
    return pd.DataFrame(draws, columns=columns).rename_axis("draw")


def rank_stability(
    scores: pd.DataFrame, weight_draws: pd.DataFrame, *, top: int = 3, method: str = "arithmetic"
) -> pd.DataFrame:
    """How each place ranks over many weightings: share of draws in the top ``top``, and its rank range.

    ``scores`` are normalised indicators (one row per place), ``weight_draws`` comes from
    :func:`sample_weights` (one row per draw, same columns). For every draw the composite is computed with
    :func:`composite`'s rule and ranked with :func:`rank_places` (rank 1 = most left behind). Returns, per
    place: ``share_top`` (0-1), ``median_rank``, ``best_rank``, ``worst_rank``. Places with a missing score
    are dropped before ranking (they have no composite) and listed with missing values.
    """
    if method not in AGGREGATIONS:
        raise ValueError(f"method must be one of {AGGREGATIONS}, not {method!r}")
    if list(weight_draws.columns) != list(scores.columns):
        raise ValueError(
            f"weight columns {list(weight_draws.columns)} differ from score columns {list(scores.columns)}"
        )
    if int(top) < 1:
        raise ValueError(f"top must be at least 1, not {top!r}")
    complete = scores.dropna()
    matrix = complete.to_numpy(dtype=float)
    w = weight_draws.to_numpy(dtype=float)
    w = w / w.sum(axis=1, keepdims=True)
    if method == "arithmetic":
        values = matrix @ w.T
    else:
        if (matrix <= 0).any():
            raise ValueError("a geometric mean needs scores above 0; normalise with lower > 0 (for example 0.1)")
        values = np.exp(np.log(matrix) @ w.T)
    ranks = pd.DataFrame(values, index=complete.index).rank(ascending=False, method="min")
    table = pd.DataFrame(
        {
            "share_top": (ranks <= top).mean(axis=1),
            "median_rank": ranks.median(axis=1),
            "best_rank": ranks.min(axis=1),
            "worst_rank": ranks.max(axis=1),
        }
    )
    return table.reindex(scores.index)


# --------------------------------------------------------------------------------------------
# 5. the widget
# --------------------------------------------------------------------------------------------
def plot_composite(values: pd.Series, *, title: str, xlabel: str, ylabel: str = "place", ax=None, highlight=None):
    """Horizontal bars of composite scores, highest (rank 1) at the top; missing places are named, not drawn."""
    import matplotlib.pyplot as plt

    from .plots import PALETTE, finish

    order = values.dropna().sort_values()
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.35 * len(order) + 1.6))
    colours = [PALETTE["vermillion"] if place == highlight else PALETTE["blue"] for place in order.index]
    ax.barh([str(i) for i in order.index], order.to_numpy(), color=colours)
    ranks = rank_places(order)
    for y, (place, value) in enumerate(order.items()):
        ax.text(value, y, f"  rank {ranks[place]}", va="center", fontsize="small")
    ax.set_xlim(0, max(1.0, float(order.max()) * 1.25) if len(order) else 1.0)
    finish(ax, title=title, xlabel=xlabel, ylabel=ylabel)
    return ax


def explorer(
    table: pd.DataFrame,
    directions: Mapping[str, object],
    *,
    labels: Mapping[str, str] | None = None,
    weights: Mapping[str, float] | None = None,
    method: str = "rank",
    aggregation: str = "arithmetic",
    lower: float = 0.1,
    place: str = "place",
):
    """An ipywidgets explorer: one weight slider per indicator; the places are re-ranked as you move them.

    The view is an image with alt text (:func:`rightsclimate.plots.figure_html`) naming the top three, so
    the saved widget state shows the default ranking in the static book.
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt
    from IPython.display import display

    from .plots import figure_html

    labels = dict(labels or {c: c for c in directions})
    scores = normalise(table, directions, method=method, lower=lower)
    start = dict(weights or {c: 1.0 for c in directions})
    sliders = {
        c: widgets.FloatSlider(
            value=float(start[c]),
            min=0,
            max=5,
            step=0.5,
            description=labels[c][:18],
            continuous_update=False,
            style={"description_width": "initial"},
        )
        for c in directions
    }
    method_w = widgets.Dropdown(options=list(AGGREGATIONS), value=aggregation, description="Aggregation")
    out = widgets.Output()

    def draw(*_):
        with out:
            out.clear_output(wait=True)
            chosen = {c: s.value for c, s in sliders.items()}
            if sum(chosen.values()) == 0:
                display(widgets.HTML("<p>All weights are zero: give at least one indicator a weight.</p>"))
                return
            values = composite(scores, chosen, method=method_w.value)
            fig, ax = plt.subplots(figsize=(7.2, 0.35 * values.notna().sum() + 1.8))
            plot_composite(
                values,
                title=f"Composite vulnerability ({method_w.value} mean)",
                xlabel="score (0-1, higher = more left behind)",
                ylabel=place,
                ax=ax,
            )
            w = weight_vector(chosen, list(scores.columns))
            top = rank_places(values).sort_values().dropna().index[:3]
            alt = (
                f"Bar chart ranking {values.notna().sum()} {place}s by a composite score with weights "
                + ", ".join(f"{labels[c]} {w[c]:.0%}" for c in scores.columns)
                + f"; the top three are {', '.join(map(str, top))}."
            )
            display(figure_html(fig, alt))
            plt.close(fig)

    for s in sliders.values():
        s.observe(draw, names="value")
    method_w.observe(draw, names="value")
    draw()
    return widgets.VBox([*sliders.values(), method_w, out])
