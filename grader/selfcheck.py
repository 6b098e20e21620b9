"""The self-check outside pytest: for a notebook cell or a script.

    from grader.selfcheck import check
    check(["numerical_diff", "tangent_line"])          # grades exercises/

prints the same table as `pytest grader` and returns the results; with strict=True it
raises SelfCheckFailed when a task fails (a notebook's grader cell then shows as failed).
The target and the training settings default to the notebook's (grader/notebook.py).
"""

from __future__ import annotations

from pathlib import Path

from .catalogue import configured_tasks
from .judge import TaskResult, grade_task
from .messages import choose_lang
from .notebook import fresh_submission, target_folder, training_overrides
from .report import describe_task, summary_table


class SelfCheckFailed(AssertionError):
    """Some tasks failed a strict self-check."""


def check(task_ids: list[str] | None = None, target: str | Path | None = None, lang: str | None = None,
          details: bool = True, strict: bool = False, training: dict | None = None) -> list[TaskResult]:
    lang = choose_lang(lang)
    sub = fresh_submission(target_folder(target))  # default: $DLKIT_TARGET, else exercises/
    tasks = {task.id: task for task in configured_tasks(**(training_overrides() if training is None else training))}
    results = [grade_task(tasks[task_id], sub) for task_id in (task_ids or list(tasks))]
    if details:
        for result in results:
            if not result.passed:
                print(describe_task(result, lang), end="\n\n")
    for line, _ in summary_table(results, lang, None):
        print(line)
    failed = [r.task.id for r in results if not r.passed]
    if strict and failed:
        raise SelfCheckFailed(f"{len(failed)}개 과제를 통과하지 못했습니다 / {len(failed)} task(s) failed: "
                              + ", ".join(failed))
    return results
