"""Where the course is published: the ONE place for the repository URL and branch.

Everything that points at the published repository is built from these names: the book's
``_config.yml`` (``repository.url``/``branch``, checked by a test), the install cell at the top of each
chapter notebook (checked by a test), and the raw-file URLs the data loader falls back to when the data
package is not on disk (Colab, a bare JupyterHub).
"""

from __future__ import annotations

import json
import os
import re

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
