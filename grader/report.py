"""Text reports: what a student reads in the terminal (and the batch grader reuses)."""

from __future__ import annotations

import numpy as np

from .compare import Mismatch
from .judge import CaseResult, TaskResult
from .messages import t
from .model import AFTER_TIMEOUT_TYPE, BUDGET_TYPE, Case, ErrorKind
from .tasks import BY_ID, TASKS, TOTAL_POINTS


def short(value, width: int = 70) -> str:
    """A value on one line, numpy-style, cut to `width`."""
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return short(value.item(), width)
        text = np.array2string(value, precision=8, threshold=12, edgeitems=2, max_line_width=10_000)
        text = " ".join(text.split())
    elif isinstance(value, float):
        text = repr(value)
    else:
        text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def describe_inputs(case: Case) -> str:
    parts = []
    for name, arr in case.inputs.items():
        if arr.ndim == 0:
            parts.append(f"{name}={short(arr, 30)}")
        elif arr.size <= 10:
            parts.append(f"{name}={short(arr, 90)}")
        else:
            parts.append(f"{name}: {arr.dtype} {arr.shape}")
    return ", ".join(parts)


def describe_mismatch(mm: Mismatch, lang: str) -> list[str]:
    lines = _describe_mismatch(mm, lang)
    return lines + [f"    {mm.note(lang)}"] if mm.note is not None else lines


def _describe_mismatch(mm: Mismatch, lang: str) -> list[str]:
    if mm.message is not None:
        return [f"  - {mm.name}: {mm.message(lang)}"]
    if mm.kind == "missing":
        return [f"  - {t('missing_output', lang, name=mm.name)}"]
    if mm.kind == "raises":
        return [f"  - {t('raises', lang, expected=mm.expected, got=mm.got)}"]
    if mm.kind == "shape":
        return [f"  - {mm.name}: {t('shape', lang)} {t('expected', lang)} {mm.expected}, {t('got', lang)} {mm.got}"]
    if mm.kind == "dtype":
        return [f"  - {mm.name}: {t('dtype', lang)} {t('expected', lang)} {mm.expected}, {t('got', lang)} {mm.got}"]
    if mm.kind == "grad":
        # one table for all parameters, then where the first wrong one goes wrong
        lines = []
        if mm.table:
            lines.append(f"  {t('grad_table', lang)}:")
            for name, err, threshold, ok in mm.table:
                verdict = f"<= {threshold:.0e}  ok" if ok else f">  {threshold:.0e}  X"
                lines.append(f"    {name:<6} {err:10.2e}  {verdict}")
            entries = "; ".join(f"[{','.join(map(str, i))}] {e!r} vs {g!r}" for i, e, g in mm.first)
            lines.append(f"  {mm.name} {t('first_diff', lang)} ({t('expected', lang)} vs {t('got', lang)}): {entries}")
        return lines
    lines = [f"  - {mm.name}: {t('expected', lang)} {short(mm.expected)}",
             f"    {' ' * len(mm.name)}  {t('got', lang)} {short(mm.got)}"]
    if isinstance(mm.got, np.ndarray):
        lines.append(f"    {t('shape', lang)} {mm.got.shape}, {t('dtype', lang)} {mm.got.dtype}; "
                     f"{t('max_abs', lang)} {mm.max_abs:.3g}, {t('max_rel', lang)} {mm.max_rel:.3g} "
                     f"({t('tolerance', lang)} {mm.tolerance})")
    if mm.first and np.ndim(mm.expected) > 0:
        entries = "; ".join(f"[{','.join(map(str, i))}] {e!r} vs {g!r}" for i, e, g in mm.first)
        lines.append(f"    {t('first_diff', lang)}: {entries}")
    return lines


def describe_case(result: CaseResult, lang: str, timeout: float) -> list[str]:
    tag = "hidden " if result.hidden else ""
    lines = [f"{t('case', lang)} {tag}'{result.case.id}' — {t('input', lang)}: {describe_inputs(result.case)}"]
    err = result.outcome.error
    if err is not None and not result.mismatches:
        if err.kind is ErrorKind.NOT_IMPLEMENTED:
            lines.append("  " + t("not_implemented_msg", lang, message=err.message))
        elif err.kind is ErrorKind.TIMEOUT:
            key = {AFTER_TIMEOUT_TYPE: "timeout_after_msg", BUDGET_TYPE: "timeout_budget_msg"}.get(err.type,
                                                                                                 "timeout_msg")
            lines.append("  " + t(key, lang, seconds=float(err.message or timeout)))
        elif err.kind is ErrorKind.MISSING:
            lines.append("  " + t("missing_msg", lang, message=err.message))
        elif err.kind is ErrorKind.CRASH:
            lines.append("  " + t("crash_msg", lang, message=err.message))
        else:
            lines.append(f"  {err.type}: {err.message}")
    for mm in result.mismatches:
        lines.extend(describe_mismatch(mm, lang))
    if err is not None and err.where:
        lines.append(f"  {t('where', lang)}: {err.where}")
    return lines


def describe_task(result: TaskResult, lang: str, max_cases: int = 3) -> str:
    """Everything a student needs about one failed task."""
    task = result.task
    lines = [f"[{task.id}] {task.title(lang)} — {t(result.status, lang)} "
             f"({result.score:g}/{task.points:g} {t('points', lang)})"]
    if result.status == "not_implemented":
        first = next(c for c in result.cases if not c.passed)
        return "\n".join(lines + ["  " + t("not_implemented_msg", lang, message=first.outcome.error.message)])
    for mistake in task.mistakes:
        if mistake.id in result.mistakes:
            lines.append(f"  {t('hint', lang)}: {mistake.hint(lang)}")
    failed = [c for c in result.cases if not c.passed]
    for case in failed[:max_cases]:
        lines.extend(describe_case(case, lang, task.timeout))
    if len(failed) > max_cases:
        lines.append(f"  … (+{len(failed) - max_cases})")
    return "\n".join(lines)


def hint_line(result: TaskResult, lang: str) -> str:
    hints = [m.hint(lang) for m in result.task.mistakes if m.id in result.mistakes]
    return hints[0] if hints else ""


def summary_table(results: list[TaskResult], lang: str, hidden_seed: int | None) -> list[tuple[str, str]]:
    """The closing table, one (line, status) per row: task, points earned / possible, status,
    hint; then the total, which never claims hidden cases passed when they did not run."""
    order = {task.id: i for i, task in enumerate(TASKS)}
    rows = sorted(results, key=lambda r: order.get(r.task.id, len(order)))
    width = max([len(r.task.id) for r in rows] + [len(t("task", lang))])
    lines = [(f"{t('task', lang):<{width}}  {t('points', lang):>11}  {t('status', lang):<20} {t('hint', lang)}", "")]
    for r in rows:
        hint = hint_line(r, lang)
        hint = hint if len(hint) <= 60 else hint[:59] + "…"
        lines.append((f"{r.task.id:<{width}}  {r.score:>5g} / {r.task.points:<3g}  {t(r.status, lang):<20} {hint}",
                      r.status))
    score = round(sum(r.score for r in rows), 2)
    possible = sum(BY_ID[r.task.id].points if r.task.id in BY_ID else r.task.points for r in rows)
    public = sum(r.counts(hidden=False)[0] == r.counts(hidden=False)[1] for r in rows)
    if hidden_seed is None:
        hidden = t("hidden_not_run", lang)
    else:
        passed = sum(r.counts(hidden=True)[0] == r.counts(hidden=True)[1] for r in rows)
        hidden = f"{passed}/{len(rows)} ({t('seed', lang)} {hidden_seed})"
    summary = t("public_hidden", lang, pp=public, pt=len(rows), hidden=hidden)
    extra = f"  (of {TOTAL_POINTS:g})" if possible != TOTAL_POINTS else ""
    lines.append((f"{t('total', lang):<{width}}  {score:>5g} / {possible:<3g}  {summary}{extra}", "total"))
    return lines
