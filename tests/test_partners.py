"""Tests for rightsclimate.partners: the partnership matrix of chapter 8.

Small labelled synthetic tables pin down the counting rules; the last test runs on the shipped data.
"""

from __future__ import annotations

import pandas as pd
import pytest

from rightsclimate import partners as pa
from rightsclimate.data import load

# --- synthetic tables (SYNTHETIC, for tests only) ----------------------------------------------


def _networks(rows):
    base = {column: False for column in pa.NETWORK_COLUMNS}
    return pd.DataFrame([base | row for row in rows])


NETWORKS = _networks(
    [
        {"name": "Alpha", "iso3": "KOR", "entity_type": "city", "carbonn_2019": True},
        {"name": "Beta", "iso3": "KOR", "entity_type": "city", "carbonn_2019": True, "nazca": True},
        {"name": "Gamma", "iso3": "KOR", "entity_type": "region", "under2_coalition_2019": True},
        {"name": "No network", "iso3": "KOR", "entity_type": "region"},  # flagged nowhere: left out
        {"name": "Pt. Pembangkitan Jawa", "iso3": "IDN", "entity_type": "city", "nazca": True},  # a company
    ]
)
COUNTRIES = pd.DataFrame(
    {
        "iso3": ["KOR", "IDN", "NPL"],
        "name": ["South Korea", "Indonesia", "Nepal"],
        "un_name": ["Republic of Korea", "Indonesia", "Nepal"],
        "regional": [True] * 3,
    }
)
SERIES = pd.DataFrame(
    {
        "series_code": ["SG_NHR_IMPLN", "SG_NHR_INTEXSTN"],
        "iso3": ["KOR", "IDN"],
        "year": [2019, 2019],
        "value": [1, 1],
    }
)
RATIFICATION = pd.DataFrame(
    {
        "country_iso3": ["KOR", "IDN", "NPL", "KOR"],
        "instrument": ["ICCPR", "ICCPR", "ICCPR", "CRPD"],
        "state_party": [True, False, True, True],
    }
)


def test_network_counts_skip_non_governments_and_unflagged_rows():
    counts = pa.network_counts(NETWORKS)
    assert list(counts.index) == ["KOR"]  # the company was the only Indonesian row
    kor = counts.loc["KOR"]
    assert (kor["governments"], kor["cities"], kor["regions"], kor["in_two_or_more"]) == (3, 2, 1, 1)
    assert kor["carbonn_2019"] == 2 and kor["nazca"] == 1


def test_partnership_matrix_joins_status_treaty_and_networks():
    matrix = pa.partnership_matrix(COUNTRIES, SERIES, RATIFICATION, NETWORKS)
    assert matrix.loc["KOR", "name"] == "Republic of Korea"  # the country list's un_name, not its short name
    assert matrix.loc["KOR", "nhri_status"] == "A" and matrix.loc["IDN", "nhri_status"] == "B"
    assert pd.isna(matrix.loc["NPL", "nhri_status"])  # no status recorded stays missing, not D
    assert bool(matrix.loc["KOR", "ICCPR_party"]) and not bool(matrix.loc["IDN", "ICCPR_party"])
    assert matrix.loc["NPL", "network_governments"] == 0  # none listed
    assert matrix.loc["KOR", "network_in_two_or_more"] == 1


def test_partnership_matrix_without_un_names_keeps_the_list_names():
    matrix = pa.partnership_matrix(COUNTRIES.drop(columns="un_name"), SERIES, RATIFICATION, NETWORKS)
    assert matrix.loc["KOR", "name"] == "South Korea"  # no hand-typed map: the caller's list decides


def test_partnership_matrix_other_instrument_and_selection():
    matrix = pa.partnership_matrix(COUNTRIES, SERIES, RATIFICATION, NETWORKS, instrument="CRPD", iso3=["KOR"])
    assert list(matrix.index) == ["KOR"] and bool(matrix.loc["KOR", "CRPD_party"])


def test_partnership_matrix_bad_input_names_the_problem():
    with pytest.raises(ValueError, match="XYZ"):
        pa.partnership_matrix(COUNTRIES, SERIES, RATIFICATION, NETWORKS, iso3=["XYZ"])
    with pytest.raises(ValueError, match="CEDAW"):
        pa.partnership_matrix(COUNTRIES, SERIES, RATIFICATION, NETWORKS, instrument="CEDAW")
    with pytest.raises(KeyError, match="entity_type"):
        pa.network_counts(NETWORKS.drop(columns="entity_type"))


def test_shipped_data_gwangju_and_asean():
    networks = load("city_climate_network_participation")
    gwangju = networks[(networks["iso3"] == "KOR") & (networks["name"] == "Gwangju")]
    assert len(gwangju) == 1 and bool(gwangju["carbonn_2019"].iloc[0])
    asean = ["BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM"]
    matrix = pa.partnership_matrix(
        load("asia_pacific_countries"), load("sdg_series_asia_pacific"), load("treaty_ratification"), networks,
        iso3=asean,
    )
    assert len(matrix) == 10 and matrix.loc["LAO", "name"] == "Lao People's Democratic Republic"
    assert matrix["network_governments"].sum() == pa.network_counts(networks).reindex(asean)["governments"].sum()
