"""Reference answers and hidden inputs: the frozen answers are the live solutions' and freeze
is deterministic; hidden inputs are one seed's, the same on every run and different per student."""

from __future__ import annotations

import numpy as np
import pytest

from grader.kit import FROZEN
from grader.model import REFERENCE, Outcome
from grader.outcomes import load_outcomes
from grader.reference import freeze, frozen, solution_submission
from grader.run import run_task
from grader.seeds import course_secret, student_seed
from grader.tasks import TASKS, hidden_cases

NON_TRAINING = [task for task in TASKS if not task.training]
WITH_HIDDEN = [task for task in TASKS if task.hidden is not None and not task.training]


@pytest.fixture(scope="module")
def fresh_freeze(tmp_path_factory):
    return freeze(tmp_path_factory.mktemp("freeze") / "answers.npz")


def assert_same_outcome(got: Outcome, want: Outcome, where: str) -> None:
    assert (got.error is None) == (want.error is None), where
    if want.error is not None:
        assert got.error.to_json() == want.error.to_json(), where
        return
    assert sorted(got.values) == sorted(want.values), where
    for name, value in want.values.items():
        assert got.values[name].dtype == value.dtype, (where, name)
        np.testing.assert_array_equal(got.values[name], value, err_msg=f"{where}/{name}")


def test_answers_npz_is_byte_identical_to_a_fresh_freeze(fresh_freeze) -> None:
    assert fresh_freeze.read_bytes() == FROZEN.read_bytes(), "grader/answers.npz is stale: run `dlkit freeze`"


def test_a_fresh_freeze_equals_the_shipped_answers_outcome_by_outcome(fresh_freeze) -> None:
    fresh, fresh_meta = load_outcomes(fresh_freeze)
    shipped, shipped_meta = load_outcomes(FROZEN)
    assert fresh.keys() == shipped.keys()
    assert fresh_meta == shipped_meta
    for group, cases in fresh.items():
        assert cases.keys() == shipped[group].keys(), group
        for case_id, outcome in cases.items():
            assert_same_outcome(outcome, shipped[group][case_id], f"{group}/{case_id}")


@pytest.mark.parametrize("task", NON_TRAINING, ids=[t.id for t in NON_TRAINING])
def test_frozen_public_answers_are_what_the_solutions_output_now(task) -> None:
    live = run_task(task, task.public, solution_submission(), timeout=0)
    answers = frozen(task)[REFERENCE]
    assert answers.keys() == live.keys() == {case.id for case in task.public}
    for case_id, outcome in live.items():
        assert_same_outcome(outcome, answers[case_id], f"{task.id}/{case_id}")


# ---------------------------------------------------------------- hidden inputs


def same_inputs(a, b) -> bool:
    return [c.id for c in a] == [c.id for c in b] and all(
        x.inputs.keys() == y.inputs.keys()
        and all(np.array_equal(x.inputs[k], y.inputs[k]) and x.inputs[k].dtype == y.inputs[k].dtype for k in x.inputs)
        for x, y in zip(a, b, strict=True))


@pytest.mark.parametrize("task", WITH_HIDDEN, ids=[t.id for t in WITH_HIDDEN])
def test_hidden_inputs_are_one_seeds(task) -> None:
    first, again = hidden_cases(task, 7), hidden_cases(task, 7)
    assert first and same_inputs(first, again)
    assert not same_inputs(first, hidden_cases(task, 8))
    public = {case.id for case in task.public}
    assert public.isdisjoint(case.id for case in first)


def test_student_seeds_come_from_the_secret() -> None:
    seed = student_seed("course-secret", "20231234")
    assert seed == student_seed("course-secret", "20231234")
    assert 0 <= seed < 2**32
    assert seed != student_seed("course-secret", "20231235")
    assert seed != student_seed("another-secret", "20231234")
    # two students of one course get different hidden inputs
    task = next(task for task in WITH_HIDDEN if task.id == "numerical_gradient")
    assert not same_inputs(hidden_cases(task, seed), hidden_cases(task, student_seed("course-secret", "20231235")))


def test_the_secret_comes_from_the_option_or_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("DLKIT_SECRET", "from-env")
    assert course_secret() == "from-env"
    assert course_secret("from-option") == "from-option"
    monkeypatch.delenv("DLKIT_SECRET")
    with pytest.raises(ValueError, match="secret"):
        course_secret()
