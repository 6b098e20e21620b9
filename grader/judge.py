"""The judge: outcomes in, scores and named mistakes out.

It reads the plain data a run produced (grader.model.Outcome) and calls no code of a
submission's; so the batch grader can judge in a process the submission never touched.
Running the code is the front ends' job (session.py in-process, batch/ in sandboxes).
Which known mistakes explain a failing task, and what it owes to the tasks it builds on,
is grader/attribution.py's part.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from .compare import Mismatch
from .model import REFERENCE, Case, ErrorInfo, ErrorKind, Outcome, Task
from .values import kind_mismatches

# the statuses a failing task can have because of an error, worst first
ERROR_STATUSES = (ErrorKind.MISSING, ErrorKind.IMPORT, ErrorKind.NOT_IMPLEMENTED, ErrorKind.TIMEOUT, ErrorKind.CRASH)


class Explained(Enum):
    """How much of a failing task the catalogued mistakes explain."""

    NONE = "none"
    PARTIAL = "partial"  # some failing cases; the others are not explained
    FULL = "full"  # every failing case


@dataclass
class CaseResult:
    case: Case
    hidden: bool
    passed: bool
    outcome: Outcome
    expected: Outcome | None = None
    mismatches: list[Mismatch] = field(default_factory=list)
    credit: float = 0.0  # the share of the case earned: 1 passed, 1 - share when only a side effect is wrong
    root_credit: float | None = None  # the same, judged against what correct code gives on the upstream mistakes
    cause: tuple[str, ...] = ()  # the task's own mistakes that reproduce this failing case
    upstream: tuple[str, ...] = ()  # the upstream mistakes its outcome follows from (grader/attribution.py)

    @property
    def kept(self) -> bool:
        """A failing case that correct code of this task fails just so on the upstream mistakes."""
        return not self.passed and self.root_credit == 1.0

    def earned(self, cascade: bool) -> float:
        return self.credit if cascade or self.root_credit is None else max(self.credit, self.root_credit)


@dataclass
class TaskResult:
    task: Task
    cases: list[CaseResult]
    mistakes: list[str] = field(default_factory=list)  # ids of the task's own known mistakes recognised
    hidden_seed: int | None = None
    upstream: tuple[str, ...] = ()  # failing tasks it builds on that its failures come from (or may)
    upstream_mistakes: tuple[str, ...] = ()  # the mistakes recognised in them
    explained: Explained = Explained.NONE
    cascade: bool = False  # score the cascade: a case failing because of an upstream task costs this one too

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.cases)

    @property
    def score(self) -> float:
        if not self.cases:
            return 0.0
        return round(self.task.points * sum(c.earned(self.cascade) for c in self.cases) / len(self.cases), 2)

    def counts(self, hidden: bool) -> tuple[int, int]:
        cs = [c for c in self.cases if c.hidden == hidden]
        return sum(c.passed for c in cs), len(cs)

    @property
    def status(self) -> str:
        """passed, upstream, failed, partial, error, or an error kind (not_implemented, timeout,
        missing, import, crash); report.status_text says what happened across the cases."""
        if self.passed:
            return "passed"
        failing = [c for c in self.cases if not c.passed]
        kinds = {c.outcome.error.kind for c in failing if c.outcome.error}
        for kind in ERROR_STATUSES:
            if kind in kinds:
                return kind.value
        if all(c.kept for c in failing):
            return "upstream"
        if any(c.passed for c in self.cases):
            return "partial"
        return "failed" if any(c.outcome.error is None for c in failing) else "error"


def same_error(got: ErrorInfo | None, want: ErrorInfo | None) -> bool:
    return (got is not None and want is not None and got.kind is want.kind is ErrorKind.EXCEPTION
            and got.type == want.type)


def same_failure(got: ErrorInfo | None, mutant: ErrorInfo | None) -> bool:
    """The same exception as a mutant's: its type, and its message where both are known (a
    student's copy of the frozen answers has the types only)."""
    return same_error(got, mutant) and (not got.message or not mutant.message or got.message == mutant.message)


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


def case_credit(task: Task, passed: bool, mismatches: list[Mismatch], got: Outcome) -> float:
    """1 for a passing case; where only outputs with a share of their own are wrong (a side
    effect, a figure's labels), 1 minus their shares; else 0."""
    if passed:
        return 1.0
    if got.error is not None or not mismatches:
        return 0.0
    shares = {mm.name: task.share(mm.name) for mm in mismatches}
    if any(share is None for share in shares.values()):
        return 0.0
    return max(0.0, round(1.0 - sum(shares.values()), 6))


def matches_mutant(task: Task, case: Case, got: Outcome, mutant: Outcome, ref: Outcome | None,
                   ignore: frozenset[str] = frozenset()) -> bool:
    """Would this outcome be judged the same as the mutant's? Both pass, or both fail alike:
    the same exception type, or values the comparator cannot tell apart (outputs in `ignore`
    aside: a looser match that leaves a side effect or a figure's labels out)."""
    def ok(outcome: Outcome) -> bool:
        passed, mismatches = judge_case(task, case, outcome, ref)
        return passed or (outcome.error is None and all(mm.name in ignore for mm in mismatches))

    got_ok, mut_ok = ok(got), ok(mutant)
    if got_ok != mut_ok:
        return False
    if got_ok:
        return True
    if got.error or mutant.error:
        return same_failure(got.error, mutant.error)
    # both ways: a figure may hold extra lines, which must not let a figure match one with fewer
    forward = task.compare(got.values, mutant.values, case)
    try:
        backward = task.compare(mutant.values, got.values, case)
    except Exception:  # the student's values on the expected side, where no comparator promises to read any shape
        return False
    return not any(mm.name not in ignore for mm in [*forward, *backward])


def readable(task: Task, results: list[CaseResult]) -> bool:
    """Are all the values of the kinds the reference says (grader/values.py)? Only then may a
    mistake's mutant or rule be compared with them. An output missing where a reference has it
    is no obstacle (the comparators say "missing"; a figure without its tangent is a known
    mistake); one the task declares for its rules (training) is."""
    declared = {name for name, _ in task.outputs}
    return not any(mm.kind != "missing" or mm.name in declared
                   for r in results if r.outcome.values is not None
                   for mm in kind_mismatches(task, r.outcome.values, r.expected and r.expected.values))


def judge_task(task: Task, cases: list[tuple[Case, bool]], outcomes: dict[str, Outcome],
               reference: Mapping[str, dict[str, Outcome]], hidden_seed: int | None = None,
               upstream=None, cascade: bool = False) -> TaskResult:
    """Judge a task from its outcomes. `cases` pairs each case with whether it is hidden;
    `reference` is {source: {case id: outcome}} for the reference and the mutants
    (reference.Reference); `upstream` what the tasks it builds on were judged to have
    (attribution.Upstream, from their results)."""
    from .attribution import NO_UPSTREAM, attribute

    ref = reference.get(REFERENCE, {})
    results = []
    for case, is_hidden in cases:
        got = outcomes[case.id]
        want = ref.get(case.id)
        ok, mismatches = judge_case(task, case, got, want)
        results.append(CaseResult(case, is_hidden, ok, got, want, mismatches, case_credit(task, ok, mismatches, got)))
    result = TaskResult(task, results, hidden_seed=hidden_seed, cascade=cascade)
    if not result.passed and readable(task, results):  # values of the wrong kind: no mistake to name
        attribute(result, reference, upstream or NO_UPSTREAM)
    return result
