"""The reference side: what the solutions and each known mistake output.

Public cases are judged against answers frozen into grader/answers.npz (`dlkit freeze`),
so a student's copy grades without solutions/. Hidden cases are judged against answers
computed live from solutions/ and from its mutants, on the instructor's side. Only
trusted code runs here: solutions/ and copies of it with a mistake made.
"""

from __future__ import annotations

import atexit
import hashlib
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path

import numpy as np

from .kit import FROZEN, MUTANTS, SOLUTIONS
from .model import REFERENCE, Case, Outcome, Task
from .outcomes import load_outcomes, save_outcomes
from .run import Submission, run_task
from .tasks import TASKS


class StaleAnswers(RuntimeError):
    pass


def case_digest(case: Case) -> str:
    """A fingerprint of a case's inputs, so frozen answers are never used for other inputs."""
    h = hashlib.sha256(case.id.encode())
    for name in sorted(case.inputs):
        arr = np.ascontiguousarray(case.inputs[name])
        h.update(f"{name}:{arr.dtype.str}:{arr.shape}".encode())
        h.update(arr.tobytes())
    return h.hexdigest()[:16]


# ---------------------------------------------------------------- the mutants


@cache
def mutants() -> dict[str, list[tuple[str, str, str]]]:
    """Every known mistake's edits of solutions/, from the section modules of solutions/mutants/."""
    found: dict[str, list[tuple[str, str, str]]] = {}
    for path in sorted(MUTANTS.glob("*.py")):
        if path.name == "__init__.py":
            continue
        namespace: dict = {}
        exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
        twice = set(found) & set(namespace["MUTANTS"])
        if twice:
            raise ValueError(f"{path.name}: mutants defined twice: {sorted(twice)}")
        found.update(namespace["MUTANTS"])
    return found


def apply_edits(text: str, edits, what: str) -> str:
    """Each (old, new) edit made once; `old` must occur exactly once."""
    for old, new in edits:
        if text.count(old) != 1:
            raise ValueError(f"{what}: {old!r} occurs {text.count(old)} times")
        text = text.replace(old, new)
    return text


def make_mutant(mistake_id: str, out: Path) -> Path:
    """Write a copy of solutions/ with one mistake made; return its folder."""
    folder = out / mistake_id
    shutil.copytree(SOLUTIONS, folder, ignore=shutil.ignore_patterns("__pycache__", MUTANTS.name))
    by_file: dict[str, list[tuple[str, str]]] = {}
    for file, old, new in mutants()[mistake_id]:
        by_file.setdefault(file, []).append((old, new))
    for file, edits in by_file.items():
        path = folder / file
        path.write_text(apply_edits(path.read_text(encoding="utf-8"), edits, f"mutant {mistake_id}, {file}"),
                        encoding="utf-8")
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
    a rule of its own, `detect` or `error_type`, needs none)."""
    return [REFERENCE, *(m.id for m in task.mistakes if m.by_mutant)]


def source_submission(source: str) -> Submission:
    return solution_submission() if source == REFERENCE else mutant_submission(source)


def live_source(task: Task, source: str, cases: list[Case] | tuple[Case, ...]) -> dict[str, Outcome]:
    return run_task(task, cases, source_submission(source), timeout=0)


def live(task: Task, cases: list[Case] | tuple[Case, ...]) -> dict[str, dict[str, Outcome]]:
    """Outcomes of the reference and of every mutant on these cases: {source: {case: outcome}}."""
    return {source: live_source(task, source, cases) for source in sources(task)}


# ---------------------------------------------------------------- the frozen answers


def freeze(path: Path = FROZEN, tasks: tuple[Task, ...] = TASKS) -> Path:
    """Run the solutions and mutants on every public case and save what they output.

    Tasks whose outcome is judged by rules alone (training) need no answers."""
    frozen: dict[str, dict[str, Outcome]] = {}
    digests = {}
    for task in tasks:
        if task.training:
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


# ---------------------------------------------------------------- what the judge compares with


class Reference(Mapping):
    """{source: {case id: outcome}} for the reference and the mutants: frozen answers for the
    public cases, live ones for the hidden cases, merged. A source's live outcomes are
    computed when the judge first asks for them, and it asks for the mutants' only when a
    task fails: a correct task costs the reference's run alone."""

    def __init__(self, task: Task, cases: list[tuple[Case, bool]]) -> None:
        self.task = task
        training = task.training  # judged by rules: no reference outputs
        self.frozen = {} if training else frozen(task)
        self.hidden = [c for c, h in cases if h]
        self.live = sources(task) if self.hidden and not training else []
        self.names = list(dict.fromkeys([*self.frozen, *self.live]))
        self.computed: dict[str, dict[str, Outcome]] = {}

    def __getitem__(self, source: str) -> dict[str, Outcome]:
        if source not in self.computed:
            if source not in self.names:
                raise KeyError(source)
            merged = dict(self.frozen.get(source, {}))
            if source in self.live:
                merged.update(live_source(self.task, source, self.hidden))
            self.computed[source] = merged
        return self.computed[source]

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)
