"""``courseops``: one command for running the course, from the course folder.

Usage: ``courseops SUBCOMMAND [options]`` (also ``python -m courseops SUBCOMMAND``); ``courseops
SUBCOMMAND --help`` for each. The course is the folder holding ``nbgrader_config.py``: the current
folder or one above it, as with nbgrader (``--course-dir PATH`` names it). Outside a course every
course subcommand stops with exit status 2; there is no fallback to another course.

Exit status, the same for every subcommand: 0 when everything was done (every submission graded),
1 when something could not be done (the printed table says which learner and why), 2 for a usage
error (no course found, unknown assignment or option).

Each subcommand is a module with ``main(argv) -> int``, imported only when it runs, so a missing
optional part (or one that is still being written) does not break the others.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from pathlib import Path

from courseops.paths import course_dir_or_exit

PROG = "courseops"
NO_SANDBOX = "--no-sandbox"


@dataclass(frozen=True)
class Subcommand:
    """A subcommand: the module whose ``main`` runs it and whether it works on a course folder."""

    module: str
    summary: str
    needs_course: bool = True


SUBCOMMANDS: dict[str, Subcommand] = {
    "release": Subcommand("courseops.release", "generate the learner versions in release/ from source/"),
    "grade": Subcommand(
        "courseops.sandboxgrade",
        f"pre-check and autograde submissions, sandboxed ({NO_SANDBOX}: plain nbgrader, trusted code only)",
    ),
    "feedback": Subcommand("courseops.feedback", "write learners' feedback without the hidden tests' code"),
    "scores": Subcommand(
        "courseops.handgrade", "scores import FILE.csv: hand-graded scores and comments; scores export: LMS grades"
    ),
    "report": Subcommand("courseops.report", "HTML report of scores per question and per learning objective"),
    "check": Subcommand("courseops.gradecheck", "grading check of assignments in a scratch copy of the course"),
    "leakguard": Subcommand("courseops.leakguard", "check that no solution or hidden test reached learners"),
    "bundle": Subcommand("courseops.bundle", "zip a chapter with its assignment and data, for reuse", False),
    "personalise": Subcommand("courseops.personalise", "give each learner their own place in an assignment"),
}


def usage() -> str:
    width = max(len(name) for name in SUBCOMMANDS)
    lines = [
        f"usage: {PROG} SUBCOMMAND [options]    ({PROG} SUBCOMMAND --help for its options)",
        "",
        "One command for running the course: release, grade, feedback, scores, report and checks.",
        "",
        "subcommands:",
        *(f"  {name.ljust(width)}  {sub.summary}" for name, sub in SUBCOMMANDS.items()),
        "",
        "The course is the folder holding nbgrader_config.py: the current folder or one above it",
        "(--course-dir PATH to name it). Exit status: 0 all done, 1 something (a submission) could",
        "not be done, the table says which and why; 2 usage error (no course, unknown assignment).",
    ]
    return "\n".join(lines)


def load_main(module_name: str, command: str):
    """``module_name.main``, or None (after saying so) when that module is not installed."""
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as err:
        if err.name is None or not (module_name == err.name or module_name.startswith(err.name + ".")):
            raise  # the module exists but something it imports is missing: show the real error
        print(
            f"{PROG} {command}: not available in this installation (the module {module_name} is missing). "
            "Update the course repository, or see the instructor guide for the nbgrader command to use.",
            file=sys.stderr,
        )
        return None
    return module.main


def wants_help(args: list[str]) -> bool:
    return any(a in ("-h", "--help") for a in args)


def option_value(args: list[str], option: str) -> str | None:
    """The value of ``--option VALUE`` or ``--option=VALUE`` in ``args`` (None when absent)."""
    for i, arg in enumerate(args):
        if arg == option and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(option + "="):
            return arg.split("=", 1)[1]
    return None


def with_course_dir(args: list[str]) -> list[str]:
    """``args`` naming the course explicitly: found from here (exit 2 when there is none) or as given."""
    given = option_value(args, "--course-dir")
    course_dir = course_dir_or_exit(Path(given) if given else None)
    if given:
        return args
    return [*args, "--course-dir", str(course_dir)]


def sandbox_problem() -> str | None:
    """Why learner code cannot be sandboxed on this machine (None when it can)."""
    for name in ("courseops.sandboxgrade.sandbox", "courseops.sandbox"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        return module.sandbox_problem()
    return "the sandboxed grader is not installed (courseops.sandboxgrade is missing)"


def grade_target(args: list[str]) -> tuple[str, list[str]] | None:
    """(module, argv) for ``courseops grade``; None (after explaining) when no sandbox is possible."""
    if NO_SANDBOX in args:
        return "courseops.grade", [a for a in args if a != NO_SANDBOX]
    if wants_help(args):
        print(f"{PROG} grade runs learner code in a sandbox; {PROG} grade {NO_SANDBOX} ASSIGNMENT runs plain nbgrader.")
        return "courseops.sandboxgrade", args
    problem = sandbox_problem()
    if problem is None:
        return "courseops.sandboxgrade", args
    print(
        f"{PROG} grade: no sandbox on this machine: {problem}.\n"
        "Learner code would run with your rights and could read or change your files.\n"
        f"If you trust every submission (for example your own test submissions), grade without a sandbox:\n"
        f"  {PROG} grade {NO_SANDBOX} {' '.join(args)}",
        file=sys.stderr,
    )
    return None


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(usage())
        return 0 if args else 2
    command, rest = args[0], args[1:]
    if command not in SUBCOMMANDS:
        print(f"{PROG}: unknown subcommand {command!r}\n\n{usage()}", file=sys.stderr)
        return 2
    module_name = SUBCOMMANDS[command].module
    if SUBCOMMANDS[command].needs_course and not wants_help(rest):
        rest = with_course_dir(rest)
    if command == "grade":
        target = grade_target(rest)
        if target is None:
            return 2
        module_name, rest = target
    run = load_main(module_name, command)
    if run is None:
        return 2
    program = sys.argv[0]
    sys.argv[0] = f"{PROG} {command}"  # argparse names the program after it in usage and errors
    try:
        return int(run(rest) or 0)
    except SystemExit as stop:  # argparse's usage errors and --help
        if isinstance(stop.code, str):
            print(stop.code, file=sys.stderr)
            return 2
        return 0 if stop.code is None else int(stop.code)
    finally:
        sys.argv[0] = program


if __name__ == "__main__":
    raise SystemExit(main())
