"""What a learner needs to run things live, added to the built pages (``doctree-resolved``).

- **Assignment launch block.** Each chapter page's "Assignment" section gets links that open its
  assignment's learner notebook (``exercises/release/<id>/<id>.ipynb``) on Binder, on Colab and on a
  JupyterHub through nbgitpuller, and its page on GitHub (to download it). Which assignment belongs to
  which chapter comes from ``courseops.bundle.assignments_for`` (the ids the chapter page names), the
  one mapping the chapter bundles use too.
- **Preview labels.** Every explorer the book shows from its saved widget state (a cell output with a
  ``application/vnd.jupyter.widget-view+json`` view) gets a label above it: the book shows a preview,
  its controls do not respond, and three links run the page live.
- **Data catalogue contents.** The dataset names in the catalogue's summary table link to their entries,
  and the page's own contents (the right-hand sidebar) lists every entry. myst-nb renders headings
  printed by a cell as rubrics without anchors and outside the page contents; ``doctree-read`` gives
  them ``dataset-<name>`` ids and adds them to the page's contents.

All URLs come from ``rightsclimate.repository`` (the one place for the repository URL and branch); the
JupyterHub address is ``launch_buttons.jupyterhub_url`` in ``_config.yml``, the same one the theme's
launch button uses. When it is a placeholder (an example.org address), the links say so.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

from rightsclimate import repository

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[1]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
ASSIGNMENT_TITLE = "Assignment"
CHAPTERS_PREFIX = "book/chapters/"
CATALOGUE_DOCNAME = "book/appendices/data_catalogue"
LAUNCH_CLASS = "launch-links"
PREVIEW_CLASS = "widget-preview-label"
_LOAD_CALL = re.compile(r'load\("([A-Za-z0-9_]+)"\)')

# What each launcher is, in one short phrase a learner can act on.
LAUNCHER_NOTES = {
    "Binder": "free, nothing to install; it may take a few minutes to start",
    "Colab": "free with a Google account",
    "JupyterHub": "your organisation's hub, if your instructor set one up",
}
SAVE_NOTE = (
    "Binder and Colab do not keep your changes after you leave. On Binder, download the notebook "
    "(File, Download) before you close it. On Colab, use File, Save a copy in Drive."
)
PLACEHOLDER_BUTTON = "JupyterHub (not set up yet)"
PREVIEW_TITLE = "Preview: the explorer below does not respond in the book"
PLACEHOLDER_NOTE = "this copy of the book has no hub set yet: ask your instructor for the link"


def hub_url(app: Sphinx) -> str:
    """The JupyterHub address of ``_config.yml`` (``launch_buttons.jupyterhub_url``), or ``""``."""
    options = app.config.html_theme_options or {}
    return str((options.get("launch_buttons") or {}).get("jupyterhub_url") or "").strip()


def launcher_items(path: str, hub: str) -> list[tuple[str, str, str]]:
    """(label, URL, note) for each launcher of the notebook ``path``; no JupyterHub item without a hub."""
    links = (
        repository.launch_links(path, hub)
        if hub
        else {"Binder": repository.binder_url(path), "Colab": repository.colab_url(path)}
    )
    items = []
    for label, url in links.items():
        note = LAUNCHER_NOTES[label]
        if label == "JupyterHub" and repository.is_placeholder_hub(hub):
            note = PLACEHOLDER_NOTE
        items.append((label, url, note))
    return items


def _link(label: str, url: str) -> nodes.reference:
    return nodes.reference("", label, refuri=url, internal=False)


def _launcher_list(path: str, hub: str, github_label: str | None = None) -> nodes.bullet_list:
    bullets = nodes.bullet_list()
    for label, url, note in launcher_items(path, hub):
        bullets += nodes.list_item(
            "", nodes.paragraph("", "", _link(f"Open on {label}", url), nodes.Text(f" ({note})"))
        )
    if github_label:
        bullets += nodes.list_item(
            "",
            nodes.paragraph(
                "", "", _link(github_label, repository.blob_url(path)), nodes.Text(" (to run it on your own computer)")
            ),
        )
    return bullets


def assignment_block(assignment_id: str, hub: str) -> nodes.container:
    """The launch block for one assignment: a sentence and the list of launchers."""
    path = repository.release_notebook(assignment_id)
    block = nodes.container(classes=[LAUNCH_CLASS])
    block += nodes.paragraph(
        "",
        "",
        nodes.strong("", "Run the assignment notebook "),
        nodes.literal("", assignment_id),
        nodes.strong("", ":"),
        nodes.Text(" its first cell sets up what it needs."),
    )
    block += _launcher_list(path, hub, github_label="Download it from GitHub")
    block += nodes.paragraph("", SAVE_NOTE)
    return block


def preview_label(notebook_path: str, hub: str) -> nodes.admonition:
    """The note above a saved explorer view: it is a preview, and where to run it live."""
    label = nodes.admonition(classes=["note", PREVIEW_CLASS])
    label += nodes.title("", PREVIEW_TITLE)
    label += nodes.paragraph(
        "",
        "The book shows only this explorer's saved default view. Changing its controls here does not "
        "update it. To use them, run this page live:",
    )
    label += _launcher_list(notebook_path, hub)
    return label


def _source_path(app: Sphinx, docname: str) -> Path:
    return Path(app.env.doc2path(docname))


def _repo_relative(app: Sphinx, docname: str) -> str:
    return _source_path(app, docname).resolve().relative_to(Path(app.srcdir).resolve()).as_posix()


def _assignment_section(doctree: nodes.document) -> nodes.section | None:
    for section in doctree.findall(nodes.section):
        title = section.next_node(nodes.title)
        if title is not None and title.parent is section and title.astext().strip() == ASSIGNMENT_TITLE:
            return section
    return None


def add_assignment_blocks(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not docname.startswith(CHAPTERS_PREFIX) or _source_path(app, docname).suffix != ".ipynb":
        return
    from courseops.bundle import assignments_for  # the chapter -> assignment mapping of the bundles

    assignments = assignments_for(_source_path(app, docname), Path(app.srcdir) / "exercises")
    if not assignments:
        return
    section = _assignment_section(doctree)
    if section is None:
        logger.warning(
            f"{docname}: names assignment(s) {assignments} but has no '## {ASSIGNMENT_TITLE}' section "
            "for their launch links",
            location=docname,
        )
        return
    hub = hub_url(app)
    for assignment_id in assignments:
        # After the section's own text (title and paragraphs), before any subsection.
        position = next((i for i, child in enumerate(section.children) if isinstance(child, nodes.section)), None)
        block = assignment_block(assignment_id, hub)
        if position is None:
            section += block
        else:
            section.insert(position, block)


def _is_widget_view(node: nodes.Node) -> bool:
    return isinstance(node, nodes.raw) and WIDGET_VIEW in node.astext()


def _cell_of(node: nodes.Node) -> nodes.Element | None:
    parent = node.parent
    while parent is not None and not (isinstance(parent, nodes.container) and "cell" in parent.get("classes", [])):
        parent = parent.parent
    return parent


def add_preview_labels(app: Sphinx, doctree: nodes.document, docname: str) -> int:
    """Put a preview label above each saved widget view (once per cell); returns how many were added."""
    if _source_path(app, docname).suffix != ".ipynb":
        return 0
    notebook = _repo_relative(app, docname)
    hub = hub_url(app)
    labelled: list[nodes.Element] = []
    for view in list(doctree.findall(_is_widget_view)):
        cell = _cell_of(view)
        if cell is not None and any(cell is done for done in labelled):
            continue
        # Just above the cell's output (inside the cell: the code above it may be hidden or folded).
        target = view
        while cell is not None and target.parent is not cell:
            target = target.parent
        target.parent.insert(target.parent.index(target), preview_label(notebook, hub))
        labelled.append(cell if cell is not None else view)
    return len(labelled)


def anchor_catalogue_entries(doctree: nodes.document) -> list[tuple[str, str, nodes.section | None]]:
    """Give each catalogue entry (a rubric followed by ``load("name")``) the id ``dataset-<name>``.

    Returns (name, title, enclosing section) per entry, in page order.
    """
    entries = []
    for rubric in doctree.findall(nodes.rubric):
        following = rubric.next_node(nodes.paragraph, siblings=True, descend=False)
        found = _LOAD_CALL.search(following.astext()) if following is not None else None
        if found is None:
            continue
        anchor = f"dataset-{found.group(1).replace('_', '-')}"
        if anchor not in rubric["ids"]:
            rubric["ids"].append(anchor)
            doctree.ids[anchor] = rubric
        section = rubric.parent
        while section is not None and not isinstance(section, nodes.section):
            section = section.parent
        entries.append((found.group(1), rubric.astext(), section))
    return entries


def link_catalogue_table(doctree: nodes.document, names: set[str]) -> int:
    """Link each dataset name in the catalogue's summary table to its entry; returns how many."""
    linked = 0
    for table in doctree.findall(nodes.table):
        for row in table.findall(nodes.row):
            entries = list(row.findall(nodes.entry))
            first = entries[0].next_node(nodes.literal) if entries else None
            if first is None or first.astext() not in names or isinstance(first.parent, nodes.reference):
                continue
            anchor = f"dataset-{first.astext().replace('_', '-')}"
            first.parent.replace(first, nodes.reference("", "", first.deepcopy(), refid=anchor, internal=True))
            linked += 1
    return linked


def add_catalogue_to_page_toc(app: Sphinx, docname: str, entries: list[tuple[str, str, nodes.section | None]]) -> None:
    """List the entries under their section in the page's own contents (the theme's right-hand sidebar)."""
    toc = app.env.tocs.get(docname)
    sections = {id(section): section for _name, _title, section in entries if section is not None}
    if toc is None or len(sections) != 1:
        return
    (section,) = sections.values()
    wanted = f"#{section['ids'][0]}" if section["ids"] else None
    for item in toc.findall(nodes.list_item):
        reference = item.next_node(nodes.reference)
        if reference is None or reference.get("anchorname") != wanted:
            continue
        sublist = nodes.bullet_list()
        for name, title, _section in entries:
            anchor = f"#dataset-{name.replace('_', '-')}"
            link = nodes.reference("", title, internal=True, refuri=docname, anchorname=anchor)
            sublist += nodes.list_item("", addnodes.compact_paragraph("", "", link))
        item += sublist
        return


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """The data catalogue: anchors on its entries, links from its table, entries in the page contents."""
    docname = app.env.docname
    if docname != CATALOGUE_DOCNAME:
        return
    entries = anchor_catalogue_entries(doctree)
    linked = link_catalogue_table(doctree, {name for name, _title, _section in entries})
    if not entries or linked != len(entries):
        logger.warning(
            f"{docname}: {len(entries)} dataset entries, {linked} linked from the summary table "
            "(each dataset needs both: the page's contents list)",
            location=docname,
        )
    add_catalogue_to_page_toc(app, docname, entries)


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    add_assignment_blocks(app, doctree, docname)
    add_preview_labels(app, doctree, docname)


def label_placeholder_hub_button(
    app: Sphinx,
    pagename: str,  # noqa: ARG001
    templatename: str,  # noqa: ARG001
    context: dict,
    doctree: Any,  # noqa: ARG001
) -> None:
    """While the hub is a placeholder, the theme's JupyterHub launch button says so in its text."""
    if not repository.is_placeholder_hub(hub_url(app)):
        return
    for group in context.get("header_buttons") or []:
        for button in group.get("buttons") or [] if group.get("label") == "launch-buttons" else []:
            if button.get("text") == "JupyterHub":
                button["text"] = PLACEHOLDER_BUTTON
                button["tooltip"] = f"JupyterHub: {PLACEHOLDER_NOTE}"


def readme_table(hub: str, repo_root: Path = REPO_ROOT) -> str:
    """The launch table of ``exercises/README.md``: one row per assignment, in chapter order."""
    from courseops.bundle import assignments_for

    rows = ["| chapter | assignment | Binder | Colab | JupyterHub | download |", "|---:|---|---|---|---|---|"]
    for chapter in sorted((repo_root / "book" / "chapters").glob("[0-9]*.ipynb")):
        for assignment_id in assignments_for(chapter, repo_root / "exercises"):
            path = repository.release_notebook(assignment_id)
            links = " | ".join(f"[{label}]({url})" for label, url in repository.launch_links(path, hub).items())
            number = int(chapter.name.split("_", 1)[0])
            rows.append(f"| {number} | `{assignment_id}` | {links} | [GitHub]({repository.blob_url(path)}) |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    """Print the launch table for exercises/README.md (``python bookext/launch_links.py --hub URL``)."""
    import argparse

    import yaml

    config = yaml.safe_load((REPO_ROOT / "_config.yml").read_text(encoding="utf-8"))
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--hub", default=config["launch_buttons"].get("jupyterhub_url", ""), help="JupyterHub URL")
    args = parser.parse_args(argv)
    print(readme_table(args.hub))
    return 0


def setup(app: Sphinx) -> dict[str, Any]:
    # After Sphinx's collectors (priority 500) built the page's contents (env.tocs).
    app.connect("doctree-read", on_doctree_read, priority=900)
    app.connect("doctree-resolved", on_doctree_resolved)
    # After sphinx-book-theme made its launch buttons (priority 501).
    app.connect("html-page-context", label_placeholder_hub_button, priority=550)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    raise SystemExit(main())
