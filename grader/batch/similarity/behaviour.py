"""The second signal: two students whose code gives the same *uncatalogued* wrong outputs on
the same public cases.

A wrong answer a catalogued mistake explains (the slide's typo, the book's one-hot-only
accuracy, ...) is what many students reach on their own; a wrong answer no one else gives,
given identically by two students, is rare unless they share the code behind it. Every
student runs the same public cases (hidden ones differ per student), and result.json records
for each failed public case a digest of its outputs and the catalogued mistakes that explain
it (grader/wrong_outputs.py). This module reads only result.json dicts.

A failure is *inherited*, not evidence, when the task depends on another graded function the
same student got wrong (tangent_line fails because numerical_diff does): the catalogue's
`Task.depends_on`, and the other graded functions the student's own code calls
(units.Unit.calls). A (task, case, wrong output) more than max(2, COMMON_SHARE x the class)
students have is a *common uncatalogued mistake*: no evidence, and listed on the class's
similarity page as worth a mutant and a hint in the catalogue.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ...tasks import BY_ID
from .fingerprints import COMMON_SHARE, common_limit
from .units import graded_units

MIN_CASES = 2  # rare identical wrong cases a pair needs to be flagged on behaviour

Item = tuple[str, str, str]  # (task, public case, wrong-output digest)


@dataclass(frozen=True)
class Evidence:
    task: str
    case: str
    wrong: str
    holders: int  # students with this exact wrong output on this case


@dataclass
class BehaviourPair:
    a: str
    b: str
    evidence: list[Evidence]
    flagged: bool

    @property
    def cases(self) -> int:
        return len(self.evidence)

    @property
    def tasks(self) -> list[str]:
        return sorted({e.task for e in self.evidence})


def inherited(task: str, statuses: Mapping[str, str], calls: Iterable[str] = ()) -> bool:
    """Does this task depend on a graded function the student got wrong?"""
    depends = set(BY_ID[task].depends_on) if task in BY_ID else set()
    called = {graded_units()[u] for u in calls if u in graded_units()}
    return any(statuses.get(dep, "passed") != "passed" for dep in (depends | called) - {task})


def student_evidence(result: Mapping, calls: Mapping[str, Iterable[str]] | None = None) -> set[Item]:
    """(task, case, wrong) for each public case the student failed in a way no catalogued
    mistake explains and no failing callee passes on. calls: task -> units its code calls."""
    statuses = {t["id"]: t["status"] for t in result["tasks"]}
    items = set()
    for task in result["tasks"]:
        if task.get("mistakes") or inherited(task["id"], statuses, (calls or {}).get(task["id"], ())):
            continue
        for case in task.get("cases", []):
            if not case.get("hidden") and not case.get("passed") and case.get("wrong") \
                    and not case.get("explained_by"):
                items.add((task["id"], case["id"], case["wrong"]))
    return items


def class_evidence(results: Mapping[str, Mapping], calls: Mapping[str, Mapping[str, Iterable[str]]] | None
                   ) -> tuple[dict[str, set[Item]], Counter]:
    evidence = {s: student_evidence(r, (calls or {}).get(s)) for s, r in results.items()}
    return evidence, Counter(item for items in evidence.values() for item in items)


def behaviour_pairs(results: Mapping[str, Mapping], calls: Mapping[str, Mapping[str, Iterable[str]]] | None = None,
                    common_share: float = COMMON_SHARE, min_cases: int = MIN_CASES) -> list[BehaviourPair]:
    """Pairs with the same rare, uncatalogued wrong outputs, flagged first, most evidence first.
    results: student -> result.json dict; calls: student -> task -> units that student's code calls."""
    evidence, holders = class_evidence(results, calls)
    limit = common_limit(len(results), common_share)
    by_item: dict[Item, list[str]] = defaultdict(list)
    for student in sorted(evidence):
        for item in evidence[student]:
            if holders[item] <= limit:
                by_item[item].append(student)
    pairs: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
    for item, students in sorted(by_item.items()):
        for i, a in enumerate(students):
            for b in students[i + 1:]:
                pairs[a, b].append(Evidence(*item, holders[item]))
    out = [BehaviourPair(a, b, sorted(ev, key=lambda e: (e.task, e.case)), len(ev) >= min_cases)
           for (a, b), ev in pairs.items()]
    out.sort(key=lambda p: (not p.flagged, -p.cases, p.a, p.b))
    return out


@dataclass(frozen=True)
class CommonWrong:
    task: str
    case: str
    wrong: str
    students: tuple[str, ...]


def common_wrong(results: Mapping[str, Mapping], calls=None, common_share: float = COMMON_SHARE) -> list[CommonWrong]:
    """Uncatalogued wrong outputs many students share: each is a mistake worth cataloguing."""
    evidence, holders = class_evidence(results, calls)
    limit = common_limit(len(results), common_share)
    who: dict[Item, list[str]] = defaultdict(list)
    for student in sorted(evidence):
        for item in evidence[student]:
            if holders[item] > limit:
                who[item].append(student)
    return sorted((CommonWrong(*item, tuple(students)) for item, students in who.items()),
                  key=lambda c: (-len(c.students), c.task, c.case, c.wrong))
