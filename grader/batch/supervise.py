"""The parent's side of a child: start it, hold it to the clock, collect what it reported.

A task that runs past its wall-clock budget (its cases' limits plus a grace; a child's
first task also gets the start-up allowance, a restarted child's a shorter one) is killed
with its whole sandbox and scores 0 as "time limit exceeded", even if it blocked SIGALRM
or swallowed BaseException. A child that dies (memory, a crash, sys.exit, os._exit) costs
the task it was in, with the reason. Either way a new child takes the remaining tasks, so
one bad task never costs the others — within the submission's own budget: the start-up
allowance and every task's budget once, however many children it takes.

Everything the child leaves is hostile: its reports are read as bytes (safe_read.py)
relative to the out/ folder opened before it started, never through a link, never from a
FIFO; its output and exit status are its own claims, and a crash is put down to a limit
only where the parent measured it (the cgroup's OOM kills, the CPU time wait4 reports).
"""

from __future__ import annotations

import math
import os
import signal
import threading
import time

from ..model import BUDGET_TYPE, ErrorInfo, ErrorKind, Outcome
from .confine import Cgroup, Host, cgroup_name
from .protocol import ReportError, TaskPlan, read_report
from .safe_read import Budget, ChildFileError, is_report, open_dir, open_regular, read_child_file
from .sandbox import Limits, Scratch, kill, start_child

POLL = 0.02  # seconds between looks at a running child
CANCEL = threading.Event()  # set by grade_class on Ctrl-C: every supervisor kills its child
MEMORY_WORDS = ("MemoryError", "Cannot allocate memory", "bad_alloc", "out of memory")
_children = iter(range(1 << 62))  # numbers the cgroups of this process's children


class Cancelled(RuntimeError):
    pass


def budget(plan: TaskPlan, limits: Limits) -> float:
    return plan.case_timeout * len(plan.cases) + limits.grace


def report_name(task_id: str) -> str:
    return f"{task_id}.npz"


def exited(proc) -> bool:
    """Has the child ended? Asked without reaping it, so its process group stays reserved
    until we have killed what it left behind."""
    try:
        return os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def watch(proc, out: int, pending: list[TaskPlan], limits: Limits, startup: float, last: float):
    """Wait for the child to end or run out of time (`last`: the submission's own deadline);
    kill it (and all it started) either way. (True when it was stopped for time, what it used)."""
    index = 0
    deadline = min(time.monotonic() + startup + budget(pending[0], limits), last)
    timed_out = False
    while not exited(proc):
        now = time.monotonic()
        while index < len(pending) and is_report(out, report_name(pending[index].task_id)):
            index += 1
            deadline = min(now + (budget(pending[index], limits) if index < len(pending) else limits.grace), last)
        if CANCEL.is_set():
            kill(proc)
            raise Cancelled("grading was cancelled")
        if now > deadline:
            timed_out = True
            break
        time.sleep(POLL)
    return timed_out, kill(proc)


def failed(plan: TaskPlan, kind: ErrorKind, message: str, type_: str = "") -> dict[str, Outcome]:
    return {case.id: Outcome(error=ErrorInfo(kind, type_, message)) for case in plan.cases}


def read_log(scratch: Scratch, size: int, tail: bool = False) -> bytes:
    """At most `size` bytes of the child's log (its start, or its end), or nothing."""
    try:
        fd = open_regular(scratch.log, os.O_RDONLY)
    except (OSError, ChildFileError):
        return b""
    try:
        if tail:
            os.lseek(fd, max(os.fstat(fd).st_size - size, 0), os.SEEK_SET)
        return os.read(fd, size)
    finally:
        os.close(fd)


def crash_message(returncode: int, mode: str, tail: str, limits: Limits, cpu_used: float | None = None,
                  cpu_limit: float | None = None, oom_kills: int = 0) -> str:
    """Why a child ended before reporting, from what the parent knows: the cgroup's OOM kills,
    the CPU time it used, its exit status. Its output is its own claim: quoted, never taken
    as the reason (a child can print 'MemoryError' and exit 3, or exit 152 = 128 + SIGXCPU)."""
    if oom_kills:
        return f"memory limit exceeded ({limits.memory_mb} MiB for the child and all it started)"
    said = next((w for w in MEMORY_WORDS if w in tail), None)
    claim = f"; its output mentions {said!r}" if said else ""
    sig, ambiguous = (-returncode, False) if returncode < 0 else (None, False)
    if mode == "bwrap" and 128 < returncode <= 128 + 64:
        sig, ambiguous = returncode - 128, True  # bubblewrap passes a killed child's signal on as 128 + n
    if sig == signal.SIGXCPU and cpu_used is not None and cpu_limit is not None and cpu_used >= cpu_limit - 1:
        return "CPU time limit exceeded"
    if sig:
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = f"signal {sig}"
        if ambiguous:
            return f"process ended with status {returncode} (killed by {name}, or exited with that code){claim}"
        return f"process killed by {name}{claim}"
    return f"process exited with code {returncode} before reporting{claim}"


def memory_as_crash(outcomes: dict[str, Outcome], limits: Limits) -> dict[str, Outcome]:
    """A MemoryError inside a case is the memory limit at work: say so."""
    for oc in outcomes.values():
        if oc.error is not None and oc.error.kind is ErrorKind.EXCEPTION and oc.error.type == "MemoryError":
            oc.error = ErrorInfo(ErrorKind.CRASH, "MemoryError", f"memory limit exceeded ({limits.memory_mb} MiB)",
                                 oc.error.where)
    return outcomes


def collect(out: int, plans: list[TaskPlan], limits: Limits, reading: Budget,
            owners: set[int]) -> dict[str, dict[str, Outcome]]:
    """The reports a child left, each read once as bytes and checked; one that is not a
    regular file of the child's, too large or malformed is that task's crash."""
    found = {}
    for plan in plans:
        try:
            data = read_child_file(out, report_name(plan.task_id), reading.file_bytes, owners)
        except ChildFileError as exc:
            if not exc.missing:
                found[plan.task_id] = failed(plan, ErrorKind.CRASH, f"the child's report was refused: {exc}")
            continue
        try:
            found[plan.task_id] = memory_as_crash(read_report(data, plan, reading), limits)
        except ReportError as exc:
            found[plan.task_id] = failed(plan, ErrorKind.CRASH, f"the child's report was malformed: {exc}")
    return found


def confined(host: Host | None, limits: Limits) -> Cgroup | None:
    """A fresh cgroup for the next child, where this machine has them (confine.py)."""
    if host is None or not host.bases:
        return None
    group = Cgroup.make(host, cgroup_name(next(_children)), limits.memory_mb, limits.processes)
    if group is None:
        from . import warn_once

        warn_once("cgroup", "a child's cgroup could not be made: it runs under its per-process limits only")
    return group


def run_tasks(mode: str, scratch: Scratch, plans: list[TaskPlan], limits: Limits, uid: int | None,
              host: Host | None = None) -> dict[str, dict[str, Outcome]]:
    """Every planned task's outcomes, running children until each task has an answer or the
    submission's time is up. `host`: the cgroups to confine each child in (confine.detect())."""
    results: dict[str, dict[str, Outcome]] = {}
    pending = list(plans)
    reading = Budget(file_bytes=limits.file_mb << 20)
    owners = {uid} if uid is not None else {os.geteuid()}
    total = limits.startup + sum(budget(p, limits) for p in plans)
    last = time.monotonic() + total
    startup = limits.startup
    out = open_dir(scratch.root, "out")  # before any child runs: it cannot be a link to elsewhere
    try:
        while pending:
            if time.monotonic() >= last:
                for plan in pending:
                    results[plan.task_id] = failed(plan, ErrorKind.TIMEOUT, f"{total:g}", BUDGET_TYPE)
                break
            cpu = math.ceil(startup + sum(budget(p, limits) for p in pending))
            group = confined(host, limits)
            try:
                proc = start_child(mode, scratch, [p.task_id for p in pending], limits, cpu, uid,
                                   tuple(group.join_files()) if group else ())
                timed_out, usage = watch(proc, out, pending, limits, startup, last)
                oom_kills = group.oom_kills() if group else 0
            finally:
                if group:
                    group.close()
            results.update(collect(out, pending, limits, reading, owners))
            pending = [p for p in pending if p.task_id not in results]
            if not pending:
                break
            current = pending.pop(0)
            if timed_out:  # like grader.run's own timeouts, the message is the limit per case
                results[current.task_id] = failed(current, ErrorKind.TIMEOUT, f"{current.case_timeout:g}")
            else:
                used = usage.ru_utime + usage.ru_stime if usage is not None else None
                tail = read_log(scratch, 4096, tail=True).decode("utf-8", "replace")
                message = crash_message(proc.returncode, mode, tail, limits, used, cpu, oom_kills)
                results[current.task_id] = failed(current, ErrorKind.CRASH, message)
            startup = min(limits.startup, limits.restart)
    finally:
        os.close(out)
    return results
