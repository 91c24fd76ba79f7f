"""rightsclimate.data.preload: tables loaded ahead are served as independent copies, and only while the
files are the very ones that were checked (the warm grading template relies on this).

Real files: a copy of the package's descriptor and one real table in a temporary folder, pointed at
with $RIGHTSCLIMATE_DATA, as in tests/test_data_bad_input.py.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from rightsclimate import data

REPO = Path(__file__).resolve().parent.parent
DATASET = "cities"  # loaded by chapter 3 and three assignments


@pytest.fixture
def package_copy(tmp_path, monkeypatch):
    target = tmp_path / "datasets"
    (target / "data").mkdir(parents=True)
    shutil.copy(REPO / "datasets" / "datapackage.json", target / "datapackage.json")
    relative = data.describe(DATASET)["path"]
    shutil.copy(REPO / "datasets" / relative, target / relative)
    monkeypatch.setenv(data.DATA_ENV, str(target))
    monkeypatch.setattr(data, "_PRELOADED", {})
    data._package.cache_clear()
    yield target / relative
    data._package.cache_clear()


@pytest.mark.usefixtures("package_copy")
def test_preloaded_table_equals_a_fresh_load_and_is_a_copy():
    fresh = data.load(DATASET)
    assert data.preload([DATASET]) == [DATASET]
    first, second = data.load(DATASET), data.load(DATASET)
    pd.testing.assert_frame_equal(first, fresh)
    assert first.attrs == fresh.attrs and "CC-BY-4.0" in first.attrs["licence"]
    # a caller who changes its table changes nothing for the next caller
    first.iloc[0, 0] = "changed"
    first.attrs["citation"] = "changed"
    del first[first.columns[1]]  # in place, as a learner might
    pd.testing.assert_frame_equal(second, fresh)
    pd.testing.assert_frame_equal(data.load(DATASET), fresh)
    assert data.load(DATASET).attrs == fresh.attrs


def test_a_changed_file_is_read_and_checked_again(package_copy):
    data.preload([DATASET])
    # same size, new content: the hash check must now refuse it instead of serving the kept table
    content = package_copy.read_bytes()
    package_copy.write_bytes(content.replace(b"Gwangju", b"Gwangjo", 1))
    os.utime(package_copy, ns=(1, 1))
    with pytest.raises(data.DatasetError, match=rf"{DATASET}.*(hash|SHA-256|changed)"):
        data.load(DATASET)


def test_another_package_is_not_served_from_memory(package_copy, tmp_path, monkeypatch):
    data.preload([DATASET])
    other = tmp_path / "other"
    shutil.copytree(package_copy.parent.parent, other)
    monkeypatch.setenv(data.DATA_ENV, str(other))
    (other / data.describe(DATASET)["path"]).unlink()
    with pytest.raises(data.DatasetError, match="is missing"):
        data.load(DATASET)


def test_preload_keeps_every_local_dataset_by_default(monkeypatch):
    monkeypatch.setattr(data, "_PRELOADED", {})  # the repository's own package, every table (about 1 s)
    kept = data.preload()
    assert kept == list(data._resources()) and len(kept) > 30
    for name in kept:
        assert data._preloaded_copy(name, data._file_of(name)[1]) is not None, name
