"""Chapter bundles for reusing instructors: ``python -m courseops.bundle CHAPTER [--out DIR]``.

Writes ``<DIR>/<chapter>.zip`` (default DIR: ``_build/bundles`` in the repository).

CHAPTER is a chapter number (``2``), a notebook name (``02_rights_and_sdgs``) or a path. The bundle is
one zip file holding one folder that runs on its own:

- the chapter page (notebook), with links to pages outside the bundle pointed at the published course;
- its nbgrader assignment, if it has one (found by the assignment id the chapter page names, e.g. its
  exercise link): ``exercises/source/<id>`` (instructor version), ``exercises/release/<id>`` (learner
  version) and ``exercises/nbgrader_config.py``;
- only the data files the chapter and assignment notebooks use (every ``load("...")``, ``citation``,
  ``licence`` and ``describe`` call with a dataset name), and the course's ``datapackage.json``;
- the toolkit (``rightsclimate/``), a minimal ``pyproject.toml`` and pinned ``requirements.txt``;
- the course's ``references.bib`` with a ``bibliography.md`` page, and its ``glossary.md`` page;
- LICENSE (code, MIT), LICENSE-CONTENT (text and figures, CC BY 4.0), CITATION.cff, and a README.md
  with what is in it, how to run it, each dataset's licence (non-commercial and share-alike flagged),
  how to cite, and how to combine several bundles into one Jupyter Book.

Bundles compose: every file two bundles share (:data:`SHARED_FILES`: the whole toolkit, the course's
data package descriptor, bibliography, glossary, licences, requirements) is the same in every bundle
made from one version of the course. So several bundles copied into one folder (all but their
README.md) give one toolkit install, one data package and one bibliography, without clashes.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from courseops.paths import CONFIG_FILE_NAME, COURSE_DIR, REPO_ROOT, release_dir, source_dir

CHAPTERS_DIR = REPO_ROOT / "book" / "chapters"
APPENDICES_DIR = REPO_ROOT / "book" / "appendices"
DATASETS_DIR = REPO_ROOT / "datasets"
TOOLKIT_DIR = REPO_ROOT / "rightsclimate"
DEFAULT_OUT = REPO_ROOT / "_build" / "bundles"  # _build/ is never committed
TOP_FILES = ("LICENSE", "LICENSE-CONTENT", "CITATION.cff")
#: Functions of rightsclimate.data whose first argument is a dataset name.
DATA_FUNCTIONS = {"load", "citation", "licence", "describe"}
#: What the bundled notebooks and toolkit import (distribution names as in requirements.txt).
RUNTIME_PACKAGES = ("pandas", "numpy", "pyarrow", "matplotlib", "ipywidgets", "ipykernel", "myst-nb", "pooch")
GRADING_PACKAGES = ("nbgrader",)
BOOK_PACKAGES = ("jupyter-book", "sphinxcontrib-bibtex", "linkify-it-py")
#: Files every bundle has, identical in all bundles made from one version of the course.
SHARED_FILES = (
    "rightsclimate/",
    "datasets/datapackage.json",
    "references.bib",
    "bibliography.md",
    "glossary.md",
    "exercises/nbgrader_config.py",  # in bundles of chapters with an assignment
    "requirements.txt",
    "pyproject.toml",
    "LICENSE",
    "LICENSE-CONTENT",
    "CITATION.cff",
)
#: Pages of the course that every bundle carries, under the name they get in the bundle.
BUNDLED_PAGES = {"references": "bibliography", "glossary": "glossary"}
BIBLIOGRAPHY_PAGE = """# References

The works cited in these chapters. Each page cites its sources in the text; this page lists them.

```{bibliography}
```
"""
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


_ROLE = re.compile(r"\{(ref|doc)\}`(?:([^`<]*?)\s*<([^`>]+)>|([^`<>]+))`")
_LINK = re.compile(r"\]\((?!https?:|mailto:|#)([^)\s]+?)(#[^)\s]*)?\)")


def page_labels(folders: tuple[Path, ...] = (CHAPTERS_DIR, APPENDICES_DIR)) -> dict[str, Path]:
    """Every MyST target label of the course's pages, ``(label)=`` on a line of its own: {label: page}."""
    labels = {}
    for folder in folders:
        for page in sorted([*folder.glob("*.ipynb"), *folder.glob("*.md")]):
            texts = _text(_read(page), "markdown") if page.suffix == ".ipynb" else [page.read_text(encoding="utf-8")]
            for text in texts:
                labels |= {label: page for label in re.findall(r"(?m)^\(([\w-]+)\)=\s*$", text)}
    return labels


def _published(page: Path) -> str:
    """The page in the published repository."""
    from rightsclimate import repository

    return f"{repository.URL}/blob/{repository.BRANCH}/{page.relative_to(REPO_ROOT).as_posix()}"


def _bundled_name(page: Path) -> str | None:
    """The page's name in the bundle (``bibliography``, ``glossary``), or None if bundles do not carry it."""
    return BUNDLED_PAGES.get(page.stem) if page.parent == APPENDICES_DIR else None


def portable_markdown(text: str, chapter: Path, labels: dict[str, Path]) -> str:
    """The chapter's Markdown with every link to another page of the course made to work outside it.

    A reference to a label of this chapter stays. A reference or link to the references or glossary
    appendix points at the bundle's ``bibliography.md`` or ``glossary.md``. Any other page of the course
    (another chapter, an appendix) becomes a link to that page in the published repository, so a book
    made from bundles builds without unresolved references. An unknown label raises :class:`BundleError`.
    """

    def role(match: re.Match) -> str:
        kind, text, target = match.group(1), match.group(2), match.group(3) or match.group(4)
        if kind == "ref":
            page = labels.get(target.strip())
            if page is None:
                raise BundleError(f"{chapter.name}: {{ref}}`{target}` names a label no page of the course defines")
            if page == chapter:
                return match.group(0)
            shown = text or (f"chapter {int(page.stem.split('_', 1)[0])}" if page.parent == CHAPTERS_DIR else page.stem)
        else:
            page = (chapter.parent / target.strip()).resolve()
            page = next((p for p in page.parent.glob(page.name + ".*")), page)
            if _bundled_name(page):
                return f"{{doc}}`{text or page.stem} <{_bundled_name(page)}>`"
            shown = text or page.stem
        return f"[{shown}]({_published(page)})"

    def link(match: re.Match) -> str:
        page = (chapter.parent / match.group(1)).resolve()
        if not page.is_file():
            return match.group(0)  # not a page of the course (or not ours to judge): left as it is
        if _bundled_name(page):
            return f"]({_bundled_name(page)}.md{match.group(2) or ''})"
        return f"]({_published(page)}{match.group(2) or ''})"

    return _LINK.sub(link, _ROLE.sub(role, text))


def portable_chapter(chapter: Path, labels: dict[str, Path] | None = None) -> dict:
    """The chapter notebook (JSON) with :func:`portable_markdown` applied to its Markdown cells."""
    labels = page_labels() if labels is None else labels
    nb = _read(chapter)
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = portable_markdown("".join(cell["source"]), chapter, labels).splitlines(keepends=True)
    return nb


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


def requirements_text() -> str:
    """The same in every bundle (so bundles combine): the notebooks' packages, nbgrader, Jupyter Book."""
    lines = [
        "# Python 3.11. The versions the course is tested with (from the course's requirements.txt).",
        "# Install from this folder: pip install -r requirements.txt && pip install -e .",
        *_pins(RUNTIME_PACKAGES),
        "# For instructors: release and grade the assignments",
        *_pins(GRADING_PACKAGES),
        "# To build a Jupyter Book with the chapters",
        *_pins(BOOK_PACKAGES),
    ]
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
    from rightsclimate.data import licence_text

    return licence_text(resource, markdown=True)


def source_version() -> str:
    """The course version and commit the bundle is made from (bundles of one commit combine cleanly)."""
    from rightsclimate import __version__

    try:
        commit = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = ""
    return f"version {__version__}" + (f", commit {commit}" if commit else "")


def book_config_text() -> str:
    """A minimal ``_config.yml`` for a new Jupyter Book made from bundles (the README shows it)."""
    return """# _config.yml
title: My course
only_build_toc_files: true   # not the assignments in exercises/ nor other files of the bundles
execute:
  execute_notebooks: force   # the pages put computed numbers into their text: they must run
  timeout: 300
parse:
  myst_enable_extensions: [colon_fence, dollarmath, deflist, substitution, linkify]
bibtex_bibfiles:
  - references.bib
sphinx:
  config:
    bibtex_reference_style: author_year
    nb_execution_raise_on_error: true
"""


def book_toc_text(chapters: list[str]) -> str:
    """A ``_toc.yml`` listing ``chapters`` (notebook names without .ipynb), the glossary and the references."""
    lines = ["# _toc.yml", "format: jb-book", "root: intro", "chapters:"]
    lines += [f"  - file: {stem}" for stem in chapters]
    lines += ["  - file: glossary", "  - file: bibliography   # without it, every citation is a broken reference"]
    return "\n".join(lines) + "\n"


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
        "| `references.bib`, `bibliography.md` | the course's bibliography (BibTeX) and a page that lists the works cited |",
        "| `glossary.md` | the course's glossary: the page's `{term}` links point at it |",
    ]
    for aid in assignments:
        lines += [
            f"| `exercises/release/{aid}/` | the assignment as learners receive it (nbgrader release) |",
            f"| `exercises/source/{aid}/` | the instructor version: reference solution, hidden tests, rubric |",
        ]
    if assignments:
        lines.append("| `exercises/nbgrader_config.py` | the nbgrader course configuration (root = that folder) |")
    lines += [
        "| `datasets/data/` | the data files this chapter and its assignment use |",
        "| `datasets/datapackage.json` | the course's data package: licence, source, schema and SHA-256 of every dataset |",
        "| `rightsclimate/` | the course toolkit the notebooks import (data loading, indicators, figures) |",
        "| `requirements.txt`, `pyproject.toml` | the Python packages, and the toolkit as an installable package |",
        "| `LICENSE`, `LICENSE-CONTENT`, `CITATION.cff` | licences and how to cite |",
        "",
        f"Made from *Rights, Climate & the SDGs* {source_version()}. The data package describes every",
        "dataset of the course, but only this chapter's files are in `datasets/data/`: loading another",
        'dataset fails with "file ... is missing" until you add the bundle of a chapter that uses it.',
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
        "## Putting the chapter into a Jupyter Book, alone or with other bundles",
        "",
        "Several chapter bundles combine into one book. Every file that two bundles share (the toolkit, the",
        "data package descriptor, `references.bib`, the glossary and bibliography pages, `requirements.txt`,",
        "`pyproject.toml`, the nbgrader configuration, the licences) is the same in every bundle made from",
        "one version of the course. The other files carry the chapter's name. So copying the bundles into",
        "one folder gives one toolkit, one data package and one bibliography, without clashes. Use bundles",
        "made from the same version (see the line above): from different versions, the last copy of a",
        "shared file wins and an older chapter's data may fail its SHA-256 check.",
        "",
        "1. Copy every bundle into your book folder, all but its `README.md` (keep that beside the book):",
        "",
        "   ```bash",
        "   mkdir -p mybook",
        f"   for bundle in {chapter.stem}; do   # add the names of the other bundles you use",
        '     unzip -q "$bundle.zip"',
        '     mv "$bundle/README.md" "README-$bundle.md"',
        '     cp -R "$bundle/." mybook/',
        "   done",
        "   ```",
        "",
        "2. Install the packages and the toolkit once, from the book folder. That one install serves every",
        "   chapter: the toolkit reads the data files of all the bundles from `mybook/datasets/`.",
        "",
        "   ```bash",
        "   cd mybook",
        "   python -m venv .venv && . .venv/bin/activate",
        "   pip install -r requirements.txt && pip install -e .",
        "   ```",
        "",
        "3. Write a front page `intro.md` (your own text), a `_config.yml` and a `_toc.yml`. The pages put",
        "   computed numbers into their text with MyST-NB's `glue`, so the book must run them. The",
        "   `bibliography` page must be in the table of contents: without it every citation is a broken",
        "   reference. The `glossary` page makes the `{term}` links work. For example:",
        "",
        "   ```yaml",
        *("   " + line if line else "" for line in book_config_text().splitlines()),
        "   ```",
        "",
        "   ```yaml",
        *("   " + line for line in book_toc_text([chapter.stem]).splitlines()),
        "   ```",
        "",
        "   List each chapter of your bundles under `chapters:`, before the glossary and the bibliography.",
        "   If your book has a bibliography of its own, merge the files: one `references.bib`, one key per work.",
        "",
        "4. Build: `jupyter-book build .` (add `-W` to stop at any warning). Links from the chapter to other",
        "   pages of the course point at the published course; edit them if your book has those pages.",
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

    bib = (REPO_ROOT / "references.bib").read_text(encoding="utf-8")
    bib_entries(bib, cited_keys(chapter))  # every cited work must be in the bibliography

    dest.mkdir(parents=True)
    (dest / chapter.name).write_text(
        json.dumps(portable_chapter(chapter), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    # The pages and files every bundle shares, the same in each (SHARED_FILES), so that bundles combine.
    shutil.copy2(REPO_ROOT / "references.bib", dest / "references.bib")
    (dest / "bibliography.md").write_text(BIBLIOGRAPHY_PAGE, encoding="utf-8")
    shutil.copy2(APPENDICES_DIR / "glossary.md", dest / "glossary.md")
    for aid in assignments:
        for root in (source_dir(course_dir), release_dir(course_dir)):
            shutil.copytree(root / aid, dest / "exercises" / root.name / aid, ignore=IGNORED)
    if assignments:
        shutil.copy2(Path(course_dir) / CONFIG_FILE_NAME, dest / "exercises" / CONFIG_FILE_NAME)
    (dest / "datasets" / "data").mkdir(parents=True)
    shutil.copy2(DATASETS_DIR / "datapackage.json", dest / "datasets" / "datapackage.json")
    for resource in sliced["resources"]:
        shutil.copy2(DATASETS_DIR / resource["path"], dest / "datasets" / resource["path"])
    shutil.copytree(TOOLKIT_DIR, dest / "rightsclimate", ignore=IGNORED)
    for name in TOP_FILES:
        shutil.copy2(REPO_ROOT / name, dest / name)
    (dest / "requirements.txt").write_text(requirements_text(), encoding="utf-8")
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
