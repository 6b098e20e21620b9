"""The one catalogue: every task of the chapter, as data, one module per lecture section.

Each section module (losses, differentiation, simple_net, two_layer_net, training,
figures) holds its tasks' entries: what a task grades, how it is called (its probe), on
which inputs (public cases, and hidden ones drawn from a seed), how its outputs are judged
(tolerances from the numerics: docs/tolerances.md) and which known mistakes it recognises.
The pytest self-check, the batch grader, the release builder and the nbgrader bridge all
read the catalogue assembled here.
"""

from __future__ import annotations

import zlib
from dataclasses import replace

import numpy as np

from ..model import Case, Task
from . import differentiation, figures, losses, simple_net, training, two_layer_net

SECTIONS = (losses, differentiation, simple_net, two_layer_net, training, figures)  # the lecture's order
TRAINING = training.TRAINING


def with_dependencies(tasks: tuple[Task, ...]) -> tuple[Task, ...]:
    """Each task with `depends_on`: the tasks that grade a function it calls."""
    graders = {name: task.id for task in tasks for name in task.grades}
    return tuple(replace(task, depends_on=tuple(dict.fromkeys(
        graders[name] for name in task.calls if name in graders and graders[name] != task.id))) for task in tasks)


TASKS: tuple[Task, ...] = with_dependencies(tuple(task for section in SECTIONS for task in section.TASKS))
BY_ID = {task.id: task for task in TASKS}
FILES = tuple(dict.fromkeys(task.file for task in TASKS))  # the submission's files, in the lecture's order
TOTAL_POINTS = sum(task.points for task in TASKS)


def upstream_ids(task: Task) -> tuple[str, ...]:
    """The tasks whose functions this task's probe reaches, directly or through others, in the
    catalogue's order (which is an order of dependencies: a task comes after those it builds on)."""
    seen: set[str] = set()
    todo = list(task.depends_on)
    while todo:
        tid = todo.pop()
        if tid not in seen:
            seen.add(tid)
            todo.extend(BY_ID[tid].depends_on)
    return tuple(t.id for t in TASKS if t.id in seen)


def grading_order(task_ids) -> list[str]:
    """These tasks and every task upstream of them, each after those it builds on."""
    wanted = set(task_ids) | {up for tid in task_ids for up in upstream_ids(BY_ID[tid])}
    return [t.id for t in TASKS if t.id in wanted]


def hidden_cases(task: Task, seed: int) -> list[Case]:
    """The task's hidden cases for one seed: the same seed, the same inputs, on any machine."""
    if task.hidden is None:
        return []
    rng = np.random.default_rng([seed, zlib.crc32(task.id.encode())])
    return task.hidden(rng)


def task_cases(task: Task, hidden_seed: int | None) -> list[tuple[Case, bool]]:
    """The task's cases, each with whether it is hidden: the public ones, then the seed's."""
    cases = [(c, False) for c in task.public]
    if hidden_seed is not None:
        cases += [(c, True) for c in hidden_cases(task, hidden_seed)]
    return cases


def with_training(settings: dict) -> tuple[Task, ...]:
    """The catalogue with the instructor's training settings (iters_num, train_size, ...)."""
    if not settings:
        return TASKS
    unknown = set(settings) - set(TRAINING)
    if unknown:
        raise ValueError(f"unknown training settings: {sorted(unknown)}")
    public = (training.training_case("configured_settings", **settings),)
    return tuple(replace(task, public=public, hidden=training.hidden_training(**settings)) if task.training else task
                 for task in TASKS)
