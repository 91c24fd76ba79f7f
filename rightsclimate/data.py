"""Load the course's datasets by name, typed by their Frictionless schema, with their licence and citation.

    >>> from rightsclimate.data import list_datasets, load, citation
    >>> weather = load("city_daily_weather")

Every load checks the file against the SHA-256 in ``datasets/datapackage.json`` and every value
against the schema (types, required fields, allowed values, ranges, unique keys). Anything wrong
raises :class:`DatasetError` naming the dataset, file, row and field, and saying what to do:
no partial data is ever returned.

Where the repository's files are not on disk (Colab, a bare JupyterHub with only the toolkit
installed), the loader downloads the package from the published repository instead (see
:mod:`rightsclimate.repository`): first ``datapackage.json``, then only the file of the dataset asked
for. Each data file is verified against the SHA-256 in that descriptor before it is kept, and both are
cached (``$RIGHTSCLIMATE_CACHE``, default: the user cache folder), so later loads work offline.

Trust: the descriptor cannot vouch for itself. It is accepted over HTTPS (plain HTTP only from this
machine, for tests) from the same repository the toolkit itself was installed from, at the exact
commit pip recorded for a git install (else at the published branch); a man in the middle would need
to break the TLS that also delivered the toolkit's code. Every data file is then checked against it,
so a changed or corrupted file is refused, never returned.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
from functools import cache
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pandas as pd

from rightsclimate import repository

DATA_ENV = "RIGHTSCLIMATE_DATA"  # folder holding datapackage.json, to override the search
DATA_URL_ENV = repository.DATA_URL_ENV  # base URL to download the package from ("off": never download)
CACHE_ENV = "RIGHTSCLIMATE_CACHE"  # folder for downloaded files (default: the user cache folder)
_FIX_HINT = "Restore it with `git checkout -- datasets/` or rebuild it with `python datasets/rebuild.py`."


class DatasetError(Exception):
    """A dataset is unknown, missing, altered or does not match its schema."""


# --- finding the package --------------------------------------------------------------------
def _local_datapackage() -> Path | None:
    """$RIGHTSCLIMATE_DATA, else the repository's ``datasets/``, else ``datasets/`` above the cwd."""
    candidates = []
    if os.environ.get(DATA_ENV):
        candidates.append(Path(os.environ[DATA_ENV]) / "datapackage.json")
    candidates.append(Path(__file__).resolve().parent.parent / "datasets" / "datapackage.json")
    here = Path.cwd().resolve()
    candidates += [folder / "datasets" / "datapackage.json" for folder in (here, *here.parents)]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return None


def datapackage_path() -> Path:
    """The descriptor in use: a local one (see :func:`_local_datapackage`), else a downloaded one."""
    local = _local_datapackage()
    if local is not None:
        return local
    not_found = (
        "datasets/datapackage.json not found. Run the notebook from a clone of the course repository, "
        f"or set {DATA_ENV} to the folder that holds datapackage.json."
    )
    base_url = repository.data_base_url()
    if os.environ.get(DATA_URL_ENV, "").strip().lower() == "off":
        raise DatasetError(not_found + f" (Downloading is switched off: {DATA_URL_ENV}=off.)")
    try:
        return _fetch_descriptor(base_url, str(cache_folder()))
    except DatasetError as error:
        raise DatasetError(f"{not_found} Downloading it failed too: {error}") from None


# --- downloading the package when it is not on disk ------------------------------------------
_REMOTE: dict[Path, str] = {}  # downloaded descriptor -> base URL its files come from
_SAFE_PATH = re.compile(r"[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*")
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def cache_folder() -> Path:
    """Where downloaded data is kept: $RIGHTSCLIMATE_CACHE, else the user cache folder."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    import pooch

    return Path(pooch.os_cache("rightsclimate"))


def _source_folder(cache: Path, base_url: str) -> Path:
    """One cache folder per download source (host, repository and commit or branch)."""
    parts = urlsplit(base_url)
    return cache / re.sub(r"[^A-Za-z0-9._-]+", "_", f"{parts.netloc}{parts.path}").strip("_")


def _download(url: str, target: Path, known_hash: str | None) -> None:
    import logging

    import pooch
    import requests

    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel(logging.WARNING)  # pooch's INFO lines ("Downloading ...", "SHA256 hash ...") are noise here
    try:
        pooch.retrieve(url, known_hash=known_hash, fname=target.name, path=target.parent, progressbar=False)
    except requests.exceptions.RequestException as error:
        raise DatasetError(
            f"could not download {url} ({error}). Check the internet connection and try again, or run "
            f"from a clone of the course repository."
        ) from None
    finally:
        logger.setLevel(level)


@cache
def _fetch_descriptor(base_url: str, cache: str) -> Path:
    """Download ``datapackage.json`` from ``base_url`` once (HTTPS only, except from this machine)."""
    parts = urlsplit(base_url)
    if parts.scheme != "https" and not (parts.scheme == "http" and parts.hostname in _LOOPBACK):
        raise DatasetError(
            f"{base_url} is not an https:// address; the data package is only downloaded over HTTPS "
            f"(plain http only from 127.0.0.1 or localhost). Check {DATA_URL_ENV}."
        )
    target = _source_folder(Path(cache), base_url) / "datapackage.json"
    if not target.is_file():
        _download(base_url + "datapackage.json", target, None)
    try:
        resources = json.loads(target.read_text(encoding="utf-8"))["resources"]
        if not isinstance(resources, list):
            raise TypeError("resources is not a list")
    except (OSError, ValueError, KeyError, TypeError) as error:
        target.unlink(missing_ok=True)  # never keep a broken descriptor in the cache
        raise DatasetError(f"{base_url}datapackage.json is not a data package descriptor ({error}).") from None
    _REMOTE[target] = base_url
    return target


def _fetch_file(name: str, resource: dict, descriptor: Path) -> Path:
    """Download the resource's file (only if not cached yet) and verify it against its SHA-256."""
    base_url = _REMOTE[descriptor]
    relative = str(resource.get("path", ""))
    if not _SAFE_PATH.fullmatch(relative) or ".." in PurePosixPath(relative).parts:
        raise DatasetError(f"dataset {name!r}: the downloaded datapackage.json gives an unsafe path {relative!r}.")
    expected = str(resource.get("hash", ""))
    if not expected.startswith("sha256:"):
        raise DatasetError(
            f"dataset {name!r}: the downloaded datapackage.json has no SHA-256 for {relative}, so the file "
            "cannot be verified and is not downloaded."
        )
    target = descriptor.parent / relative
    url = base_url + relative
    try:
        _download(url, target, expected)
    except ValueError as error:  # pooch: the downloaded file's hash does not match (the file is not kept)
        found = re.search(r"but got ([0-9a-f]{12})", str(error))
        actual = found.group(1) + "…" if found else "another value"
        raise DatasetError(
            f"dataset {name!r}: file {relative} downloaded from {url} does not match its SHA-256 in "
            f"datapackage.json (expected {expected.removeprefix('sha256:')[:12]}…, found {actual}): it was "
            f"changed or corrupted on the way and was not used. Try again later; if the course data was "
            f"updated since the first download, delete {descriptor.parent} and load again."
        ) from None
    except DatasetError as error:
        raise DatasetError(f"dataset {name!r}: {error}") from None
    return target


@cache
def _package(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise DatasetError(f"{path}: cannot read the data package descriptor ({error}). {_FIX_HINT}") from error


def _identity(path: Path) -> tuple:
    """What tells one version of a file from another, without reading it (path, inode, size, mtime)."""
    stat = path.stat()
    return (str(path), stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _resources() -> dict[str, dict]:
    return {resource["name"]: resource for resource in _package(datapackage_path())["resources"]}


def describe(name: str) -> dict:
    """The full Frictionless descriptor of one dataset (schema, sources, licence, derivation)."""
    resources = _resources()
    if name not in resources:
        close = difflib.get_close_matches(name, resources, n=3)
        hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise DatasetError(f"unknown dataset {name!r}.{hint} `list_datasets()` shows every name.")
    return resources[name]


def list_datasets() -> pd.DataFrame:
    """One row per dataset: name, title, rows, licence, restrictions, and the chapters and assignments using it."""
    rows = [
        {
            "name": r["name"],
            "title": r["title"],
            "rows": r.get("rows"),
            "licence": ", ".join(lic["name"] for lic in r.get("licenses", [])),
            "restrictions": ", ".join(r.get("restrictions", [])),
            "chapters": ", ".join(str(c) for c in r.get("chapters", [])),
            "assignments": ", ".join(r.get("assignments", [])),
        }
        for r in _resources().values()
    ]
    return pd.DataFrame(rows)


def citation(name: str) -> str:
    """How to cite a dataset."""
    return describe(name)["citation"]


# How each restriction word in a descriptor is spelled out wherever a licence is shown.
RESTRICTION_TEXT = {
    "non-commercial": "NON-COMMERCIAL use only",
    "share-alike": "SHARE-ALIKE: adaptations must carry the same licence",
}


def licence_text(resource: dict, *, markdown: bool = False) -> str:
    """The one licence line for a descriptor entry: each licence's title and name, then its restrictions.

    ``markdown=True`` links each title to its licence text and sets the restrictions in bold (catalogue,
    bundle READMEs); plain text otherwise (``licence()``, table attributes, printed notes).
    """
    parts = []
    for lic in resource.get("licenses", []):
        title = lic.get("title", lic["name"])
        if markdown and lic.get("path"):
            title = f"[{title}]({lic['path']})"
        parts.append(f"{title} ({lic['name']})")
    restrictions = [RESTRICTION_TEXT.get(r, r) for r in resource.get("restrictions", [])]
    if markdown:
        restrictions = [f"**{r.split(':')[0]}**" + (":" + r.split(":", 1)[1] if ":" in r else "") for r in restrictions]
    return "; ".join(parts) + (" — " + "; ".join(restrictions) if restrictions else "")


def licence(name: str) -> str:
    """The dataset's licence(s), with any restriction (non-commercial, share-alike) spelled out."""
    return licence_text(describe(name))


# --- loading --------------------------------------------------------------------------------
_NULLS = {"keep_default_na": False, "na_values": [""]}


def _file_of(name: str) -> tuple[dict, Path]:
    resource = describe(name)
    descriptor = datapackage_path()
    if descriptor in _REMOTE:  # downloaded package: fetch (or reuse the cached, verified) file
        return resource, _fetch_file(name, resource, descriptor)
    path = descriptor.parent / resource["path"]
    if not path.is_file():
        raise DatasetError(f"dataset {name!r}: file {path} is missing. {_FIX_HINT}")
    return resource, path


def _check_hash(name: str, resource: dict, path: Path) -> None:
    expected = resource.get("hash", "")
    if not expected.startswith("sha256:"):
        return
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    if actual != expected.removeprefix("sha256:"):
        raise DatasetError(
            f"dataset {name!r}: file {path} does not match its SHA-256 in datapackage.json "
            f"(expected {expected.removeprefix('sha256:')[:12]}…, found {actual[:12]}…): the file was changed "
            f"or corrupted. {_FIX_HINT}"
        )


def _fail(name: str, path: Path, row_index: int, field: str, problem: str) -> DatasetError:
    # row_index is 0-based over data rows; the file line adds the header line.
    return DatasetError(
        f"dataset {name!r}: file {path.name}, row {row_index + 1} (line {row_index + 2}), field {field!r}: "
        f"{problem}. The file no longer matches its schema. {_FIX_HINT}"
    )


def _convert(name: str, path: Path, table: pd.DataFrame, field: dict) -> pd.Series:
    """Convert one column (read as text) to its schema type, naming the first bad row."""
    column, kind = field["name"], field["type"]
    raw = table[column]
    if kind in ("integer", "number"):
        values = pd.to_numeric(raw, errors="coerce")
        bad = values.isna() & raw.notna()
        if kind == "integer":
            bad |= values.notna() & (values % 1 != 0)
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise _fail(name, path, i, column, f"{raw.iloc[i]!r} is not a valid {kind}")
        return values.astype("Int64") if kind == "integer" else values.astype("float64")
    if kind == "boolean":
        values = raw.str.lower().map({"true": True, "false": False})
        bad = values.isna() & raw.notna()
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise _fail(name, path, i, column, f"{raw.iloc[i]!r} is not true or false")
        return values.astype("boolean")
    if kind in ("date", "datetime"):
        fmt = "%Y-%m-%d" if kind == "date" else "%Y-%m-%dT%H:%M:%S"
        values = pd.to_datetime(raw, format=fmt, errors="coerce")
        bad = values.isna() & raw.notna()
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise _fail(name, path, i, column, f"{raw.iloc[i]!r} is not a {kind} ({fmt})")
        return values
    return raw


def _check_constraints(name: str, path: Path, column: pd.Series, field: dict) -> pd.Series:
    constraints = field.get("constraints", {})
    label = field["name"]
    if constraints.get("required") and column.isna().any():
        i = int(column.isna().to_numpy().nonzero()[0][0])
        raise _fail(name, path, i, label, "a required value is empty")
    if "enum" in constraints:
        allowed = constraints["enum"]
        codes = pd.Index(allowed).get_indexer(column)  # -1 for empty and for values not allowed
        bad = column.notna().to_numpy() & (codes == -1)
        if bad.any():
            i = int(bad.nonzero()[0][0])
            raise _fail(name, path, i, label, f"{column.iloc[i]!r} is not one of the allowed values")
        if field.get("categorical"):
            column = pd.Series(pd.Categorical.from_codes(codes, categories=allowed), index=column.index, name=label)
    for key, compare in (("minimum", column.lt), ("maximum", column.gt)):
        if key in constraints:
            limit = constraints[key]
            if pd.api.types.is_datetime64_any_dtype(column):
                limit = pd.Timestamp(limit)
            bad = compare(limit).fillna(False)
            if bad.any():
                i = int(bad.to_numpy().nonzero()[0][0])
                raise _fail(name, path, i, label, f"{column.iloc[i]!r} is outside the allowed {key} {limit!r}")
    return column


def _arrow_type(field: dict):
    import pyarrow as pa

    kind = field["type"]
    return {
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "datetime": pa.timestamp("s"),
    }.get(kind, pa.string())


def _read_fast(path: Path, fields: list[dict], key: list[str] | None) -> tuple[pd.DataFrame, bool]:
    """Strictly typed read with pyarrow; raises on the first value that does not convert.

    Also returns whether the primary key is unique, counted in Arrow (much faster than pandas).
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    options = pacsv.ConvertOptions(
        column_types={f["name"]: _arrow_type(f) for f in fields},
        null_values=[""],
        strings_can_be_null=True,
        true_values=["true"],
        false_values=["false"],
    )
    # Single-threaded: faster than a thread pool for files this size, and steady on a busy machine.
    table = pacsv.read_csv(path, read_options=pacsv.ReadOptions(use_threads=False), convert_options=options)
    unique = True
    if key and all(k in table.column_names for k in key):
        unique = table.select(key).group_by(key, use_threads=False).aggregate([]).num_rows == table.num_rows
    mapper = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype(), pa.string(): pd.StringDtype()}
    frame = table.to_pandas(types_mapper=mapper.get, date_as_object=False)
    for field in fields:
        if field["type"] == "date":
            frame[field["name"]] = frame[field["name"]].astype("datetime64[ns]")
    return frame, unique


def _read_checked(name: str, path: Path, fields: list[dict]) -> pd.DataFrame:
    """Slow path: read as text and convert column by column to name the first bad row and field."""
    try:
        table = pd.read_csv(path, dtype="string", engine="pyarrow", **_NULLS)
    except Exception as error:  # noqa: BLE001 - any parser failure is reported the same way
        raise DatasetError(f"dataset {name!r}: file {path.name} cannot be read as CSV ({error}). {_FIX_HINT}") from None
    _check_header(name, path, list(table.columns), [f["name"] for f in fields])
    return pd.DataFrame({f["name"]: _convert(name, path, table, f) for f in fields})


def _check_header(name: str, path: Path, found: list[str], names: list[str]) -> None:
    if found != names:
        missing = [n for n in names if n not in found]
        extra = [c for c in found if c not in names]
        raise DatasetError(
            f"dataset {name!r}: file {path.name}, header row: columns differ from the schema "
            f"(missing {missing}, unexpected {extra}). {_FIX_HINT}"
        )


# Tables a long-lived process loaded ahead (see :func:`preload`): name -> (identity of the descriptor and
# the file when they were checked, the checked table).
_PRELOADED: dict[str, tuple[tuple, pd.DataFrame]] = {}


def preload(names: list[str] | None = None) -> list[str]:
    """Load and check datasets now, and keep them in memory: later :func:`load` calls return copies.

    For a process that starts many short-lived ones by forking, such as the warm grading template
    (courseops/sandboxgrade/template.py): each learner's kernel then gets the tables without reading,
    hashing and checking the files again. A copy is served only while the descriptor and the file are
    the very ones that were checked (same path, inode, size and modification time); otherwise
    :func:`load` reads and checks the file as usual. Returns the names kept (all local datasets by
    default; none for a downloaded package)."""
    descriptor = datapackage_path()
    if descriptor in _REMOTE:
        return []
    kept = []
    for name in names if names is not None else list(_resources()):
        _, path = _file_of(name)
        identity = (_identity(descriptor), _identity(path))
        _PRELOADED[name] = (identity, load(name))
        kept.append(name)
    return kept


def _preloaded_copy(name: str, path: Path) -> pd.DataFrame | None:
    kept = _PRELOADED.get(name)
    if kept is None or kept[0] != (_identity(datapackage_path()), _identity(path)):
        return None
    table = kept[1].copy(deep=True)  # the caller may change its table; the kept one stays as checked
    table.attrs = dict(kept[1].attrs)
    return table


def load(name: str) -> pd.DataFrame:
    """Load one dataset by name as a typed DataFrame (see :func:`list_datasets` for names)."""
    resource, path = _file_of(name)
    if _PRELOADED:
        table = _preloaded_copy(name, path)
        if table is not None:
            return table
    _check_hash(name, resource, path)
    fields = resource["schema"]["fields"]
    key = resource["schema"].get("primaryKey")
    try:
        table, unique = _read_fast(path, fields, key)
        _check_header(name, path, list(table.columns), [f["name"] for f in fields])
    except DatasetError:
        raise
    except Exception:  # noqa: BLE001 - find out exactly where, then report that
        table, unique = _read_checked(name, path, fields), False
    for field in fields:
        column = table[field["name"]]
        checked = _check_constraints(name, path, column, field)
        if checked is not column:
            table[field["name"]] = checked
    if key and not unique:
        duplicated = table.duplicated(subset=key)
        if duplicated.any():
            i = int(duplicated.to_numpy().nonzero()[0][0])
            raise _fail(name, path, i, ", ".join(key), "this primary-key value appears twice")
    table.attrs["citation"] = resource.get("citation", "")
    table.attrs["licence"] = licence(name)
    return table
