"""gradebook.csv: one row per student (sorted by id), one column per task (catalogue order),
then the total. Nothing in it depends on time or on the order students finished, so an
interrupted and resumed run writes the same bytes as an uninterrupted one."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..tasks import TASKS
from .journal import atomic_write

GRADEBOOK = "gradebook.csv"


def number(x: float) -> str:
    return f"{round(float(x), 2):g}"


def task_columns(results: list[dict]) -> list[str]:
    graded = {task["id"] for r in results for task in r["tasks"]}
    return [task.id for task in TASKS if task.id in graded]


def gradebook_bytes(results: list[dict]) -> bytes:
    columns = task_columns(results)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["student", *columns, "total"])
    for r in sorted(results, key=lambda r: r["student"]):
        scores = {task["id"]: task["score"] for task in r["tasks"]}
        writer.writerow([r["student"], *(number(scores[c]) if c in scores else "" for c in columns),
                         number(r["score"])])
    return buf.getvalue().encode("utf-8")


def write_gradebook(out: Path, results: list[dict]) -> Path:
    path = Path(out) / GRADEBOOK
    atomic_write(path, gradebook_bytes(results))
    return path
