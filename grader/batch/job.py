"""One submission, start to finish, on the trusted side: the unit of work an executor runs.

`grade_submission(job)` is a plain function of plain data (a Job), returning plain data
(a Graded), so any concurrent.futures executor can run it: threads here, processes, or a
cluster's workers (Dask's `client.get_executor()`). It makes the cases (hidden ones from
the student's seed), runs them in sandboxed children (supervise.py) and judges the
outcomes with grader.judge.judge_task: the same judge as `pytest grader`. Nothing in this
module imports or calls student code; writing the results to disk is the caller's job.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from .. import mnist
from ..judge import TaskResult, judge_task
from ..model import REFERENCE, Case, ErrorInfo, ErrorKind, Outcome, Task
from ..pace import Pace, with_time_limit
from ..reference import Reference, source_submission, sources
from ..results import artifacts, submission_json
from ..session import select_tasks
from ..tasks import task_cases
from ..training_rules import flag_same_network
from .gradescope import gradescope_json
from .protocol import TaskPlan, write_inputs
from .sandbox import THREAD_VARS, Limits, Scratch, child_uid, kit_python
from .supervise import run_tasks

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
    # the key of the training cases' data (grader.mnist.transform_seed): data_key(); by default
    # a random one, so that no Settings ever grades on guessable data
    data_key: str = field(default_factory=lambda: os.urandom(32).hex(), repr=False)

    def tasks(self) -> list[Task]:
        """The run's tasks, the training with its limit from the children's pace."""
        return [with_time_limit(t, child_pace)
                for t in select_tasks(self.only, dict(self.training), self.limits.case_timeout)]

    def as_dict(self) -> dict:
        # lang too: results.json (Gradescope's) and the feedback page are written in it
        return {"sandbox": self.sandbox, "limits": self.limits.as_dict(), "training": dict(self.training),
                "only": list(self.only) if self.only is not None else None, "lang": self.lang}


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
    with tempfile.TemporaryDirectory(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-", ignore_cleanup_errors=True) as tmp:
        scratch = Scratch(Path(tmp) / "scratch")
        uid = child_uid() if job.settings.sandbox == "bwrap" else None
        scratch.prepare(job.files, uid)
        plans = [TaskPlan(t.id, tuple(c for c, _ in cases[t.id]), float(t.timeout)) for t in tasks]
        # what the child gets: a training case's inputs carry its own data (uint8), never its seed
        write_inputs(scratch.inputs, [replace(p, cases=tuple(map(mnist.child_case, p.cases))) for p in plans])
        outcomes = run_tasks(job.settings.sandbox, scratch, plans, limits, uid)
        with open(scratch.log, "rb") as fh:
            log = fh.read(limits.output_kb * 1024 + 1024)
    return outcomes, log


def judge_all(tasks: list[Task], cases: dict[str, list], outcomes: dict[str, dict],
              hidden_seed: int | None) -> list[TaskResult]:
    with JUDGE_LOCK:
        return [judge_task(t, cases[t.id], outcomes[t.id], Reference(t, cases[t.id]), hidden_seed) for t in tasks]


def warm_up(settings: Settings, hidden: bool) -> None:
    """Do once, while the first children run, what would make the first judging slow and, at
    the end of a small class, late: the references' imports (matplotlib's with the figures'),
    the mutants' copies and imports, the frozen answers and, with training, MNIST for the
    judge's forward passes. Mutants are not run: the judge runs one only where a task fails."""
    tasks = settings.tasks()
    with JUDGE_LOCK:
        for task in tasks:
            Reference(task, task_cases(task, WARM_UP_SEED if hidden else None)).get(REFERENCE)
            for source in sources(task):
                getattr(source_submission(source), Path(task.file).stem)
        if any(t.needs_mnist for t in tasks):
            mnist.judge_arrays()


def grade_submission(job: Job) -> Graded:
    tasks = job.settings.tasks()
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
    results = judge_all(tasks, cases, outcomes, job.hidden_seed)
    result = submission_json(
        job.student, results, hidden_seed=job.hidden_seed, submission_hash=job.submission_hash,
        grader_hash=job.grader_hash, sandbox=job.settings.sandbox, files=sorted(job.files), intake=list(job.notes))
    files = {}
    for r in results:
        files.update(artifacts(r))
    # through JSON once, so a fresh result and one read back from the journal are alike
    result = json.loads(json.dumps(result))
    return Graded(job.student, result, gradescope_json(results, job.settings.lang), files, log)
