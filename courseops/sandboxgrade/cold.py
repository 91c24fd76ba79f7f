"""The cold path: a new bubblewrap sandbox, a new Python and a new kernel for every submission.

``execute_submission`` (and the warm path in :mod:`courseops.sandboxgrade.warm`) take and return only
picklable values, so any ``concurrent.futures.Executor``, including Dask's, can run them.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from courseops.sandboxgrade import sandbox

RUNNER = Path(__file__).with_name("runner.py")
RUNNER_IN_SANDBOX = "/opt/safegrade/runner.py"
SUBMISSION_IN_SANDBOX = "/submission"


def kernel_env(student: str | None = None) -> dict[str, str]:
    """The environment inside the sandbox: nothing of the instructor's, one thread per library.

    With ``student``, also the learner's id (``RIGHTSCLIMATE_LEARNER_ID``): the sandbox's working folder
    does not name the learner, and a personalised assignment's hidden tests need it
    (:mod:`rightsclimate.personal`).
    """
    bin_dir = str(Path(sys.executable).parent)
    learner = {"RIGHTSCLIMATE_LEARNER_ID": student} if student else {}
    return learner | {
        "PATH": f"{bin_dir}:/usr/local/bin:/usr/bin:/bin",
        "HOME": sandbox.SANDBOX_HOME,
        "LANG": "C.UTF-8",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": f"{sandbox.SANDBOX_HOME}/.config/matplotlib",
        "PYTHONDONTWRITEBYTECODE": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "MALLOC_ARENA_MAX": "2",  # glibc reserves 64 MB of address space per thread otherwise (RLIMIT_AS)
        "NBGRADER_EXECUTION": "autograde",
    }


def execute_submission(task: dict) -> dict:
    """Run the runner on one prepared folder (in the sandbox unless ``task['sandbox']`` is False)."""
    limits = sandbox.Limits(**task["limits"])
    wall = limits.wall_seconds * max(1, len(task["notebooks"])) + 60
    with sandbox.WorkerSlot() as slot:
        uid = slot.uid if sandbox.is_root() else None
        job = {
            "notebooks": task["notebooks"],
            "cell_timeout": limits.cell_timeout,
            "wall_seconds": limits.wall_seconds,
            "output_bytes": limits.output_kb * 1024,
            "execute": task["execute"],
        }
        scratch = None
        if task["sandbox"]:
            job |= {"input": SUBMISSION_IN_SANDBOX, "workdir": f"{sandbox.SANDBOX_HOME}/{task['assignment']}"}
            read_only = {task["folder"]: SUBMISSION_IN_SANDBOX, str(RUNNER): RUNNER_IN_SANDBOX}
            argv = sandbox.bwrap_argv(
                [sys.executable, RUNNER_IN_SANDBOX], read_only, limits, uid, kernel_env(task.get("student"))
            )
            run_uid = uid
        else:  # the explicit, loudly named override: limits only, no isolation
            scratch = tempfile.mkdtemp(prefix="safegrade-unsandboxed-")
            job |= {
                "input": task["folder"],
                "workdir": f"{scratch}/{task['assignment']}",
                "kernel_env": kernel_env(task.get("student")),
            }
            job["kernel_env"]["HOME"] = scratch
            argv = ["prlimit", *limits.prlimit_args(use_nproc=False), "--", sys.executable, str(RUNNER)]
            run_uid = None
        run = sandbox.run_in_sandbox(argv, json.dumps(job).encode(), wall, run_uid)
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    try:
        result = json.loads(run.result.decode("utf-8")) if run.result else {}
    except ValueError:
        result = {}
    result["sandbox"] = {
        "returncode": run.returncode,
        "stderr": run.stderr[-2000:],
        "seconds": run.seconds,
        "killed_after_wall_clock": run.killed_after_wall_clock,
        "leftover_processes": run.leftover_processes,
    }
    return result
