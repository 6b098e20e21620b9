"""The self-check as a pytest plugin: `pytest grader` grades exercises/ against the catalogue.

Options: --target (exercises, solutions or a folder), --lang ko|en, hidden cases with
--student/--secret or --hidden-seed, and the training settings. The closing table comes
from pytest_terminal_summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from grader.catalogue import configured_tasks
from grader.judge import TaskResult, grade_task
from grader.messages import choose_lang
from grader.reference import KIT, has_solutions
from grader.report import summary_table
from grader.run import Submission
from grader.seeds import course_secret, student_seed


def pytest_addoption(parser: pytest.Parser) -> None:
    g = parser.getgroup("dlkit", "dlkit grader")
    g.addoption("--target", default="exercises", help="folder to grade: exercises (default), solutions or a path")
    g.addoption("--lang", default=None, help="ko or en (default: $DLKIT_LANG, then the locale)")
    g.addoption("--student", default=None, help="run hidden cases with this student's seed (needs the secret)")
    g.addoption("--secret", default=None, help="course secret for --student (default: $DLKIT_SECRET)")
    g.addoption("--hidden-seed", type=int, default=None, help="run hidden cases with this seed")
    g.addoption("--case-timeout", type=float, default=None, help="seconds per case (default: the catalogue's)")
    g.addoption("--train-iters", type=int, default=None, help="training iterations (default 10000)")
    g.addoption("--train-size", type=int, default=None, help="train on the first N images (default: all)")
    g.addoption("--min-accuracy", type=float, default=None, help="test accuracy needed (default 0.93)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "training: trains a network on MNIST (slow)")


def resolve_target(value: str) -> Path:
    path = Path(value)
    if not path.is_dir() and (KIT / value).is_dir():
        path = KIT / value
    if not path.is_dir():
        raise pytest.UsageError(f"--target {value}: no such folder")
    return path.resolve()


@dataclass
class Grading:
    target: Path
    lang: str
    hidden_seed: int | None
    tasks: dict
    timeout: float | None
    results: dict[str, TaskResult] = field(default_factory=dict)

    def grade(self, task_id: str) -> TaskResult:
        task = self.tasks[task_id]
        timeout = None if task.marks else self.timeout
        result = grade_task(task, Submission(self.target), self.hidden_seed, timeout=timeout)
        self.results[task_id] = result
        return result


def make_grading(config: pytest.Config) -> Grading:
    opt = config.getoption
    seed = opt("hidden_seed")
    if opt("student"):
        try:
            seed = student_seed(course_secret(opt("secret")), opt("student"))
        except ValueError as exc:
            raise pytest.UsageError(str(exc)) from None
    if seed is not None and not has_solutions():
        raise pytest.UsageError("hidden cases are computed from solutions/, which this copy does not have")
    training = {k: v for k, v in (("iters_num", opt("train_iters")), ("train_size", opt("train_size")),
                                  ("min_accuracy", opt("min_accuracy"))) if v is not None}
    return Grading(resolve_target(opt("target")), choose_lang(opt("lang")), seed,
                   {task.id: task for task in configured_tasks(**training)}, opt("case_timeout"))


@pytest.fixture(scope="session")
def grading(request: pytest.FixtureRequest) -> Grading:
    return request.config.stash.setdefault(GRADING, make_grading(request.config))


GRADING = pytest.StashKey[Grading]()


def pytest_report_header(config: pytest.Config) -> list[str]:
    seed = config.getoption("hidden_seed")
    return [f"dlkit: target={config.getoption('target')}, "
            f"hidden seed={seed if seed is not None else ('per --student' if config.getoption('student') else '-')}"]


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    grading = config.stash.get(GRADING, None)
    if grading is None or not grading.results:
        return
    tr = terminalreporter
    tr.section(f"dlkit — {grading.target.name}")
    for text, status in summary_table(list(grading.results.values()), grading.lang, grading.hidden_seed):
        colour = {"passed": "green", "partial": "yellow", "total": "bold"}.get(status, "red")
        tr.write_line(text, **{colour: True} if status else {})
