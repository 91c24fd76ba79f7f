"""Bad data never loads quietly: each error names the dataset, file, row and field and says what to do.

Each test corrupts a copy of the real package in a temporary folder, points the loader at it with
$RIGHTSCLIMATE_DATA, and checks the message.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from rightsclimate import data

REPO = Path(__file__).resolve().parent.parent
DATASET = "asia_pacific_countries"  # small, plain CSV, present from the start


@pytest.fixture
def package_copy(tmp_path, monkeypatch):
    target = tmp_path / "datasets"
    (target / "data").mkdir(parents=True)
    shutil.copy(REPO / "datasets" / "datapackage.json", target / "datapackage.json")
    descriptor = data.describe(DATASET)
    shutil.copy(REPO / "datasets" / descriptor["path"], target / descriptor["path"])
    monkeypatch.setenv(data.DATA_ENV, str(target))
    data._package.cache_clear()
    yield target
    data._package.cache_clear()


def _rewrite(package: Path, edit) -> None:
    """Change the CSV with ``edit`` and re-sign it so that only the schema check can catch the change."""
    path = package / data.describe(DATASET)["path"]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(edit(lines)), encoding="utf-8")
    descriptor_path = package / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text())
    for resource in descriptor["resources"]:
        if resource["name"] == DATASET:
            resource["hash"] = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    descriptor_path.write_text(json.dumps(descriptor))
    data._package.cache_clear()


@pytest.mark.usefixtures("package_copy")
def test_unknown_dataset_name_suggests_the_right_one():
    with pytest.raises(data.DatasetError, match=r"unknown dataset 'asia_pacific_country'.*asia_pacific_countries"):
        data.load("asia_pacific_country")


def test_missing_file_names_dataset_and_file(package_copy):
    (package_copy / data.describe(DATASET)["path"]).unlink()
    with pytest.raises(data.DatasetError, match=rf"{DATASET}.*asia_pacific_countries.csv is missing.*rebuild"):
        data.load(DATASET)


def test_checksum_mismatch_is_refused(package_copy):
    path = package_copy / data.describe(DATASET)["path"]
    path.write_bytes(path.read_bytes().replace(b"Nepal", b"Nepol"))
    with pytest.raises(data.DatasetError, match=rf"{DATASET}.*does not match its SHA-256"):
        data.load(DATASET)


def test_value_of_wrong_type_names_row_and_field(package_copy):
    def edit(lines):
        fields = lines[3].split(",")
        fields[2] = "forty"  # m49 must be an integer
        lines[3] = ",".join(fields)
        return lines

    _rewrite(package_copy, edit)
    with pytest.raises(data.DatasetError) as caught:
        data.load(DATASET)
    message = str(caught.value)
    assert "asia_pacific_countries.csv" in message and "row 3 (line 4)" in message
    assert "field 'm49'" in message and "'forty' is not a valid integer" in message


def test_value_outside_its_allowed_set_names_row_and_field(package_copy):
    def edit(lines):
        lines[5] = lines[5].replace(",member,", ",observer,").replace(",associate member,", ",observer,")
        return lines

    _rewrite(package_copy, edit)
    with pytest.raises(data.DatasetError, match=r"row 5 \(line 6\), field 'escap_membership': 'observer'"):
        data.load(DATASET)


def test_empty_required_value_names_row_and_field(package_copy):
    def edit(lines):
        lines[2] = "," + lines[2].split(",", 1)[1]  # blank the primary key iso3
        return lines

    _rewrite(package_copy, edit)
    with pytest.raises(data.DatasetError, match=r"row 2 \(line 3\), field 'iso3': a required value is empty"):
        data.load(DATASET)


def test_duplicate_primary_key_is_refused(package_copy):
    _rewrite(package_copy, lambda lines: lines + [lines[1]])
    with pytest.raises(data.DatasetError, match=r"field 'iso3': this primary-key value appears twice"):
        data.load(DATASET)


def test_missing_column_is_reported_from_the_header(package_copy):
    def edit(lines):
        return [",".join(line.rstrip("\n").split(",")[:-1]) + "\n" for line in lines]

    _rewrite(package_copy, edit)
    with pytest.raises(data.DatasetError, match=r"header row: columns differ.*missing \['regional'\]"):
        data.load(DATASET)
