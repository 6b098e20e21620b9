"""A student's results in Gradescope's autograder format (results.json).

Spec: https://gradescope-autograders.readthedocs.io/en/latest/specs/ — a top-level score
and a list of tests, each with name, score, max_score, status, output and visibility
("visible", "hidden", "after_due_date" or "after_published"). Each task becomes up to two
tests: its public cases ("visible") and its hidden cases ("after_published": their inputs
come from the student's seed and are shown once the instructor publishes the grades), but
"visible" for a task that has no public case (the training task, which the batch grader
trains on the hidden seed alone): the student would otherwise see nothing of it until then.
The task's points are split between them case by case, as the judge scores them (a case
earns a share for a side effect alone wrong, and its points where it fails only because of
an upstream task, unless the cascade setting says otherwise).
"""

from __future__ import annotations

from ..judge import CaseResult, TaskResult
from ..messages import t
from ..report import cause_lines, describe_case, hints, status_text, upstream_lines

MAX_CASES_SHOWN = 3
PARTS = {False: "public", True: "hidden"}  # the tests' names: grader/messages.py's words for the cases


def cases_output(result: TaskResult, cases: list[CaseResult], lang: str) -> str:
    failed = [c for c in cases if not c.passed]
    if not failed:
        return ""
    task = result.task
    lines = [f"{t('status', lang)}: {status_text(result, lang)}"]
    lines += [f"{t('hint', lang)}: {hint}" for hint in hints(result, lang)]
    lines += [line.strip() for line in cause_lines(result, lang) + upstream_lines(result, lang)]
    for case in failed[:MAX_CASES_SHOWN]:
        lines.extend(describe_case(case, lang, task.timeout))
    if len(failed) > MAX_CASES_SHOWN:
        lines.append(f"… (+{len(failed) - MAX_CASES_SHOWN})")
    return "\n".join(lines)


def task_tests(result: TaskResult, lang: str) -> list[dict]:
    task, total = result.task, len(result.cases)
    public = any(not c.hidden for c in result.cases)
    tests = []
    for hidden in (False, True):
        cases = [c for c in result.cases if c.hidden == hidden]
        if not cases:
            continue
        passed = sum(c.passed for c in cases)
        tests.append({
            "name": f"{task.title(lang)} [{task.id}] — {t(PARTS[hidden], lang)}",
            "score": round(task.points * sum(c.earned(result.cascade) for c in cases) / total, 4),
            "max_score": round(task.points * len(cases) / total, 4),
            "status": "passed" if passed == len(cases) else "failed",
            "output": cases_output(result, cases, lang),
            "visibility": "after_published" if hidden and public else "visible",
            "tags": [task.file],
        })
    return tests


def gradescope_json(results: list[TaskResult], lang: str) -> dict:
    return {
        "score": round(sum(r.score for r in results), 2),
        "tests": [test for r in results for test in task_tests(r, lang)],
        "visibility": "visible",
        "stdout_visibility": "hidden",
    }
