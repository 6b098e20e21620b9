"""Lecture-like submissions and what the feedback must say about each (tests/test_corpus.py).

versions.py: the versions of every graded function (the slides', the walk-through's, the
book's, slips, correct code written differently); compose.py: a submission from chosen
versions; entries.py: the corpus, each entry with the diagnosis expected per task;
heldout.py: submissions written before the catalogue was extended, never tuned on.

`grade` judges a submission the way every front end does (each task after those it builds
on), in this process, sharing the reference outcomes between submissions so that the corpus
runs in seconds per entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from grader.attribution import upstream_of
from grader.judge import TaskResult, judge_task
from grader.reference import Reference
from grader.run import Submission, run_task
from grader.session import select_tasks
from grader.tasks import task_cases

UPSTREAM, IMPORT = "upstream:", "import:"


@cache
def catalogue(training: tuple = ()) -> dict:
    return {t.id: t for t in select_tasks(None, dict(training))}


@cache
def reference(task_id: str, seed: int | None, training: tuple = ()):
    task = catalogue(training)[task_id]
    cases = task_cases(task, seed)
    return cases, Reference(task, cases)


def grade(sub: Submission, seed: int | None = None, with_training: bool = False, training: tuple = (),
          cascade: bool = False) -> dict[str, TaskResult]:
    """Every task (the training only if asked), each judged after the tasks it builds on."""
    results: dict[str, TaskResult] = {}
    for task in catalogue(training).values():
        if task.training and not with_training:
            continue
        cases, ref = reference(task.id, seed, training)
        outcomes = run_task(task, [c for c, _ in cases], sub)
        results[task.id] = judge_task(task, cases, outcomes, ref, seed, upstream_of(task, results), cascade)
    return results


@dataclass
class Verdict:
    """How one failing task's feedback compares with what the entry expects."""

    task: str
    named: bool  # a hint names a cause, or the report points upstream, or says the file does not import
    right: bool  # what it names is what the entry expects
    said: str


def says(result: TaskResult) -> str:
    parts = [*result.mistakes, *(UPSTREAM + t for t in result.upstream)]
    if result.status == "import":
        parts.append(IMPORT + import_file(result))
    return ", ".join(parts) or "-"


def names_a_cause(result: TaskResult) -> bool:
    return bool(result.mistakes or result.upstream or result.status == "import")


def import_file(result: TaskResult) -> str:
    """The file a task's import error is in (the student's line says)."""
    errors = [c.outcome.error for c in result.cases if c.outcome.error is not None]
    return errors[0].where.split(":")[0] if errors else ""


def judge_expectation(result: TaskResult, causes: tuple[str, ...], accept: tuple[str, ...] = ()) -> bool:
    """Does the feedback name exactly the expected causes (or accepted alternatives)?"""
    own = {c for c in causes if not c.startswith((UPSTREAM, IMPORT))}
    ups = {c[len(UPSTREAM):] for c in causes if c.startswith(UPSTREAM)}
    imports = {c[len(IMPORT):] for c in causes if c.startswith(IMPORT)}
    ok_own = {c for c in accept if not c.startswith(UPSTREAM)} | own
    ok_ups = {c[len(UPSTREAM):] for c in accept if c.startswith(UPSTREAM)} | ups
    if imports:
        return result.status == "import" and import_file(result) in imports
    named = set(result.mistakes)
    return (named <= ok_own and bool(named) == bool(own) and (own <= named or bool(named & set(accept)))
            and set(result.upstream) <= ok_ups and bool(result.upstream) == bool(ups))
