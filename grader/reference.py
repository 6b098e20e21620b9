"""The reference side: what the solutions and each known mistake output.

Public cases are judged against answers frozen into grader/answers.npz (`dlkit freeze`),
so a student's copy grades without solutions/. Hidden cases are judged against answers
computed live from solutions/ and from its mutants, on the instructor's side.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import shutil
import tempfile
from functools import cache
from pathlib import Path

import numpy as np

from .catalogue import TASKS, Task
from .model import Case
from .outcomes import load_outcomes, save_outcomes
from .run import Outcome, Submission, run_task

KIT = Path(__file__).resolve().parent.parent
SOLUTIONS = KIT / "solutions"
FROZEN = Path(__file__).resolve().parent / "answers.npz"
REFERENCE = "reference"


class StaleAnswers(RuntimeError):
    pass


def has_solutions() -> bool:
    return (SOLUTIONS / "mutants.py").is_file()


def case_digest(case: Case) -> str:
    """A fingerprint of a case's inputs, so frozen answers are never used for other inputs."""
    h = hashlib.sha256(case.id.encode())
    for name in sorted(case.inputs):
        arr = np.ascontiguousarray(case.inputs[name])
        h.update(f"{name}:{arr.dtype.str}:{arr.shape}".encode())
        h.update(arr.tobytes())
    return h.hexdigest()[:16]


@cache
def mutants() -> dict[str, list[tuple[str, str, str]]]:
    namespace: dict = {}
    exec((SOLUTIONS / "mutants.py").read_text(encoding="utf-8"), namespace)
    return namespace["MUTANTS"]


def make_mutant(mistake_id: str, out: Path) -> Path:
    """Write a copy of solutions/ with one mistake made; return its folder."""
    folder = out / mistake_id
    shutil.copytree(SOLUTIONS, folder, ignore=shutil.ignore_patterns("__pycache__", "mutants.py"))
    for file, old, new in mutants()[mistake_id]:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        if text.count(old) != 1:
            raise ValueError(f"mutant {mistake_id}: {old!r} occurs {text.count(old)} times in {file}")
        path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


@cache
def _mutant_root() -> Path:
    root = Path(tempfile.mkdtemp(prefix="dlkit-mutants-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)  # one per process, gone with it
    return root


@cache
def mutant_submission(mistake_id: str) -> Submission:
    return Submission(make_mutant(mistake_id, _mutant_root()))


@cache
def solution_submission() -> Submission:
    return Submission(SOLUTIONS)


def sources(task: Task) -> list[str]:
    """The reference and the mutants whose outcomes the judge compares with (a mistake with
    a rule of its own, `detect`, needs none)."""
    return [REFERENCE, *(m.id for m in task.mistakes if m.detect is None)]


def source_submission(source: str) -> Submission:
    return solution_submission() if source == REFERENCE else mutant_submission(source)


def live_source(task: Task, source: str, cases: list[Case] | tuple[Case, ...]) -> dict[str, Outcome]:
    return run_task(task, cases, source_submission(source), timeout=0)


def live(task: Task, cases: list[Case] | tuple[Case, ...]) -> dict[str, dict[str, Outcome]]:
    """Outcomes of the reference and of every mutant on these cases: {source: {case: outcome}}."""
    return {source: live_source(task, source, cases) for source in sources(task)}


def freeze(path: Path = FROZEN, tasks: tuple[Task, ...] = TASKS) -> Path:
    """Run the solutions and mutants on every public case and save what they output.

    Tasks whose outcome is judged by rules alone (training) need no answers."""
    frozen: dict[str, dict[str, Outcome]] = {}
    digests = {}
    for task in tasks:
        if task.marks:
            continue
        for source, outcomes in live(task, task.public).items():
            for outcome in outcomes.values():
                outcome.seconds = 0.0  # timings would make every freeze differ
            frozen[f"{task.id}|{source}"] = outcomes
        digests[task.id] = {case.id: case_digest(case) for case in task.public}
    save_outcomes(path, frozen, meta={"digests": digests})
    return path


@cache
def _frozen(path: Path = FROZEN) -> tuple[dict, dict]:
    if not path.is_file():
        raise StaleAnswers(f"{path} is missing: run `dlkit freeze` where solutions/ is present")
    outcomes, meta = load_outcomes(path)
    return outcomes, meta


def frozen(task: Task) -> dict[str, dict[str, Outcome]]:
    """The frozen outcomes for a task's public cases, refusing answers to other inputs."""
    outcomes, meta = _frozen()
    digests = meta["digests"].get(task.id, {})
    for case in task.public:
        if digests.get(case.id) != case_digest(case):
            raise StaleAnswers(f"frozen answers for {task.id}/{case.id} do not match its inputs: "
                               "run `dlkit freeze`")
    prefix = f"{task.id}|"
    return {key[len(prefix):]: value for key, value in outcomes.items() if key.startswith(prefix)}


def expected(task: Task, cases, hidden: bool) -> dict[str, dict[str, Outcome]]:
    if task.marks:
        return {}
    return live(task, cases) if hidden else frozen(task)


def describe(path: Path = FROZEN) -> str:
    _, meta = _frozen(path)
    return json.dumps(meta["digests"], indent=1)
