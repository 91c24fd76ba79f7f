"""Committed notebooks are clean: valid nbformat 4, kernel python3, no outputs, no execution counts.

Outputs in a committed notebook would go stale, bloat the repository and, in exercises/, could leak
solutions; the book executes notebooks at build time instead.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK_ROOTS = ("book", "exercises/source", "exercises/release")


def notebook_problems(path: Path) -> list[str]:
    """Return a list of hygiene problems for one notebook file (empty if clean)."""
    try:
        nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    except Exception as exc:  # unreadable JSON or not a notebook at all
        return [f"cannot be read as a notebook: {exc}"]
    problems: list[str] = []
    if nb.get("nbformat") != 4:
        problems.append(f"nbformat is {nb.get('nbformat')}, expected 4")
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as exc:
        problems.append(f"invalid nbformat: {exc.message}")
    kernelspec = nb.get("metadata", {}).get("kernelspec", {})
    if kernelspec.get("name") != "python3":
        problems.append(f"kernelspec name is {kernelspec.get('name')!r}, expected 'python3'")
    for index, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        if cell.get("outputs"):
            problems.append(f"cell {index} has {len(cell['outputs'])} output(s)")
        if cell.get("execution_count") is not None:
            problems.append(f"cell {index} has execution_count {cell['execution_count']}")
    return problems


def committed_notebooks() -> list[Path]:
    found: list[Path] = []
    for root in NOTEBOOK_ROOTS:
        base = REPO / root
        if base.is_dir():
            found.extend(p for p in base.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    return sorted(found)


NOTEBOOKS = committed_notebooks()


@pytest.mark.skipif(not NOTEBOOKS, reason="no notebooks committed yet")
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(REPO)) for p in NOTEBOOKS])
def test_notebook_is_clean(path: Path):
    problems = notebook_problems(path)
    fix = f"clear it with: jupyter nbconvert --clear-output --inplace {path.relative_to(REPO)}"
    assert not problems, f"{path.relative_to(REPO)}: " + "; ".join(problems) + f"\n{fix}"


def _synthetic_notebook(tmp_path: Path, *, with_output: bool, kernel: str = "python3") -> Path:
    """A small synthetic notebook made for this test (not course content)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": "Python 3", "language": "python"}
    cell = nbformat.v4.new_code_cell("print('synthetic')")
    if with_output:
        cell.execution_count = 1
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="synthetic\n")]
    nb.cells = [nbformat.v4.new_markdown_cell("# Synthetic test notebook"), cell]
    path = tmp_path / "synthetic.ipynb"
    nbformat.write(nb, path)
    return path


def test_checker_accepts_a_clean_synthetic_notebook(tmp_path: Path):
    assert notebook_problems(_synthetic_notebook(tmp_path, with_output=False)) == []


def test_checker_catches_outputs_and_execution_counts(tmp_path: Path):
    problems = notebook_problems(_synthetic_notebook(tmp_path, with_output=True))
    assert any("output" in p for p in problems), problems
    assert any("execution_count" in p for p in problems), problems


def test_checker_catches_wrong_kernel_and_invalid_json(tmp_path: Path):
    problems = notebook_problems(_synthetic_notebook(tmp_path, with_output=False, kernel="ir"))
    assert any("kernelspec" in p for p in problems), problems
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json", encoding="utf-8")
    assert notebook_problems(broken), "a file that is not JSON must be reported"
