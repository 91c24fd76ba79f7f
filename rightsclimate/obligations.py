"""Obligation profiles: which SDG targets rest on which human-rights treaties a country has ratified.

Chapter 2 of the course uses these functions. The vocabulary:

* a **link** is one row of the SDG-target ↔ human-rights crosswalk: a target, an instrument and the
  article or provision that anchors the target in that instrument;
* a link is **covered** for a country when the country is a state party to the linked instrument;
* a target is **anchored** for a country when at least one of its links is covered: the country has
  a treaty obligation beneath that target;
* a target is **unanchored** when none of its links is covered: every instrument the crosswalk names
  for it is one the country has not ratified (or not a treaty at all).

Instruments that are not in the ratification table (for example a declaration) can never cover a
link: they carry political, not treaty, commitments. Missing data stay missing: an instrument that is
tracked in the ratification table but has no row for the country counts as *not ratified*, and the
profile says so in its ``status`` column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import pandas as pd

CROSSWALK_COLUMNS = ("goal", "target", "instrument")
RATIFICATION_COLUMNS = ("country_iso3", "instrument", "state_party")

# Codes used for the three ratification states in ratification_matrix().
PARTY, SIGNED, NO_ACTION = 2, 1, 0
RATIFICATION_LABELS = {PARTY: "state party", SIGNED: "signed, not ratified", NO_ACTION: "no action"}

# NHRI accreditation series (SDG indicator 16.a.1): one 0/1 series per status.
NHRI_SERIES = {
    "sg_nhr_impln": "A",  # fully compliant with the Paris Principles
    "sg_nhr_intexstn": "B",  # not fully compliant
    "sg_nhr_nostusn": "C",  # no status
    "sg_nhr_noappln": "D",  # never applied for accreditation
}
NHRI_STATUS_LABELS = {
    "A": "A: fully compliant with the Paris Principles",
    "B": "B: not fully compliant",
    "C": "C: no status",
    "D": "D: never applied for accreditation",
}


class UnknownCountryError(ValueError):
    """A country code is not in the ratification table."""


# --------------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------------
def _require(df: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise KeyError(f"the {what} table needs the column(s) {missing}; it has {list(df.columns)}")


def target_sort_key(code: object) -> tuple:
    """Sort SDG codes naturally: 1.2 < 1.10 < 1.a < 2.1 (numbered targets before lettered ones)."""
    parts = re.split(r"[.]", str(code))
    key: list[tuple[int, int, str]] = []
    for p in parts:
        if p.isdigit():
            key.append((0, int(p), ""))
        else:
            key.append((1, 0, p))
    return tuple(key)


def _sort_targets(df: pd.DataFrame, extra: Sequence[str] = ()) -> pd.DataFrame:
    if df.empty:
        return df.reset_index(drop=True)
    targets = [target_sort_key(t) for t in df["target"].tolist()]
    extras = [[str(v) for v in df[c].tolist()] for c in extra]
    order = sorted(range(len(df)), key=lambda i: (targets[i], *(e[i] for e in extras)))
    return df.iloc[order].reset_index(drop=True)


def _as_bool(s: pd.Series) -> pd.Series:
    """0/1, True/False or 'yes'/'no' to a nullable boolean."""
    if s.dtype == "boolean" or s.dtype == bool:
        return s.astype("boolean")
    if pd.api.types.is_numeric_dtype(s):
        return s.astype("Float64").gt(0).astype("boolean").where(s.notna())
    mapped = (
        s.astype("string")
        .str.strip()
        .str.lower()
        .map({"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False})
    )
    return mapped.astype("boolean")


def normalise_iso3(code: object) -> str:
    """Upper-case, stripped ISO 3166-1 alpha-3 code; a clear error for anything else."""
    if not isinstance(code, str) or not re.fullmatch(r"[A-Za-z]{3}", code.strip()):
        raise UnknownCountryError(
            f"{code!r} is not an ISO 3166-1 alpha-3 country code (three letters, e.g. 'PHL' for the Philippines, 'KOR' for the Republic of Korea)"
        )
    return code.strip().upper()


# --------------------------------------------------------------------------------------------
# SDG framework
# --------------------------------------------------------------------------------------------
def framework_counts(sdg_framework: pd.DataFrame) -> dict[str, int]:
    """Count goals, targets and indicators in the SDG framework table.

    ``indicator_codes`` counts indicator codes (an indicator that serves two targets has two codes);
    ``indicator_texts`` counts distinct indicator wordings, closer to the number of different things
    measured.
    """
    _require(sdg_framework, ("level", "code"), "SDG framework")
    level = sdg_framework["level"].astype("string")
    ind = sdg_framework[level == "indicator"]
    out = {
        "goals": int(sdg_framework.loc[level == "goal", "code"].nunique()),
        "targets": int(sdg_framework.loc[level == "target", "code"].nunique()),
        "indicator_codes": int(ind["code"].nunique()),
    }
    if "title_en" in ind.columns:
        out["indicator_texts"] = int(ind["title_en"].astype("string").str.strip().nunique())
    return out


# --------------------------------------------------------------------------------------------
# ratification
# --------------------------------------------------------------------------------------------
def country_ratifications(country_iso3: str, ratification: pd.DataFrame) -> pd.DataFrame:
    """The ratification rows of one country, with ``state_party`` as a boolean.

    Raises :class:`UnknownCountryError` if the code is malformed or the country has no rows.
    """
    _require(ratification, RATIFICATION_COLUMNS, "ratification")
    iso3 = normalise_iso3(country_iso3)
    rows = ratification[ratification["country_iso3"].astype("string").str.upper() == iso3].copy()
    if rows.empty:
        raise UnknownCountryError(
            f"{iso3} has no rows in the ratification table. The table covers the UN member states of "
            "Asia-Pacific; areas that are not UN members (for example Hong Kong or the Cook Islands) are "
            "not in it. Check the code with load('asia_pacific_countries')."
        )
    rows["state_party"] = _as_bool(rows["state_party"]).fillna(False)
    return rows.reset_index(drop=True)


def ratified_instruments(country_iso3: str, ratification: pd.DataFrame) -> set[str]:
    """The instruments the country is a state party to."""
    rows = country_ratifications(country_iso3, ratification)
    return set(rows.loc[rows["state_party"], "instrument"].astype(str))


def ratification_matrix(
    ratification: pd.DataFrame,
    countries: Sequence[str] | None = None,
    instruments: Sequence[str] | None = None,
    label: str = "country",
) -> pd.DataFrame:
    """Country × instrument matrix of PARTY (2), SIGNED (1) or NO_ACTION (0).

    Rows are labelled by ``label`` (a column of ``ratification``, e.g. ``country`` or
    ``country_iso3``), in the order of ``countries`` (ISO3 codes) if given, else alphabetically.
    """
    _require(ratification, RATIFICATION_COLUMNS, "ratification")
    r = ratification.copy()
    party = _as_bool(r["state_party"]).fillna(False)
    signed = _as_bool(r["signatory"]).fillna(False) if "signatory" in r.columns else pd.Series(False, index=r.index)
    r["code"] = NO_ACTION
    r.loc[signed.to_numpy(dtype=bool), "code"] = SIGNED
    r.loc[party.to_numpy(dtype=bool), "code"] = PARTY
    if countries is not None:
        wanted = [normalise_iso3(c) for c in countries]
        r = r[r["country_iso3"].isin(wanted)]
    if label not in r.columns:
        label = "country_iso3"
    r["_label"] = r[label].astype(str)
    m = r.pivot_table(
        index=["_label", "country_iso3"], columns="instrument", values="code", aggfunc="max", observed=True
    )
    if countries is not None:
        order = {c: i for i, c in enumerate(wanted)}
        m = m.iloc[sorted(range(len(m)), key=lambda i: order[m.index[i][1]])]
    else:
        m = m.sort_index(level=0)
    m.index = pd.Index(m.index.get_level_values(0), name=label)
    if instruments is not None:
        m = m.reindex(columns=list(instruments))
    m.columns.name = "instrument"
    m = m.astype("Int64")
    # Cells whose status the sources dispute: plot_ratification_heatmap hatches them.
    m.attrs["uncertain"] = [
        (row["_label"], str(row["instrument"]))
        for _, row in uncertain_entries(r).iterrows()
        if str(row["instrument"]) in m.columns
    ]
    return m


def uncertain_entries(ratification: pd.DataFrame) -> pd.DataFrame:
    """The rows whose status the sources dispute (``status_uncertain``), with the reason in ``note``.

    An empty table when the ratification table has no ``status_uncertain`` column.
    """
    if "status_uncertain" not in ratification.columns:
        return ratification.iloc[0:0]
    return ratification[_as_bool(ratification["status_uncertain"]).fillna(False).to_numpy(dtype=bool)]


def uncertain_note(ratification: pd.DataFrame, countries: Sequence[str] | None = None) -> str:
    """One plain sentence naming the disputed entries (for a figure or a profile), or ``""`` if there are none."""
    rows = uncertain_entries(ratification)
    if countries is not None:
        rows = rows[rows["country_iso3"].isin([normalise_iso3(c) for c in countries])]
    if rows.empty:
        return ""
    label = "country" if "country" in rows.columns else "country_iso3"
    parts = [
        f"{name} ({', '.join(sorted(map(str, group['instrument'])))})"
        for name, group in rows.groupby(label, observed=True, sort=True)
    ]
    return (
        "Sources differ on " + "; ".join(parts) + ": shown as not a party, status uncertain "
        "(see the note column of treaty_ratification)."
    )


# --------------------------------------------------------------------------------------------
# crosswalk and obligation profiles
# --------------------------------------------------------------------------------------------
def crosswalk_matrix(crosswalk: pd.DataFrame, instruments: Sequence[str] | None = None) -> pd.DataFrame:
    """Goal × instrument matrix: how many targets of each goal the crosswalk links to each instrument."""
    _require(crosswalk, CROSSWALK_COLUMNS, "crosswalk")
    cw = crosswalk.dropna(subset=["target", "instrument"]).drop_duplicates(["goal", "target", "instrument"])
    m = cw.groupby(["goal", "instrument"], observed=True)["target"].nunique().unstack(fill_value=0)
    m = m.iloc[sorted(range(len(m)), key=lambda i: target_sort_key(m.index[i]))]
    if instruments is not None:
        m = m.reindex(columns=list(instruments), fill_value=0)
    return m.astype(int)


def obligation_profile(country_iso3: str, crosswalk: pd.DataFrame, ratification: pd.DataFrame) -> pd.DataFrame:
    """One row per crosswalk link, with whether the country is a state party to its instrument.

    Columns: ``country_iso3, goal, target, instrument`` (+ ``article, right`` when the crosswalk has
    them), ``tracked`` (the instrument is in the ratification table), ``state_party`` (boolean),
    ``ratification_year`` (when known) and ``status`` (the ratification status text, or
    ``"not a treaty in the ratification table"``), and ``status_uncertain`` when the ratification table
    has it (True where the sources dispute the status).
    """
    _require(crosswalk, CROSSWALK_COLUMNS, "crosswalk")
    rows = country_ratifications(country_iso3, ratification)
    iso3 = normalise_iso3(country_iso3)
    keep = [c for c in ("goal", "target", "instrument", "article", "right") if c in crosswalk.columns]
    cw = crosswalk.loc[crosswalk["target"].notna() & crosswalk["instrument"].notna(), keep].copy()
    cw["instrument"] = cw["instrument"].astype(str)
    cw["target"] = cw["target"].astype(str)
    tracked = set(ratification["instrument"].astype(str))
    rcols = [
        c for c in ("instrument", "state_party", "ratification_year", "status", "status_uncertain") if c in rows.columns
    ]
    r = rows[rcols].copy()
    r["instrument"] = r["instrument"].astype(str)
    r = r.drop_duplicates("instrument")
    prof = cw.merge(r, on="instrument", how="left", validate="many_to_one")
    prof["tracked"] = prof["instrument"].isin(tracked)
    prof["state_party"] = prof["state_party"].astype("boolean").fillna(False)
    if "status" not in prof.columns:
        prof["status"] = pd.NA
    prof["status"] = prof["status"].astype("string")
    prof.loc[~prof["tracked"], "status"] = "not a treaty in the ratification table"
    prof.loc[prof["tracked"] & prof["status"].isna(), "status"] = "no record"
    if "ratification_year" not in prof.columns:
        prof["ratification_year"] = pd.NA
    prof["ratification_year"] = prof["ratification_year"].astype("Int64")
    prof.insert(0, "country_iso3", iso3)
    cols = ["country_iso3", *keep, "tracked", "state_party", "ratification_year", "status"]
    if "status_uncertain" in prof.columns:  # the sources dispute the status (see treaty_ratification's note)
        prof["status_uncertain"] = _as_bool(prof["status_uncertain"]).fillna(False).astype("boolean")
        cols.append("status_uncertain")
    return _sort_targets(prof[cols], extra=("instrument",))


def _target_table(profile: pd.DataFrame) -> pd.DataFrame:
    _require(profile, ("goal", "target", "instrument", "state_party"), "obligation profile")
    p = profile.assign(
        _covered=profile["state_party"].astype("boolean").fillna(False).astype(int),
        _treaty=profile["tracked"].astype(bool).astype(int) if "tracked" in profile.columns else 1,
    )
    g = p.groupby(["goal", "target"], observed=True, sort=False)
    t = g.agg(links=("instrument", "size"), treaty_links=("_treaty", "sum"), covered=("_covered", "sum")).reset_index()
    t["anchored"] = t["covered"] > 0
    return t


def anchored_targets_per_goal(profile: pd.DataFrame) -> pd.DataFrame:
    """Per goal: targets in the crosswalk, how many are anchored, how many not, and the share anchored.

    Columns: ``goal, linked_targets, anchored_targets, unanchored_targets, share_anchored`` (0–1) and
    ``no_treaty_link`` (unanchored targets that the crosswalk links only to declarations or
    resolutions, so that no ratification could anchor them), one row per goal with a linked target,
    in goal order.
    """
    t = _target_table(profile)
    t["_no_treaty"] = t["treaty_links"] == 0
    out = t.groupby("goal", observed=True, sort=False).agg(
        linked_targets=("target", "size"), anchored_targets=("anchored", "sum"), no_treaty_link=("_no_treaty", "sum")
    )
    out["anchored_targets"] = out["anchored_targets"].astype(int)
    out["no_treaty_link"] = out["no_treaty_link"].astype(int)
    out["unanchored_targets"] = out["linked_targets"] - out["anchored_targets"]
    out["share_anchored"] = out["anchored_targets"] / out["linked_targets"]
    out = out.reset_index()[
        ["goal", "linked_targets", "anchored_targets", "unanchored_targets", "share_anchored", "no_treaty_link"]
    ]
    return out.iloc[sorted(range(len(out)), key=lambda i: target_sort_key(out["goal"].iloc[i]))].reset_index(drop=True)


def unanchored_targets(profile: pd.DataFrame) -> pd.DataFrame:
    """Targets none of whose linked instruments the country has ratified.

    Columns: ``goal, target, instruments`` (the linked instruments, comma-separated, none ratified)
    and ``reason``: ``"linked treaties not ratified"`` or ``"no treaty linked (declarations or
    resolutions only)"``. An empty table means every linked target has at least one treaty anchor.
    """
    t = _target_table(profile)
    gap = t.loc[~t["anchored"], ["goal", "target", "treaty_links"]]
    inst = profile.groupby("target", observed=True)["instrument"].agg(lambda s: ", ".join(sorted(set(map(str, s)))))
    gap = gap.assign(
        instruments=gap["target"].map(inst),
        reason=[
            "linked treaties not ratified" if n > 0 else "no treaty linked (declarations or resolutions only)"
            for n in gap["treaty_links"]
        ],
    ).drop(columns="treaty_links")
    return _sort_targets(gap)


def ratification_gaps(profile: pd.DataFrame) -> pd.DataFrame:
    """Links to treaties in the ratification table that the country is *not* a party to.

    A target can appear here and still be anchored through another instrument.
    """
    cols = [c for c in ("goal", "target", "instrument", "article", "right", "status") if c in profile.columns]
    gaps = profile.loc[profile["tracked"] & ~profile["state_party"].astype(bool), cols]
    return _sort_targets(gaps, extra=("instrument",))


def link_coverage(profile: pd.DataFrame) -> float:
    """Share (0–1) of the crosswalk links to tracked treaties that the country's ratifications cover."""
    tracked = profile[profile["tracked"]]
    if tracked.empty:
        return float("nan")
    return float(tracked["state_party"].astype(bool).mean())


def profile_summary(country_iso3: str, crosswalk: pd.DataFrame, ratification: pd.DataFrame) -> dict:
    """Headline numbers of a country's obligation profile."""
    prof = obligation_profile(country_iso3, crosswalk, ratification)
    t = _target_table(prof)
    return {
        "country_iso3": normalise_iso3(country_iso3),
        "ratified_instruments": len(ratified_instruments(country_iso3, ratification)),
        "tracked_instruments": int(ratification["instrument"].nunique()),
        "linked_targets": int(len(t)),
        "anchored_targets": int(t["anchored"].sum()),
        "unanchored_targets": int((~t["anchored"]).sum()),
        "no_treaty_link": int((t["treaty_links"] == 0).sum()),
        "link_coverage": link_coverage(prof),
        "uncertain_entries": int(len(uncertain_entries(country_ratifications(country_iso3, ratification)))),
    }


def compare_countries(countries: Sequence[str], crosswalk: pd.DataFrame, ratification: pd.DataFrame) -> pd.DataFrame:
    """Headline numbers of several countries' obligation profiles, one row per country."""
    return pd.DataFrame([profile_summary(c, crosswalk, ratification) for c in countries]).set_index("country_iso3")


# --------------------------------------------------------------------------------------------
# NHRIs (SDG 16.a.1)
# --------------------------------------------------------------------------------------------
def nhri_status(series: pd.DataFrame, countries: pd.DataFrame | None = None, year: int | None = None) -> pd.DataFrame:
    """NHRI accreditation status per country in ``year`` (default: the latest year with data).

    ``series`` is the long SDG series table (``series_code, iso3, year, value``). The 16.a.1
    country series record only a 1 for the status a country holds, so a country with no row in
    that year has *no status recorded* (``status`` is missing), not status D.
    ``countries`` (``iso3, name``; optional ``regional``) sets the list of countries shown.
    """
    _require(series, ("series_code", "iso3", "year", "value"), "SDG series")
    s = series[series["series_code"].astype("string").str.lower().isin(list(NHRI_SERIES))].copy()
    s = s[pd.to_numeric(s["value"], errors="coerce") == 1]
    if s.empty:
        raise ValueError("no 16.a.1 NHRI series (sg_nhr_impln, sg_nhr_intexstn, ...) in the table")
    s["year"] = s["year"].astype(int)
    if year is None:
        year = int(s.loc[s["series_code"].str.lower() == "sg_nhr_impln", "year"].max())
    s = s[s["year"] == year]
    s["status"] = s["series_code"].str.lower().map(NHRI_SERIES)
    # a country can appear in two series in a year only by error: keep the best status
    s = s.sort_values(["iso3", "status"]).drop_duplicates("iso3")
    if countries is None:
        out = s[["iso3", "status"]].reset_index(drop=True)
    else:
        c = countries.copy()
        if "regional" in c.columns:
            c = c[_as_bool(c["regional"]).fillna(False).to_numpy(dtype=bool)]
        out = c[["iso3", "name"]].merge(s[["iso3", "status"]], on="iso3", how="left")
    out["year"] = year
    out["status"] = out["status"].astype("string")
    out["a_status"] = (out["status"] == "A").fillna(False).astype(bool)
    return out.sort_values([c for c in ("name", "iso3") if c in out.columns][:1]).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# figures
# --------------------------------------------------------------------------------------------
def plot_crosswalk_heatmap(
    matrix: pd.DataFrame, ax=None, goal_labels: dict | None = None, divider_after: int | None = None
):
    """Heatmap of a goal × instrument link-count matrix (from :func:`crosswalk_matrix`).

    ``divider_after`` draws a vertical line after that many columns (e.g. between treaties and
    declarations).
    """
    import matplotlib.pyplot as plt

    from .plots import SEQUENTIAL_CMAP, finish

    if ax is None:
        _, ax = plt.subplots(figsize=(1.0 + 0.55 * matrix.shape[1], 1.2 + 0.38 * matrix.shape[0]))
    import numpy as np

    values = matrix.to_numpy(dtype=float)
    cmap = plt.get_cmap(SEQUENTIAL_CMAP).copy()
    cmap.set_bad("white")  # no link: blank cell
    im = ax.imshow(np.ma.masked_less_equal(values, 0), cmap=cmap, aspect="auto", vmin=0.5)
    ax.set_xticks([x - 0.5 for x in range(1, matrix.shape[1])], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, matrix.shape[0])], minor=True)
    ax.grid(which="minor", color="#DDDDDD", linewidth=0.5)
    ax.tick_params(which="minor", length=0)
    ax.set_xticks(range(matrix.shape[1]), labels=list(matrix.columns), rotation=60, ha="right")
    ylabels = [goal_labels.get(g, str(g)) if goal_labels else f"Goal {g}" for g in matrix.index]
    ax.set_yticks(range(matrix.shape[0]), labels=ylabels)
    vmax = values.max() if values.size else 0
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            if v > 0:
                ax.text(
                    j,
                    i,
                    f"{int(v)}",
                    ha="center",
                    va="center",
                    fontsize="x-small",
                    color="black" if v > vmax * 0.5 else "white",
                )
    if divider_after:
        ax.axvline(divider_after - 0.5, color="black", linewidth=1.5)
    ax.figure.colorbar(im, ax=ax, label="targets linked (number)", shrink=0.6)
    for s in ax.spines.values():
        s.set_visible(False)
    return finish(
        ax,
        title="Which treaties anchor which Goals: SDG targets linked, by Goal and instrument",
        xlabel="Human-rights instrument",
        ylabel="Sustainable Development Goal",
    )


def plot_ratification_heatmap(
    matrix: pd.DataFrame, ax=None, title: str | None = None, uncertain: Iterable[tuple[str, str]] | None = None
):
    """Heatmap of a country × instrument matrix (from :func:`ratification_matrix`), three categories.

    Cells whose status the sources dispute are hatched: ``uncertain`` lists ``(row label, instrument)``
    pairs and defaults to the ones :func:`ratification_matrix` recorded.
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch, Rectangle

    from .plots import PALETTE, finish

    colours = ["#E8E8E8", PALETTE["orange"], PALETTE["blue"]]  # no action, signed, party
    cmap = ListedColormap(colours)
    norm = BoundaryNorm([-0.5, 0.5, 1.5, 2.5], cmap.N)
    if ax is None:
        _, ax = plt.subplots(figsize=(2.5 + 0.42 * matrix.shape[1], 1.5 + 0.24 * matrix.shape[0]))
    values = matrix.astype("Float64").to_numpy(dtype=float, na_value=float("nan"))
    ax.imshow(values, cmap=cmap, norm=norm, aspect="auto", interpolation="nearest")
    ax.set_xticks(range(matrix.shape[1]), labels=list(matrix.columns), rotation=60, ha="right", fontsize="small")
    ax.set_yticks(range(matrix.shape[0]), labels=list(matrix.index), fontsize="small")
    ax.set_xticks([x - 0.5 for x in range(1, matrix.shape[1])], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, matrix.shape[0])], minor=True)
    ax.grid(which="minor", color="white", linewidth=0.6)
    ax.tick_params(which="minor", length=0)
    for s in ax.spines.values():
        s.set_visible(False)
    handles = [
        Patch(facecolor=colours[k], edgecolor="grey", label=RATIFICATION_LABELS[k]) for k in (PARTY, SIGNED, NO_ACTION)
    ]
    rows, columns = list(map(str, matrix.index)), list(map(str, matrix.columns))
    disputed = [
        (rows.index(str(r)), columns.index(str(c)))
        for r, c in (matrix.attrs.get("uncertain", []) if uncertain is None else uncertain)
        if str(r) in rows and str(c) in columns
    ]
    for i, j in disputed:
        ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch="xxx", edgecolor="black", linewidth=0))
    if disputed:
        handles.append(
            # the cell's colour is no action: say so, or the hatch reads as a fourth status
            Patch(
                facecolor=colours[NO_ACTION],
                hatch="xxx",
                edgecolor="black",
                label="uncertain: sources differ\n(shown as no action)",
            )
        )
    ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize="small", title="Status"
    )
    return finish(
        ax, title=title or "Ratification of the core UN human-rights treaties", xlabel="Instrument", ylabel="Country"
    )


def plot_profile(profile: pd.DataFrame, country_name: str | None = None, ax=None):
    """Stacked bars per goal: anchored and unanchored linked targets for one country."""
    import matplotlib.pyplot as plt

    from .plots import PALETTE, finish

    per_goal = anchored_targets_per_goal(profile)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4))
    x = [str(g) for g in per_goal["goal"]]
    not_ratified = per_goal["unanchored_targets"] - per_goal["no_treaty_link"]
    ax.bar(x, per_goal["anchored_targets"], color=PALETTE["blue"], label="anchored: a linked treaty is ratified")
    ax.bar(
        x,
        not_ratified,
        bottom=per_goal["anchored_targets"],
        color=PALETTE["orange"],
        hatch="//",
        edgecolor="white",
        label="unanchored: linked treaties not ratified",
    )
    ax.bar(
        x,
        per_goal["no_treaty_link"],
        bottom=per_goal["anchored_targets"] + not_ratified,
        color="#BBBBBB",
        hatch="..",
        edgecolor="white",
        label="unanchored: only declarations linked",
    )
    ax.legend(frameon=False, fontsize="small", loc="upper right")
    if country_name is None:
        country_name = str(profile["country_iso3"].iloc[0]) if len(profile) else "the country"
    name = country_name
    if "status_uncertain" in profile.columns and profile["status_uncertain"].fillna(False).astype(bool).any():
        disputed = sorted(set(profile.loc[profile["status_uncertain"].fillna(False).astype(bool), "instrument"]))
        ax.text(  # below the axis label, so it never hides a bar
            0,
            -0.2,
            f"Uncertain: sources differ on whether {name} is a party to {', '.join(disputed)}; counted as not a party.",
            transform=ax.transAxes,
            fontsize="small",
            va="top",
        )
    return finish(
        ax,
        title=f"Obligation profile of {name}: SDG targets with a treaty anchor",
        xlabel="Sustainable Development Goal",
        ylabel="Targets in the crosswalk (number)",
    )


def plot_country_comparison(comparison: pd.DataFrame, labels: dict | None = None, ax=None):
    """Horizontal stacked bars, one per country: anchored, unanchored (treaty not ratified), declarations only.

    ``comparison`` is the output of :func:`compare_countries`; ``labels`` maps ISO3 codes to names.
    Countries are sorted by the number of anchored targets.
    """
    import matplotlib.pyplot as plt

    from .plots import PALETTE, finish

    c = comparison.sort_values(["anchored_targets", "link_coverage"], ascending=True)
    names = [labels.get(i, i) if labels else i for i in c.index]
    disputed = c["uncertain_entries"] > 0 if "uncertain_entries" in c.columns else pd.Series(False, index=c.index)
    names = [f"{n} †" if d else n for n, d in zip(names, disputed, strict=True)]
    not_ratified = c["unanchored_targets"] - c["no_treaty_link"]
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 1.2 + 0.2 * len(c)))
    ax.barh(names, c["anchored_targets"], color=PALETTE["blue"], label="anchored: a linked treaty is ratified")
    ax.barh(
        names,
        not_ratified,
        left=c["anchored_targets"],
        color=PALETTE["orange"],
        hatch="//",
        edgecolor="white",
        label="unanchored: linked treaties not ratified",
    )
    ax.barh(
        names,
        c["no_treaty_link"],
        left=c["anchored_targets"] + not_ratified,
        color="#BBBBBB",
        hatch="..",
        edgecolor="white",
        label="unanchored: only declarations linked",
    )
    ax.tick_params(axis="y", labelsize="small")
    ax.set_ylim(-0.6, len(c) - 0.4)
    ax.legend(frameon=False, fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    if disputed.any():
        ax.text(
            1.01,
            0.0,
            "† sources differ on at least one\ntreaty status; counted as not a party",
            transform=ax.transAxes,
            fontsize="small",
            va="bottom",
        )
    return finish(
        ax,
        title="SDG targets in the crosswalk with a treaty anchor, by country",
        xlabel="SDG targets in the crosswalk (number)",
        ylabel="Country",
    )


# --------------------------------------------------------------------------------------------
# interactive explorer
# --------------------------------------------------------------------------------------------
def explorer(
    crosswalk: pd.DataFrame | None = None,
    ratification: pd.DataFrame | None = None,
    default: str = "PHL",
):
    """An ipywidgets explorer: pick a country, see its obligation profile.

    Shows the headline numbers, the anchored and unanchored targets per goal (a figure) and the
    table of unanchored targets. Loads the course data when the tables are not given.
    """
    import html

    import ipywidgets as widgets
    import matplotlib.pyplot as plt
    from IPython.display import HTML, display

    from .plots import figure_html

    def para(text: str):
        """A paragraph as HTML (**bold** kept): the static book's widget manager shows Markdown as raw text."""
        return HTML("<p>" + re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(text)) + "</p>")

    if crosswalk is None or ratification is None:
        from .data import load

        crosswalk = load("sdg_human_rights_crosswalk") if crosswalk is None else crosswalk
        ratification = load("treaty_ratification") if ratification is None else ratification
    names = ratification.drop_duplicates("country_iso3")
    label_col = "country" if "country" in names.columns else "country_iso3"
    options = sorted(
        ((str(n), str(c)) for n, c in zip(names[label_col], names["country_iso3"], strict=True)), key=lambda t: t[0]
    )
    codes = [c for _, c in options]
    dropdown = widgets.Dropdown(
        options=options,
        value=normalise_iso3(default) if normalise_iso3(default) in codes else codes[0],
        description="Country:",
    )
    out = widgets.Output()

    def render(_change=None):
        iso3 = dropdown.value
        name = dict((c, n) for n, c in options)[iso3]
        out.clear_output(wait=True)
        with out:
            s = profile_summary(iso3, crosswalk, ratification)
            prof = obligation_profile(iso3, crosswalk, ratification)
            display(
                para(
                    f"**{name}** is a state party to {s['ratified_instruments']} of the {s['tracked_instruments']} "
                    f"treaties tracked. Of the {s['linked_targets']} SDG targets in the crosswalk, "
                    f"{s['anchored_targets']} are anchored in at least one ratified treaty and "
                    f"{s['unanchored_targets']} are not; {s['link_coverage']:.0%} of the links to tracked treaties are covered."
                )
            )
            disputed = uncertain_note(ratification, [iso3])
            if disputed:
                display(para(disputed))
            fig, ax = plt.subplots(figsize=(8, 4))
            plot_profile(prof, name, ax=ax)
            # Shown as an image with alt text (plt.show() gives none), also in the static book, where the
            # saved widget state is rendered without a kernel.
            display(
                figure_html(
                    fig,
                    f"A stacked bar chart with one bar per SDG showing, for {name}, how many of the goal's "
                    "crosswalk targets are anchored in a ratified treaty, unanchored because the linked "
                    "treaties are not ratified, or unanchored because only declarations are linked.",
                )
            )
            plt.close(fig)
            gaps = unanchored_targets(prof)
            if gaps.empty:
                display(para("Every linked target has at least one treaty anchor."))
            else:
                display(para("**Targets without a treaty anchor** (none of the linked instruments ratified):"))
                display(gaps)
            missing = ratification_gaps(prof)
            if not missing.empty:
                display(
                    para("**Links to treaties not ratified** (the target may still be anchored by another treaty):")
                )
                display(
                    missing[[c for c in ("target", "instrument", "article", "right", "status") if c in missing.columns]]
                )

    dropdown.observe(render, names="value")
    render()
    return widgets.VBox([dropdown, out])
