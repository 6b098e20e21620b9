"""The catalogue (grader/tasks/) is consistent with itself, the stubs, the solutions and the mutants.

What was once an import-time assert (the points) and a convention (where a mutant lives,
what a task calls) is checked here, so that adding a task shows what it still lacks.
"""

from __future__ import annotations

import ast
import math

import pytest

from grader.authoring.sources import functions_of, stub_names
from grader.kit import EXERCISES, MUTANTS, SOLUTIONS
from grader.model import Kind
from grader.reference import mutants
from grader.tasks import BY_ID, FILES, SECTIONS, TASKS, TOTAL_POINTS


def test_the_points_add_up_to_100() -> None:
    assert math.isclose(TOTAL_POINTS, 100), {task.id: task.points for task in TASKS}
    assert all(task.points > 0 for task in TASKS)


def test_ids_are_unique() -> None:
    assert len(BY_ID) == len(TASKS)
    mistakes = [m.id for task in TASKS for m in task.mistakes]
    assert len(mistakes) == len(set(mistakes)), mistakes
    assert not set(mistakes) & set(BY_ID)


def test_every_mistake_has_its_mutant_in_its_section_s_module_and_no_mutant_is_orphaned() -> None:
    for section in SECTIONS:
        name = section.__name__.rsplit(".", 1)[1]
        namespace: dict = {}
        path = MUTANTS / f"{name}.py"
        exec(path.read_text(encoding="utf-8"), namespace) if path.is_file() else namespace.setdefault("MUTANTS", {})
        own = {m.id for task in section.TASKS for m in task.mistakes}
        assert set(namespace["MUTANTS"]) == own, (name, set(namespace["MUTANTS"]) ^ own)
    assert set(mutants()) == {m.id for task in TASKS for m in task.mistakes}


@pytest.mark.parametrize("task", TASKS, ids=[t.id for t in TASKS])
def test_what_a_task_grades_and_calls_exists(task) -> None:
    assert task.file in FILES
    assert task.grades or task.calls, "a task grades a stub or the student's functions together"
    stubs = {f"{f.removesuffix('.py')}.{q}" for f in FILES for q in stub_names((EXERCISES / f).read_text("utf-8"))}
    solved = {f"{f.removesuffix('.py')}.{q}" for f in FILES
              for q in functions_of(ast.parse((SOLUTIONS / f).read_text("utf-8")))}
    for name in task.grades:
        assert name.split(".")[0] == task.file.removesuffix(".py"), name
        assert name in stubs and name in solved, name
    for name in task.calls:
        assert name in solved, name
    assert task.names, "the task reads something from its file"


def test_dependencies_come_from_what_a_task_calls() -> None:
    assert BY_ID["tangent_line"].depends_on == ("numerical_diff",)
    assert BY_ID["simple_net_gradient"].depends_on == ("simple_net_loss", "numerical_gradient")
    assert set(BY_ID["train"].depends_on) == {"two_layer_net_gradient", "two_layer_net_loss",
                                             "two_layer_net_accuracy", "two_layer_net_init"}
    for task in TASKS:
        assert task.id not in task.depends_on
        assert all(dep in BY_ID for dep in task.depends_on)


def test_kinds_are_stated_not_inferred() -> None:
    training = [task for task in TASKS if task.kind is Kind.TRAINING]
    assert [t.id for t in training] == ["train"] and training[0].needs_mnist and training[0].timeout > 60
    assert {t.id for t in TASKS if t.needs_mnist} == {"train"}
    assert {t.id for t in TASKS if t.figure} == {t.id for t in TASKS if t.file == "plots.py"}


def test_every_task_says_where_its_tolerance_comes_from() -> None:
    for task in TASKS:
        assert task.tolerance and task.why, task.id
        assert "|" not in task.tolerance.replace("\\|", "") + task.why.replace("\\|", ""), task.id  # a table cell
