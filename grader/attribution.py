"""Which known mistakes explain a failing task, case by case, and what it owes to upstream.

A source (the reference, a mistake, mistakes made together: grader/mutation.py) explains a
task when its outcomes match the submission's on every case, passing cases included: a
mistake that fails a case the submission passes is contradicted. The smallest explanation
wins: one of the task's own mistakes, else two of them made together; failing that, each
mistake that reproduces some failing cases and is contradicted by none is named for those
cases (a partial explanation).

Upstream: a task whose probe reaches the student's other functions is judged on top of
what the tasks grading them were found to have (`Upstream`, from their results). Where a
failing case gives exactly what correct code of this task gives on the mistakes recognised
upstream (that mutant's own outcome on this task), the case fails because of them: it is
kept (its points stay, unless the cascade setting says otherwise) and the report points at
the root task. The task's own mistakes are then looked for on top of the upstream ones.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

from .judge import CaseResult, Explained, TaskResult, case_credit, judge_case, matches_mutant
from .model import REFERENCE, ErrorKind, Outcome
from .mutation import source_key
from .reference import own_mistakes, upstream_tasks


@dataclass(frozen=True)
class Upstream:
    """What the failing tasks a task builds on were judged to have."""

    roots: tuple[str, ...] = ()  # failing upstream tasks whose failure is their own (not an upstream one again)
    mistakes: frozenset[str] = frozenset()  # the mistakes that explain them
    unexplained: tuple[str, ...] = ()  # roots that no catalogued mistake fully explains
    by_root: tuple[tuple[str, frozenset[str]], ...] = ()  # each explained root's mistakes


NO_UPSTREAM = Upstream()


def upstream_of(task, results: Mapping[str, TaskResult]) -> Upstream:
    """The roots among the tasks upstream of `task` (judged already, in `results`)."""
    roots, by_root, unexplained = [], [], []
    for up in upstream_tasks(task):
        r = results.get(up.id)
        if r is None or not any(not c.passed and not c.kept for c in r.cases):
            continue  # passed, not graded, or failing only because of its own upstream
        roots.append(up.id)
        if r.explained is Explained.FULL and r.mistakes:
            by_root.append((up.id, frozenset(r.mistakes)))
        else:
            unexplained.append(up.id)
    mistakes = frozenset().union(*(ms for _, ms in by_root))
    return Upstream(tuple(roots), mistakes, tuple(unexplained), tuple(by_root))


Outcomes = dict[str, Outcome]


class Attribution:
    """One failing task's search for what explains it."""

    def __init__(self, result: TaskResult, reference: Mapping[str, Outcomes], upstream: Upstream) -> None:
        self.result, self.reference, self.up = result, reference, upstream
        self.task = result.task
        self.ref = reference.get(REFERENCE, {})
        self.failing = [c for c in result.cases if not c.passed]
        self.roots = self.roots_here()
        # the upstream mistakes that change this task's outcomes: what correct code is judged on
        self.base = frozenset(m for root, ms in upstream.by_root if root in self.roots for m in ms)

    def outcomes(self, ids: frozenset[str]) -> Outcomes | None:
        """The source `ids` on top of the upstream mistakes; where that is not available (a
        student's copy has only the frozen sources), `ids` alone."""
        for key in dict.fromkeys([source_key(ids | self.base), source_key(ids)]):
            found = self.reference.get(key)
            if found is not None:
                return found
        return None

    def matches(self, c: CaseResult, mutant: Outcomes) -> bool:
        return matches_mutant(self.task, c.case, c.outcome, mutant[c.case.id], self.ref.get(c.case.id))

    def fails(self, c: CaseResult, mutant: Outcomes) -> bool:
        return not judge_case(self.task, c.case, mutant[c.case.id], self.ref.get(c.case.id))[0]

    # ---------------------------------------------------------------- upstream

    def keep_upstream(self) -> Outcomes | None:
        """Judge each failing case against what correct code gives on the upstream mistakes."""
        if not self.base:
            return None
        base = self.reference.get(source_key(self.base))
        if base is None:
            return None
        for c in self.failing:
            ok, mismatches = judge_case(self.task, c.case, c.outcome, base[c.case.id])
            c.root_credit = case_credit(self.task, ok, mismatches, c.outcome)
            if self.fails(c, base):  # the upstream mistakes change this case
                c.upstream = tuple(sorted(self.base))
        return base

    # ---------------------------------------------------------------- the task's own mistakes

    def full(self, candidates: dict[str, Outcomes]) -> list[frozenset[str]]:
        """The smallest sets of own mistakes whose outcomes match on every case."""
        cases = self.result.cases
        singles = [frozenset([m]) for m, out in candidates.items() if all(self.matches(c, out) for c in cases)]
        if singles:
            return singles
        failing = {c.case.id for c in self.failing}
        for m1, m2 in itertools.combinations(candidates, 2):
            # two mistakes together fail where either fails: a cheap test before making the pair
            fail1 = {c.case.id for c in self.result.cases if self.fails(c, candidates[m1])}
            fail2 = {c.case.id for c in self.result.cases if self.fails(c, candidates[m2])}
            if fail1 | fail2 != failing:
                continue
            pair = self.outcomes(frozenset([m1, m2]))
            if pair is not None and all(self.matches(c, pair) for c in self.result.cases):
                return [frozenset([m1, m2])]
        return []

    def consistent(self, out: Outcomes) -> list[CaseResult]:
        """The open failing cases a mistake reproduces, if no case contradicts it (it fails
        nowhere the submission passes, nor differently) and it reproduces a wrong value (an
        exception of the same type alone is too weak a sign); else none."""
        reproduced = []
        for c in self.result.cases:
            if self.matches(c, out):
                if not c.passed and not c.kept:
                    reproduced.append(c)
            elif self.fails(c, out):
                return []
        return reproduced if any(c.outcome.error is None for c in reproduced) else []

    def cover(self, candidates: dict[str, Outcomes]) -> list[str]:
        """Each mistake that reproduces some failing cases and no case contradicts, most cases first."""
        named: list[str] = []
        open_cases = {id(c) for c in self.failing if not c.kept}
        ranked = sorted(((m, self.consistent(out)) for m, out in candidates.items()), key=lambda mc: -len(mc[1]))
        for m, cases in ranked:
            fresh = [c for c in cases if id(c) in open_cases]
            if fresh:
                named.append(m)
                for c in cases:
                    c.cause = tuple(sorted({*c.cause, m}))
                    open_cases.discard(id(c))
        return named

    def per_case(self, mistakes: frozenset[str], candidates: dict[str, Outcomes]) -> None:
        """Say, for each failing case, which of the mistakes reproduces it."""
        for c in self.failing:
            if c.kept:
                continue
            alone = [m for m in sorted(mistakes) if m in candidates and self.matches(c, candidates[m])]
            c.cause = tuple(alone[:1]) if alone else tuple(sorted(mistakes))

    def run(self) -> None:
        result = self.result
        base = self.keep_upstream()
        own_failure = any(not c.kept for c in self.failing)
        candidates = {m: out for m in (own_mistakes(self.task) if own_failure else [])
                      if (out := self.outcomes(frozenset([m]))) is not None}
        found = self.full(candidates) if own_failure else []
        if found:
            result.mistakes = sorted(set().union(*found))
            if len(found) == 1:
                self.per_case(found[0], candidates)
            else:  # alternatives that give the same outcomes: every one explains every case
                for c in self.failing:
                    if not c.kept:
                        c.cause = tuple(result.mistakes)
            result.explained = Explained.FULL
        else:
            result.mistakes = self.cover(candidates)
            open_cases = [c for c in self.failing if not c.kept and not c.cause]
            result.explained = (Explained.FULL if not open_cases else
                                Explained.PARTIAL if len(open_cases) < len(self.failing) else Explained.NONE)
        affected = any(c.upstream or c.kept for c in self.failing)
        unexplained_here = any(not c.kept and not c.cause for c in self.failing)
        if self.roots and (affected or (unexplained_here and (base is None or self.up.unexplained))):
            result.upstream = self.roots
            result.upstream_mistakes = tuple(sorted(self.base))

    def roots_here(self) -> tuple[str, ...]:
        """The failing upstream tasks whose mistakes change this task's outcomes (and those
        no catalogued mistake explains, whose effect cannot be told)."""
        here = []
        for root in self.up.roots:
            mistakes = dict(self.up.by_root).get(root)
            out = self.reference.get(source_key(mistakes)) if mistakes else None
            if out is None or any(self.fails(c, out) for c in self.result.cases):
                here.append(root)
        return tuple(here)


def detected(result: TaskResult) -> list[str]:
    """The mistakes a rule of their own recognises (training), from any failing case's values."""
    return [m.id for m in result.task.mistakes if m.detect is not None and any(
        not r.passed and r.outcome.values is not None
        and m.detect(r.case, r.outcome.values, r.expected.values if r.expected else None) for r in result.cases)]


def attribute(result: TaskResult, reference: Mapping[str, Outcomes], upstream: Upstream) -> None:
    """Fill in a failing task's explanation: its mistakes, each case's cause, the upstream
    pointer and the kept cases."""
    answered = [c for c in result.cases if not c.passed and (
        c.outcome.values is not None or c.outcome.error.kind is ErrorKind.EXCEPTION)]
    if not answered:  # a stub, a hang, a missing file or one that does not import: its message names it
        return
    Attribution(result, reference, upstream).run()
    found = detected(result)
    if found:
        result.mistakes = [*result.mistakes, *found]
        result.explained = Explained.FULL
