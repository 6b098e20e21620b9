"""Text reports: what a student reads in the terminal (and the batch grader reuses)."""

from __future__ import annotations

from collections import Counter

import numpy as np

from .compare import Mismatch
from .judge import CaseResult, Explained, TaskResult
from .messages import t
from .model import AFTER_TIMEOUT_TYPE, BUDGET_TYPE, Case, ErrorKind, Tag
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


def tag_words(tags, lang: str) -> str:
    return ", ".join(t(f"tag_{Tag(tag).value}", lang) for tag in tags)


def describe_case(result: CaseResult, lang: str, timeout: float) -> list[str]:
    tag = "hidden " if result.hidden else ""
    kinds = f" [{tag_words(result.case.tags, lang)}]" if result.case.tags else ""
    lines = [f"{t('case', lang)} {tag}'{result.case.id}'{kinds} — {t('input', lang)}: {describe_inputs(result.case)}"]
    err = result.outcome.error
    if err is not None and not result.mismatches:
        if err.kind is ErrorKind.IMPORT:
            lines.append("  " + t("import_msg", lang, file=err.where.split(":")[0] or "?", type=err.type,
                                  message=err.message))
        elif err.kind is ErrorKind.NOT_IMPLEMENTED:
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


# ---------------------------------------------------------------- what happened, and why


CATEGORY_ORDER = ("wrong", "share", "exception", "timeout", "not_implemented", "crash", "kept")


def category(c: CaseResult) -> str:
    """What became of a failing case, for the status."""
    if c.kept:
        return "kept"
    err = c.outcome.error
    if err is not None:
        return {ErrorKind.TIMEOUT: "timeout", ErrorKind.NOT_IMPLEMENTED: "not_implemented",
                ErrorKind.CRASH: "crash"}.get(err.kind, "exception")
    return "share" if c.credit > 0 else "wrong"


def status_text(result: TaskResult, lang: str) -> str:
    """The status in words, across the cases: "wrong on 4 of 5 cases, an exception on 1"."""
    status = result.status
    if status in ("passed", "missing", "import") or (status == "not_implemented" and not any(
            c.passed for c in result.cases)):
        return t(status, lang)
    n = len(result.cases)
    failing = [c for c in result.cases if not c.passed]
    counts = Counter(category(c) for c in failing)
    parts = []
    for cat in CATEGORY_ORDER:
        k = counts[cat]
        if not k:
            continue
        if cat == "share":
            names = sorted({mm.name for c in failing if category(c) == "share" for mm in c.mismatches})
            parts.append(t("mix_share", lang, k=k, outputs=", ".join(names)))
        elif cat == "kept":
            parts.append(t("mix_kept", lang, k=k, tasks=", ".join(result.upstream) or "?"))
        else:
            parts.append(t(f"mix_{cat}", lang, k=k))
    passed = n - len(failing)
    if passed:
        return t("mix_passed", lang, k=passed, n=n) + t("mix_then", lang) + t("mix_sep", lang).join(parts)
    return t("mix_sep", lang).join([t("mix_of", lang, part=parts[0], n=n), *parts[1:]])


def hints(result: TaskResult, lang: str) -> list[str]:
    return [m.hint(lang) for m in result.task.mistakes if m.id in result.mistakes]


def upstream_lines(result: TaskResult, lang: str) -> list[str]:
    """Where a task fails because of a task it builds on: which, and what that costs."""
    if not result.upstream:
        return []
    tasks = ", ".join(result.upstream)
    kept = sum(c.kept for c in result.cases)
    if kept and result.upstream_mistakes:
        key = "upstream_kept_cascade" if result.cascade else "upstream_kept"
        return [t(key, lang, tasks=tasks, mistakes=", ".join(result.upstream_mistakes), k=kept)]
    return [t("upstream_unknown", lang, tasks=tasks)]


def cause_lines(result: TaskResult, lang: str) -> list[str]:
    """Which mistake reproduces which failing case, when there is more than one answer."""
    failing = [c for c in result.cases if not c.passed and not c.kept]
    by_cause: dict[tuple[str, ...], list[str]] = {}
    for c in failing:
        by_cause.setdefault(c.cause, []).append(f"'{c.case.id}'")
    explained = {cause: ids for cause, ids in by_cause.items() if cause}
    lines = []
    if len(result.mistakes) > 1 or (explained and () in by_cause):
        parts = [f"{', '.join(ids)}: {' + '.join(cause)}" for cause, ids in explained.items()]
        lines.append(f"  {t('causes', lang)}: " + "; ".join(parts))
    if explained and () in by_cause:
        lines.append("  " + t("not_explained", lang, cases=", ".join(by_cause[()])))
    return lines


def kinds_text(result: TaskResult, lang: str) -> str:
    """Which kinds of input fail and which pass, from the cases' tags, for the failing cases
    no known mistake explains ("fails on every label-index t case (2 of 2); passes every
    one-hot t case (3 of 3)")."""
    cases = result.cases
    open_ids = {c.case.id for c in cases if not c.passed and not c.kept and not c.cause and (
        c.outcome.error is None or c.outcome.error.kind is ErrorKind.EXCEPTION)}  # a stub or a hang: nothing to tell
    if not open_ids:
        return ""
    tags = list(dict.fromkeys(tag for c in cases for tag in c.case.tags))
    if len(cases) < 2 or not tags:
        return ""  # nothing to tell kinds of input apart by
    fails, passes = [], []
    for tag in tags:
        tagged = [c for c in cases if tag in c.case.tags]
        if len(tagged) == len(cases):
            continue  # every case has it: it tells nothing apart
        if all(c.case.id in open_ids for c in tagged):
            fails.append(t("kinds_fail", lang, tag=tag_words([tag], lang), k=len(tagged)))
        elif all(c.passed for c in tagged):
            passes.append(t("kinds_pass", lang, tag=tag_words([tag], lang), k=len(tagged)))
    if fails:
        return "; ".join(fails + passes)
    ids = [f"'{c.case.id}'" for c in cases if c.case.id in open_ids]
    return t("kinds_none", lang, k=len(ids), n=len(cases), cases=", ".join(ids))


def describe_task(result: TaskResult, lang: str, max_cases: int = 3) -> str:
    """Everything a student needs about one failed task."""
    task = result.task
    lines = [f"[{task.id}] {task.title(lang)} — {status_text(result, lang)} "
             f"({result.score:g}/{task.points:g} {t('points', lang)})"]
    if result.status == "not_implemented":
        first = next(c for c in result.cases if not c.passed)
        return "\n".join(lines + ["  " + t("not_implemented_msg", lang, message=first.outcome.error.message)])
    lines += [f"  {t('hint', lang)}: {hint}" for hint in hints(result, lang)]
    lines += cause_lines(result, lang)
    lines += [f"  {line}" for line in upstream_lines(result, lang)]
    kinds = kinds_text(result, lang) if result.explained is not Explained.FULL else ""
    if kinds and result.status not in ("missing", "import"):
        lines.append(f"  {t('kinds', lang)}: {kinds}")
    # the cases to look at: those the task's own code gets wrong (one kept case, if that is all)
    failed = [c for c in result.cases if not c.passed and not c.kept] or [c for c in result.cases if c.kept][:1]
    for case in failed[:max_cases]:
        lines.extend(describe_case(case, lang, task.timeout))
    if len(failed) > max_cases:
        lines.append(f"  … (+{len(failed) - max_cases})")
    return "\n".join(lines)


def hint_line(result: TaskResult, lang: str) -> str:
    """One line for the closing table: the first hint, else where to look first."""
    found = hints(result, lang)
    if found:
        return found[0]
    if result.upstream:
        return t("upstream_short", lang, tasks=", ".join(result.upstream))
    return kinds_text(result, lang) if not result.passed else ""


def summary_table(results: list[TaskResult], lang: str, hidden_seed: int | None) -> list[tuple[str, str]]:
    """The closing table, one (line, status) per row: task, points earned / possible, status,
    hint; then the total, which never claims hidden cases passed when they did not run."""
    order = {task.id: i for i, task in enumerate(TASKS)}
    rows = sorted(results, key=lambda r: order.get(r.task.id, len(order)))
    width = max([len(r.task.id) for r in rows] + [len(t("task", lang))])
    statuses = {r.task.id: status_text(r, lang) for r in rows}
    swidth = max([len(s) for s in statuses.values()] + [20])
    lines = [(f"{t('task', lang):<{width}}  {t('points', lang):>11}  {t('status', lang):<{swidth}} {t('hint', lang)}",
              "")]
    for r in rows:
        hint = hint_line(r, lang)
        hint = hint if len(hint) <= 60 else hint[:59] + "…"
        lines.append((f"{r.task.id:<{width}}  {r.score:>5g} / {r.task.points:<3g}  {statuses[r.task.id]:<{swidth}} "
                      f"{hint}", r.status))
    score = round(sum(r.score for r in rows), 2)
    possible = sum(BY_ID[r.task.id].points if r.task.id in BY_ID else r.task.points for r in rows)
    public = sum(r.counts(hidden=False)[0] == r.counts(hidden=False)[1] for r in rows)
    if hidden_seed is None:
        hidden = t("hidden_not_run", lang)
    else:
        passed = sum(r.counts(hidden=True)[0] == r.counts(hidden=True)[1] for r in rows)
        hidden = f"{passed}/{len(rows)} ({t('seed', lang)} {hidden_seed})"
    summary = t("public_hidden", lang, pp=public, pt=len(rows), hidden=hidden)
    extra = f"  {t('of_total', lang, total=TOTAL_POINTS)}" if possible != TOTAL_POINTS else ""
    lines.append((f"{t('total', lang):<{width}}  {score:>5g} / {possible:<3g}  {summary}{extra}", "total"))
    return lines
