"""One submission, start to finish, on the trusted side: the unit of work an executor runs.

`grade_submission(job)` is a plain function of plain data (a Job), returning plain data
(a Graded), so any concurrent.futures executor can run it: threads here, processes, or a
Dask cluster's workers (cluster.py). It makes the cases (hidden ones from
the student's seed), runs them in sandboxed children (supervise.py) and judges the
outcomes with grader.judge.judge_task: the same judge as `pytest grader`. Nothing in this
module imports or calls student code; writing the results to disk is the caller's job.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import subprocess
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from .. import mnist
from ..attribution import upstream_of
from ..judge import TaskResult, judge_task
from ..model import REFERENCE, Case, ErrorInfo, ErrorKind, Outcome, Task
from ..pace import Pace, with_time_limit
from ..reference import Reference, source_submission, sources
from ..results import artifacts, submission_json, task_json
from ..session import select_tasks
from ..tasks import grading_order, task_cases
from ..training_rules import flag_same_network
from . import cleanup, confine
from .gradescope import gradescope_json, task_tests
from .journal import json_bytes
from .protocol import TaskPlan, write_inputs
from .sandbox import THREAD_VARS, Limits, Scratch, child_uid, kit_python
from .supervise import read_log, run_tasks

# The reference runs solutions/ in this process, and two_layer_net_init seeds numpy's global
# generator: two threads judging at once would spoil each other's reference.
JUDGE_LOCK = threading.Lock()
SCRATCH_PREFIX = "dlkit-grade-"  # then the grader's pid: a later run removes a killed one's leftovers
WARM_UP_SEED = 0  # any seed: warm_up's hidden cases are thrown away
PACE_LOCK = threading.Lock()
_paces: dict[tuple[int, int], Pace] = {}  # the children's pace, measured once per grader process


@dataclass(frozen=True)
class Settings:
    """What every job of a run shares. Plain data, so it pickles to any executor."""

    sandbox: str  # "bwrap" or "none", already resolved
    limits: Limits = field(default_factory=Limits)
    training: tuple[tuple[str, float], ...] = ()  # grader.tasks.with_training(dict(training))
    only: tuple[str, ...] | None = None  # task ids to grade; None: all
    lang: str = "en"
    # the training task's public case too; False (grade_class with a secret): its hidden case
    # alone, one training per student, which checks everything the public one would
    public_training: bool = True
    # the key of the training cases' data (grader.mnist.transform_seed): data_key(); by default
    # a random one, so that no Settings ever grades on guessable data
    data_key: str = field(default_factory=lambda: os.urandom(32).hex(), repr=False)
    cascade: bool = False  # a task failing only because of an upstream one loses its points too

    def tasks(self) -> list[Task]:
        """The run's tasks, the training with its limit from the children's pace (and without
        its public case unless public_training)."""
        return self.prepared(self.only)

    def needed(self) -> list[Task]:
        """The tasks to run and judge: those graded, after the tasks they build on (judged too,
        for what a downstream task owes them, and not reported when --only leaves them out)."""
        return self.prepared(grading_order([t.id for t in self.tasks()]))

    def prepared(self, ids) -> list[Task]:
        chosen = select_tasks(ids, dict(self.training), self.limits.case_timeout)
        tasks = [with_time_limit(t, child_pace) for t in chosen]
        if not self.public_training:
            tasks = [replace(t, public=()) if t.training and t.hidden is not None else t for t in tasks]
        return tasks

    def as_dict(self) -> dict:
        # lang too: results.json (Gradescope's) and the feedback page are written in it
        return {"sandbox": self.sandbox, "limits": self.limits.as_dict(), "training": dict(self.training),
                "only": list(self.only) if self.only is not None else None, "lang": self.lang,
                "public_training": self.public_training, "cascade": self.cascade}


@dataclass(frozen=True)
class Job:
    student: str
    files: dict[str, bytes]  # the exercise files, read at intake
    submission_hash: str
    grader_hash: str
    hidden_seed: int | None
    settings: Settings
    notes: tuple[str, ...] = ()  # intake's remarks
    hash_parts: dict[str, str] = field(default_factory=dict)  # journal.hash_parts: what grader_hash is made of


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


STALE_LOCK = threading.Lock()


def clean_stale_scratch() -> None:
    with STALE_LOCK:
        _clean_stale_scratch()


@cache
def _clean_stale_scratch() -> None:
    """What grader processes that were killed (SIGKILL leaves it) left: scratch folders,
    unmounted and removed whatever a child put in them (cleanup.remove_tree cannot fail),
    and their children's cgroups. A live run's folder is locked and left alone."""
    try:
        cleanup.clean_stale(tempfile.gettempdir(), SCRATCH_PREFIX)
        confine.clean_stale_cgroups(confine.detect())
    except Exception as exc:  # what an old run left is never a reason not to grade
        from . import warn_once

        warn_once("stale", f"could not clean what killed runs left ({type(exc).__name__}: {exc})")


@cache
def scratch_root() -> cleanup.ScratchRoot:
    """This process's locked folder, in which every child's scratch folder is made."""
    root = cleanup.ScratchRoot(SCRATCH_PREFIX)
    atexit.register(root.close)
    return root


@contextmanager
def scratch_folder(limits: Limits):
    """A child's scratch folder: a tmpfs of limits.disk_mb where the machine allows it
    (confine.py), removed afterwards whatever the child left in it; never raises on the way out."""
    folder = Path(tempfile.mkdtemp(prefix="job-", dir=scratch_root().path))
    scratch = Scratch(folder / "scratch")
    scratch.root.mkdir()
    mounted = confine.detect().tmpfs and confine.mount_tmpfs(scratch.root, limits.disk_mb)
    try:
        yield scratch
    finally:
        if mounted:
            confine.unmount(scratch.root)
        cleanup.remove_tree(folder)  # what is left, the next run's clean_stale removes


def data_key(secret: str) -> str:
    """The key of a run's training data (Settings.data_key), from the course secret, or without
    one from a random salt kept in OUT (journal.salt: a later run on the same OUT draws the
    same data). Not the secret itself: it travels with the settings to wherever jobs run."""
    return hashlib.sha256(f"dlkit training data\0{secret}".encode()).hexdigest()


def child_pace(batch_size: int, hidden_size: int) -> Pace:
    """The reference's pace as the children train (grader.pace.measure): in a fresh
    interpreter with BLAS on one thread, as every child has it. This process may have more
    threads, which on a busy machine make the small products of a training step slower, not
    faster. Once per grader process, a fraction of a second."""
    with PACE_LOCK:
        key = (batch_size, hidden_size)
        if key not in _paces:
            env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **{var: "1" for var in THREAD_VARS}}
            code = f"from grader.pace import print_pace; print_pace({batch_size}, {hidden_size})"
            out = subprocess.run(kit_python(code), capture_output=True, text=True, check=True, env=env,
                                 timeout=120).stdout
            _paces[key] = Pace(**json.loads(out.splitlines()[-1]))
        return _paces[key]


def with_training_data(task: Task, cases: list[tuple[Case, bool]], settings: Settings,
                       student: str) -> list[tuple[Case, bool]]:
    """A training task's cases, each with the seed of its data (grader.mnist.Transform)."""
    if not task.needs_mnist:
        return cases
    return [(replace(c, data_seed=mnist.transform_seed(settings.data_key, student, c.id)), hidden)
            for c, hidden in cases]


def run_in_sandbox(job: Job, tasks: list[Task], cases: dict[str, list]) -> tuple[dict[str, dict], bytes]:
    limits = job.settings.limits
    clean_stale_scratch()
    with scratch_folder(limits) as scratch:
        uid = child_uid() if job.settings.sandbox == "bwrap" else None
        scratch.prepare(job.files, uid)
        plans = [TaskPlan(t.id, tuple(c for c, _ in cases[t.id]), float(t.timeout), t.figure) for t in tasks]
        # what the child gets: a training case's inputs carry its own data (uint8), never its seed
        write_inputs(scratch.inputs, [replace(p, cases=tuple(map(mnist.child_case, p.cases))) for p in plans])
        outcomes = run_tasks(job.settings.sandbox, scratch, plans, limits, uid, confine.detect())
        log = read_log(scratch, limits.output_kb * 1024 + 1024)
    return outcomes, log


def crashed(cases: list[tuple[Case, bool]], exc: BaseException) -> dict[str, Outcome]:
    message = f"the grader could not judge this answer ({type(exc).__name__}: {str(exc)[:200]})"
    return {case.id: Outcome(error=ErrorInfo(ErrorKind.CRASH, type(exc).__name__, message)) for case, _ in cases}


def judge_safely(task: Task, cases: list[tuple[Case, bool]], outcomes: dict[str, Outcome],
                 hidden_seed: int | None, lang: str, upstream=None, cascade: bool = False) -> TaskResult:
    """judge_task, and the task's parts of result.json and of Gradescope's results.json made
    once to be sure they can be: anything that raises on the way (a value no check foresaw)
    makes the task a crash, judged again as such. One odd value never loses a student."""
    try:
        result = judge_task(task, cases, outcomes, Reference(task, cases), hidden_seed, upstream, cascade)
        task_json(result), task_tests(result, lang)
        return result
    except Exception as exc:
        return judge_task(task, cases, crashed(cases, exc), Reference(task, cases), hidden_seed, upstream, cascade)


def judge_all(tasks: list[Task], cases: dict[str, list], outcomes: dict[str, dict],
              hidden_seed: int | None, lang: str = "en", cascade: bool = False) -> list[TaskResult]:
    """Judge the tasks in this order (each after those it builds on), as session.grade_tasks does."""
    with JUDGE_LOCK:
        results: dict[str, TaskResult] = {}
        for t in tasks:
            results[t.id] = judge_safely(t, cases[t.id], outcomes[t.id], hidden_seed, lang, upstream_of(t, results),
                                         cascade)
        return [results[t.id] for t in tasks]


def warm_up(settings: Settings, hidden: bool) -> None:
    """Do once, while the first children run, what would make the first judging slow and, at
    the end of a small class, late: the references' imports (matplotlib's with the figures'),
    the mutants' copies and imports, the frozen answers and, with training, MNIST for the
    judge's forward passes. Mutants are not run: the judge runs one only where a task fails."""
    tasks = settings.needed()
    with JUDGE_LOCK:
        for task in tasks:
            Reference(task, task_cases(task, WARM_UP_SEED if hidden else None)).get(REFERENCE)
            for source in sources(task):
                getattr(source_submission(source), Path(task.file).stem)
        if any(t.needs_mnist for t in tasks):
            mnist.judge_arrays()


def grade_submission(job: Job) -> Graded:
    tasks = job.settings.needed()
    cases = {t.id: with_training_data(t, task_cases(t, job.hidden_seed), job.settings, job.student) for t in tasks}
    outcomes = {t.id: missing(t, cases[t.id]) for t in tasks if t.file not in job.files}
    present = [t for t in tasks if t.file in job.files]
    log = b""
    if present:
        ran, log = run_in_sandbox(job, present, cases)
        outcomes.update(ran)
    for t in tasks:
        if t.needs_mnist:
            outcomes[t.id] = flag_same_network([c for c, _ in cases[t.id]], outcomes[t.id])
    graded = {t.id for t in job.settings.tasks()}
    results = [r for r in judge_all(tasks, cases, outcomes, job.hidden_seed, job.settings.lang, job.settings.cascade)
               if r.task.id in graded]
    result = submission_json(
        job.student, results, hidden_seed=job.hidden_seed, submission_hash=job.submission_hash,
        grader_hash=job.grader_hash, **job.hash_parts, sandbox=job.settings.sandbox, files=sorted(job.files),
        intake=list(job.notes))
    files = {}
    for r in results:
        files.update(artifacts(r))
    # through the journal's JSON once, so a fresh result and one read back from it are alike
    result = json.loads(json_bytes(result))
    return Graded(job.student, result, gradescope_json(results, job.settings.lang), files, log)
