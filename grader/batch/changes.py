"""Regrades with an audit trail: changes.csv, the previous results kept, `--students a,b --force`.

The baseline is what the last *completed* run graded (OUT/baseline.json, written at the very
end of a run). Every run compares its results with it and writes OUT/changes.csv: who is
new, removed, or has another score or final score, and why. Comparing with the last
completed run, not with whatever a killed run left, makes a killed and resumed run write the
same changes.csv as an uninterrupted one; nothing in either file comes from the clock.

Why, from what result.json records (journal.hash_parts) and the late block:

    new                       no result in the baseline
    removed                   in the baseline, no submission now
    submission changed        submission_hash differs (the exercise files)
    grader changed            grader_code_hash differs (grader code, answers, solutions, versions)
    settings changed          settings_hash or the hidden seed differs (a new secret changes every seed)
    grader or settings changed  the same, for results written before the hash was split in two
    forced / forced (unchanged) --force on the same hashes
    late policy changed       same grade, another final score: the deadline or penalty changed
    submission time changed   same grade, another final score: the times file says otherwise

Before a student's result.json is replaced, the old one is kept as
students/<id>/history/NNNN.json (numbered, not dated).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .journal import RESULT, atomic_write, json_bytes

BASELINE = "baseline.json"
CHANGES = "changes.csv"
HISTORY = "history"
COLUMNS = ("student", "old_score", "new_score", "old_final", "new_final", "reason")
HASHES = ("submission_hash", "grader_hash", "grader_code_hash", "settings_hash", "hidden_seed")


def final_score(result: Mapping) -> float:
    late = result.get("late")
    return late["final"] if late else result["score"]


def entry(result: Mapping) -> dict:
    """What the baseline keeps of a student's result."""
    late = result.get("late") or {}
    return {"score": result["score"], "final": final_score(result), **{k: result.get(k) for k in HASHES},
            "submitted_at": late.get("submitted_at"), "late_policy": late.get("policy")}


def read_baseline(out: Path) -> dict[str, dict]:
    try:
        return json.loads((Path(out) / BASELINE).read_text(encoding="utf-8"))["students"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def write_baseline(out: Path, results: Iterable[Mapping]) -> None:
    atomic_write(Path(out) / BASELINE, json_bytes({"students": {r["student"]: entry(r) for r in results}}))


@dataclass(frozen=True)
class Change:
    student: str
    old_score: float | None
    new_score: float | None
    old_final: float | None
    new_final: float | None
    reason: str


def inputs_changed(old: Mapping, new: Mapping) -> str | None:
    """Which of the grade's inputs changed, if any."""
    if old.get("submission_hash") != new.get("submission_hash"):
        return "submission changed"
    if old.get("grader_code_hash") and new.get("grader_code_hash"):
        if old["grader_code_hash"] != new["grader_code_hash"]:
            return "grader changed"
        if old.get("settings_hash") != new.get("settings_hash") or old.get("hidden_seed") != new.get("hidden_seed"):
            return "settings changed"
    elif old.get("grader_hash") != new.get("grader_hash"):
        return "grader or settings changed"
    return None


def reason(old: Mapping | None, new: Mapping | None, forced: bool) -> str | None:
    if old is None:
        return "new"
    if new is None:
        return "removed"
    changed = inputs_changed(old, new)
    if changed:
        return changed
    same = old["score"] == new["score"] and old["final"] == new["final"]
    if forced:
        return "forced (unchanged)" if same else "forced"
    if old["final"] != new["final"]:
        return "late policy changed" if old.get("late_policy") != new.get("late_policy") else "submission time changed"
    return None if same else "score changed"  # same inputs, another score: the code graded is not deterministic


def diff(baseline: Mapping[str, Mapping], current: Mapping[str, Mapping], forced: Iterable[str] = ()) -> list[Change]:
    """baseline, current: student -> entry(); forced: the students regraded with --force."""
    forced = set(forced)
    out = []
    for student in sorted(set(baseline) | set(current)):
        old, new = baseline.get(student), current.get(student)
        why = reason(old, new, student in forced)
        if why is not None:
            out.append(Change(student, old and old["score"], new and new["score"], old and old["final"],
                              new and new["final"], why))
    return out


def number(x: float | None) -> str:
    return "" if x is None else f"{round(float(x), 2):g}"


def csv_bytes(changes: Iterable[Change]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for c in changes:
        writer.writerow([c.student, number(c.old_score), number(c.new_score), number(c.old_final), number(c.new_final),
                         c.reason])
    return buf.getvalue().encode("utf-8")


def write_changes(out: Path, results: Iterable[Mapping], forced: Iterable[str] = ()) -> list[Change]:
    """OUT/changes.csv against the last completed run; then this run becomes the baseline."""
    results = list(results)
    changes = diff(read_baseline(out), {r["student"]: entry(r) for r in results}, forced)
    atomic_write(Path(out) / CHANGES, csv_bytes(changes))
    write_baseline(out, results)
    return changes


def keep_history(folder: Path) -> Path | None:
    """Copy students/<id>/result.json to history/NNNN.json before it is replaced (journal.write_files
    removes it first). Idempotent: a killed run that kept this result already does not keep it twice."""
    try:
        data = (Path(folder) / RESULT).read_bytes()
    except OSError:
        return None
    history = Path(folder) / HISTORY
    kept = sorted(history.glob("[0-9][0-9][0-9][0-9].json")) if history.is_dir() else []
    if kept and kept[-1].read_bytes() == data:
        return kept[-1]
    path = history / f"{len(kept) + 1:04d}.json"
    atomic_write(path, data)
    return path


def select(students: Iterable[str], reusable: Mapping[str, bool], chosen: Iterable[str] | None,
           force: bool) -> tuple[set[str], set[str]]:
    """(to grade, to keep as recorded) for `dlkit grade [--students a,b] [--force]`.

    reusable: student -> whether the journal's result still matches (journal.reusable). With
    --students only they are graded; the others keep their recorded result even when it is out
    of date. --force grades the chosen students (everyone without --students) even when the
    journal matches."""
    students = set(students)
    picked = students if chosen is None else set(chosen)
    unknown = sorted(picked - students)
    if unknown:
        raise ValueError(f"--students: no submission for {', '.join(unknown)}")
    grade = {s for s in picked if force or not reusable.get(s, False)}
    if chosen is None:
        return grade, set()
    return grade, {s for s in students - picked if not reusable.get(s, False)}
