"""Wrong answers as evidence: a short, stable digest of what a failed public case output.

Two students whose code gives the same wrong outputs on the same inputs, outputs no
catalogued mistake gives, most likely share the code that made them (the similarity
report's second signal, grader/batch/similarity/behaviour.py). So result.json records,
for each failed *public* case (hidden cases differ per student), a digest of the outputs
(`wrong`) and the catalogued mistakes whose mutant answers that case the same way
(`explained_by`, judged with the task's own comparator against the frozen answers).

The digest covers each output's name, dtype kind and shape and its values rounded to
SIGNIFICANT digits: far beyond summation-order noise (1e-15 relative), far below any real
difference a comparator would accept as a mistake. Stubs, timeouts and crashes have no
behaviour to compare and get no digest.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping

import numpy as np

from .judge import CaseResult, TaskResult
from .model import ErrorKind, Outcome, Task
from .values import kind_mismatches

SIGNIFICANT = 6  # digits of each float kept in the digest
DIGEST_HEX = 16


def rounded(values: np.ndarray) -> list[str]:
    flat = np.asarray(values).ravel()
    if flat.dtype.kind == "c":
        return [f"{complex(x).real + 0.0:.{SIGNIFICANT - 1}e}{complex(x).imag + 0.0:+.{SIGNIFICANT - 1}e}j"
                for x in flat.tolist()]
    if flat.dtype.kind != "f":
        return [str(v) for v in flat.tolist()]
    out = []
    for x in flat.astype(float).tolist():
        if math.isnan(x) or math.isinf(x):
            out.append(str(x))  # nan, inf, -inf
        else:
            out.append(f"{x + 0.0:.{SIGNIFICANT - 1}e}")  # + 0.0: -0.0 and 0.0 alike
    return out


def values_digest(values: Mapping[str, np.ndarray]) -> str:
    h = hashlib.sha256()
    for name in sorted(values):
        arr = np.asarray(values[name])
        h.update(f"{name}\0{arr.dtype.kind}\0{arr.shape}\0".encode())
        h.update("\x1f".join(rounded(arr)).encode())
        h.update(b"\0")
    return h.hexdigest()[:DIGEST_HEX]


def error_digest(type_: str, message: str) -> str:
    """A case that raised: its exception's type and message ('E' first, never a values digest)."""
    return "E" + hashlib.sha256(f"{type_}\0{message}".encode()).hexdigest()[:DIGEST_HEX - 1]


def digest(outcome: Outcome) -> str | None:
    if outcome.values is not None:
        return values_digest(outcome.values)
    if outcome.error is not None and outcome.error.kind is ErrorKind.EXCEPTION:
        return error_digest(outcome.error.type, outcome.error.message)
    return None  # not implemented, a timeout, a crash, a missing file: no behaviour


def answers_alike(task: Task, case: CaseResult, mutant: Outcome) -> bool:
    """Does the mutant answer this case as the student did, by the task's own comparator?"""
    got = case.outcome
    if got.error is not None or mutant.error is not None:
        return (got.error is not None and mutant.error is not None and got.error.type == mutant.error.type)
    if got.values is None or mutant.values is None or kind_mismatches(task, got.values, mutant.values):
        return False  # text where the mutant gave numbers (or no such output): not alike, and no comparator sees it
    return not task.compare(got.values, mutant.values, case.case)


def frozen_mutants(task: Task) -> dict[str, dict[str, Outcome]] | None:
    """The catalogued mistakes' frozen answers on the public cases (None: not available)."""
    from .reference import StaleAnswers, frozen, own_mistakes

    try:
        answers = frozen(task)
    except (StaleAnswers, OSError, KeyError):
        return None
    return {mid: answers[mid] for mid in own_mistakes(task) if mid in answers}


def case_evidence(result: TaskResult) -> dict[str, dict]:
    """case id -> {"wrong": digest, "explained_by": [mistake ids]} for each failed public case
    with a behaviour; empty for a passed task and for training (judged by rules, random)."""
    task = result.task
    failed = [c for c in result.cases if not c.passed and not c.hidden]
    if task.training or not failed:
        return {}
    mutants = frozen_mutants(task)
    if mutants is None:
        return {}
    out = {}
    for case in failed:
        wrong = digest(case.outcome)
        if wrong is None:
            continue
        try:
            explained = [mid for mid, answers in mutants.items()
                         if case.case.id in answers and answers_alike(task, case, answers[case.case.id])]
        except Exception:  # evidence only: a value no comparator can read is no one's behaviour to share
            continue
        out[case.case.id] = {"wrong": wrong, "explained_by": explained}
    return out
