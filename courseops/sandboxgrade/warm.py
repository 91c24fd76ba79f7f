"""Warm workers: one long-lived sandboxed template per worker, one fresh forked child per submission.

The cold path (:func:`courseops.sandboxgrade.cold.execute_submission`) starts a new sandbox, a new
Python, a new kernel and imports pandas, matplotlib and the toolkit again for every learner. Here each
worker keeps one template process (:mod:`courseops.sandboxgrade.template`) in its own bubblewrap
sandbox that has imported all of that once; each submission runs in a child forked from it, in new
namespaces, under the worker's unprivileged uid, and is thrown away afterwards. See
book/appendices/safe_grading.md ("Warm workers") for why this keeps learners apart.

The pool is per process: a thread pool in the grader, or a Dask worker process, gets one template per
thread that grades at the same time. Only paths and limits go to the template; the learner's files go
through a private exchange folder that each submission's init detaches before learner code runs.
"""

from __future__ import annotations

import atexit
import functools
import itertools
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from courseops.sandboxgrade import sandbox
from courseops.sandboxgrade.cold import execute_submission, kernel_env

HERE = Path(__file__).parent
TEMPLATE_FILES = {"template.py": "/opt/safegrade/template.py", "runner.py": "/opt/safegrade/runner.py"}
START_SECONDS = 180.0  # importing pandas, matplotlib and the toolkit on a busy machine
MARGIN_SECONDS = 30.0  # the template enforces the wall clock; the grader waits this much longer
SPAWNER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="safegrade-template-spawner")


class TemplateFailed(RuntimeError):
    """The template could not start or stopped answering (the submission is then graded cold)."""


class Template:
    """One warm template sandbox, holding a worker slot (and its uid) for its whole life."""

    def __init__(self, kernel_env: dict[str, str], limits: sandbox.Limits):
        self.slot = sandbox.WorkerSlot().__enter__()
        self.uid = self.slot.uid
        self.exchange = Path(tempfile.mkdtemp(prefix="safegrade-warm-"))  # 0700, the grader's only
        self.jobs = 0
        self.peak_kb = {"template": 0, "submission": 0}  # peak resident memory, from the template's rusage
        self.cpu_seconds = 0.0  # CPU time of the submissions graded here (their process trees)
        self.counter = itertools.count()
        self.stderr = tempfile.TemporaryFile()
        status_read, status_write = os.pipe()
        read_only = {str(HERE / name): inside for name, inside in TEMPLATE_FILES.items()}
        argv = sandbox.bwrap_argv(
            [sys.executable, TEMPLATE_FILES["template.py"], str(status_write)],
            read_only,
            limits,
            self.uid,
            kernel_env,
            writable={str(self.exchange): "/exchange"},
            template=True,
        )
        popen = functools.partial(
            subprocess.Popen,
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=self.stderr,
            pass_fds=(status_write,),
            start_new_session=True,
        )
        # bwrap's --die-with-parent follows the THREAD that started it: start templates from one thread
        # that lives as long as this process, not from a grading thread that ends with its executor
        self.proc = SPAWNER.submit(popen).result()
        os.close(status_write)
        self.status = status_read
        self._buffer = b""
        try:
            ready = self._answer(START_SECONDS)
        except TemplateFailed:
            self.close()
            raise
        self.started = ready

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stderr_tail(self, since: int = 0) -> str:
        self.stderr.seek(since)
        return self.stderr.read()[-4000:].decode("utf-8", "replace")

    def _answer(self, timeout: float) -> dict:
        """The next JSON line from the template's status pipe, or TemplateFailed."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self.status], [], [], max(0.0, left))
            if not ready:
                raise TemplateFailed(f"the warm template did not answer within {timeout:.0f} s")
            chunk = os.read(self.status, 65536)
            if not chunk:
                raise TemplateFailed(f"the warm template ended: {self.stderr_tail().strip()[-500:]}")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def run(self, task: dict, job: dict) -> dict:
        """Grade one prepared folder in a fresh child; return the runner's result with a ``sandbox`` part."""
        number = next(self.counter)
        inbox, outbox = f"in-{number}", f"out-{number}.json"
        shutil.copytree(task["folder"], self.exchange / inbox, symlinks=True)
        limits = task["limits"]
        wall = limits["wall_seconds"] * max(1, len(task["notebooks"])) + 60
        job = {
            **job,
            "uid": self.uid,
            "assignment": task["assignment"],
            "input": inbox,
            "output": outbox,
            "limits": limits,
            "total_seconds": wall,
        }
        self.stderr.seek(0, os.SEEK_END)
        since = self.stderr.tell()
        try:
            self.proc.stdin.write((json.dumps(job) + "\n").encode())
            self.proc.stdin.flush()
            info = self._answer(wall + MARGIN_SECONDS)
            self.jobs += 1
            self.peak_kb["template"] = max(self.peak_kb["template"], info.get("template_rss_kb", 0))
            self.peak_kb["submission"] = max(self.peak_kb["submission"], info.get("max_rss_kb", 0))
            self.cpu_seconds += info.get("cpu_seconds", 0.0)
            out = self.exchange / outbox
            size = out.stat().st_size if out.exists() else 0
            data = out.read_bytes() if 0 < size <= sandbox.MAX_RESULT_BYTES else b""
            try:
                result = json.loads(data.decode("utf-8")) if data else {}
            except ValueError:
                result = {}
            stderr = self.stderr_tail(since)
            if size > sandbox.MAX_RESULT_BYTES:
                stderr += f"\nresult larger than {sandbox.MAX_RESULT_BYTES // 2**20} MB: discarded"
            result["sandbox"] = {**info, "stderr": stderr[-2000:], "uid": self.uid, "warm": True}
            return result
        except (OSError, TemplateFailed, ValueError) as err:
            self.close()
            raise TemplateFailed(str(err)) from err
        finally:
            shutil.rmtree(self.exchange / inbox, ignore_errors=True)
            (self.exchange / outbox).unlink(missing_ok=True)

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait()
        sandbox.kill_uid_processes(self.uid)
        os.close(self.status) if self.status is not None else None
        self.status = None
        self.stderr.close()
        shutil.rmtree(self.exchange, ignore_errors=True)
        self.slot.__exit__(None, None, None)


class Pool:
    """Idle templates of this process; a thread takes one, grades, and gives it back."""

    def __init__(self):
        self.lock = threading.Lock()
        self.idle: list[Template] = []
        self.every: list[Template] = []

    def take(self, kernel_env: dict[str, str], limits: sandbox.Limits) -> Template:
        with self.lock:
            while self.idle:
                template = self.idle.pop()
                if template.alive():
                    return template
                self.every.remove(template)
        template = Template(kernel_env, limits)
        with self.lock:
            self.every.append(template)
        return template

    def give_back(self, template: Template) -> None:
        with self.lock:
            if template.alive() and template.status is not None:
                self.idle.append(template)
            elif template in self.every:
                self.every.remove(template)

    def info(self) -> list[dict]:
        """PID, uid and number of submissions graded, per live template (for tests and benchmarks)."""
        with self.lock:
            return [
                {
                    "pid": t.pid,
                    "uid": t.uid,
                    "jobs": t.jobs,
                    "cpu_seconds": t.cpu_seconds,
                    **{f"{k}_rss_kb": v for k, v in t.peak_kb.items()},
                }
                for t in self.every
                if t.alive()
            ]

    def close(self) -> None:
        with self.lock:
            templates, self.every, self.idle = self.every, [], []
        for template in templates:
            template.close()


POOL = Pool()
atexit.register(POOL.close)


def execute_submission_warm(task: dict) -> dict:
    """Run one prepared submission in a warm template of this process (picklable in and out, so any
    Executor, including Dask, can run it). Falls back to the cold path if no template can run."""
    if not task.get("sandbox") or not sandbox.is_root():
        return execute_submission(task)  # warm workers need root (per-learner uids)
    limits = sandbox.Limits(**task["limits"])
    job = {
        "notebooks": task["notebooks"],
        "cell_timeout": limits.cell_timeout,
        "output_bytes": limits.output_kb * 1024,
        "execute": task["execute"],
        "env": kernel_env(task.get("student")),  # the template itself stays learner-neutral
    }
    job["wall_seconds"] = limits.wall_seconds  # per notebook, enforced by the runner
    try:
        template = POOL.take(kernel_env(), limits)
    except TemplateFailed as err:
        result = execute_submission(task)
        result.setdefault("sandbox", {})["warm_failed"] = str(err)
        return result
    try:
        return template.run(task, job)
    except TemplateFailed as err:
        return {"error": f"warm worker failed: {err}", "sandbox": {"stderr": str(err), "warm": True}}
    finally:
        POOL.give_back(template)


def pool_info() -> list[dict]:
    return POOL.info()
