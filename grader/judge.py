"""The judge: outcomes in, scores and named mistakes out.

It reads the plain data a run produced (grader.model.Outcome) and calls no code of a
submission's; so the batch grader can judge in a process the submission never touched.
Running the code is the front ends' job (session.py in-process, batch/ in sandboxes).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .compare import Mismatch
from .model import REFERENCE, Case, ErrorInfo, ErrorKind, Outcome, Task
from .values import kind_mismatches

# the statuses a failing task can have because of an error, worst first
ERROR_STATUSES = (ErrorKind.MISSING, ErrorKind.NOT_IMPLEMENTED, ErrorKind.TIMEOUT, ErrorKind.CRASH)


@dataclass
class CaseResult:
    case: Case
    hidden: bool
    passed: bool
    outcome: Outcome
    expected: Outcome | None = None
    mismatches: list[Mismatch] = field(default_factory=list)


@dataclass
class TaskResult:
    task: Task
    cases: list[CaseResult]
    mistakes: list[str] = field(default_factory=list)  # ids of the known mistakes recognised
    hidden_seed: int | None = None

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.cases)

    @property
    def score(self) -> float:
        if not self.cases:
            return 0.0
        return round(self.task.points * sum(c.passed for c in self.cases) / len(self.cases), 2)

    def counts(self, hidden: bool) -> tuple[int, int]:
        cs = [c for c in self.cases if c.hidden == hidden]
        return sum(c.passed for c in cs), len(cs)

    @property
    def status(self) -> str:
        """passed, failed, partial, not_implemented, timeout, missing, crash or error."""
        if self.passed:
            return "passed"
        kinds = {c.outcome.error.kind for c in self.cases if not c.passed and c.outcome.error}
        for kind in ERROR_STATUSES:
            if kind in kinds:
                return kind.value
        if any(c.passed for c in self.cases):
            return "partial"
        return "error" if kinds else "failed"


def same_error(got: ErrorInfo | None, want: ErrorInfo | None) -> bool:
    return (got is not None and want is not None and got.kind is want.kind is ErrorKind.EXCEPTION
            and got.type == want.type)


def judge_case(task: Task, case: Case, got: Outcome, want: Outcome | None) -> tuple[bool, list[Mismatch]]:
    if want is not None and want.error is not None:
        # the reference raises here (e.g. TypeError for an integer array): so must the submission
        if same_error(got.error, want.error):
            return True, []
        return False, [Mismatch("error", "raises", expected=want.error.type,
                                got=got.error.type if got.error else "a value")]
    if got.error is not None:
        return False, []
    wrong_kind = kind_mismatches(task, got.values, want.values if want else None)
    if wrong_kind:  # what a comparator or rule could not read: no further look
        return False, wrong_kind
    mismatches = task.compare(got.values, want.values if want else None, case)
    return not mismatches, mismatches


def matches_mutant(task: Task, case: Case, got: Outcome, mutant: Outcome, ref: Outcome | None) -> bool:
    """Would this outcome be judged the same as the mutant's, case by case?"""
    got_ok, _ = judge_case(task, case, got, ref)
    mut_ok, _ = judge_case(task, case, mutant, ref)
    if got_ok != mut_ok:
        return False
    if got_ok:
        return True
    if got.error or mutant.error:
        return (bool(got.error) and bool(mutant.error)
                and got.error.kind is mutant.error.kind is ErrorKind.EXCEPTION)
    return not task.compare(got.values, mutant.values, case)


def recognise(task: Task, results: list[CaseResult], reference: Mapping[str, dict[str, Outcome]]) -> list[str]:
    found = []
    for mistake in task.mistakes:
        if mistake.error_type and any(r.outcome.error is not None and r.outcome.error.type == mistake.error_type
                                      for r in results):
            found.append(mistake.id)
            continue
        if mistake.detect is not None:
            if any(not r.passed and r.outcome.values is not None
                   and mistake.detect(r.case, r.outcome.values, r.expected.values if r.expected else None)
                   for r in results):
                found.append(mistake.id)
            continue
        if not mistake.by_mutant:
            continue
        mutant = reference.get(mistake.id)
        if not mutant or any(r.case.id not in mutant for r in results):
            continue
        if all(matches_mutant(task, r.case, r.outcome, mutant[r.case.id], r.expected) for r in results):
            found.append(mistake.id)
    return found


def judge_task(task: Task, cases: list[tuple[Case, bool]], outcomes: dict[str, Outcome],
               reference: Mapping[str, dict[str, Outcome]], hidden_seed: int | None = None) -> TaskResult:
    """Judge a task from its outcomes. `cases` pairs each case with whether it is hidden;
    `reference` is {source: {case id: outcome}} for the reference and the mutants."""
    ref = reference.get(REFERENCE, {})
    results = []
    for case, is_hidden in cases:
        got = outcomes[case.id]
        want = ref.get(case.id)
        ok, mismatches = judge_case(task, case, got, want)
        results.append(CaseResult(case, is_hidden, ok, got, want, mismatches))
    result = TaskResult(task, results, hidden_seed=hidden_seed)
    answered = [r for r in results if not r.passed and (r.outcome.values is not None
                                                         or r.outcome.error.kind is ErrorKind.EXCEPTION)]
    readable = not any(r.outcome.values is not None and kind_mismatches(task, r.outcome.values, r.expected and
                                                                      r.expected.values) for r in results)
    if answered and readable:  # a stub, a hang or values of the wrong kind: no mistake to name
        result.mistakes = recognise(task, results, reference)
    return result
