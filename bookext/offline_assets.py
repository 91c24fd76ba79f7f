"""Serve every script the book needs from the book itself, so ``_build/html`` works offline.

Jupyter Book pages load RequireJS and the ipywidgets HTML manager (for widget state saved in the
notebooks) and, on pages with maths, MathJax. By default these come from public CDNs. This
extension copies them at build time from ``node_modules/`` (installed by ``npm ci`` from the
committed ``package-lock.json``; ``make book`` and the test fixture run it) into
``_static/vendor/`` of the HTML output and points myst-nb (``nb_ipywidgets_js``) and Sphinx
(``mathjax_path``) at the local copies. Nothing is pasted into the repository by hand.

If ``node_modules`` is missing or incomplete the build stops with a message saying what to run.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[1]

#: Folder inside the HTML output's ``_static`` that receives the vendored files.
VENDOR = "npm"

# Files copied from node_modules: (package folder, glob patterns relative to it, target folder in vendor/).
ASSETS: list[tuple[str, tuple[str, ...], str]] = [
    ("requirejs", ("require.js",), "requirejs"),
    # The widget manager finds its icon fonts next to its own script (webpack public path).
    (
        "@jupyter-widgets/html-manager/dist",
        ("embed-amd.js", "*.woff2", "*.woff", "*.ttf", "*.eot", "*.svg"),
        "html-manager",
    ),
    # MathJax 3 finds its fonts, input extensions (autoload) and menu/a11y parts relative to its script.
    (
        "mathjax/es5",
        ("tex-chtml.js", "input/tex/extensions/**/*.js", "output/chtml/fonts/woff-v2/*", "ui/*.js", "a11y/*.js"),
        "mathjax",
    ),
]

#: Script URLs in the HTML output, relative to ``_static`` (Sphinx adds the ``_static/`` prefix).
REQUIRE_JS = f"{VENDOR}/requirejs/require.js"
EMBED_AMD_JS = f"{VENDOR}/html-manager/embed-amd.js"
MATHJAX_JS = f"{VENDOR}/mathjax/tex-chtml.js"

#: The AMD modules embed-amd.js defines. Each bundle finds its icon fonts next to the URL RequireJS gives
#: its module, by default relative to the page (book/chapters/@jupyter-widgets/...): map every module
#: into our copy's folder, where the fonts are.
WIDGET_MODULES = {
    "@jupyter-widgets/base": "base",
    "@jupyter-widgets/base7": "base7",
    "@jupyter-widgets/controls": "controls",
    "@jupyter-widgets/controls7": "controls7",
    "@jupyter-widgets/html-manager": "html-manager",
    "@jupyter-widgets/html-manager/dist/libembed-amd": "libembed-amd",
}
REQUIRE_CONFIG = (
    "(function () { var root = (document.documentElement.dataset.content_root || '') + "
    f"'_static/{VENDOR}/html-manager/'; require.config({{paths: {{"
    + ", ".join(f"'{module}': root + '{name}'" for module, name in WIDGET_MODULES.items())
    + "}}); })();"
)

#: The files whose absence means ``npm ci`` has not run.
REQUIRED = [
    "requirejs/require.js",
    "@jupyter-widgets/html-manager/dist/embed-amd.js",
    "mathjax/es5/tex-chtml.js",
]


def node_modules_dir(config: Config) -> Path:
    configured = config.offline_assets_node_modules
    return Path(configured) if configured else REPO / "node_modules"


def check_node_modules(node_modules: Path) -> None:
    missing = [rel for rel in REQUIRED if not (node_modules / rel).is_file()]
    if missing:
        raise ExtensionError(
            "offline_assets: the book serves its scripts itself, from npm packages that are not installed "
            f"(missing in {node_modules}: {', '.join(missing)}). "
            f"Run `npm ci --ignore-scripts` in {REPO} (`make book` does this for you), then build again."
        )


def configure(_app: Sphinx, config: Config) -> None:
    """Point myst-nb and Sphinx at the local copies (runs before myst-nb reads its config)."""
    check_node_modules(node_modules_dir(config))
    # myst-nb adds these scripts (in this order) to pages that hold saved widget state. The key is the
    # URL (relative: Sphinx prefixes _static/), the value the script tag's attributes. No
    # data-jupyter-widgets-cdn: the standard widgets are bundled in embed-amd.js, so nothing is
    # fetched from a CDN.
    # The empty key is an inline script (Sphinx writes a script tag with a body when the file name is
    # empty): the RequireJS paths for the widget modules, see REQUIRE_CONFIG.
    config.nb_ipywidgets_js = {REQUIRE_JS: {}, "": {"body": REQUIRE_CONFIG}, EMBED_AMD_JS: {}}
    config.mathjax_path = MATHJAX_JS


def copy_assets(app: Sphinx) -> None:
    """Copy the vendored files into the output before pages are written (so Sphinx can checksum them)."""
    if app.builder.format != "html":
        return
    node_modules = node_modules_dir(app.config)
    check_node_modules(node_modules)
    target_root = Path(app.outdir) / "_static" / VENDOR
    copied = 0
    for package, patterns, target in ASSETS:
        source_dir = node_modules / package
        for pattern in patterns:
            for source in sorted(source_dir.glob(pattern)):
                if not source.is_file():
                    continue
                destination = target_root / target / source.relative_to(source_dir)
                destination.parent.mkdir(parents=True, exist_ok=True)
                if not destination.exists() or destination.stat().st_mtime < source.stat().st_mtime:
                    shutil.copy2(source, destination)
                copied += 1
    logger.info(f"offline_assets: {copied} files from {node_modules} in _static/{VENDOR}/")


def _script_key(script: Any) -> tuple:
    attributes = getattr(script, "attributes", {}) or {}
    # An inline script is added once with filename None and again with "" (same body): treat them alike.
    filename = getattr(script, "filename", script) or ""
    return (str(filename), tuple(sorted((k, str(v)) for k, v in attributes.items())))


def tidy_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:  # noqa: ARG001
    """Fix two console errors of the theme stack on every page.

    - Repeated script tags: sphinx-thebe's inline ``const THEBE_JS_URL`` twice is a SyntaxError.
    - pydata-sphinx-theme writes ``dataset.mode = localStorage.getItem("mode") || "{{ default_mode }}"``;
      with no default_mode a first-time visitor gets "Got invalid theme mode". "auto" is the theme's
      own default (follow the system setting).
    """
    if not context.get("default_mode"):
        context["default_mode"] = "auto"
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple] = set()
    unique = []
    for script in scripts:
        key = _script_key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("offline_assets_node_modules", "", "env", [str])
    # After myst-nb and sphinx.ext.mathjax registered their config values; before myst-nb's
    # builder-inited reads nb_ipywidgets_js.
    app.connect("config-inited", configure, priority=900)
    app.connect("builder-inited", copy_assets)
    # Late, after myst-nb and sphinx-thebe added their per-page scripts.
    app.connect("html-page-context", tidy_page, priority=900)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
