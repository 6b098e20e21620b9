"""The grader on known mistakes, on correct code written differently, and on rigged answers.

Every catalogued mutant must lose points on its task with its own hint and no other hint
anywhere; every correct variant (tests/variants) must pass with no hint, on the public
cases and on a hidden seed; rigged answers must fail with a message that says why.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pytest
from variants import BROKEN, CORRECT, FLOAT32, make_variant

from grader.attribution import upstream_of
from grader.judge import TaskResult, judge_task
from grader.model import REFERENCE
from grader.numerics import EPS, H
from grader.reference import Reference, live, mutant_submission, solution_submission, sources
from grader.report import describe_task
from grader.run import Submission, run_task
from grader.tasks import BY_ID, TASKS, task_cases

NON_TRAINING = [task for task in TASKS if not task.training]
MUTANTS = [(task.id, m.id) for task in NON_TRAINING for m in task.mistakes]
HIDDEN_SEEDS = (101, 202)


@cache
def cases_and_reference(task_id: str, seed: int | None):
    """A task's cases and reference outcomes for a seed, computed once for all submissions."""
    task = BY_ID[task_id]
    cases = task_cases(task, seed)
    return cases, Reference(task, cases)


def grade(task_id: str, sub: Submission, seed: int | None = None, upstream=None, cascade: bool = False) -> TaskResult:
    task = BY_ID[task_id]
    cases, reference = cases_and_reference(task_id, seed)
    outcomes = run_task(task, [case for case, _ in cases], sub)
    return judge_task(task, cases, outcomes, reference, seed, upstream, cascade)


def grade_all(sub: Submission, seed: int | None = None, cascade: bool = False) -> dict[str, TaskResult]:
    """Every task, each judged after those it builds on (as session.grade_tasks does)."""
    results: dict[str, TaskResult] = {}
    for task in NON_TRAINING:
        results[task.id] = grade(task.id, sub, seed, upstream_of(task, results), cascade)
    return results


@pytest.fixture(scope="module")
def variant(tmp_path_factory):
    root = tmp_path_factory.mktemp("variants")

    @cache
    def make(name: str) -> Submission:
        patches = {**CORRECT, **FLOAT32, **BROKEN}[name]
        return Submission(make_variant(patches, root / name))

    return make


def failures(results: dict[str, TaskResult]) -> dict[str, str]:
    return {tid: describe_task(r, "en") for tid, r in results.items() if not r.passed or r.mistakes}


# ---------------------------------------------------------------- the reference and the mutants


def test_the_solutions_score_full_marks_with_no_hint() -> None:
    for seed in (None, *HIDDEN_SEEDS):
        results = grade_all(solution_submission(), seed)
        assert failures(results) == {}, seed
        assert sum(r.score for r in results.values()) == sum(t.points for t in NON_TRAINING)


# the book's scripts pasted as they are draw the book's own example, which is the public case
HIDDEN_ONLY = {"plot_tangent_hardcoded", "plot_path_recomputed"}


@pytest.mark.parametrize(("task_id", "mistake_id"), MUTANTS, ids=[m for _, m in MUTANTS])
def test_a_mutant_loses_points_on_its_task_with_its_own_hint_only(task_id: str, mistake_id: str) -> None:
    sub = mutant_submission(mistake_id)
    for seed in (None, HIDDEN_SEEDS[0]):
        results = grade_all(sub, seed)
        own = results.pop(task_id)
        if seed is None and mistake_id in HIDDEN_ONLY:
            assert own.passed
            continue
        assert not own.passed and own.score < own.task.points, (seed, describe_task(own, "en"))
        assert own.mistakes == [mistake_id], (seed, describe_task(own, "en"))
        hint = BY_ID[task_id].mistakes[[m.id for m in BY_ID[task_id].mistakes].index(mistake_id)].hint
        assert hint.en in describe_task(own, "en") and hint.ko in describe_task(own, "ko")
        # the tasks that build on the broken one fail only because of it: no hint of their own, a
        # pointer to it, and their points kept (correct code on top of the mistake is what they are)
        for r in results.values():
            if not r.passed:
                assert r.mistakes == [] and r.upstream == (task_id,), (seed, describe_task(r, "en"))
                assert r.score == r.task.points and r.status == "upstream", (seed, describe_task(r, "en"))


# ---------------------------------------------------------------- correct code, written differently


@pytest.mark.parametrize("name", sorted(CORRECT))
def test_a_correct_variant_passes_with_no_hint(name: str, variant) -> None:
    for seed in (None, HIDDEN_SEEDS[1]):
        assert failures(grade_all(variant(name), seed)) == {}, (name, seed)


def test_an_answer_s_dtype_never_loosens_its_tolerance(variant) -> None:
    """A forward pass computed in float32 is judged at each case's precision, not at its own:
    the float32 cases (float32 inputs) pass at float32's, the float64 cases of a tight task
    fail at float64's, each failure saying that the answer is narrower than the case, with no
    mistake's hint. Where a task's own tolerance is wider than float32's rounding (the
    cross-entropy's, from δ; an accuracy, a count), float32 passes as any answer that close would."""
    results = grade_all(variant("float32_forward"))
    assert results["two_layer_net_predict"].cases[0].outcome.values["y"].dtype == np.float32
    for task_id in ("sum_squares_error", "two_layer_net_predict"):
        result = results[task_id]
        assert not result.passed and result.mistakes == [], task_id
        for case in result.cases:
            float32_case = any(a.dtype == np.float32 for a in case.case.inputs.values())
            assert case.passed == float32_case, (task_id, case.case.id)
            assert all("float32 is narrower than this case's precision (float64)" in m.note.en
                       for m in case.mismatches), (task_id, case.case.id)
    assert "judged at float64's precision" in describe_task(results["sum_squares_error"], "en")
    for task_id in ("cross_entropy_error", "two_layer_net_loss", "simple_net_loss", "two_layer_net_accuracy",
                    "two_layer_net_gradient"):
        assert results[task_id].passed, describe_task(results[task_id], "en")
    # a central difference of a float32 loss is off by about EPS32 |L| / h of the gradient's
    # scale: as far off as the mistakes a gradient check exists to catch, so it fails, hintless
    eps32 = float(np.finfo(np.float32).eps)
    for task_id in ("simple_net_gradient", "two_layer_net_numerical_gradient"):
        result = results[task_id]
        assert not result.passed and result.mistakes == []
        errors = [err for case in result.cases for mm in case.mismatches for _, err, _, _ in mm.table]
        assert max(errors) > eps32 / H / 10 > 1e3 * EPS / H


# ---------------------------------------------------------------- what a failure report says


def test_a_wrong_scalar_shows_input_expected_got_and_errors() -> None:
    text = describe_task(grade("sum_squares_error", mutant_submission("sse_no_batch_mean")), "en")
    assert "case 'batch_one_hot' [batch, one-hot t] — input: y: float64 (3, 10), t: float64 (3, 10)" in text
    assert re.search(r"loss: expected 0\.32990803\d*\n\s+got 0\.98972411", text), text
    assert re.search(r"shape \(\), dtype float64; max abs error 0\.66, max rel error 2 \(tolerance rtol=", text), text


def test_a_wrong_array_shows_the_first_differing_entries() -> None:
    result = grade("two_layer_net_predict", mutant_submission("predict_no_softmax"))
    text = describe_task(result, "en")
    assert "hint: No softmax on the output layer" in text
    assert "shape (3, 3), dtype float64; max abs error" in text
    entries = re.findall(r"first differing entries: \[0,0\] (\S+) vs (\S+); \[0,1\]", text)
    assert entries, text
    reference = result.cases[0].expected.values["y"]
    assert float(entries[0][0].rstrip(";")) == reference[0, 0]


def test_a_gradient_check_reports_the_relative_error_per_parameter() -> None:
    text = describe_task(grade("two_layer_net_gradient", mutant_submission("bp_sigmoid_grad_of_z1")), "en")
    table = re.findall(r"^    (W1|b1|W2|b2) +(\S+) +(<=|> ) (\S+) +(ok|X)$", text, flags=re.M)
    assert [row[0] for row in table[:4]] == ["W1", "b1", "W2", "b2"], text
    status = {name: ok for name, _, _, _, ok in table[:4]}
    # the mistake is in the hidden layer's backward pass: the output layer's gradients are right
    assert status == {"W1": "X", "b1": "X", "W2": "ok", "b2": "ok"}
    assert "gradient check (relative error per parameter)" in text
    assert "W1 first differing entries (expected vs got)" in text


def test_an_exception_shows_the_students_line(variant) -> None:
    sub = variant("sse_raises")
    result = grade("sum_squares_error", sub)
    lines = (sub.folder / "functions.py").read_text().splitlines()
    lineno = next(i for i, line in enumerate(lines, 1) if "batches are not supported" in line)
    text = describe_task(result, "en")
    assert result.score == 2 and result.mistakes == []
    assert "ValueError: batches are not supported yet" in text
    assert f"in your code: functions.py:{lineno}: raise ValueError('batches are not supported yet')" in text
    assert "학생 코드 위치: functions.py:" in describe_task(result, "ko")


# ---------------------------------------------------------------- strict types


RIGGED = [
    ("sse_matrix", "sum_squares_error", "loss: returned numpy.matrix, a subclass of numpy.ndarray"),
    ("predict_subclass", "two_layer_net_predict", "y: returned two_layer_net.Answer, a subclass of numpy.ndarray"),
    ("diff_rigged_eq", "numerical_diff", "d: returned gradient.Anything, expected a number or a numpy.ndarray"),
    ("accuracy_rigged_eq", "two_layer_net_accuracy", "accuracy: returned two_layer_net.Always, expected a number"),
]


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")  # np.matrix's own
@pytest.mark.parametrize(("name", "task_id", "says"), RIGGED, ids=[r[0] for r in RIGGED])
def test_rigged_answers_fail_with_a_clear_message(name: str, task_id: str, says: str, variant) -> None:
    result = grade(task_id, variant(name))
    assert not result.passed and result.mistakes == []
    text = describe_task(result, "en")
    assert f"TypeError: {says}" in text, text
    assert "_dlkit_submission_" not in text


def test_the_judge_runs_the_mutants_only_where_a_task_fails() -> None:
    """Hidden cases need the mutants' outcomes computed live; a correct task must not pay for
    them, and a failing one must still get its hint."""
    task = BY_ID["cross_entropy_error"]
    cases = task_cases(task, HIDDEN_SEEDS[0])
    inputs = [case for case, _ in cases]
    correct = Reference(task, cases)
    assert judge_task(task, cases, run_task(task, inputs, solution_submission()), correct).passed
    assert list(correct.computed) == [REFERENCE]
    mistaken = Reference(task, cases)
    result = judge_task(task, cases, run_task(task, inputs, mutant_submission("ce_one_hot_only")), mistaken)
    assert result.mistakes == ["ce_one_hot_only"]
    assert set(mistaken.computed) == set(sources(task)) and len(sources(task)) > 2
    for case, hidden in cases:  # lazily or not, the same numbers as running every source at once
        if hidden:
            for source, outcomes in live(task, [case]).items():
                got, want = mistaken[source][case.id], outcomes[case.id]
                assert (got.error is None) == (want.error is None), source
                for name, value in (want.values or {}).items():
                    np.testing.assert_array_equal(got.values[name], value, err_msg=f"{source} {name}")
