"""Launch links: every chapter and every assignment opens on Binder, Colab and a JupyterHub.

The URLs are built in ``rightsclimate/repository.py`` from the one repository URL and branch; their
form is checked here against what Binder, Colab and nbgitpuller expect (and against the form of
sphinx-book-theme's launch buttons, which the chapter pages use). The exercises README and the built
book (assignment blocks, preview labels on saved explorers, the data catalogue's contents links, the
favicon) are checked too; the tests on the built book share the session's book build (slow).
"""

from __future__ import annotations

import html
import importlib.util
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from courseops.bundle import assignments_for
from rightsclimate import repository

REPO = Path(__file__).resolve().parents[1]
CONFIG = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
HUB = CONFIG["launch_buttons"]["jupyterhub_url"]
ASSIGNMENTS = sorted(p.name for p in (REPO / "exercises" / "source").iterdir() if p.is_dir())
CHAPTERS = sorted((REPO / "book" / "chapters").glob("[0-9]*.ipynb"))
CHAPTER_OF = {a: chapter for chapter in CHAPTERS for a in assignments_for(chapter, REPO / "exercises")}
SAMPLE = "exercises/release/ch3_local_climate_indicators/ch3_local_climate_indicators.ipynb"

# bookext is not an installed package (Sphinx loads it from the book root): load the module from its file.
_spec = importlib.util.spec_from_file_location("bookext_launch_links", REPO / "bookext" / "launch_links.py")
launch_links = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(launch_links)


# --- the URLs ---------------------------------------------------------------------------------------
def test_binder_url_opens_the_notebook_in_jupyterlab_from_the_repository():
    url = repository.binder_url(SAMPLE)
    assert (
        url
        == f"https://mybinder.org/v2/gh/{repository.ORG}/{repository.NAME}/{repository.BRANCH}?urlpath=lab/tree/{SAMPLE}"
    )
    assert repository.binder_url(SAMPLE, ref="v1.0").startswith(
        f"https://mybinder.org/v2/gh/{repository.ORG}/{repository.NAME}/v1.0?"
    )


def test_colab_url_opens_the_notebook_from_github():
    assert repository.colab_url(SAMPLE) == (
        f"https://colab.research.google.com/github/{repository.ORG}/{repository.NAME}/blob/{repository.BRANCH}/{SAMPLE}"
    )


def test_nbgitpuller_url_clones_the_repository_and_opens_the_notebook():
    url = repository.nbgitpuller_url("https://hub.example.edu/", SAMPLE)
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://hub.example.edu/hub/user-redirect/git-pull"
    query = parse_qs(parts.query, strict_parsing=True)
    assert query == {
        "repo": [repository.URL],
        "branch": [repository.BRANCH],
        # nbgitpuller clones into a folder named after the repository, in the learner's home folder.
        "urlpath": [f"lab/tree/{repository.NAME}/{SAMPLE}"],
    }


def test_nbgitpuller_url_has_the_form_of_the_theme_jupyterhub_button():
    # sphinx-book-theme 1.3 (header_buttons/launch.py): urlencode(repo, urlpath, branch, safe="/").
    expected = (
        f"https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A//github.com/{repository.ORG}/{repository.NAME}"
        f"&urlpath=lab/tree/{repository.NAME}/{SAMPLE}&branch={repository.BRANCH}"
    )
    assert repository.nbgitpuller_url("https://hub.example.edu", SAMPLE) == expected


@pytest.mark.parametrize("hub", ["", "   ", "hub.example.edu", "ftp://hub.example.edu", "https://"])
def test_nbgitpuller_url_refuses_an_address_that_is_not_a_hub(hub):
    with pytest.raises(ValueError, match="not a JupyterHub address"):
        repository.nbgitpuller_url(hub, SAMPLE)


@pytest.mark.parametrize("path", ["", "/", "../secrets.ipynb", "book/../../x.ipynb"])
def test_paths_outside_the_repository_are_refused(path):
    with pytest.raises(ValueError, match="not a path inside the repository"):
        repository.colab_url(path)


@pytest.mark.parametrize("assignment_id", ["", "../ch3", "ch3/x", "ch3 x"])
def test_release_notebook_refuses_what_is_not_an_assignment_id(assignment_id):
    with pytest.raises(ValueError, match="not an assignment id"):
        repository.release_notebook(assignment_id)


@pytest.mark.parametrize(
    ("hub", "placeholder"),
    [
        ("https://your-hub.example.org", True),
        ("https://example.com", True),
        ("https://hub.course.example", True),
        ("", True),
        ("https://hub.example.edu", False),  # .edu is a real top-level domain
        ("https://datahub.berkeley.edu", False),
        ("https://examples.org", False),
    ],
)
def test_placeholder_hubs_are_recognised(hub, placeholder):
    assert repository.is_placeholder_hub(hub) is placeholder


# --- the book's configuration ----------------------------------------------------------------------
def test_book_launch_buttons_use_the_same_services():
    buttons = CONFIG["launch_buttons"]
    assert buttons["binderhub_url"] == repository.BINDERHUB
    assert buttons["colab_url"] == repository.COLAB
    assert buttons["notebook_interface"] == "jupyterlab" and repository.LAB_PREFIX == "lab/tree"
    # The theme drops the JupyterHub button when the value is empty: it must be a valid address.
    assert repository.nbgitpuller_url(HUB, SAMPLE).startswith(HUB.rstrip("/") + "/hub/user-redirect/git-pull?")


def test_the_config_says_how_to_set_the_hub_and_the_readme_names_it():
    text = (REPO / "_config.yml").read_text(encoding="utf-8")
    assert "INSTRUCTORS: replace this PLACEHOLDER" in text
    readme = (REPO / "exercises" / "README.md").read_text(encoding="utf-8")
    if repository.is_placeholder_hub(HUB):  # the learner is told, not sent to a hub that does not exist
        assert f"placeholder hub, `{HUB}`" in " ".join(readme.split())


def test_launch_links_are_named_after_the_three_launchers():
    links = repository.launch_links(SAMPLE, HUB)
    assert list(links) == ["Binder", "Colab", "JupyterHub"]
    assert links == {
        "Binder": repository.binder_url(SAMPLE),
        "Colab": repository.colab_url(SAMPLE),
        "JupyterHub": repository.nbgitpuller_url(HUB, SAMPLE),
    }


# --- every assignment ------------------------------------------------------------------------------
@pytest.mark.parametrize("assignment_id", ASSIGNMENTS)
def test_every_assignment_has_one_chapter_and_a_release_notebook(assignment_id):
    owners = [c.name for c in CHAPTERS if assignment_id in assignments_for(c, REPO / "exercises")]
    assert len(owners) == 1, f"{assignment_id} is named by {owners or 'no chapter'}: its launch links need one chapter"
    assert (REPO / repository.release_notebook(assignment_id)).is_file()


def _markdown_links(text: str) -> dict[str, list[str]]:
    links: dict[str, list[str]] = {}
    for label, url in re.findall(r"\[([^\]]+)\]\(([^)\s]+)\)", text):
        links.setdefault(label, []).append(url)
    return links


@pytest.mark.parametrize("assignment_id", ASSIGNMENTS)
def test_exercises_readme_links_every_assignment_on_every_launcher(assignment_id):
    readme = (REPO / "exercises" / "README.md").read_text(encoding="utf-8")
    row = next((line for line in readme.splitlines() if line.startswith("|") and f"`{assignment_id}`" in line), None)
    assert row is not None, f"exercises/README.md has no table row for {assignment_id}"
    path = repository.release_notebook(assignment_id)
    found = _markdown_links(row)
    expected = {label: [url] for label, url in repository.launch_links(path, HUB).items()}
    expected["GitHub"] = [repository.blob_url(path)]
    assert found == expected, f"{assignment_id}: regenerate the row from rightsclimate.repository"
    chapter = int(CHAPTER_OF[assignment_id].name.split("_", 1)[0])
    assert row.split("|")[1].strip() == str(chapter)


def test_exercises_readme_table_is_the_generated_one():
    readme = (REPO / "exercises" / "README.md").read_text(encoding="utf-8")
    assert launch_links.readme_table(HUB, REPO) in readme, "regenerate it: python bookext/launch_links.py"


def test_exercises_readme_says_the_solutions_are_public():
    readme = (REPO / "exercises" / "README.md").read_text(encoding="utf-8")
    assert "## Open courseware: the solutions are public" in readme
    assert "courseops personalise" in readme and "summative" in readme


def test_assignment_block_holds_the_launchers_and_a_download_link():
    block = launch_links.assignment_block("ch3_local_climate_indicators", HUB)
    urls = [node["refuri"] for node in block.findall(lambda n: n.tagname == "reference")]
    assert urls == [*repository.launch_links(SAMPLE, HUB).values(), repository.blob_url(SAMPLE)]
    assert launch_links.PLACEHOLDER_NOTE in block.astext(), "a placeholder hub must be called one"
    real = launch_links.assignment_block("ch3_local_climate_indicators", "https://datahub.berkeley.edu")
    assert launch_links.PLACEHOLDER_NOTE not in real.astext()


def test_without_a_hub_there_is_no_jupyterhub_link():
    labels = [label for label, _url, _note in launch_links.launcher_items(SAMPLE, "")]
    assert labels == ["Binder", "Colab"]


# --- the built book (slow: shares the session's book build) ----------------------------------------
def _hrefs(page: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'<a\b[^>]*\bhref="([^"]+)"', page)]


def _section(page: str, section_id: str) -> str:
    start = page.find(f'<section id="{section_id}"')
    assert start >= 0, f"no section #{section_id}"
    end = page.find("<section id=", start + 1)
    return page[start : end if end > 0 else len(page)]


@pytest.mark.slow
@pytest.mark.parametrize("assignment_id", ASSIGNMENTS)
def test_chapter_page_has_the_launch_block(built_book_html: Path, assignment_id):
    chapter = CHAPTER_OF[assignment_id]
    page = (built_book_html / "book" / "chapters" / f"{chapter.stem}.html").read_text(encoding="utf-8")
    hrefs = _hrefs(_section(page, "assignment"))
    path = repository.release_notebook(assignment_id)
    for label, url in repository.launch_links(path, HUB).items():
        assert url in hrefs, f"{chapter.stem}: no {label} link for {assignment_id} in its Assignment section"


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.stem for c in CHAPTERS])
def test_chapter_page_has_all_three_launch_buttons(built_book_html: Path, chapter: Path):
    page = (built_book_html / "book" / "chapters" / f"{chapter.stem}.html").read_text(encoding="utf-8")
    hrefs = _hrefs(page)
    notebook = f"book/chapters/{chapter.name}"
    for label, url in repository.launch_links(notebook, HUB).items():
        assert url in hrefs, f"{chapter.stem}: no {label} launch button ({url})"


@pytest.mark.slow
def test_every_saved_explorer_is_labelled_a_preview_with_links_to_run_it(built_book_html: Path):
    pages = sorted((built_book_html / "book" / "chapters").glob("*.html"))
    with_widgets = 0
    for path in pages:
        page = path.read_text(encoding="utf-8")
        views = page.count('<script type="application/vnd.jupyter.widget-view+json">')
        if not views:
            continue
        with_widgets += 1
        labels = page.count(launch_links.PREVIEW_CLASS)
        assert labels >= 1, f"{path.name}: {views} saved widget view(s) without a preview label"
        label = page[page.index(launch_links.PREVIEW_CLASS) :]
        label = label[: label.index("</div>")]
        notebook = f"book/chapters/{path.stem}.ipynb"
        for name, url in repository.launch_links(notebook, HUB).items():
            assert url in _hrefs(label), f"{path.name}: the preview label has no {name} link"
        # The label comes before the first view it describes.
        assert page.index(launch_links.PREVIEW_CLASS) < page.index('application/vnd.jupyter.widget-view+json">')
    assert with_widgets >= 4, f"only {with_widgets} chapter pages show saved explorers (chapters 2-5 and 7 do)"


@pytest.mark.slow
def test_data_catalogue_links_every_dataset_to_its_entry(built_book_html: Path):
    page = (built_book_html / "book" / "appendices" / "data_catalogue.html").read_text(encoding="utf-8")
    names = [r["name"] for r in json.loads((REPO / "datasets" / "datapackage.json").read_text())["resources"]]
    toc = re.search(r'<nav\b[^>]*class="[^"]*\bpage-toc\b[^"]*"[^>]*>(.*?)</nav>', page, re.S)
    assert toc is not None, "the page has no contents sidebar (theme change?)"
    page_contents = toc.group(1)
    missing = []
    for name in names:
        anchor = f"dataset-{name.replace('_', '-')}"
        table_link = f'<a class="reference internal" href="#{anchor}"><code'
        if f'id="{anchor}"' not in page or table_link not in page or f'href="#{anchor}"' not in page_contents:
            missing.append(name)
    assert not missing, f"datasets without an anchor, a link from the table or an entry in the page contents: {missing}"


@pytest.mark.slow
def test_every_page_has_the_favicon(built_book_html: Path):
    assert (built_book_html / "favicon.ico").is_file(), "browsers ask for /favicon.ico when a page names none"
    pages = [p for p in built_book_html.rglob("*.html") if "_static" not in p.relative_to(built_book_html).parts]
    missing = []
    for path in pages:
        text = path.read_text(encoding="utf-8")
        if 'http-equiv="Refresh"' in text or 'http-equiv="refresh"' in text:
            continue  # the top index.html is only a redirect
        icon = re.search(r'<link rel="icon" href="([^"]+)"', text)
        if icon is None or not (path.parent / icon.group(1)).resolve().is_file():
            missing.append(str(path.relative_to(built_book_html)))
    assert not missing, f"pages without a working favicon link: {missing}"


# --- the doctree steps on small hand-made doctrees (synthetic, not course content) ------------------
def _doctree_from(markdown_like: list) -> object:
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    document = new_document("<synthetic>", get_default_settings(Parser))
    for node in markdown_like:
        document += node
    return document


def _widget_cell(nodes, text="view"):
    view = nodes.raw("", f'<script type="{launch_links.WIDGET_VIEW}">{{"model_id": "{text}"}}</script>', format="html")
    output = nodes.container("", view, classes=["cell_output"])
    return nodes.container("", nodes.literal_block("", "explorer()"), output, classes=["cell"])


def test_one_preview_label_per_explorer_cell_just_above_its_output():
    from docutils import nodes

    class App:  # the two things add_preview_labels asks of Sphinx
        srcdir = str(REPO)
        config = type("Config", (), {"html_theme_options": {"launch_buttons": {"jupyterhub_url": HUB}}})()
        env = type("Env", (), {"doc2path": staticmethod(lambda docname: str(REPO / f"{docname}.ipynb"))})()

    first, second = _widget_cell(nodes, "a"), _widget_cell(nodes, "b")
    second[1] += nodes.raw("", f'<script type="{launch_links.WIDGET_VIEW}">{{}}</script>', format="html")
    doctree = _doctree_from([nodes.paragraph("", "text"), first, second])
    assert launch_links.add_preview_labels(App(), doctree, "book/chapters/05_who_is_left_behind") == 2
    for cell in (first, second):
        kinds = [child.tagname for child in cell.children]
        assert kinds == ["literal_block", "admonition", "container"], kinds
        urls = [n["refuri"] for n in cell[1].findall(nodes.reference)]
        assert urls == list(repository.launch_links("book/chapters/05_who_is_left_behind.ipynb", HUB).values())


def test_catalogue_entries_get_anchors_and_table_links():
    from docutils import nodes

    def entry(name, title):
        return [
            nodes.rubric("", title),
            nodes.paragraph("", "", nodes.literal("", f'load("{name}")'), nodes.Text(" — a table")),
        ]

    rows = nodes.tbody()
    for name in ("city_daily_weather", "cities", "not_in_the_catalogue"):
        rows += nodes.row(
            "",
            nodes.entry("", nodes.paragraph("", "", nodes.literal("", name))),
            nodes.entry("", nodes.paragraph("", "1")),
        )
    table = nodes.table("", nodes.tgroup("", nodes.colspec(colwidth=1), nodes.colspec(colwidth=1), rows, cols=2))
    section = nodes.section(ids=["all-datasets"])
    section += [
        nodes.title("", "All datasets"),
        table,
        *entry("city_daily_weather", "Daily weather"),
        *entry("cities", "Cities"),
    ]
    doctree = _doctree_from([section])
    found = launch_links.anchor_catalogue_entries(doctree)
    assert [(name, title) for name, title, _s in found] == [
        ("city_daily_weather", "Daily weather"),
        ("cities", "Cities"),
    ]
    assert launch_links.link_catalogue_table(doctree, {name for name, _t, _s in found}) == 2
    targets = [ref["refid"] for ref in table.findall(nodes.reference)]
    assert targets == ["dataset-city-daily-weather", "dataset-cities"]
    assert "dataset-city-daily-weather" in doctree.ids
