"""The student side: import a submission and run a task's cases on it.

Everything a case produces is turned into plain data (ndarrays of numbers, bools or
strings) before it leaves this module, so the judge never touches a student's object.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.machinery
import importlib.util
import linecache
import signal
import sys
import threading
import time
import traceback
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from .figures import new_axes
from .messages import t
from .model import AFTER_TIMEOUT_TYPE, Case, Drawn, ErrorInfo, ErrorKind, Outcome, Task


class Timeout(BaseException):
    """Raised inside a case that ran past its limit (BaseException: student code's
    `except Exception` must not swallow it)."""


class MissingFile(Exception):
    pass


class ImportFailed(Exception):
    """A submission's file raised while being imported (its cause is the original exception)."""


class Submission:
    """A folder of exercise files, imported as a package of its own.

    Attribute access imports a module lazily: `sub.functions` is the submission's
    functions.py, and a missing file raises MissingFile for the tasks that need it.
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder).resolve()
        digest = hashlib.sha1(str(self.folder).encode()).hexdigest()[:12]
        self.package = f"_dlkit_submission_{digest}"
        self._modules: dict[str, ModuleType] = {}

    def _ensure_package(self) -> None:
        if self.package in sys.modules:
            return
        # a package spec by hand: the folder needs no __init__.py and may have any name
        spec = importlib.machinery.ModuleSpec(self.package, None, is_package=True)
        spec.submodule_search_locations = [str(self.folder)]
        sys.modules[self.package] = importlib.util.module_from_spec(spec)

    def __getattr__(self, name: str) -> ModuleType:
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self._modules:
            if not (self.folder / f"{name}.py").is_file():
                raise MissingFile(f"{name}.py")
            self._ensure_package()
            try:
                self._modules[name] = importlib.import_module(f"{self.package}.{name}")
            except Exception as exc:  # every task that reads the file fails the same way: say so once
                raise ImportFailed(f"{name}.py") from exc
        return self._modules[name]


def to_data(value: Any, name: str = "value") -> np.ndarray:
    """A returned value as a plain ndarray, or TypeError for anything that is not plain data.

    Only exact types are accepted: an ndarray subclass or an object with a rigged
    __eq__ could otherwise answer comparisons however it liked.
    """
    if type(value) is np.ndarray:
        if value.dtype.kind not in "biufU":
            raise TypeError(f"{name}: an array of {value.dtype} is not a numeric answer")
        return value.copy()
    if type(value) in (bool, int, float, str) or type(value) in np.sctypeDict.values():
        arr = np.asarray(value)
        if arr.dtype.kind not in "biufU":
            raise TypeError(f"{name}: {type(value).__name__} is not a numeric answer")
        return arr
    if type(value) in (list, tuple):
        return to_data(np.array([to_data(v, name) for v in value]), name) if value else np.zeros(0)
    module = type(value).__module__
    module = module.split(".", 1)[-1] if module.startswith("_dlkit_submission_") else module  # the student's file
    what = f"{name}: returned {module}.{type(value).__qualname__}"
    if isinstance(value, np.ndarray):
        raise TypeError(f"{what}, {t('not_plain_array', 'en')} ({t('not_plain_array', 'ko')})")
    raise TypeError(f"{what}, {t('not_a_number', 'en')} ({t('not_a_number', 'ko')})")


AFTER_TIMEOUT = 1.0  # seconds per case for the rest of a task once one of its cases ran out of time


@contextmanager
def time_limit(seconds: float):
    """Raise Timeout in this thread after `seconds` (SIGALRM; a no-op where there is none)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or not seconds:
        yield
        return

    def on_alarm(signum, frame):
        raise Timeout(seconds)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def student_line(tb, folder: Path) -> str:
    """The last traceback line inside the submission: where the student's code failed."""
    where = ""
    for frame, lineno in traceback.walk_tb(tb):
        filename = frame.f_code.co_filename
        try:
            inside = Path(filename).resolve().is_relative_to(folder)
        except (OSError, ValueError):
            inside = False
        if inside:
            code = linecache.getline(filename, lineno).strip()
            where = f"{Path(filename).name}:{lineno}: {code}"
    return where


def import_error(exc: ImportFailed, folder: Path, package: str) -> ErrorInfo:
    """Why a file does not import: the original exception, at the student's line."""
    cause = exc.__cause__ or exc
    if isinstance(cause, SyntaxError) and cause.filename:
        where = f"{Path(cause.filename).name}:{cause.lineno}: {(cause.text or '').strip()}"
    else:
        where = student_line(cause.__traceback__, folder)
    message = str(cause).replace(f"{package}.", "")
    return ErrorInfo(ErrorKind.IMPORT, type(cause).__name__, message[:500], where)


def describe_error(exc: BaseException, folder: Path) -> ErrorInfo:
    if isinstance(exc, ImportFailed):
        return import_error(exc, folder, Submission(folder).package)
    where = student_line(exc.__traceback__, folder)
    if isinstance(exc, Timeout):  # the message is the limit, which --case-timeout may have changed
        return ErrorInfo(ErrorKind.TIMEOUT, message=f"{exc.args[0]:g}" if exc.args else "", where=where)
    if isinstance(exc, MissingFile):
        return ErrorInfo(ErrorKind.MISSING, message=str(exc))
    if isinstance(exc, NotImplementedError):
        return ErrorInfo(ErrorKind.NOT_IMPLEMENTED, "NotImplementedError", str(exc), where)
    message = str(exc)
    if len(message) > 500:
        message = message[:500] + "…"
    return ErrorInfo(ErrorKind.EXCEPTION, type(exc).__name__, message, where)


def copy_inputs(case: Case) -> dict[str, np.ndarray]:
    """Fresh copies, so a submission that writes into its inputs cannot spoil the next run."""
    return {k: v.copy() for k, v in case.inputs.items()}


def run_case(task: Task, case: Case, sub: Submission, *, artifacts: bool = False,
             timeout: float | None = None) -> Outcome:
    start = time.perf_counter()
    try:
        # numpy's warnings would repeat what the report says, once per case
        with time_limit(task.timeout if timeout is None else timeout), np.errstate(all="ignore"):
            raw = task.probe(sub, copy_inputs(case))
            drawn = raw if isinstance(raw, Drawn) else None
            values = {k: to_data(v, k) for k, v in (drawn.values if drawn else raw).items()}
            art = {"png": to_data(drawn.png(), "png")} if drawn and artifacts else {}
    except (Exception, Timeout) as exc:
        return Outcome(error=describe_error(exc, sub.folder), seconds=time.perf_counter() - start)
    return Outcome(values=values, seconds=time.perf_counter() - start, artifacts=art)


def run_task(task: Task, cases: list[Case] | tuple[Case, ...], sub: Submission, *,
             timeout: float | None = None, **kw) -> dict[str, Outcome]:
    """Every case's outcome. Once a case runs out of time, the task's other cases get
    AFTER_TIMEOUT seconds at most: correct code answers a case in milliseconds, and an endless
    loop would otherwise cost the full limit on every case (numerical_gradient has 8, and
    every task that calls it as many again)."""
    limit = task.timeout if timeout is None else timeout
    if task.figure:
        new_axes()  # matplotlib's import (a second on a slow machine) is not the student's time
    outcomes = {}
    shortened = False
    for case in cases:
        outcome = run_case(task, case, sub, timeout=limit, **kw)
        if outcome.error is not None and outcome.error.kind is ErrorKind.TIMEOUT:
            if shortened:
                outcome.error = replace(outcome.error, type=AFTER_TIMEOUT_TYPE)
            elif limit:  # 0: no limit at all
                limit, shortened = min(limit, AFTER_TIMEOUT), True
        outcomes[case.id] = outcome
    return outcomes
