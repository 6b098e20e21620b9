"""The training task on small settings: the solution passes, each training mistake gets its hint.

600 iterations on 3000 images (30 per epoch) is the worst alignment there is: the last
accuracy record is at i = 570, 29 iterations before the end, while the accuracy still
climbs a few percent per epoch. The solution reaches 0.79 test accuracy there (seeds 1-3),
so 0.7 is the bar.
"""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from variants import TRAINING, make_variant

from grader.judge import TaskResult
from grader.mnist import for_submission, judge_slices
from grader.reference import mutant_submission, solution_submission
from grader.report import describe_task
from grader.run import Submission
from grader.session import grade_task
from grader.tasks import BY_ID, with_training
from grader.training_rules import ACCURACY_GAP, accuracy_gap, measured_accuracy

TRAIN = BY_ID["train"]

SMALL = {"iters_num": 600, "train_size": 3000, "min_accuracy": 0.7}
TRAINING_MISTAKES = [m.id for m in TRAIN.mistakes]


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
    _, test = measured_accuracy(result.cases[0].outcome.values, result.cases[0].case)
    assert test >= SMALL["min_accuracy"] + 0.05  # a margin, not a coin toss


@pytest.mark.parametrize("mistake_id", TRAINING_MISTAKES)
def test_a_training_mistake_gets_exactly_its_hint(mistake_id: str) -> None:
    result = graded(mistake_id)
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
    train, test = measured_accuracy(values, case)
    assert abs(values["test_acc"][-1] - test) > ACCURACY_GAP or abs(values["train_acc"][-1] - train) > ACCURACY_GAP
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
