"""Where the course is published: the ONE place for the repository URL and branch.

Everything that points at the published repository is built from these names: the book's
``_config.yml`` (``repository.url``/``branch``, checked by a test), the install cell at the top of each
chapter notebook (checked by a test), the raw-file URLs the data loader falls back to when the data
package is not on disk (Colab, a bare JupyterHub), and the launch links that open a notebook on
Binder, Colab or a JupyterHub (the book's assignment blocks and ``exercises/README.md``, checked by
``tests/test_launch_links.py``). The launch links have the same form as the theme's launch buttons
on chapter pages (sphinx-book-theme 1.3, ``header_buttons/launch.py``), so both open the same thing.
"""

from __future__ import annotations

import json
import os
import re
from urllib.parse import urlencode, urlsplit

ORG = "rights-climate-sdgs"
NAME = "rights-climate-sdgs"
BRANCH = "main"
URL = f"https://github.com/{ORG}/{NAME}"
#: Distribution name in pyproject.toml (the import name is ``rightsclimate``).
DISTRIBUTION = "rights-climate-sdgs"
#: Folder of the data package inside the repository.
DATA_FOLDER = "datasets"
#: Environment variable overriding the base URL the data package is downloaded from.
DATA_URL_ENV = "RIGHTSCLIMATE_DATA_URL"

#: Public services the launch links use (the same as ``launch_buttons`` in ``_config.yml``).
BINDERHUB = "https://mybinder.org"
COLAB = "https://colab.research.google.com"
#: Notebooks open in JupyterLab (``launch_buttons.notebook_interface: jupyterlab``).
LAB_PREFIX = "lab/tree"
#: Folders of the nbgrader course inside the repository: learner versions are in ``release/<id>/``.
RELEASE_FOLDER = "exercises/release"
#: Host names reserved for examples (RFC 2606): a hub URL on one of them is a placeholder, not a real hub.
_EXAMPLE_HOSTS = re.compile(r"(?:^|\.)(?:example\.(?:com|net|org)|[^.]+\.example)$")

_COMMIT = re.compile(r"[0-9a-f]{40}")


def raw_url(path: str, ref: str = BRANCH) -> str:
    """URL of one file of the repository at ``ref`` (a branch, tag or commit) on raw.githubusercontent.com."""
    return f"https://raw.githubusercontent.com/{ORG}/{NAME}/{ref}/{path.lstrip('/')}"


def pip_requirement(ref: str = BRANCH) -> str:
    """The requirement that installs the toolkit from the repository (pyproject.toml is at its root)."""
    return f"{DISTRIBUTION} @ git+{URL}@{ref}"


def installed_commit() -> str | None:
    """The commit the toolkit was installed from, when pip installed it from git (else ``None``).

    pip records it in the distribution's ``direct_url.json`` (PEP 610), so data fetched for a
    git-installed toolkit comes from the same commit as its code.
    """
    from importlib import metadata

    try:
        text = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    try:
        commit = json.loads(text or "{}").get("vcs_info", {}).get("commit_id", "")
    except (ValueError, AttributeError):
        return None
    return commit if _COMMIT.fullmatch(commit or "") else None


def data_base_url() -> str:
    """Base URL of the data package (ends with ``/``): $RIGHTSCLIMATE_DATA_URL, else the repository's
    ``datasets/`` at the installed commit (or at the branch)."""
    override = os.environ.get(DATA_URL_ENV, "").strip()
    if override:
        return override.rstrip("/") + "/"
    return raw_url(DATA_FOLDER + "/", installed_commit() or BRANCH)


# --- launch links ---------------------------------------------------------------------------------
def _repo_path(path: str) -> str:
    clean = path.strip().lstrip("/")
    if not clean or ".." in clean.split("/"):
        raise ValueError(f"{path!r} is not a path inside the repository (e.g. book/chapters/03_heat_rain_storms.ipynb)")
    return clean


def release_notebook(assignment_id: str) -> str:
    """Path, inside the repository, of the learner version of an assignment."""
    if not re.fullmatch(r"[A-Za-z0-9_-]+", assignment_id or ""):
        raise ValueError(f"{assignment_id!r} is not an assignment id (letters, digits, _ and - only)")
    return f"{RELEASE_FOLDER}/{assignment_id}/{assignment_id}.ipynb"


def blob_url(path: str, ref: str = BRANCH) -> str:
    """The file's page on GitHub (read it there or download it with the "Download raw file" button)."""
    return f"{URL}/blob/{ref}/{_repo_path(path)}"


def binder_url(path: str, ref: str = BRANCH, binderhub: str = BINDERHUB) -> str:
    """Open ``path`` in JupyterLab on Binder, in an environment built from the repository at ``ref``."""
    return f"{binderhub.rstrip('/')}/v2/gh/{ORG}/{NAME}/{ref}?urlpath={LAB_PREFIX}/{_repo_path(path)}"


def colab_url(path: str, ref: str = BRANCH) -> str:
    """Open the notebook ``path`` on Google Colab, straight from GitHub."""
    return f"{COLAB}/github/{ORG}/{NAME}/blob/{ref}/{_repo_path(path)}"


def nbgitpuller_url(hub: str, path: str, ref: str = BRANCH) -> str:
    """Open ``path`` on the JupyterHub at ``hub`` through nbgitpuller.

    The hub clones (or updates) the repository into the learner's home folder, in a folder named
    after the repository, and opens the notebook in JupyterLab. The hub must have nbgitpuller
    installed; the learner logs in as usual.
    """
    hub = (hub or "").strip().rstrip("/")
    if urlsplit(hub).scheme not in {"http", "https"} or not urlsplit(hub).netloc:
        raise ValueError(f"{hub!r} is not a JupyterHub address (e.g. https://hub.your-university.edu)")
    query = urlencode({"repo": URL, "urlpath": f"{LAB_PREFIX}/{NAME}/{_repo_path(path)}", "branch": ref}, safe="/")
    return f"{hub}/hub/user-redirect/git-pull?{query}"


def is_placeholder_hub(hub: str) -> bool:
    """True when ``hub`` is an example address (RFC 2606: example.org and the like), not a real hub."""
    host = (urlsplit((hub or "").strip()).hostname or "").lower()
    return not host or bool(_EXAMPLE_HOSTS.search(host))


def launch_links(path: str, hub: str, ref: str = BRANCH) -> dict[str, str]:
    """The three launchers for one notebook, by the name the book shows: Binder, Colab and JupyterHub."""
    return {
        "Binder": binder_url(path, ref),
        "Colab": colab_url(path, ref),
        "JupyterHub": nbgitpuller_url(hub, path, ref),
    }
