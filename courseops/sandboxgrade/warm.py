"""Warm workers: one long-lived sandboxed template per grading process, one forked child per submission.

The cold path (:func:`courseops.sandboxgrade.cold.execute_submission`) starts a new sandbox, a new
Python, a new kernel and imports pandas, matplotlib and the toolkit again for every learner. Here one
template process (:mod:`courseops.sandboxgrade.template`), in its own bubblewrap sandbox, has imported
all of that once; each submission runs in a child forked from it, in new namespaces, under an
unprivileged uid of its own, and is thrown away afterwards. See book/appendices/safe_grading.md
("Warm workers") for why this keeps learners apart.

The template is per process and shared by its grading threads (a thread pool in the grader, or the
threads of a Dask worker process): it grades as many submissions at once as threads send, and each
running submission holds its own worker slot, so two learners graded at the same time never share a
uid. Paying the imports once per process, not once per thread, saves their time and memory (about
350 MB per template). Only paths and limits go to the template; the learner's files go through a
private exchange folder that each submission's init detaches before learner code runs. If the
template ends while it grades (the out-of-memory killer, say), its submissions are graded cold.
"""

from __future__ import annotations

import atexit
import functools
import itertools
import json
import os
import queue
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
    """One warm template sandbox, shared by the grading threads of this process.

    It grades several submissions at once: each running job holds its own worker slot (and so its
    own uid) for as long as it runs, so submissions graded at the same time never share a uid."""

    def __init__(self, kernel_env: dict[str, str], limits: sandbox.Limits):
        self.lock = threading.Lock()
        self.slots: list[sandbox.WorkerSlot] = []  # held for the template's life, reused by later jobs
        self.free_slots: list[sandbox.WorkerSlot] = []
        self.exchange = Path(tempfile.mkdtemp(prefix="safegrade-warm-"))  # 0700, the grader's only
        self.jobs = 0
        self.peak_kb = {"template": 0, "submission": 0}  # peak resident memory, from the template's rusage
        self.cpu_seconds = 0.0  # CPU time of the submissions graded here (their process trees)
        self.counter = itertools.count()
        self.waiting: dict[int, queue.Queue] = {}  # job id -> where its answer goes
        self.failure: str | None = None
        self.closing = False
        self.stderr = tempfile.TemporaryFile()
        status_read, status_write = os.pipe()
        read_only = {str(HERE / name): inside for name, inside in TEMPLATE_FILES.items()}
        argv = sandbox.bwrap_argv(
            [sys.executable, TEMPLATE_FILES["template.py"], str(status_write)],
            read_only,
            limits,
            None,  # the template stays root inside; each submission gets its uid in its job
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
        self.reader = threading.Thread(target=self._read_answers, name="safegrade-template-reader", daemon=True)
        self.reader.start()

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def uids(self) -> list[int]:
        with self.lock:
            return [slot.uid for slot in self.slots]

    def alive(self) -> bool:
        return self.proc.poll() is None and self.failure is None

    def stderr_tail(self, since: int = 0) -> str:
        with self.lock:
            if self.stderr.closed:
                return ""
            self.stderr.seek(since)
            return self.stderr.read()[-4000:].decode("utf-8", "replace")

    def _answer(self, timeout: float | None) -> dict:
        """The next JSON line from the template's status pipe, or TemplateFailed."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([self.status], [], [], left)
            if not ready:
                raise TemplateFailed(f"the warm template did not answer within {timeout:.0f} s")
            chunk = os.read(self.status, 65536)
            if not chunk:
                raise TemplateFailed(f"the warm template ended: {self.stderr_tail().strip()[-500:]}")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def _read_answers(self) -> None:
        """Hand each answer to the thread waiting for that job; on failure, tell every waiting thread."""
        try:
            while True:
                info = self._answer(None)
                with self.lock:
                    waiter = self.waiting.pop(info.get("id"), None)
                if waiter is not None:
                    waiter.put(info)
        except (OSError, TemplateFailed, ValueError) as err:
            with self.lock:
                self.failure = str(err) or type(err).__name__
                waiters, self.waiting = list(self.waiting.values()), {}
            for waiter in waiters:
                waiter.put(TemplateFailed(self.failure))

    def _take_slot(self) -> sandbox.WorkerSlot:
        with self.lock:
            if self.free_slots:
                return self.free_slots.pop()
        slot = sandbox.WorkerSlot().__enter__()  # a uid no other running job of any grader holds
        with self.lock:
            if not self.closing:
                self.slots.append(slot)
                return slot
        slot.__exit__(None, None, None)
        raise TemplateFailed(self.failure or "the warm template was closed")

    def _give_slot(self, slot: sandbox.WorkerSlot) -> None:
        with self.lock:
            if not self.closing:  # a closed template has already let its slots go
                self.free_slots.append(slot)

    def run(self, task: dict, job: dict) -> dict:
        """Grade one prepared folder in a fresh child; return the runner's result with a ``sandbox`` part."""
        if not self.alive():
            raise TemplateFailed(self.failure or "the warm template has ended")
        slot = self._take_slot()
        number = next(self.counter)
        inbox, outbox = f"in-{number}", f"out-{number}.json"
        limits = task["limits"]
        wall = limits["wall_seconds"] * max(1, len(task["notebooks"])) + 60
        job = {
            **job,
            "id": number,
            "uid": slot.uid,
            "assignment": task["assignment"],
            "input": inbox,
            "output": outbox,
            "limits": limits,
            "total_seconds": wall,
        }
        answer: queue.Queue = queue.Queue(maxsize=1)
        try:
            shutil.copytree(task["folder"], self.exchange / inbox, symlinks=True)
        except BaseException:
            self._give_slot(slot)
            raise
        try:
            with self.lock:
                if self.failure is not None:
                    raise TemplateFailed(self.failure)
                self.waiting[number] = answer
                self.stderr.seek(0, os.SEEK_END)
                since = self.stderr.tell()
                self.proc.stdin.write((json.dumps(job) + "\n").encode())
                self.proc.stdin.flush()
            try:
                info = answer.get(timeout=wall + MARGIN_SECONDS)
            except queue.Empty:
                raise TemplateFailed(f"the warm template did not answer within {wall + MARGIN_SECONDS:.0f} s") from None
            if isinstance(info, TemplateFailed):
                raise info
            with self.lock:
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
            # the template's own messages since this job was sent (others' jobs may have added theirs)
            stderr = self.stderr_tail(since)
            if size > sandbox.MAX_RESULT_BYTES:
                stderr += f"\nresult larger than {sandbox.MAX_RESULT_BYTES // 2**20} MB: discarded"
            result["sandbox"] = {**info, "stderr": stderr[-2000:], "uid": slot.uid, "warm": True}
            return result
        except (OSError, TemplateFailed, ValueError) as err:
            self.close()
            raise TemplateFailed(str(err)) from err
        finally:
            with self.lock:
                self.waiting.pop(number, None)
            shutil.rmtree(self.exchange / inbox, ignore_errors=True)
            (self.exchange / outbox).unlink(missing_ok=True)
            self._give_slot(slot)

    def close(self) -> None:
        """Stop the template and free its uids; the first caller does it, later calls return at once."""
        with self.lock:
            if self.failure is None:
                self.failure = "the warm template was closed"
            if self.closing:
                return
            self.closing = True
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait()
        reader = getattr(self, "reader", None)
        if reader is not None and reader is not threading.current_thread():
            reader.join(timeout=5)  # it sees the end of the pipe, then stops
        with self.lock:
            slots = list(self.slots)
            # close the pipe only once no thread reads it (a reused fd number must not reach the reader)
            status = self.status if reader is None or not reader.is_alive() else None
            self.status = None
        for slot in slots:
            sandbox.kill_uid_processes(slot.uid)
        if status is not None:
            os.close(status)
        shutil.rmtree(self.exchange, ignore_errors=True)
        with self.lock:
            self.slots, self.free_slots = [], []
        for slot in slots:
            slot.__exit__(None, None, None)
        self.stderr.close()


class Pool:
    """The warm template of this process, shared by its grading threads (started on first use)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.every: list[Template] = []

    def take(self, kernel_env: dict[str, str], limits: sandbox.Limits) -> Template:
        with self.lock:  # one thread starts the template; the others wait for it instead of starting theirs
            self.every = [t for t in self.every if t.alive()]
            if not self.every:
                self.every.append(Template(kernel_env, limits))
            return self.every[0]

    def give_back(self, template: Template) -> None:
        with self.lock:
            if not template.alive() and template in self.every:
                self.every.remove(template)

    def info(self) -> list[dict]:
        """PID, uids and number of submissions graded, per live template (for tests and benchmarks)."""
        with self.lock:
            return [
                {
                    "pid": t.pid,
                    "uids": t.uids,
                    "jobs": t.jobs,
                    "cpu_seconds": t.cpu_seconds,
                    **{f"{k}_rss_kb": v for k, v in t.peak_kb.items()},
                }
                for t in self.every
                if t.alive()
            ]

    def close(self) -> None:
        with self.lock:
            templates, self.every = self.every, []
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
    except TemplateFailed as err:  # the template ended (perhaps while grading someone else): grade cold
        result = execute_submission(task)
        result.setdefault("sandbox", {})["warm_failed"] = str(err)
        return result
    finally:
        POOL.give_back(template)


def pool_info() -> list[dict]:
    return POOL.info()
