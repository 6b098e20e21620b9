"""The Dask worker's side of `dlkit grade --dask` (cluster.py is the grading process's side).

The functions here travel to the workers by value (cluster.ByValue), so this module imports
nothing at the top but the standard library: they must run, and say what is wrong, on a
worker where the kit is missing or broken. A job, too, is this module's `run_job` and
bytes: a Dask scheduler unpickles the tasks it is given, and it need not have the kit.
What must last as long as a worker process (its own check) lives in the kit's installed
copy of this module, which `run_job` imports.
"""

from __future__ import annotations

from functools import cache

TRAINING_INPUTS_MB = 64  # a training child's own data (grader.mnist.child_case: uint8), one per running child
KIT_FIX = "install it there as here (pip install -e '.[dask]' in the same checkout, or the same wheel)"


def fingerprint() -> dict:
    """What the grades depend on besides the job (journal.grader_hash's inputs): the versions
    and a digest of every file of the kit that grades. Only long-standing names of the kit
    are used, so that a worker with an older kit still says how it differs."""
    import hashlib
    import platform

    import numpy

    from grader.batch import journal
    from grader.kit import KIT

    return {"versions": {"python": platform.python_version(), "numpy": numpy.__version__},
            "files": {p.relative_to(KIT).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                      for p in journal.grading_files() if p.is_file()}}


def differences(here: dict, there: dict, shown: int = 5) -> list[str]:
    """How a worker's fingerprint differs from the grading process's, one line per kind."""
    lines = [f"{name} {there['versions'].get(name)} there, {version} here: the grades depend on it"
             for name, version in here["versions"].items() if there["versions"].get(name) != version]
    files = sorted(n for n in here["files"].keys() | there["files"].keys()
                   if here["files"].get(n) != there["files"].get(n))
    if files:
        more = f" and {len(files) - shown} more" if len(files) > shown else ""
        lines.append(f"its kit differs from this one in {', '.join(files[:shown])}{more}: {KIT_FIX}")
    return lines


def worker_report(need_bwrap: bool, need_mnist: bool, need_solutions: bool) -> dict:
    """This process: its host, its fingerprint, why bubblewrap does not work here (if asked and
    it does not) and what else it lacks to grade, one sentence each."""
    import shutil
    import socket
    import tempfile

    report: dict = {"host": socket.gethostname(), "fingerprint": None, "bwrap": None, "problems": []}
    problems = report["problems"]
    try:
        from grader.batch import remote as installed
        from grader.batch import sandbox
        from grader.kit import KIT, has_solutions

        report["fingerprint"] = fingerprint()
        loaded = installed.first_fingerprint()
    except Exception as exc:
        problems.append(f"the kit does not import ({type(exc).__name__}: {exc}); {KIT_FIX}")
        return report
    if loaded != report["fingerprint"]:  # its modules in memory may be the old ones
        problems.append("its kit changed on disk since this worker first loaded it: restart the worker")
    if need_solutions and not has_solutions():
        problems.append(f"the kit at {KIT} has no solutions/: hidden cases are judged against it")
    if need_bwrap:
        sandbox.bwrap_problem.cache_clear()  # asked afresh: the machine may have changed since
        report["bwrap"] = sandbox.bwrap_problem()
    if need_mnist:
        try:
            from datasets import load_mnist

            load_mnist(normalize=False)  # verified against its checksums
        except Exception as exc:
            problems.append(f"MNIST is not usable: {str(exc).splitlines()[0]}")
        folder = tempfile.gettempdir()
        free = shutil.disk_usage(folder).free >> 20
        if free < 4 * TRAINING_INPUTS_MB:
            problems.append(f"{folder} has {free} MiB free; each training child's data needs {TRAINING_INPUTS_MB} "
                            "MiB there while it runs")
    return report


def blocking(report: dict, here: dict, bwrap_required: bool) -> list[str]:
    """What keeps the worker of `report` from grading a run made `here`: what it lacks (its
    bubblewrap only if the run needs it, else the run falls back to none) and how its kit differs."""
    problems = list(report["problems"])
    if report["bwrap"] and bwrap_required:
        problems.append(f"{report['bwrap']} (apt-get install bubblewrap; it must be able to create namespaces "
                        "and mount a /proc)")
    return problems + (differences(here, report["fingerprint"]) if report["fingerprint"] else [])


@cache
def first_fingerprint() -> dict:
    """The fingerprint when this process first asked, near when it imported the kit."""
    return fingerprint()


@cache
def own_report(need_bwrap: bool, need_mnist: bool, need_solutions: bool) -> dict:
    """worker_report, once per worker process (run_job asks before each job)."""
    return worker_report(need_bwrap, need_mnist, need_solutions)


def set_cancel(on: bool) -> None:
    """On: every supervisor in this worker kills its child (Ctrl-C in the grading process; a
    running Dask task cannot be interrupted otherwise). Off: before a run starts."""
    try:
        from grader.batch.supervise import CANCEL
    except Exception:
        return
    if on:
        CANCEL.set()
    else:
        CANCEL.clear()


def start_warm_up(settings, hidden: bool) -> None:
    """job.warm_up in a thread of its own: Client.run calls this on the worker's event loop."""
    import threading

    from grader.batch.job import warm_up

    threading.Thread(target=warm_up, args=(settings, hidden), name="dlkit-warm-up", daemon=True).start()


def run_job(here: dict, needs: tuple[bool, bool, bool], payload: bytes) -> bytes:
    """One job on a worker: payload is the pickled (fn, args, kwargs), the answer fn's pickled
    result. First this worker is checked as cluster.check_workers checked the others (once per
    process): a worker that joined later with another kit must not grade. Errors come back as
    RuntimeError, which any scheduler can unpickle."""
    import pickle

    try:
        from grader.batch import remote as installed  # its state lasts as long as this process
    except Exception as exc:
        problem = f"this worker cannot import the kit ({type(exc).__name__}: {exc}); {KIT_FIX}"
        leave_the_cluster(problem)
        raise RuntimeError(problem) from None
    report = installed.own_report(*needs)
    problems = blocking(report, here, bwrap_required=needs[0])
    if problems:
        problem = f"the worker on {report['host']} cannot grade: {'; '.join(problems)}"
        leave_the_cluster(problem)
        raise RuntimeError(problem)
    try:
        fn, args, kwargs = pickle.loads(payload)
        return pickle.dumps(fn(*args, **kwargs), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:
        raise RuntimeError(f"{type(exc).__name__}: {exc}") from None


def leave_the_cluster(reason: str) -> None:
    """Close this worker and its nanny (which would restart it) shortly after this task fails:
    a worker that cannot grade would otherwise fail, at once, every job it is handed."""
    try:
        from distributed import get_worker

        worker = get_worker()
    except Exception:  # not on a worker
        return
    worker.loop.call_later(0.5, lambda: worker.loop.add_callback(worker.close, nanny=True, reason=reason[:200]))
