"""One test per catalogue task; all grading knowledge is in catalogue.py."""

import pytest

from grader.catalogue import TASKS
from grader.report import describe_task


@pytest.mark.parametrize(
    "task_id", [pytest.param(task.id, id=task.id, marks=[getattr(pytest.mark, m) for m in task.marks])
                for task in TASKS])
def test_task(task_id: str, grading) -> None:
    result = grading.grade(task_id)
    if not result.passed:
        pytest.fail(describe_task(result, grading.lang), pytrace=False)
