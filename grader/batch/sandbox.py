"""Where student code runs: a child process under bubblewrap, or under resource limits alone.

Under bubblewrap the child sees a read-only system (/usr), the Python interpreter and its
site-packages, the grader package with grader/answers.npz masked, datasets/ (MNIST) and
its own scratch directory, mounted at /dlkit; not solutions/, not the kit's other files,
not other students, not the network. Its environment holds no secret. Run as root, the
worker drops to a fresh unprivileged uid before it imports student code, so the process
limit (which root ignores) holds; run as a user, bubblewrap's user namespace does that.

The limits themselves (memory, CPU time, file size, processes) are set by the worker on
itself before it imports student code (worker.py); the wall-clock limit is the parent's
(supervise.py).
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .confine import joined
from .safe_read import open_afresh

SANDBOXES = ("auto", "bwrap", "none")
INSIDE = "/dlkit"  # the scratch directory as the child sees it under bubblewrap
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64")
NAMESPACES = ("--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try")
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS",
               "VECLIB_MAXIMUM_THREADS")
UID_RANGE = (1_000_000, 1_999_000_000)  # fresh uids for children when the grader runs as root
TMP_MB = 64  # the sandbox's /tmp, in memory


@dataclass(frozen=True)
class Limits:
    """What a child may use. case_timeout=None keeps the catalogue's limit per case; the
    training task always keeps its own (as with `pytest grader --case-timeout`)."""

    case_timeout: float | None = None
    startup: float = 30.0  # seconds for a child to start and import, on top of its first task
    restart: float = 10.0  # the same for each child after the first: it has shown what starting costs
    grace: float = 2.0  # seconds per task on top of its cases' limits
    memory_mb: int = 2048  # address space (RLIMIT_AS), and the child's cgroup in all (confine.py)
    file_mb: int = 64  # largest file the child may write (RLIMIT_FSIZE)
    disk_mb: int = 256  # its scratch folder in all, where it is a tmpfs (confine.py)
    processes: int = 64  # processes and threads (RLIMIT_NPROC, and the cgroup's pids.max)
    output_kb: int = 256  # what the student's prints may put in the log

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


class SandboxError(RuntimeError):
    pass


# ---------------------------------------------------------------- choosing the sandbox


def is_root() -> bool:
    return os.geteuid() == 0


def namespace_args() -> list[str]:
    # as root the worker switches uid itself (see worker.drop_privileges); as a user,
    # bubblewrap needs a user namespace to do anything
    return [*NAMESPACES] if is_root() else ["--unshare-user", *NAMESPACES]


def bwrap_exe() -> str | None:
    return shutil.which("bwrap")


@cache
def bwrap_problem() -> str | None:
    """Why bubblewrap cannot be used here, or None when it can."""
    exe = bwrap_exe()
    if exe is None:
        return "bubblewrap (bwrap) is not installed"
    try:
        # a new /proc and /dev as the children have them: a container may let bubblewrap make its
        # namespaces and still refuse it a /proc (Kubernetes' default procMount)
        probe = subprocess.run([exe, *namespace_args(), "--die-with-parent", "--ro-bind", "/", "/",
                                "--proc", "/proc", "--dev", "/dev", "true"],
                               capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin"})
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bubblewrap does not start: {exc}"
    if probe.returncode != 0:
        return f"bubblewrap does not work here: {probe.stderr.strip() or probe.returncode}"
    return None


def resolve_sandbox(choice: str) -> tuple[str, str | None]:
    """The sandbox to use ('bwrap' or 'none') and, when 'auto' fell back to none, why."""
    if choice not in SANDBOXES:
        raise ValueError(f"sandbox must be one of {', '.join(SANDBOXES)}, not {choice!r}")
    if choice == "none":
        return "none", None
    problem = bwrap_problem()
    if problem is None:
        return "bwrap", None
    if choice == "bwrap":
        raise SandboxError(problem)
    return "none", problem


# ---------------------------------------------------------------- what the child sees


def kit_dirs() -> tuple[Path, Path, Path]:
    """The grader package, datasets/ and solutions/ of this installation."""
    import datasets

    from ..kit import SOLUTIONS

    return Path(__file__).resolve().parent.parent, Path(datasets.__file__).resolve().parent, SOLUTIONS


@cache
def python_layout() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The interpreter's prefixes (sys.prefix and friends: a venv's and its base's) and its
    import path as a child (python -I) sees them: asked of a clean interpreter, not taken
    from this process's sys.path (pytest adds the kit)."""
    code = ("import sys, json; print(json.dumps([[sys.prefix, sys.exec_prefix, sys.base_prefix, "
            "sys.base_exec_prefix], sys.path]))")
    out = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin"}).stdout
    prefixes, path = json.loads(out)
    return tuple(dict.fromkeys(map(os.path.abspath, prefixes))), tuple(
        dict.fromkeys(os.path.abspath(p) for p in path if p and os.path.exists(p)))


def is_under(path: str, parent: str) -> bool:
    return path == parent or path.startswith(parent.rstrip("/") + "/")


def outermost(paths: list[str]) -> list[str]:
    out: list[str] = []
    for p in sorted(set(paths), key=len):
        if not any(is_under(p, q) for q in out):
            out.append(p)
    return out


def ancestors(paths: list[str], bound: list[str]) -> list[str]:
    """Mount points' parent folders that nothing bound provides, to be made world-searchable
    (bubblewrap would copy a 0700 /root, and an unprivileged child could not reach the
    interpreter below it)."""
    out = set()
    for p in paths:
        parent = Path(p).parent
        while str(parent) != "/":
            out.add(str(parent))
            parent = parent.parent
    return sorted((a for a in out if not any(is_under(a, s) for s in SYSTEM_DIRS)
                   and not any(is_under(a, b) for b in [*bound, *paths])), key=lambda a: (a.count("/"), a))


def kits_in(folder: str) -> list[str]:
    """A dlkit inside a folder the child is shown (an old wheel in site-packages, a checkout
    some .pth points at): its solutions/ and frozen answers, to be masked."""
    found = []
    for root in (Path(folder), *Path(folder).glob("lib/python*/site-packages")):
        if (root / "solutions").is_dir() and (root / "grader").is_dir():
            found.append(str(root / "solutions"))
        if (root / "grader" / "answers.npz").is_file():
            found.append(str(root / "grader" / "answers.npz"))
    return found


def filesystem_args(prefixes: list[str], path: list[str], grader_dir: str, datasets_dir: str,
                    solutions: str) -> list[str]:
    """The child's view of the kit and of Python, read-only: the interpreter's folders under
    its own prefixes (not what a .pth file adds elsewhere: a legacy editable install puts
    some checkout's root, with its solutions/, on the path); then, where those include the
    kit, the kit hidden under an empty tmpfs (a source checkout: its solutions/, tests/,
    .git) or its solutions/ hidden (an installed kit), and any other kit in them masked;
    then grader/ and datasets/ on top, with grader/answers.npz masked by /dev/null."""
    kit_root = str(Path(grader_dir).parent)
    checkout = Path(kit_root).name not in ("site-packages", "dist-packages")
    bound = outermost([p for p in [*prefixes, *path] if not (checkout and p == kit_root)
                       and any(is_under(p, pre) for pre in prefixes)
                       and not any(is_under(p, s) for s in SYSTEM_DIRS)])
    args = []
    for a in ancestors([*bound, grader_dir, datasets_dir, INSIDE], bound):
        args += ["--perms", "0755", "--dir", a]
    for b in bound:
        args += ["--ro-bind", b, b]
    hide = kit_root if checkout else solutions
    if any(is_under(hide, b) for b in bound):
        args += ["--tmpfs", hide]
    shown = [*bound, *SYSTEM_DIRS]
    others = {k for p in [*bound, *path] for k in kits_in(p) if any(is_under(k, b) for b in shown)}
    for other in sorted(others - {solutions, str(Path(grader_dir) / "answers.npz")}):
        args += ["--ro-bind", "/dev/null", other] if other.endswith(".npz") else ["--tmpfs", other]
    for kit in (grader_dir, datasets_dir):
        args += ["--ro-bind", kit, kit]
    # the child trains on data the parent made for it: plain MNIST would undo its transformation
    args += ["--ro-bind", "/dev/null", str(Path(datasets_dir) / "mnist.npz")]
    return args + ["--ro-bind", "/dev/null", str(Path(grader_dir) / "answers.npz")]


@cache
def bwrap_help() -> str:
    return subprocess.run([bwrap_exe(), "--help"], capture_output=True, text=True).stdout


def tmp_args() -> list[str]:
    """A private /tmp anyone in the sandbox may write to, in memory, so capped where
    bubblewrap can (--size came with 0.7)."""
    if "--size" in bwrap_help():
        return ["--perms", "1777", "--size", str(TMP_MB << 20), "--tmpfs", "/tmp"]
    return ["--tmpfs", "/tmp"]


@cache
def bwrap_filesystem() -> tuple[str, ...]:
    args = []
    for d in SYSTEM_DIRS:
        if os.path.islink(d):
            args += ["--symlink", os.readlink(d), d]
        elif os.path.isdir(d):
            args += ["--ro-bind", d, d]
    args += ["--proc", "/proc", "--dev", "/dev", *tmp_args()]
    grader_dir, datasets_dir, solutions = kit_dirs()
    prefixes, path = python_layout()
    return tuple(args + filesystem_args(list(prefixes), list(path), str(grader_dir), str(datasets_dir),
                                        str(solutions)))


# ---------------------------------------------------------------- the child's scratch directory


@dataclass(frozen=True)
class Scratch:
    """A child's private folder: in/ (inputs, read-only to it), work/ (the exercise files,
    its working directory), out/ (its reports), home/ (HOME, MPLCONFIGDIR), log.txt."""

    root: Path

    @property
    def inputs(self) -> Path:
        return self.root / "in" / "inputs.npz"

    @property
    def work(self) -> Path:
        return self.root / "work"

    @property
    def out(self) -> Path:
        return self.root / "out"

    @property
    def home(self) -> Path:
        return self.root / "home"

    @property
    def log(self) -> Path:
        return self.root / "log.txt"

    def prepare(self, files: dict[str, bytes], uid: int | None) -> None:
        """Make the folders; `root` sits in a private (0700) folder of the grader's, and is
        itself only searchable, so that a child running under another uid can enter it."""
        for d in (self.root / "in", self.work, self.out, self.home / "mpl", self.home / "tmp"):
            d.mkdir(parents=True, exist_ok=True)
        self.root.chmod(0o711)
        (self.root / "in").chmod(0o755)
        for name, data in files.items():
            (self.work / name).write_bytes(data)
        fresh_bytecode()
        for font_list in font_cache():
            shutil.copy(font_list, self.home / "mpl" / font_list.name)  # matplotlib need not rebuild it
        self.log.touch()
        if uid is not None:
            for d in (self.work, self.out, self.home):
                for p in (d, *d.rglob("*")):
                    os.chown(p, uid, uid)


@cache
def fresh_bytecode() -> None:
    """The grader's modules compiled where Python looks for them, once, so that no child
    compiles them again: a child runs with -B and writes nothing, so a checkout edited since
    its last import (or an environment with PYTHONDONTWRITEBYTECODE) would cost every child
    ~30 ms. Where the kit is read-only, pip compiled it at install time."""
    import compileall

    for folder in kit_dirs()[:2]:
        try:
            compileall.compile_dir(folder, quiet=2)
        except OSError:
            pass


@cache
def font_cache() -> tuple[Path, ...]:
    """matplotlib's font list, built once here so that no child spends a second on it."""
    import matplotlib
    from matplotlib import font_manager  # noqa: F401 - importing it writes the cache

    return tuple(sorted(Path(matplotlib.get_cachedir()).glob("fontlist-*.json")))


def child_uid() -> int | None:
    """A fresh uid for one child when running as root: the process limit counts per uid,
    so each child gets its own (random, so concurrent runs do not share one either)."""
    if not is_root():
        return None
    try:
        extents = [tuple(map(int, line.split())) for line in Path("/proc/self/uid_map").read_text().splitlines()]
    except OSError:
        extents = []
    lo, hi = UID_RANGE
    if any(inside <= lo and hi <= inside + count for inside, _, count in extents):
        return random.randrange(lo, hi)
    return 65534  # a namespace that maps few uids: nobody, at least not root


# ---------------------------------------------------------------- starting and stopping a child


def child_env(home: str) -> dict[str, str]:
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": home, "MPLCONFIGDIR": f"{home}/mpl",
           "TMPDIR": f"{home}/tmp", "MPLBACKEND": "Agg", "LANG": "C.UTF-8", "USER": "student", "LOGNAME": "student"}
    env.update({var: "1" for var in THREAD_VARS})  # --jobs children must not oversubscribe the cores
    return env


def system_threads() -> int:
    """Threads running on the machine now (/proc/loadavg): without bubblewrap and as a user,
    the process limit counts all of that user's threads, so it must start above them."""
    try:
        return int(Path("/proc/loadavg").read_text().split()[3].split("/")[1])
    except (OSError, IndexError, ValueError):
        return 4096


def kit_python(code: str) -> list[str]:
    """python running `code` with this kit's grader. -I keeps the student's folder and the
    environment off the import path; the kit's own folders go first on it, so that the child
    runs the grader that judges it, whatever the interpreter's install points at (an editable
    install of another checkout, say)."""
    grader_dir, datasets_dir, _ = kit_dirs()
    roots = list(dict.fromkeys(str(d.parent) for d in (grader_dir, datasets_dir)))
    return [sys.executable, "-I", "-B", "-c", f"import sys; sys.path[:0] = {roots!r}; {code}"]


def worker_command() -> list[str]:
    """python running this kit's grader.batch.worker (kit_python)."""
    return kit_python("from grader.batch.worker import main; main()")


def worker_args(root: str, task_ids: list[str], limits: Limits, cpu_seconds: int, uid: int | None,
                processes: int, parent: int | None = None) -> list[str]:
    args = [*worker_command(), "--root", root, "--tasks", ",".join(task_ids),
            "--memory-mb", str(limits.memory_mb), "--cpu-seconds", str(cpu_seconds),
            "--file-mb", str(limits.file_mb), "--processes", str(processes),
            "--output-bytes", str(limits.output_kb * 1024)]
    args += ["--uid", str(uid)] if uid is not None else []
    return args + (["--parent", str(parent)] if parent is not None else [])


def start_child(mode: str, scratch: Scratch, task_ids: list[str], limits: Limits, cpu_seconds: int,
                uid: int | None, join: tuple[str, ...] = ()) -> subprocess.Popen:
    """Start a worker for these tasks; its stdout and stderr go to the scratch log. `join`: its
    cgroups' cgroup.procs files."""
    if mode == "bwrap":
        env = child_env(f"{INSIDE}/home")
        argv = [bwrap_exe(), *namespace_args(), "--die-with-parent", "--new-session", "--hostname", "sandbox",
                *bwrap_filesystem(), "--bind", str(scratch.root), INSIDE,
                "--ro-bind", str(scratch.root / "in"), f"{INSIDE}/in", "--chdir", f"{INSIDE}/work", "--clearenv"]
        for key, value in env.items():
            argv += ["--setenv", key, value]
        argv += worker_args(INSIDE, task_ids, limits, cpu_seconds, uid, limits.processes)
        cwd = scratch.root
    else:
        env = child_env(str(scratch.home))
        processes = limits.processes + (0 if is_root() else system_threads())
        argv = worker_args(str(scratch.root), task_ids, limits, cpu_seconds, None, processes, os.getpid())
        cwd = scratch.work
    argv = joined(join, argv) if join else argv
    # without bubblewrap an earlier child could have left a FIFO or a link for its log
    log = open_afresh(scratch.log, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    try:
        # env: bubblewrap's own process must not carry the grader's environment (the secret) either
        return subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=log, cwd=cwd,
                                env={"PATH": env["PATH"]} if mode == "bwrap" else env,
                                start_new_session=True, close_fds=True)
    finally:
        os.close(log)


def kill(proc: subprocess.Popen) -> resource.struct_rusage | None:
    """Kill the child's whole process group (under bubblewrap, killing bwrap takes the pid
    namespace and everything in it down too); what it used (wait4), when it is ours to reap."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if proc.returncode is not None:
        return None
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    except ChildProcessError:
        proc.wait()
        return None
    proc.returncode = os.waitstatus_to_exitcode(status)
    return usage
