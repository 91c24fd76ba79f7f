"""The data catalogue, written from ``datasets/datapackage.json`` so the book can never drift from the data."""

from __future__ import annotations

import pandas as pd

from rightsclimate import data
from rightsclimate.data import licence_text

__all__ = ["catalogue_markdown", "coverage", "entry_markdown", "licence_text"]

_TIME_COLUMNS = ("year", "date", "time", "survey_year", "ratification_year")
_PLACE_COLUMNS = {
    "iso3": "countries or areas",
    "country_iso3": "countries or areas",
    "city_id": "cities",
    "province_en": "provinces",
    "province": "provinces",
    "region": "regions",
    "area": "areas",
    "storm_id": "storms",
    "code": "codes",
}


def coverage(table: pd.DataFrame) -> str:
    """A one-line summary of what a table spans: rows, time range and places, computed from the data."""
    parts = [f"{len(table):,} rows"]
    for column in _TIME_COLUMNS:
        if column in table.columns and table[column].notna().any():
            low, high = table[column].min(), table[column].max()
            if pd.api.types.is_datetime64_any_dtype(table[column]):
                low, high = low.date().isoformat(), high.date().isoformat()
            parts.append(f"{column.replace('_', ' ')} {low}–{high}")
            break
    for column, noun in _PLACE_COLUMNS.items():
        if column in table.columns:
            parts.append(f"{table[column].nunique():,} {noun}")
            break
    return "; ".join(parts)


def entry_markdown(name: str) -> str:
    """One catalogue entry in MyST Markdown."""
    resource = data.describe(name)
    table = data.load(name)
    sources = "; ".join(f"[{s['title']}]({s['path']})" if s.get("path") else s["title"] for s in resource["sources"])
    fields = ", ".join(
        f"`{f['name']}`" + (f" ({f['unit']})" if f.get("unit") else "") for f in resource["schema"]["fields"]
    )
    authored = " Authored by the project." if resource.get("authoredByProject") else ""
    chapters = ", ".join(str(c) for c in resource.get("chapters", [])) or "—"
    assignments = ", ".join(f"`{a}`" for a in resource.get("assignments", [])) or "—"
    return "\n".join(
        [
            f"### {resource['title']}",
            "",
            f'`load("{name}")` — {resource["description"]}{authored}',
            "",
            f"- **Coverage:** {coverage(table)}",
            f"- **Columns:** {fields}",
            f"- **Licence:** {licence_text(resource, markdown=True)}",
            f"- **Cite as:** {resource['citation']}",
            f"- **Sources:** {sources}",
            f"- **Derived by:** `{resource['derivation']['recipe']}`",
            f"- **Used in chapters:** {chapters}; **assignments:** {assignments}",
            "",
        ]
    )


def catalogue_markdown() -> str:
    """The whole catalogue: a summary table, then one entry per dataset."""
    listing = data.list_datasets()
    lines = ["| dataset | rows | licence | restrictions |", "|---|---:|---|---|"]
    for row in listing.itertuples():
        lines.append(f"| `{row.name}` | {row.rows:,} | {row.licence} | {row.restrictions or '—'} |")
    entries = [entry_markdown(name) for name in listing["name"]]
    return "\n".join(lines) + "\n\n" + "\n".join(entries)
