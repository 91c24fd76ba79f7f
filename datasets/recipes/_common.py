"""Shared pieces for the data recipes: the resource description, licences and raw-file access.

Every recipe module in this folder defines ``RESOURCES``, a list of :class:`Resource`. Each
``Resource`` knows how to build one tidy table from the raw folder and carries the metadata that
``datasets/rebuild.py`` writes into ``datasets/datapackage.json``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd
import pycountry

# --- licences (Frictionless "licenses" entries) ---------------------------------------------
CC_BY_4 = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
CC_BY_3 = {
    "name": "CC-BY-3.0",
    "title": "Creative Commons Attribution 3.0",
    "path": "https://creativecommons.org/licenses/by/3.0/",
}
CC_BY_3_IGO = {
    "name": "CC-BY-3.0-IGO",
    "title": "Creative Commons Attribution 3.0 IGO",
    "path": "https://creativecommons.org/licenses/by/3.0/igo/",
}
CC_BY_NC_4 = {
    "name": "CC-BY-NC-4.0",
    "title": "Creative Commons Attribution-NonCommercial 4.0 (non-commercial use only)",
    "path": "https://creativecommons.org/licenses/by-nc/4.0/",
}
CC_BY_SA_4 = {
    "name": "CC-BY-SA-4.0",
    "title": "Creative Commons Attribution-ShareAlike 4.0 (derived tables are share-alike)",
    "path": "https://creativecommons.org/licenses/by-sa/4.0/",
}
MIT = {"name": "MIT", "title": "MIT License", "path": "https://opensource.org/license/mit"}
PUBLIC_DOMAIN = {
    "name": "public-domain",
    "title": "Public domain (US Government work)",
    "path": "https://www.usa.gov/government-copyright",
}
KOGL_1 = {
    "name": "KOGL-Type-1",
    "title": "Korea Open Government License Type 1 (attribution)",
    "path": "https://www.kogl.or.kr/info/license.do",
}
GOV_OPEN_ATTRIBUTION = {
    "name": "government-open-data-attribution",
    "title": "Official statistics, reusable with attribution to the publisher",
    "path": "",
}
PROJECT_AUTHORED = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 (authored by the Rights, Climate & the SDGs project)",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}

# Words the descriptor and the book use for licence restrictions.
NON_COMMERCIAL = "non-commercial"
SHARE_ALIKE = "share-alike"


class RawDataError(RuntimeError):
    """A raw input is missing or does not match MANIFEST.csv."""


@dataclass
class Resource:
    """One tidy table: how to build it and how to describe it.

    ``fields`` maps every output column to ``(description, unit)``; unit may be ``None``.
    ``constraints`` adds Frictionless constraints per column (``minimum``, ``maximum``, ``enum``...).
    ``build`` receives the raw folder and returns the table with its final columns and dtypes:
    integers as ``Int64``, dates as ``datetime64``, categories as ``category``.
    """

    name: str
    title: str
    description: str
    raw_files: list[str]
    sources: list[dict]
    licenses: list[dict]
    citation: str
    derivation: str
    fields: dict[str, tuple[str, str | None]]
    build: Callable[[Path], pd.DataFrame]
    primary_key: list[str] = field(default_factory=list)
    constraints: dict[str, dict] = field(default_factory=dict)
    restrictions: list[str] = field(default_factory=list)  # NON_COMMERCIAL, SHARE_ALIKE
    authored_by_project: bool = False
    compress: bool = False  # write .csv.gz (for large tables)


def name_to_iso3(name: str, aliases: Mapping[str, str] | None = None, *, unknown: str = "raise", what: str = "name"):
    """ISO 3166-1 alpha-3 code for a country name, looked up in pycountry after renaming by ``aliases``.

    ``aliases`` maps a source's spelling to the name pycountry knows (names only: codes always come from
    pycountry). ``unknown`` is the caller's policy for a name pycountry does not know: ``"raise"`` (a
    ValueError naming ``what`` and the name, for sources where every row is a country) or ``"none"``
    (return None, for sources that mix countries with regions and aggregates).
    """
    if unknown not in ("raise", "none"):
        raise ValueError(f"unknown must be 'raise' or 'none', not {unknown!r}")
    try:
        return pycountry.countries.lookup((aliases or {}).get(name, name)).alpha_3
    except LookupError:
        if unknown == "none":
            return None
        raise ValueError(f"{what} {name!r} not known to pycountry; add an alias") from None


def names_to_iso3(
    names: pd.Series, aliases: Mapping[str, str] | None = None, *, unknown: str = "raise", what: str = "name"
) -> pd.Series:
    """:func:`name_to_iso3` for a column of names (each distinct name looked up once, in sorted order)."""
    codes = {name: name_to_iso3(name, aliases, unknown=unknown, what=what) for name in sorted(names.dropna().unique())}
    return names.map(codes)


@cache
def manifest(raw: Path) -> dict[str, str]:
    """``relative path -> sha256`` from the raw folder's MANIFEST.csv."""
    path = Path(raw) / "MANIFEST.csv"
    if not path.is_file():
        raise RawDataError(f"{path}: MANIFEST.csv not found; pass the raw folder (datasets-raw) as RAW")
    table = pd.read_csv(path, dtype=str)
    return dict(zip(table["path"], table["sha256"], strict=True))


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def raw_path(raw: Path, relative: str) -> Path:
    """The raw file, checked against MANIFEST.csv so that a changed input never slips through."""
    path = Path(raw) / relative
    if not path.is_file():
        raise RawDataError(f"{path}: raw file missing; restore it from the raw folder's provenance")
    expected = manifest(Path(raw)).get(relative)
    if expected is None:
        raise RawDataError(f"{relative}: not listed in MANIFEST.csv")
    actual = sha256(path)
    if actual != expected:
        raise RawDataError(f"{path}: SHA-256 {actual} does not match MANIFEST.csv ({expected}); the raw file changed")
    return path
