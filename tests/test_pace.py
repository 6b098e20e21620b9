"""grader/pace.py: the training's time limit from this machine's pace, and the watch that stops
a train() early that cannot finish in it or runs past iters_num."""

from __future__ import annotations

import re
import time

import numpy as np
import pytest

from grader import pace
from grader.pace import (
    FLOOR,
    MULTIPLE,
    PAST_ITERS,
    SETTLE,
    AccuracyTooOften,
    NumericalGradientTooSlow,
    Pace,
    Stop,
    TooManyIterations,
    TrainingTooSlow,
    Watch,
    reference_seconds,
    time_limit,
    watching,
    with_time_limit,
)
from grader.tasks import BY_ID, TRAINING, with_training

BOOK = BY_ID["train"].public[0].inputs


class Net:
    """A stand-in for a student's TwoLayerNet, with a loss that takes `loss_seconds`."""

    loss_seconds = 0.0

    def __init__(self, size: int = 10):
        self.params = {"W1": np.zeros(size)}

    def loss(self, x, t):
        time.sleep(self.loss_seconds)
        return 0.0

    def gradient(self, x, t):
        return "backprop"

    def numerical_gradient(self, x, t):
        return "numerical"

    def accuracy(self, x, t):
        return 0.5


class Derived(Net):
    """Inherits every method: the watch must not leave its wrappers on this class either."""


# ---------------------------------------------------------------- the limit


def test_the_limit_is_the_reference_s_time_times_the_multiple_never_below_the_floor() -> None:
    slow = Pace(iteration=1e-3, row=4e-6)  # about this machine's, one BLAS thread
    seconds = reference_seconds(BOOK, slow)
    epochs = (TRAINING["iters_num"] - 1) // (60000 // TRAINING["batch_size"]) + 1
    assert seconds == pytest.approx(10000 * 1e-3 + epochs * 70000 * 4e-6)
    assert time_limit(BOOK, slow) == np.ceil(MULTIPLE * seconds)
    assert time_limit(BOOK, Pace(1e-6, 1e-9)) == FLOOR


def test_the_training_task_gets_the_limit_and_no_other_task_does() -> None:
    tasks = with_training({"iters_num": 2000, "train_size": 6000})
    timed = [with_time_limit(t, lambda batch, hidden: Pace(0.01, 1e-5)) for t in tasks]
    for before, after in zip(tasks, timed, strict=True):
        if before.training:
            assert after.timeout == time_limit(before.public[0].inputs, Pace(0.01, 1e-5)) > FLOOR
        else:
            assert after is before


def test_the_pace_is_measured_once_per_process_at_the_case_s_sizes() -> None:
    first = pace.measure(100, 50)
    assert pace.measure(100, 50) is first
    assert 0 < first.iteration < 1 and 0 < first.row < 1e-2
    assert pace.measure(10, 5).iteration < first.iteration * 5  # the sizes are the case's


# ---------------------------------------------------------------- the watch


def test_the_watch_counts_and_puts_every_method_back() -> None:
    own = {name: Net.__dict__[name] for name in pace.WATCHED}
    with watching(Derived, iters_num=10) as watch:
        net = Derived()
        assert (net.gradient(1, 2), net.numerical_gradient(1, 2), net.accuracy(1, 2)) == \
            ("backprop", "numerical", 0.5)
        assert (watch.gradients, watch.numerical, watch.accuracies) == (1, 1, 1)
        assert set(Derived.__dict__) >= set(pace.WATCHED)
    assert not set(Derived.__dict__) & set(pace.WATCHED)
    with pytest.raises(RuntimeError), watching(Net, iters_num=10):
        raise RuntimeError("train() failed")
    assert {name: Net.__dict__[name] for name in pace.WATCHED} == own


def test_anything_but_a_class_is_left_alone() -> None:
    with watching(None, iters_num=10) as watch:
        pass
    assert watch.iterations == 0


def test_a_training_past_iters_num_is_stopped_even_if_it_catches_exceptions() -> None:
    def train(net: Net, iterations: int) -> None:
        for _ in range(iterations):
            try:
                net.gradient(None, None)
            except Exception:  # the student's own: must not swallow the watch's Stop
                pass

    with watching(Net, iters_num=50):
        train(Net(), PAST_ITERS * 50 + 10)  # a gradient check beside each step is allowed
    with pytest.raises(Stop) as stopped, watching(Net, iters_num=50):
        train(Net(), PAST_ITERS * 50 + 11)
    assert isinstance(stopped.value.error, TooManyIterations)
    assert "iters_num = 50" in str(stopped.value.error)


def test_a_first_numerical_gradient_is_projected_from_one_loss_evaluation() -> None:
    net = Net(size=1000)
    net.loss_seconds = 0.01  # 2 x 1000 parameters x 0.01 s: 20 s per call
    watch = Watch(iters_num=100, deadline=time.perf_counter() + 60, start=time.perf_counter())
    started = time.perf_counter()
    with pytest.raises(Stop) as stopped:
        watch.before_gradient(True, net, (None, None), {})
    assert time.perf_counter() - started < 1  # one loss evaluation, not the call
    assert isinstance(stopped.value.error, NumericalGradientTooSlow)
    projected = float(re.search(r"100 iterations would take about ([\d,]+) s", str(stopped.value.error))[1]
                      .replace(",", ""))
    assert 1900 < projected < 4000  # 20 s per call, 100 calls


def test_a_cheap_first_numerical_gradient_may_be_a_gradient_check_but_not_a_second() -> None:
    net = Net(size=10)
    net.loss_seconds = 0.001  # 0.02 s per call: a small share of the time left, but 200 s for all
    watch = Watch(iters_num=10000, deadline=time.perf_counter() + 60, start=time.perf_counter())
    watch.before_gradient(True, net, (None, None), {})
    assert watch.numerical == 1
    watch.before_gradient(False, net, (None, None), {})  # backprop from here on: fine
    with pytest.raises(Stop) as stopped:
        watch.before_gradient(True, net, (None, None), {})
    assert isinstance(stopped.value.error, NumericalGradientTooSlow)


def test_without_a_limit_nothing_is_projected() -> None:
    net = Net(size=1000)
    net.loss_seconds = 0.01
    watch = Watch(iters_num=100, deadline=None, start=time.perf_counter() - 100)
    watch.before_gradient(True, net, (None, None), {})
    assert watch.numerical == 1


def watch_after(seconds: float, intervals: list[float], **counts) -> Watch:
    """A watch SETTLE-odd seconds into train(), the last iterations `intervals` apart."""
    now = time.perf_counter()
    watch = Watch(iters_num=1000, deadline=now + 30, start=now - seconds, previous=now, **counts)
    watch.intervals.extend(intervals)
    return watch


@pytest.mark.parametrize(("accuracies", "error"), [(0, TrainingTooSlow), (20, AccuracyTooOften)])
def test_a_slow_pace_is_projected_once_it_has_settled(accuracies, error) -> None:
    watch = watch_after(SETTLE + 1, [0.3] * 4, gradients=10, accuracies=accuracies)
    with pytest.raises(Stop) as stopped:  # 0.3 s per iteration: 1000 would take 300 s
        watch.before_gradient(False, Net(), (None, None), {})
    assert type(stopped.value.error) is error
    early = watch_after(SETTLE / 2, [0.3] * 4, gradients=10)
    early.before_gradient(False, Net(), (None, None), {})  # too early to tell
    assert early.gradients == 11


def test_the_first_epoch_s_accuracy_does_not_make_an_honest_pace_look_slow() -> None:
    # the first iteration measured the accuracy over all images: 2.5 s; each one since 1 ms
    watch = watch_after(SETTLE + 1, [2.5, 0.001, 0.001], gradients=4, accuracies=2)
    watch.before_gradient(False, Net(), (None, None), {})
    assert watch.gradients == 5


def test_an_honest_pace_slowed_by_a_busy_machine_is_not_stopped() -> None:
    """Other processes on the machine stretch each iteration's wall time (sleep stands in for
    waiting for a core), not its CPU time: the watch projects from the CPU time and lets it run."""
    watch = watch_after(SETTLE + 1, [], gradients=10)
    watch.previous, watch.previous_cpu = time.perf_counter(), time.thread_time()
    for _ in range(4):
        time.sleep(0.05)  # 0.05 s per iteration by the clock: 1000 would take 50 s, more than the 30 s left
        watch.before_gradient(False, Net(), (None, None), {})
    assert watch.gradients == 14 and max(watch.intervals) < 0.01

    busy = watch_after(SETTLE + 1, [], gradients=10)  # the same pace, computing: stopped
    busy.previous, busy.previous_cpu = time.perf_counter(), time.thread_time()
    with pytest.raises(Stop):
        for _ in range(4):
            end = time.thread_time() + 0.05
            while time.thread_time() < end:
                pass
            busy.before_gradient(False, Net(), (None, None), {})


def test_the_alarm_s_time_left_is_the_watch_s_deadline() -> None:
    from grader.run import time_limit as case_limit

    assert pace.alarm_deadline() is None
    with case_limit(30):
        deadline = pace.alarm_deadline()
    assert deadline is not None and 29 < deadline - time.perf_counter() < 31


def test_every_stop_but_the_generic_one_names_a_catalogued_mistake() -> None:
    named = {m.error_type: m.id for m in BY_ID["train"].mistakes if m.error_type}
    assert set(named) == {stop.__name__ for stop in pace.STOPS} - {TrainingTooSlow.__name__}


def test_a_broken_loss_gives_no_estimate_and_leaves_the_error_to_numerical_gradient() -> None:
    class Broken(Net):
        def loss(self, x, t):
            raise ValueError("the student's own bug")

    assert pace.numerical_cost(Broken(), (None, None), {}) == 0.0
