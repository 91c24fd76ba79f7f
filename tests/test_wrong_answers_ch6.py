"""Plausible wrong answers to ch6_rights_based_indicators lose points, in the test cell that teaches that part.

Each case executes the instructor notebook once with one answer cell replaced (tests/answer_variants.py)
and asserts exactly which graded test cells fail: the part the mistake belongs to, plus the later parts
that honestly depend on it (a wrong rate also gives a wrong target). The learner's province is the
notebook's default, Gwangju (KR-29), so a mistake that happens to be right for Gwangju must still be
caught by the hidden tests' other provinces and years. That the reference solution passes every test
cell is checked by tests/test_nbgrader_course.py (courseops.gradecheck); each case below would also show
any extra failure, since it asserts the exact set of failing cells.
"""

from __future__ import annotations

import pytest
from answer_variants import test_results

ASSIGNMENT = "ch6_rights_based_indicators"
pytestmark = pytest.mark.slow  # every test executes the notebook (about 10 s each)

# Answer cells as a learner might write them, each with one mistake (code only; no solution markers).
COUNTS_OK = """
def season_cases(heat, iso, year):
    rows = heat[(heat["province_iso"] == iso) & (heat["date"].dt.year == year) & heat["date"].dt.month.isin([7, 8])]
    return np.nan if len(rows) != 62 or rows["cases"].isna().any() else int(rows["cases"].sum())


def province_population(pop, iso, year):
    rows = pop[(pop["level"] == "sido") & (pop["iso_3166_2"] == iso) & (pop["year"] == year)]
    rows = rows[(rows["sex"] == "total") & (rows["age_band"] == "total")]
    return int(rows["population"].iloc[0]) if len(rows) else np.nan
"""

MISSING_AS_ZERO = COUNTS_OK.replace(
    'return np.nan if len(rows) != 62 or rows["cases"].isna().any() else int(rows["cases"].sum())',
    'return int(rows["cases"].sum())  # pandas skips missing values: an unreported season becomes 0',
)

RATE_TAIL = """
rates = pd.Series({year: heat_illness_rate(heat, pop, PROVINCE, year) for year in YEARS})
baseline = rates[BASELINE_YEAR]
"""

NATIONAL_DENOMINATOR = (
    """
def heat_illness_rate(heat, pop, iso, year):
    everyone = pop[(pop["level"] == "sido") & (pop["year"] == year) & (pop["sex"] == "total") & (pop["age_band"] == "total")]
    return season_cases(heat, iso, year) / everyone["population"].sum() * 100_000
"""
    + RATE_TAIL
)

PREVIOUS_YEAR_POPULATION = (
    """
def heat_illness_rate(heat, pop, iso, year):
    # residents at the start of the summer's year, i.e. the end of the year before
    return season_cases(heat, iso, year) / province_population(pop, iso, year - 1) * 100_000
"""
    + RATE_TAIL
)

COUNT_AS_RATE = (
    """
def heat_illness_rate(heat, pop, iso, year):
    return season_cases(heat, iso, year)
"""
    + RATE_TAIL
)

PER_THOUSAND = (
    """
def heat_illness_rate(heat, pop, iso, year):
    return season_cases(heat, iso, year) / province_population(pop, iso, year) * 1_000
"""
    + RATE_TAIL
)

HARD_CODED_PROVINCE = (
    """
def heat_illness_rate(heat, pop, iso, year):
    return season_cases(heat, PROVINCE, year) / province_population(pop, PROVINCE, year) * 100_000
"""
    + RATE_TAIL
)

NATIONAL_KEEPS_MISSING_PROVINCES = """
def national_rate(heat, pop, year):
    cases = [season_cases(heat, iso, year) for iso in heat["province_iso"].unique()]
    people = [province_population(pop, iso, year) for iso in heat["province_iso"].unique()]
    return np.nansum(cases) / np.sum(people) * 100_000


def gap_to_national(heat, pop, iso, year):
    return heat_illness_rate(heat, pop, iso, year) - national_rate(heat, pop, year)


national_2024 = national_rate(heat, pop, BASELINE_YEAR)
gap_2024 = gap_to_national(heat, pop, PROVINCE, BASELINE_YEAR)
"""

EVERY_LEVEL_ADDED = """
def share_65plus(pop, iso, year, sex):
    rows = pop[(pop["iso_3166_2"] == iso) & (pop["year"] == year) & (pop["sex"] == sex)]  # no level filter
    older = rows.loc[rows["age_band"].isin(OLDER_BANDS), "population"].sum()
    everyone = rows.loc[rows["age_band"] == "total", "population"].sum()
    return float(older / everyone * 100)


older_share = pd.Series({sex: share_65plus(pop, PROVINCE, BASELINE_YEAR, sex) for sex in ["female", "male", "total"]})
"""

TARGET_TAIL = """
target = propose_target(baseline, national_2024)
TARGET_YEAR = 2030
DIRECTION = "decrease"
"""

TARGET_TOWARDS_NATIONAL = (
    """
def propose_target(baseline, national):
    return (baseline + national) / 2  # "halfway to the national rate", also when the province is below it
"""
    + TARGET_TAIL
)

TARGET_AT_OR_ABOVE = (
    """
def propose_target(baseline, national):
    if baseline >= national:
        return (baseline + national) / 2
    return baseline * 0.9
"""
    + TARGET_TAIL
)

SET_WITHOUT_PROCESS = """
common = {"right": "right to health (ICESCR art. 12)", "duty_bearer": "national government", "source": "package"}
rows = [
    {**common, "attribute": "commitment", "type": "structural", "indicator": "State party to the ICESCR",
     "unit": "1 = in place, 0 = not", "baseline": icescr[0], "baseline_year": 2022},
    {**common, "attribute": "commitment", "type": "structural", "indicator": "State party to the CRPD",
     "unit": "1 = in place, 0 = not", "baseline": crpd[0], "baseline_year": 2022},
    {**common, "attribute": "accountability", "type": "structural", "indicator": "NHRI with A status",
     "unit": "1 = in place, 0 = not", "baseline": nhri[0], "baseline_year": nhri[1]},
    {**common, "attribute": "prevention", "type": "outcome", "indicator": "Heat-related illness",
     "unit": "cases per 100,000 residents", "disaggregation": "sex; age group", "baseline": baseline,
     "baseline_year": BASELINE_YEAR, "target": target, "target_year": TARGET_YEAR, "direction": DIRECTION},
]
my_set = indicator_set(rows)
"""

CASES = {
    # mistake: (answer cell, wrong source, test cells that must fail, and no others)
    "missing counts added as zero": (
        "counts_answer",
        MISSING_AS_ZERO,
        {"counts_test", "rate_test", "gap_test"},
    ),
    "national population as the denominator": (
        "rate_answer",
        NATIONAL_DENOMINATOR,
        {"rate_test", "gap_test", "set_test"},
    ),
    "the previous year's population": ("rate_answer", PREVIOUS_YEAR_POPULATION, {"rate_test", "gap_test", "set_test"}),
    "a count given as a rate": ("rate_answer", COUNT_AS_RATE, {"rate_test", "gap_test", "set_test"}),
    "per 1,000 instead of per 100,000": ("rate_answer", PER_THOUSAND, {"rate_test", "gap_test", "set_test"}),
    "hard-coded for the learner's own province": ("rate_answer", HARD_CODED_PROVINCE, {"rate_test", "gap_test"}),
    "national rate keeps the residents of provinces without counts": (
        "gap_answer",
        NATIONAL_KEEPS_MISSING_PROVINCES,
        {"gap_test"},
    ),
    # right wherever districts split the province once (Gwangju); wrong where cities hold districts
    "province, city and district rows added together": ("older_answer", EVERY_LEVEL_ADDED, {"older_test"}),
    "target in the wrong direction": ("target_answer", TARGET_TOWARDS_NATIONAL, {"target_test", "set_test"}),
    ">= where the rule says strictly above": ("target_answer", TARGET_AT_OR_ABOVE, {"target_test"}),
    "a set without a process indicator": ("set_answer", SET_WITHOUT_PROCESS, {"set_test"}),
}


@pytest.mark.parametrize("mistake", list(CASES))
def test_wrong_answer_loses_the_points_of_its_part(mistake):
    cell, source, expected = CASES[mistake]
    results = test_results(ASSIGNMENT, {cell: source})
    failed = {test for test, passed in results.items() if not passed}
    assert failed == expected, f"{mistake}: failed {sorted(failed)}, expected {sorted(expected)}"
