"""Hostile and broken submissions against ``courseops.safegrade`` (SYNTHETIC assignment, temp course).

Every kind in tests/fixtures/hostile/synthetic.py is submitted by its own learner, next to two
honest learners, and the whole class is graded in ONE run with small limits. For each kind: the
grader finishes, the learner gets the expected score (zero or partial, never marks they did not
earn) and a reason; the honest learners are unaffected; the course folder and gradebook are intact.
"""

from __future__ import annotations

import hashlib
import os
import socket
import sqlite3
import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "hostile"))
import synthetic as S  # noqa: E402

from courseops.sandboxgrade import pipeline as safegrade  # noqa: E402
from courseops.sandboxgrade import sandbox  # noqa: E402

NO_SANDBOX = sandbox.sandbox_problem()
# CI installs bubblewrap (.ci/run): there a missing sandbox is a failure, not a skip.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(NO_SANDBOX is not None and not os.environ.get("CI"), reason=f"no sandbox: {NO_SANDBOX}"),
]

LIMITS = sandbox.Limits(
    memory_mb=512, cpu_seconds=30, processes=64, file_mb=16, disk_mb=64, wall_seconds=20, cell_timeout=4, output_kb=256
)
HONEST = ("honest_a", "honest_b")


def tree_hash(course: Path) -> dict[str, str]:
    """SHA-256 of every file the grader must not change (everything but its own outputs)."""
    skip = ("autograded", "feedback", "gradebook.db")
    return {
        str(p.relative_to(course)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(course.rglob("*"))
        if p.is_file() and p.relative_to(course).parts[0] not in skip and not p.samefile(course / "gradebook.db")
    }


class LoopbackServer:
    """A TCP server on the host's loopback that records any connection (none may arrive)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.5)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self.stop.set()
        self.thread.join(5)
        self.sock.close()


def grade_the_class(root: Path) -> dict:
    from courseops.course import add_students, open_api, place_submission

    course, release = S.build_course(root)
    server = LoopbackServer()
    ctx = S.Context(
        course=str(course),
        source_notebook=str(course / "source" / S.ASSIGNMENT / S.NOTEBOOK),
        gradebook=str(course / "gradebook.db"),
        other_submission=str(course / "submitted" / HONEST[0] / S.ASSIGNMENT / S.NOTEBOOK),
        port=server.port,
        marker="4242.4242",
    )
    submissions = {name: {S.NOTEBOOK: S.learner(release)} for name in HONEST}
    submissions |= {f"h_{h.kind}": h.make(release, ctx) for h in S.HOSTILE}
    add_students(open_api(course), submissions)
    for student, files in submissions.items():
        links = {name: link for name, link in files.items() if isinstance(link, S.Link)}
        folder = place_submission(course, S.ASSIGNMENT, student, {n: f for n, f in files.items() if n not in links})
        for name, link in links.items():
            (folder / name).unlink(missing_ok=True)
            (os.link if link.hard else os.symlink)(link.target, folder / name)
    before = tree_hash(course)
    try:
        outcomes = safegrade.grade_assignment(course, S.ASSIGNMENT, workers=2, limits=LIMITS, progress=False)
    finally:
        server.close()
    print(safegrade.summary_table(outcomes))
    return {
        "course": course,
        "ctx": ctx,
        "connections": server.connections,
        "before": before,
        "after": tree_hash(course),
        "outcomes": {o.student: o for o in outcomes},
    }


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The whole class graded once per session (shared between pytest-xdist workers)."""
    return S.shared_once(tmp_path_factory, "safegrade-hostile", grade_the_class)


@pytest.mark.parametrize("hostile", S.HOSTILE, ids=[h.kind for h in S.HOSTILE])
def test_hostile_submission_gets_the_right_score_and_reason(graded, hostile):
    outcome = graded["outcomes"][f"h_{hostile.kind}"]
    assert outcome.score == hostile.score, safegrade.summary_table([outcome])
    assert outcome.max_score in (S.MAX_AUTO, None) or hostile.score == 0
    assert outcome.status == hostile.status, safegrade.summary_table([outcome])
    if hostile.reason:
        assert hostile.reason.lower() in " ".join(outcome.reasons).lower(), outcome.reasons


def test_honest_learners_are_unaffected(graded):
    for name in HONEST:
        outcome = graded["outcomes"][name]
        assert (outcome.status, outcome.score, outcome.max_score) == ("graded", S.MAX_AUTO, S.MAX_AUTO), outcome


def test_course_folder_is_unchanged(graded):
    assert graded["after"] == graded["before"]


def test_gradebook_is_intact_and_holds_everyone(graded):
    db = graded["course"] / "gradebook.db"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    from courseops.gradebook import open_gradebook, submitted_students

    # everyone graded is there; a learner who was not graded (missing, broken or linked notebook) is not
    not_graded = {f"h_{h.kind}" for h in S.HOSTILE if h.score is None}
    with open_gradebook(graded["course"]) as gb:
        assert set(submitted_students(gb, S.ASSIGNMENT)) == set(graded["outcomes"]) - not_graded


def extra_cell_outputs(graded, kind: str) -> str:
    """The outputs of the learner's own (non-nbgrader) cell in the autograded notebook, as JSON text."""
    import json

    nb = json.loads((graded["course"] / "autograded" / f"h_{kind}" / S.ASSIGNMENT / S.NOTEBOOK).read_text())
    own = [c for c in nb["cells"] if c["cell_type"] == "code" and "nbgrader" not in c["metadata"]]
    assert len(own) == 1, kind
    return json.dumps(own[0]["outputs"])


@pytest.mark.parametrize("kind", ["read_source", "read_gradebook", "read_other_learner", "write_gradebook"])
def test_secrets_are_not_reachable_from_learner_code(graded, kind):
    outputs = extra_cell_outputs(graded, kind)
    assert "FileNotFoundError" in outputs
    for secret in (S.SECRET, "BEGIN HIDDEN TESTS", "SQLite format", "def add"):
        assert secret not in outputs


@pytest.mark.parametrize("kind", ["symlink_to_source", "hardlink_to_gradebook"])
def test_links_in_a_submission_are_not_followed(graded, kind):
    outputs = extra_cell_outputs(graded, kind)
    assert "FileNotFoundError" in outputs
    for secret in (S.SECRET, "BEGIN HIDDEN TESTS", "SQLite format", "def add"):
        assert secret not in outputs
    autograded = graded["course"] / "autograded" / f"h_{kind}" / S.ASSIGNMENT
    assert {p.name for p in autograded.iterdir()} == {S.NOTEBOOK, "timestamp.txt"}  # nothing copied through a link


def test_learner_code_sees_no_process_of_the_host(graded):
    outputs = extra_cell_outputs(graded, "read_host_processes")
    for word in ("pytest", "bwrap", "nbgrader"):  # the grader, the outer sandbox, nbgrader: all outside
        assert word not in outputs, word
    assert "1 refused" in outputs  # the namespace's init is the grader's: its environment is not readable


def test_no_network_reached_the_host(graded):
    assert graded["connections"] == 0
    assert "ConnectionRefusedError" in extra_cell_outputs(graded, "network")


def test_no_process_outlives_the_grader(graded):
    marker = graded["ctx"].marker
    survivors = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if marker in (proc / "cmdline").read_bytes().decode(errors="replace"):
                    survivors.append(proc.name)
            except OSError:
                pass
    assert survivors == []
    # and the sandbox's PID namespace took them down: nothing was left for the grader's sweep
    for outcome in graded["outcomes"].values():
        assert not any("outlived the sandbox" in r for r in outcome.reasons), outcome
