"""Plausible wrong answers to ch4_disaster_accountability lose points.

Each case swaps one answer cell of the instructor notebook for a wrong answer a learner could write
and checks which graded test cells fail (tests/answer_variants.py executes the notebook). Several
learners choose a province other than Leyte, where the visible checks test no province-specific values:
the hidden tests must catch them by calling the learner's functions on other provinces, typhoons and
small made-up tables.
"""

from __future__ import annotations

import pytest
from answer_variants import changed_answer, failing_tests, reference_answers

ASSIGNMENT = "ch4_disaster_accountability"
SOURCES = reference_answers(ASSIGNMENT)


def mistake(answer_cell: str, old: str, new: str) -> tuple[str, str, set[str]]:
    """A case: the reference answer of ``answer_cell`` with ``old`` replaced by ``new``, which must fail
    that part's test cell only."""
    return answer_cell, changed_answer(SOURCES, answer_cell, old, new)[answer_cell], {answer_cell.replace("_answer", "_test")}


COUNT_NOT_RATE = """
def yearly_rate(impacts, population, psgc, field):
    rows = impacts[(impacts["psgc"] == psgc) & (impacts["entry"] == 1)]
    totals = rows.groupby("year")[field].sum(min_count=1)
    totals.index = totals.index.astype(int)
    return totals.reindex(YEARS).astype(float).rename(field)  # wrong: a count, not per 100,000


deaths_rate = yearly_rate(impacts, population, MY_PSGC, "dead")
affected_rate = yearly_rate(impacts, population, MY_PSGC, "affected_persons")
"""

MISSING_AS_ZERO = """
def yearly_rate(impacts, population, psgc, field):
    rows = impacts[(impacts["psgc"] == psgc) & (impacts["entry"] == 1)]
    totals = rows.groupby("year")[field].sum()  # wrong: a year whose reports are all empty becomes 0
    totals.index = totals.index.astype(int)
    return (100_000 * totals.reindex(YEARS, fill_value=0).astype(float) / float(population[psgc])).rename(field)


deaths_rate = yearly_rate(impacts, population, MY_PSGC, "dead")
affected_rate = yearly_rate(impacts, population, MY_PSGC, "affected_persons")
"""

NATIONAL_DENOMINATOR = """
def yearly_rate(impacts, population, psgc, field):
    rows = impacts[(impacts["psgc"] == psgc) & (impacts["entry"] == 1)]
    totals = rows.groupby("year")[field].sum(min_count=1)
    totals.index = totals.index.astype(int)
    # wrong: the province's deaths divided by the whole country's population
    return (100_000 * totals.reindex(YEARS).astype(float) / float(population.sum())).rename(field)


deaths_rate = yearly_rate(impacts, population, MY_PSGC, "dead")
affected_rate = yearly_rate(impacts, population, MY_PSGC, "affected_persons")
"""

HARD_CODED_PROVINCE = """
MY_PROVINCE = "Iloilo"  # chose another province: the Leyte values in the visible checks are not tested
MY_PSGC = PROVINCES[MY_PROVINCE]


def yearly_rate(impacts, population, psgc, field):
    rows = impacts[(impacts["psgc"] == "063000000") & (impacts["entry"] == 1)]  # wrong: always Iloilo
    totals = rows.groupby("year")[field].sum(min_count=1)
    totals.index = totals.index.astype(int)
    return (100_000 * totals.reindex(YEARS).astype(float) / float(population["063000000"])).rename(field)


deaths_rate = yearly_rate(impacts, population, MY_PSGC, "dead")
affected_rate = yearly_rate(impacts, population, MY_PSGC, "affected_persons")
"""

ZERO_NOT_A_REPORT = """
def completeness(impacts, psgc, fields):
    rows = impacts[(impacts["psgc"] == psgc) & (impacts["entry"] == 1)]
    shares = (rows[list(fields)] > 0).groupby(rows["year"].astype(int)).mean()  # wrong: a reported 0 is a report
    return shares.reindex(YEARS)


my_completeness = completeness(impacts, MY_PSGC, FIELDS)
"""

NATION_BY_NATIONAL_POPULATION = """
def compare_with_nation(impacts, population, psgc, field, start, end):
    rows = impacts[(impacts["entry"] == 1) & impacts["year"].between(start, end) & impacts["psgc"].isin(population.index)]
    totals = rows.groupby("psgc")[field].sum(min_count=1).reindex(population.index).astype(float)
    rates = 100_000 * totals / population.astype(float)
    nation = 100_000 * totals.sum() / float(population.sum())
    ranks = rates.dropna().rank(ascending=False, method="min")
    province = 100_000 * totals[psgc] / float(population.sum())  # wrong: the national population as denominator
    return pd.Series({"province": province, "nation": nation, "ratio": province / nation, "rank": ranks.get(psgc, np.nan)})


my_comparison = compare_with_nation(impacts, population, MY_PSGC, "dead", 2013, 2017)
"""

RANK_LOWEST_FIRST = """
MY_PROVINCE = "Cebu"  # chose another province: the Leyte values in the visible checks are not tested
MY_PSGC = PROVINCES[MY_PROVINCE]


def compare_with_nation(impacts, population, psgc, field, start, end):
    rows = impacts[(impacts["entry"] == 1) & impacts["year"].between(start, end) & impacts["psgc"].isin(population.index)]
    totals = rows.groupby("psgc")[field].sum(min_count=1).reindex(population.index).astype(float)
    rates = 100_000 * totals / population.astype(float)
    nation = 100_000 * totals.sum() / float(population.sum())
    ranks = rates.dropna().rank(method="min")  # wrong: rank 1 = the lowest rate
    return pd.Series({"province": rates[psgc], "nation": nation, "ratio": rates[psgc] / nation, "rank": ranks.get(psgc, np.nan)})


my_comparison = compare_with_nation(impacts, population, MY_PSGC, "dead", 2013, 2017)
"""

ALL_DAMAGED_HOUSES = """
def destroyed_per_1000(damage, typhoon, province_psgc):
    rows = damage[(damage["typhoon"] == typhoon) & (damage["entry"] == 1)
                  & (damage["psgc"].str[:4] == province_psgc[:4])].set_index("psgc")
    # wrong: destroyed and partly damaged houses together
    return (1000 * rows["houses_damaged"].astype(float) / rows["population"].astype(float)).sort_index()


my_destroyed = destroyed_per_1000(damage, MY_TYPHOON, MY_PSGC)
"""

CORRELATION_WRONG_WAY = """
def damage_poverty_correlation(damage, typhoon, province_psgc):
    destroyed = destroyed_per_1000(damage, typhoon, province_psgc)
    rows = damage[(damage["typhoon"] == typhoon) & (damage["entry"] == 1)].set_index("psgc")
    poverty_share = rows.loc[destroyed.index, "poverty_incidence"].astype(float)
    if len(destroyed) < 5:
        return float("nan")
    # wrong: damage ranked from the highest down, poverty from the lowest up
    return float(destroyed.rank(ascending=False).corr(poverty_share.rank()))


my_correlation = damage_poverty_correlation(damage, MY_TYPHOON, MY_PSGC)
"""

FLAG_AT_OR_ABOVE = """
def flag_high_damage_high_poverty(damage, typhoon, province_psgc):
    destroyed = destroyed_per_1000(damage, typhoon, province_psgc)
    rows = damage[(damage["typhoon"] == typhoon) & (damage["entry"] == 1)].set_index("psgc")
    poverty_share = rows.loc[destroyed.index, "poverty_incidence"].astype(float)
    # wrong: a municipality exactly at the median is flagged
    return (destroyed >= destroyed.median()) & (poverty_share >= poverty_share.median())


my_flags = flag_high_damage_high_poverty(damage, MY_TYPHOON, MY_PSGC)
"""

PER_1000_NOT_100000 = """
def yearly_rate(impacts, population, psgc, field):
    rows = impacts[(impacts["psgc"] == psgc) & (impacts["entry"] == 1)]
    totals = rows.groupby("year")[field].sum(min_count=1)
    totals.index = totals.index.astype(int)
    return (1_000 * totals.reindex(YEARS).astype(float) / float(population[psgc])).rename(field)  # wrong: per 1,000


deaths_rate = yearly_rate(impacts, population, MY_PSGC, "dead")
affected_rate = yearly_rate(impacts, population, MY_PSGC, "affected_persons")
"""

DESTROYED_PER_100000 = """
MY_PROVINCE = "Iloilo"  # chose another province: the Leyte median in the visible checks is not tested
MY_PSGC = PROVINCES[MY_PROVINCE]


def destroyed_per_1000(damage, typhoon, province_psgc):
    rows = damage[(damage["typhoon"] == typhoon) & (damage["entry"] == 1)
                  & (damage["psgc"].str[:4] == province_psgc[:4])].set_index("psgc")
    # wrong: per 100,000 residents where per 1,000 is asked (ranks and medians do not change)
    return (100_000 * rows["houses_destroyed"].astype(float) / rows["population"].astype(float)).sort_index()


my_destroyed = destroyed_per_1000(damage, MY_TYPHOON, MY_PSGC)
"""

PARTLY_DAMAGED_HOUSES = """
def destroyed_per_1000(damage, typhoon, province_psgc):
    rows = damage[(damage["typhoon"] == typhoon) & (damage["entry"] == 1)
                  & (damage["psgc"].str[:4] == province_psgc[:4])].set_index("psgc")
    # wrong: partly damaged houses, not destroyed ones
    return (1000 * rows["houses_partly_damaged"].astype(float) / rows["population"].astype(float)).sort_index()


my_destroyed = destroyed_per_1000(damage, MY_TYPHOON, MY_PSGC)
"""

PEARSON_NOT_SPEARMAN = """
def damage_poverty_correlation(damage, typhoon, province_psgc):
    destroyed = destroyed_per_1000(damage, typhoon, province_psgc)
    rows = damage[(damage["typhoon"] == typhoon) & (damage["entry"] == 1)].set_index("psgc")
    poverty_share = rows.loc[destroyed.index, "poverty_incidence"].astype(float)
    if len(destroyed) < 5:
        return float("nan")
    return float(destroyed.corr(poverty_share))  # wrong: Pearson on the values, not Spearman on the ranks


my_correlation = damage_poverty_correlation(damage, MY_TYPHOON, MY_PSGC)
"""

DROPS_MISSING_POVERTY = """
def flag_high_damage_high_poverty(damage, typhoon, province_psgc):
    destroyed = destroyed_per_1000(damage, typhoon, province_psgc)
    rows = damage[(damage["typhoon"] == typhoon) & (damage["entry"] == 1)].set_index("psgc")
    poverty_share = rows.loc[destroyed.index, "poverty_incidence"].astype(float).dropna()  # wrong: drops the gap
    destroyed = destroyed[poverty_share.index]
    return (destroyed > destroyed.median()) & (poverty_share > poverty_share.median())


my_flags = flag_high_damage_high_poverty(damage, MY_TYPHOON, MY_PSGC)
"""

MISSING_POVERTY_AS_ZERO = """
def flag_high_damage_high_poverty(damage, typhoon, province_psgc):
    destroyed = destroyed_per_1000(damage, typhoon, province_psgc)
    rows = damage[(damage["typhoon"] == typhoon) & (damage["entry"] == 1)].set_index("psgc")
    poverty_share = rows.loc[destroyed.index, "poverty_incidence"].astype(float).fillna(0)  # wrong: a gap as 0
    return (destroyed > destroyed.median()) & (poverty_share > poverty_share.median())


my_flags = flag_high_damage_high_poverty(damage, MY_TYPHOON, MY_PSGC)
"""


CASES = {
    "a count instead of a rate": ("rate_answer", COUNT_NOT_RATE, {"rate_test"}),
    "missing kept as zero": ("rate_answer", MISSING_AS_ZERO, {"rate_test"}),
    "national population as the province's denominator": ("rate_answer", NATIONAL_DENOMINATOR, {"rate_test"}),
    "hard-coded for one province": ("rate_answer", HARD_CODED_PROVINCE, {"rate_test"}),
    "a reported zero counted as not reported": ("completeness_answer", ZERO_NOT_A_REPORT, {"completeness_test"}),
    "province rate over the national population": ("nation_answer", NATION_BY_NATIONAL_POPULATION, {"nation_test"}),
    "rank 1 = lowest rate": ("nation_answer", RANK_LOWEST_FIRST, {"nation_test"}),
    "all damaged houses instead of destroyed": (
        "destroyed_answer",
        ALL_DAMAGED_HOUSES,
        {"destroyed_test", "correlation_test", "flag_test"},  # parts 5 and 6 build on part 4
    ),
    "rank correlation the wrong way": ("correlation_answer", CORRELATION_WRONG_WAY, {"correlation_test"}),
    ">= for > in the flag": ("flag_answer", FLAG_AT_OR_ABOVE, {"flag_test"}),
    "per 1,000 where per 100,000 is asked": ("rate_answer", PER_1000_NOT_100000, {"rate_test"}),
    "per 100,000 where per 1,000 is asked": ("destroyed_answer", DESTROYED_PER_100000, {"destroyed_test"}),
    "partly damaged houses instead of destroyed": (
        "destroyed_answer",
        PARTLY_DAMAGED_HOUSES,
        {"destroyed_test", "correlation_test", "flag_test"},  # parts 5 and 6 build on part 4
    ),
    "Pearson instead of Spearman": ("correlation_answer", PEARSON_NOT_SPEARMAN, {"correlation_test"}),
    "municipalities with missing poverty dropped": ("flag_answer", DROPS_MISSING_POVERTY, {"flag_test"}),
    "missing poverty read as zero": ("flag_answer", MISSING_POVERTY_AS_ZERO, {"flag_test"}),
    # one change in the reference answer; only that part's test cell fails
    "second reports added to the first": mistake(
        "rate_answer", 'impacts[(impacts["psgc"] == psgc) & (impacts["entry"] == 1)]', 'impacts[impacts["psgc"] == psgc]'
    ),
    "tied provinces ranked by their average place": mistake(
        "nation_answer", 'rank(ascending=False, method="min")', "rank(ascending=False)"
    ),
    "a province without reports ranked as zero": mistake(
        "nation_answer", '.groupby("psgc")[field].sum(min_count=1)', '.groupby("psgc")[field].sum()'
    ),
    "a municipality's second damage row kept": mistake("destroyed_answer", ' & (damage["entry"] == 1)', ""),
    "NaN already at 5 municipalities": mistake(
        "correlation_answer", "if len(destroyed) < 5:", "if len(destroyed) <= 5:"
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
