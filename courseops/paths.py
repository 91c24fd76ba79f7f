"""Where the course lives, how nbgrader configures it, and which assignments it has.

This is the bottom layer of ``courseops``: it imports nothing else from the package.

A course is found the way nbgrader finds it: the folder holding ``nbgrader_config.py``, here searched
from the current folder upwards (so a command also works from a subfolder of the course). There is no
fallback to this repository's ``exercises/``: a tool run outside any course stops with
:class:`CourseNotFound`. Settings are read as nbgrader resolves them (defaults filled in), never as raw
config values, which are ``LazyConfigValue`` objects when a course leaves them unset.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
# This repository's own course. Tests and maintainer tools name it explicitly; course tools never
# fall back to it (they use find_course_dir).
COURSE_DIR = REPO_ROOT / "exercises"
CONFIG_FILE_NAME = "nbgrader_config.py"


class CourseNotFound(FileNotFoundError):
    """No ``nbgrader_config.py`` in the folder a tool was started from, nor in any folder above it."""


@dataclass(frozen=True)
class CourseSettings:
    """The values nbgrader resolves for a course: plain strings, defaults filled in."""

    course_id: str
    db_url: str
    root: Path


def find_course_dir(start: Path | None = None) -> Path:
    """The folder holding ``nbgrader_config.py``: ``start`` (default: the current folder) or a parent.

    Raises :class:`CourseNotFound`, saying where it looked and what to do, when there is none.
    """
    start = Path.cwd() if start is None else Path(start)
    start = start.resolve()
    if start.is_file():
        start = start.parent
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE_NAME).is_file():
            return folder
    hint = ""
    if start == REPO_ROOT or REPO_ROOT in start.parents:
        hint = f" This repository's course is {COURSE_DIR}: `cd {COURSE_DIR.name}` first, or add --course-dir {COURSE_DIR}."
    raise CourseNotFound(
        f"No nbgrader course found: there is no {CONFIG_FILE_NAME} in {start} or in any folder above it. "
        f"Run the command from your course folder (the one holding {CONFIG_FILE_NAME}) or a folder inside it, "
        f"or pass --course-dir PATH. To start a new course: `nbgrader quickstart COURSE_ID`.{hint}"
    )


def course_dir_or_exit(course_dir: Path | None) -> Path:
    """``course_dir`` if given (it must hold nbgrader_config.py), else :func:`find_course_dir`.

    For command-line tools: any failure becomes ``SystemExit(2)`` with the message (a usage error).
    """
    import sys

    try:
        if course_dir is None:
            return find_course_dir()
        course_dir = Path(course_dir).resolve()
        if not (course_dir / CONFIG_FILE_NAME).is_file():
            raise CourseNotFound(
                f"{course_dir} is not an nbgrader course: it has no {CONFIG_FILE_NAME}. "
                "Pass the folder that holds it (or run `nbgrader quickstart COURSE_ID` to make one)."
            )
        return course_dir
    except CourseNotFound as err:
        print(f"error: {err}", file=sys.stderr)
        raise SystemExit(2) from None


def resolved_config(course_dir: Path):
    """The traitlets ``Config`` nbgrader would use when run in ``course_dir``.

    Like nbgrader: the ``nbgrader_config.py`` files in Jupyter's config path (lowest priority first),
    then the course's own file. ``CourseDirectory.root`` is set to the course folder unless the file sets
    it (nbgrader's default is the folder it is run from, which for a course is that folder). A relative
    header or footer notebook (``IncludeHeaderFooter``) is made absolute against the root, as nbgrader
    documents it ("relative to the root of the course directory"), so it is found from any folder.
    """
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    course_dir = Path(course_dir).resolve()
    config = Config()
    for folder in [*reversed(jupyter_config_path()), str(course_dir)]:
        if (Path(folder) / CONFIG_FILE_NAME).is_file():
            config.merge(PyFileConfigLoader(CONFIG_FILE_NAME, path=folder).load_config())
    # `in` before reading: reading an unset value of a Config creates a LazyConfigValue.
    if "CourseDirectory" not in config or "root" not in config.CourseDirectory:
        config.CourseDirectory.root = str(course_dir)
    root = Path(config.CourseDirectory.root)
    if "IncludeHeaderFooter" in config:
        for key in ("header", "footer"):
            value = config.IncludeHeaderFooter.get(key, "")
            if value and not Path(value).is_absolute():
                config.IncludeHeaderFooter[key] = str(root / value)
    return config


def course_settings(course_dir: Path) -> CourseSettings:
    """course_id, db_url and root exactly as nbgrader's ``CourseDirectory`` resolves them."""
    from nbgrader.coursedir import CourseDirectory

    resolved = CourseDirectory(config=resolved_config(course_dir))
    return CourseSettings(course_id=str(resolved.course_id), db_url=str(resolved.db_url), root=Path(resolved.root))


def source_dir(course_dir: Path) -> Path:
    """The instructor versions: ``<course>/source``."""
    return Path(course_dir) / "source"


def release_dir(course_dir: Path) -> Path:
    """The learner versions generated by nbgrader: ``<course>/release``."""
    return Path(course_dir) / "release"


def gradebook_url(course_dir: Path) -> str:
    """SQLAlchemy URL of the course gradebook, as nbgrader resolves it (default ``<root>/gradebook.db``)."""
    return course_settings(course_dir).db_url


def config_file(course_dir: Path) -> Path:
    """The course's nbgrader_config.py; a bare folder of sources (a test fixture) borrows this repository's."""
    own = Path(course_dir) / CONFIG_FILE_NAME
    return own if own.exists() else COURSE_DIR / CONFIG_FILE_NAME


def notebooks_in(folder: Path) -> list[Path]:
    """Notebooks directly inside ``folder`` (nbgrader grades top-level notebooks only), sorted by name."""
    return sorted(p for p in Path(folder).glob("*.ipynb") if p.is_file())


def assignment_ids(course_dir: Path = COURSE_DIR) -> list[str]:
    """Every assignment in ``<course>/source``: a folder holding at least one notebook."""
    root = source_dir(course_dir)
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith(".") and notebooks_in(p))
