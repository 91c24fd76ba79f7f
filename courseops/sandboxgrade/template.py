"""The warm template: runs INSIDE a long-lived bubblewrap sandbox, one per grading process.

It is started by :mod:`courseops.sandboxgrade.warm` (never imported by the grader) and needs only the
standard library plus what the sandbox holds. It imports pandas, matplotlib, IPython, ipykernel,
nbclient and the toolkit ONCE, loads and checks the datasets the assignments use ONCE
(``rightsclimate.data.preload``: kernels get copies), then waits for jobs. It never runs learner code and never reads a
learner's files: for every submission it forks a child that

1. enters new mount, PID, IPC, network and UTS namespaces (``unshare``), and becomes their init;
2. mounts fresh, size-limited in-memory folders over ``/home/learner``, ``/tmp`` and ``/dev/shm``,
   a ``/proc`` that shows only this namespace, and brings up its own loopback;
3. copies this learner's prepared folder from ``/exchange`` into the fresh home, opens the result
   file, then detaches ``/exchange`` so nothing else of the host is reachable;
4. drops to the submission's unprivileged uid (no groups, no capabilities, ``no_new_privs``) and sets
   the rlimits, BEFORE any learner code runs;
5. forks the runner (nbclient, not dumpable), which forks the kernel from the same pre-imported
   memory: a fresh IPython shell, fresh random seeds, the learner's environment and folder.

When the runner ends, the namespace's init exits and the Linux kernel kills every process left in
the namespace; its folders vanish with it. The next learner gets a new child of the untouched
template. One template grades several submissions at the same time, each in its own child, its own
namespaces and its own uid. Protocol: argv[1] is the status fd; each job is one JSON line on stdin,
with an ``id``; each answer is one JSON line on the status fd, with that ``id``, sent when that
submission ends (the results themselves go to files in /exchange).
"""

from __future__ import annotations

import ctypes
import fcntl
import gc
import importlib
import json
import os
import pkgutil
import random
import resource
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import traceback

TEMPLATE_DIR = os.path.dirname(os.path.abspath(__file__))
EXCHANGE = "/exchange"
HOME = "/home/learner"

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT, MS_BIND = 1, 2, 4, 8, 32, 4096
MS_REC, MS_PRIVATE = 0x4000, 1 << 18
MNT_DETACH = 2
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS = 1, 4, 38
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1

# What a course notebook imports. Paid once here instead of once per learner.
WARM_MODULES = (
    "numpy",
    "pandas",
    "pyarrow",
    "matplotlib",
    "matplotlib.pyplot",
    "IPython",
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "jupyter_client",
    "nbformat",
    "nbclient",
    # Imported later, per kernel, unless paid here: what a kernel imports as it starts (its debugger,
    # debugpy; its history database; psutil for its addresses), the formatters of a first figure or
    # table, and the toolkit's lazy imports (frictionless for indicator sets, scipy.stats for rank
    # correlations). Found by listing the modules a graded kernel imports beyond the template's.
    "ipykernel.debugger",
    "IPython.core.debugger",
    "IPython.extensions.storemagic",
    "psutil",
    "sqlite3",
    "tornado.platform.asyncio",
    "faulthandler",
    "matplotlib.backends.backend_agg",
    "matplotlib_inline.backend_inline",
    "pandas.io.formats.html",
    "pandas.io.formats.string",
    "frictionless",
    "scipy.stats",
)
TOOLKIT = "rightsclimate"

libc = ctypes.CDLL(None, use_errno=True)
libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
libc.umount2.argtypes = [ctypes.c_char_p, ctypes.c_int]
libc.unshare.argtypes = [ctypes.c_int]
libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]


def _ok(ret: int, what: str) -> None:
    if ret != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _bytes(text: str | None) -> bytes | None:
    return None if text is None else text.encode()


def mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    _ok(libc.mount(_bytes(source), _bytes(target), _bytes(fstype), flags, _bytes(data)), f"mount {target}")


def prctl(option: int, value: int) -> None:
    _ok(libc.prctl(option, value, 0, 0, 0), f"prctl {option}")


# --------------------------------------------------------------------------------------------
# warm-up (once per template)


# Environment variables the warm imports set for themselves (debugpy sets PYDEVD_USE_FRAME_EVAL): a
# cold kernel gets them when it imports the same modules, so a forked kernel gets them too.
IMPORT_ENV: dict[str, str] = {}


def warm() -> list[str]:
    """Import what notebooks import; return the modules that could not be imported."""
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # debugpy's import-time notice
    before = dict(os.environ)
    missing = []
    for name in WARM_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 (a course without pandas still gets a warm kernel)
            missing.append(name)
    try:
        toolkit = importlib.import_module(TOOLKIT)
        for info in pkgutil.iter_modules(toolkit.__path__):
            try:
                importlib.import_module(f"{TOOLKIT}.{info.name}")
            except Exception:  # noqa: BLE001
                missing.append(f"{TOOLKIT}.{info.name}")
    except ImportError:
        missing.append(TOOLKIT)
    try:  # the tables the assignments load, checked once here; each kernel gets copies (no file reads)
        data = importlib.import_module(f"{TOOLKIT}.data")
        catalogue = data.list_datasets()
        data.preload(list(catalogue.loc[catalogue["assignments"] != "", "name"]))
    except Exception:  # noqa: BLE001 (a learner's load() then reads the files, as in a cold kernel)
        missing.append(f"{TOOLKIT}.data.preload")
    importlib.import_module("runner")  # the grading runner (nbclient side), a sibling file
    try:  # nbformat compiles its JSON schema validator on first use: once here, not in every runner
        nbformat = importlib.import_module("nbformat")
        nbformat.validate(nbformat.v4.new_notebook())
    except Exception:  # noqa: BLE001
        missing.append("nbformat validator")
    try:
        warm_tracebacks()
    except Exception:  # noqa: BLE001
        missing.append("traceback formatting")
    IMPORT_ENV.update({key: value for key, value in os.environ.items() if before.get(key) != value})
    gc.collect()
    gc.freeze()  # keep the imported objects' pages shared with the children (no GC writes to them)
    return missing


def warm_tracebacks() -> None:
    """Format one failed check the way a kernel shows it. Most graded notebooks raise errors (unwritten
    answers, failed checks), and the first traceback in a process pays set-up that this pays once:
    ``inspect`` builds its table of every imported module's file (about 2,000 modules here), the
    toolkit's check function is parsed for the traceback's context lines, and pygments compiles the
    regular expressions that colour code. Only caches are filled: what a learner sees is unchanged."""
    from IPython.core import ultratb

    try:
        importlib.import_module(f"{TOOLKIT}.selfcheck").check(lambda: 1 / 0, "warm-up")
    except Exception:  # noqa: BLE001 (the check's failure; or, without the toolkit, its ImportError)
        failure = sys.exc_info()
    for formatter in (ultratb.AutoFormattedTB(mode="Context", tb_offset=1), ultratb.FormattedTB(mode="Plain")):
        formatter.structured_traceback(*failure)


def thread_count() -> int:
    return len(os.listdir("/proc/self/task"))


# --------------------------------------------------------------------------------------------
# inside one submission's namespaces


def loopback_up() -> None:
    """Bring up ``lo`` in the new network namespace (as bwrap does for --unshare-net)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        request = struct.pack("16sH22x", b"lo", 0)
        flags = struct.unpack("16sH22x", fcntl.ioctl(sock, SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(sock, SIOCSIFFLAGS, struct.pack("16sH22x", b"lo", flags | IFF_UP))


def mounts_below(folder: str) -> list[str]:
    """Mount points strictly below ``folder`` (from /proc/self/mountinfo), outermost first."""
    points = []
    with open("/proc/self/mountinfo") as info:
        for line in info:
            point = line.split()[4].replace("\\040", " ")
            if point.startswith(folder.rstrip("/") + "/"):
                points.append(point)
    return sorted(set(points), key=len)


def fresh_folders(uid: int, disk_mb: int) -> None:
    """New private mounts: /proc of this PID namespace, and empty in-memory home, /tmp, /dev/shm.

    The course's read-only folders (the venv, the toolkit) may live below /tmp, e.g. in a clone made
    with ``mktemp -d``: they are held open before the fresh /tmp covers them, then bound again, read-only.
    """
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    size = disk_mb * 1024 * 1024
    mount("tmpfs", HOME, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size},mode=0700,uid={uid},gid={uid}")
    kept = [(point, os.open(point, os.O_PATH)) for point in mounts_below("/tmp")]
    mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, f"size={size},mode=1777")
    for point, handle in kept:
        if os.path.isdir(f"/proc/self/fd/{handle}"):
            os.makedirs(point, mode=0o755, exist_ok=True)
        else:
            os.makedirs(os.path.dirname(point), mode=0o755, exist_ok=True)
            open(point, "a").close()  # noqa: SIM115 (an empty file to bind onto)
        mount(f"/proc/self/fd/{handle}", point, None, MS_BIND | MS_REC)
        mount(None, point, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
        os.close(handle)
    if os.path.isdir("/dev/shm"):
        mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, f"size={size},mode=1777")


def chown_tree(folder: str, uid: int) -> None:
    os.chown(folder, uid, uid)
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            os.chown(os.path.join(root, name), uid, uid, follow_symlinks=False)


def effective_capabilities() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("CapEff:"):
                return int(line.split()[1], 16)
    return -1


def address_space_kb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1])
    return 0


def drop_privileges(uid: int, limits: dict) -> None:
    """Become the worker's unprivileged uid with the submission's rlimits; check nothing is left."""
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)  # a non-zero uid clears the capability sets (no SECBIT_KEEP_CAPS)
    prctl(PR_SET_NO_NEW_PRIVS, 1)
    mb = 1024 * 1024
    # The warm imports already reserve address space (about 1.4 GB, mostly mapped but unused); a cold
    # kernel reserves it too as soon as the notebook imports pandas. The learner gets memory_mb on top.
    for rlimit, value in (
        (resource.RLIMIT_AS, address_space_kb() * 1024 + limits["memory_mb"] * mb),
        (resource.RLIMIT_CPU, limits["cpu_seconds"]),
        (resource.RLIMIT_FSIZE, limits["file_mb"] * mb),
        (resource.RLIMIT_NPROC, limits["processes"]),
        (resource.RLIMIT_CORE, 0),
    ):
        resource.setrlimit(rlimit, (value, value))
    if os.getuid() != uid or os.geteuid() != uid or effective_capabilities() != 0:
        raise RuntimeError("could not drop privileges; refusing to run learner code")


def namespace_init(job: dict) -> None:
    """PID 1 of the submission's namespaces: set up, drop privileges, run the runner, reap orphans."""
    uid = job["uid"]
    fresh_folders(uid, job["limits"]["disk_mb"])
    loopback_up()
    workdir = os.path.join(HOME, job["assignment"])
    shutil.copytree(os.path.join(EXCHANGE, job["input"]), workdir, symlinks=True)
    chown_tree(HOME, uid)
    result_fd = os.open(os.path.join(EXCHANGE, job["output"]), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    _ok(libc.umount2(EXCHANGE.encode(), MNT_DETACH), "umount /exchange")
    drop_privileges(uid, job["limits"])
    prctl(PR_SET_DUMPABLE, 0)  # learner processes (same uid) cannot ptrace init or the runner
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # set again: changing uid cleared it
    runner_pid = os.fork()
    if runner_pid == 0:
        code = 0
        try:
            run_notebooks(job, result_fd, workdir)
        except BaseException:  # noqa: BLE001
            traceback.print_exc()
            code = 1
        os._exit(code)
    os.close(result_fd)
    while True:  # init reaps every orphan; when the runner ends, the namespace ends
        try:
            pid, status = os.wait()
        except ChildProcessError:
            os._exit(0)
        if pid == runner_pid:
            os._exit(min(max(os.waitstatus_to_exitcode(status), 0), 255))


def submission(job: dict) -> None:
    """The forked child of the template: new namespaces, whose init does the rest."""
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)  # the template's job channel is not for the children
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    _ok(libc.unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWUTS), "unshare")
    pid = os.fork()  # the first child in a new PID namespace is its init
    if pid == 0:
        try:
            prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
            namespace_init(job)
        except BaseException:  # noqa: BLE001
            traceback.print_exc()
        os._exit(70)
    _, status = os.waitpid(pid, 0)
    os._exit(min(max(os.waitstatus_to_exitcode(status), 0), 255))


# --------------------------------------------------------------------------------------------
# the runner and the forked kernel (learner's uid)


def reseed() -> None:
    """A forked kernel would otherwise share the template's random state with every other learner."""
    random.seed()
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed()


def fresh_event_loop() -> None:
    """The runner forks the kernel from inside its running asyncio loop: forget that loop."""
    import asyncio

    asyncio.events._set_running_loop(None)
    asyncio.set_event_loop(asyncio.new_event_loop())


def launcher_path() -> str:
    import importlib.util

    spec = importlib.util.find_spec("ipykernel_launcher")
    return spec.origin if spec and spec.origin else "ipykernel_launcher"


def fork_kernel(cmd: list[str], env: dict, cwd: str | None) -> int:
    """Start an IPython kernel by forking this pre-imported process (instead of exec'ing Python)."""
    args = cmd[cmd.index("ipykernel_launcher") + 1 :]
    pid = os.fork()
    if pid:
        return pid
    try:
        os.setpgid(0, 0)  # the kernel's process group: interrupts and kills reach its children too
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        os.closerange(3, resource.getrlimit(resource.RLIMIT_NOFILE)[0])  # nothing of the runner's
        prctl(PR_SET_DUMPABLE, 1)  # the learner's own process, as a freshly started kernel would be
        os.environ.clear()
        os.environ.update(env)
        for key, value in IMPORT_ENV.items():  # as the imports would have set them in a cold kernel
            os.environ.setdefault(key, value)
        if cwd:
            os.chdir(cwd)
        sys.path[:] = [p for p in sys.path if p != TEMPLATE_DIR]
        sys.argv = [launcher_path(), *args]  # what `python -m ipykernel_launcher` shows
        # IPKernelApp reads JPY_PARENT_PID when ipykernel is imported (in the template): pass it explicitly
        args = [*args, f"--IPKernelApp.parent_handle={env.get('JPY_PARENT_PID', 0)}"]
        reseed()
        fresh_event_loop()
        from ipykernel.kernelapp import IPKernelApp

        IPKernelApp.launch_instance(argv=args)
    except BaseException:  # noqa: BLE001 (the runner sees the kernel die and reports it)
        pass
    finally:
        os._exit(0)


class ForkedKernel:
    """The part of ``subprocess.Popen`` that jupyter_client's local provisioner uses."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid, self.returncode = pid, None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                self.returncode = -signal.SIGKILL
                return self.returncode
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is not None and time.monotonic() > end:
                raise subprocess.TimeoutExpired(["kernel"], timeout)
            time.sleep(0.002)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            try:
                os.kill(self.pid, signum)
            except ProcessLookupError:
                pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def fork_kernel_manager():
    from runner import GradingKernelManager

    class ForkKernelManager(GradingKernelManager):
        """Launches an ipykernel by forking the warm process; other kernels start as usual."""

        async def shutdown_kernel(self, now: bool = False, restart: bool = False):
            # The kernel is thrown away: kill its process group and reap it at once, so that the
            # provisioner finds it gone instead of polling every 0.1 s.
            process = getattr(self.provisioner, "process", None)
            if now and isinstance(process, ForkedKernel) and process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                process.wait(timeout=5)
            return await super().shutdown_kernel(now=now, restart=restart)

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            if "ipykernel_launcher" not in kernel_cmd:
                return await super()._async_launch_kernel(kernel_cmd, **kw)
            env = dict(kw.get("env") or os.environ)
            env["JPY_PARENT_PID"] = str(os.getpid())  # as jupyter_client's launcher sets it (the kernel's parent poller)
            pid = fork_kernel(kernel_cmd, env, kw.get("cwd"))
            provisioner = self.provisioner
            provisioner.process, provisioner.pid, provisioner.pgid = ForkedKernel(pid), pid, pid
            self._reconcile_connection_info(provisioner.connection_info)

    return ForkKernelManager


def run_notebooks(job: dict, result_fd: int, workdir: str) -> None:
    import runner

    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.environ.clear()
    os.environ.update(job["env"])
    os.environ.setdefault("PWD", HOME)  # what bwrap sets for the cold path's runner, which kernels inherit
    os.chdir(workdir)
    manager = fork_kernel_manager()
    result = {"notebooks": {}, "error": None}
    try:
        for name in job["notebooks"]:
            result["notebooks"][name] = runner.execute_notebook(
                os.path.join(workdir, name), job, kernel_manager_class=manager
            )
    except Exception:  # noqa: BLE001
        result["error"] = traceback.format_exc()[-2000:]
    runner.write_all(result_fd, json.dumps(result).encode("utf-8"))
    os.close(result_fd)


# --------------------------------------------------------------------------------------------
# the template's loop (root inside the sandbox, with only the capabilities bwrap kept)


def processes_of_uid(uid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/status") as status:
                    for line in status:
                        if line.startswith("Uid:"):
                            if int(line.split()[1]) == uid:
                                found.append(int(entry))
                            break
            except OSError:
                continue
    return found


class Running:
    """A submission being graded: its child, a pidfd to wait on, and its wall-clock deadline."""

    def __init__(self, job: dict, pid: int):
        self.job, self.pid = job, pid
        self.pidfd = os.pidfd_open(pid)
        self.start = time.monotonic()
        self.deadline = self.start + max(0.0, job["total_seconds"])
        self.killed = False


def start_job(job: dict, status_fd: int, running: dict) -> Running:
    """Fork the submission's child; the template goes straight back to its loop."""
    pid = os.fork()
    if pid == 0:
        try:
            os.close(status_fd)
            for fd in running:  # the other submissions' pidfds: nothing of theirs reaches this one
                os.close(fd)
            submission(job)
        except BaseException:  # noqa: BLE001
            traceback.print_exc()
        os._exit(70)
    return Running(job, pid)


def finish_job(run: Running) -> dict:
    """Reap a submission's child, kill anything its uid left behind, and describe how it went."""
    _, status, usage = os.wait4(run.pid, 0)
    os.close(run.pidfd)
    leftovers = processes_of_uid(run.job["uid"])
    for left in leftovers:
        try:
            os.kill(left, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return {
        "id": run.job.get("id"),
        "returncode": os.waitstatus_to_exitcode(status),
        "killed_after_wall_clock": run.killed,
        "seconds": time.monotonic() - run.start,
        # CPU time of the submission's whole process tree (init, runner, kernel), each reaped by its parent
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "leftover_processes": leftovers,
        # peak resident memory: of the largest process of any submission so far, and of the template
        "max_rss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        "template_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def send(fd: int, message: dict) -> None:
    data = (json.dumps(message) + "\n").encode()
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def main() -> None:
    status_fd = int(sys.argv[1])
    os.set_inheritable(status_fd, False)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    start = time.monotonic()
    missing = warm()
    send(
        status_fd,
        {"ready": True, "seconds": time.monotonic() - start, "missing": missing, "threads": thread_count()},
    )
    # Several submissions at once, each in its own child, namespaces and uid (the grader gives every
    # job running at the same time a different uid); answers go back as each one ends.
    running: dict[int, Running] = {}  # pidfd -> submission
    pending, reading = b"", True
    while reading or running:
        deadlines = [run.deadline for run in running.values() if not run.killed]
        wait = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        ready, _, _ = select.select(([0] if reading else []) + list(running), [], [], wait)
        for run in running.values():
            if not run.killed and time.monotonic() >= run.deadline:
                run.killed = True
                os.kill(run.pid, signal.SIGKILL)  # its init dies with it (PDEATHSIG), and so the namespace
        for fd in ready:
            if fd != 0:
                send(status_fd, finish_job(running.pop(fd)))
                continue
            chunk = os.read(0, 65536)
            if not chunk:
                reading = False  # the grader closed the job channel: finish what runs, then end
                continue
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                run = start_job(json.loads(line), status_fd, running)
                running[run.pidfd] = run


if __name__ == "__main__":
    main()
