"""The child: `python -m grader.batch.worker --root SCRATCH --tasks a,b,...`.

It sets its own resource limits and, started as root, drops to an unprivileged uid, both
before a line of student code runs; then it imports the submission in SCRATCH/work (as
grader.run.Submission), runs each task's cases (grader.run.run_task) and writes each
task's outcomes to SCRATCH/out/<task>.npz as soon as the task ends, atomically. So a
child that dies early loses only the task it was in. It judges nothing: the parent does.
Student output goes to the log the parent gave as stdout/stderr, capped.
"""

from __future__ import annotations

import argparse
import ctypes
import io
import os
import resource
import signal
import sys

PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m grader.batch.worker")
    p.add_argument("--root", required=True)
    p.add_argument("--tasks", required=True)
    p.add_argument("--memory-mb", type=int, required=True)
    p.add_argument("--cpu-seconds", type=int, required=True)
    p.add_argument("--file-mb", type=int, required=True)
    p.add_argument("--processes", type=int, required=True)
    p.add_argument("--output-bytes", type=int, required=True)
    p.add_argument("--uid", type=int, default=None)
    p.add_argument("--parent", type=int, default=None, help="without bubblewrap: the grader's pid")
    return p.parse_args(argv)


def prctl(option: int, value: int) -> None:
    ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)


def set_limits(args: argparse.Namespace) -> None:
    """Soft = hard, so student code cannot raise them back (never above a hard limit that
    is already lower: only root could raise it)."""
    mb = 1 << 20
    for limit, value in ((resource.RLIMIT_AS, args.memory_mb * mb), (resource.RLIMIT_FSIZE, args.file_mb * mb),
                         (resource.RLIMIT_NPROC, args.processes), (resource.RLIMIT_CORE, 0)):
        value = capped(limit, value)
        resource.setrlimit(limit, (value, value))
    # SIGXCPU at the soft limit names the cause; the hard limit kills for sure
    resource.setrlimit(resource.RLIMIT_CPU, (capped(resource.RLIMIT_CPU, args.cpu_seconds),
                                             capped(resource.RLIMIT_CPU, args.cpu_seconds + 5)))


def capped(limit: int, value: int) -> int:
    hard = resource.getrlimit(limit)[1]
    return value if hard == resource.RLIM_INFINITY else min(value, hard)


def drop_privileges(uid: int) -> None:
    """Root inside the sandbox becomes a uid of its own: no capabilities, and a process limit
    the kernel enforces (it does not for root)."""
    prctl(PR_SET_NO_NEW_PRIVS, 1)  # no setuid binary can give root back
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    if os.getuid() != uid or os.geteuid() != uid:
        raise SystemExit("could not drop privileges")


class CappedOutput(io.TextIOBase):
    """sys.stdout and sys.stderr for student code: the first `budget` bytes reach the log,
    the rest is dropped (a student printing megabytes must not stop the grading)."""

    encoding = "utf-8"

    def __init__(self, fd: int, budget: int) -> None:
        self.fd, self.budget, self.cut = fd, budget, False

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        data = str(text).encode("utf-8", "replace")
        if self.budget > 0:
            chunk = data[: self.budget]
            self.budget -= len(chunk)
            try:
                os.write(self.fd, chunk)
            except OSError:
                self.budget = 0
        if self.budget <= 0 and len(data) and not self.cut:
            self.cut = True
            try:
                os.write(self.fd, b"\n[dlkit: output truncated]\n")
            except OSError:
                pass
        return len(text)

    def flush(self) -> None:
        pass


def cap_output(budget: int) -> None:
    try:
        used = os.fstat(1).st_size  # a restarted child shares the log with the ones before it
    except OSError:
        used = 0
    sys.stdout = sys.stderr = CappedOutput(1, max(budget - used, 0))


def preload(task_ids: list[str]) -> None:
    """Import what the grader's probes use before any student code runs: so that student
    code finds the real modules, and a case's time limit is not spent importing matplotlib
    (once per child, not once per figure task)."""
    import numpy  # noqa: F401

    from grader.tasks import BY_ID

    if any(BY_ID[t].figure for t in task_ids):
        from grader.figures import new_axes

        skip_artist_docstrings()
        new_axes()


def skip_artist_docstrings() -> None:
    """As matplotlib defines each Artist class it writes a docstring for its set() that lists
    every property: about a third of its import time (~0.1 s per child), for help() texts that
    nobody reads here. Keep the marker its class machinery checks, skip the text; set()
    itself is unchanged. Where matplotlib is not built this way, nothing is skipped."""
    from matplotlib.artist import Artist

    if not hasattr(Artist.set, "_autogenerated_signature"):
        return

    def mark_only(cls) -> None:
        cls.set._autogenerated_signature = True

    Artist._update_set_signature_and_docstring = classmethod(mark_only)


def run(root: str, task_ids: list[str]) -> None:
    """Run the tasks on SCRATCH/work; a training case's data is in its inputs (grader.mnist)."""
    from pathlib import Path

    from grader.outcomes import save_outcomes
    from grader.run import Submission, run_task
    from grader.tasks import BY_ID

    from .protocol import read_inputs

    plans = read_inputs(Path(root) / "in" / "inputs.npz")
    sub = Submission(Path(root) / "work")
    out = Path(root) / "out"
    for task_id in task_ids:
        plan = plans[task_id]
        outcomes = run_task(BY_ID[task_id], list(plan.cases), sub, artifacts=True, timeout=plan.case_timeout)
        save_outcomes(out / f"{task_id}.npz", {task_id: outcomes}, compress=False)  # the parent reads it at once


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    set_limits(args)
    if args.uid is not None and os.getuid() == 0:
        drop_privileges(args.uid)
    if args.parent is not None:  # under bubblewrap, --die-with-parent does this
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # the grader died: so do we
        if os.getppid() != args.parent:
            os._exit(3)  # it died before we could ask
    cap_output(args.output_bytes)
    task_ids = [t for t in args.tasks.split(",") if t]
    preload(task_ids)
    run(args.root, task_ids)
    # done: leave without running whatever student code registered with atexit
    os._exit(0)


if __name__ == "__main__":
    main()
