"""The data package: valid, loadable with its schema's types, sourced, licensed, small, and rebuildable."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from rightsclimate import data

REPO = Path(__file__).resolve().parent.parent
DATASETS = REPO / "datasets"
RAW = REPO.parent / "shared" / "datasets-raw"
PACKAGE = json.loads((DATASETS / "datapackage.json").read_text(encoding="utf-8"))
NAMES = [r["name"] for r in PACKAGE["resources"]]
PANDAS_KIND = {
    "integer": pd.api.types.is_integer_dtype,
    "number": pd.api.types.is_float_dtype,
    "boolean": pd.api.types.is_bool_dtype,
    "date": pd.api.types.is_datetime64_any_dtype,
    "datetime": pd.api.types.is_datetime64_any_dtype,
    "string": lambda dtype: pd.api.types.is_string_dtype(dtype) or isinstance(dtype, pd.CategoricalDtype),
}


def test_frictionless_validates_the_whole_package():
    from frictionless import Package

    report = Package(str(DATASETS / "datapackage.json")).validate()
    problems = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors[:3]]
    assert report.valid, "\n".join(problems[:20])


@pytest.mark.parametrize("name", NAMES)
def test_resource_loads_with_its_schema_types(name):
    table = data.load(name)
    resource = data.describe(name)
    assert len(table) == resource["rows"]
    for field in resource["schema"]["fields"]:
        dtype = table[field["name"]].dtype
        assert PANDAS_KIND[field["type"]](dtype), f"{name}.{field['name']}: {dtype} is not {field['type']}"
        if field.get("categorical"):
            assert isinstance(dtype, pd.CategoricalDtype), f"{name}.{field['name']} should be categorical"


@pytest.mark.parametrize("name", NAMES)
def test_resource_is_described_sourced_and_licensed(name):
    resource = data.describe(name)
    for key in ("title", "description", "citation"):
        assert resource.get(key), f"{name}: no {key}"
    assert resource["sources"] and all(s.get("title") for s in resource["sources"]), f"{name}: no sources"
    assert resource["licenses"], f"{name}: no licence"
    for field in resource["schema"]["fields"]:
        assert field.get("description"), f"{name}.{field['name']}: no description"
    derivation = resource["derivation"]
    assert derivation["steps"] and (REPO / derivation["recipe"]).is_file()
    if not resource["authoredByProject"]:
        assert derivation["rawFiles"], f"{name}: derived from no raw file?"
    licence_names = " ".join(lic["name"] for lic in resource["licenses"])
    if "-NC" in licence_names:
        assert "non-commercial" in resource["restrictions"], f"{name}: NC licence not flagged"
    if "-SA" in licence_names:
        assert "share-alike" in resource["restrictions"], f"{name}: share-alike licence not flagged"


def test_raw_file_hashes_in_descriptor_match_the_manifest():
    if not (RAW / "MANIFEST.csv").is_file():
        pytest.skip("raw folder not beside the repository")
    manifest = {row["path"]: row["sha256"] for row in csv.DictReader(open(RAW / "MANIFEST.csv"))}
    for resource in PACKAGE["resources"]:
        for raw in resource["derivation"]["rawFiles"]:
            assert manifest.get(raw["path"]) == raw["sha256"], f"{resource['name']}: {raw['path']}"


def test_no_raw_file_is_committed_byte_for_byte():
    if not (RAW / "MANIFEST.csv").is_file():
        pytest.skip("raw folder not beside the repository")
    raw_hashes = {row["sha256"]: row["path"] for row in csv.DictReader(open(RAW / "MANIFEST.csv"))}
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    copies = []
    for relative in tracked:
        path = REPO / relative
        if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() in raw_hashes:
            copies.append(relative)
    assert not copies, f"raw files committed as they are: {copies}"


def test_package_stays_small():
    total = sum((DATASETS / r["path"]).stat().st_size for r in PACKAGE["resources"])
    assert total <= 15 * 1024 * 1024, f"data package is {total / 1024 / 1024:.1f} MiB (limit 15)"


def test_asia_pacific_list_is_the_escap_region():
    countries = data.load("asia_pacific_countries")
    regional = countries[countries["regional"]]
    assert len(countries) == 62 and len(regional) == 58
    assert {"KOR", "PHL", "IDN", "NPL", "FJI", "HKG"} <= set(regional["iso3"])
    assert not {"USA", "GBR", "FRA", "NLD"} & set(regional["iso3"])


def test_rebuild_reproduces_the_committed_package(tmp_path):
    if not (RAW / "MANIFEST.csv").is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{RAW} is missing in CI: the rebuild check cannot run")
        pytest.skip("raw folder not beside the repository")
    subprocess.run(
        [sys.executable, str(DATASETS / "rebuild.py"), str(RAW), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    rebuilt = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert rebuilt == PACKAGE, "datapackage.json differs from what the recipes produce: run `make data`"
    for resource in PACKAGE["resources"]:
        committed = (DATASETS / resource["path"]).read_bytes()
        assert (tmp_path / resource["path"]).read_bytes() == committed, f"{resource['name']} differs on rebuild"


def test_one_licence_formatter_spells_out_every_restriction():
    from rightsclimate import catalogue

    assert catalogue.licence_text is data.licence_text  # the catalogue shows the same line as data.licence()
    for name in NAMES:
        resource = data.describe(name)
        plain, linked = data.licence_text(resource), data.licence_text(resource, markdown=True)
        assert data.licence(name) == plain and data.load(name).attrs["licence"] == plain
        for lic in resource["licenses"]:
            assert f"({lic['name']})" in plain and lic.get("title", lic["name"]) in plain
            if lic.get("path"):
                assert f"]({lic['path']})" in linked
        assert ("NON-COMMERCIAL use only" in plain) == ("non-commercial" in resource["restrictions"]), name
        assert ("SHARE-ALIKE" in plain) == ("share-alike" in resource["restrictions"]), name
        if resource["restrictions"]:
            assert "**NON-COMMERCIAL use only**" in linked or "**SHARE-ALIKE**" in linked, name


def test_chapters_and_assignments_fields_agree_with_the_notebooks_load_calls():
    from courseops.bundle import datasets_used

    chapters = sorted((REPO / "book" / "chapters").glob("[0-9][0-9]_*.ipynb"))
    assert [int(nb.name[:2]) for nb in chapters] == list(range(1, 9))
    assignments = sorted(nb for nb in (REPO / "exercises" / "source").glob("*/*.ipynb") if nb.stem == nb.parent.name)
    assert assignments, "no assignment source notebooks found"
    loads = {nb: set(datasets_used([nb])) for nb in chapters + assignments}  # parse each notebook once
    for resource in PACKAGE["resources"]:
        name = resource["name"]
        want_chapters = [int(nb.name[:2]) for nb in chapters if name in loads[nb]]
        want_assignments = [nb.stem for nb in assignments if name in loads[nb]]
        assert resource["chapters"] == want_chapters, f"{name}: rerun python datasets/rebuild.py --only {name}"
        assert resource["assignments"] == want_assignments, f"{name}: rerun python datasets/rebuild.py --only {name}"
    # the field is not decorative: the chapter 1 page loads the ratification table (it once said chapter 2 only)
    by_name = {r["name"]: r for r in PACKAGE["resources"]}
    assert 1 in by_name["treaty_ratification"]["chapters"]
