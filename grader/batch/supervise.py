"""The parent's side of a child: start it, hold it to the clock, collect what it reported.

A task that runs past its wall-clock budget (its cases' limits plus a grace; the first
task of a child also gets the start-up allowance) is killed with its whole sandbox and
scores 0 as "time limit exceeded", even if it blocked SIGALRM or swallowed BaseException.
A child that dies (memory, a crash, sys.exit, os._exit) costs the task it was in, with the
reason. Either way a new child takes the remaining tasks, so one bad task never costs
the others. A task is "done" when its report file exists: the child writes it atomically.
"""

from __future__ import annotations

import math
import os
import signal
import threading
import time
from pathlib import Path

from ..model import ErrorInfo, ErrorKind, Outcome
from .protocol import ReportError, TaskPlan, read_report
from .sandbox import Limits, Scratch, kill, start_child

POLL = 0.02  # seconds between looks at a running child
CANCEL = threading.Event()  # set by grade_class on Ctrl-C: every supervisor kills its child
MEMORY_WORDS = ("MemoryError", "Cannot allocate memory", "bad_alloc", "out of memory")


class Cancelled(RuntimeError):
    pass


def budget(plan: TaskPlan, limits: Limits) -> float:
    return plan.case_timeout * len(plan.cases) + limits.grace


def report_path(scratch: Scratch, task_id: str) -> Path:
    return scratch.out / f"{task_id}.npz"


def exited(proc) -> bool:
    """Has the child ended? Asked without reaping it, so its process group stays reserved
    until we have killed what it left behind."""
    try:
        return os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def watch(proc, scratch: Scratch, pending: list[TaskPlan], limits: Limits) -> bool:
    """Wait for the child to end or run out of time; kill it (and all it started) either
    way. True when it was stopped for time."""
    index = 0
    deadline = time.monotonic() + limits.startup + budget(pending[0], limits)
    timed_out = False
    while not exited(proc):
        now = time.monotonic()
        while index < len(pending) and report_path(scratch, pending[index].task_id).exists():
            index += 1
            deadline = now + (budget(pending[index], limits) if index < len(pending) else limits.grace)
        if CANCEL.is_set():
            kill(proc)
            raise Cancelled("grading was cancelled")
        if now > deadline:
            timed_out = True
            break
        time.sleep(POLL)
    kill(proc)
    return timed_out


def failed(plan: TaskPlan, kind: ErrorKind, message: str, type_: str = "") -> dict[str, Outcome]:
    return {case.id: Outcome(error=ErrorInfo(kind, type_, message)) for case in plan.cases}


def log_tail(scratch: Scratch, size: int = 4096) -> str:
    with open(scratch.log, "rb") as fh:
        fh.seek(max(fh.seek(0, 2) - size, 0))
        return fh.read().decode("utf-8", "replace")


def crash_message(returncode: int, mode: str, tail: str, limits: Limits) -> str:
    """Why a child ended before reporting, as far as its exit status and log tell."""
    sig = -returncode if returncode < 0 else None
    if mode == "bwrap" and 128 < returncode <= 128 + 64:
        sig = returncode - 128  # bubblewrap passes a killed child's signal on as 128 + n
    if any(word in tail for word in MEMORY_WORDS):
        return f"memory limit exceeded ({limits.memory_mb} MiB)"
    if sig == signal.SIGXCPU:
        return "CPU time limit exceeded"
    if sig == signal.SIGXFSZ:
        return f"file size limit exceeded ({limits.file_mb} MiB)"
    if sig:
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = f"signal {sig}"
        return f"process killed by {name}"
    return f"process exited with code {returncode} before reporting"


def memory_as_crash(outcomes: dict[str, Outcome], limits: Limits) -> dict[str, Outcome]:
    """A MemoryError inside a case is the memory limit at work: say so."""
    for oc in outcomes.values():
        if oc.error is not None and oc.error.kind is ErrorKind.EXCEPTION and oc.error.type == "MemoryError":
            oc.error = ErrorInfo(ErrorKind.CRASH, "MemoryError", f"memory limit exceeded ({limits.memory_mb} MiB)",
                                 oc.error.where)
    return outcomes


def collect(scratch: Scratch, plans: list[TaskPlan], limits: Limits) -> dict[str, dict[str, Outcome]]:
    """The reports a child left, each checked; a malformed one is that task's crash."""
    found = {}
    for plan in plans:
        path = report_path(scratch, plan.task_id)
        if not path.exists():
            continue
        try:
            found[plan.task_id] = memory_as_crash(read_report(path, plan.task_id, [c.id for c in plan.cases]), limits)
        except ReportError as exc:
            found[plan.task_id] = failed(plan, ErrorKind.CRASH, f"the child's report was malformed: {exc}")
    return found


def run_tasks(mode: str, scratch: Scratch, plans: list[TaskPlan], limits: Limits,
              uid: int | None) -> dict[str, dict[str, Outcome]]:
    """Every planned task's outcomes, running children until each task has an answer."""
    results: dict[str, dict[str, Outcome]] = {}
    pending = list(plans)
    while pending:
        cpu = math.ceil(limits.startup + sum(budget(p, limits) for p in pending))
        proc = start_child(mode, scratch, [p.task_id for p in pending], limits, cpu, uid)
        timed_out = watch(proc, scratch, pending, limits)
        results.update(collect(scratch, pending, limits))
        pending = [p for p in pending if p.task_id not in results]
        if not pending:
            break
        current = pending.pop(0)
        if timed_out:  # like grader.run's own timeouts, the message is the limit per case
            results[current.task_id] = failed(current, ErrorKind.TIMEOUT, f"{current.case_timeout:g}")
        else:
            message = crash_message(proc.returncode, mode, log_tail(scratch), limits)
            results[current.task_id] = failed(current, ErrorKind.CRASH, message)
    return results
