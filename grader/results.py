"""Results as JSON: what the batch grader stores per student and its reports read."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .judge import CaseResult, TaskResult
from .report import cause_lines, describe_task, kinds_text, status_text, upstream_lines
from .tasks import TOTAL_POINTS
from .wrong_outputs import case_evidence

UNRECOGNISED = "?"  # a cost key's prefix for points lost to no known mistake: "?:task_id"


def _num(x: float) -> float | None:
    return x if math.isfinite(x) else None


def _values_curve(result: TaskResult) -> dict[str, list] | None:
    """The training curve a submission recorded, for the feedback page."""
    for case in result.cases:
        values = case.outcome.values or {}
        if "train_loss" in values:
            return {k: [_num(float(v)) for v in np.ravel(values[k])] for k in ("train_loss", "train_acc", "test_acc")
                    if k in values and values[k].dtype.kind in "biuf"}  # text is no curve
    return None


def case_costs(result: TaskResult, case: CaseResult) -> dict[str, float]:
    """The points a case lost, by root cause: the task's own mistakes that reproduce it, the
    upstream mistakes a kept case follows (it loses points only with the cascade setting),
    or "?:<task>" where no known mistake explains it."""
    lost = result.task.points * (1.0 - case.earned(result.cascade)) / len(result.cases)
    if lost <= 0:
        return {}
    causes = case.cause or (case.upstream if case.kept else ()) or (f"{UNRECOGNISED}:{result.task.id}",)
    return {cause: lost / len(causes) for cause in causes}


def costs(result: TaskResult) -> dict[str, float]:
    """The points the task lost, by root cause (case_costs summed), rounded."""
    total: dict[str, float] = {}
    for case in result.cases:
        for cause, lost in case_costs(result, case).items():
            total[cause] = total.get(cause, 0.0) + lost
    return {cause: round(lost, 4) for cause, lost in total.items()}


def task_json(result: TaskResult) -> dict[str, Any]:
    task = result.task
    cases = []
    evidence = case_evidence(result)  # failed public cases: what they output, for the similarity report
    for c in result.cases:
        table = next((m.table for m in c.mismatches if m.table), [])
        cases.append({
            "id": c.case.id, "hidden": c.hidden, "passed": c.passed, "seconds": round(c.outcome.seconds, 4),
            "error": c.outcome.error.to_json() if c.outcome.error else None,
            "grad_table": [[n, _num(e), th, ok] for n, e, th, ok in table],
            **evidence.get(c.case.id, {}),
            "tags": [tag.value for tag in c.case.tags], "earned": round(c.earned(result.cascade), 4),
            "kept": c.kept, "cause": list(c.cause), "upstream": list(c.upstream),
        })
    out = {
        "id": task.id, "title": {"ko": task.title.ko, "en": task.title.en}, "file": task.file,
        "points": task.points, "score": result.score, "status": result.status,
        "status_text": {lang: status_text(result, lang) for lang in ("ko", "en")},
        "mistakes": list(result.mistakes),
        "hints": [{"id": m.id, "ko": m.hint.ko, "en": m.hint.en} for m in task.mistakes if m.id in result.mistakes],
        "explained": result.explained.value,
        "upstream": {"tasks": list(result.upstream), "mistakes": list(result.upstream_mistakes),
                     "text": {lang: " ".join(upstream_lines(result, lang)) for lang in ("ko", "en")}},
        "causes": {lang: "\n".join(line.strip() for line in cause_lines(result, lang)) for lang in ("ko", "en")},
        "kinds": {lang: "" if result.passed else kinds_text(result, lang) for lang in ("ko", "en")},
        "costs": costs(result),
        "cascade": result.cascade,
        "public": list(result.counts(hidden=False)), "hidden": list(result.counts(hidden=True)),
        "report": {lang: "" if result.passed else describe_task(result, lang) for lang in ("ko", "en")},
        "cases": cases,
        "seconds": round(sum(c.outcome.seconds for c in result.cases), 4),
    }
    curve = _values_curve(result)
    if curve:
        out["curve"] = curve
    return out


def artifacts(result: TaskResult) -> dict[str, bytes]:
    """Files a task's run produced (e.g. figures as PNG), keyed 'task/case/name.png'."""
    files = {}
    for c in result.cases:
        for name, arr in c.outcome.artifacts.items():
            files[f"{result.task.id}/{c.case.id}/{name}.png"] = np.asarray(arr, dtype=np.uint8).tobytes()
    return files


def submission_json(student: str, results: list[TaskResult], **extra: Any) -> dict[str, Any]:
    """One student's grade: every task, the total and whatever the caller records
    (hidden seed, content hashes, timings)."""
    return {
        "student": student,
        "score": round(sum(r.score for r in results), 2),
        "max_score": TOTAL_POINTS,
        "tasks": [task_json(r) for r in results],
        **extra,
    }
