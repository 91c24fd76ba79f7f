"""``courseops.sandboxgrade`` behind any ``concurrent.futures.Executor``: threads, processes, Dask.

SYNTHETIC assignment in a temp course. The executor only runs sandboxes; the parent stays the one
gradebook writer whichever executor is used, so the scores are the same.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
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
LIMITS = sandbox.Limits(memory_mb=1024, cpu_seconds=60, processes=128, wall_seconds=60, cell_timeout=20)
EXPECTED = {"full": 5.0, "wrong_double": 2.0, "untouched": 0.0, "timeout": 3.0}


def make_course(root: Path) -> Path:
    from courseops.course import add_students, open_api, place_submission

    course, release = S.build_course(root)
    submissions = {
        "full": S.learner(release),
        "wrong_double": S.learner(release, double=S.WRONG_DOUBLE),
        "untouched": release,
        "timeout": S.learner(release, add="import time\ntime.sleep(600)"),
    }
    add_students(open_api(course), submissions)
    for student, nb in submissions.items():
        place_submission(course, S.ASSIGNMENT, student, {S.NOTEBOOK: nb})
    return course


def scores(outcomes) -> dict[str, float]:
    return {o.student: o.score for o in outcomes}


def test_grades_with_a_process_pool(tmp_path):
    course = make_course(tmp_path)
    limits = sandbox.Limits(**{**LIMITS.__dict__, "cell_timeout": 5})
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        outcomes = safegrade.grade_assignment(course, S.ASSIGNMENT, executor=pool, limits=limits, progress=False)
    assert scores(outcomes) == EXPECTED
    assert {o.student: o.status for o in outcomes}["timeout"] == "timed out"


def distributed_or_skip():
    try:
        import distributed
    except ImportError:
        if os.environ.get("CI"):
            raise  # CI must have it (requirements.txt)
        pytest.skip("distributed is not installed")
    return distributed


def test_grades_on_a_dask_cluster(tmp_path):
    distributed = distributed_or_skip()
    course = make_course(tmp_path)
    limits = sandbox.Limits(**{**LIMITS.__dict__, "cell_timeout": 5})
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    try:
        with distributed.Client(cluster) as client:
            outcomes = safegrade.grade_assignment(
                course, S.ASSIGNMENT, executor=client.get_executor(), limits=limits, progress=False
            )
            ran_on = client.run(os.getpid)
            templates = client.run(lambda: __import__("courseops.sandboxgrade.warm").sandboxgrade.warm.pool_info())
    finally:
        cluster.close()
    assert scores(outcomes) == EXPECTED
    assert len(ran_on) == 2
    if sandbox.is_root():  # warm workers: one template per Dask worker (one thread each), kept between learners
        per_worker = list(templates.values())
        assert all(len(t) <= 1 for t in per_worker), templates
        jobs = [t[0]["jobs"] for t in per_worker if t]
        assert sum(jobs) == len(EXPECTED) and max(jobs) >= 2, templates


def test_summary_table_lists_every_learner_with_a_reason():
    table = safegrade.summary_table(
        [
            safegrade.Outcome("a", "graded", [], 5, 5, 1.0),
            safegrade.Outcome("b", "timed out", ["x.ipynb: a cell ran past the per-cell timeout"], 3, 5, 9.0),
            safegrade.Outcome("c", "failed", ["x.ipynb is missing"], 0, 5, 0.1),
        ]
    )
    lines = table.splitlines()
    assert lines[0].split() == ["learner", "status", "score", "seconds", "reason"]
    assert "timed out" in lines[2] and "per-cell timeout" in lines[2]
    assert lines[-1] == "1 failed, 1 timed out, 1 graded"
