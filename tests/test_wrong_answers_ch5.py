"""Plausible wrong answers to ch5_left_behind_profile lose points.

Each case swaps one answer cell of the instructor notebook for a wrong answer a learner could write
and checks which graded test cells fail (tests/answer_variants.py executes the notebook). The default
area is Gwangju, where every indicator points the same way and no place is unstable: the visible
checks alone could not catch several of these answers, so the hidden tests must, with other areas and
edge cases the learner did not choose.
"""

from __future__ import annotations

import pytest
from answer_variants import failing_tests

ASSIGNMENT = "ch5_left_behind_profile"

WRONG_DIRECTION = """
def normalise(values, higher_is_worse, method="minmax"):
    values = values.astype(float)
    present = values.dropna()
    if present.nunique() <= 1:
        return values.where(values.isna(), 0.0)
    if method == "minmax":
        scaled = (values - present.min()) / (present.max() - present.min())
    else:
        scaled = (values.rank(method="average") - 1) / (len(present) - 1)
    return scaled  # wrong: ignores higher_is_worse, so the best-served place scores 1 for water access


DIRECTIONS = {column: True for column in raw.columns}  # Gwangju: every indicator really is "higher is worse"
scores_minmax = pd.DataFrame({c: normalise(raw[c], DIRECTIONS[c], "minmax") for c in raw.columns})
scores_rank = pd.DataFrame({c: normalise(raw[c], DIRECTIONS[c], "rank") for c in raw.columns})
"""

WEIGHTS_NOT_RENORMALISED = """
def composite(scores, weights, method="arithmetic"):
    w = pd.Series(weights, dtype=float).reindex(scores.columns)  # wrong: weights are not divided by their sum
    if method == "arithmetic":
        values = (scores * w).sum(axis=1)
    else:
        values = ((0.1 + 0.9 * scores) ** w).prod(axis=1)
    return values.where(scores.notna().all(axis=1))


EQUAL = {column: 1.0 for column in scores_minmax.columns}
arith = composite(scores_minmax, EQUAL, "arithmetic")
geom = composite(scores_minmax, EQUAL, "geometric")
"""

MISSING_AS_ZERO = """
def composite(scores, weights, method="arithmetic"):
    w = pd.Series(weights, dtype=float).reindex(scores.columns)
    w = w / w.sum()
    filled = scores.fillna(0.0)  # wrong: a place that did not report is scored as if it were best off
    if method == "arithmetic":
        return (filled * w).sum(axis=1)
    return ((0.1 + 0.9 * filled) ** w).prod(axis=1)


EQUAL = {column: 1.0 for column in scores_minmax.columns}
arith = composite(scores_minmax, EQUAL, "arithmetic")
geom = composite(scores_minmax, EQUAL, "geometric")
"""

GAPS_MISSING_AS_ZERO = """
def gap_measures(values, higher_is_worse=True):
    present = values.fillna(0.0).astype(float)  # wrong: missing counted as a zero
    low, high = present.min(), present.max()
    return pd.Series(
        {
            "n": len(present),
            "missing": 0,
            "range": high - low if len(present) >= 2 else np.nan,
            "ratio": high / low if len(present) >= 2 and low > 0 else np.nan,
            "cv": present.std(ddof=0) / present.mean() if len(present) >= 2 else np.nan,
            "worst": present.idxmax() if higher_is_worse else present.idxmin(),
            "best": present.idxmin() if higher_is_worse else present.idxmax(),
        }
    )


gaps = pd.DataFrame({column: gap_measures(raw[column]) for column in raw.columns}).T
"""

TIES_BY_ROW_ORDER = """
def rank_table(values):
    rank = values.rank(ascending=False, method="first")  # wrong: a tie is broken by the order of the rows
    tied = rank.duplicated(keep=False) & rank.notna()
    return pd.DataFrame({"rank": rank, "tied": tied})


ranks = rank_table(arith)
"""

HARD_CODED_UNSTABLE = """
def unstable_places(shares, low=0.1, high=0.9):
    return []  # wrong: Gwangju's answer, whatever the shares


unstable = unstable_places(stability["arithmetic"])
"""

UPPER_EDGE_INCLUDED = """
def unstable_places(shares, low=0.1, high=0.9):
    s = shares.dropna()
    s = s[(s >= low) & (s <= high)]  # wrong: "below high" read as "at or below"
    return sorted(s.index, key=lambda place: (-s[place], str(place)))


unstable = unstable_places(stability["arithmetic"])
"""

TOTALS_COUNT_AS_BREAKDOWN = """
def can_show(table, fields):
    return any(field in table.columns and table[field].notna().any() for field in fields)  # wrong: 'total' shows nobody


gap_table = pd.DataFrame(
    {name: {group: can_show(table, fields) for group, fields in GROUPS.items()} for name, table in TABLES.items()}
)
"""

RANK_1_LEAST_BEHIND = """
def rank_table(values):
    rank = values.rank(ascending=True, method="min")  # wrong: rank 1 = the place LEAST left behind
    tied = rank.duplicated(keep=False) & rank.notna()
    return pd.DataFrame({"rank": rank, "tied": tied})


ranks = rank_table(arith)
"""

SAMPLE_SD_IN_CV = """
def gap_measures(values, higher_is_worse=True):
    present = values.dropna().astype(float)
    n = len(present)
    low, high = (present.min(), present.max()) if n else (np.nan, np.nan)
    enough = n >= 2
    return pd.Series(
        {
            "n": n,
            "missing": int(values.isna().sum()),
            "range": high - low if enough else np.nan,
            "ratio": high / low if enough and low > 0 else np.nan,
            "cv": present.std() / present.mean() if enough else np.nan,  # wrong: pandas' default sample SD (ddof=1)
            "worst": (present.idxmax() if higher_is_worse else present.idxmin()) if n else None,
            "best": (present.idxmin() if higher_is_worse else present.idxmax()) if n else None,
        }
    )


gaps = pd.DataFrame({column: gap_measures(raw[column]) for column in raw.columns}).T
"""

GEOMETRIC_WITH_ZEROS = """
def composite(scores, weights, method="arithmetic"):
    w = pd.Series(weights, dtype=float).reindex(scores.columns)
    w = w / w.sum()
    if method == "arithmetic":
        values = (scores * w).sum(axis=1)
    else:
        values = (scores**w).prod(axis=1)  # wrong: scores not moved to 0.1..1, so one 0 sets the product to 0
    return values.where(scores.notna().all(axis=1))


EQUAL = {column: 1.0 for column in scores_minmax.columns}
arith = composite(scores_minmax, EQUAL, "arithmetic")
geom = composite(scores_minmax, EQUAL, "geometric")
"""

TOP_GROUP_BY_ROW_ORDER = """
def draw_weights(columns, n_draws, seed):
    rng = np.random.default_rng(seed)
    return pd.DataFrame(rng.dirichlet(np.ones(len(columns)), size=n_draws), columns=list(columns))


def share_in_top(scores, draws, top, method="arithmetic"):
    complete = scores.dropna()
    w = draws[list(scores.columns)].to_numpy(dtype=float)
    w = w / w.sum(axis=1, keepdims=True)
    m = complete.to_numpy(dtype=float)
    values = m @ w.T if method == "arithmetic" else np.exp(np.log(0.1 + 0.9 * m) @ w.T)
    # wrong: the top group is the first `top` rows by rank, so a tie at the edge is broken by row order
    ranks = pd.DataFrame(values, index=complete.index).rank(ascending=False, method="first")
    return (ranks <= top).mean(axis=1).reindex(scores.index)


TOP = 2
draws = draw_weights(list(raw.columns), 500, 2030)
stability = pd.DataFrame(
    {method: share_in_top(scores_minmax, draws, TOP, method) for method in ("arithmetic", "geometric")}
)
"""

TOOLKIT_SHORTCUT = """
from rightsclimate import leftbehind as lb


def rank_table(values):
    rank = lb.rank_places(values).astype(float)  # wrong: the toolkit does the step the learner must show
    tied = rank.duplicated(keep=False) & rank.notna()
    return pd.DataFrame({"rank": rank, "tied": tied})


ranks = rank_table(arith)
"""

TOTALS_NOT_LEFT_OUT = """
def can_show(table, fields):
    for field in fields:
        if field in table.columns:
            values = table[field].dropna().astype(str).str.strip()
            if values[values != ""].nunique() >= 2:  # wrong: 'total' and 'all areas' count as groups
                return True
    return False


gap_table = pd.DataFrame(
    {name: {group: can_show(table, fields) for group, fields in GROUPS.items()} for name, table in TABLES.items()}
)
"""

MISSING_MARKED_AS_TIED = """
def rank_table(values):
    rank = values.rank(ascending=False, method="min")
    tied = rank.duplicated(keep=False)  # wrong: two places without a rank are called a tie
    return pd.DataFrame({"rank": rank, "tied": tied})


ranks = rank_table(arith)
"""

TIES_NOT_ALPHABETICAL = """
def unstable_places(shares, low=0.1, high=0.9):
    s = shares.dropna()
    s = s[(s >= low) & (s < high)]
    return sorted(s.index, key=lambda place: -s[place])  # wrong: a tie keeps the order of the rows


unstable = unstable_places(stability["arithmetic"])
"""

CASES = {
    "normalising in the wrong direction": ("normalise_answer", WRONG_DIRECTION, {"normalise_test"}),
    "weights not re-normalised": ("composite_answer", WEIGHTS_NOT_RENORMALISED, {"composite_test"}),
    "missing score treated as zero": ("composite_answer", MISSING_AS_ZERO, {"composite_test"}),
    "missing value counted as zero in the gap": ("gaps_answer", GAPS_MISSING_AS_ZERO, {"gaps_test"}),
    "ties ranked by row order": ("rank_answer", TIES_BY_ROW_ORDER, {"rank_test"}),
    "the toolkit's ranking wrapped instead of written": ("rank_answer", TOOLKIT_SHORTCUT, {"rank_test"}),
    "totals counted as a group": ("gap_table_answer", TOTALS_NOT_LEFT_OUT, {"gap_table_test"}),
    "places without a rank marked as tied": ("rank_answer", MISSING_MARKED_AS_TIED, {"rank_test"}),
    "a tie among unstable places left in row order": ("unstable_answer", TIES_NOT_ALPHABETICAL, {"unstable_test"}),
    "unstable places hard-coded for Gwangju": ("unstable_answer", HARD_CODED_UNSTABLE, {"unstable_test"}),
    "<= for < at the upper edge": ("unstable_answer", UPPER_EDGE_INCLUDED, {"unstable_test"}),
    "rank 1 given to the place least left behind": ("rank_answer", RANK_1_LEAST_BEHIND, {"rank_test"}),
    "sample standard deviation in the CV (ddof=1)": ("gaps_answer", SAMPLE_SD_IN_CV, {"gaps_test"}),
    "geometric mean with zeros left in": ("composite_answer", GEOMETRIC_WITH_ZEROS, {"composite_test"}),
    "top group cut by row order at a tie": ("stability_answer", TOP_GROUP_BY_ROW_ORDER, {"stability_test"}),
    "a field holding only totals counted as a breakdown": (
        "gap_table_answer",
        TOTALS_COUNT_AS_BREAKDOWN,
        {"gap_table_test"},
    ),
}


@pytest.mark.slow
def test_reference_solution_passes_every_test_cell():
    assert failing_tests(ASSIGNMENT) == set()


@pytest.mark.slow
@pytest.mark.parametrize("case", list(CASES))
def test_wrong_answer_loses_exactly_its_points(case):
    answer_cell, wrong_source, expected = CASES[case]
    failed = failing_tests(ASSIGNMENT, {answer_cell: wrong_source})
    assert failed == expected, f"{case}: failing test cells {sorted(failed)}, expected {sorted(expected)}"
