"""Partnership maps for chapter 8: who is there to work with, country by country.

One row per country joins three things the data package records separately:

- the NHRI accreditation status (SDG indicator 16.a.1, from :func:`rightsclimate.obligations.nhri_status`);
- whether the state is a party to a treaty (by default the ICCPR, whose article 25 protects participation);
- how many of its local and regional governments take part in transnational climate networks (ClimActor).

The result is a map of *possible* partners, not a measure of partnership: a city listed in a network
may be inactive, and a city missing from the list may act alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from rightsclimate import obligations as ob

# ClimActor's network columns (one boolean per network, 2018-2019 snapshots) and readable names.
NETWORK_COLUMNS = {
    "global_covenant_of_mayors_2019": "Global Covenant of Mayors",
    "c40_cities_2019": "C40 Cities",
    "carbonn_2019": "carbonn Climate Registry",
    "cdp_cities_2018": "CDP Cities",
    "nazca": "NAZCA",
    "under2_coalition_2019": "Under2 Coalition",
    "compact_of_states_regions_2018": "Compact of States and Regions",
    "appc": "Alliance of Peaking Pioneer Cities",
    "igdp_2019": "IGDP (ClimActor code)",
    "eu_covenant_of_mayors_2019": "EU Covenant of Mayors",
}


def _require(df: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise KeyError(f"{what}: missing column(s) {missing}; found {list(df.columns)}")


# Rows typed "city" in ClimActor that are not local governments (see the dataset's description).
NOT_GOVERNMENTS = frozenset({"Alliance of Peaking Pioneer Cities (APPC)", "Pt. Pembangkitan Jawa"})


def network_counts(networks: pd.DataFrame) -> pd.DataFrame:
    """Local and regional governments in climate networks, per country (``iso3``).

    Columns: ``governments`` (all listed), ``cities``, ``regions``, ``in_two_or_more`` (governments
    listed in at least two networks) and one count per network. Rows that are not governments
    (:data:`NOT_GOVERNMENTS`) and rows with no network flag (three Australian states, flagged only in
    a column the package does not ship) are left out. A country absent from ``networks`` is absent
    here: no listing is not the same as no climate action.
    """
    _require(networks, ("name", "iso3", "entity_type", *NETWORK_COLUMNS), "city_climate_network_participation")
    networks = networks[~networks["name"].astype(str).isin(NOT_GOVERNMENTS)]
    flags = networks[list(NETWORK_COLUMNS)].fillna(False).astype(bool)
    n_networks = flags.sum(axis=1)
    flags, networks, n_networks = flags[n_networks > 0], networks[n_networks > 0], n_networks[n_networks > 0]
    frame = flags.assign(
        iso3=networks["iso3"].astype(str),
        governments=1,
        cities=(networks["entity_type"].astype(str) == "city").astype(int),
        regions=(networks["entity_type"].astype(str) == "region").astype(int),
        in_two_or_more=(n_networks >= 2).astype(int),
    )
    return frame.groupby("iso3").sum().astype(int)


def partnership_matrix(
    countries: pd.DataFrame,
    series: pd.DataFrame,
    ratification: pd.DataFrame,
    networks: pd.DataFrame,
    instrument: str = "ICCPR",
    iso3: Sequence[str] | None = None,
) -> pd.DataFrame:
    """One row per country: NHRI status, party to ``instrument`` or not, climate-network members.

    ``countries`` is ``asia_pacific_countries`` (``iso3, name``; where it has ``un_name``, the UN's name is
    the ``name`` shown), ``series`` the SDG series table with 16.a.1, ``ratification`` the treaty table (``country_iso3, instrument, state_party``) and
    ``networks`` ClimActor's participation table. ``iso3`` limits the rows (default: every regional
    country). A country with no network listing gets 0 governments, which means *none listed*, and
    ``nhri_status`` is missing where the source records no status.
    """
    _require(ratification, ("country_iso3", "instrument", "state_party"), "treaty_ratification")
    nhri = ob.nhri_status(series, countries)
    if iso3 is not None:
        unknown = sorted(set(iso3) - set(nhri["iso3"]))
        if unknown:
            raise ValueError(f"not in the regional country list: {unknown}")
        nhri = nhri[nhri["iso3"].isin(list(iso3))]
    treaty = ratification[ratification["instrument"].astype(str) == instrument]
    if treaty.empty:
        raise ValueError(f"treaty_ratification has no rows for instrument {instrument!r}")
    party = treaty.groupby("country_iso3", observed=True)["state_party"].any()
    counts = network_counts(networks)
    out = nhri.rename(columns={"status": "nhri_status", "year": "nhri_year"})[["iso3", "name", "nhri_status", "nhri_year"]]
    if "un_name" in countries.columns:  # the UN's name (Republic of Korea, not South Korea), as on every page
        out["name"] = out["iso3"].map(dict(zip(countries["iso3"], countries["un_name"], strict=True)))
    out[f"{instrument}_party"] = out["iso3"].map(party).astype("boolean")
    for column in ("governments", "cities", "in_two_or_more"):
        out[f"network_{column}"] = out["iso3"].map(counts[column]).fillna(0).astype(int)
    return out.set_index("iso3")
