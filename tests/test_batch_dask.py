"""Grading on a real Dask cluster (`dlkit grade --dask`): a LocalCluster of two worker
processes gives the thread pool's gradebook, byte for byte; a worker killed in the middle of
a job costs nobody their grade (the scheduler gives the job to another worker); a second run
reuses the journal; a worker that cannot grade is named before any job runs, and one that
joins later with another kit fails its job and leaves the cluster; Ctrl-C kills the
children on the workers."""

from __future__ import annotations

import json
import os
import shutil
import signal
import site
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest
from hostile import make_submission

from grader.batch import grade_class, remote
from grader.batch.cluster import DaskExecutor, WorkerProblems, connect, parse, problem_lines
from grader.batch.job import SCRATCH_PREFIX
from grader.batch.sandbox import Limits
from grader.kit import KIT
from grader.reference import make_mutant

distributed = pytest.importorskip("distributed")

ONLY = ("sum_squares_error", "cross_entropy_error", "numerical_diff", "train", "plot_tangent")
TRAINING = {"iters_num": 41, "train_size": 1000, "learning_rate": 1.0, "min_accuracy": 0.3}
LIMITS = Limits(case_timeout=8, startup=20)
SECRET = "dask-secret"
SLOW = 4.0  # seconds the slow student's functions.py sleeps at import: the kill lands inside it


def leftovers(pids) -> list[Path]:
    return [p for pid in pids for p in Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}{pid}-*")]


@pytest.fixture(scope="module")
def executor():
    """`--dask local:2`: two single-threaded worker processes, shared by this module's tests."""
    with connect("local:2") as executor:
        pids = set(executor.client.run(os.getpid).values())
        yield executor
        pids |= set(executor.client.run(os.getpid).values())
    for path in leftovers(pids):  # a killed worker's scratch folders
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def small_class(tmp_path_factory):
    """Five students, one slow (a marker in its functions.py finds its child's scratch folder),
    graded on the thread pool."""
    subs = tmp_path_factory.mktemp("dask-class") / "submissions"
    marker = f"dlkit-dask-test-{uuid.uuid4().hex}"
    paths = [make_submission(subs, "a_slow", [("functions.py", "top", f"import time; time.sleep({SLOW})  # {marker}")]),
             make_mutant("sse_no_half", subs), make_mutant("diff_forward", subs), make_submission(subs, "s4"),
             make_submission(subs, "s5")]
    threads = subs.parent / "threads"
    results = grade_class(paths, threads, jobs=2, sandbox="bwrap", secret=SECRET, only=ONLY, training=TRAINING,
                          progress=False, limits=LIMITS)
    return {"paths": paths, "marker": marker, "results": results,
            "gradebook": (threads / "gradebook.csv").read_bytes()}


def slow_child_worker(marker: str) -> int | None:
    """The pid of the process whose child runs the slow student now, if any: job.run_in_sandbox
    makes its scratch folder in dlkit-grade-<pid>-…/ (job.scratch_root)"""
    for path in Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*-*/job-*/scratch/work/functions.py"):
        try:
            if marker in path.read_text():
                return int(path.parts[-5][len(SCRATCH_PREFIX):].split("-")[0])
        except (OSError, ValueError):
            continue
    return None


def processes_with(text: str) -> list[int]:
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if text.encode() in (proc / "cmdline").read_bytes():
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def gone(text: str, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while processes_with(text) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not processes_with(text)


def test_parse():
    assert parse("local") == (None, None) and parse("local:3") == (None, 3)
    assert parse("tcp://10.0.0.1:8786") == ("tcp://10.0.0.1:8786", None)
    with pytest.raises(ValueError):
        parse("local:x")


def test_a_killed_worker_s_job_is_retried_and_the_gradebook_is_the_thread_pool_s(executor, small_class, tmp_path):
    client = executor.client
    pids = set(client.run(os.getpid).values())
    killed: list[int] = []

    def kill_the_slow_student_s_worker():
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not killed:
            pid = slow_child_worker(small_class["marker"])
            if pid in pids:
                os.kill(pid, signal.SIGKILL)  # its bubblewrap child dies with it (--die-with-parent)
                killed.append(pid)
            time.sleep(0.05)

    killer = threading.Thread(target=kill_the_slow_student_s_worker, daemon=True)
    killer.start()
    out = tmp_path / "out"
    stats: dict = {}
    results = grade_class(small_class["paths"], out, sandbox="bwrap", secret=SECRET, only=ONLY, training=TRAINING,
                          progress=False, limits=LIMITS, executor=executor, stats=stats)
    killer.join()
    assert killed, "the slow student's child was never seen running on a worker"
    assert (stats["graded"], stats["failed"], stats["sandbox"]) == (5, [], "bwrap")
    assert (out / "gradebook.csv").read_bytes() == small_class["gradebook"]
    slow = next(r for r in results if r["student"] == "a_slow")
    assert slow["score"] == sum(t["points"] for t in slow["tasks"])
    assert [c["id"] for c in next(t for t in slow["tasks"] if t["id"] == "train")["cases"]] == ["hidden_seed"]
    assert gone(f"{SCRATCH_PREFIX}{killed[0]}-")  # its sandbox went down with it
    client.wait_for_workers(2, timeout=60)  # the nanny started a new worker

    # a second run reuses every journalled student; one whose result is gone is graded again
    (out / "students" / "s4" / "result.json").unlink()
    stats = {}
    grade_class(small_class["paths"], out, sandbox="bwrap", secret=SECRET, only=ONLY, training=TRAINING,
                progress=False, limits=LIMITS, executor=executor, stats=stats)
    assert (stats["graded"], stats["reused"]) == (1, 4)
    assert (out / "gradebook.csv").read_bytes() == small_class["gradebook"]


def test_a_worker_that_cannot_grade_is_named_before_any_job(executor, small_class, tmp_path, monkeypatch):
    """Here the workers' kit 'differs' from the grading process's (a file this process
    pretends to grade with): the run stops before the first job, naming the file."""
    from grader.batch import journal

    real = journal.grading_files
    monkeypatch.setattr(journal, "grading_files", lambda: [*real(), Path(__file__)])
    with pytest.raises(WorkerProblems, match=r"2 of 2 workers: its kit differs from this one in "
                                             r"tests/test_batch_dask\.py: install it there"):
        grade_class(small_class["paths"][:1], tmp_path / "out", sandbox="bwrap", secret=SECRET, only=ONLY,
                    progress=False, executor=executor)
    assert not (tmp_path / "out" / "students").exists()


def dask_process(args: list[str], tmp_path: Path, python: list[str], kit: Path | None = None,
                 **env: str) -> subprocess.Popen:
    """A scheduler or worker of the `dask` command line, in a process of its own; Dask's files in
    tmp_path, not in /tmp/dask-scratch-space."""
    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONPATH"}, **env}
    env.update({"DASK_TEMPORARY_DIRECTORY": str(tmp_path / "dask")}, **({"PYTHONPATH": str(kit)} if kit else {}))
    return subprocess.Popen([*python, *args, "--no-dashboard"], env=env, cwd=tmp_path, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def test_a_stock_scheduler_without_the_kit_and_a_worker_that_joins_later_with_another_kit(small_class, tmp_path):
    """`dask scheduler` from an interpreter that cannot import the kit hands the jobs on (they
    travel as bytes), and the grades are the thread pool's. A worker without bubblewrap makes
    `--sandbox auto` fall back to none, and `bwrap` refuse. A worker started after the check,
    from a copy of the kit with one file changed, fails its first job, naming the file, and
    closes (else it would fail every job at once)."""
    sites = [*site.getsitepackages(), site.getusersitepackages()]
    bare = [sys.executable, "-S", "-c", f"import sys; sys.path.extend({sites!r}); import runpy; "
            "runpy.run_module(sys.argv.pop(1), run_name='__main__')"]  # -S: no .pth, no editable install
    if subprocess.run([*bare, "grader"], cwd=tmp_path, capture_output=True).returncode == 0:
        pytest.skip("the kit is importable without site's .pth files here (not an editable install)")
    scheduler_file = tmp_path / "scheduler.json"
    procs = [dask_process(["distributed.cli.dask_scheduler", "--scheduler-file", str(scheduler_file)], tmp_path, bare)]
    try:
        client = distributed.Client(scheduler_file=str(scheduler_file), timeout="60s")
        procs.append(dask_process(["distributed.cli.dask_worker", "--scheduler-file", str(scheduler_file),
                                   "--nthreads", "1"], tmp_path,
                                  [sys.executable, "-m"], kit=KIT))
        only = tuple(t for t in ONLY if t != "train")
        executor = DaskExecutor(client)
        results = grade_class(small_class["paths"][1:3], tmp_path / "out", sandbox="bwrap", secret=SECRET, only=only,
                              progress=False, limits=LIMITS, executor=executor)
        graded = {r["student"]: {t["id"]: (t["score"], t["status"]) for t in r["tasks"]} for r in results}
        assert graded == {r["student"]: {t["id"]: (t["score"], t["status"]) for t in r["tasks"] if t["id"] in only}
                          for r in small_class["results"] if r["student"] in graded}
        assert len(graded) == 2

        worker = ["distributed.cli.dask_worker", "--scheduler-file", str(scheduler_file), "--nthreads", "1"]
        empty = tmp_path / "empty"
        empty.mkdir()
        without_bwrap = dask_process(worker, tmp_path, [sys.executable, "-m"], kit=KIT, PATH=str(empty))
        procs.append(without_bwrap)
        client.wait_for_workers(2, timeout=60)
        assert executor.check_workers("auto", training=False) == (
            "none", "on 1 of 2 Dask workers, bubblewrap (bwrap) is not installed")
        with pytest.raises(WorkerProblems, match=r"1 of 2 workers: bubblewrap \(bwrap\) is not installed \(apt"):
            executor.check_workers("bwrap", training=False)
        without_bwrap.terminate()
        without_bwrap.wait(timeout=60)
        deadline = time.monotonic() + 60
        while len(client.nthreads()) > 1 and time.monotonic() < deadline:
            time.sleep(0.1)

        copy = tmp_path / "kit"
        for folder in ("grader", "datasets", "solutions"):
            shutil.copytree(KIT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__", "mnist.npz"))
        with open(copy / "grader" / "judge.py", "a") as fh:
            fh.write("# another version\n")
        before = set(client.nthreads())
        late = dask_process(worker, tmp_path, [sys.executable, "-m"], kit=copy)
        procs.append(late)
        client.wait_for_workers(len(before) + 1, timeout=60)
        (address,) = set(client.nthreads()) - before
        task = client.submit(executor.remote["run_job"], executor.here, executor.needs, b"", workers=[address],
                             pure=False)
        with pytest.raises(RuntimeError, match=r"cannot grade: its kit differs from this one in grader/judge\.py"):
            task.result(timeout=60)
        assert late.wait(timeout=60) == 0  # it left the cluster, nanny and all
        assert set(client.nthreads()) == before
        client.close()
    finally:
        for proc in reversed(procs):
            proc.terminate()
            proc.wait(timeout=60)


def test_the_command_line_on_a_running_cluster_and_ctrl_c(executor, small_class, tmp_path):
    """`dlkit grade --dask ADDRESS`; then, with the scheduler's file, Ctrl-C in the middle of a
    job: exit 130, and the child running on a worker is killed there (Dask cannot interrupt a
    running task)."""
    env = {k: v for k, v in os.environ.items() if k != "DLKIT_SECRET"}
    only = ",".join(t for t in ONLY if t != "train")
    command = [sys.executable, "-m", "grader.cli", "grade", "--out", str(tmp_path / "out"), "--only", only,
               "--no-progress", "--secret", SECRET, "--case-timeout", "8"]
    address = executor.client.scheduler.address
    run = subprocess.run([*command, "--dask", address, *map(str, small_class["paths"][1:3])], capture_output=True,
                         text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("graded 2 students (2 graded, 0 reused)")

    subs = tmp_path / "slow"
    marker = f"dlkit-dask-ctrl-c-{uuid.uuid4().hex}"
    make_submission(subs, "sleeper", [("functions.py", "top", f"import time; time.sleep(60)  # {marker}")])
    scheduler_file = tmp_path / "scheduler.json"
    scheduler_file.write_text(json.dumps({"address": address}))
    proc = subprocess.Popen([*command, "--dask", str(scheduler_file), str(subs)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 120
    while slow_child_worker(marker) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    pid = slow_child_worker(marker)
    assert pid is not None and pid != proc.pid  # running on a worker
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in out
    assert gone(f"{SCRATCH_PREFIX}{pid}-")  # the worker's child was killed, long before its 60 s


def test_the_worker_check_names_each_missing_part(monkeypatch, tmp_path):
    """remote.worker_report on a machine without bubblewrap and with a broken MNIST, and how
    the grading process words what several workers report."""
    from grader.batch import journal
    from grader.batch import sandbox as sandbox_module

    real = journal.grading_files
    here = remote.worker_report(False, False, False)
    assert here["problems"] == [] and "grader/judge.py" in here["fingerprint"]["files"]
    monkeypatch.setenv("PATH", str(tmp_path))  # no bwrap on it
    monkeypatch.setattr("datasets.mnist.DEFAULT_PATH", tmp_path / "mnist.npz")
    try:
        report = remote.worker_report(True, True, True)
    finally:
        sandbox_module.bwrap_problem.cache_clear()
    assert report["bwrap"] == "bubblewrap (bwrap) is not installed"
    (mnist,) = report["problems"]
    assert mnist.startswith("MNIST is not usable: MNIST data file is missing")
    # a worker whose kit changed under it since it loaded it (its modules may be the old ones)
    monkeypatch.setattr(journal, "grading_files", lambda: [*real(), Path(__file__)])
    assert remote.worker_report(False, False, False)["problems"] == [
        "its kit changed on disk since this worker first loaded it: restart the worker"]
    monkeypatch.setattr(journal, "grading_files", real)

    fingerprint = here["fingerprint"]
    older = {**here, "fingerprint": {"versions": {**fingerprint["versions"], "numpy": "1.0"},
                                     "files": {**fingerprint["files"], "grader/judge.py": "0" * 64}}}
    reports = {"tcp://a:1": report, "tcp://b:1": older, "tcp://c:1": here, "tcp://d:1": TypeError("bad code")}
    lines = problem_lines(reports, fingerprint, bwrap_required=True)
    assert lines[:2] == [f"1 of 4 workers: {mnist} [tcp://a:1 ({report['host']})]",
                         "1 of 4 workers: bubblewrap (bwrap) is not installed (apt-get install bubblewrap; it must be "
                         f"able to create namespaces and mount a /proc) [tcp://a:1 ({report['host']})]"]
    assert any(line.startswith("1 of 4 workers: numpy 1.0 there") for line in lines)
    assert any(line.startswith("1 of 4 workers: its kit differs from this one in grader/judge.py:")
               and line.endswith(f"[tcp://b:1 ({here['host']})]") for line in lines)
    assert any("the check could not run there (TypeError: bad code)" in line for line in lines)
    assert len(lines) == 5
    # with --sandbox auto a worker without bubblewrap is no error: the run falls back to none
    assert problem_lines({"tcp://a:1": report}, fingerprint, bwrap_required=False) == [
        f"1 of 1 workers: {mnist} [tcp://a:1 ({report['host']})]"]
