"""Print the size of the learner environment (binder/requirements.txt) against the full one (requirements.txt).

    python benchmarks/environment_size.py --learner-venv /tmp/learner-venv
    python benchmarks/environment_size.py --create-learner /tmp/learner-venv   # build it first (minutes)

For each virtual environment: the number of installed distributions and the disk space of its
site-packages (as ``du`` counts it). The full environment defaults to the repository's ``.venv``, which
``make test`` installs from requirements.txt. ``--create-learner`` makes a new venv with Python 3.11 and
installs binder/requirements.txt from the repository root, as repo2docker does for Binder (Binder's image
also holds repo2docker's own Jupyter base environment, which this does not count).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LOCKS = {"learner": REPO / "binder" / "requirements.txt", "full": REPO / "requirements.txt"}

# Run inside the measured venv: its distributions and its site-packages folders.
_PROBE = """
import json, sysconfig
from importlib import metadata
names = {d.metadata["Name"].lower() for d in metadata.distributions() if d.metadata["Name"]}
folders = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
print(json.dumps({"distributions": len(names), "site_packages": folders}))
"""


def venv_python(venv: Path) -> Path:
    python = venv / "bin" / "python"
    if not python.exists():
        raise SystemExit(f"{venv} is not a virtual environment ({python} is missing)")
    return python


def disk_usage(folder: Path) -> int:
    """Bytes on disk under ``folder`` (allocated blocks, as ``du`` counts them; hard links once)."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            stat = os.lstat(os.path.join(root, name))
            if (stat.st_dev, stat.st_ino) in seen:
                continue
            seen.add((stat.st_dev, stat.st_ino))
            total += stat.st_blocks * 512
    return total


def measure(venv: Path) -> dict:
    probe = subprocess.run([venv_python(venv), "-c", _PROBE], capture_output=True, text=True, check=True)
    found = json.loads(probe.stdout)
    found["bytes"] = sum(disk_usage(Path(folder)) for folder in found["site_packages"])
    return found


def pins(lock: Path) -> int:
    return sum(1 for line in lock.read_text(encoding="utf-8").splitlines() if re.match(r"^[A-Za-z0-9].*==", line))


def create_learner(venv: Path) -> float:
    """New venv with Python 3.11 holding binder/requirements.txt; returns the install time in seconds."""
    python = shutil.which("python3.11") or sys.executable
    subprocess.run([python, "-m", "venv", "--clear", str(venv)], check=True)
    start = time.perf_counter()
    # From the repository root, as repo2docker runs it: the lock's `-e .` is the toolkit.
    subprocess.run(
        [venv_python(venv), "-m", "pip", "install", "--quiet", "-r", str(LOCKS["learner"])], cwd=REPO, check=True
    )
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--learner-venv", type=Path, help="an existing venv installed from binder/requirements.txt")
    where.add_argument("--create-learner", type=Path, metavar="DIR", help="create the learner venv in DIR first")
    parser.add_argument("--full-venv", type=Path, default=REPO / ".venv", help="default: the repository's .venv")
    args = parser.parse_args()

    learner_venv = args.learner_venv or args.create_learner
    if args.create_learner:
        seconds = create_learner(args.create_learner)
        print(f"learner venv installed in {seconds:.0f} s")
    rows = [("learner", learner_venv, measure(learner_venv)), ("full", args.full_venv, measure(args.full_venv))]
    print(f"{'environment':<12}{'lock pins':>10}{'installed':>11}{'site-packages':>15}  venv")
    for label, venv, found in rows:
        size = f"{found['bytes'] / 1024**2:,.0f} MiB"
        print(f"{label:<12}{pins(LOCKS[label]):>10}{found['distributions']:>11}{size:>15}  {venv}")
    learner, full = rows[0][2], rows[1][2]
    print(
        f"learner/full: {learner['distributions'] / full['distributions']:.0%} of the distributions, "
        f"{learner['bytes'] / full['bytes']:.0%} of the disk space"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
