"""Run one untrusted command in a bubblewrap sandbox with resource limits.

The sandbox (``bwrap``, Debian package ``bubblewrap``) gets:

* its own PID, network (loopback only), IPC and UTS namespaces, so learner code cannot see the
  host's processes or reach any network, and every process it starts dies with it
  (``--unshare-pid`` + ``--die-with-parent``);
* a read-only view of ``/usr`` (and the ``/lib*`` links), the Python install, the virtual
  environment and the few repository folders the toolkit needs (never the course folder);
* a size-limited tmpfs as the only writable place (``/home/learner``);
* a dedicated unprivileged uid per worker slot (60000 + slot) when the grader runs as root, so the
  process limit (RLIMIT_NPROC) applies per submission and files outside are not writable;
* rlimits set with ``prlimit`` (util-linux) just before the command runs: address space, CPU
  seconds, processes, file size, no core dumps.

Nothing here is home-made isolation: bwrap does the namespaces and mounts, ``setpriv`` the uid
switch, ``prlimit`` the limits. This module only builds their command lines and waits.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

FIRST_SANDBOX_UID = 60000
MAX_SLOTS = 256
SLOT_LOCK_DIR = Path(tempfile.gettempdir()) / "courseops-safegrade-slots"
SANDBOX_HOME = "/home/learner"
# What a warm template keeps (and each submission's process drops before learner code runs):
# new namespaces and mounts (SYS_ADMIN), the loopback (NET_ADMIN), the switch to each submission's uid.
TEMPLATE_CAPABILITIES = ("CAP_SYS_ADMIN", "CAP_NET_ADMIN", "CAP_SETUID", "CAP_SETGID", "CAP_CHOWN", "CAP_KILL")


@dataclass(frozen=True)
class Limits:
    """Resource limits for one submission (each notebook also has ``wall_seconds``)."""

    memory_mb: int = 2048  # RLIMIT_AS per process
    cpu_seconds: int = 300  # RLIMIT_CPU per process
    processes: int = 256  # RLIMIT_NPROC for the worker's uid (threads count too)
    file_mb: int = 64  # RLIMIT_FSIZE: largest file the learner can write
    disk_mb: int = 256  # size of the writable tmpfs
    wall_seconds: float = 300.0  # per notebook, enforced by the runner; the parent adds a margin
    cell_timeout: float = 120.0  # per cell (nbgrader's Execute.timeout)
    output_kb: int = 512  # per cell, text kept from a cell's outputs

    def prlimit_args(self, use_nproc: bool) -> list[str]:
        """``prlimit`` options for these limits (soft = hard, so learner code cannot raise them)."""
        args = [
            f"--as={self.memory_mb * 1024 * 1024}",
            f"--cpu={self.cpu_seconds}",
            f"--fsize={self.file_mb * 1024 * 1024}",
            "--core=0",
        ]
        if use_nproc:
            args.append(f"--nproc={self.processes}")
        return args


@dataclass
class SandboxRun:
    """What came back from one sandboxed command."""

    returncode: int | None
    result: bytes
    stderr: str
    seconds: float
    killed_after_wall_clock: bool = False
    uid: int | None = None
    leftover_processes: list[int] = field(default_factory=list)


def bwrap_path() -> str | None:
    """The bubblewrap binary, if installed."""
    return shutil.which("bwrap")


def is_root() -> bool:
    return os.geteuid() == 0


def python_roots() -> list[Path]:
    """Folders the interpreter needs: the base install (pyenv, /usr/local...) and the venv."""
    roots = {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(), Path(sys.prefix)}
    return sorted(p for p in roots if not str(p).startswith("/usr/") and str(p) != "/usr")


def toolkit_roots() -> list[Path]:
    """Repository folders the learner's notebooks import (the editable install resolves them in place)."""
    repo = Path(__file__).resolve().parents[2]
    return [repo / name for name in ("rightsclimate", "datasets") if (repo / name).is_dir()]


def system_binds() -> list[str]:
    """bwrap options for the system: read-only /usr, /lib* (links or binds), a little of /etc."""
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = Path("/") / name
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    for etc in ("/etc/ld.so.cache", "/etc/localtime", "/etc/fonts", "/etc/alternatives", "/etc/mime.types"):
        args += ["--ro-bind-try", etc, etc]
    return args


def open_parents(targets: list[Path]) -> list[str]:
    """Create each bind target's parent folders traversable (bwrap copies the host's modes, e.g. /root 0700)."""
    parents: list[str] = []
    for target in targets:
        for parent in reversed(Path(target).parents):
            if str(parent) != "/" and str(parent) not in parents:
                parents.append(str(parent))
    args: list[str] = []
    for parent in parents:
        args += ["--perms", "0755", "--dir", parent]
    return args


def bwrap_argv(
    command: list[str],
    read_only: dict[str, str],
    limits: Limits,
    uid: int | None,
    env: dict[str, str],
    workdir: str = SANDBOX_HOME,
    writable: dict[str, str] | None = None,
    template: bool = False,
) -> list[str]:
    """The full command line: bwrap ... -- [setpriv ...] prlimit ... -- COMMAND.

    ``read_only`` (and ``writable``) map host paths to sandbox paths. ``uid`` switches to that
    unprivileged uid inside (needs root); ``None`` keeps the caller's uid (unprivileged bwrap with a
    user namespace). ``template=True`` starts a warm template instead (courseops/sandboxgrade/template.py):
    it stays root inside the sandbox with only the capabilities it needs to give each submission its own
    namespaces and drop to ``uid``; it applies the limits itself, per submission.
    """
    binds = {str(p): str(p) for p in python_roots() + toolkit_roots()}
    binds.update(read_only)
    targets = [Path(t) for t in binds.values()] + [Path(t) for t in (writable or {}).values()]
    argv = [bwrap_path() or "bwrap", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts"]
    argv += ["--unshare-cgroup-try", "--die-with-parent", "--new-session", "--clearenv"]
    if template:
        argv += [arg for cap in TEMPLATE_CAPABILITIES for arg in ("--cap-add", cap)]
    elif uid is None:
        argv += ["--unshare-user"]
    else:  # privileged bwrap: keep only what setpriv needs to drop to the worker's uid
        argv += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    argv += system_binds()
    scratch = str(limits.disk_mb * 1024 * 1024)  # tmpfs pages are RAM outside RLIMIT_AS: always sized
    argv += ["--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--size", scratch, "--tmpfs", "/tmp"]
    argv += open_parents(targets + [Path(SANDBOX_HOME)])
    for host, inside in binds.items():
        argv += ["--ro-bind", host, inside]
    argv += ["--perms", "1777", "--size", scratch, "--tmpfs", SANDBOX_HOME]
    for host, inside in (writable or {}).items():
        argv += ["--bind", host, inside]
    for key, value in env.items():
        argv += ["--setenv", key, value]
    argv += ["--chdir", workdir, "--"]
    if template:
        return argv + command
    if uid is not None:
        argv += ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--inh-caps=-all"]
        argv += ["--no-new-privs", "--"]
    argv += ["prlimit", *limits.prlimit_args(use_nproc=uid is not None), "--", *command]
    return argv


class WorkerSlot:
    """A slot (and its uid 60000 + n) held with an exclusive file lock, across threads and processes."""

    def __init__(self, lock_dir: Path = SLOT_LOCK_DIR, max_slots: int = MAX_SLOTS):
        self.lock_dir, self.max_slots = Path(lock_dir), max_slots
        self.index: int | None = None
        self._handle = None

    def __enter__(self) -> WorkerSlot:
        self.lock_dir.mkdir(parents=True, exist_ok=True)
        while True:
            for index in range(self.max_slots):
                handle = open(self.lock_dir / f"slot-{index}.lock", "a+")  # noqa: SIM115 (held until exit)
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    handle.close()
                    continue
                self.index, self._handle = index, handle
                return self
            time.sleep(0.2)

    @property
    def uid(self) -> int:
        assert self.index is not None
        return FIRST_SANDBOX_UID + self.index

    def __exit__(self, *exc) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()


def processes_of_uid(uid: int) -> list[int]:
    """PIDs whose real uid is ``uid`` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("Uid:") and int(line.split()[1]) == uid:
                found.append(int(entry.name))
                break
    return found


def kill_uid_processes(uid: int) -> list[int]:
    """SIGKILL every process still running as the worker's ``uid`` (none should be: bwrap's PID
    namespace dies with it). Returns the PIDs that had to be killed."""
    left = processes_of_uid(uid)
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return left


MAX_RESULT_BYTES = 256 * 1024 * 1024


def run_in_sandbox(
    argv: list[str],
    stdin: bytes,
    wall_seconds: float,
    uid: int | None = None,
    max_result_bytes: int = MAX_RESULT_BYTES,
) -> SandboxRun:
    """Run a built command line and return what it wrote to its result pipe; kill it after ``wall_seconds``.

    The command reads one line from stdin first: the number of the result pipe's file descriptor
    (the only channel the parent believes), then ``stdin``.
    """
    read_end, write_end = os.pipe()
    start = time.monotonic()
    with tempfile.TemporaryFile() as stderr:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            pass_fds=(write_end,),
            start_new_session=True,
        )
        os.close(write_end)
        chunks: list[bytes] = []
        killed, oversize, received = False, False, 0
        try:
            proc.stdin.write(f"{write_end}\n".encode() + stdin)
            proc.stdin.close()
        except BrokenPipeError:
            pass
        os.set_blocking(read_end, False)
        deadline = start + wall_seconds
        while True:
            try:
                chunk = os.read(read_end, 1 << 20)
                if chunk:
                    chunks.append(chunk)
                    received += len(chunk)
                    if received > max_result_bytes:  # never let a result exhaust the grader
                        os.killpg(proc.pid, signal.SIGKILL)
                        proc.wait()
                        chunks, oversize = [], True
                        break
                    continue
                if proc.poll() is not None:
                    break
            except BlockingIOError:
                pass
            if proc.poll() is not None:
                # drain what is left
                try:
                    while chunk := os.read(read_end, 1 << 20):
                        chunks.append(chunk)
                except BlockingIOError:
                    pass
                break
            if time.monotonic() > deadline:
                killed = True
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                break
            time.sleep(0.05)
        os.close(read_end)
        proc.wait()
        stderr.seek(0)
        err = stderr.read()[-8000:].decode("utf-8", "replace")
        if oversize:
            err += f"\nresult larger than {max_result_bytes // 2**20} MB: discarded"
    leftovers = kill_uid_processes(uid) if uid is not None else []
    return SandboxRun(proc.returncode, b"".join(chunks), err, time.monotonic() - start, killed, uid, leftovers)


_SANDBOX_WORKED: list[bool] = []  # once a probe sandbox ran in this process, it is not probed again


def sandbox_problem() -> str | None:
    """Why untrusted code cannot be sandboxed here (None when bwrap works)."""
    if bwrap_path() is None:
        return "bubblewrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)"
    if _SANDBOX_WORKED:
        return None
    with WorkerSlot() as slot:
        uid = slot.uid if is_root() else None
        argv = bwrap_argv(
            [sys.executable, "-c", "import os, sys; os.write(int(sys.stdin.readline()), b'ok')"], {}, Limits(), uid, {}
        )
        run = run_in_sandbox(argv, b"", 30, uid)
    if run.result != b"ok":
        return (
            "bubblewrap cannot create a sandbox here (user or PID namespaces are disabled, e.g. in an "
            f"unprivileged container): exit {run.returncode}: {run.stderr.strip()[-500:]}"
        )
    _SANDBOX_WORKED.append(True)
    return None
