"""Which known mistakes explain a failing task, case by case, and what it owes to upstream.

A source (the reference, a mistake, mistakes made together: grader/mutation.py) explains a
task when its outcomes match the submission's on every case, passing cases included: a
mistake that fails a case the submission passes is contradicted. The smallest explanation
wins: one of the task's own mistakes, else two of them made together; then the same with the
outputs that have a share of their own (a side effect, a figure's labels) left out, which
the report still lists; failing that, each mistake that reproduces some failing cases and
is contradicted by none is named for those cases (a partial explanation).

Upstream: a task whose probe reaches the student's other functions is judged on top of
what the tasks grading them were found to have (`Upstream`, from their results). Where a
failing case gives exactly what correct code of this task gives on the mistakes recognised
upstream (that mutant's own outcome on this task), the case fails because of them: it is
kept (its points stay, unless the cascade setting says otherwise) and the report points at
the root task. The task's own mistakes are looked for on top of the upstream ones.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

from .judge import CaseResult, Explained, TaskResult, case_credit, judge_case, matches_mutant
from .model import REFERENCE, ErrorKind, Origin, Outcome
from .mutation import source_key
from .reference import own_mistakes, upstream_tasks

Outcomes = dict[str, Outcome]


@dataclass(frozen=True)
class Upstream:
    """What the failing tasks a task builds on were judged to have."""

    roots: tuple[str, ...] = ()  # failing upstream tasks whose failure is their own (not an upstream one again)
    mistakes: frozenset[str] = frozenset()  # the mistakes that explain them
    unexplained: tuple[str, ...] = ()  # roots that no catalogued mistake fully explains
    by_root: tuple[tuple[str, frozenset[str]], ...] = ()  # each explained root's mistakes


NO_UPSTREAM = Upstream()


def own_failure(r: TaskResult) -> bool:
    """Does a failed task fail for a reason of its own? Not where every failing case is kept,
    nor where it only points upstream with no mistake of its own named."""
    return any(not c.passed and not c.kept for c in r.cases) and bool(r.mistakes or not r.upstream)


def upstream_of(task, results: Mapping[str, TaskResult]) -> Upstream:
    """The roots among the tasks upstream of `task` (judged already, in `results`)."""
    roots, by_root, unexplained = [], [], []
    for up in upstream_tasks(task):
        r = results.get(up.id)
        if r is None or r.passed or not own_failure(r):
            continue
        roots.append(up.id)
        if r.explained is Explained.FULL and r.mistakes:
            by_root.append((up.id, frozenset(r.mistakes)))
        else:
            unexplained.append(up.id)
    mistakes = frozenset().union(*(ms for _, ms in by_root))
    return Upstream(tuple(roots), mistakes, tuple(unexplained), tuple(by_root))


class Attribution:
    """One failing task's search for what explains it."""

    def __init__(self, result: TaskResult, reference: Mapping[str, Outcomes], upstream: Upstream) -> None:
        self.result, self.reference, self.up = result, reference, upstream
        self.task = result.task
        self.ref = reference.get(REFERENCE, {})
        self.failing = [c for c in result.cases if not c.passed]
        self.ignore: frozenset[str] = frozenset()  # outputs a looser match leaves out
        self.roots = self.roots_here()
        # the upstream mistakes that change this task's outcomes: what correct code is judged on
        self.base = frozenset(m for root, ms in upstream.by_root if root in self.roots for m in ms)

    def outcomes(self, ids: frozenset[str], base: frozenset[str] | None = None) -> Outcomes | None:
        """The source `ids` on top of the upstream mistakes; where that is not available (a
        student's copy has only the frozen sources), `ids` alone."""
        base = self.base if base is None else base
        for key in dict.fromkeys([source_key(ids | base), source_key(ids)]):
            found = self.reference.get(key)
            if found is not None:
                return found
        return None

    def matches(self, c: CaseResult, mutant: Outcomes) -> bool:
        return matches_mutant(self.task, c.case, c.outcome, mutant[c.case.id], self.ref.get(c.case.id), self.ignore)

    def fails(self, c: CaseResult, mutant: Outcomes) -> bool:
        return not judge_case(self.task, c.case, mutant[c.case.id], self.ref.get(c.case.id))[0]

    def explains(self, out: Outcomes | None) -> bool:
        return out is not None and all(self.matches(c, out) for c in self.result.cases)

    # ---------------------------------------------------------------- upstream

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

    def keep_upstream(self) -> Outcomes | None:
        """Judge each failing case against what correct code gives on the upstream mistakes."""
        base = self.reference.get(source_key(self.base)) if self.base else None
        for c in self.failing:
            c.root_credit, c.upstream = None, ()
            if base is not None:
                ok, mismatches = judge_case(self.task, c.case, c.outcome, base[c.case.id])
                c.root_credit = case_credit(self.task, ok, mismatches, c.outcome)
                if self.fails(c, base):  # the upstream mistakes change this case
                    c.upstream = tuple(sorted(self.base))
        return base

    def prune_roots(self, own: frozenset[str]) -> bool:
        """Leave out the roots without which the same explanation still holds: their mistakes
        change what correct code gives here, but not what this submission gives."""
        pruned = False
        for root, mistakes in self.up.by_root:
            if root in self.roots and len(self.roots) + bool(own) > 1:
                rest = self.base - mistakes
                if self.explains(self.outcomes(own, rest) if own else self.reference.get(source_key(rest))):
                    self.roots = tuple(r for r in self.roots if r != root)
                    self.base, pruned = rest, True
        return pruned

    # ---------------------------------------------------------------- the task's own mistakes

    def full(self, candidates: dict[str, Outcomes]) -> list[frozenset[str]]:
        """The smallest sets of own mistakes whose outcomes match on every case."""
        singles = [frozenset([m]) for m, out in candidates.items() if self.explains(out)]
        if singles:
            return singles
        failing = {c.case.id for c in self.failing}
        fails = {m: {c.case.id for c in self.result.cases if self.fails(c, out)} for m, out in candidates.items()}
        lecture = {m.id for m in self.task.mistakes if m.origin is not Origin.SLIP}
        # where two pairs give the same outcomes, the one with the lecture's code is what students type
        pairs = sorted(itertools.combinations(candidates, 2), key=lambda pair: -len(lecture.intersection(pair)))
        for m1, m2 in pairs:
            # where either fails alone, the two together fail too: a cheap test before making the pair
            if fails[m1] | fails[m2] <= failing and self.explains(self.outcomes(frozenset([m1, m2]))):
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
            if any(id(c) in open_cases for c in cases):
                named.append(m)
                for c in cases:
                    c.cause = tuple(sorted({*c.cause, m}))
                    open_cases.discard(id(c))
        return named

    def per_case(self, found: list[frozenset[str]], candidates: dict[str, Outcomes]) -> None:
        """Say, for each failing case, which of the mistakes reproduces it (alternatives that
        give the same outcomes each explain every case)."""
        mistakes = frozenset().union(*found)
        for c in self.failing:
            if c.kept:
                continue
            alone = [m for m in sorted(mistakes)
                     if len(found) == 1 and m in candidates and self.matches(c, candidates[m])]
            c.cause = tuple(alone[:1]) if alone else tuple(sorted(mistakes))

    def search(self) -> list[frozenset[str]]:
        own = own_mistakes(self.task) if any(not c.kept for c in self.failing) else []
        candidates = {m: out for m in own if (out := self.outcomes(frozenset([m]))) is not None}
        self.candidates = candidates
        found = self.full(candidates)
        if not found and self.task.shares:
            # the submission also gets a shared output wrong (a side effect, a figure's labels): a
            # mistake that leaves those outputs alone may still explain the rest, which the report lists
            self.ignore = frozenset(name for name, _ in self.task.shares)
            found = self.full({m: out for m, out in candidates.items() if self.leaves_shares(out)})
        return found

    def leaves_shares(self, out: Outcomes) -> bool:
        """Does a mutant give the shared outputs as the reference does? (A hint that speaks of a
        side effect must not be given to a submission without it.)"""
        for c in self.result.cases:
            ref, mutant = self.ref.get(c.case.id), out[c.case.id]
            if ref is None or ref.error or mutant.error:
                continue
            if any(mm.name in self.ignore for mm in self.task.compare(mutant.values, ref.values, c.case)):
                return False
        return True

    def run(self) -> None:
        result = self.result
        base_out = self.keep_upstream()
        found = self.search()
        if self.base and self.prune_roots(frozenset().union(*found) if found else frozenset()):
            base_out = self.keep_upstream()
        if found:
            result.mistakes = sorted(set().union(*found))
            self.per_case(found, self.candidates)
            result.explained = Explained.FULL
        else:
            result.mistakes = self.cover(self.candidates)
            open_cases = [c for c in self.failing if not c.kept and not c.cause]
            result.explained = (Explained.FULL if not open_cases else
                                Explained.PARTIAL if len(open_cases) < len(self.failing) else Explained.NONE)
        affected = any(c.upstream or c.kept for c in self.failing)
        unexplained_here = any(not c.kept and not c.cause for c in self.failing)
        # where what correct code gives on the upstream mistakes cannot be told, point at them all the same
        if self.roots and (affected or (unexplained_here and (base_out is None or self.up.unexplained))):
            result.upstream = self.roots
            result.upstream_mistakes = tuple(sorted(self.base))


def detected(result: TaskResult) -> list[str]:
    """The mistakes a rule of their own recognises (training): from the error a case stopped
    with (`error_type`) or from any failing case's values (`detect`)."""
    def stopped(m) -> bool:
        return bool(m.error_type) and any(r.outcome.error is not None and r.outcome.error.type == m.error_type
                                          for r in result.cases)

    def shows(m) -> bool:
        return m.detect is not None and any(
            not r.passed and r.outcome.values is not None
            and m.detect(r.case, r.outcome.values, r.expected.values if r.expected else None) for r in result.cases)

    return [m.id for m in result.task.mistakes if stopped(m) or shows(m)]


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
