"""The reference side: what the solutions and the known mistakes output.

Public cases are judged against answers frozen into grader/answers.npz (`dlkit freeze`),
so a student's copy grades without solutions/. Hidden cases, and mistakes made together
beyond what is frozen, are judged against answers computed live from solutions/ and its
mutants (grader/mutation.py), on the instructor's side. Only trusted code runs here:
solutions/ and copies of it with mistakes made.
"""

from __future__ import annotations

import atexit
import hashlib
import itertools
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path

import numpy as np

from .kit import FROZEN, SOLUTIONS, has_solutions
from .model import REFERENCE, Case, Outcome, Task
from .mutation import apply_edits, edit_files, make_mutant, mutants, solution_texts, source_ids, source_key
from .outcomes import load_outcomes, save_outcomes
from .run import Submission, run_task
from .tasks import BY_ID, TASKS, upstream_ids

__all__ = ["Reference", "apply_edits", "freeze", "frozen", "live", "make_mutant", "mutant_submission", "mutants",
           "solution_submission", "source_key", "sources"]


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


# ---------------------------------------------------------------- the sources


def own_mistakes(task: Task) -> list[str]:
    """The task's known mistakes that a mutant shows (a mistake with a rule of its own,
    `detect`, needs none)."""
    return [m.id for m in task.mistakes if m.detect is None]


def upstream_tasks(task: Task) -> list[Task]:
    """The tasks whose functions this task's probe reaches, directly or through others."""
    return [BY_ID[tid] for tid in upstream_ids(task)]


def sources(task: Task) -> list[str]:
    """The reference and the task's own mistakes: what the judge compares a failing task with first."""
    return [REFERENCE, *own_mistakes(task)]


def frozen_sources(task: Task) -> list[str]:
    """What answers.npz holds for a task's public cases: the reference, each of its mistakes,
    each pair of them that combines, and each mistake of the tasks upstream of it (what
    correct code of this task gives on top of one recognised upstream mistake)."""
    own = own_mistakes(task)
    pairs = [key for key in (source_key(p) for p in itertools.combinations(own, 2)) if combines(key)]
    upstream = [m for t in upstream_tasks(task) for m in own_mistakes(t)]
    return list(dict.fromkeys([REFERENCE, *own, *pairs, *upstream]))


@cache
def combines(source: str) -> bool:
    return edit_files(source_ids(source), solution_texts()) is not None


@cache
def _mutant_root() -> Path:
    root = Path(tempfile.mkdtemp(prefix="dlkit-mutants-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)  # one per process, gone with it
    return root


@cache
def mutant_submission(source: str) -> Submission | None:
    """solutions/ with the mistakes of `source` made (None: they do not combine)."""
    folder = make_mutant(source, _mutant_root())
    return Submission(folder) if folder is not None else None


@cache
def solution_submission() -> Submission:
    return Submission(SOLUTIONS)


def source_submission(source: str) -> Submission | None:
    return solution_submission() if source == REFERENCE else mutant_submission(source)


def live_source(task: Task, source: str, cases: list[Case] | tuple[Case, ...]) -> dict[str, Outcome] | None:
    """A source's outcomes on these cases, run now (None: its mistakes do not combine). The
    reference runs without a time limit; a mutant, made of trusted edits, within the task's."""
    sub = source_submission(source)
    if sub is None:
        return None
    return run_task(task, cases, sub, timeout=0 if source == REFERENCE else None)


def live(task: Task, cases: list[Case] | tuple[Case, ...],
         names: list[str] | None = None) -> dict[str, dict[str, Outcome]]:
    """Outcomes of the reference and of mutants on these cases: {source: {case: outcome}}."""
    found = {source: live_source(task, source, cases) for source in (names or sources(task))}
    return {source: outcomes for source, outcomes in found.items() if outcomes is not None}


# ---------------------------------------------------------------- the frozen answers


def freeze(path: Path = FROZEN, tasks: tuple[Task, ...] = TASKS) -> Path:
    """Run the solutions and mutants on every public case and save what they output.

    Tasks whose outcome is judged by rules alone (training) need no answers."""
    frozen: dict[str, dict[str, Outcome]] = {}
    digests = {}
    for task in tasks:
        if task.training:
            continue
        for source, outcomes in live(task, task.public, frozen_sources(task)).items():
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
    """{source: {case id: outcome}} for any source the judge asks for (the reference, a
    mistake, mistakes made together: grader/mutation.py): frozen answers for the public cases
    where answers.npz has them, the rest computed when first asked for, from solutions/ (the
    instructor's copy; a student's copy has only the frozen ones, and a source it lacks is
    not there: KeyError). The judge asks for mutants only where a task fails, so a correct
    task costs the reference's run alone."""

    def __init__(self, task: Task, cases: list[tuple[Case, bool]]) -> None:
        self.task = task
        training = task.training  # judged by rules: no reference outputs
        self.frozen = {} if training else frozen(task)
        self.cases = [c for c, _ in cases]
        self.runs = not training and has_solutions()
        self.computed: dict[str, dict[str, Outcome]] = {}
        self.absent: set[str] = set()

    def __getitem__(self, source: str) -> dict[str, Outcome]:
        if source in self.absent:
            raise KeyError(source)
        if source not in self.computed:
            merged = dict(self.frozen.get(source, {}))
            todo = [c for c in self.cases if c.id not in merged]
            ran = live_source(self.task, source, todo) if todo and self.runs else {} if not todo else None
            if ran is None:
                self.absent.add(source)
                raise KeyError(source)
            merged.update(ran)
            self.computed[source] = merged
        return self.computed[source]

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*self.frozen, *self.computed]))

    def __len__(self) -> int:
        return len(dict.fromkeys([*self.frozen, *self.computed]))
