"""The ``courseops`` command: subcommands, course discovery, sandbox choice and exit codes.

Fast tests: the subcommands' own ``main`` functions are replaced by a recorder where only the
dispatch is under test (the real runs are in test_quickstart_course.py and test_bad_submissions.py).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from courseops import cli
from courseops.paths import CourseNotFound, course_settings, find_course_dir, resolved_config

COURSE_SUBCOMMANDS = [name for name, sub in cli.SUBCOMMANDS.items() if sub.needs_course]


@pytest.fixture
def course(tmp_path):
    """A course as ``nbgrader quickstart`` configures it: only course_id and a relative header are set."""
    root = tmp_path / "course"
    (root / "source" / "ps1").mkdir(parents=True)
    (root / "nbgrader_config.py").write_text(
        'c = get_config()  # noqa\nc.CourseDirectory.course_id = "course101"\n'
        'c.IncludeHeaderFooter.header = "source/header.ipynb"\n',
        encoding="utf-8",
    )
    return root


@pytest.fixture
def recorder(monkeypatch):
    """Replace every subcommand's main: record (module, argv) and return the exit code set in ``code``."""
    calls = []
    state = {"code": 0}

    def fake_load_main(module_name, _command):
        def fake_main(argv):
            calls.append((module_name, list(argv)))
            return state["code"]

        return fake_main

    monkeypatch.setattr(cli, "load_main", fake_load_main)
    return calls, state


# ---------------------------------------------------------------------------------- course discovery


def test_the_course_is_found_from_its_folder_and_any_subfolder(course):
    assert find_course_dir(course) == course.resolve()
    assert find_course_dir(course / "source" / "ps1") == course.resolve()


def test_no_course_is_an_error_that_says_where_it_looked_and_what_to_do(tmp_path):
    with pytest.raises(CourseNotFound) as err:
        find_course_dir(tmp_path)
    message = str(err.value)
    assert str(tmp_path) in message and "nbgrader_config.py" in message and "--course-dir" in message
    assert isinstance(err.value, FileNotFoundError)


def test_settings_are_nbgrader_s_resolved_values_not_lazy_config(course):
    """The crash of issue 17: db_url left unset was read as a LazyConfigValue."""
    settings = course_settings(course)
    assert settings.course_id == "course101"
    assert settings.db_url == f"sqlite:///{course.resolve()}/gradebook.db"  # nbgrader's default place
    assert settings.root == course.resolve()
    assert all(isinstance(v, str) for v in (settings.course_id, settings.db_url))
    # the header is relative to the course root (nbgrader's own help says so), whatever the current folder
    assert resolved_config(course).IncludeHeaderFooter.header == str(course.resolve() / "source" / "header.ipynb")


def test_a_course_that_sets_db_url_keeps_it(course):
    config = course / "nbgrader_config.py"
    config.write_text(config.read_text() + 'c.CourseDirectory.db_url = "sqlite:////elsewhere/grades.db"\n')
    assert course_settings(course).db_url == "sqlite:////elsewhere/grades.db"


# ---------------------------------------------------------------------------------- dispatch


@pytest.mark.parametrize("command", COURSE_SUBCOMMANDS)
@pytest.mark.parametrize("where", [".", "source/ps1"])
def test_every_course_subcommand_gets_the_course_found_from_here(course, recorder, monkeypatch, command, where):
    calls, _ = recorder
    monkeypatch.setattr(cli, "sandbox_problem", lambda: None)
    monkeypatch.chdir(course / where)
    args = ["import", "hand.csv"] if command == "scores" else ["ps1"]
    assert cli.main([command, *args]) == 0
    ((module, argv),) = calls
    assert argv[-2:] == ["--course-dir", str(course.resolve())]


@pytest.mark.parametrize("command", COURSE_SUBCOMMANDS)
def test_outside_a_course_every_course_subcommand_is_a_usage_error(tmp_path, recorder, monkeypatch, capsys, command):
    calls, _ = recorder
    monkeypatch.chdir(tmp_path)
    args = ["export"] if command == "scores" else ["ps1"]
    with pytest.raises(SystemExit) as stop:
        cli.main([command, *args])
    assert stop.value.code == 2
    assert "No nbgrader course found" in capsys.readouterr().err
    assert calls == []  # never run against some other course


def test_an_explicit_course_dir_is_used_as_given_and_must_be_a_course(course, tmp_path, recorder, monkeypatch, capsys):
    calls, _ = recorder
    monkeypatch.chdir(tmp_path)
    assert cli.main(["report", "--course-dir", str(course)]) == 0
    assert calls == [("courseops.report", ["--course-dir", str(course)])]
    with pytest.raises(SystemExit) as stop:
        cli.main(["report", "--course-dir", str(tmp_path)])
    assert stop.value.code == 2 and "is not an nbgrader course" in capsys.readouterr().err


def test_subcommands_go_to_their_modules(course, recorder, monkeypatch):
    calls, _ = recorder
    monkeypatch.chdir(course)
    monkeypatch.setattr(cli, "sandbox_problem", lambda: None)
    for argv in (["release"], ["grade", "ps1"], ["grade", "--no-sandbox", "ps1"], ["feedback", "ps1"],
                 ["scores", "import", "x.csv"], ["scores", "export"], ["report"], ["check"], ["leakguard"],
                 ["personalise", "ps1"], ["bundle", "3"]):  # fmt: skip
        cli.main(argv)
    modules = [module for module, _ in calls]
    assert modules == [
        "courseops.release",
        "courseops.sandboxgrade",
        "courseops.grade",
        "courseops.feedback",
        "courseops.handgrade",
        "courseops.handgrade",
        "courseops.report",
        "courseops.gradecheck",
        "courseops.leakguard",
        "courseops.personalise",
        "courseops.bundle",
    ]
    assert calls[2][1][0] == "ps1" and "--no-sandbox" not in calls[2][1]  # the plain grader never sees the flag
    assert calls[4][1][:2] == ["import", "x.csv"] and calls[5][1][0] == "export"  # scores verbs: its module
    assert calls[-1][1] == ["3"]  # bundle works on the repository, not on a course


def test_without_a_sandbox_grade_stops_and_names_the_flag(course, recorder, monkeypatch, capsys):
    calls, _ = recorder
    monkeypatch.chdir(course)
    monkeypatch.setattr(cli, "sandbox_problem", lambda: "bubblewrap is not installed")
    assert cli.main(["grade", "ps1"]) == 2
    err = capsys.readouterr().err
    assert "bubblewrap is not installed" in err and "courseops grade --no-sandbox ps1" in err
    assert calls == []


@pytest.mark.parametrize("code", [0, 1])
def test_the_subcommand_s_exit_code_is_the_command_s(course, recorder, monkeypatch, code):
    calls, state = recorder
    state["code"] = code
    monkeypatch.chdir(course)
    assert cli.main(["grade", "--no-sandbox", "ps1"]) == code


def test_unknown_subcommand_and_no_subcommand_are_usage_errors(capsys):
    assert cli.main(["gradee"]) == 2
    assert "unknown subcommand 'gradee'" in capsys.readouterr().err
    assert cli.main([]) == 2


def test_a_missing_module_is_reported_and_a_broken_one_is_not_hidden(tmp_path, monkeypatch, capsys):
    assert cli.load_main("courseops.not_written_yet", "future") is None
    assert "courseops future: not available" in capsys.readouterr().err
    (tmp_path / "broken_subcommand.py").write_text("import a_package_nobody_installed\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError, match="a_package_nobody_installed"):
        cli.load_main("broken_subcommand", "broken")


# ---------------------------------------------------------------------------------- real modules


@pytest.mark.parametrize("command", [*cli.SUBCOMMANDS, "scores import", "scores export"])
def test_every_subcommand_has_help(command, capsys):
    assert cli.main([*command.split(), "--help"]) == 0
    out = capsys.readouterr().out
    assert "usage:" in out and ("courseops " + command.split()[0]) in out


def test_top_level_help_lists_every_subcommand(capsys):
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert all(f"  {name} " in out for name in cli.SUBCOMMANDS)


def test_console_script_and_module_entry_point():
    script = Path(sys.executable).parent / "courseops"
    assert script.exists(), "the courseops console script is not installed: pip install -e ."
    for argv in ([str(script), "--help"], [sys.executable, "-m", "courseops", "--help"]):
        result = subprocess.run(argv, capture_output=True, text=True, check=False)
        assert result.returncode == 0 and "release" in result.stdout and "leakguard" in result.stdout, result.stderr


def test_real_report_outside_a_course_exits_2_without_a_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "courseops", "report"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "No nbgrader course found" in result.stderr and "Traceback" not in result.stderr


def test_grading_a_course_without_a_gradebook_stops_and_creates_none(course, capsys):
    """Issue 17: a course tool left an empty gradebook behind; now it says what to run and writes nothing."""
    import nbgrader

    from courseops import grade

    release = course / "release" / "ps1"
    release.mkdir(parents=True)
    fixture = Path(nbgrader.__file__).parent / "tests" / "apps" / "files" / "submitted-unchanged.ipynb"
    (release / "p1.ipynb").write_bytes(fixture.read_bytes())
    assert grade.main(["ps1", "--course-dir", str(course)]) == 2
    assert "no gradebook yet" in capsys.readouterr().err
    assert not (course / "gradebook.db").exists()
