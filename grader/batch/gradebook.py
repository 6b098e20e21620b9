"""gradebook.csv: one row per student (sorted by id), one column per task (catalogue order),
then the total. With a late policy (late.py), the late columns come before the total, which
is then the final score: raw, submitted_at (UTC), late, late_units, tokens_used, penalty.
Nothing in it depends on the clock or on the order students finished, so an interrupted and
resumed run writes the same bytes as an uninterrupted one.

A submission that was not graded (refused at intake, or failed by the grader) has a row
too, with no scores and the reason in a last column, `not graded` (only there when some
submission was not graded); not_graded.csv lists the same, with the reasons."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..tasks import TASKS
from .journal import atomic_write
from .late import GRADEBOOK_COLUMNS, gradebook_cells

GRADEBOOK = "gradebook.csv"
NOT_GRADED = "not_graded.csv"


def number(x: float) -> str:
    return f"{round(float(x), 2):g}"


def task_columns(results: list[dict]) -> list[str]:
    graded = {task["id"] for r in results for task in r["tasks"]}
    return [task.id for task in TASKS if task.id in graded]


def gradebook_bytes(results: list[dict], not_graded: list[tuple[str, str]] = ()) -> bytes:
    columns = task_columns(results)
    late = any(r.get("late") for r in results)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["student", *columns, *(GRADEBOOK_COLUMNS if late else ()), "total",
                     *(["not graded"] if not_graded else [])])
    rows = [(r["student"], r) for r in results] + [(name, reason) for name, reason in not_graded]
    for student, r in sorted(rows, key=lambda row: row[0]):
        if isinstance(r, str):  # not graded: the reason
            writer.writerow([student, *([""] * len(columns)), *([""] * len(GRADEBOOK_COLUMNS) if late else ()), "", r])
            continue
        scores = {task["id"]: task["score"] for task in r["tasks"]}
        block = r.get("late")
        writer.writerow([student, *(number(scores[c]) if c in scores else "" for c in columns),
                         *(gradebook_cells(block) if late else ()), number(block["final"] if block else r["score"]),
                         *([""] if not_graded else [])])
    return buf.getvalue().encode("utf-8")


def write_gradebook(out: Path, results: list[dict], not_graded: list[tuple[str, str]] = ()) -> Path:
    path = Path(out) / GRADEBOOK
    atomic_write(path, gradebook_bytes(results, not_graded))
    return path


def write_not_graded(out: Path, not_graded: list[tuple[str, str]]) -> None:
    """not_graded.csv: (submission, reason) for each submission this run did not grade; none: no file."""
    path = Path(out) / NOT_GRADED
    if not not_graded:
        path.unlink(missing_ok=True)
        return
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["submission", "reason"])
    writer.writerows(sorted(not_graded))
    atomic_write(path, buf.getvalue().encode("utf-8"))
