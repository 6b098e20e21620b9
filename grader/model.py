"""The shapes of catalogue entries: plain data, no behaviour beyond small helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Text:
    """A message in Korean and English."""

    ko: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en


@dataclass(frozen=True)
class Case:
    """One input to a task. Inputs are plain ndarrays so they can cross a process boundary."""

    id: str
    inputs: dict[str, np.ndarray]

    @staticmethod
    def of(case_id: str, **inputs: Any) -> Case:
        return Case(case_id, {k: np.asarray(v) for k, v in inputs.items()})


@dataclass(frozen=True)
class Mistake:
    """A known mistake: a mutant of the reference (by id, see solutions/mutants.py) and its hint.

    Without `detect` the mistake is recognised when a submission's outcomes match the
    mutant's on every case; `detect(case, values, expected_values)` recognises it from
    one case's outputs instead, for tasks whose outputs are random (training).
    """

    id: str
    hint: Text
    detect: Callable[[Case, dict, dict | None], bool] | None = None


@dataclass(frozen=True)
class Task:
    id: str
    title: Text
    points: float
    file: str  # the submission file the task reads, e.g. "functions.py"
    names: tuple[str, ...]  # what the task reads from that file
    probe: Callable[[Any, dict[str, np.ndarray]], dict[str, Any]]
    compare: Callable[..., list]
    public: tuple[Case, ...]
    hidden: Callable[[np.random.Generator], list[Case]] | None = None
    mistakes: tuple[Mistake, ...] = ()
    timeout: float = 10.0  # seconds per case
    marks: tuple[str, ...] = ()  # pytest markers, e.g. ("training",)
    summary: dict[str, Text] = field(default_factory=dict)  # how to describe each input
