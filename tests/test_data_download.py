"""Launch anywhere: without the repository's files, the loader downloads, verifies and caches the data.

A copy of ``datasets/`` is served from a local HTTP server (127.0.0.1, random port) and the toolkit is
pointed at it with $RIGHTSCLIMATE_DATA_URL, with no local package found. Also: every place that names
the published repository (the chapter install cells, ``_config.yml``) agrees with
``rightsclimate.repository``.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
from pathlib import Path

import nbformat
import pytest
import yaml

from rightsclimate import data, repository

REPO = Path(__file__).resolve().parent.parent
SMALL = "asia_pacific_countries"  # plain CSV
COMPRESSED = "cities"  # another small file, to check that only the requested file is fetched
CHAPTERS = sorted((REPO / "book" / "chapters").glob("[0-9]*.ipynb"))


class _Server:
    """``http.server`` serving ``root`` on 127.0.0.1 in a thread; records the paths requested."""

    def __init__(self, root: Path):
        self.requested: list[str] = []
        requested = self.requested

        class Handler(http.server.SimpleHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                requested.append(self.path)
                super().do_GET()

            def log_message(self, *args):  # keep the test output quiet
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=root))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def _clear_caches():
    data._package.cache_clear()
    data._fetch_descriptor.cache_clear()
    data._REMOTE.clear()


@pytest.fixture
def served(tmp_path, monkeypatch):
    """A served copy of datasets/ (descriptor + two small files), an empty cache, no local package."""
    root = tmp_path / "site" / "datasets"
    (root / "data").mkdir(parents=True)
    shutil.copy(REPO / "datasets" / "datapackage.json", root / "datapackage.json")
    for name in (SMALL, COMPRESSED):
        relative = data.describe(name)["path"]
        shutil.copy(REPO / "datasets" / relative, root / relative)
    server = _Server(tmp_path / "site")
    monkeypatch.setattr(data, "_local_datapackage", lambda: None)  # as on Colab: nothing on disk
    monkeypatch.setenv(data.DATA_URL_ENV, server.url + "datasets/")
    monkeypatch.setenv(data.CACHE_ENV, str(tmp_path / "cache"))
    _clear_caches()
    yield server, root, tmp_path / "cache"
    server.stop()
    _clear_caches()


def test_downloads_descriptor_then_only_the_requested_file_and_verifies_it(served):
    server, _root, cache = served
    table = data.load(SMALL)
    expected = data.describe(SMALL)["rows"]
    assert len(table) == expected and table.attrs["licence"]
    assert server.requested == ["/datasets/datapackage.json", "/datasets/" + data.describe(SMALL)["path"]]
    assert data.datapackage_path().is_relative_to(cache)
    assert list(data.list_datasets()["name"]).count(SMALL) == 1


def test_second_load_comes_from_the_cache_with_the_server_stopped(served):
    server, _root, _cache = served
    first = data.load(SMALL)
    server.stop()
    _clear_caches()  # as in a new session: only the files on disk remain
    second = data.load(SMALL)
    assert second.equals(first)
    with pytest.raises(data.DatasetError, match=rf"dataset '{COMPRESSED}': could not download"):
        data.load(COMPRESSED)  # never downloaded, and the server is gone: a clear error, no data


def test_tampered_file_is_rejected_and_not_kept(served):
    _server, root, cache = served
    path = root / data.describe(SMALL)["path"]
    path.write_bytes(path.read_bytes().replace(b"Nepal", b"Nepol"))
    with pytest.raises(data.DatasetError) as caught:
        data.load(SMALL)
    message = str(caught.value)
    assert f"dataset '{SMALL}'" in message and "asia_pacific_countries.csv" in message
    assert "does not match its SHA-256" in message and "was not used" in message
    assert not list(cache.rglob("asia_pacific_countries.csv")), "a tampered download must not stay in the cache"


def test_tampered_cache_file_is_downloaded_again(served):
    _server, _root, cache = served
    data.load(SMALL)
    (cached,) = cache.rglob("asia_pacific_countries.csv")
    cached.write_bytes(cached.read_bytes().replace(b"Nepal", b"Nepol"))
    _clear_caches()
    assert len(data.load(SMALL)) == data.describe(SMALL)["rows"]
    assert cached.read_bytes() == (REPO / "datasets" / data.describe(SMALL)["path"]).read_bytes()


@pytest.mark.usefixtures("served")
def test_descriptor_is_only_downloaded_over_https(monkeypatch):
    monkeypatch.setenv(data.DATA_URL_ENV, "http://example.org/datasets/")
    _clear_caches()
    with pytest.raises(data.DatasetError, match=r"not found.*only downloaded over HTTPS"):
        data.load(SMALL)


@pytest.mark.usefixtures("served")
def test_download_can_be_switched_off(monkeypatch):
    monkeypatch.setenv(data.DATA_URL_ENV, "off")
    with pytest.raises(data.DatasetError, match=r"datapackage.json not found.*switched off"):
        data.load(SMALL)


def test_unsafe_resource_path_is_refused(served):
    _server, root, _cache = served
    descriptor = json.loads((root / "datapackage.json").read_text())
    for resource in descriptor["resources"]:
        if resource["name"] == SMALL:
            resource["path"] = "../../outside.csv"
    (root / "datapackage.json").write_text(json.dumps(descriptor))
    with pytest.raises(data.DatasetError, match=r"unsafe path"):
        data.load(SMALL)


def test_default_source_is_the_published_repository(monkeypatch):
    monkeypatch.delenv(data.DATA_URL_ENV, raising=False)
    url = repository.data_base_url()
    ref = repository.installed_commit() or repository.BRANCH
    assert url == f"https://raw.githubusercontent.com/{repository.ORG}/{repository.NAME}/{ref}/datasets/"


# --- one repository URL everywhere ------------------------------------------------------------
def _install_cell(path: Path):
    nb = nbformat.read(path, as_version=4)
    return next(cell for cell in nb.cells if cell.cell_type == "code")


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.name for p in CHAPTERS])
def test_chapter_starts_with_the_install_cell(path):
    cell = _install_cell(path)
    assert "remove-cell" in cell.metadata.get("tags", []), "the install cell is hidden from the book"
    # install only when missing: the pip line runs only where importing the toolkit fails
    assert "try:\n    import rightsclimate\nexcept ModuleNotFoundError:\n    %pip install" in cell.source, cell.source
    pip_lines = [line.strip() for line in cell.source.splitlines() if line.strip().startswith("%pip install")]
    assert len(pip_lines) == 1, cell.source
    assert f'"{repository.pip_requirement()}"' in pip_lines[0], f"{pip_lines[0]} is not {repository.pip_requirement()}"


def test_pip_requirement_names_the_distribution_in_pyproject():
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(rf'^name = "{re.escape(repository.DISTRIBUTION)}"$', pyproject, re.M)
    assert repository.pip_requirement() == f"{repository.DISTRIBUTION} @ git+{repository.URL}@{repository.BRANCH}"


def test_book_config_names_the_same_repository():
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    assert config["repository"]["url"] == repository.URL
    assert config["repository"]["branch"] == repository.BRANCH


def test_every_link_to_the_course_repository_uses_the_same_url():
    """A moved repository is changed in rightsclimate/repository.py; this finds the copies left behind."""
    import subprocess

    tracked = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    pattern = re.compile(r"(?:github\.com|raw\.githubusercontent\.com)/([\w.-]+)/([\w.-]+)")
    wrong = []
    for relative in tracked.splitlines():
        path = REPO / relative
        if (
            path.suffix not in {".md", ".ipynb", ".py", ".yml", ".yaml", ".cff", ".json", ".toml", ""}
            or not path.is_file()
        ):
            continue
        if relative.startswith("tests/fixtures/") or path.name == "package-lock.json":
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for org, name in pattern.findall(text):
            if "rights-climate" in f"{org}/{name}" and (org, name.removesuffix(".git")) != (
                repository.ORG,
                repository.NAME,
            ):
                wrong.append(f"{relative}: {org}/{name}")
    assert not wrong, f"links to the course repository that differ from {repository.URL}: {wrong}"
