"""Executes a learner's notebooks INSIDE the sandbox (run by the sandboxed Python, not imported).

It only needs the standard library, nbformat and nbclient, because the sandbox holds the Python
install, the virtual environment and the toolkit, not the course operations.

Protocol: stdin line 1 is the number of the result pipe's fd, the rest is a JSON job::

    {"input": "/submission", "workdir": "/home/learner/ASSIGNMENT", "notebooks": ["a.ipynb"],
     "cell_timeout": 120, "wall_seconds": 300, "output_bytes": 524288,
     "execute": {nbclient options as nbgrader's Execute sets them}}

The runner copies the submission into the tmpfs work folder, executes each notebook with nbclient
(``allow_errors``, per-cell timeout, a wall-clock deadline per notebook, capped output), and writes
one JSON document to the result pipe: per notebook the executed notebook and which cells ran.
It makes itself non-dumpable first so learner code (same uid) cannot ptrace it or open its pipe
through /proc, and the pipe is not inherited by the kernel.
"""

from __future__ import annotations

import atexit
import ctypes
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import traceback

# jsonschema (imported by nbformat) loads the optional IRI checker rfc3987_syntax if installed, which
# compiles a grammar at import: seconds per submission for a format notebooks never use. Skip it.
sys.modules.setdefault("rfc3987_syntax", None)

from queue import Empty  # noqa: E402

import nbformat  # noqa: E402
from jupyter_client.asynchronous import AsyncKernelClient  # noqa: E402
from jupyter_client.manager import AsyncKernelManager  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbclient.exceptions import CellTimeoutError, DeadKernelError  # noqa: E402
from traitlets import default  # noqa: E402

PR_SET_DUMPABLE = 4

# Run silently (no history, no output) in the learner's kernel before the first cell: remember the
# pristine builtins and the toolkit package. Before every autograded test cell: put back any builtin
# the learner replaced or removed, put the real toolkit package back in sys.modules, and drop
# rightsclimate.selfcheck so the test imports a fresh copy from the read-only files; the names
# ``check`` and ``CheckFailed`` in the notebook's namespace are rebound to that fresh copy. Only the
# test machinery is reloaded: other toolkit modules keep their state (and their classes), so
# honest notebooks behave exactly as under plain nbgrader.
PRELUDE = r"""
def _safegrade_setup():
    import builtins, importlib, sys, types
    saved = dict(vars(builtins))
    shell = get_ipython()
    try:
        toolkit = importlib.import_module("rightsclimate")
    except ImportError:
        toolkit = None
    def restore():
        ns = shell.user_ns
        current = vars(builtins)
        for key, value in saved.items():
            if current.get(key) is not value:
                current[key] = value
        ns["__builtins__"] = builtins
        if toolkit is None:
            return
        sys.modules["rightsclimate"] = toolkit
        sys.modules.pop("rightsclimate.selfcheck", None)
        fresh = importlib.import_module("rightsclimate.selfcheck")
        for name in ("check", "CheckFailed"):
            if name in ns:
                ns[name] = getattr(fresh, name)
    holder = types.ModuleType("_safegrade_guard")
    holder.restore = restore
    sys.modules["_safegrade_guard"] = holder
_safegrade_setup()
del _safegrade_setup
"""
RESTORE = "__import__('sys').modules['_safegrade_guard'].restore()"


class QuickReadyClient(AsyncKernelClient):
    """jupyter_client's client, without the fixed 0.2 s it waits once the kernel is ready.

    Its ``wait_for_ready`` asks for kernel_info until the kernel replies and IOPub delivers a message
    (ipykernel 7 sends ``iopub_welcome`` as soon as we subscribe), then drains IOPub until it has been
    quiet for 0.2 s. Nothing needs that drain: nbclient takes only the messages whose parent is the cell
    it runs. So the same checks here, and a drain of what is already queued. On a warm worker, 0.2 s
    is about a tenth of a submission."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (timeout if timeout is not None else 60.0)
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply":
                try:
                    await self.iopub_channel.get_msg(timeout=0.2)  # IOPub is connected
                except Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(reply)
                    break
            if not await self.is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")
        while True:
            try:
                await self.iopub_channel.get_msg(timeout=0.005)
            except Empty:
                break


class GradingKernelManager(AsyncKernelManager):
    """The usual local kernel manager, with :class:`QuickReadyClient`."""

    @default("client_factory")
    def _quick_client(self):
        return QuickReadyClient


def make_undumpable() -> None:
    """No ptrace, no /proc/<pid>/fd access for other processes of the same uid (the learner's kernel)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


MAX_ERROR_TEXT = 10_000  # characters kept of an error's message and of each traceback line
MAX_TRACEBACK_LINES = 200


def trim_error(content: dict) -> dict:
    """An error (output or reply) with its message and traceback cut to a readable size: error
    outputs are never dropped (they decide the score), so a huge one must not flood the grader."""
    content = dict(content)
    content["evalue"] = str(content.get("evalue", ""))[:MAX_ERROR_TEXT]
    lines = [str(line)[:MAX_ERROR_TEXT] for line in content.get("traceback") or []]
    if len(lines) > MAX_TRACEBACK_LINES:
        lines = (
            lines[: MAX_TRACEBACK_LINES // 2]
            + ["... traceback cut by the grader ..."]
            + lines[-MAX_TRACEBACK_LINES // 2 :]
        )
    content["traceback"] = lines
    return content


def is_test_cell(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


class NotebookTimeLimit(Exception):
    """The notebook's wall-clock budget is spent; the remaining cells are not run."""


class GradingClient(NotebookClient):
    """nbclient with a notebook deadline, capped output and test-machinery restoration."""

    def __init__(self, nb, deadline: float, cell_timeout: float, output_bytes: int, **kw):
        super().__init__(nb, **kw)
        self.deadline = deadline
        self.cell_timeout = cell_timeout
        self.output_bytes = output_bytes
        self.completed: list[int] = []
        self.replies: dict[int, str] = {}
        self.truncated: list[int] = []
        self.restore_failed: list[int] = []
        self._sizes: dict[int, int] = {}
        self._prelude_done = False
        self.kernel_process = None
        self.kernel_ready_at: float | None = None  # when the kernel answered (for the benchmark's breakdown)
        self.timeout_func = self._cell_timeout
        self.on_cell_executed = self._record

    async def async_start_new_kernel(self, **kwargs):
        await super().async_start_new_kernel(**kwargs)
        self.kernel_process = getattr(self.km.provisioner, "process", None)  # kept for its exit status
        self.kernel_ready_at = time.monotonic()

    def _cell_timeout(self, _cell) -> int:
        return max(1, int(min(self.cell_timeout, self.deadline - time.monotonic()) + 0.999))

    async def _silent(self, code: str) -> str:
        """Run ``code`` in the kernel without output or history; return the reply status."""
        msg_id = self.kc.execute(code, silent=True, store_history=False, allow_stdin=False)
        reply = await self.async_wait_for_reply(msg_id, None)
        return (reply or {}).get("content", {}).get("status", "no reply")

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if cell.cell_type == "code" and cell.source.strip():
            if time.monotonic() >= self.deadline:
                raise NotebookTimeLimit()
            if not self._prelude_done:
                self._prelude_done = True
                await self._silent(PRELUDE)
            if is_test_cell(cell) and await self._silent(RESTORE) != "ok":
                self.restore_failed.append(cell_index)
        return await super().async_execute_cell(cell, cell_index, execution_count, store_history)

    def _record(self, cell, cell_index, execute_reply, **_kw):
        """nbgrader's Execute.on_cell_executed (make sure an error reply shows as an error output)."""
        content = (
            trim_error(execute_reply["content"])
            if execute_reply["content"].get("status") == "error"
            else execute_reply["content"]
        )
        self.completed.append(cell_index)
        self.replies[cell_index] = content.get("status", "unknown")
        if content.get("status") == "error":
            recorded = any(o.output_type == "error" and o.get("ename") == content.get("ename") for o in cell.outputs)
            if not recorded:
                error = nbformat.NotebookNode(output_type="error")
                error.ename = content.get("ename", "Error")
                error.evalue = content.get("evalue", "")
                error.traceback = content.get("traceback") or [
                    "ERROR: An error occurred while showtraceback was disabled"
                ]
                cell.outputs.append(error)

    def output(self, outs, msg, display_id, cell_index):
        """Keep at most ``output_bytes`` of a cell's output; error outputs are always kept."""
        if msg["msg_type"] == "error":
            msg = {**msg, "content": trim_error(msg["content"])}
        else:
            size = len(json.dumps(msg.get("content", {})))
            used = self._sizes.get(cell_index, 0)
            if used + size > self.output_bytes:
                if cell_index not in self.truncated:
                    self.truncated.append(cell_index)
                    note = nbformat.v4.new_output(
                        "stream",
                        name="stdout",  # not stderr: nbgrader scores any stderr in a test cell as 0
                        text=f"\n[grader: output cut here, this cell printed more than {self.output_bytes // 1024} KB]\n",
                    )
                    outs.append(note)
                return None
            self._sizes[cell_index] = used + size
        return super().output(outs, msg, display_id, cell_index)


def kernel_exit(client: GradingClient) -> int | None:
    """The kernel process's exit status (negative: killed by that signal), if it has ended."""
    if client.kernel_process is None:
        return None
    try:
        return client.kernel_process.wait(timeout=2)
    except subprocess.TimeoutExpired:
        return None


def describe_exit(code: int | None) -> tuple[str, str]:
    """(status, reason) for a kernel that died: status is "limit hit" only when a limit surely caused it."""
    if code is None:
        return "failed", "the kernel stopped responding"
    if code < 0:
        sig = signal.Signals(-code).name
        if sig == "SIGXCPU":
            return "limit hit", "the kernel was stopped at the CPU time limit (SIGXCPU)"
        if sig == "SIGXFSZ":
            return "limit hit", "the kernel was stopped at the file size limit (SIGXFSZ)"
        return "failed", f"the kernel was killed by {sig} (by the learner's code or the operating system)"
    return "failed", f"the kernel exited with status {code} (sys.exit in a thread, os._exit or a crash)"


def execute_notebook(path: str, job: dict, kernel_manager_class=None) -> dict:
    """Execute one notebook; return it with the indices of the cells that ran and any event.

    ``kernel_manager_class`` lets the warm template fork kernels instead of starting new Pythons."""
    # a forked kernel is thrown away after the last cell: no need to wait for a polite shutdown
    extra = (
        {"kernel_manager_class": kernel_manager_class, "shutdown_kernel": "immediate"}
        if kernel_manager_class
        else {"kernel_manager_class": GradingKernelManager}
    )
    nb = nbformat.read(path, as_version=4)
    start = time.monotonic()
    client = GradingClient(
        nb,
        deadline=start + job["wall_seconds"],
        cell_timeout=job["cell_timeout"],
        output_bytes=job["output_bytes"],
        resources={"metadata": {"path": os.path.dirname(path)}},
        allow_errors=True,
        interrupt_on_timeout=True,
        **job.get("execute", {}),
        **extra,
    )
    event, kind = None, None
    try:
        client.execute(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except NotebookTimeLimit:
        kind, event = "timed out", f"wall-clock limit: the notebook did not finish within {job['wall_seconds']:g} s"
    except DeadKernelError:
        kind, event = describe_exit(kernel_exit(client))
    except CellTimeoutError:
        kind, event = "timed out", "a cell timed out and the kernel did not respond to the interrupt"
    except Exception as err:  # noqa: BLE001 (anything else is reported, never hidden)
        kind, event = "failed", f"execution stopped: {type(err).__name__}: {str(err)[:300]}"
    finally:
        atexit.unregister(client._cleanup_kernel)
        if client.kernel_process is not None and client.kernel_process.poll() is None:
            client.kernel_process.kill()  # its children die with the sandbox's PID namespace
    return {
        "notebook": nbformat.writes(nb),
        "completed": client.completed,
        "replies": {str(k): v for k, v in client.replies.items()},
        "truncated": client.truncated,
        "restore_failed": client.restore_failed,
        "event": event,
        "event_status": kind,
        "seconds": time.monotonic() - start,
        "kernel_start_seconds": (client.kernel_ready_at or start) - start,
    }


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def main() -> None:
    fd = int(sys.stdin.readline())
    job = json.loads(sys.stdin.read())
    os.set_inheritable(fd, False)
    make_undumpable()
    os.environ.update(job.get("kernel_env", {}))
    workdir = job["workdir"]
    shutil.copytree(job["input"], workdir, dirs_exist_ok=True)
    os.chdir(workdir)
    result = {"notebooks": {}, "error": None}
    try:
        for name in job["notebooks"]:
            result["notebooks"][name] = execute_notebook(os.path.join(workdir, name), job)
    except Exception:  # noqa: BLE001
        result["error"] = traceback.format_exc()[-2000:]
    write_all(fd, json.dumps(result).encode("utf-8"))
    os.close(fd)


if __name__ == "__main__":
    main()
