"""Chapter bundles for reusing instructors: ``python -m courseops.bundle CHAPTER [--out DIR]``.

Writes ``<DIR>/<chapter>.zip`` (default DIR: ``_build/bundles`` in the repository).

CHAPTER is a chapter number (``2``), a notebook name (``02_rights_and_sdgs``) or a path. The bundle is
one zip file holding one folder that runs on its own:

- the chapter page (notebook) and the references it cites (``references.bib``);
- its nbgrader assignment, if it has one (found by the assignment id the chapter page names, e.g. its
  exercise link): ``exercises/source/<id>`` (instructor version), ``exercises/release/<id>`` (learner
  version) and ``exercises/nbgrader_config.py``;
- only the datasets the chapter and assignment notebooks use (every ``load("...")``, ``citation``,
  ``licence`` and ``describe`` call with a dataset name), with their slice of ``datapackage.json``;
- the toolkit (``rightsclimate/``), a minimal ``pyproject.toml`` and pinned ``requirements.txt``;
- LICENSE (code, MIT), LICENSE-CONTENT (text and figures, CC BY 4.0), CITATION.cff, and a README.md
  with what is in it, how to run it, each dataset's licence (non-commercial and share-alike flagged)
  and how to cite.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import shutil
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from courseops.paths import CONFIG_FILE_NAME, COURSE_DIR, REPO_ROOT, release_dir, source_dir

CHAPTERS_DIR = REPO_ROOT / "book" / "chapters"
DATASETS_DIR = REPO_ROOT / "datasets"
TOOLKIT_DIR = REPO_ROOT / "rightsclimate"
DEFAULT_OUT = REPO_ROOT / "_build" / "bundles"  # _build/ is never committed
TOP_FILES = ("LICENSE", "LICENSE-CONTENT", "CITATION.cff")
#: Functions of rightsclimate.data whose first argument is a dataset name.
DATA_FUNCTIONS = {"load", "citation", "licence", "describe"}
#: What the bundled notebooks and toolkit import (distribution names as in requirements.txt).
RUNTIME_PACKAGES = ("pandas", "numpy", "pyarrow", "matplotlib", "ipywidgets", "ipykernel", "myst-nb", "pooch")
GRADING_PACKAGES = ("nbgrader",)
IGNORED = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.pyc", ".DS_Store")
ZIP_DATE = (2026, 1, 1, 0, 0, 0)  # fixed timestamps: the same sources give the same zip


class BundleError(Exception):
    """The chapter cannot be bundled (unknown chapter, dataset name the scan cannot read, ...)."""


@dataclass
class Bundle:
    """What went into one bundle."""

    chapter: Path
    zip_path: Path
    assignments: list[str] = field(default_factory=list)
    datasets: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return self.zip_path.stat().st_size


# --- what a chapter needs -------------------------------------------------------------------------
def chapter_notebook(spec: str | Path, chapters_dir: Path = CHAPTERS_DIR) -> Path:
    """The chapter notebook for ``2``, ``02``, ``02_rights_and_sdgs``, ``02_rights_and_sdgs.ipynb`` or a path."""
    text = str(spec)
    if Path(text).suffix == ".ipynb" and Path(text).is_file():
        return Path(text).resolve()
    notebooks = sorted(chapters_dir.glob("[0-9]*.ipynb"))
    if text.isdigit():
        found = [p for p in notebooks if int(p.name.split("_", 1)[0]) == int(text)]
    else:
        found = [p for p in notebooks if p.stem == Path(text).stem]
    if len(found) != 1:
        names = ", ".join(p.stem for p in notebooks)
        raise BundleError(f"no chapter {text!r}; give a number or one of: {names}")
    return found[0]


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _text(notebook: dict, kind: str) -> list[str]:
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == kind]


def assignments_for(chapter: Path, course_dir: Path = COURSE_DIR) -> list[str]:
    """Assignment ids of ``course_dir`` that the chapter page names (its assignment section and link)."""
    root = source_dir(course_dir)
    ids = sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    prose = "\n".join(_text(_read(chapter), "markdown"))
    return [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", prose)]


def _python(source: str) -> str:
    """Cell source as plain Python (IPython magics such as %pip become function calls)."""
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager().transform_cell(source)


def datasets_used(notebooks: list[Path]) -> list[str]:
    """Dataset names passed to rightsclimate.data's load/citation/licence/describe in the notebooks' code.

    Follows ``from rightsclimate.data import load [as x]`` and ``from rightsclimate import data [as d]``
    / ``import rightsclimate.data as d``. A call whose name is not a string literal cannot be resolved
    and raises :class:`BundleError` (so no bundle silently misses a dataset).
    """
    names: set[str] = set()
    for path in notebooks:
        cells = [ast.parse(_python(source)) for source in _text(_read(path), "code")]
        functions, modules = set(), set()  # what the notebook's imports bind to rightsclimate.data
        for node in (n for tree in cells for n in ast.walk(tree)):
            if isinstance(node, ast.ImportFrom) and node.module == "rightsclimate.data":
                functions |= {a.asname or a.name for a in node.names if a.name in DATA_FUNCTIONS}
            elif isinstance(node, ast.ImportFrom) and node.module == "rightsclimate":
                modules |= {a.asname or a.name for a in node.names if a.name == "data"}
            elif isinstance(node, ast.Import):
                modules |= {a.asname for a in node.names if a.name == "rightsclimate.data" and a.asname}
        for index, tree in enumerate(cells):
            loops = _literal_loops(tree)
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and _is_data_call(node.func, functions, modules):
                    first = node.args[0] if node.args else None
                    if isinstance(first, ast.Constant) and isinstance(first.value, str):
                        names.add(first.value)
                    elif isinstance(first, ast.Name) and first.id in loops:
                        names |= loops[first.id]
                    else:
                        raise BundleError(
                            f"{path.name}, code cell {index + 1}, line {node.lineno}: the dataset name is neither a "
                            "string literal nor a loop over string literals, so the bundle cannot tell which "
                            "dataset to include"
                        )
    return sorted(names)


def _literal_loops(tree: ast.AST) -> dict[str, set[str]]:
    """``for name in ("a", "b"):`` loops of a cell: {loop variable: its string values}."""
    loops: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.For)
            and isinstance(node.target, ast.Name)
            and isinstance(node.iter, ast.Tuple | ast.List)
            and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.iter.elts)
        ):
            loops.setdefault(node.target.id, set()).update(e.value for e in node.iter.elts)
    return loops


def _is_data_call(func: ast.expr, functions: set[str], modules: set[str]) -> bool:
    if isinstance(func, ast.Name):
        return func.id in functions
    return (
        isinstance(func, ast.Attribute)
        and func.attr in DATA_FUNCTIONS
        and isinstance(func.value, ast.Name)
        and func.value.id in modules
    )


def descriptor_slice(names: list[str], package: dict) -> dict:
    """The data package with only the resources ``names`` (in the package's order)."""
    resources = {r["name"]: r for r in package["resources"]}
    unknown = sorted(set(names) - set(resources))
    if unknown:
        raise BundleError(f"datasets not in datapackage.json: {', '.join(unknown)}")
    sliced = {key: value for key, value in package.items() if key != "resources"}
    sliced["resources"] = [r for r in package["resources"] if r["name"] in set(names)]
    return sliced


def cited_keys(chapter: Path) -> list[str]:
    """BibTeX keys the chapter cites with {cite:p}/{cite:t}/... roles."""
    keys: set[str] = set()
    for text in _text(_read(chapter), "markdown"):
        for group in re.findall(r"\{cite:\w+\}`([^`]+)`", text):
            keys |= {k.strip() for k in group.split(",") if k.strip()}
    return sorted(keys)


def bib_entries(bib_text: str, keys: list[str]) -> str:
    """The entries of a .bib file whose keys are in ``keys`` (entries start with ``@type{key,``)."""
    entries = re.split(r"(?m)^(?=@)", bib_text)
    wanted = []
    for entry in entries:
        match = re.match(r"@\w+\s*\{\s*([^,\s]+)\s*,", entry)
        if match and match.group(1) in keys:
            wanted.append(entry.rstrip() + "\n")
    missing = sorted(set(keys) - {re.match(r"@\w+\s*\{\s*([^,\s]+)", e).group(1) for e in wanted})
    if missing:
        raise BundleError(f"cited but not in references.bib: {', '.join(missing)}")
    return "\n".join(wanted)


# --- files written into the bundle ------------------------------------------------------------
def _pins(names: tuple[str, ...]) -> list[str]:
    """``name==version`` lines for ``names`` from the repository's requirements.txt."""
    pinned = {}
    for line in (REPO_ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        match = re.match(r"([A-Za-z0-9_.-]+)==(\S+)", line.strip())
        if match:
            pinned[match.group(1).lower().replace("_", "-")] = line.strip()
    return [pinned.get(n, n) for n in names]


def requirements_text(with_grading: bool) -> str:
    lines = [
        "# Python 3.11. The versions this chapter was tested with (from the course's requirements.txt).",
        "# Install from this folder: pip install -r requirements.txt && pip install -e .",
        *_pins(RUNTIME_PACKAGES),
    ]
    if with_grading:
        lines += ["# For instructors: release and grade the assignment", *_pins(GRADING_PACKAGES)]
    return "\n".join(lines) + "\n"


def pyproject_text() -> str:
    from rightsclimate import __version__
    from rightsclimate.repository import DISTRIBUTION

    deps = ", ".join(f'"{n}"' for n in RUNTIME_PACKAGES if n not in ("ipykernel", "myst-nb"))
    return f"""# Makes the bundled toolkit installable (`pip install -e .`) so notebooks in any folder can import it.
[build-system]
requires = ["setuptools>=77"]
build-backend = "setuptools.build_meta"

[project]
name = "{DISTRIBUTION}"
version = "{__version__}"
description = "Rights, Climate & the SDGs toolkit (chapter bundle)"
requires-python = ">=3.11"
license = "MIT"
dependencies = [{deps}]

[tool.setuptools]
packages = ["rightsclimate"]
"""


def _licence_line(resource: dict) -> str:
    licences = "; ".join(f"{lic.get('title', lic['name'])} ({lic['name']})" for lic in resource.get("licenses", []))
    flags = []
    if "non-commercial" in resource.get("restrictions", []):
        flags.append("**NON-COMMERCIAL use only**")
    if "share-alike" in resource.get("restrictions", []):
        flags.append("**SHARE-ALIKE**: adaptations must carry the same licence")
    return licences + (" — " + "; ".join(flags) if flags else "")


def readme_text(chapter: Path, title: str, assignments: list[str], resources: list[dict], folder: str) -> str:
    from rightsclimate import repository

    restricted = [r["name"] for r in resources if r.get("restrictions")]
    lines = [
        f"# {title}: chapter bundle",
        "",
        f"One chapter of the open course *Rights, Climate & the SDGs* ({repository.URL}), packed to run on its",
        "own and to be reused in another course, Jupyter Book or learning management system.",
        "",
        "## What is in it",
        "",
        "| path | what it is |",
        "|---|---|",
        f"| `{chapter.name}` | the chapter page (a Jupyter notebook without outputs; it runs top to bottom) |",
        "| `references.bib` | the works the chapter cites (BibTeX) |",
    ]
    for aid in assignments:
        lines += [
            f"| `exercises/release/{aid}/` | the assignment as learners receive it (nbgrader release) |",
            f"| `exercises/source/{aid}/` | the instructor version: reference solution, hidden tests, rubric |",
        ]
    if assignments:
        lines.append("| `exercises/nbgrader_config.py` | the nbgrader course configuration (root = that folder) |")
    lines += [
        "| `datasets/` | only the datasets this chapter uses, with their slice of `datapackage.json` |",
        "| `rightsclimate/` | the course toolkit the notebooks import (data loading, indicators, figures) |",
        "| `requirements.txt`, `pyproject.toml` | the Python packages, and the toolkit as an installable package |",
        "| `LICENSE`, `LICENSE-CONTENT`, `CITATION.cff` | licences and how to cite |",
        "",
        "## How to run it",
        "",
        "With Python 3.11, from this folder:",
        "",
        "```bash",
        "python -m venv .venv && . .venv/bin/activate",
        "pip install -r requirements.txt   # the package versions the chapter was tested with",
        "pip install -e .                  # the toolkit, so notebooks in any folder can import it",
        f"jupyter lab {chapter.name}",
        "```",
        "",
        "The chapter notebook also runs without `pip install -e .` when opened from this folder. Every",
        "`load(...)` reads `datasets/` next to the toolkit and checks each file against the SHA-256 in",
        "`datasets/datapackage.json`; set `RIGHTSCLIMATE_DATA` to another folder holding a",
        "`datapackage.json` to use that instead.",
        "",
    ]
    if assignments:
        lines += ["## The assignment (nbgrader)", ""]
        for aid in assignments:
            lines += [
                "From `exercises/` (nbgrader reads `nbgrader_config.py` there):",
                "",
                "```bash",
                "cd exercises",
                f"nbgrader generate_assignment {aid} --force   # refresh release/ after editing source/",
                f"nbgrader autograde {aid}                     # after collecting submissions into submitted/",
                f"nbgrader generate_feedback {aid}",
                "nbgrader export --to grades.csv   # one row per learner and assignment, for a spreadsheet or LMS",
                "```",
                "",
                f"Learners open `exercises/release/{aid}/{aid}.ipynb`. Written answers are graded by hand",
                "(nbgrader formgrader); the rubric is in the instructor version. The course's instructor guide",
                f"({repository.URL}/blob/{repository.BRANCH}/book/appendices/instructor_guide.md) describes",
                "the whole workflow.",
                "",
            ]
    lines += [
        "## Putting the chapter into another Jupyter Book",
        "",
        f"Copy `{chapter.name}` into your book and list it in `_toc.yml`; add `references.bib` to",
        "`bibtex_bibfiles` in `_config.yml`, and make the toolkit and `datasets/` available where the book",
        "is built (e.g. `pip install -e .` from this folder). The page uses MyST-NB's `glue` to put computed",
        "numbers and figures into the text, so it must be executed when the book is built",
        "(`execute_notebooks: cache` or `force`). Cross-references to other chapters of the course",
        "(`{ref}` and `{doc}` roles) must be removed or pointed at your own pages.",
        "",
        "## Licences",
        "",
        "- Code (the toolkit, the code cells of the notebooks): MIT licence, see `LICENSE`.",
        "- Text, figures, exercise instructions and rubrics: CC BY 4.0, see `LICENSE-CONTENT`.",
        "- Data: each dataset keeps the licence of its source (recorded per resource in",
        "  `datasets/datapackage.json`, with its sources and how it was derived):",
        "",
        "| dataset | licence | cite as |",
        "|---|---|---|",
    ]
    for resource in resources:
        citation = resource.get("citation", "").replace("|", "\\|").replace("\n", " ")
        lines.append(f"| `{resource['name']}` ({resource['title']}) | {_licence_line(resource)} | {citation} |")
    lines.append("")
    if restricted:
        lines += [
            f"Restricted datasets in this bundle: {', '.join(f'`{n}`' for n in restricted)}. Non-commercial data",
            "may not be used for commercial purposes, and figures and tables made from it carry the same",
            "restriction; share-alike data makes adaptations of it share-alike too.",
            "",
        ]
    else:
        lines += ["No dataset in this bundle is restricted to non-commercial use or share-alike.", ""]
    lines += [
        "## How to cite",
        "",
        'Cite the course as described in `CITATION.cff` (GitHub\'s "Cite this repository" reads it), and',
        "each dataset you use as given in the table above (in Python: `rightsclimate.data.citation(name)`).",
        "",
        f"Made with `python -m courseops.bundle {chapter.stem}` from {repository.URL}; the folder name is",
        f"`{folder}`.",
    ]
    return "\n".join(lines) + "\n"


def _title(chapter: Path) -> str:
    for text in _text(_read(chapter), "markdown"):
        match = re.search(r"(?m)^# (.+)$", text)
        if match:
            return match.group(1).strip()
    return chapter.stem


# --- building -------------------------------------------------------------------------------------
def stage(spec: str | Path, dest: Path, course_dir: Path = COURSE_DIR) -> Bundle:
    """Write the bundle's files into the (new) folder ``dest``; returns what went in (zip_path unset)."""
    chapter = chapter_notebook(spec)
    assignments = assignments_for(chapter, course_dir)
    assignment_notebooks = []
    for aid in assignments:
        for root in (source_dir(course_dir), release_dir(course_dir)):
            assignment_notebooks += sorted((root / aid).glob("*.ipynb"))
    names = datasets_used([chapter, *assignment_notebooks])
    package = _read(DATASETS_DIR / "datapackage.json")
    sliced = descriptor_slice(names, package)

    dest.mkdir(parents=True)
    shutil.copy2(chapter, dest / chapter.name)
    bib = (REPO_ROOT / "references.bib").read_text(encoding="utf-8")
    (dest / "references.bib").write_text(bib_entries(bib, cited_keys(chapter)), encoding="utf-8")
    for aid in assignments:
        for root in (source_dir(course_dir), release_dir(course_dir)):
            shutil.copytree(root / aid, dest / "exercises" / root.name / aid, ignore=IGNORED)
    if assignments:
        shutil.copy2(Path(course_dir) / CONFIG_FILE_NAME, dest / "exercises" / CONFIG_FILE_NAME)
    (dest / "datasets" / "data").mkdir(parents=True)
    (dest / "datasets" / "datapackage.json").write_text(
        json.dumps(sliced, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    for resource in sliced["resources"]:
        shutil.copy2(DATASETS_DIR / resource["path"], dest / "datasets" / resource["path"])
    shutil.copytree(TOOLKIT_DIR, dest / "rightsclimate", ignore=IGNORED)
    for name in TOP_FILES:
        shutil.copy2(REPO_ROOT / name, dest / name)
    (dest / "requirements.txt").write_text(requirements_text(bool(assignments)), encoding="utf-8")
    (dest / "pyproject.toml").write_text(pyproject_text(), encoding="utf-8")
    readme = readme_text(chapter, _title(chapter), assignments, sliced["resources"], dest.name)
    (dest / "README.md").write_text(readme, encoding="utf-8")
    return Bundle(chapter, Path(), assignments, names)


def build_bundle(spec: str | Path, out_dir: Path | None = None, course_dir: Path = COURSE_DIR) -> Bundle:
    """Build ``<out_dir>/<chapter>.zip`` holding the folder ``<chapter>/`` (see the module docstring)."""
    chapter = chapter_notebook(spec)
    out_dir = Path(out_dir) if out_dir is not None else DEFAULT_OUT
    out_dir.mkdir(parents=True, exist_ok=True)
    zip_path = out_dir / f"{chapter.stem}.zip"
    with tempfile.TemporaryDirectory(prefix="bundle-") as tmp:
        staged = Path(tmp) / chapter.stem
        bundle = stage(chapter, staged, course_dir)
        partial = zip_path.with_suffix(".zip.part")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for path in sorted(p for p in staged.rglob("*") if p.is_file()):
                info = zipfile.ZipInfo(str(path.relative_to(staged.parent)), date_time=ZIP_DATE)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
        partial.replace(zip_path)
    bundle.zip_path = zip_path
    return bundle


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="+", help="chapter number (2) or notebook name (02_rights_and_sdgs)")
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="folder for the zip files (default: _build/bundles)"
    )
    args = parser.parse_args(argv)
    try:
        for spec in args.chapters:
            bundle = build_bundle(spec, args.out)
            print(
                f"{bundle.zip_path}  {bundle.size / 1024:.0f} KiB  "
                f"assignments: {', '.join(bundle.assignments) or 'none'}  datasets: {', '.join(bundle.datasets)}"
            )
    except BundleError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
