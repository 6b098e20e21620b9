"""The training task on small settings: the solution passes, each training mistake gets its hint.

600 iterations on 3000 images (30 per epoch) is the worst alignment there is: the last
accuracy record is at i = 570, 29 iterations before the end, while the accuracy still
climbs a few percent per epoch. The solution reaches 0.79 test accuracy there (seeds 1-3),
so 0.7 is the bar.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import replace
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from variants import TRAINING, make_variant

from grader.judge import TaskResult, judge_task
from grader.kit import KIT
from grader.mnist import (
    HELD_OUT,
    VALIDATION,
    Transform,
    child_case,
    for_submission,
    judge_arrays,
    judge_slices,
    normalised,
    raw_arrays,
    transform_seed,
)
from grader.model import ErrorInfo, Outcome
from grader.pace import FLOOR, measure, time_limit, with_time_limit
from grader.reference import Reference, mutant_submission, solution_submission
from grader.report import describe_task
from grader.run import Submission, run_task
from grader.session import grade_task
from grader.tasks import BY_ID, task_cases, with_training
from grader.training_rules import (
    ACCURACY_GAP,
    SAME_NETWORK,
    accuracy_gap,
    flag_same_network,
    measured_accuracy,
)

TRAIN = BY_ID["train"]

SMALL = {"iters_num": 600, "train_size": 3000, "min_accuracy": 0.7}
# every training mistake but the one that needs two trainings on different data (batch grading:
# tests/test_batch_training_integrity.py)
TRAINING_MISTAKES = [m.id for m in TRAIN.mistakes if m.id != "train_not_trained_here"]
# settings of their own where SMALL would take long: accuracy over every image, every iteration
MISTAKE_SETTINGS = {"train_acc_every_iter": {"iters_num": 60, "train_size": 1000, "learning_rate": 1.0}}


def small_train_task(**settings):
    tasks = with_training({**SMALL, **settings})
    return next(task for task in tasks if task.id == TRAIN.id)


@cache
def graded(source: str, **settings) -> TaskResult:
    """Grade the training task of the solution, a mutant or a variant (once per session)."""
    if source == "solution":
        sub = solution_submission()
    elif source in TRAINING:
        sub = Submission(make_variant(TRAINING[source], Path(tempfile.mkdtemp(prefix="dlkit-variant-")) / source))
    else:
        sub = mutant_submission(source)
    return grade_task(small_train_task(**settings), sub)


def test_training_settings_reach_the_task() -> None:
    case = small_train_task().public[0]
    assert {k: case.inputs[k].item() for k in SMALL} == SMALL
    assert case.id != "book_settings"


def test_the_solution_trains_past_the_bar_with_no_hint() -> None:
    result = graded("solution")
    assert result.passed and result.mistakes == [], describe_task(result, "en")
    test = measured_accuracy(result.cases[0].outcome.values, result.cases[0].case).held_out
    assert test >= SMALL["min_accuracy"] + 0.05  # a margin, not a coin toss


@pytest.mark.parametrize("mistake_id", TRAINING_MISTAKES)
def test_a_training_mistake_gets_exactly_its_hint(mistake_id: str) -> None:
    result = graded(mistake_id, **MISTAKE_SETTINGS.get(mistake_id, {}))
    assert not result.passed and result.score == 0
    assert result.mistakes == [mistake_id], describe_task(result, "en")
    hint = next(m.hint for m in TRAIN.mistakes if m.id == mistake_id)
    assert hint.en in describe_task(result, "en")


def test_sampling_without_replacement_passes_with_no_hint() -> None:
    result = graded("train_permutation")
    assert result.passed and result.mistakes == [], describe_task(result, "en")


@pytest.mark.parametrize("seed", [1, 3])
def test_an_honest_run_still_climbing_is_not_called_faked(seed: int) -> None:
    # 300 iterations on 3000 images: the accuracy still rises ~5% per epoch, and the final
    # parameters are 29 iterations past the last record (the old fixed gap flagged both seeds)
    result = graded("solution", iters_num=300, min_accuracy=0.4, seed=seed)
    values, case = result.cases[0].outcome.values, result.cases[0].case
    network = measured_accuracy(values, case)
    assert (abs(values["test_acc"][-1] - network.test) > ACCURACY_GAP
            or abs(values["train_acc"][-1] - network.train) > ACCURACY_GAP)
    assert result.passed and result.mistakes == [], describe_task(result, "en")


# ---------------------------------------------------------------- the consistency allowance


def test_faked_constant_records_get_no_allowance() -> None:
    inputs = small_train_task().public[0].inputs
    assert accuracy_gap(np.ones(20), inputs) == ACCURACY_GAP


def test_a_record_at_the_last_iteration_gets_no_allowance() -> None:
    inputs = small_train_task(iters_num=601).public[0].inputs  # 600 = 20 epochs of 30
    assert accuracy_gap(np.linspace(0.1, 0.8, 21), inputs) == ACCURACY_GAP


def test_the_allowance_grows_with_the_recent_climb_and_the_iterations_left() -> None:
    inputs = small_train_task().public[0].inputs  # 29 of 30 iterations after the last record
    climbing = np.array([0.5, 0.52, 0.55, 0.6, 0.62, 0.66, 0.7])
    assert accuracy_gap(climbing, inputs) == pytest.approx(ACCURACY_GAP + 3 * 0.05 * 29 / 30)
    assert accuracy_gap(climbing[:1], inputs) > 1  # one record: nothing to judge by


def test_the_submission_gets_float64_copies_of_the_judge_s_images() -> None:
    inp = small_train_task().public[0].inputs
    judge, student = judge_slices(inp), for_submission(inp)
    assert len(student[0]) == len(student[1]) == SMALL["train_size"]
    for mine, theirs in zip(student, judge, strict=True):
        assert mine.dtype == np.float64 and mine.flags.writeable and not np.shares_memory(mine, theirs)
        np.testing.assert_array_equal(mine, theirs)  # widening float32 is exact
    student[0][:] = 0
    assert judge_slices(inp)[0].any() and for_submission(inp)[0].any()  # nothing shared between cases


def test_widening_the_images_changes_no_number_the_book_s_training_computes() -> None:
    """numpy widens float32 images against float64 weights in every product; doing it once,
    before train(), must give the very same network, loss and accuracies, bit for bit."""
    from solutions.train import train

    inp = small_train_task(iters_num=130, train_size=1000).public[0].inputs
    runs = [train(*data, iters_num=130, seed=5) for data in (judge_slices(inp), for_submission(inp))]
    assert judge_slices(inp)[0].dtype == np.float32
    for key in ("W1", "b1", "W2", "b2"):
        np.testing.assert_array_equal(runs[0].network.params[key], runs[1].network.params[key])
    for name in ("train_loss_list", "train_acc_list", "test_acc_list"):
        assert getattr(runs[0], name) == getattr(runs[1], name)


# ---------------------------------------------------------------- a training that cannot finish is told why, early


def book_task():
    return with_time_limit(TRAIN)  # the book's settings, with this machine's limit


@pytest.mark.parametrize(("mistake_id", "error"), [("train_numerical_gradient", "NumericalGradientTooSlow"),
                                                   ("train_acc_every_iter", "AccuracyTooOften")])
def test_on_the_book_s_settings_a_training_that_cannot_finish_is_stopped_with_its_hint(mistake_id, error) -> None:
    """The book's 10 000 iterations on all of MNIST: numerical_gradient would take hours, the
    accuracy over 70 000 images every iteration most of an hour. Neither waits out its limit."""
    task = book_task()
    result = grade_task(task, mutant_submission(mistake_id))
    (case,) = result.cases
    assert case.outcome.error.type == error and result.mistakes == [mistake_id], describe_task(result, "en")
    assert case.outcome.seconds < task.timeout / 3  # stopped, not timed out
    report = describe_task(result, "en")
    assert "training stopped" in report and "in your code: train.py:" in report
    assert next(m.hint.en for m in TRAIN.mistakes if m.id == mistake_id) in report


def test_the_training_runs_with_the_limit_from_this_machine_s_pace() -> None:
    result = graded("solution")
    assert result.task.timeout == time_limit(result.cases[0].case.inputs, measure(100, 50)) >= FLOOR
    assert TRAIN.timeout == 900  # the catalogue's, until the pace is known


# ---------------------------------------------------------------- the batch grader's transformed data


def transformed(case, key: str = "test-key", student: str = "s1"):
    return replace(case, data_seed=transform_seed(key, student, case.id))


def grade_transformed(task, sub, key: str = "test-key", student: str = "s1", hidden_seed=None) -> TaskResult:
    """What the batch grader does, in this process: each training case with data of its own."""
    task = with_time_limit(task)
    cases = [(transformed(c, key, student), h) for c, h in task_cases(task, hidden_seed)]
    outcomes = run_task(task, [child_case(c) for c, _ in cases], sub)
    outcomes = flag_same_network([c for c, _ in cases], outcomes)
    return judge_task(task, cases, outcomes, Reference(task, cases), hidden_seed)


def test_the_seed_is_the_key_s_the_student_s_and_the_case_s() -> None:
    seeds = {transform_seed(k, s, c) for k in ("a", "b") for s in ("s1", "s2") for c in ("public", "hidden")}
    assert len(seeds) == 8


def test_the_child_s_data_is_mnist_moved_by_two_permutations() -> None:
    case = transformed(small_train_task().public[0])
    tr = Transform.of(case)
    Transform.from_seed.cache_clear()
    assert np.array_equal(Transform.of(case).pixels, tr.pixels)  # the seed's, whenever it is drawn
    assert sorted(tr.pixels) == list(range(784)) and sorted(tr.labels) == list(range(10))
    assert len(set(tr.train_rows)) == len(tr.train_rows) == SMALL["train_size"]
    assert len(tr.validation) == VALIDATION and len(tr.held_out) == HELD_OUT
    assert not set(tr.validation) & set(tr.held_out)
    x_train, t_train, x_test, t_test = raw_arrays()
    child = child_case(case).inputs
    assert all(child[k].dtype == np.uint8 for k in ("x_train", "t_train", "x_test", "t_test"))
    np.testing.assert_array_equal(child["x_train"], x_train[tr.train_rows][:, tr.pixels])
    np.testing.assert_array_equal(tr.labels[child["t_train"]], t_train[tr.train_rows])  # the child's j is labels[j]
    np.testing.assert_array_equal(child["x_test"], x_test[tr.validation][:, tr.pixels])
    assert len(child["x_test"]) == VALIDATION  # never a held-out image


def test_the_child_gets_its_data_as_load_mnist_would_give_it_widened() -> None:
    case = transformed(small_train_task().public[0])
    child = child_case(case).inputs
    x_train, t_train, x_test, t_test = for_submission(child)
    np.testing.assert_array_equal(x_train, child["x_train"].astype(np.float32) / np.float32(255.0))
    assert x_train.dtype == t_train.dtype == np.float64 and t_train.shape == (SMALL["train_size"], 10)
    np.testing.assert_array_equal(t_train.argmax(axis=1), child["t_train"])
    np.testing.assert_array_equal(normalised(raw_arrays()[0][:50]), judge_arrays()[0][:50])
    plain = small_train_task().public[0]
    assert child_case(plain) is plain  # pytest grader's cases: the plain data


def test_the_judge_measures_the_network_on_the_child_s_own_images() -> None:
    result = grade_transformed(small_train_task(), solution_submission())
    (case,) = result.cases
    assert result.passed and result.mistakes == [], describe_task(result, "en")
    values = case.outcome.values
    x_train, t_train, x_test, t_test = for_submission(child_case(case.case).inputs)

    def accuracy(x, t):  # the child's view: its own images and label names
        z1 = 1 / (1 + np.exp(-(x @ values["W1"] + values["b1"])))
        return float(np.mean(np.argmax(z1 @ values["W2"] + values["b2"], axis=1) == t.argmax(axis=1)))

    network = measured_accuracy(values, case.case)
    assert network.train == pytest.approx(accuracy(x_train, t_train), abs=2 / len(x_train))
    assert network.test == pytest.approx(accuracy(x_test, t_test), abs=2 / len(x_test))
    assert network.held_out >= SMALL["min_accuracy"] + 0.05


def test_weights_trained_on_plain_mnist_score_chance_on_transformed_data() -> None:
    plain = graded("solution").cases[0].outcome.values
    case = transformed(small_train_task().public[0])
    assert measured_accuracy(plain, case).held_out < 0.2
    tr = Transform.of(case)  # moved as the secret permutations say, the same weights work again
    moved = {"W1": plain["W1"][tr.pixels], "b1": plain["b1"], "W2": plain["W2"][:, tr.labels],
             "b2": plain["b2"][tr.labels]}
    assert measured_accuracy(moved, case).held_out > SMALL["min_accuracy"]


def test_the_same_network_for_two_transformed_cases_is_flagged_and_only_then() -> None:
    task = small_train_task()
    a, b = transformed(task.public[0]), transformed(replace(task.public[0], id="hidden_seed"))
    net = {k: np.ones(3) for k in ("W1", "b1", "W2", "b2")}
    other = {**net, "W1": np.ones(3) * 1.000001}
    same = flag_same_network([a, b], {a.id: Outcome(values=net), b.id: Outcome(values=dict(net))})
    assert str(same[a.id].values[SAME_NETWORK]) == b.id and str(same[b.id].values[SAME_NETWORK]) == a.id
    differ = flag_same_network([a, b], {a.id: Outcome(values=net), b.id: Outcome(values=other)})
    assert all(SAME_NETWORK not in o.values for o in differ.values())
    plain = [replace(c, data_seed=None) for c in (a, b)]  # a train() that ignores its seed, on plain data
    honest = flag_same_network(plain, {a.id: Outcome(values=net), b.id: Outcome(values=dict(net))})
    assert all(SAME_NETWORK not in o.values for o in honest.values())
    errors = flag_same_network([a, b], {a.id: Outcome(values=net), b.id: Outcome(error=ErrorInfo("exception"))})
    assert SAME_NETWORK not in errors[a.id].values


def test_a_network_shipped_in_train_py_is_not_trained_here() -> None:
    result = grade_transformed(small_train_task(), mutant_submission("train_not_trained_here"), hidden_seed=7)
    assert result.mistakes == ["train_not_trained_here"] and result.score == 0, describe_task(result, "en")
    assert "the very same network as case" in describe_task(result, "en")


def test_the_self_check_tells_a_numerical_gradient_training_why_with_the_book_s_settings(tmp_path) -> None:
    """`pytest grader` as a student runs it, on a train() that calls numerical_gradient: the
    closing table names the mistake and its fix; the run does not wait out the training's limit
    (benchmarks/bench_selfcheck.py times it)."""
    folder = make_variant([("train.py", "grad = network.gradient(x_batch, t_batch)",
                            "grad = network.numerical_gradient(x_batch, t_batch)")], tmp_path / "numerical")
    env = {k: v for k, v in os.environ.items() if k not in ("DLKIT_LANG", "LC_ALL", "LANG", "CI")}
    command = [sys.executable, "-m", "pytest", "grader", "--target", str(folder), "-k", "train and not plot",
               "-p", "no:cacheprovider", "--lang", "en"]
    proc = subprocess.run(command, cwd=KIT, env={**env, "LANG": "C.UTF-8"}, capture_output=True, text=True,
                          timeout=600)
    out = proc.stdout
    row = next(line for line in out.splitlines() if line.startswith("train "))
    assert "an exception on 1 of 1 cases" in row and "numerical_gradient" in row, out[-3000:]
    assert "NumericalGradientTooSlow" in out and "grad = network.gradient(x_batch, t_batch)" in out
    assert "time limit" not in row
