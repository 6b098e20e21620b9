"""A grading session: which code, which tasks, which settings. Every front end starts one here.

`pytest grader`, `dlkit check`, the notebooks' self-check cell and the nbgrader test cells
grade in this process (`Session.grade`: run the code, then judge); `dlkit grade` runs the
code in sandboxes and judges with the same tasks (`select_tasks`) and the same judge.
Tasks are judged after the tasks they build on (`grade_tasks`), so that a task failing
because of an upstream one says so, and keeps its points unless the session's `cascade`
setting says otherwise (grader/attribution.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .attribution import upstream_of
from .judge import TaskResult, judge_task
from .kit import KIT, has_solutions
from .messages import choose_lang
from .model import Task
from .pace import with_time_limit
from .reference import Reference
from .run import Submission, run_task
from .seeds import course_secret, student_seed
from .tasks import BY_ID, grading_order, task_cases, with_training


class SessionError(ValueError):
    """Settings that cannot make a session (an unknown task, no such folder, no secret...)."""


def select_tasks(only=None, training: dict | None = None, case_timeout: float | None = None) -> tuple[Task, ...]:
    """The catalogue's tasks for a session: all or `only` these, with the instructor's training
    settings, and `case_timeout` seconds per case for all but the training (it keeps its own)."""
    try:
        tasks = with_training(dict(training or {}))
    except ValueError as exc:
        raise SessionError(str(exc)) from None
    if only is not None:
        unknown = [t for t in only if t not in BY_ID]
        if unknown:
            raise SessionError(f"unknown task ids: {', '.join(unknown)}")
        tasks = tuple(t for t in tasks if t.id in only)
    if case_timeout is not None:
        tasks = tuple(t if t.training else replace(t, timeout=case_timeout) for t in tasks)
    return tasks


def resolve_seed(hidden_seed: int | None = None, student: str | None = None, secret: str | None = None) -> int | None:
    """The hidden cases' seed: given, or the student's under the course secret; None: public only."""
    seed = hidden_seed
    if student:
        try:
            seed = student_seed(course_secret(secret), student)
        except ValueError as exc:
            raise SessionError(str(exc)) from None
    if seed is not None and not has_solutions():
        raise SessionError("hidden cases are computed from solutions/, which this copy does not have")
    return seed


def resolve_target(value: str | Path) -> Path:
    """A folder to grade: a path, or the name of one of the kit's folders (exercises, solutions)."""
    path = Path(value)
    if not path.is_dir() and (KIT / value).is_dir():
        path = KIT / value
    if not path.is_dir():
        raise SessionError(f"--target {value}: no such folder")
    return path.resolve()


def grade_task(task: Task, sub: Submission, hidden_seed: int | None = None, upstream=None, cascade: bool = False,
               **run_kw) -> TaskResult:
    """Run a task's cases on a submission in this process, then judge them (on top of what
    the tasks it builds on were found to have: attribution.Upstream). The training runs with
    its limit from this machine's pace, measured here on first need (grader/pace.py)."""
    task = with_time_limit(task)
    cases = task_cases(task, hidden_seed)
    outcomes = run_task(task, [c for c, _ in cases], sub, **run_kw)
    return judge_task(task, cases, outcomes, Reference(task, cases), hidden_seed, upstream, cascade)


def grade_tasks(task_ids, sub: Submission, tasks: dict[str, Task], hidden_seed: int | None = None,
                cascade: bool = False, graded: dict[str, TaskResult] | None = None) -> dict[str, TaskResult]:
    """These tasks' results, each judged after the tasks it builds on (graded here too, once:
    `graded` keeps every result, the upstream ones included)."""
    graded = {} if graded is None else graded
    for tid in grading_order(task_ids):
        if tid not in graded:
            task = tasks[tid]
            graded[tid] = grade_task(task, sub, hidden_seed, upstream_of(task, graded), cascade)
    return {tid: graded[tid] for tid in task_ids}


@dataclass
class Session:
    tasks: tuple[Task, ...]
    target: Path | None = None
    hidden_seed: int | None = None
    lang: str = "en"
    cascade: bool = False
    results: dict[str, TaskResult] = field(default_factory=dict)  # the tasks asked for
    graded: dict[str, TaskResult] = field(default_factory=dict)  # and those they build on

    def task(self, task_id: str) -> Task:
        return next(t for t in self.tasks if t.id == task_id)

    def grade(self, task_id: str, sub: Submission | None = None) -> TaskResult:
        by_id = {**BY_ID, **{t.id: t for t in self.tasks}}  # upstream tasks outside a selection: the catalogue's
        result = grade_tasks([task_id], sub or Submission(self.target), by_id, self.hidden_seed, self.cascade,
                             self.graded)[task_id]
        self.results[task_id] = result
        return result


def open_session(*, target: str | Path | None = "exercises", only=None, training: dict | None = None,
                 hidden_seed: int | None = None, student: str | None = None, secret: str | None = None,
                 case_timeout: float | None = None, lang: str | None = None, cascade: bool = False) -> Session:
    """A session from a front end's settings, each checked before anything runs."""
    return Session(select_tasks(only, training, case_timeout),
                   resolve_target(target) if target is not None else None,
                   resolve_seed(hidden_seed, student, secret), choose_lang(lang), bool(cascade))
