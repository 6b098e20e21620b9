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
import json
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path

import numpy as np

from .kit import FROZEN, SOLUTIONS, has_solutions
from .model import REFERENCE, Case, Outcome, Task
from .mutation import apply_edits, edit_files, make_mutant, mutants, solution_texts, source_ids, source_key
from .outcomes import META, read_group, save_outcomes
from .run import Submission, run_task
from .tasks import BY_ID, TASKS, upstream_ids

__all__ = ["Reference", "apply_edits", "freeze", "frozen", "live", "make_mutant", "mutant_submission", "mutants",
           "solution_submission", "source_key", "sources"]  # what the kit's tests and tools use from here


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
    `detect` or `error_type`, needs none)."""
    return [m.id for m in task.mistakes if m.by_mutant]


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

    An outcome that another source of the same task already gave on that case is stored once
    ("same": group -> {case: the group holding it}): mistakes made together often give, on
    most cases, what one of them gives alone. Tasks whose outcome is judged by rules alone
    (training) need no answers."""
    frozen: dict[str, dict[str, Outcome]] = {}
    same: dict[str, dict[str, str]] = {}
    digests = {}
    for task in tasks:
        if task.training:
            continue
        seen: dict[tuple[str, str], str] = {}
        for source, outcomes in live(task, task.public, frozen_sources(task)).items():
            group = f"{task.id}|{source}"
            for case_id, outcome in outcomes.items():
                outcome.seconds = 0.0  # timings would make every freeze differ
                holder = seen.setdefault((case_id, fingerprint(outcome)), group)
                if holder != group:
                    same.setdefault(group, {})[case_id] = holder
            frozen[group] = {c: o for c, o in outcomes.items() if c not in same.get(group, {})}
        digests[task.id] = {case.id: case_digest(case) for case in task.public}
    save_outcomes(path, frozen, meta={"digests": digests, "same": same})
    return path


def changed_answers(path: Path, data: bytes) -> list[str]:
    """The task|source|case entries (or "meta") where the answers in `data` differ from the
    file at `path`: what `dlkit freeze --check` names when answers.npz is out of date."""
    def entries(opened: FrozenAnswers) -> dict[str, str]:
        return {f"{group}|{case}": fingerprint(outcome) for group in sorted(opened.groups)
                for case, outcome in opened.group(group).items()}

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "new.npz").write_bytes(data)
        new = FrozenAnswers(Path(tmp) / "new.npz")
        old = FrozenAnswers(path) if path.is_file() else None
        before, after = entries(old) if old else {}, entries(new)
        changed = [key for key in sorted(before.keys() | after.keys()) if before.get(key) != after.get(key)]
        if not old or old.digests != new.digests:
            changed.append("meta")
        for opened in filter(None, (old, new)):
            opened.data.close()
    return changed


def fingerprint(outcome: Outcome) -> str:
    h = hashlib.sha256(json.dumps(outcome.error.to_json() if outcome.error else None, sort_keys=True).encode())
    for name in sorted(outcome.values or {}):
        arr = np.ascontiguousarray(outcome.values[name])
        h.update(f"{name}:{arr.dtype.str}:{arr.shape}".encode())
        h.update(arr.tobytes())
    return h.hexdigest()


class FrozenAnswers:
    """answers.npz, opened once: a group's outcomes are read when first asked for, so a task
    that passes reads the reference's alone."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise StaleAnswers(f"{path} is missing: run `dlkit freeze` where solutions/ is present")
        self.data = np.load(path, allow_pickle=False)
        meta = json.loads(str(self.data[META]))
        self.index: dict[str, dict] = meta.pop("index")
        self.same: dict[str, dict[str, str]] = meta.get("same", {})
        self.digests: dict[str, dict[str, str]] = meta["digests"]
        self.groups = set(self.index) | set(self.same)
        self.read: dict[str, dict[str, Outcome]] = {}

    def group(self, key: str) -> dict[str, Outcome]:
        if key not in self.read:
            found = read_group(self.data, key, self.index.get(key, {}))
            for case_id, holder in self.same.get(key, {}).items():
                found[case_id] = self.group(holder)[case_id]
            self.read[key] = found
        return self.read[key]


@cache
def answers(path: Path = FROZEN) -> FrozenAnswers:
    return FrozenAnswers(path)


class FrozenTask(Mapping):
    """{source: {case id: outcome}} of one task's public cases, each source read when asked for."""

    def __init__(self, task_id: str, store: FrozenAnswers) -> None:
        self.prefix, self.store = f"{task_id}|", store
        self.names = sorted(key[len(self.prefix):] for key in store.groups if key.startswith(self.prefix))

    def __getitem__(self, source: str) -> dict[str, Outcome]:
        if self.prefix + source not in self.store.groups:
            raise KeyError(source)
        return self.store.group(self.prefix + source)

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)


def frozen(task: Task) -> Mapping[str, dict[str, Outcome]]:
    """The frozen outcomes for a task's public cases, refusing answers to other inputs."""
    store = answers()
    digests = store.digests.get(task.id, {})
    for case in task.public:
        if digests.get(case.id) != case_digest(case):
            raise StaleAnswers(f"frozen answers for {task.id}/{case.id} do not match its inputs: "
                               "run `dlkit freeze`")
    return FrozenTask(task.id, store)


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
