"""JTWC western North Pacific tropical-cyclone best tracks, 1945-2021 (SOURCES.md section 3.1)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ._common import PUBLIC_DOMAIN, Resource, raw_path

TRACKS = "disasters/jtwc_western_north_pacific_best_track_1945_2021.csv"

CATEGORIES = ["TD", "TS", "Cat1", "Cat2", "Cat3", "Cat4", "Cat5"]  # as spelled in the source, weakest first
VMAX_MISSING = {-999.0, 0.0}  # sentinels for "intensity unknown"
MSLP_MISSING = {-1.0, 0.0}  # sentinels for "pressure not recorded"


def build_tracks(raw: Path) -> pd.DataFrame:
    src = pd.read_csv(raw_path(raw, TRACKS), dtype={"Cat": str})
    time = pd.to_datetime(
        pd.DataFrame({"year": src["Year"], "month": src["Month"], "day": src["Day"], "hour": src["Hour"]})
    ).astype("datetime64[ns]")
    unknown = set(src["Cat"].dropna()) - set(CATEGORIES)
    if unknown:
        raise ValueError(f"{TRACKS}: unexpected categories {sorted(unknown)}")
    if not ((src["Lon"] >= -180) & (src["Lon"] <= 180)).all():
        raise ValueError(f"{TRACKS}: longitudes outside -180..180")
    # Longitudes stay as in the source: -180..180, fixes east of the date line negative (degrees west).
    # This is also the convention rightsclimate.cyclones returns, so data and toolkit agree.
    lon = src["Lon"]
    table = pd.DataFrame(
        {
            "storm_id": src["SN"].astype(str),
            "cyclone_number": src["CY"].astype("Int64"),
            "time": time,
            "lat": src["Lat"].astype("float64"),
            "lon": lon.astype("float64"),
            "vmax_kt": src["VMax"].where(~src["VMax"].isin(VMAX_MISSING)).astype("float64"),
            "mslp_hpa": src["MSLP"].where(~src["MSLP"].isin(MSLP_MISSING)).astype("float64"),
            "category": pd.Categorical(src["Cat"], categories=CATEGORIES, ordered=True),
        }
    )
    if table.duplicated(["storm_id", "time"]).any():
        raise ValueError(f"{TRACKS}: duplicated storm_id and time; decide how to handle them")
    if (table["storm_id"].str.len() != 6).any():
        raise ValueError(f"{TRACKS}: storm ids are not YYYYNN")
    return table.sort_values(["storm_id", "time"], ignore_index=True)


RESOURCES = [
    Resource(
        name="tropical_cyclone_tracks",
        title="Western North Pacific tropical-cyclone tracks, 1945-2021 (JTWC best track)",
        description=(
            "Joint Typhoon Warning Center (JTWC) best-track positions and intensities of 2,205 tropical "
            "cyclones in the western North Pacific (including the South China Sea), 1945-2021: 63,457 fixes, "
            "mostly every six hours (00, 06, 12, 18 UTC) plus about 200 extra fixes at other hours (e.g. at "
            "landfall). Longitude is in degrees east on the -180..180 scale, as in the source: the 410 fixes "
            "(71 storms) east of the date line are negative (e.g. -177.5 = 177.5 deg W), so a track that crosses "
            "180 deg jumps from about +179 to about -179; the date line itself appears both as 180 and -180. For "
            "distances use a great-circle formula (rightsclimate.cyclones.haversine_km handles the jump); for "
            "a continuous map line use lon % 360. Intensity is the 1-minute sustained wind (knots) and "
            "category its Saffir-Simpson class (TD < 34 kt, TS 34-63 kt, Cat1-Cat5 from 64 kt). Storm names "
            "are not included. Early decades are less reliable (aircraft reconnaissance and satellites came "
            "later), and central pressure is mostly missing before the 1970s."
        ),
        raw_files=[TRACKS],
        sources=[
            {
                "title": "US Navy Joint Typhoon Warning Center, best-track archive (western Pacific)",
                "path": "https://www.metoc.navy.mil/jtwc/jtwc.html?western-pacific",
            },
            {
                "title": "GitHub mirror atsuyaourt/jtwc_best_track_wp @ 1f2465460f31b066760de4b6393fd5b90ee615cd (output/JTWC.csv)",
                "path": "https://github.com/atsuyaourt/jtwc_best_track_wp/blob/1f2465460f31b066760de4b6393fd5b90ee615cd/output/JTWC.csv",
            },
        ],
        licenses=[PUBLIC_DOMAIN],
        citation=(
            "Joint Typhoon Warning Center best-track data (Chu et al. 2002, The Joint Typhoon Warning Center "
            "tropical cyclone best-tracks, 1945-2000, NRL/MR/7540-02-16), via atsuyaourt/jtwc_best_track_wp."
        ),
        derivation=(
            "Read output/JTWC.csv (63,457 fixes, 2,205 storms). time = Year, Month, Day, Hour as a UTC "
            "timestamp (naive datetime, UTC). storm_id = SN (YYYY + two-digit cyclone number, kept as text); "
            "cyclone_number = CY. (storm_id, time) checked unique: the source has no duplicated fixes, so none "
            "were removed. Longitude checked to lie in -180..180 and kept unchanged: the 410 fixes (71 storms) "
            "east of the date line are negative in the source and stay so (10 fixes are written 180 and 3 are "
            "written -180; both are the date line). Missing-value sentinels set "
            "to missing: VMax -999 (31 fixes, 1956-1972) and VMax 0 (448 fixes, 1961-1970; a cyclone fix cannot "
            "have zero wind, so 0 means intensity unknown); MSLP 0 (3,304 fixes) and -1 (1 fix); empty MSLP "
            "(43,901 fixes) stays missing. VMax 5 and 10 kt (203 fixes) are kept as given. category = Cat as "
            "given (TD, TS, Cat1-Cat5, an ordered category); it is empty in the source for the 682 fixes with "
            "VMax below 15 kt or unknown, and stays missing (not re-derived). Sorted by storm_id, time."
        ),
        fields={
            "storm_id": ("Storm identifier YYYYNN: season year and JTWC cyclone number (source SN)", None),
            "cyclone_number": ("JTWC cyclone number within the year (source CY)", None),
            "time": ("Time of the fix, UTC", None),
            "lat": ("Latitude of the storm centre", "degrees north"),
            "lon": (
                "Longitude of the storm centre, -180..180 (negative = east of the date line, degrees west)",
                "degrees east",
            ),
            "vmax_kt": ("Maximum 1-minute sustained wind speed; missing where unknown", "kt"),
            "mslp_hpa": ("Minimum central sea-level pressure; missing where not recorded", "hPa"),
            "category": (
                "Saffir-Simpson class from vmax_kt: TD, TS, Cat1 ... Cat5 (ordered); missing below 15 kt or unknown",
                None,
            ),
        },
        build=build_tracks,
        primary_key=["storm_id", "time"],
        constraints={
            "lat": {"minimum": -90, "maximum": 90},
            "lon": {"minimum": -180, "maximum": 180},
            "vmax_kt": {"minimum": 0, "maximum": 250},
            "mslp_hpa": {"minimum": 850, "maximum": 1030},
        },
        compress=True,
    )
]
