"""The grader's data: what a task is (Task, Case, Mistake) and what crosses between the
process that runs student code and the one that judges it (Outcome, ErrorInfo).

Plain data with no behaviour beyond small helpers: the catalogue (grader/tasks/) is made of
these, the runner (run.py) fills Outcomes, the judge (judge.py) reads them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import numpy as np

REFERENCE = "reference"  # the source name of solutions/ among the mutants' names


@dataclass(frozen=True)
class Text:
    """A message in Korean and English."""

    ko: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en


class Tag(str, Enum):
    """What kind of input a case exercises. The report says which kinds fail and which pass
    when no catalogued mistake explains a failure (grader/messages.py: "tag_<value>")."""

    ONE_EXAMPLE = "one_example"
    BATCH = "batch"
    ONE_HOT = "one_hot"
    LABELS = "labels"
    FLOAT32 = "float32"
    ZERO_PROBABILITY = "zero_probability"
    X_1D = "x_1d"
    X_2D = "x_2d"
    X_3D = "x_3d"
    SEPARABLE = "separable"  # f is a sum of one-variable terms (function_2)
    COUPLED = "coupled"  # f mixes the entries (every entry's partial derivative depends on the others)
    CLOSURE = "closure"  # f ignores its argument and reads x through a closure
    INTEGER = "integer"
    POLYNOMIAL = "polynomial"
    SINE = "sine"
    CONVERGING = "converging"
    DIVERGING = "diverging"  # lr so large that x grows at every step (the book's lr = 10)
    TINY_LR = "tiny_lr"  # lr so small that x hardly moves (the book's lr = 1e-10)
    DEFAULT_STD = "default_std"
    GIVEN_STD = "given_std"
    HALF_RIGHT = "half_right"
    ALL_RIGHT = "all_right"
    BOOK_EXAMPLE = "book_example"  # the book's own example
    OTHER_EXAMPLE = "other_example"  # another input than the book's


@dataclass(frozen=True)
class Case:
    """One input to a task. Inputs are plain ndarrays so they can cross a process boundary;
    `tags` say what kind of input it is (they stay with the judge).

    `data_seed` (batch grading only) seeds a training case's secret data transformation
    (grader.mnist.Transform): the judge's alone, never written for the child nor reported.
    """

    id: str
    inputs: dict[str, np.ndarray]
    tags: tuple[Tag, ...] = ()
    data_seed: int | None = None

    @staticmethod
    def of(case_id: str, tags: tuple[Tag, ...] = (), **inputs: Any) -> Case:
        return Case(case_id, {k: np.asarray(v) for k, v in inputs.items()}, tuple(tags))


class Origin(Enum):
    """Where a known mistake comes from."""

    SLIP = "slip"  # a student's own slip
    LECTURE = "lecture"  # the slides', the book's or the walk-through's code, which does not do what the task asks
    EXTENSION = "extension"  # the lecture's code, right as the lecture uses it: the kit asks more (docs/feedback.md)


@dataclass(frozen=True)
class Mistake:
    """A known mistake: a mutant of the reference (by id, see solutions/mutants/) and its hint.

    Without `detect` the mistake is recognised when a submission's outcomes match the
    mutant's on every case (alone, with another of the task's mistakes, or on top of a
    mistake recognised upstream: grader/attribution.py); `detect(case, values,
    expected_values)` recognises it from one case's outputs instead, for tasks whose
    outputs are random (training), and `error_type` from the error a case stopped with
    (ErrorInfo.type: the training probe stops a train() that calls numerical_gradient,
    grader/pace.py).
    """

    id: str
    hint: Text
    detect: Callable[[Case, dict, dict | None], bool] | None = None
    error_type: str = ""
    origin: Origin = Origin.SLIP

    @property
    def by_mutant(self) -> bool:
        """Recognised by comparing with its mutant's outcomes (no rule of its own)?"""
        return self.detect is None and not self.error_type


@dataclass(frozen=True)
class Definition:
    """A mutant's edit that replaces a whole definition of a solution file: a lecture version of
    a function (solutions/mutants/). `source` is the complete text (unindented, a method's
    too); statements before the def (a helper, an import) go in with it."""

    file: str
    name: str  # "sum_squares_error", "TwoLayerNet.gradient"
    source: str


class Kind(Enum):
    """How a task is judged."""

    VALUES = "values"  # outputs compared with the reference's on each case
    FIGURE = "figure"  # an Axes read back as data; its PNG is an artifact for the feedback page
    TRAINING = "training"  # random by nature: judged by rules, no reference outputs, its own time limit


@dataclass(frozen=True)
class Task:
    """One graded task of the catalogue.

    `grades`: the stubs this task grades ("functions.sum_squares_error",
    "two_layer_net.TwoLayerNet.gradient"); `calls`: the student's other functions its
    probe reaches through the submission's own code, which make the tasks grading them
    its dependencies (filled in by grader.tasks). `file` is the submission file it reads.
    """

    id: str
    title: Text
    points: float
    file: str
    probe: Callable[[Any, dict[str, np.ndarray]], Any]
    compare: Callable[..., list]
    public: tuple[Case, ...]
    grades: tuple[str, ...] = ()
    calls: tuple[str, ...] = ()
    hidden: Callable[[np.random.Generator], list[Case]] | None = None
    mistakes: tuple[Mistake, ...] = ()
    timeout: float = 10.0  # seconds per case
    kind: Kind = Kind.VALUES
    needs_mnist: bool = False
    practice: str = ""  # the practice notebook (examples/notebooks/) whose self-check cell checks it
    tolerance: str = ""  # the bar, in words, for docs/tolerances.md
    why: str = ""  # where the bar comes from
    depends_on: tuple[str, ...] = ()  # task ids, derived from `calls` when the catalogue is assembled
    outputs: tuple[tuple[str, int], ...] = ()  # (name, ndim) of the numeric outputs where no reference says (training)
    # outputs that, wrong alone on a case, cost only this share of it (a side effect such as the
    # caller's init_x, a figure's labels): ((output name, share), ...)
    shares: tuple[tuple[str, float], ...] = ()

    @property
    def training(self) -> bool:
        return self.kind is Kind.TRAINING

    @property
    def figure(self) -> bool:
        return self.kind is Kind.FIGURE

    def share(self, output: str) -> float | None:
        """The share of a case that `output` costs when it alone is wrong, or None: it costs the case."""
        return dict(self.shares).get(output)

    @property
    def names(self) -> tuple[str, ...]:
        """The top-level names of `file` the task reads (a function or a class)."""
        stem = self.file.removesuffix(".py")
        return tuple(dict.fromkeys(q.split(".")[1] for q in (*self.grades, *self.calls) if q.split(".")[0] == stem))


@dataclass(frozen=True)
class Drawn:
    """What a figure task's probe returns: the Axes as data, and its PNG drawn only on demand."""

    values: dict[str, Any]
    png: Callable[[], Any]


# ---------------------------------------------------------------- across the process boundary


class ErrorKind(str, Enum):
    """Why a case produced no values (the str values are what result.json stores)."""

    NOT_IMPLEMENTED = "not_implemented"
    TIMEOUT = "timeout"
    EXCEPTION = "exception"
    MISSING = "missing"  # the submission has no such file
    IMPORT = "import"  # the submission's file does not import (a syntax error, a name error at module level...)
    CRASH = "crash"  # the child process died or reported garbage (batch grading only)

    def __str__(self) -> str:  # in messages and f-strings, the value, as in result.json
        return self.value


AFTER_TIMEOUT_TYPE = "after_timeout"  # ErrorInfo.type of a timeout under the shortened limit (run.AFTER_TIMEOUT)
BUDGET_TYPE = "submission_budget"  # a task that never ran: the submission's whole time was used up (batch only)


@dataclass
class ErrorInfo:
    """Why a case produced no values."""

    kind: ErrorKind
    type: str = ""
    message: str = ""
    where: str = ""  # "functions.py:23: return ..." — the student's line the error came from

    def __post_init__(self) -> None:
        self.kind = ErrorKind(self.kind)

    def to_json(self) -> dict:
        return {"kind": self.kind.value, "type": self.type, "message": self.message, "where": self.where}


@dataclass
class Outcome:
    """One case's result as plain data: values (ndarrays) or an error, and how long it took."""

    values: dict[str, np.ndarray] | None = None
    error: ErrorInfo | None = None
    seconds: float = 0.0
    artifacts: dict[str, np.ndarray] = field(default_factory=dict)  # a figure's PNG bytes
