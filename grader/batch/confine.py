"""Limits on all of a child at once, where the kernel lets the grader set them.

The worker's own limits (worker.set_limits) hold per process: a child that forks eight
processes may hold eight times --memory-mb; busy loops that each take a session of their
own starve the other children; 64 MiB per file is no limit on a folder. Where this machine
allows it (as root, with the controllers mounted), each child gets

* a cgroup of its own in the memory, cpu and pids controllers (cgroup v1 beside the
  grader's own cgroup, or v2's unified tree): `memory_mb` for all its processes together,
  one CPU, `processes` tasks. The kernel counts the OOM kills in it, so "memory limit
  exceeded" is something the parent measured, never something the child printed;
* a tmpfs of `disk_mb` MiB and DISK_INODES inodes as its scratch folder (in memory, and
  charged to its memory cgroup): full, it says ENOSPC, and unmounting it frees everything.

`detect()` finds out once per process what this machine offers (by trying it); whatever is
missing is said once (`Host.missing`) and docs/batch.md says what is then bounded only per
process. Cgroups are named after the grader's pid and start time, so a later run removes
those of a run that died and never those of one that still lives.
"""

from __future__ import annotations

import ctypes
import os
import signal
import tempfile
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CONTROLLERS = ("memory", "cpu", "pids")
CGROUP_PREFIX = "dlkit-grade-"
DISK_INODES = 4096  # an honest scratch holds a few dozen files
MS_NOSUID, MS_NODEV, MNT_DETACH = 2, 4, 2
CPU_PERIOD_US = 100_000
V1_LIMITS = {"memory": ("memory.limit_in_bytes", "memory.memsw.limit_in_bytes"),
             "cpu": ("cpu.cfs_period_us", "cpu.cfs_quota_us"), "pids": ("pids.max",)}
V2_LIMITS = ("memory.max", "memory.swap.max", "cpu.max", "pids.max")
OPTIONAL = ("memory.memsw.limit_in_bytes", "memory.swap.max")  # swap accounting may be off


@dataclass(frozen=True)
class Host:
    """What this machine lets the grader confine a child with."""

    cgroup_version: int | None = None  # 1 or 2; None: no cgroups
    bases: tuple[tuple[str, str], ...] = ()  # (controller, folder its children's cgroups go in)
    tmpfs: bool = False
    missing: tuple[str, ...] = ()  # what is not there, and why, for the notice

    @property
    def controllers(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.bases)

    def describe(self) -> list[str]:
        parts = [f"cgroup v{self.cgroup_version}: {', '.join(self.controllers)}"] if self.bases else []
        return parts + (["scratch: tmpfs"] if self.tmpfs else [])


# ---------------------------------------------------------------- finding out


def unescape(field: str) -> str:
    """/proc/self/mountinfo writes space, tab, newline and backslash as octal escapes."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def mounts() -> list[tuple[str, str, str, str]]:
    """(root within its file system, mount point, type, super options) of every mount."""
    out = []
    try:
        lines = Path("/proc/self/mountinfo").read_text().splitlines()
    except OSError:
        return out
    for line in lines:
        left, _, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if len(fields) >= 5 and len(tail) >= 3:
            out.append((unescape(fields[3]), unescape(fields[4]), tail[0], tail[2]))
    return out


def own_cgroups() -> dict[str, str]:
    """This process's cgroup per v1 controller, and under '' its v2 one."""
    own = {}
    try:
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            _, names, path = line.split(":", 2)
            for name in names.split(",") if names else [""]:
                own[name] = path
    except (OSError, ValueError):
        pass
    return own


def v1_bases() -> dict[str, str]:
    own = own_cgroups()
    bases = {}
    for root, point, fstype, options in mounts():
        if fstype != "cgroup":
            continue
        for controller in set(options.split(",")) & set(CONTROLLERS):
            path = own.get(controller)
            if controller not in bases and path is not None and (path + "/").startswith(root.rstrip("/") + "/"):
                bases[controller] = os.path.join(point, path[len(root.rstrip("/")):].lstrip("/"))
    return bases


def v2_base() -> str | None:
    """v2's root, when it hands all three controllers to its children (as root, a grader's own
    cgroup has processes in it, which v2 forbids to hold children with controllers)."""
    for root, point, fstype, _ in mounts():
        if fstype == "cgroup2" and root == "/":
            try:
                enabled = set((Path(point) / "cgroup.subtree_control").read_text().split())
            except OSError:
                continue
            if set(CONTROLLERS) <= enabled:
                return point
    return None


@cache
def detect() -> Host:
    missing = []
    bases: dict[str, str] = {}
    version = None
    if os.geteuid() != 0:
        missing.append("not root: no cgroup or tmpfs of its own for each child")
    else:
        bases, version = v1_bases(), 1
        if set(CONTROLLERS) - set(bases) and (v2 := v2_base()):
            bases, version = dict.fromkeys(CONTROLLERS, v2), 2
        probe = Cgroup.make(Host(version, tuple(bases.items())), f"{CGROUP_PREFIX}probe-{os.getpid()}", 64, 8)
        if probe is None:
            bases = {}
        else:
            bases = {c: b for c, b in bases.items() if c in probe.dirs}
            probe.close()
        if set(CONTROLLERS) - set(bases):
            missing.append(f"no cgroup for {', '.join(sorted(set(CONTROLLERS) - set(bases)))}")
    host = Host(version if bases else None, tuple(sorted(bases.items())), False, tuple(missing))
    if os.geteuid() == 0:
        ok = tmpfs_works()
        if not ok:
            missing.append("no tmpfs for the scratch folders (mount refused)")
        host = Host(host.cgroup_version, host.bases, ok, tuple(missing))
    return host


# ---------------------------------------------------------------- a child's cgroup

# The child's first process joins its cgroups and becomes the child (exec): nothing it starts
# can be outside them. A failure to join ends it before any of the child's code runs.
JOIN = 'n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ >"$1" || exit 125; shift; n=$((n-1)); done; exec "$@"'


def joined(procs_files: tuple[str, ...], argv: list[str]) -> list[str]:
    """argv, run as a process that first joins the cgroups whose cgroup.procs files are given."""
    return ["/bin/sh", "-c", JOIN, "sh", str(len(procs_files)), *procs_files, *argv]



def process_start(pid: int) -> str | None:
    """A process's start time in clock ticks since boot: with the pid, a name no later
    process can have."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def cgroup_name(n: int) -> str:
    return f"{CGROUP_PREFIX}{os.getpid()}-{process_start(os.getpid())}-{n}"


class Cgroup:
    """One child's cgroup: a folder per controller (v1) or one folder (v2)."""

    def __init__(self, host: Host, dirs: dict[str, Path]) -> None:
        self.host, self.dirs = host, dirs

    @classmethod
    def make(cls, host: Host, name: str, memory_mb: int, processes: int) -> Cgroup | None:
        """Made and limited, or None where the kernel refuses (then nothing is left behind)."""
        group = cls(host, {})
        try:
            for controller, base in host.bases:
                path = Path(base) / name
                if path not in group.dirs.values():
                    path.mkdir()
                group.dirs[controller] = path
            group.limit(memory_mb, processes)
        except OSError:
            group.close()
            return None
        return group

    def limit(self, memory_mb: int, processes: int) -> None:
        mem = str(memory_mb << 20)
        cpu = str(CPU_PERIOD_US)  # one CPU: a quota of one period per period
        values = {"memory.limit_in_bytes": mem, "memory.memsw.limit_in_bytes": mem, "memory.max": mem,
                  "memory.swap.max": "0", "cpu.cfs_period_us": cpu, "cpu.cfs_quota_us": cpu,
                  "cpu.max": f"{cpu} {cpu}", "pids.max": str(processes)}
        for controller, path in self.dirs.items():
            files = V1_LIMITS[controller] if self.host.cgroup_version == 1 else V2_LIMITS
            for name in files:
                try:
                    (path / name).write_text(values[name])
                except OSError:
                    if name not in OPTIONAL:
                        raise

    def join_files(self) -> list[str]:
        """What the child's first process writes its pid to (sandbox.start_child)."""
        return sorted({str(p / "cgroup.procs") for p in self.dirs.values()})

    def _read(self, controller: str, name: str) -> str:
        try:
            return (self.dirs[controller] / name).read_text()
        except (KeyError, OSError):
            return ""

    def oom_kills(self) -> int:
        """How many processes the kernel killed for the memory limit."""
        text = self._read("memory", "memory.oom_control" if self.host.cgroup_version == 1 else "memory.events")
        counts = dict(line.split() for line in text.splitlines() if len(line.split()) == 2)
        return int(counts.get("oom_kill", 0))

    def peak_bytes(self) -> int | None:
        text = self._read("memory", "memory.max_usage_in_bytes" if self.host.cgroup_version == 1 else "memory.peak")
        return int(text) if text.strip().isdigit() else None

    def pids(self) -> set[int]:
        return {int(p) for path in self.dirs.values() for p in self._read_procs(path)}

    @staticmethod
    def _read_procs(path: Path) -> list[str]:
        try:
            return (path / "cgroup.procs").read_text().split()
        except OSError:
            return []

    def close(self, wait: float = 2.0) -> bool:
        """Kill what is still in it (only the child's own processes can be) and remove it;
        False when it could not be removed (a later run's clean_stale_cgroups tries again)."""
        deadline = time.monotonic() + wait
        while (pids := self.pids()) and time.monotonic() < deadline:
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            time.sleep(0.01)
        removed = True
        for path in set(self.dirs.values()):
            try:
                path.rmdir()
            except FileNotFoundError:
                pass
            except OSError:
                removed = False
        return removed


def clean_stale_cgroups(host: Host) -> list[str]:
    """Remove the empty cgroups of grader processes that are gone; what could not be removed."""
    left = []
    for base in {b for _, b in host.bases}:
        try:
            entries = [p for p in Path(base).iterdir() if p.name.startswith(CGROUP_PREFIX)]
        except OSError:
            continue
        for path in entries:
            parts = path.name.removeprefix(CGROUP_PREFIX).split("-")
            if len(parts) == 3 and parts[0].isdigit() and process_start(int(parts[0])) != parts[1]:
                try:
                    path.rmdir()
                except OSError:
                    left.append(str(path))
    return left


# ---------------------------------------------------------------- a scratch folder in memory


def libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def mount_tmpfs(path: Path, size_mb: int, inodes: int = DISK_INODES) -> bool:
    options = f"size={size_mb}m,nr_inodes={inodes},mode=0700".encode()
    return libc().mount(b"dlkit-scratch", os.fsencode(path), b"tmpfs", MS_NOSUID | MS_NODEV, options) == 0


def unmount(path: str | os.PathLike) -> bool:
    """Detach a mount (lazily: whatever still holds it lets go when it dies)."""
    return libc().umount2(os.fsencode(path), MNT_DETACH) == 0


def unmount_below(folder: str | os.PathLike) -> list[str]:
    """Unmount everything mounted in folder, deepest first (a killed run's scratch tmpfs);
    what could not be unmounted."""
    prefix = os.path.abspath(folder).rstrip("/") + "/"
    points = sorted((p for _, p, _, _ in mounts() if p.startswith(prefix)), key=len, reverse=True)
    return [f"{p}: still mounted" for p in points if not unmount(p)]


def tmpfs_works() -> bool:
    probe = tempfile.mkdtemp(prefix=f"{CGROUP_PREFIX}probe-")
    try:
        if not mount_tmpfs(Path(probe), 1, 16):
            return False
        return unmount(probe)
    finally:
        try:
            os.rmdir(probe)
        except OSError:
            pass
