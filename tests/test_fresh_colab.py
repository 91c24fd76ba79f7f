"""Fresh Colab: every chapter and every release notebook runs where nothing of the course is installed.

A learner on Colab, on a bare JupyterHub or with a notebook downloaded from an LMS has Python and a
kernel, and nothing else of the course. This test builds such a place, outside the repository:

- a new virtual environment holding only a kernel (``ipykernel``), then only what the setup cell
  installs (the setup cell is run once, as the first notebook a learner opens would run it);
- the toolkit comes from a clean copy of the repository (its tracked files, committed on ``main``)
  instead of GitHub, without changing the cell: git's ``url.<copy>.insteadOf`` setting redirects the
  clone that pip makes of the published URL, so the cell's own requirement line is what is tested;
- the data comes from a local HTTP server serving the copy's ``datasets/``, standing in for the
  published repository (``$RIGHTSCLIMATE_DATA_URL``), with an empty download cache;
- each notebook is copied ALONE into an empty folder and executed top to bottom with that kernel.

Chapters must run without any error. Release notebooks are the learner's version: answer cells raise
``NotImplementedError`` until answered, and what depends on an answer fails with it (a cell calling the
learner's function, a name the answer defines, a self-check in a test cell). Every cell is run and only
those errors are allowed (see :func:`learner_errors`); everything else must run.

One environment per test session, shared by pytest-xdist workers (the first builds it under a file
lock). pip's cache is used. Measured times are printed (``pytest -s``) and kept in
``<session tmp>/fresh_colab/timings.json``. Where git, venv or the package registry is missing the
test skips, except in CI (``CI=true``), where it fails: a skipped check in CI would hide a gap.
"""

from __future__ import annotations

import ast
import fcntl
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest

from courseops import setupcell
from courseops.paths import COURSE_DIR, notebooks_in, release_dir
from rightsclimate import repository

REPO = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").strip().lower() == "true"
KERNEL_NAME = "fresh-colab"
CELL_TIMEOUT = 900  # seconds per cell: the setup cell's pip install is the longest

CHAPTERS = setupcell.chapter_notebooks()
RELEASES = [path for folder in sorted(release_dir(COURSE_DIR).iterdir()) for path in notebooks_in(folder)]
NOTEBOOKS = [("chapter", path) for path in CHAPTERS] + [("release", path) for path in RELEASES]

pytestmark = pytest.mark.slow
# Run right after the setup cell, in the same kernel: the toolkit imports and loads a small dataset.
PROBE = 'print(len(load("asia_pacific_countries")) > 0, rightsclimate.__file__)'


def _need(ok: bool, why: str) -> None:
    """Skip when a prerequisite is missing, but fail in CI (where every prerequisite must be there)."""
    if ok:
        return
    if IN_CI:
        pytest.fail(f"the fresh-Colab test cannot run in CI: {why}", pytrace=False)
    pytest.skip(why)


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, check=False, **kwargs)


def _shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder common to all xdist workers of this run (the session's own tmp without xdist)."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = shared / "fresh_colab"
    folder.mkdir(exist_ok=True)
    return folder


def _clean_copy(target: Path) -> str:
    """The repository's tracked files (as in the work tree), committed on ``main`` in a new git repository."""
    listed = _run(["git", "ls-files", "-z"], cwd=REPO)
    _need(listed.returncode == 0, f"`git ls-files` failed in {REPO}: {listed.stderr.strip()}")
    for relative in filter(None, listed.stdout.split("\0")):
        source = REPO / relative
        if source.is_file():  # a tracked file deleted in the work tree is left out
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / relative)
    identity = ["-c", "user.name=fresh-colab test", "-c", "user.email=fresh-colab@example.invalid"]
    for cmd in (
        ["git", "init", "--quiet", "--initial-branch", repository.BRANCH],
        ["git", "add", "--all"],
        ["git", *identity, "commit", "--quiet", "--no-verify", "--message", "clean copy for the fresh-Colab test"],
    ):
        done = _run(cmd, cwd=target)
        assert done.returncode == 0, f"{' '.join(cmd)} failed in {target}: {done.stderr}"
    return _run(["git", "rev-parse", "HEAD"], cwd=target).stdout.strip()


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def kernel_env(env_folder: Path, data_url: str, cache: Path) -> dict[str, str]:
    """The kernel's environment: none of this repository's settings, the fresh venv first on PATH,
    git redirected from the published URL to the clean copy, data from ``data_url`` cached in ``cache``."""
    own_bin = str(Path(sys.executable).parent)
    dropped = ("PYTHON", "VIRTUAL_ENV", "JUPYTER", "RIGHTSCLIMATE_", "GIT_CONFIG", "MPLBACKEND", "CONDA")
    env = {key: value for key, value in os.environ.items() if not key.startswith(dropped)}
    path = [entry for entry in env.get("PATH", "").split(os.pathsep) if entry and entry != own_bin]
    env["PATH"] = os.pathsep.join([str(_venv_python(env_folder / "venv").parent), *path])
    env["VIRTUAL_ENV"] = str(env_folder / "venv")
    env["GIT_CONFIG_COUNT"] = "1"
    env["GIT_CONFIG_KEY_0"] = f"url.{env_folder / 'repo'}.insteadOf"
    env["GIT_CONFIG_VALUE_0"] = repository.URL
    env["RIGHTSCLIMATE_DATA_URL"] = data_url
    env["RIGHTSCLIMATE_CACHE"] = str(cache)
    return env


def _kernel_manager(env_folder: Path):
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    specs = KernelSpecManager(kernel_dirs=[str(env_folder / "kernels")], ensure_native_kernel=False)
    return KernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=specs)


def execute(
    notebook: Path | nbformat.NotebookNode, folder: Path, env: dict[str, str], env_folder: Path, allow_errors=False
):
    """Execute a notebook in ``folder`` with the fresh kernel; return it with its outputs."""
    from nbclient import NotebookClient

    nb = notebook if isinstance(notebook, nbformat.NotebookNode) else nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        nb,
        km=_kernel_manager(env_folder),
        timeout=CELL_TIMEOUT,
        allow_errors=allow_errors,
        resources={"metadata": {"path": str(folder)}},
    )
    client.execute(env=env)
    return nb


class _DataServer:
    """``http.server`` serving ``root`` on 127.0.0.1 in a thread (the published repository's stand-in)."""

    def __init__(self, root: Path):
        class QuietHandler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=root))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def _build(env_folder: Path) -> dict:
    """Clean copy, venv with a kernel, then the setup cell run once; returns what was measured."""
    _need(shutil.which("git") is not None, "git is not installed (pip clones the toolkit with it)")
    timings: dict[str, float | str] = {}
    repo_copy = env_folder / "repo"
    repo_copy.mkdir()
    timings["commit"] = _clean_copy(repo_copy)

    started = time.perf_counter()
    made = _run([sys.executable, "-m", "venv", str(env_folder / "venv")])
    _need(made.returncode == 0, f"cannot create a virtual environment: {made.stderr.strip()}")
    python = _venv_python(env_folder / "venv")
    kernel = _run([str(python), "-m", "pip", "install", "--quiet", "ipykernel"])
    _need(kernel.returncode == 0, f"pip could not install ipykernel (no package registry?): {kernel.stderr[-2000:]}")
    timings["venv_with_kernel_seconds"] = round(time.perf_counter() - started, 1)
    spec = env_folder / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True)
    argv = [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "fresh Colab", "language": "python"}))

    # The setup cell, alone, as the first notebook a learner opens would run it.
    server = _DataServer(repo_copy)
    try:
        env = kernel_env(env_folder, server.url + repository.DATA_FOLDER + "/", env_folder / "setup-cache")
        # The next cell runs in the same kernel, without a restart, as the learner's next cell would.
        same_kernel = nbformat.v4.new_code_cell(f"import rightsclimate\nfrom rightsclimate.data import load\n{PROBE}")
        nb = nbformat.v4.new_notebook(cells=[setupcell.new_cell(), same_kernel])
        started = time.perf_counter()
        (env_folder / "setup-run").mkdir()
        ran = execute(nb, env_folder / "setup-run", env, env_folder)
        timings["setup_cell_seconds"] = round(time.perf_counter() - started, 1)
    finally:
        server.stop()
    shown = [out.get("text", "") for out in ran.cells[0].outputs if out.get("output_type") == "stream"]
    timings["setup_cell_output"] = "".join(shown)[-2000:]
    probed = [out.get("text", "") for out in ran.cells[1].outputs if out.get("output_type") == "stream"]
    timings["same_kernel_probe"] = "".join(probed)
    return timings


@pytest.fixture(scope="session")
def fresh_colab(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder holding the clean copy (``repo``), the venv (``venv``) and its kernel (``kernels``)."""
    env_folder = _shared_folder(tmp_path_factory)
    result = env_folder / "timings.json"
    with open(env_folder.parent / "fresh_colab.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not result.exists():
                failed = env_folder / "failed.txt"
                if failed.exists():  # another worker tried and could not: same outcome here
                    _need(False, failed.read_text())
                try:
                    timings = _build(env_folder)
                except (pytest.skip.Exception, pytest.fail.Exception) as reason:
                    failed.write_text(str(reason))
                    raise
                result.write_text(json.dumps(timings, indent=1))
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return env_folder


@pytest.fixture(scope="session")
def data_server(fresh_colab: Path):
    server = _DataServer(fresh_colab / "repo")
    yield server
    server.stop()


def test_setup_cell_installs_the_toolkit_from_the_published_url(fresh_colab: Path):
    """The setup cell, unchanged, installed the toolkit into the fresh venv from the (redirected) repository."""
    timings = json.loads((fresh_colab / "timings.json").read_text())
    print(
        f"\nfresh Colab: venv with a kernel {timings['venv_with_kernel_seconds']} s, "
        f"setup cell (toolkit and {', '.join(setupcell.NOTEBOOK_PACKAGES)}) {timings['setup_cell_seconds']} s"
    )
    probe = "import json, rightsclimate; from rightsclimate import repository; " + (
        "print(json.dumps([rightsclimate.__file__, repository.installed_commit()]))"
    )
    shown = _run([str(_venv_python(fresh_colab / "venv")), "-c", probe], cwd=fresh_colab)
    assert shown.returncode == 0, f"the toolkit is not importable after the setup cell: {shown.stderr}"
    location, commit = json.loads(shown.stdout)
    loaded, _, same_kernel_location = timings["same_kernel_probe"].strip().partition(" ")
    assert loaded == "True", (
        f"after the setup cell, the same kernel could not load data: {timings['same_kernel_probe']}"
    )
    assert same_kernel_location == location, "the kernel that ran the setup cell imported another toolkit"
    assert Path(location).is_relative_to(fresh_colab / "venv"), f"toolkit imported from {location}, not the venv"
    assert commit == timings["commit"], "pip did not install the toolkit from the clean copy's commit"
    packages = _run([str(_venv_python(fresh_colab / "venv")), "-m", "pip", "list", "--format=json"])
    names = {item["name"].lower() for item in json.loads(packages.stdout)}
    assert {repository.DISTRIBUTION, *setupcell.NOTEBOOK_PACKAGES} <= names, sorted(names)
    assert not {"pytest", "nbgrader", "jupyter-book", "ruff"} & names, "development tools leaked into the venv"


ENVIRONMENT_PROBLEMS = ("ModuleNotFoundError", "ImportError", "DatasetError", "FileNotFoundError", "download")
UNDEFINED = re.compile(r"name '(\w+)' is not defined")


def answer_names(source_notebook: Path) -> set[str]:
    """Names the reference solution's answer cells define: undefined until the learner answers."""
    from IPython.core.inputtransformer2 import TransformerManager

    names: set[str] = set()
    for cell in nbformat.read(source_notebook, as_version=4).cells:
        if cell.cell_type != "code" or not cell.metadata.get("nbgrader", {}).get("solution"):
            continue
        for node in ast.walk(ast.parse(TransformerManager().transform_cell(cell.source))):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.FunctionDef | ast.ClassDef):
                names.add(node.name)
    return names


def learner_errors(nb, unanswered_names: set[str]) -> tuple[list[str], list[str]]:
    """(errors an untouched release is expected to show, every other error), each as "cell N: Name: value".

    Expected: the stubs' ``NotImplementedError`` (in answer cells, or in a cell calling the learner's
    function); a ``NameError`` for a name the learner's answer defines; a failed self-check or test in
    nbgrader's test cells, unless it reports a missing module or dataset (the environment, not the learner).
    """
    expected, other = [], []
    for index, cell in enumerate(nb.cells):
        test_cell = bool(cell.get("metadata", {}).get("nbgrader", {}).get("grade"))
        for out in cell.get("outputs", []):
            if out.get("output_type") != "error":
                continue
            name, value = out.get("ename", ""), out.get("evalue", "")
            undefined = UNDEFINED.search(value)
            unanswered = (
                name == "NotImplementedError"
                or (name == "NameError" and undefined is not None and undefined.group(1) in unanswered_names)
                or (
                    test_cell
                    and name in ("CheckFailed", "AssertionError")
                    and not any(problem in value for problem in ENVIRONMENT_PROBLEMS)
                )
            )
            (expected if unanswered else other).append(f"cell {index}: {name}: {value[:300]}")
    return expected, other


@pytest.mark.parametrize(("kind", "path"), NOTEBOOKS, ids=[f"{kind}:{path.stem}" for kind, path in NOTEBOOKS])
def test_notebook_runs_alone_in_a_fresh_environment(kind, path, fresh_colab, data_server, tmp_path):
    folder = tmp_path / "learner"
    folder.mkdir()
    copy = folder / path.name
    shutil.copy(path, copy)
    env = kernel_env(fresh_colab, data_server.url + repository.DATA_FOLDER + "/", tmp_path / "cache")
    # Chapters: any error stops the run (CellExecutionError). Releases: every cell runs, errors are judged after.
    started = time.perf_counter()
    nb = execute(copy, folder, env, fresh_colab, allow_errors=kind == "release")
    print(f"\n{kind} {path.name}: ran in {time.perf_counter() - started:.1f} s in a fresh environment")
    assert setupcell.is_setup_cell(nb.cells[setupcell.first_code_cell(nb)]), "the first code cell is the setup cell"
    source = COURSE_DIR / "source" / path.parent.name / path.name
    expected, other = learner_errors(nb, answer_names(source) if kind == "release" else set())
    assert not other, f"{path.name}: errors other than the unanswered parts: {other}"
    if kind == "release":
        assert expected, f"{path.name}: an untouched release showed no unanswered part; is the solution leaking?"
    assert list((tmp_path / "cache").rglob("datapackage.json")), "the data did not come from the served repository"


def test_learner_errors_tells_unanswered_parts_from_broken_ones():
    """On a synthetic executed notebook (made here, not course content): what the classifier allows."""

    def cell(ename, evalue, grade=False):
        made = nbformat.v4.new_code_cell("synthetic")
        made.metadata["nbgrader"] = {"grade": grade, "solution": False, "locked": True}
        made.outputs = [nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[])]
        return made

    nb = nbformat.v4.new_notebook(
        cells=[
            cell("NotImplementedError", "Replace this line with your code."),
            cell("NameError", "name 'my_answer' is not defined"),
            cell("CheckFailed", "`my_answer` should be a Series. (this part is not written yet)", grade=True),
            cell("NameError", "name 'countries' is not defined"),  # a data cell failed above it
            cell("DatasetError", "could not download datapackage.json"),
            cell("CheckFailed", "your code raised ModuleNotFoundError: No module named 'scipy'", grade=True),
            cell("CheckFailed", "`my_answer` should be a Series.", grade=False),  # not a test cell
        ]
    )
    expected, other = learner_errors(nb, {"my_answer"})
    assert [entry.split(":")[0] for entry in expected] == ["cell 0", "cell 1", "cell 2"]
    assert [entry.split(":")[0] for entry in other] == ["cell 3", "cell 4", "cell 5", "cell 6"]


def test_a_missing_prerequisite_fails_in_ci_and_skips_elsewhere(monkeypatch):
    module = sys.modules[__name__]
    monkeypatch.setattr(module, "IN_CI", True)
    with pytest.raises(pytest.fail.Exception, match="cannot run in CI: git is not installed"):
        _need(False, "git is not installed")
    monkeypatch.setattr(module, "IN_CI", False)
    with pytest.raises(pytest.skip.Exception):
        _need(False, "git is not installed")
    _need(True, "nothing missing")  # a met prerequisite neither skips nor fails
