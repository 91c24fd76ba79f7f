"""Rebuild every tidy table and datapackage.json from the raw folder.

    python datasets/rebuild.py [RAW] [--out DIR] [--only NAME ...]

RAW defaults to ../shared/datasets-raw (beside the repository). Output goes to datasets/ unless
--out is given. The output is deterministic: the same raw folder always gives byte-identical files.

Each resource's ``chapters`` (book pages 01-08) and ``assignments`` (nbgrader source notebooks) are not typed
in the recipes: they are read from the notebooks' ``load()``/``citation()``/``licence()``/``describe()`` calls
with courseops.bundle.datasets_used, on every run. After changing which data a notebook loads, rerun with any
``--only NAME``: every descriptor's chapters and assignments are re-read (tests/test_data_package.py checks).
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import io
import json
import pkgutil
import sys
from pathlib import Path

import pandas as pd

from rightsclimate import repository

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from recipes._common import Resource, manifest  # noqa: E402

DEFAULT_RAW = HERE.parent.parent / "shared" / "datasets-raw"
PACKAGE = {
    "name": "rights-climate-sdgs-data",
    "title": "Rights, Climate & the SDGs: course data package",
    "description": (
        "Tidy tables of real local and national data for the Rights, Climate & the SDGs course, derived "
        "by the recipes in datasets/recipes/ from the raw files documented in shared/datasets-raw/SOURCES.md. "
        "Each resource carries its own licence, sources, citation and derivation, and lists the book chapters "
        "(`chapters`) and nbgrader assignments (`assignments`) whose notebooks load it, read from their code."
    ),
    "homepage": repository.URL,
    "version": "0.1.0",
}


CHAPTERS_DIR = HERE.parent / "book" / "chapters"
ASSIGNMENTS_DIR = HERE.parent / "exercises" / "source"


def usage(chapters_dir: Path = CHAPTERS_DIR, assignments_dir: Path = ASSIGNMENTS_DIR) -> dict[str, dict[str, list]]:
    """Which chapter pages and which assignments load each dataset, read from the notebooks' code.

    ``{name: {"chapters": [1, 3], "assignments": ["ch3_local_climate_indicators"]}}``. Chapters are the
    book's numbered pages (``NN_*.ipynb``); assignments are the nbgrader source notebooks. The calls are
    found by courseops.bundle.datasets_used, the same code that packs a chapter bundle, so the descriptor
    and the bundles cannot disagree.
    """
    from courseops.bundle import datasets_used

    found: dict[str, dict[str, list]] = {}
    for notebook in sorted(chapters_dir.glob("[0-9][0-9]_*.ipynb")):
        for name in datasets_used([notebook]):
            found.setdefault(name, {"chapters": [], "assignments": []})["chapters"].append(int(notebook.name[:2]))
    for notebook in sorted(assignments_dir.glob("*/*.ipynb")):
        if notebook.stem != notebook.parent.name:  # one source notebook per assignment, named after it
            continue
        for name in datasets_used([notebook]):
            found.setdefault(name, {"chapters": [], "assignments": []})["assignments"].append(notebook.stem)
    return found


def all_resources() -> list[Resource]:
    import recipes

    found: list[Resource] = []
    for info in sorted(pkgutil.iter_modules(recipes.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"recipes.{info.name}")
        found.extend(module.RESOURCES)
    names = [r.name for r in found]
    duplicated = {n for n in names if names.count(n) > 1}
    if duplicated:
        raise SystemExit(f"resource names defined twice: {sorted(duplicated)}")
    return found


def field_type(series: pd.Series) -> tuple[str, dict]:
    """Frictionless type (and extra properties) for a column."""
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return "string", {"constraints": {"enum": [str(c) for c in dtype.categories]}, "categorical": True}
    if pd.api.types.is_bool_dtype(dtype):
        return "boolean", {}
    if pd.api.types.is_integer_dtype(dtype):
        return "integer", {}
    if pd.api.types.is_float_dtype(dtype):
        return "number", {}
    if pd.api.types.is_datetime64_any_dtype(dtype):
        values = series.dropna()
        if (values == values.dt.normalize()).all():
            return "date", {}
        return "datetime", {}
    return "string", {}


def to_csv_bytes(table: pd.DataFrame) -> bytes:
    out = table.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            kind, _ = field_type(out[column])
            fmt = "%Y-%m-%d" if kind == "date" else "%Y-%m-%dT%H:%M:%S"
            out[column] = out[column].dt.strftime(fmt)
        elif pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].map({True: "true", False: "false"}).astype(object)
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8")


def gzip_bytes(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as stream:
        stream.write(data)
    return buffer.getvalue()


def describe(
    resource: Resource, table: pd.DataFrame, path: str, data: bytes, raw: Path, used: dict | None = None
) -> dict:
    missing = [c for c in table.columns if c not in resource.fields]
    extra = [c for c in resource.fields if c not in table.columns]
    if missing or extra:
        raise SystemExit(f"{resource.name}: columns without a description {missing}; described but absent {extra}")
    fields = []
    for column in table.columns:
        description, unit = resource.fields[column]
        kind, extra_props = field_type(table[column])
        entry = {"name": column, "type": kind, "description": description}
        if unit:
            entry["unit"] = unit
        constraints = dict(extra_props.pop("constraints", {}))
        constraints.update(resource.constraints.get(column, {}))
        if column in resource.primary_key:
            constraints["required"] = True
        if constraints:
            entry["constraints"] = constraints
        entry.update(extra_props)
        fields.append(entry)
    schema: dict = {"fields": fields, "missingValues": [""]}
    if resource.primary_key:
        schema["primaryKey"] = resource.primary_key
    known = manifest(raw) if resource.raw_files else {}
    descriptor = {
        "name": resource.name,
        "title": resource.title,
        "description": resource.description,
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": "sha256:" + sha256_bytes(data),
        "rows": len(table),
        "schema": schema,
        "sources": resource.sources,
        "licenses": resource.licenses,
        "citation": resource.citation,
        "derivation": {
            "recipe": f"datasets/recipes/{resource.build.__module__.split('.')[-1]}.py",
            "steps": resource.derivation,
            "rawFiles": [{"path": f, "sha256": known[f]} for f in resource.raw_files],
        },
        "authoredByProject": resource.authored_by_project,
        "restrictions": resource.restrictions,
    }
    if path.endswith(".gz"):
        descriptor["compression"] = "gz"
    return with_usage(descriptor, used)


def with_usage(descriptor: dict, used: dict | None) -> dict:
    """The descriptor with ``chapters`` and ``assignments`` (last, in this order) from :func:`usage`.

    Derived from the notebooks' load() calls, never typed by hand.
    """
    out = {k: v for k, v in descriptor.items() if k not in ("chapters", "assignments")}
    out["chapters"] = (used or {}).get("chapters", [])
    out["assignments"] = (used or {}).get("assignments", [])
    return out


def sha256_bytes(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def rebuild(raw: Path, out: Path, only: list[str] | None = None) -> dict:
    resources = all_resources()
    if only:
        unknown = set(only) - {r.name for r in resources}
        if unknown:
            raise SystemExit(f"unknown resource(s): {sorted(unknown)}")
    (out / "data").mkdir(parents=True, exist_ok=True)
    previous = {}
    if only and (out / "datapackage.json").is_file():
        previous = {r["name"]: r for r in json.loads((out / "datapackage.json").read_text())["resources"]}
    descriptors = []
    used = usage()
    unknown = sorted(set(used) - {r.name for r in resources})
    if unknown:
        raise SystemExit(f"notebooks load datasets that no recipe builds: {unknown}")
    for resource in resources:
        if only and resource.name not in only:
            if resource.name in previous:
                # the table is kept; who uses it is re-read from the notebooks
                descriptors.append(with_usage(previous[resource.name], used.get(resource.name)))
            continue
        for relative in resource.raw_files:  # checked against MANIFEST before building
            from recipes._common import raw_path

            raw_path(raw, relative)
        table = resource.build(raw)
        data = to_csv_bytes(table)
        path = f"data/{resource.name}.csv"
        if resource.compress:
            data = gzip_bytes(data)
            path += ".gz"
        (out / path).write_bytes(data)
        descriptors.append(describe(resource, table, path, data, raw, used.get(resource.name)))
        print(f"{resource.name:55s} {len(table):>8,d} rows {len(data) / 1024:>9,.1f} KiB")
    package = dict(PACKAGE)
    package["resources"] = descriptors
    text = json.dumps(package, indent=2, ensure_ascii=False) + "\n"
    (out / "datapackage.json").write_text(text, encoding="utf-8")
    return package


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("raw", nargs="?", type=Path, default=DEFAULT_RAW, help="the raw folder (datasets-raw)")
    parser.add_argument("--out", type=Path, default=HERE, help="where to write data/ and datapackage.json")
    parser.add_argument("--only", nargs="*", help="rebuild only these resources (others kept as they are)")
    args = parser.parse_args(argv)
    if not (args.raw / "MANIFEST.csv").is_file():
        parser.error(f"{args.raw}: not a raw folder (no MANIFEST.csv)")
    package = rebuild(args.raw.resolve(), args.out.resolve(), args.only)
    total = sum(r["bytes"] for r in package["resources"])
    print(f"{len(package['resources'])} resources, {total / 1024 / 1024:.2f} MiB in {args.out / 'data'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
