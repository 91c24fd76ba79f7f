"""How long each chapter and assignment notebook takes to run: ``python benchmarks/notebook_times.py``.

The issues ask that every chapter and assignment notebook executes in 10 s or less. This prints, for
each notebook, the time its code cells took inside the kernel (the sum of nbclient's per-cell timings,
which is what a learner waits for after the kernel is up), the wall time including the kernel start,
and the slowest cell. The kernel start alone is measured once on an empty notebook. Run it on a quiet
machine: the load average at the start and the end is printed, as timings under load mean little.

    python benchmarks/notebook_times.py                       # every chapter and every assignment source
    python benchmarks/notebook_times.py book/chapters/06_*.ipynb
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]


def default_notebooks() -> list[Path]:
    chapters = sorted((REPO / "book" / "chapters").glob("[0-9]*.ipynb"))
    assignments = sorted((REPO / "exercises" / "source").glob("*/*.ipynb"))
    return chapters + assignments


def cell_seconds(cell) -> float:
    """Seconds between the kernel receiving a cell and replying (nbclient's record_timing metadata)."""
    timing = cell.get("metadata", {}).get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not (start and end):
        return 0.0
    parse = lambda stamp: datetime.fromisoformat(stamp.replace("Z", "+00:00"))  # noqa: E731
    return (parse(end) - parse(start)).total_seconds()


def run(path: Path) -> tuple[float, float, str]:
    """(seconds in the kernel, wall seconds with kernel start, slowest cell) for one notebook."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", record_timing=True, resources={"metadata": {"path": str(path.parent)}}
    )
    start = time.perf_counter()
    client.execute()
    wall = time.perf_counter() - start
    cells = [c for c in nb.cells if c.cell_type == "code"]
    per_cell = [cell_seconds(c) for c in cells]
    slowest = max(range(len(cells)), key=per_cell.__getitem__) if cells else None
    where = f"cell {slowest} ({per_cell[slowest]:.1f} s)" if slowest is not None else "-"
    return sum(per_cell), wall, where


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to time (default: all chapters and assignments)")
    args = parser.parse_args(argv)
    os.environ.setdefault("MPLBACKEND", "Agg")
    notebooks = [p.resolve() for p in args.notebooks] or default_notebooks()

    print(f"load average at start: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")
    empty = REPO / "_build" / "empty-for-timing.ipynb"
    empty.parent.mkdir(exist_ok=True)
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")]), empty)
    _, kernel_start, _ = run(empty)
    empty.unlink()
    print(f"kernel start (empty notebook): {kernel_start:.1f} s\n")
    print(f"{'notebook':84} {'in kernel':>10} {'wall':>8}  slowest")
    for path in notebooks:
        kernel, wall, slowest = run(path)
        print(f"{str(path.relative_to(REPO)):84} {kernel:9.1f}s {wall:7.1f}s  {slowest}")
    print(f"\nload average at end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
