"""Chapter bundles (courseops.bundle) run on their own, and several combine into one Jupyter Book.

Each chapter's bundle is built, unpacked into an empty folder, and checked: the files a reusing
instructor needs are there, the data files are exactly the datasets the notebooks use (byte for byte),
the chapter notebook runs inside the bundle with the bundle's own toolkit and data (downloads switched
off), and the assignment passes courseops.gradecheck as an nbgrader course made from the bundle alone.
Two bundles are then combined as their README says into a new book, which must build with -W.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import nbformat
import pytest

from courseops import bundle
from courseops.gradecheck import describe, run_gradecheck

REPO = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((REPO / "book" / "chapters").glob("[0-9]*.ipynb"))
EXPECTED_ASSIGNMENTS = {  # from the course design: chapter 1 is orientation only
    "01_why_rights_climate_sdgs": [],
    "02_rights_and_sdgs": ["ch2_obligation_profile"],
    "03_heat_rain_storms": ["ch3_local_climate_indicators"],
    "04_disasters_local_risk_governance": ["ch4_disaster_accountability"],
    "05_who_is_left_behind": ["ch5_left_behind_profile"],
    "06_rights_based_indicators": ["ch6_rights_based_indicators"],
    "07_rights_based_adaptation": ["ch7_rights_based_adaptation_plan"],
    "08_localising_and_partnering": ["capstone_local_climate_action_brief"],
}


def test_every_chapter_has_an_expected_assignment_entry():
    missing = sorted(c.stem for c in CHAPTERS if c.stem not in EXPECTED_ASSIGNMENTS)
    assert not missing, (
        f"add these chapters to EXPECTED_ASSIGNMENTS (the course design names their assignment): {missing}"
    )


def _literal_loads(paths: list[Path]) -> set[str]:
    """A second, plain-text way to find load("...") calls, to cross-check the AST scan."""
    found = set()
    for path in paths:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                found |= set(re.findall(r"\bload\(\s*[\"']([a-z0-9_]+)[\"']\s*\)", cell.source))
    return found


def _unpack(zip_path: Path, into: Path) -> Path:
    into.mkdir()
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(into)
    (root,) = list(into.iterdir())
    return root


@pytest.mark.parametrize("chapter", [c for c in CHAPTERS if c.stem in EXPECTED_ASSIGNMENTS], ids=lambda p: p.stem)
def test_chapter_maps_to_its_assignment(chapter):
    assert bundle.assignments_for(chapter) == EXPECTED_ASSIGNMENTS[chapter.stem]


def test_chapter_can_be_named_by_number_or_name():
    first = CHAPTERS[0]
    assert bundle.chapter_notebook("1") == bundle.chapter_notebook(first.stem) == first
    with pytest.raises(bundle.BundleError, match="no chapter"):
        bundle.chapter_notebook("99")


def _synthetic(tmp_path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    path = tmp_path / "synthetic.ipynb"
    nbformat.write(nb, path)
    return path


def test_dataset_scan_follows_imports_aliases_loops_and_magics(tmp_path):
    path = _synthetic(
        tmp_path,
        "%pip install --quiet something\nfrom rightsclimate.data import load as get, citation\nimport json",
        'a = get("one")\nprint(citation("two"))\njson.load(open("x.json"))\nload("not_the_toolkit")',
        'from rightsclimate import data as d\nfor n in ("three", "four"):\n    d.licence(n)',
    )
    assert bundle.datasets_used([path]) == ["four", "one", "three", "two"]


def test_dataset_scan_refuses_names_it_cannot_read(tmp_path):
    path = _synthetic(tmp_path, "from rightsclimate.data import load\nname = input()\nload(name)")
    with pytest.raises(bundle.BundleError, match="neither a string literal"):
        bundle.datasets_used([path])


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_bundle_runs_on_its_own(chapter, tmp_path, monkeypatch):
    built = bundle.build_bundle(chapter.stem, tmp_path / "out")
    print(f"{built.zip_path.name}: {built.size / 1024:.0f} KiB")
    root = _unpack(built.zip_path, tmp_path / "unpacked")

    # What a reusing instructor needs.
    for name in ("README.md", "requirements.txt", "pyproject.toml", "LICENSE", "LICENSE-CONTENT", "CITATION.cff"):
        assert (root / name).is_file(), f"{name} missing"
    assert (root / chapter.name).is_file() and (root / "rightsclimate" / "data.py").is_file()
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "CITATION.cff" in readme and "MIT" in readme and "CC BY 4.0" in readme

    # Only the data files used, each byte for byte as in the repository, checked against the course's
    # descriptor (the same file in every bundle, so that bundles combine).
    assert (root / "datasets" / "datapackage.json").read_bytes() == (
        REPO / "datasets" / "datapackage.json"
    ).read_bytes()
    package = json.loads((root / "datasets" / "datapackage.json").read_text(encoding="utf-8"))
    package["resources"] = [r for r in package["resources"] if r["name"] in set(built.datasets)]
    notebooks = [chapter] + [
        p for a in built.assignments for p in sorted((REPO / "exercises" / "source" / a).glob("*.ipynb"))
    ]
    assert _literal_loads(notebooks) <= set(built.datasets)
    for resource in package["resources"]:
        data_file = root / "datasets" / resource["path"]
        assert "sha256:" + hashlib.sha256(data_file.read_bytes()).hexdigest() == resource["hash"]
        assert f"`{resource['name']}`" in readme
        if resource.get("restrictions"):
            assert re.search(rf"`{resource['name']}`.*(NON-COMMERCIAL|SHARE-ALIKE)", readme), resource["name"]
    assert sorted(p.name for p in (root / "datasets" / "data").iterdir()) == sorted(
        Path(r["path"]).name for r in package["resources"]
    )

    # The chapter runs inside the bundle with the bundle's toolkit and data, nothing downloaded.
    from nbclient import NotebookClient

    monkeypatch.setenv("PYTHONPATH", str(root))
    monkeypatch.delenv("RIGHTSCLIMATE_DATA", raising=False)
    monkeypatch.setenv("RIGHTSCLIMATE_DATA_URL", "off")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(root / chapter.name, as_version=4)
    nb.cells.append(
        nbformat.v4.new_code_cell(
            "from pathlib import Path\nimport rightsclimate\nfrom rightsclimate import data as _data\n"
            f"_root = Path({str(root)!r}).resolve()\n"
            "assert Path(rightsclimate.__file__).resolve().is_relative_to(_root), rightsclimate.__file__\n"
            "assert _data.datapackage_path().resolve().is_relative_to(_root), _data.datapackage_path()"
        )
    )
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(root)}}).execute()

    # The assignment grades as expected in an nbgrader course made only from the bundle.
    monkeypatch.setenv("RIGHTSCLIMATE_DATA", str(root / "datasets"))
    for assignment in built.assignments:
        result = run_gradecheck(assignment, root / "exercises", tmp_path / "gradecheck" / assignment)
        assert result.ok, describe(result)


def test_reuse_appendix_names_every_restricted_dataset():
    text = (REPO / "book" / "appendices" / "reuse.md").read_text(encoding="utf-8")
    package = json.loads((REPO / "datasets" / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        if resource.get("restrictions"):
            assert f"`{resource['name']}`" in text, f"reuse.md does not name the restricted {resource['name']}"


def test_links_to_pages_outside_the_bundle_point_at_the_published_course():
    chapter = bundle.chapter_notebook("3")
    labels = bundle.page_labels()
    text = (
        "See {ref}`ch1`, {ref}`Chapter 2 <ch2>` and {ref}`the indicators <ch3>`; the {doc}`references "
        "<../appendices/references>`, [the glossary](../appendices/glossary.md#top) and [the guide](../appendices/reuse.md)."
    )
    out = bundle.portable_markdown(text, chapter, labels)
    assert "[chapter 1](https://github.com/" in out and "chapters/01_why_rights_climate_sdgs.ipynb)" in out
    assert "[Chapter 2](https://github.com/" in out and "{ref}`the indicators <ch3>`" in out  # its own label stays
    assert "{doc}`references <bibliography>`" in out and "[the glossary](glossary.md#top)" in out
    assert "[the guide](https://github.com/" in out and "book/appendices/reuse.md)" in out
    with pytest.raises(bundle.BundleError, match="no page of the course defines"):
        bundle.portable_markdown("{ref}`no-such-label`", chapter, labels)


def _yaml_blocks(readme: str) -> dict[str, str]:
    """The YAML examples of a bundle README, by the file name on their first line (``# _config.yml``)."""
    blocks = {}
    for block in re.findall(r"(?ms)^ *```yaml\n(.*?)^ *```", readme):
        lines = [line[3:] if line.startswith("   ") else line for line in block.splitlines()]
        blocks[lines[0].removeprefix("# ").strip()] = "\n".join(lines) + "\n"
    return blocks


@pytest.mark.slow
def test_two_bundles_combine_into_one_book_that_builds(tmp_path):
    """Chapters 2 and 3 as a reuser would combine them, following the README: one build with -W."""
    stems = ["02_rights_and_sdgs", "03_heat_rain_storms"]
    roots = {
        stem: _unpack(bundle.build_bundle(stem, tmp_path / "zips").zip_path, tmp_path / f"unpacked-{stem}")
        for stem in stems
    }

    # The files both bundles have are identical (README.md aside), so copying one over the other is safe.
    files = {
        stem: {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} for stem, root in roots.items()
    }
    shared = (files[stems[0]] & files[stems[1]]) - {"README.md"}
    assert {"references.bib", "bibliography.md", "glossary.md", "datasets/datapackage.json", "pyproject.toml"} <= shared
    for name in sorted(shared):
        assert (roots[stems[0]] / name).read_bytes() == (roots[stems[1]] / name).read_bytes(), f"{name} differs"
    allowed = (*bundle.SHARED_FILES, "datasets/data/")  # a dataset two chapters load is one file, named after it
    for name in shared:
        assert any(name == s or (s.endswith("/") and name.startswith(s)) for s in allowed), name

    # Step 1 of the README: copy every bundle but its README into one folder.
    book = tmp_path / "mybook"
    readmes = {}
    for stem, root in roots.items():
        readmes[stem] = (root / "README.md").read_text(encoding="utf-8")
        shutil.copytree(root, book, dirs_exist_ok=True)
        (book / "README.md").unlink()  # kept beside the book, as README-<chapter>.md
    data_files = {p.name for p in (book / "datasets" / "data").iterdir()}
    assert data_files == set.union(*({p.name for p in (r / "datasets" / "data").iterdir()} for r in roots.values()))

    # Step 3: the README's _config.yml as it is, and its _toc.yml with both chapters.
    blocks = {stem: _yaml_blocks(text) for stem, text in readmes.items()}
    assert blocks[stems[0]]["_config.yml"] == blocks[stems[1]]["_config.yml"]
    (book / "_config.yml").write_text(blocks[stems[0]]["_config.yml"], encoding="utf-8")
    toc = blocks[stems[0]]["_toc.yml"].replace(
        f"  - file: {stems[0]}\n", "".join(f"  - file: {stem}\n" for stem in stems)
    )
    assert "  - file: bibliography" in toc and "  - file: glossary" in toc
    (book / "_toc.yml").write_text(toc, encoding="utf-8")
    (book / "intro.md").write_text("# My course\n\nTwo chapters of *Rights, Climate & the SDGs*.\n", encoding="utf-8")

    # Step 2: one toolkit for both chapters, from the book folder (on the path, as `pip install -e .` would
    # put it, without changing this environment); nothing downloaded.
    env = dict(os.environ, PYTHONPATH=str(book), RIGHTSCLIMATE_DATA_URL="off", MPLBACKEND="Agg")
    env.pop("RIGHTSCLIMATE_DATA", None)
    check = "import rightsclimate.data as d; print(d.__file__); print(d.datapackage_path())"
    where = subprocess.run(
        [sys.executable, "-c", check], env=env, cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert where.stdout.splitlines() == [
        str(book / "rightsclimate" / "data.py"),
        str(book / "datasets" / "datapackage.json"),
    ]

    # Step 4: build with -W (any warning, e.g. an unresolved citation or term, fails), timed.
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    start = time.perf_counter()
    built = subprocess.run(
        [str(jupyter_book), "build", str(book), "-W", "-n", "--keep-going"], env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    print(f"combined book of {len(stems)} bundles built in {seconds:.0f} s")
    assert built.returncode == 0, built.stdout[-4000:] + built.stderr[-4000:]

    # Citations resolve: every work a chapter cites links to an entry of the bibliography page.
    html = book / "_build" / "html"
    entries = set(re.findall(r'id="([^"]+)"', (html / "bibliography.html").read_text(encoding="utf-8")))
    for stem in stems:
        page = (html / f"{stem}.html").read_text(encoding="utf-8")
        targets = set(re.findall(r'href="bibliography.html#([^"]+)"', page))
        assert len(targets) == len(bundle.cited_keys(REPO / "book" / "chapters" / f"{stem}.ipynb")), stem
        assert targets <= entries, f"{stem}: citations without a bibliography entry: {sorted(targets - entries)}"
        assert "glossary.html#term-" in page, f"{stem}: no glossary links"
