"""Warm workers (courseops.sandboxgrade.warm): one learner's state never reaches the next learner.

SYNTHETIC assignment in a temp course. One worker (so one template) grades, in this order, a learner
who plants state everywhere a kernel can (module attributes, files in every writable folder, the
environment, IPython hooks, a background thread, a background process, an abstract socket, the
random seed, the data tables the template loaded ahead) and then two learners who look for it. The lookers must find nothing, get full marks, and
still run in kernels forked from the warm template (pandas already imported when their code starts).
The same submissions graded cold give the same scores and the same kernel surroundings.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "hostile"))
import synthetic as S  # noqa: E402

from courseops.sandboxgrade import pipeline, sandbox, warm  # noqa: E402

NO_SANDBOX = sandbox.sandbox_problem()
# CI installs bubblewrap and runs as root (.ci/run): there a missing sandbox is a failure, not a skip.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        (NO_SANDBOX is not None or not sandbox.is_root()) and not os.environ.get("CI"),
        reason=f"warm workers need root and bubblewrap: {NO_SANDBOX or 'not root'}",
    ),
]
LIMITS = sandbox.Limits(memory_mb=2048, cpu_seconds=60, processes=128, wall_seconds=60, cell_timeout=20)

PLANT = """import os, socket, subprocess, sys, threading, time
import pandas
import rightsclimate.data
pandas.PLANTED = 'PLANTED module attribute'
rightsclimate.data.PLANTED = 'PLANTED toolkit attribute'
for _identity, _table in rightsclimate.data._PRELOADED.values():  # the tables the template loaded ahead
    _table.attrs['citation'] = 'PLANTED data'
    _table.rename(columns={_table.columns[0]: 'PLANTED'}, inplace=True)
os.environ['PLANTED'] = 'PLANTED environment'
for folder in ('/tmp', '/home/learner', '/dev/shm', '.'):
    with open(os.path.join(folder, 'planted.txt'), 'w') as f:
        f.write('PLANTED file')
get_ipython().events.register('pre_run_cell', lambda *a: print('PLANTED hook'))
def _loop():
    while True:
        print('PLANTED thread', flush=True)
        time.sleep(0.2)
threading.Thread(target=_loop, name='planted', daemon=True).start()
_listener = socket.socket(socket.AF_UNIX)
_listener.bind('\\0planted')
_listener.listen()
subprocess.Popen(['sleep', '4343.4343'], start_new_session=True)
import random
random.seed(1234)
print('planted')"""

LOOK = """import time
_start = time.perf_counter()
import matplotlib.pyplot
import pandas
import rightsclimate.data
import_seconds = time.perf_counter() - _start
import glob, json, os, random, socket, sys, threading
import numpy
def _processes():
    found = []
    for pid in os.listdir('/proc'):
        if pid.isdigit():
            try:
                found.append(open(f'/proc/{pid}/cmdline').read().replace(chr(0), ' ').strip())
            except OSError:
                pass
    return sorted(found)
try:
    _s = socket.socket(socket.AF_UNIX)
    _s.connect('\\0planted')
    _socket = True
except OSError:
    _socket = False
_kept = rightsclimate.data._PRELOADED
_loaded = [rightsclimate.data.load(name) for name in sorted(_kept)]
report = {
    'import_seconds': import_seconds,
    'preloaded': sorted(_kept),
    'preloaded_tampered': any('PLANTED' in str(t.attrs) + str(list(t.columns)) for t in _loaded),
    'module_attribute': hasattr(pandas, 'PLANTED') or hasattr(rightsclimate.data, 'PLANTED'),
    'files': sorted(
        glob.glob('/tmp/**/planted*', recursive=True)
        + glob.glob('/home/learner/**/planted*', recursive=True)
        + glob.glob('/dev/shm/planted*')
    ),
    'environment': os.environ.get('PLANTED'),
    'threads': sorted(t.name for t in threading.enumerate()),
    'socket': _socket,
    'processes': _processes(),
    'random': random.random(),
    'numpy_random': float(numpy.random.rand()),
    'cwd': os.getcwd(),
    'home': os.path.expanduser('~'),
    'environment_keys': sorted(k for k in os.environ if not k.startswith('JPY_')),
    'argv0': os.path.basename(sys.argv[0]),
    'path': sys.path,
}
print('REPORT ' + json.dumps(report))"""

ORDER = ("a_planter", "b_looker", "c_looker")


def submissions(release) -> dict[str, dict[str, object]]:
    return {
        "a_planter": {S.NOTEBOOK: S.learner(release, extra=PLANT)},
        "b_looker": {S.NOTEBOOK: S.learner(release, extra=LOOK)},
        "c_looker": {S.NOTEBOOK: S.learner(release, extra=LOOK)},
    }


def report_of(course: Path, student: str) -> dict:
    nb = json.loads((course / "autograded" / student / S.ASSIGNMENT / S.NOTEBOOK).read_text())
    own = [c for c in nb["cells"] if c["cell_type"] == "code" and "nbgrader" not in c["metadata"]]
    text = "".join("".join(o.get("text", "")) for o in own[0]["outputs"] if o.get("output_type") == "stream")
    assert "PLANTED" not in json.dumps(own[0]["outputs"]), f"{student} saw planted state: {text[:2000]}"
    line = next(x for x in text.splitlines() if x.startswith("REPORT "))
    return json.loads(line.removeprefix("REPORT "))


def grade_warm_and_cold(root: Path) -> dict:
    import shutil

    from courseops.course import add_students, open_api, place_submission

    course, release = S.build_course(root / "warm")
    add_students(open_api(course), submissions(release))
    for student, files in submissions(release).items():
        place_submission(course, S.ASSIGNMENT, student, files)
    cold = root / "cold"
    shutil.copytree(course, cold)
    warm.POOL.close()  # start from no template: all three go through one new template
    outcomes = pipeline.grade_assignment(
        course, S.ASSIGNMENT, students=list(ORDER), workers=1, limits=LIMITS, progress=False
    )
    templates = warm.pool_info()
    cold_outcomes = pipeline.grade_assignment(
        cold, S.ASSIGNMENT, students=list(ORDER), workers=1, limits=LIMITS, progress=False, warm=False
    )
    return {
        "warm": course,
        "cold": cold,
        "outcomes": {o.student: o for o in outcomes},
        "cold_outcomes": {o.student: o for o in cold_outcomes},
        "templates": templates,
    }


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    return S.shared_once(tmp_path_factory, "safegrade-warm", grade_warm_and_cold)


def test_one_template_graded_every_learner(graded):
    assert len(graded["templates"]) == 1
    assert graded["templates"][0]["jobs"] == len(ORDER)


def test_lookers_run_in_warm_kernels(graded):
    # pandas, matplotlib and the toolkit are already imported in a warm kernel: importing them is a lookup
    for student in ("b_looker", "c_looker"):
        warm_seconds = report_of(graded["warm"], student)["import_seconds"]
        cold_seconds = report_of(graded["cold"], student)["import_seconds"]
        assert warm_seconds < 0.05 and cold_seconds > 10 * warm_seconds, (warm_seconds, cold_seconds)


@pytest.mark.parametrize("student", ["b_looker", "c_looker"])
def test_the_next_learner_sees_nothing_of_the_planter(graded, student):
    report = report_of(graded["warm"], student)
    assert not report["module_attribute"]
    assert report["files"] == []
    assert report["environment"] is None
    # an IPython hook or a thread left by the planter would print PLANTED here: report_of checks the outputs
    assert "planted" not in report["threads"]
    assert not report["socket"]
    assert not any("4343" in p for p in report["processes"])
    # the tables the template loaded ahead reach every kernel as they were checked, whatever the planter did
    assert report["preloaded"] and not report["preloaded_tampered"]
    assert graded["outcomes"][student].score == S.MAX_AUTO and graded["outcomes"][student].status == "graded"


def test_each_kernel_gets_its_own_random_seed(graded):
    b, c = (report_of(graded["warm"], s) for s in ("b_looker", "c_looker"))
    assert b["random"] != c["random"] and b["numpy_random"] != c["numpy_random"]


def test_warm_kernel_has_the_surroundings_of_a_cold_one(graded):
    for student in ("b_looker", "c_looker"):
        warm_report, cold_report = report_of(graded["warm"], student), report_of(graded["cold"], student)
        for key in ("cwd", "home", "environment_keys", "argv0", "path"):
            assert warm_report[key] == cold_report[key], key
        assert cold_report["preloaded"] == []  # a cold kernel reads and checks the files itself
        # the same threads (IPython's, the parent poller, the output watchers); only the counter in the
        # names of unnamed threads differs, as the forked kernel continues the runner's count
        assert unnumbered(warm_report["threads"]) == unnumbered(cold_report["threads"])


def unnumbered(names: list[str]) -> list[str]:
    return sorted(re.sub(r"Thread-\d+", "Thread-N", name) for name in names)


def test_warm_and_cold_give_the_same_scores(graded):
    warm_scores = {s: (o.score, o.status) for s, o in graded["outcomes"].items()}
    cold_scores = {s: (o.score, o.status) for s, o in graded["cold_outcomes"].items()}
    assert warm_scores == cold_scores
    assert graded["outcomes"]["a_planter"].status == "flagged"  # get_ipython().events: reported for review


def test_no_process_of_a_learner_is_left(graded):
    for template in graded["templates"]:
        for uid in template["uids"]:
            assert sandbox.processes_of_uid(uid) == []
    assert not any(
        "4343.4343" in (p / "cmdline").read_bytes().decode(errors="replace")
        for p in Path("/proc").iterdir()
        if p.name.isdigit() and (p / "cmdline").exists()
    )


# --- Learners graded at the same time, in the same template -------------------------------------
# One template grades several submissions at once (one per grading thread). The planter keeps its
# kernel, thread, process and socket alive while two lookers run beside it; each submission has its
# own namespaces and its own uid, so the lookers must see none of it, even while it is still there.

PLANT_AND_STAY = PLANT + "\nimport time\nprint('WINDOW', time.time(), flush=True)\ntime.sleep(6)\nprint('WINDOW', time.time())"
LOOK_BESIDE = "import os, time\ntime.sleep(2)\nprint('WINDOW', time.time(), flush=True)\nprint('UID', os.getuid())\n" + LOOK
BESIDE = ("d_planter", "e_looker", "f_looker")


def grade_side_by_side(root: Path) -> dict:
    from courseops.course import add_students, open_api, place_submission

    course, release = S.build_course(root / "beside")
    files = {
        "d_planter": {S.NOTEBOOK: S.learner(release, extra=PLANT_AND_STAY)},
        "e_looker": {S.NOTEBOOK: S.learner(release, extra=LOOK_BESIDE)},
        "f_looker": {S.NOTEBOOK: S.learner(release, extra=LOOK_BESIDE)},
    }
    add_students(open_api(course), files)
    for student, notebooks in files.items():
        place_submission(course, S.ASSIGNMENT, student, notebooks)
    warm.POOL.close()
    outcomes = pipeline.grade_assignment(
        course, S.ASSIGNMENT, students=list(BESIDE), workers=3, limits=LIMITS, progress=False
    )
    return {"course": course, "outcomes": {o.student: o for o in outcomes}, "templates": warm.pool_info()}


@pytest.fixture(scope="module")
def side_by_side(tmp_path_factory):
    return S.shared_once(tmp_path_factory, "safegrade-warm-beside", grade_side_by_side)


def printed(course: Path, student: str, label: str) -> list[str]:
    nb = json.loads((course / "autograded" / student / S.ASSIGNMENT / S.NOTEBOOK).read_text())
    own = [c for c in nb["cells"] if c["cell_type"] == "code" and "nbgrader" not in c["metadata"]]
    text = "".join("".join(o.get("text", "")) for o in own[0]["outputs"] if o.get("output_type") == "stream")
    return [line.split()[1] for line in text.splitlines() if line.startswith(label + " ")]


def test_one_template_grades_learners_side_by_side(side_by_side):
    course = side_by_side["course"]
    planted_from, planted_to = (float(t) for t in printed(course, "d_planter", "WINDOW"))
    for student in ("e_looker", "f_looker"):
        (looked_at,) = (float(t) for t in printed(course, student, "WINDOW"))
        assert planted_from < looked_at < planted_to  # the planter's kernel was alive while this one looked
    (template,) = side_by_side["templates"]
    assert template["jobs"] == len(BESIDE) and len(template["uids"]) == len(BESIDE)
    uids = {int(printed(course, s, "UID")[0]) for s in ("e_looker", "f_looker")}
    assert len(uids) == 2 and uids <= set(template["uids"])  # never two running learners on one uid


@pytest.mark.parametrize("student", ["e_looker", "f_looker"])
def test_a_learner_beside_sees_nothing_of_the_planter(side_by_side, student):
    report = report_of(side_by_side["course"], student)
    assert not report["module_attribute"] and report["files"] == [] and report["environment"] is None
    assert "planted" not in report["threads"] and not report["socket"]
    assert not any("4343" in p for p in report["processes"])
    assert report["preloaded"] and not report["preloaded_tampered"]
    outcome = side_by_side["outcomes"][student]
    assert outcome.score == S.MAX_AUTO and outcome.status == "graded"


def test_a_template_that_ends_mid_grading_loses_no_learner(tmp_path):
    """If the shared template dies while it grades several learners (say the machine's out-of-memory
    killer picks it), every one of them is graded again on the cold path: nobody gets a worker error."""
    import signal
    import threading
    import time

    from courseops.course import add_students, open_api, place_submission

    course, release = S.build_course(tmp_path / "ends")
    files = {f"g_learner{n}": {S.NOTEBOOK: S.learner(release, extra="import time\ntime.sleep(3)")} for n in (1, 2)}
    add_students(open_api(course), files)
    for student, notebooks in files.items():
        place_submission(course, S.ASSIGNMENT, student, notebooks)
    warm.POOL.close()
    killed = []

    def kill_the_template_while_it_grades():
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not killed:
            for template in list(warm.POOL.every):
                if len(template.waiting) == len(files):  # both learners are running in it
                    time.sleep(0.5)
                    os.killpg(template.pid, signal.SIGKILL)
                    killed.append(template.pid)
            time.sleep(0.05)

    killer = threading.Thread(target=kill_the_template_while_it_grades, daemon=True)
    killer.start()
    outcomes = pipeline.grade_assignment(course, S.ASSIGNMENT, workers=2, limits=LIMITS, progress=False)
    killer.join()
    assert killed, "the template was never seen grading both learners"
    assert {(o.student, o.status, o.score) for o in outcomes} == {(s, "graded", S.MAX_AUTO) for s in files}, [
        (o.student, o.reasons) for o in outcomes
    ]
    assert all(t["pid"] not in killed for t in warm.pool_info())
