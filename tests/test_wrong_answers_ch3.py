"""Plausible wrong answers to ch3_local_climate_indicators lose points.

Each case swaps one answer cell of the instructor notebook for a wrong answer a learner could write
and checks which graded test cells fail (tests/answer_variants.py executes the notebook). Several
learners pick a city other than Gwangju, where the visible checks test no city-specific values: the
hidden tests must catch them by calling the learner's functions on other cities and edge cases.
"""

from __future__ import annotations

import pytest
from answer_variants import failing_tests

ASSIGNMENT = "ch3_local_climate_indicators"

TR_AT_OR_ABOVE_20 = """
CITY = "seoul"  # chose another city: the Gwangju values in the visible check are not tested
city = daily(CITY)


def days_above(series, threshold):
    hit = series >= threshold  # wrong: "at or above", so a night at exactly 20.0 °C counts
    return hit.groupby(series.index.year).sum().reindex(YEARS, fill_value=0).astype(int)


tropical_nights_tr = days_above(city["tmin_c"], 20.0)
tropical_nights_25 = days_at_or_above(city["tmin_c"], 25.0)
"""

KOREAN_NIGHTS_STRICT = """
def days_above(series, threshold):
    hit = series > threshold
    return hit.groupby(series.index.year).sum().reindex(YEARS, fill_value=0).astype(int)


tropical_nights_tr = days_above(city["tmin_c"], 20.0)
tropical_nights_25 = days_above(city["tmin_c"], 25.0)  # wrong: ETCCDI's strict rule for the 25 °C count
"""

RAIN_STRICTLY_ABOVE_10 = """
def rain_indicators(precip):
    year = precip.index.year
    table = pd.DataFrame(
        {
            "r10": (precip > 10.0).groupby(year).sum(),  # wrong: R10mm counts days with at least 10 mm
            "r20": (precip >= 20.0).groupby(year).sum(),
            "rx1day": precip.groupby(year).max(),
        }
    ).reindex(YEARS)
    table[["r10", "r20"]] = table[["r10", "r20"]].fillna(0).astype(int)
    return table


rain = rain_indicators(city["precip_mm"])
r10, r20, rx1day = rain["r10"], rain["r20"], rain["rx1day"]
"""

PERCENTILE_AT_OR_ABOVE = """
def share_above_p90(tmax):
    threshold = float(tmax.quantile(0.90))
    above = (tmax >= threshold).groupby(tmax.index.year)  # wrong: days equal to the percentile count
    return (100.0 * above.sum() / above.size()).reindex(YEARS)


p90 = float(city["tmax_c"].quantile(0.90))
warm_share = share_above_p90(city["tmax_c"])
"""

RANK_WRONG_WAY = """
flags = weather.assign(year=weather["date"].dt.year, hot=weather["tmax_c"] >= 33.0)
mean_hot_days = flags.groupby(["city_id", "year"], observed=True)["hot"].sum().groupby(level="city_id", observed=True).mean()
mean_hot_days.index = mean_hot_days.index.astype(str)


def rank_among(city_id, means):
    country = cities.set_index("city_id").loc[city_id, "country_iso2"]
    peers = [c for c in cities.loc[cities["country_iso2"] == country, "city_id"] if c in means.index]
    # wrong: rank 1 = the fewest hot days
    return int(means.rank(method="min")[city_id]), int(means[peers].rank(method="min")[city_id])


rank_all, rank_country = rank_among(CITY, mean_hot_days)
"""

STORMS_ALWAYS_ZERO = """
CITY = "jakarta"  # a city typhoons do not reach, where zeros are the right answer
DECADES = list(range(1950, 2020, 10))


def storms_near(city_id, radius_km=300):
    return pd.DataFrame(0, index=DECADES, columns=["storms", "strong"])  # wrong: a constant


typhoons = storms_near(CITY)
storms_by_decade, strong_by_decade = typhoons["storms"], typhoons["strong"]
"""

STRONG_BY_LIFETIME_PEAK = """
CITY = "bangkok"  # chose another city: the Gwangju values in the visible check are not tested
DECADES = list(range(1950, 2020, 10))


def storms_near(city_id, radius_km=300):
    lat, lon = cities.set_index("city_id").loc[city_id, ["lat", "lon"]]
    dist = haversine_km(lat, lon, tracks["lat"].to_numpy(), tracks["lon"].to_numpy())
    near = tracks[dist <= radius_km].assign(decade=lambda d: d["time"].dt.year // 10 * 10)
    # wrong: a storm counts as strong if it was Cat3-5 anywhere in its life, not near the city
    ever_strong = set(tracks.loc[tracks["category"].astype(str).isin(["Cat3", "Cat4", "Cat5"]), "storm_id"])
    strong = near[near["storm_id"].isin(ever_strong)]
    counts = pd.DataFrame(
        {
            "storms": near.groupby("decade")["storm_id"].nunique(),
            "strong": strong.groupby("decade")["storm_id"].nunique(),
        }
    )
    return counts.reindex(DECADES).fillna(0).astype(int)


typhoons = storms_near(CITY)
storms_by_decade, strong_by_decade = typhoons["storms"], typhoons["strong"]
"""

CASES = {
    "TR counted at or above 20 °C": ("tropical_nights_answer", TR_AT_OR_ABOVE_20, {"tropical_nights_test"}),
    "25 °C nights counted strictly above": ("tropical_nights_answer", KOREAN_NIGHTS_STRICT, {"tropical_nights_test"}),
    "heavy rain counted above 10 mm, not at 10 mm": ("rain_answer", RAIN_STRICTLY_ABOVE_10, {"rain_test"}),
    ">= for > at the 90th percentile": ("percentile_answer", PERCENTILE_AT_OR_ABOVE, {"percentile_test"}),
    "rank 1 = fewest hot days": ("rank_answer", RANK_WRONG_WAY, {"rank_test"}),
    "constant zero storms for a city typhoons do not reach": (
        "typhoon_answer",
        STORMS_ALWAYS_ZERO,
        {"typhoon_test", "typhoon_strong_test"},
    ),
    "strong storms by lifetime peak": ("typhoon_answer", STRONG_BY_LIFETIME_PEAK, {"typhoon_strong_test"}),
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
