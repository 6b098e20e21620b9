"""Grading on a Dask cluster: `dlkit grade --dask ADDRESS` or `--dask local[:N]`.

The jobs are the thread pool's (job.grade_submission: plain data in, plain data out); only
where they run changes. A worker runs its jobs' sandboxed children as this machine would and
sends each Graded back; grade_class journals it here, so resume, the gradebook and the
reports are unchanged, and the workers need neither the submissions nor OUT/. A worker that
dies loses only the job it held: the scheduler gives it to another worker (up to
`distributed.scheduler.allowed-failures` deaths, 3 by default; then that student is "not
graded" and the next run grades them). Before the first job every worker is checked
(remote.worker_report): the same kit and versions as here, bubblewrap, MNIST; one line per
missing part, with the workers that miss it. `distributed` is an optional dependency
(pip install -e ".[dask]"); nothing else in the kit imports it.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import os
import pickle
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator

from . import notice, remote

LOCAL = "local"
WAIT_FOR_WORKERS = 900.0  # seconds for the first worker of a remote cluster to join (a batch queue)


class WorkerProblems(ValueError):
    """Some worker cannot grade; the message has one line per problem, with the workers."""


def parse(spec: str) -> tuple[str | None, int | None]:
    """'local' or 'local:N': (None, N or None); anything else is a scheduler's address or the
    scheduler file it wrote (`dask scheduler --scheduler-file F`)."""
    name, _, n = spec.partition(":")
    if name != LOCAL:
        return spec, None
    if not n:
        return None, None
    if not n.isdigit() or int(n) < 1:
        raise ValueError(f"--dask local:N needs a number of workers, not {n!r}")
    return None, int(n)


def import_distributed():
    try:
        import distributed
    except ImportError:
        raise ValueError("--dask needs Dask's distributed package: pip install -e \".[dask]\"") from None
    return distributed


@contextlib.contextmanager
def connect(spec: str, *, jobs: int | None = None) -> Iterator[DaskExecutor]:
    """An executor on the cluster at `spec`: a scheduler's address or scheduler file, or
    `local[:N]`, a LocalCluster of N single-threaded worker processes here (N: --jobs, else
    the CPUs), started now and stopped on leaving."""
    distributed = import_distributed()
    import dask

    address, n = parse(spec)
    cluster = scratch = None
    if address is None:
        # worker-saturation 1.0: a worker holds only the job it runs, so a killed one loses one
        # job, and the last jobs go to whichever worker is free; Dask's files go to a folder of
        # ours (by default they stay in /tmp/dask-scratch-space); no dashboard, no port to clash on
        scratch = tempfile.mkdtemp(prefix="dlkit-dask-")
        with dask.config.set({"distributed.scheduler.worker-saturation": 1.0, "temporary-directory": scratch}):
            cluster = distributed.LocalCluster(n_workers=n or jobs or os.cpu_count() or 1, threads_per_worker=1,
                                               processes=True, dashboard_address=None, local_directory=scratch)
        client = distributed.Client(cluster)
    else:
        where = {"scheduler_file": address} if os.path.isfile(address) else {"address": address}
        try:
            client = distributed.Client(**where, timeout="30s")
        except OSError as exc:
            raise ValueError(f"no Dask scheduler answers at {address}: {exc}") from None
    try:
        yield DaskExecutor(client)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
            shutil.rmtree(scratch, ignore_errors=True)


def problem_lines(reports: dict[str, dict | BaseException], here: dict, bwrap_required: bool) -> list[str]:
    """One line per problem, with how many workers have it and the first few of them.
    `reports`: remote.worker_report's answer per worker address, or what it raised there."""
    found: dict[str, list[str]] = {}
    for worker, report in sorted(reports.items()):
        if isinstance(report, BaseException):  # e.g. another Python, which cannot load the check itself
            problems, host = [f"the check could not run there ({type(report).__name__}: {report}); is it "
                              f"Python {here['versions']['python']} as here?"], "?"
        else:
            problems, host = remote.blocking(report, here, bwrap_required), report["host"]
        for problem in problems:
            found.setdefault(problem, []).append(f"{worker} ({host})")
    return [f"{len(ws)} of {len(reports)} workers: {problem} [{', '.join(ws[:3])}{' …' if len(ws) > 3 else ''}]"
            for problem, ws in found.items()]


class ByValue:
    """`fn`, which pickles by value (its code) even through plain pickle: Dask pickles a task
    graph with pickle, which would name fn's module for the scheduler to import, and the
    scheduler need not have the kit; nor, for remote.worker_report, the worker."""

    def __init__(self, fn: Callable) -> None:
        import cloudpickle

        cloudpickle.register_pickle_by_value(sys.modules[fn.__module__])
        self.fn, self.code = fn, cloudpickle.dumps(fn, protocol=pickle.HIGHEST_PROTOCOL)

    def __call__(self, *args, **kwargs):
        return self.fn(*args, **kwargs)

    def __reduce__(self):
        import cloudpickle

        return cloudpickle.loads, (self.code,)  # unpickled, this is fn itself again


class DaskExecutor(cf.Executor):
    """A concurrent.futures executor on a Dask client, with the hooks grade_class calls."""

    def __init__(self, client) -> None:
        self.client = client
        self.remote = {name: ByValue(getattr(remote, name))
                       for name in ("worker_report", "set_cancel", "start_warm_up", "run_job")}
        self.here: dict | None = None  # this process's fingerprint, once check_workers ran
        self.needs = (False, False, False)  # what a worker needs: bubblewrap, MNIST, solutions/
        self.tasks: set = set()
        self.lock = threading.Lock()

    # ---------------------------------------------------------------- grade_class's hooks

    def check_workers(self, sandbox: str, training: bool) -> tuple[str, str | None]:
        """Check every worker (waiting for a first one to join); the sandbox the jobs get:
        for `auto`, bwrap if every worker has it, else none, as on one machine."""
        from ..kit import has_solutions

        if not self.client.nthreads():
            notice(f"waiting for a Dask worker to join {self.client.scheduler.address} "
                   f"(at most {WAIT_FOR_WORKERS / 60:g} min)")
        try:
            self.client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS)
        except TimeoutError:
            raise WorkerProblems(f"no Dask worker joined {self.client.scheduler.address} "
                                 f"within {WAIT_FOR_WORKERS:g} s") from None
        self.here = remote.fingerprint()
        needs = (sandbox != "none", training, has_solutions())
        reports = self.client.run(self.remote["worker_report"], *needs, on_error="return")
        lines = problem_lines(reports, self.here, bwrap_required=sandbox == "bwrap")
        if lines:
            raise WorkerProblems("a Dask worker cannot grade:\n  " + "\n  ".join(lines))
        self.client.run(self.remote["set_cancel"], False)  # what an interrupted run may have left set
        lacking = [r["bwrap"] for r in reports.values() if r["bwrap"]]
        mode, why = ("none", None) if sandbox == "none" else ("bwrap", None)
        if lacking:  # auto, and some worker cannot run bubblewrap: none for all, as on one machine
            mode, why = "none", f"on {len(lacking)} of {len(reports)} Dask workers, {lacking[0]}"
        self.needs = (mode == "bwrap", training, needs[2])
        return mode, why

    def warm_up(self, settings, hidden: bool) -> None:
        """Each worker prepares its judge (job.warm_up) in a thread while its first child runs."""
        self.client.run(self.remote["start_warm_up"], settings, hidden)

    def cancel_running(self) -> None:
        """Ctrl-C: kill the running jobs' children on every worker (queued jobs are cancelled
        with their futures)."""
        with contextlib.suppress(Exception):
            self.client.run(self.remote["set_cancel"], True)

    # ---------------------------------------------------------------- concurrent.futures.Executor

    def submit(self, fn, /, *args, **kwargs) -> cf.Future:
        """fn(*args, **kwargs) on a worker, as remote.run_job and bytes (see there why)."""
        import cloudpickle

        if self.here is None:
            raise RuntimeError("DaskExecutor.check_workers must run first (grade_class calls it)")
        payload = cloudpickle.dumps((fn, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL)
        task = self.client.submit(self.remote["run_job"], self.here, self.needs, payload, pure=False)
        with self.lock:
            self.tasks.add(task)
        return self.unpickled(task)

    def unpickled(self, task) -> cf.Future:
        """A future of what the task's bytes hold; cancelling it cancels the task."""
        result: cf.Future = cf.Future()
        result.add_done_callback(lambda f: f.cancelled() and task.cancel())

        def done(task) -> None:  # in Dask's callback thread
            with self.lock:
                self.tasks.discard(task)
            if result.cancelled():
                return
            if task.status == "cancelled":
                result.cancel()
                result.set_running_or_notify_cancel()  # wakes as_completed
            elif task.status == "error":
                result.set_exception(task.exception())
            else:
                try:
                    result.set_result(pickle.loads(task.result()))
                except Exception as exc:  # the result did not come back
                    result.set_exception(exc)

        task.add_done_callback(done)
        return result

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self.lock:
            tasks = list(self.tasks)
        if cancel_futures:
            self.client.cancel(tasks)
        elif wait and tasks:
            from distributed import wait as wait_for

            wait_for(tasks)
