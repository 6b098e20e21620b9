"""HTML reports of a batch run: a feedback page per student and a class report.

Both read only what the batch grader stores (each student's result.json dict and the
figures under artifacts/), so the pages can be rebuilt from OUT/ without running any
student code again. Pages are static HTML (jinja2, autoescaped) with PNG images next
to them; nothing in them comes from the clock, so the same results give the same bytes.
"""

from __future__ import annotations

import io
import math
import statistics
from collections import Counter
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
import numpy as np

from ..messages import t
from ..results import UNRECOGNISED
from ..tasks import TASKS
from .journal import atomic_write
from .late import feedback_lines

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
FEEDBACK = "feedback.html"
CURVE = "{task}_curve.png"  # the training curve, next to the page
CLASS_REPORT = "class_report.html"
CLASS_FILES = "class_report_files"  # the class report's images, next to it
CLASS_FIGURES = ("histogram", "pass_rate", "mistakes", "slowest")
SIMILARITY = "similarity.html"  # similarity/page.py's, linked from the class report
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
STATUSES = ("passed", "upstream", "partial", "failed", "error", "not_implemented", "timeout", "missing", "import",
            "crash")

def ui(key: str, lang: str) -> str:
    """One of the pages' words (grader/messages.py holds them all)."""
    return t(key, lang)


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def render(template: str, path: Path, lang: str, **context: Any) -> Path:
    page = environment().get_template(template).render(
        lang=lang, ui=lambda key: ui(key, lang), msg=lambda key, **kw: t(key, lang, **kw), **context)
    atomic_write(path, page.encode("utf-8"))  # a run killed mid-render leaves the old page, not half a page
    return path


def num(x: float | None) -> str:
    """A score or point value without trailing zeros: 7, 6.67."""
    return "—" if x is None else f"{x:g}"


def href(*parts: str) -> str:
    return "/".join(quote(str(p)) for p in parts)


def is_png(path: Path) -> bool:
    """Only real PNG files become <img>: the bytes came from a sandboxed student process."""
    try:
        with path.open("rb") as f:
            return f.read(len(PNG_SIGNATURE)) == PNG_SIGNATURE
    except OSError:
        return False


# ---------------------------------------------------------------- figures (matplotlib, Agg)


def new_figure(width: float, height: float):
    """A headless figure: no pyplot, so no global state and no display."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def save_png(fig, path: Path) -> Path:
    # no Software/date metadata: the same data must give the same bytes
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
    atomic_write(path, buf.getvalue())
    return path


def as_floats(values: Iterable[float | None]) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def draw_curve(curve: dict[str, list], path: Path) -> Path:
    """The loss per iteration and the accuracies per epoch, side by side, like the book's figures."""
    fig = new_figure(9, 3.4)
    loss_ax, acc_ax = fig.subplots(1, 2)
    loss = as_floats(curve.get("train_loss", []))
    loss_ax.plot(np.arange(len(loss)), loss, color="#3b6ea8", linewidth=1)
    loss_ax.set_xlabel("iteration")
    loss_ax.set_ylabel("loss")
    loss_ax.grid(alpha=0.3)
    for key, marker, style in (("train_acc", "o", "-"), ("test_acc", "s", "--")):
        acc = as_floats(curve.get(key, []))
        acc_ax.plot(np.arange(len(acc)), acc, marker=marker, linestyle=style, label=key.replace("_", " "))
    acc_ax.set_xlabel("epochs")
    acc_ax.set_ylabel("accuracy")
    acc_ax.set_ylim(0, 1.0)
    acc_ax.grid(alpha=0.3)
    acc_ax.legend(loc="lower right")
    return save_png(fig, path)


def draw_histogram(scores: list[float], max_score: float, path: Path) -> Path:
    fig = new_figure(7, 3)
    ax = fig.subplots()
    ax.hist(scores, bins=np.linspace(0, max_score, 11), color="#3b6ea8", edgecolor="white")
    ax.set_xlim(0, max_score)
    ax.set_xlabel("score")
    ax.set_ylabel("students")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="y", alpha=0.3)
    return save_png(fig, path)


def draw_bars(labels: list[str], values: list[float], xlabel: str, path: Path, xmax: float | None = None,
              color: str = "#3b6ea8", integer: bool = False) -> Path:
    """Horizontal bars, first label on top; `integer` for counts (no ticks at 0.5 students)."""
    fig = new_figure(7, 0.6 + 0.28 * max(len(labels), 1))
    ax = fig.subplots()
    y = np.arange(len(labels))
    ax.barh(y, values, color=color)
    ax.set_yticks(y, labels, fontsize=8)
    ax.invert_yaxis()
    if xmax is not None:
        ax.set_xlim(0, xmax)
    if integer:
        ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(xlabel)
    ax.grid(axis="x", alpha=0.3)
    return save_png(fig, path)


# ---------------------------------------------------------------- the feedback page


def status_label(status: str, lang: str) -> str:
    return t(status, lang) if status in STATUSES else status


def error_view(error: dict | None, lang: str) -> str:
    if not error:
        return ""
    kind = error.get("kind", "")
    text = f"{error.get('type')}: {error.get('message')}" if kind == "exception" else status_label(kind, lang)
    return f"{text} — {error['where']}" if error.get("where") else text


def grad_cell(err: float | None, ok: bool) -> dict:
    text = "inf / nan" if err is None or not math.isfinite(err) else f"{err:.2e}"
    return {"error": text, "ok": bool(ok)}


def grad_check(cases: list[dict]) -> dict | None:
    """One table for a task's gradient checks: a row per parameter, a column per case that has one."""
    checked = [c for c in cases if c.get("grad_table")]
    if not checked:
        return None
    names = list(dict.fromkeys(row[0] for c in checked for row in c["grad_table"]))
    by_case = [{row[0]: row for row in c["grad_table"]} for c in checked]
    rows = [{"name": name, "cells": [grad_cell(table[name][1], table[name][3]) if name in table else None
                                     for table in by_case]} for name in names]
    threshold = checked[0]["grad_table"][0][2]
    return {"cases": [{"id": c["id"], "hidden": c["hidden"]} for c in checked], "rows": rows,
            "threshold": f"{threshold:.0e}"}


def figures_of(task: dict, student_dir: Path) -> list[dict]:
    """The PNGs the student's code drew for this task: artifacts/<task>/<case>/<name>.png."""
    folder = student_dir / "artifacts" / task["id"]
    if not folder.is_dir():
        return []
    hidden = {c["id"]: c["hidden"] for c in task.get("cases", [])}
    files = sorted(p for p in folder.rglob("*.png") if p.is_file() and is_png(p))
    return [{"src": href(*p.relative_to(student_dir).parts), "case": p.parent.name,
             "hidden": hidden.get(p.parent.name, False)} for p in files]


def counts(pair: list | None) -> str | None:
    """'passed/total' for a case count, None when there were no such cases."""
    if not pair or not pair[1]:
        return None
    return f"{pair[0]}/{pair[1]}"


def hidden_counts(task: dict, hidden_run: bool, lang: str) -> str:
    """Hidden cases passed, or why there is no count: not run at all, or none for this task."""
    if not hidden_run:
        return ui("not_run", lang)
    return counts(task.get("hidden")) or "—"


def task_view(task: dict, student_dir: Path, lang: str, hidden_run: bool) -> dict:
    curve = None
    if task.get("curve"):
        curve = CURVE.format(task=task["id"])
        draw_curve(task["curve"], student_dir / curve)
    cases = task.get("cases", [])
    return {
        "id": task["id"], "anchor": f"task-{task['id']}", "title": task["title"][lang], "file": task.get("file", ""),
        "points": num(task["points"]), "score": num(task["score"]), "status": task["status"],
        "status_label": status_label(task["status"], lang),
        "status_text": task.get("status_text", {}).get(lang) or status_label(task["status"], lang),
        "hints": [h[lang] for h in task.get("hints", [])],
        "causes": task.get("causes", {}).get(lang, ""),
        "pointer": task.get("upstream", {}).get("text", {}).get(lang, ""),
        "kinds": task.get("kinds", {}).get(lang, ""),
        "public": counts(task.get("public")) or "—", "hidden": hidden_counts(task, hidden_run, lang),
        "report": task.get("report", {}).get(lang, ""),
        "cases": [{"id": c["id"], "hidden": c["hidden"], "passed": c["passed"], "seconds": f"{c['seconds']:.3f}",
                   "error": error_view(c.get("error"), lang)} for c in cases],
        "grad_check": grad_check(cases),
        "curve": curve,
        "figures": figures_of(task, student_dir),
    }


def render_feedback(result: dict, student_dir: Path, lang: str = "en") -> Path:
    """Write student_dir/feedback.html (and train_curve.png) from one student's result dict."""
    student_dir = Path(student_dir)
    student_dir.mkdir(parents=True, exist_ok=True)
    hidden_run = result.get("hidden_seed") is not None
    tasks = [task_view(task, student_dir, lang, hidden_run) for task in result["tasks"]]
    for task in tasks:  # a passed task gets a section only to show what the student drew
        task["shown"] = task["status"] != "passed" or bool(task["figures"] or task["curve"])
    record = [(ui(key, lang), str(result[key])) for key in ("submission_hash", "grader_hash", "sandbox")
              if result.get(key) not in (None, "")]
    max_score = result.get("max_score") or sum(task["points"] for task in result["tasks"]) or 1
    late = result.get("late")
    score = late["final"] if late else result["score"]  # the final score, after a late penalty
    return render(
        "feedback.html.j2", student_dir / FEEDBACK, lang,
        student=result["student"], score=num(score), max_score=num(max_score),
        percent=round(100 * score / max_score), hidden_seed=result.get("hidden_seed"), record=record,
        tasks=tasks, all_passed=all(task["status"] == "passed" for task in tasks),
        late=feedback_lines(late, lang), raw=num(result["score"]) if late and late["penalty"] else None)


# ---------------------------------------------------------------- the class report


def task_order(results: list[dict]) -> list[str]:
    """Task ids in the catalogue's order, then any the catalogue does not know."""
    seen = dict.fromkeys(task["id"] for r in results for task in r["tasks"])
    known = [task.id for task in TASKS if task.id in seen]
    return known + [tid for tid in seen if tid not in known]


def by_task(results: list[dict]) -> dict[str, list[tuple[str, dict]]]:
    out: dict[str, list[tuple[str, dict]]] = {tid: [] for tid in task_order(results)}
    for r in results:
        for task in r["tasks"]:
            out[task["id"]].append((r["student"], task))
    return out


def task_rows(tasks: dict[str, list[tuple[str, dict]]], lang: str) -> list[dict]:
    rows = []
    for tid, entries in tasks.items():
        graded = [task for _, task in entries]
        status = Counter(task["status"] for task in graded)
        passed = status["passed"]
        points = graded[0]["points"]
        rows.append({
            "id": tid, "title": graded[0]["title"][lang], "points": num(points),
            "passed": passed, "n": len(graded), "rate": passed / len(graded),
            "rate_text": f"{100 * passed / len(graded):.0f}%",
            "mean": num(round(statistics.fmean(task["score"] for task in graded), 2)),
            "statuses": [(s, status_label(s, lang), status[s]) for s in STATUSES if status[s] and s != "passed"],
        })
    return rows


def mistake_catalogue() -> dict[str, tuple[str, Any]]:
    """mistake id -> (task id, Mistake), from the one catalogue."""
    return {m.id: (task.id, m) for task in TASKS for m in task.mistakes}


def root_causes(results: list[dict]) -> tuple[Counter, Counter]:
    """Each root cause's students (counted once, however many tasks it reaches) and the points it
    cost the class (result.json's per-task costs: its own task's, and the tasks downstream of it
    under the cascade setting); a cause is a mistake id, or "?:<task>" for a failure no known
    mistake explains."""
    students: Counter = Counter()
    points: Counter = Counter()
    for r in results:
        found = set()
        for task in r["tasks"]:
            found.update(task.get("mistakes", []))
            for cause, lost in task.get("costs", {}).items():
                points[cause] += lost
                found.add(cause)
        students.update(found)
    return students, points


def mistake_rows(results: list[dict], lang: str) -> list[dict]:
    students, points = root_causes(results)
    catalogue = mistake_catalogue()
    titles = {task["id"]: task["title"][lang] for r in results for task in r["tasks"]}
    order = {mid: i for i, mid in enumerate(catalogue)}
    rows = []
    for mid, count in sorted(students.items(), key=lambda kv: (-points[kv[0]], -kv[1], order.get(kv[0], len(order)),
                                                               kv[0])):
        unrecognised = mid.startswith(f"{UNRECOGNISED}:")
        task_id, mistake = (mid.split(":", 1)[1], None) if unrecognised else catalogue.get(mid, ("", None))
        rows.append({"id": mid, "task": titles.get(task_id, task_id), "task_id": task_id,
                     "hint": mistake.hint(lang) if mistake else ui("unrecognised", lang) if unrecognised else "",
                     "origin": ui(f"origin_{mistake.origin.value}", lang) if mistake else "",
                     "count": count, "share": f"{100 * count / len(results):.0f}%",
                     "points": num(round(points[mid], 2)), "per_student": num(round(points[mid] / count, 2))})
    return rows


def timing_rows(tasks: dict[str, list[tuple[str, dict]]]) -> list[dict]:
    rows = []
    for tid, entries in tasks.items():
        seconds = [float(task.get("seconds", 0.0)) for _, task in entries]
        slowest = max(entries, key=lambda e: (float(e[1].get("seconds", 0.0)), e[0]))[0]
        rows.append({"id": tid, "median": statistics.median(seconds), "max": max(seconds), "slowest": slowest})
    rows.sort(key=lambda row: (-row["median"], -row["max"], row["id"]))
    for row in rows:
        row["median_text"], row["max_text"] = f"{row['median']:.2f}", f"{row['max']:.2f}"
    return rows


def student_rows(results: list[dict], order: list[str], out_dir: Path) -> list[dict]:
    rows = []
    for r in sorted(results, key=lambda r: str(r["student"])):
        tasks = {task["id"]: task for task in r["tasks"]}
        page = out_dir / "students" / str(r["student"]) / FEEDBACK
        rows.append({
            "student": r["student"], "score": num(r["score"]),
            "link": href("students", r["student"], FEEDBACK) if page.is_file() else None,
            "cells": [(tasks[tid]["status"], num(tasks[tid]["score"])) if tid in tasks else ("missing", "—")
                      for tid in order],
        })
    return rows


def score_stats(scores: list[float], lang: str) -> list[tuple[str, str]]:
    if not scores:
        return [(ui("students", lang), "0")]
    return [(ui("students", lang), str(len(scores))), (ui("mean", lang), num(round(statistics.fmean(scores), 2))),
            (ui("median", lang), num(statistics.median(scores))), (ui("min", lang), num(min(scores))),
            (ui("max", lang), num(max(scores)))]


def class_figures(results: list[dict], tasks: list[dict], mistakes: list[dict], timing: list[dict],
                  folder: Path) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    max_score = max((r.get("max_score") or 0 for r in results), default=0) or 100
    figures = {"histogram": draw_histogram([r["score"] for r in results], max_score, folder / "histogram.png")}
    if tasks:
        figures["pass_rate"] = draw_bars([row["id"] for row in tasks], [100 * row["rate"] for row in tasks],
                                         "% passed", folder / "pass_rate.png", xmax=100)
    if mistakes:
        figures["mistakes"] = draw_bars([row["id"] for row in mistakes], [row["count"] for row in mistakes],
                                        "students", folder / "mistakes.png", color="#b5523b", integer=True)
    if timing:
        top = timing[:10]
        figures["slowest"] = draw_bars([row["id"] for row in top], [row["median"] for row in top],
                                       "median seconds per student", folder / "slowest.png", color="#7a5ea8")
    for name in CLASS_FIGURES:  # an earlier run's figure that this class no longer has
        if name not in figures:
            (folder / f"{name}.png").unlink(missing_ok=True)
    return {key: href(folder.name, path.name) for key, path in figures.items()}


def render_class_report(results: list[dict], out_dir: Path, lang: str = "en") -> Path:
    """Write out_dir/class_report.html and its images (out_dir/class_report_files/) from every
    student's result dict."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    grouped = by_task(results)
    tasks = task_rows(grouped, lang)
    mistakes = mistake_rows(results, lang)
    timing = timing_rows(grouped)
    return render(
        "class_report.html.j2", out_dir / CLASS_REPORT, lang,
        stats=score_stats([r["score"] for r in results], lang), tasks=tasks, mistakes=mistakes, timing=timing,
        figures=class_figures(results, tasks, mistakes, timing, out_dir / CLASS_FILES),
        order=list(grouped), students=student_rows(results, list(grouped), out_dir),
        label=lambda status: status_label(status, lang),
        similarity=SIMILARITY if (out_dir / SIMILARITY).is_file() else None)
