"""One submission, start to finish, on the trusted side: the unit of work an executor runs.

`grade_submission(job)` is a plain function of plain data (a Job), returning plain data
(a Graded), so any concurrent.futures executor can run it: threads here, processes, or a
cluster's workers (Dask's `client.get_executor()`). It makes the cases (hidden ones from
the student's seed), runs them in sandboxed children (supervise.py) and judges the
outcomes with grader.judge.judge_task: the same judge as `pytest grader`. Nothing in this
module imports or calls student code; writing the results to disk is the caller's job.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .. import mnist
from ..attribution import upstream_of
from ..judge import TaskResult, judge_task
from ..model import REFERENCE, Case, ErrorInfo, ErrorKind, Outcome, Task
from ..reference import Reference, source_submission, sources
from ..results import artifacts, submission_json
from ..session import select_tasks
from ..tasks import grading_order, task_cases
from .gradescope import gradescope_json
from .protocol import TaskPlan, write_inputs
from .sandbox import Limits, Scratch, child_uid
from .supervise import run_tasks

# The reference runs solutions/ in this process, and two_layer_net_init seeds numpy's global
# generator: two threads judging at once would spoil each other's reference.
JUDGE_LOCK = threading.Lock()
SCRATCH_PREFIX = "dlkit-grade-"  # then the grader's pid: a later run removes a killed one's leftovers
WARM_UP_SEED = 0  # any seed: warm_up's hidden cases are thrown away
MNIST_LOCK = threading.Lock()
_prepared_mnist: list[Path] = []  # one folder per grader process, made on first need


@dataclass(frozen=True)
class Settings:
    """What every job of a run shares. Plain data, so it pickles to any executor."""

    sandbox: str  # "bwrap" or "none", already resolved
    limits: Limits = field(default_factory=Limits)
    training: tuple[tuple[str, float], ...] = ()  # grader.tasks.with_training(dict(training))
    only: tuple[str, ...] | None = None  # task ids to grade; None: all
    lang: str = "en"
    cascade: bool = False  # a task failing only because of an upstream one loses its points too

    def tasks(self) -> list[Task]:
        return list(select_tasks(self.only, dict(self.training), self.limits.case_timeout))

    def needed(self) -> list[Task]:
        """The tasks to run and judge: those graded, after the tasks they build on (judged too,
        for what a downstream task owes them, and not reported when --only leaves them out)."""
        graded = [t.id for t in self.tasks()]
        return list(select_tasks(grading_order(graded), dict(self.training), self.limits.case_timeout))

    def as_dict(self) -> dict:
        # lang too: results.json (Gradescope's) and the feedback page are written in it
        return {"sandbox": self.sandbox, "limits": self.limits.as_dict(), "training": dict(self.training),
                "only": list(self.only) if self.only is not None else None, "lang": self.lang,
                "cascade": self.cascade}


@dataclass(frozen=True)
class Job:
    student: str
    files: dict[str, bytes]  # the exercise files, read at intake
    submission_hash: str
    grader_hash: str
    hidden_seed: int | None
    settings: Settings
    notes: tuple[str, ...] = ()  # intake's remarks


@dataclass
class Graded:
    student: str
    result: dict  # exactly what OUT/students/<id>/result.json holds
    gradescope: dict  # OUT/students/<id>/results.json
    artifacts: dict[str, bytes]  # 'task/case/name.png' -> PNG bytes
    log: bytes  # what the student's code printed (capped)


def missing(task: Task, cases: list[tuple[Case, bool]]) -> dict[str, Outcome]:
    """What grader.run reports for a task whose file is not in the submission."""
    return {case.id: Outcome(error=ErrorInfo(ErrorKind.MISSING, message=task.file)) for case, _ in cases}


@cache
def clean_stale_scratch() -> None:
    """Scratch folders of grader processes that were killed (SIGKILL leaves them behind)."""
    for path in Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*-*"):
        pid = path.name[len(SCRATCH_PREFIX):].split("-")[0]
        if pid.isdigit() and not alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def prepared_mnist() -> Path:
    """MNIST as a submission's train() receives it (grader.mnist: verified, normalised,
    one-hot, widened), written once per grader process as .npy files that every sandboxed
    child maps, instead of each child loading datasets/mnist.npz again."""
    with MNIST_LOCK:
        if not _prepared_mnist:
            folder = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-mnist-"))
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
            mnist.prepare(folder)
            folder.chmod(0o755)  # children may run under uids of their own
            _prepared_mnist.append(folder)
        return _prepared_mnist[0]


def maps_mnist(settings: Settings, tasks: list[Task]) -> bool:
    """Do the children get prepared_mnist()? For training, and only under bubblewrap, which
    mounts it read-only: without it student code could rewrite the files other children read."""
    return settings.sandbox == "bwrap" and any(t.needs_mnist for t in tasks)


def run_in_sandbox(job: Job, tasks: list[Task], cases: dict[str, list]) -> tuple[dict[str, dict], bytes]:
    limits = job.settings.limits
    clean_stale_scratch()
    mnist = prepared_mnist() if maps_mnist(job.settings, tasks) else None
    with tempfile.TemporaryDirectory(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-", ignore_cleanup_errors=True) as tmp:
        scratch = Scratch(Path(tmp) / "scratch")
        uid = child_uid() if job.settings.sandbox == "bwrap" else None
        scratch.prepare(job.files, uid)
        plans = [TaskPlan(t.id, tuple(c for c, _ in cases[t.id]), float(t.timeout)) for t in tasks]
        write_inputs(scratch.inputs, plans)
        outcomes = run_tasks(job.settings.sandbox, scratch, plans, limits, uid, mnist)
        with open(scratch.log, "rb") as fh:
            log = fh.read(limits.output_kb * 1024 + 1024)
    return outcomes, log


def judge_all(tasks: list[Task], cases: dict[str, list], outcomes: dict[str, dict],
              hidden_seed: int | None, cascade: bool = False) -> list[TaskResult]:
    """Judge the tasks in this order (each after those it builds on), as session.grade_tasks does."""
    with JUDGE_LOCK:
        results: dict[str, TaskResult] = {}
        for t in tasks:
            results[t.id] = judge_task(t, cases[t.id], outcomes[t.id], Reference(t, cases[t.id]), hidden_seed,
                                       upstream_of(t, results), cascade)
        return [results[t.id] for t in tasks]


def warm_up(settings: Settings, hidden: bool) -> None:
    """Do once, while the first children run, what would make the first judging slow and, at
    the end of a small class, late: the references' imports (matplotlib's with the figures'),
    the mutants' copies and imports, the frozen answers and, with training, MNIST for the
    judge's forward passes. Mutants are not run: the judge runs one only where a task fails."""
    tasks = settings.needed()
    if maps_mnist(settings, tasks):
        prepared_mnist()  # first, and alone: the children wait for it
    with JUDGE_LOCK:
        for task in tasks:
            Reference(task, task_cases(task, WARM_UP_SEED if hidden else None)).get(REFERENCE)
            for source in sources(task):
                getattr(source_submission(source), Path(task.file).stem)
        if any(t.needs_mnist for t in tasks):
            mnist.judge_arrays()


def grade_submission(job: Job) -> Graded:
    tasks = job.settings.needed()
    cases = {t.id: task_cases(t, job.hidden_seed) for t in tasks}
    outcomes = {t.id: missing(t, cases[t.id]) for t in tasks if t.file not in job.files}
    present = [t for t in tasks if t.file in job.files]
    log = b""
    if present:
        ran, log = run_in_sandbox(job, present, cases)
        outcomes.update(ran)
    graded = {t.id for t in job.settings.tasks()}
    results = [r for r in judge_all(tasks, cases, outcomes, job.hidden_seed, job.settings.cascade)
               if r.task.id in graded]
    result = submission_json(
        job.student, results, hidden_seed=job.hidden_seed, submission_hash=job.submission_hash,
        grader_hash=job.grader_hash, sandbox=job.settings.sandbox, files=sorted(job.files), intake=list(job.notes))
    files = {}
    for r in results:
        files.update(artifacts(r))
    # through JSON once, so a fresh result and one read back from the journal are alike
    result = json.loads(json.dumps(result))
    return Graded(job.student, result, gradescope_json(results, job.settings.lang), files, log)
