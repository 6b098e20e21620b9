"""gradebook.csv: one row per student (sorted by id), one column per task (catalogue order),
then the total. With a late policy (late.py), the late columns come before the total, which
is then the final score: raw, submitted_at (UTC), late, late_units, tokens_used, penalty.
Nothing in it depends on the clock or on the order students finished, so an interrupted and
resumed run writes the same bytes as an uninterrupted one."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..tasks import TASKS
from .journal import atomic_write
from .late import GRADEBOOK_COLUMNS, gradebook_cells

GRADEBOOK = "gradebook.csv"


def number(x: float) -> str:
    return f"{round(float(x), 2):g}"


def task_columns(results: list[dict]) -> list[str]:
    graded = {task["id"] for r in results for task in r["tasks"]}
    return [task.id for task in TASKS if task.id in graded]


def gradebook_bytes(results: list[dict]) -> bytes:
    columns = task_columns(results)
    late = any(r.get("late") for r in results)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["student", *columns, *(GRADEBOOK_COLUMNS if late else ()), "total"])
    for r in sorted(results, key=lambda r: r["student"]):
        scores = {task["id"]: task["score"] for task in r["tasks"]}
        block = r.get("late")
        writer.writerow([r["student"], *(number(scores[c]) if c in scores else "" for c in columns),
                         *(gradebook_cells(block) if late else ()), number(block["final"] if block else r["score"])])
    return buf.getvalue().encode("utf-8")


def write_gradebook(out: Path, results: list[dict]) -> Path:
    path = Path(out) / GRADEBOOK
    atomic_write(path, gradebook_bytes(results))
    return path
