"""The self-check as a pytest plugin: `pytest grader` grades exercises/ against the catalogue.

Options (grader/options.py): --target (exercises, solutions or a folder), --lang ko|en,
hidden cases with --student/--secret or --hidden-seed, --case-timeout, --cascade and the
training settings. One test per task (test_tasks.py): a task that fails only because a task
it builds on fails is an expected failure (x), unless --cascade; the closing table comes
from pytest_terminal_summary.
"""

from __future__ import annotations

import pytest

from grader.options import SELF_CHECK, add_options, training_settings
from grader.report import summary_table
from grader.session import Session, SessionError, open_session


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser.getgroup("dlkit", "dlkit grader").addoption, SELF_CHECK)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "training: trains a network on MNIST (slow)")


def make_session(config: pytest.Config) -> Session:
    opt = config.getoption
    try:
        return open_session(target=opt("target"), training=training_settings(opt), hidden_seed=opt("hidden_seed"),
                            student=opt("student"), secret=opt("secret"), case_timeout=opt("case_timeout"),
                            lang=opt("lang"), cascade=opt("cascade"))
    except SessionError as exc:
        raise pytest.UsageError(str(exc)) from None


SESSION = pytest.StashKey[Session]()


@pytest.fixture(scope="session")
def grading(request: pytest.FixtureRequest) -> Session:
    return request.config.stash.setdefault(SESSION, make_session(request.config))


def pytest_report_header(config: pytest.Config) -> list[str]:
    seed = config.getoption("hidden_seed")
    return [f"dlkit: target={config.getoption('target')}, "
            f"hidden seed={seed if seed is not None else ('per --student' if config.getoption('student') else '-')}"
            + (", cascade" if config.getoption("cascade") else "")]


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    session = config.stash.get(SESSION, None)
    if session is None or not session.results:
        return
    tr = terminalreporter
    tr.section(f"dlkit — {session.target.name}")
    for text, status in summary_table(list(session.results.values()), session.lang, session.hidden_seed):
        colour = {"passed": "green", "partial": "yellow", "upstream": "yellow", "total": "bold"}.get(status, "red")
        tr.write_line(text, **{colour: True} if status else {})
