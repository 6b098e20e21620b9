"""The self-check outside pytest: for a notebook cell or a script.

    from grader.selfcheck import check
    check(["numerical_diff", "tangent_line"])          # grades exercises/

prints the same table as `pytest grader` and returns the results; with strict=True it
raises SelfCheckFailed when a task fails (a notebook's grader cell then shows as failed).
The target and the training settings default to the notebook's (grader/notebook.py).
"""

from __future__ import annotations

from pathlib import Path

from .judge import TaskResult
from .messages import both
from .notebook import fresh_submission, target_folder
from .options import cascade_from_env, training_from_env
from .report import describe_task, summary_table
from .session import open_session


class SelfCheckFailed(AssertionError):
    """Some tasks failed a strict self-check."""


def check(task_ids: list[str] | None = None, target: str | Path | None = None, lang: str | None = None,
          details: bool = True, strict: bool = False, training: dict | None = None,
          cascade: bool | None = None) -> list[TaskResult]:
    folder = target_folder(target)  # default: $DLKIT_TARGET, else exercises/
    session = open_session(target=folder, training=training_from_env() if training is None else training, lang=lang,
                           cascade=cascade_from_env() if cascade is None else cascade)
    sub = fresh_submission(folder)
    results = [session.grade(task_id, sub) for task_id in (task_ids or [t.id for t in session.tasks])]
    lang = session.lang
    if details:
        for result in results:
            if not result.passed:
                print(describe_task(result, lang), end="\n\n")
    for line, _ in summary_table(results, lang, None):
        print(line)
    failed = [r.task.id for r in results if not r.passed]
    if strict and failed:
        raise SelfCheckFailed(f"{both('selfcheck_failed', count=len(failed))}: " + ", ".join(failed))
    return results
