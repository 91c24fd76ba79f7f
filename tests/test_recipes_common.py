"""The shared recipe helpers in datasets/recipes/_common.py: one name-to-ISO3 look-up, each caller's policy."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "datasets"))

from recipes._common import name_to_iso3, names_to_iso3  # noqa: E402
from recipes.berkeley_earth import COUNTRY_ALIASES, country_iso3  # noqa: E402
from recipes.country_context import OWID_ALIASES, entity_iso3  # noqa: E402


def test_aliases_rename_before_the_pycountry_lookup():
    assert name_to_iso3("Burma", COUNTRY_ALIASES) == "MMR"
    assert name_to_iso3("Timor", OWID_ALIASES) == "TLS"
    assert name_to_iso3("Viet Nam") == "VNM"  # a name pycountry knows needs no alias


def test_unknown_name_policy_is_the_callers():
    with pytest.raises(ValueError, match="Berkeley Earth country name 'Atlantis' not known to pycountry"):
        country_iso3(pd.Series(["Japan", "Atlantis"]))
    assert entity_iso3("South-eastern Asia", {"South-eastern Asia"}) is None  # an OWID aggregate is dropped
    codes = names_to_iso3(pd.Series(["Nepal", "World"]), unknown="none")
    assert codes.iloc[0] == "NPL" and pd.isna(codes.iloc[1])
    with pytest.raises(ValueError, match="unknown must be"):
        name_to_iso3("Nepal", unknown="ignore")


def test_micronesia_is_the_country_only_without_a_country_entity():
    assert entity_iso3("Micronesia", {"Micronesia"}) == "FSM"
    assert entity_iso3("Micronesia", {"Micronesia", "Micronesia (country)"}) is None
    assert entity_iso3("Micronesia (country)", {"Micronesia", "Micronesia (country)"}) == "FSM"
