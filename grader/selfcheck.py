"""The self-check outside pytest: for a notebook cell or a script.

    from grader.selfcheck import check
    check(["numerical_diff", "tangent_line"])          # grades exercises/

prints the same table as `pytest grader` and returns the results.
"""

from __future__ import annotations

from pathlib import Path

from .catalogue import BY_ID
from .judge import TaskResult, grade_task
from .messages import choose_lang
from .reference import KIT
from .report import describe_task, summary_table
from .run import Submission


def check(task_ids: list[str] | None = None, target: str | Path = "exercises", lang: str | None = None,
          details: bool = True) -> list[TaskResult]:
    lang = choose_lang(lang)
    folder = Path(target)
    if not folder.is_dir():
        folder = KIT / target
    sub = Submission(folder)
    results = [grade_task(BY_ID[task_id], sub) for task_id in (task_ids or list(BY_ID))]
    if details:
        for result in results:
            if not result.passed:
                print(describe_task(result, lang), end="\n\n")
    for line, _ in summary_table(results, lang, None):
        print(line)
    return results
