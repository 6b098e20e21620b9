"""What crosses the sandbox wall: plain arrays and JSON in .npz files, never pickles.

The parent writes the cases' inputs (inputs.npz, read-only to the child); the child writes
one report per finished task (out/<task>.npz, grader.outcomes' format). The child is
untrusted, so the parent reads a report as hostile data: only the expected task and case
keys, output names that look like output names, dtype kinds b/i/u/f/U, bounded sizes,
each .npy header checked before a byte of its data is read.
"""

from __future__ import annotations

import json
import math
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..model import Case, ErrorInfo, ErrorKind, Outcome
from ..outcomes import META, write_npz

MAX_REPORT_BYTES = 128 << 20  # uncompressed, all members of one task's report
MAX_ITEMS = 4_000_000  # per array: training's W1 is 784 x hidden_size
MAX_META_CHARS = 1 << 20
MAX_STR_ITEMSIZE = 4 * 1024  # bytes per element of a 'U' array: 1024 characters
MAX_OUTPUTS = 64
MAX_PNG_BYTES = 4 << 20
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
OUTPUT_NAME = re.compile(r"^[A-Za-z_][\w.()\[\] -]{0,63}$")
ERROR_KINDS = {k.value for k in ErrorKind} - {ErrorKind.CRASH.value}  # what grader.run reports
TEXT_LIMITS = {"kind": 32, "type": 200, "message": 2000, "where": 1000}


class ReportError(ValueError):
    """A child's report that is not what an honest worker writes."""


@dataclass(frozen=True)
class TaskPlan:
    """One task as the child runs it: its id, its cases and the limit per case."""

    task_id: str
    cases: tuple[Case, ...]
    case_timeout: float


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


def read_report(path: Path, task_id: str, case_ids: list[str]) -> dict[str, Outcome]:
    """A task's outcomes from the child's report, or ReportError."""
    try:
        with zipfile.ZipFile(path) as zf:
            return _read_report(zf, task_id, case_ids)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError, TypeError, RecursionError) as exc:
        if isinstance(exc, ReportError):
            raise
        raise ReportError(f"unreadable report ({type(exc).__name__}: {exc})") from None


def _read_report(zf: zipfile.ZipFile, task_id: str, case_ids: list[str]) -> dict[str, Outcome]:
    infos = {info.filename: info for info in zf.infolist()}
    if len(infos) != len(zf.infolist()):
        raise ReportError("duplicate members")
    if sum(info.file_size for info in infos.values()) > MAX_REPORT_BYTES:
        raise ReportError("too large")
    meta_info = infos.get(META + ".npy")
    if meta_info is None:
        raise ReportError("no index")
    meta = read_member(zf, meta_info, kinds="U", max_items=1, max_itemsize=4 * MAX_META_CHARS)
    if meta.ndim != 0:
        raise ReportError("bad index")
    index = json.loads(str(meta))
    if not isinstance(index, dict) or set(index) != {"index"} or set(index["index"]) != {task_id}:
        raise ReportError("the report is not this task's")
    entries = index["index"][task_id]
    if not isinstance(entries, dict) or sorted(entries) != sorted(case_ids):
        raise ReportError("the report's cases are not this task's")
    expected_members = {META + ".npy"}
    outcomes = {}
    for case_id in case_ids:
        error, values, artifacts, seconds = check_entry(entries[case_id])
        names = {f"{task_id}/{case_id}/v/{n}.npy": n for n in values or []}
        art_names = {f"{task_id}/{case_id}/a/{n}.npy": n for n in artifacts}
        expected_members.update(names, art_names)
        missing = [m for m in (*names, *art_names) if m not in infos]
        if missing:
            raise ReportError(f"missing member {missing[0]}")
        vals = None if values is None else {n: read_member(zf, infos[m]) for m, n in names.items()}
        arts = {n: read_png(zf, infos[m]) for m, n in art_names.items()}
        outcomes[case_id] = Outcome(values=vals, error=error, seconds=seconds, artifacts=arts)
    extra = set(infos) - expected_members
    if extra:
        raise ReportError(f"unexpected member {sorted(extra)[0]}")
    return outcomes


def check_entry(entry) -> tuple[ErrorInfo | None, list[str] | None, list[str], float]:
    if not isinstance(entry, dict) or set(entry) != {"seconds", "error", "values", "artifacts"}:
        raise ReportError("bad case entry")
    seconds = entry["seconds"]
    if type(seconds) not in (int, float) or not math.isfinite(seconds) or seconds < 0:
        raise ReportError("bad seconds")
    error = entry["error"]
    if error is not None:
        if not isinstance(error, dict) or set(error) != set(TEXT_LIMITS):
            raise ReportError("bad error entry")
        if any(type(error[k]) is not str or len(error[k]) > n for k, n in TEXT_LIMITS.items()):
            raise ReportError("bad error text")
        if error["kind"] not in ERROR_KINDS:
            raise ReportError(f"unknown error kind {error['kind'][:32]!r}")
        if error["kind"] == "timeout" and error["message"] and not is_number(error["message"]):
            raise ReportError("a timeout's message is its limit in seconds")  # report.py reads it so
        error = ErrorInfo(**error)
    values, artifacts = entry["values"], entry["artifacts"]
    if (values is None) == (error is None):
        raise ReportError("a case has both or neither of values and an error")
    for names in (values or [], artifacts):
        if not isinstance(names, list) or len(names) > MAX_OUTPUTS or len(set(names)) != len(names):
            raise ReportError("bad output list")
        if not all(type(n) is str and OUTPUT_NAME.match(n) for n in names):
            raise ReportError("bad output name")
    return error, values, artifacts, float(seconds)


def is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, kinds: str = "biufU",
                max_items: int = MAX_ITEMS, max_itemsize: int = MAX_STR_ITEMSIZE) -> np.ndarray:
    """One .npy member, its header checked before its data is read (a header may claim any
    shape, and numpy would allocate it)."""
    with zf.open(info) as fh:
        version = np.lib.format.read_magic(fh)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(fh)
        elif version in ((2, 0), (3, 0)):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(fh)
        else:
            raise ReportError(f"npy version {version}")
        if dtype.kind not in kinds or dtype.hasobject or dtype.fields is not None or dtype.subdtype is not None:
            raise ReportError(f"{info.filename}: dtype {dtype} is not plain data")
        if dtype.kind == "U" and dtype.itemsize > max_itemsize:
            raise ReportError(f"{info.filename}: strings too long")
        count = math.prod(shape)
        if count > max_items or count * dtype.itemsize > info.file_size:
            raise ReportError(f"{info.filename}: {shape} is too large or does not fit the member")
    with zf.open(info) as fh:
        arr = np.lib.format.read_array(fh, allow_pickle=False)
    if type(arr) is not np.ndarray or arr.dtype != dtype or arr.shape != shape:
        raise ReportError(f"{info.filename}: not the array its header describes")
    return arr


def read_png(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> np.ndarray:
    arr = read_member(zf, info, kinds="u", max_items=MAX_PNG_BYTES)
    if arr.dtype != np.uint8 or arr.ndim != 1 or arr[:8].tobytes() != PNG_SIGNATURE:
        raise ReportError(f"{info.filename}: not a PNG image")
    return arr
