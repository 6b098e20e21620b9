"""What crosses the sandbox wall: plain arrays and JSON in .npz files, never pickles.

The parent writes the cases' inputs (inputs.npz, read-only to the child); the child writes
one report per finished task (out/<task>.npz, grader.outcomes' format). The child is
untrusted, so the parent reads a report as hostile bytes (safe_read.py reads the file):
the zip from memory, its members counted and held to their headers; the index as strict
JSON; only the expected task and case keys, output names that fullmatch, dtype kinds
b/i/u/f/U, bounded sizes and timings, a timeout that says its own limit, figures only for
figure tasks. Any failure at all, whatever raised it, is a ReportError: that task's crash.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..model import AFTER_TIMEOUT_TYPE, Case, ErrorInfo, ErrorKind, Outcome
from ..outcomes import META, write_npz
from .safe_read import Budget, ChildFileError, member_bytes, open_zip_bytes, read_npy_bytes

MAX_META_BYTES = 1 << 20
MAX_MEMBERS = 2048  # an honest report has one per output and case: tens
MAX_OUTPUTS = 64
MAX_SECONDS = 1e6  # no case runs for eleven days: a larger number is a lie
MAX_JSON_DIGITS = 18  # an integer in the index (seconds) of more digits is a lie too
MAX_PNG_BYTES = 1 << 20  # an Agg PNG of a small axes is 20-60 KB
ARTIFACTS = ("png",)  # what grader.run draws for a figure task's case
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
OUTPUT_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.()\[\] -]{0,63}")  # fullmatch, ASCII
ERROR_KINDS = {k.value for k in ErrorKind} - {ErrorKind.CRASH.value}  # what grader.run reports
TIMEOUT_TYPES = ("", AFTER_TIMEOUT_TYPE)
TEXT_LIMITS = {"kind": 32, "type": 200, "message": 2000, "where": 1000}


class ReportError(ValueError):
    """A child's report that is not what an honest worker writes."""


@dataclass(frozen=True)
class TaskPlan:
    """One task as the child runs it: its id, its cases and the limit per case."""

    task_id: str
    cases: tuple[Case, ...]
    case_timeout: float
    figure: bool = False  # may its cases report a figure (artifacts)?


# ---------------------------------------------------------------- inputs (parent -> child)


def write_inputs(path: Path, plans: list[TaskPlan]) -> None:
    arrays = {}
    meta = []
    for plan in plans:
        cases = []
        for case in plan.cases:
            cases.append({"id": case.id, "inputs": sorted(case.inputs)})
            for name, arr in case.inputs.items():
                arrays[f"{plan.task_id}/{case.id}/{name}"] = arr
        meta.append({"id": plan.task_id, "timeout": plan.case_timeout, "cases": cases})
    arrays[META] = np.array(json.dumps({"tasks": meta}, sort_keys=True))
    write_npz(path, arrays, compress=False)


def read_inputs(path: Path) -> dict[str, TaskPlan]:
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(str(data[META]))
        plans = {}
        for entry in meta["tasks"]:
            cases = tuple(Case(c["id"], {n: data[f"{entry['id']}/{c['id']}/{n}"] for n in c["inputs"]})
                          for c in entry["cases"])
            plans[entry["id"]] = TaskPlan(entry["id"], cases, float(entry["timeout"]))
    return plans


# ---------------------------------------------------------------- reports (child -> parent)


def read_report(data: bytes, plan: TaskPlan, budget: Budget | None = None) -> dict[str, Outcome]:
    """A task's outcomes from the bytes of the child's report, or ReportError."""
    try:
        return _read_report(data, plan, budget or Budget())
    except ReportError:
        raise
    except ChildFileError as exc:
        raise ReportError(str(exc)) from None
    except (Exception, MemoryError, RecursionError) as exc:  # whatever a hostile report makes raise
        raise ReportError(f"unreadable report ({type(exc).__name__}: {str(exc)[:200]})") from None


def strict_json(text: str):
    """JSON without NaN or Infinity, without integers of more than MAX_JSON_DIGITS digits."""

    def no_constant(name):
        raise ReportError(f"the JSON constant {name}")

    def bounded_int(digits: str) -> int:
        if len(digits.lstrip("-")) > MAX_JSON_DIGITS:
            raise ReportError("an integer too large")
        return int(digits)

    def finite_float(digits: str) -> float:
        value = float(digits)
        if not math.isfinite(value):
            raise ReportError("a number too large")
        return value

    return json.loads(text, parse_constant=no_constant, parse_int=bounded_int, parse_float=finite_float)


def _read_report(data: bytes, plan: TaskPlan, budget: Budget) -> dict[str, Outcome]:
    task_id, case_ids = plan.task_id, [c.id for c in plan.cases]
    zf = open_zip_bytes(data, MAX_MEMBERS)
    infos = {info.filename: info for info in zf.infolist()}
    if len(infos) != len(zf.infolist()):
        raise ReportError("duplicate members")
    budget.take(task_id, sum(info.file_size for info in infos.values()))  # each read is held to its claim
    meta_info = infos.get(META + ".npy")
    if meta_info is None:
        raise ReportError("no index")
    meta = read_npy_bytes(member_bytes(zf, meta_info, MAX_META_BYTES), kinds="U", max_items=1,
                          max_itemsize=4 * MAX_META_BYTES)
    if meta.ndim != 0:
        raise ReportError("bad index")
    index = strict_json(str(meta))
    if not isinstance(index, dict) or set(index) != {"index"} or not isinstance(index["index"], dict) \
            or set(index["index"]) != {task_id}:
        raise ReportError("the report is not this task's")
    entries = index["index"][task_id]
    if not isinstance(entries, dict) or sorted(entries) != sorted(case_ids):
        raise ReportError("the report's cases are not this task's")
    expected_members = {META + ".npy"}
    outcomes = {}
    for case_id in case_ids:
        error, values, artifacts, seconds = check_entry(entries[case_id], plan)
        names = {f"{task_id}/{case_id}/v/{n}.npy": n for n in values or []}
        art_names = {f"{task_id}/{case_id}/a/{n}.npy": n for n in artifacts}
        expected_members.update(names, art_names)
        missing = [m for m in (*names, *art_names) if m not in infos]
        if missing:
            raise ReportError(f"missing member {missing[0]}")
        vals = None if values is None else {n: read_npy_bytes(member_bytes(zf, infos[m], budget.task_bytes))
                                            for m, n in names.items()}
        arts = {n: read_png(member_bytes(zf, infos[m], MAX_PNG_BYTES + 128), budget) for m, n in art_names.items()}
        outcomes[case_id] = Outcome(values=vals, error=error, seconds=seconds, artifacts=arts)
    extra = set(infos) - expected_members
    if extra:
        raise ReportError(f"unexpected member {sorted(extra)[0][:80]!r}")
    return outcomes


def check_entry(entry, plan: TaskPlan) -> tuple[ErrorInfo | None, list[str] | None, list[str], float]:
    if not isinstance(entry, dict) or set(entry) != {"seconds", "error", "values", "artifacts"}:
        raise ReportError("bad case entry")
    seconds = entry["seconds"]
    if type(seconds) not in (int, float) or not 0 <= seconds <= MAX_SECONDS:
        raise ReportError("bad seconds")
    error = entry["error"]
    if error is not None:
        if not isinstance(error, dict) or set(error) != set(TEXT_LIMITS):
            raise ReportError("bad error entry")
        if any(type(error[k]) is not str or len(error[k]) > n for k, n in TEXT_LIMITS.items()):
            raise ReportError("bad error text")
        if error["kind"] not in ERROR_KINDS:
            raise ReportError(f"unknown error kind {error['kind'][:32]!r}")
        if error["kind"] == ErrorKind.TIMEOUT and not honest_timeout(error, plan.case_timeout):
            raise ReportError("a timeout says its case's limit in seconds")  # report.py reads it so
        error = ErrorInfo(**error)
    values, artifacts = entry["values"], entry["artifacts"]
    if (values is None) == (error is None):
        raise ReportError("a case has both or neither of values and an error")
    for names in (values or [], artifacts):
        if not isinstance(names, list) or len(names) > MAX_OUTPUTS or len(set(names)) != len(names):
            raise ReportError("bad output list")
        if not all(type(n) is str and OUTPUT_NAME.fullmatch(n) for n in names):
            raise ReportError("bad output name")
    if artifacts and not plan.figure:
        raise ReportError("figures for a task that draws none")
    if not set(artifacts) <= set(ARTIFACTS):
        raise ReportError(f"figures other than {', '.join(ARTIFACTS)}")
    return error, values, artifacts, float(seconds)


def honest_timeout(error: dict, case_timeout: float) -> bool:
    """grader.run writes a timeout's message as the limit it ran under: the plan's, or the
    shortened one after a first timeout (run.AFTER_TIMEOUT)."""
    from ..run import AFTER_TIMEOUT

    return error["type"] in TIMEOUT_TYPES and error["message"] in {f"{case_timeout:g}",
                                                                   f"{min(case_timeout, AFTER_TIMEOUT):g}"}


def read_png(raw: bytes, budget: Budget) -> np.ndarray:
    arr = read_npy_bytes(raw, kinds="u", max_items=MAX_PNG_BYTES)
    if arr.dtype != np.uint8 or arr.ndim != 1 or arr[:8].tobytes() != PNG_SIGNATURE:
        raise ReportError("a figure that is not a PNG image")
    budget.take_png(arr.size)
    return arr
