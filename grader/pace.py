"""How long a training may take, and the watch that stops a train() early that cannot finish.

The limit: the reference training's speed, measured on this machine once per process
(`measure`: a few steps of the judge's own network, grader.numerics, on random data of the
case's batch and hidden sizes), scaled to the case's settings (`reference_seconds`), times
MULTIPLE and at least FLOOR seconds (`time_limit`). `with_time_limit` gives the training task
that limit; `pytest grader` (session.grade_task) and the batch grader (its plans, so its
budgets: batch/job.py measures as the children train, on one BLAS thread) both run with it.

The watch (`watching`): while train() runs, the probe counts the calls of the submission's
own TwoLayerNet.gradient and numerical_gradient (one per iteration in the lecture's loop)
and of its accuracy, and projects the whole training's time from them: from its pace once it
has run SETTLE seconds, and from a quick probe at each numerical_gradient (one loss
evaluation, times the two the central difference needs per parameter). An iteration's cost
is the lesser of its wall and CPU times: on a machine busy with other work an honest
training is slower by the clock, not in what it computes, and is never told it is too slow
(the case's limit still holds: the alarm ends what cannot finish). As soon as the
training cannot finish in the time its case has left (run.time_limit's alarm), or computes
far more gradients than iters_num asks for, it stops train() with an error whose type says
why (STOPS); the catalogue (grader/tasks/training.py) names the mistake and its fix.
"""

from __future__ import annotations

import functools
import inspect
import json
import math
import signal
import statistics
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from functools import cache

import numpy as np

from .messages import both
from .model import Task
from .numerics import DELTA, PARAM_NAMES, backprop, forward, one_hot
from .training_rules import epochs_recorded, forward_accuracy

MULTIPLE = 10.0  # the limit: this many times the reference training's time on this machine...
FLOOR = 60.0  # ...and never less: a short measurement of a short training is mostly noise
N_TRAIN, N_TEST = 60000, 10000  # MNIST's training and test images (the limit assumes all test images)
SETTLE = 2.0  # seconds of train() before its pace is projected
PACE_WINDOW = 5  # the iterations the pace is the median of (projected from 3 on)
PAST_ITERS = 2  # gradients per iteration a training may compute (one, and a check beside it)
ONE_OFF = 0.02  # a first numerical_gradient costing less than this share of the time left may be a check


# ---------------------------------------------------------------- the limit


@dataclass(frozen=True)
class Pace:
    """The reference training's speed on this machine."""

    iteration: float  # seconds per step: draw a mini-batch, backprop, update, loss
    row: float  # seconds per image of an accuracy pass


@cache
def measure(batch_size: int, hidden_size: int, rows: int = 2048, steps: int = 40) -> Pace:
    """The reference's pace in this process, with its BLAS threads: the judge's own forward
    pass and backprop (grader.numerics) on random float64 data, as the solution trains on the
    widened images. A few tens of milliseconds."""
    rng = np.random.default_rng(0)
    x, t = rng.random((rows, 784)), one_hot(rng.integers(0, 10, rows), 10)
    shapes = {"W1": (784, hidden_size), "b1": (hidden_size,), "W2": (hidden_size, 10), "b2": (10,)}
    params = {key: 0.01 * rng.standard_normal(shape) for key, shape in shapes.items()}

    def step() -> float:
        mask = rng.integers(0, rows, batch_size)
        batch = {"x": x[mask], "t": t[mask], **params}
        grads = backprop(batch, np.ones_like)
        for key in PARAM_NAMES:
            params[key] -= 0.1 * grads[key]
        return -float(np.mean(np.log(forward(batch)["p"] + DELTA)))

    for _ in range(3):  # first calls pay for allocations and BLAS start-up
        step()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    iteration = (time.perf_counter() - start) / steps
    start = time.perf_counter()
    forward_accuracy(params, x, t)
    return Pace(iteration, (time.perf_counter() - start) / rows)


def print_pace(batch_size: int, hidden_size: int) -> None:
    """For a fresh interpreter measuring for the batch grader (batch/job.py): the pace as JSON."""
    print(json.dumps(asdict(measure(batch_size, hidden_size))))


def reference_seconds(inp, pace: Pace) -> float:
    """How long the reference trains on a case's settings: its steps and its accuracy passes
    over the training and the test images, once per epoch."""
    images = (int(inp["train_size"]) or N_TRAIN) + N_TEST
    return int(inp["iters_num"]) * pace.iteration + epochs_recorded(inp) * images * pace.row


def time_limit(inp, pace: Pace) -> float:
    """A training case's limit, in whole seconds."""
    return float(math.ceil(max(FLOOR, MULTIPLE * reference_seconds(inp, pace))))


def with_time_limit(task: Task, pace: Callable[[int, int], Pace] = measure) -> Task:
    """The task with its limit from this machine's pace, if it is the training (whose cases
    share their settings); any other task as it is."""
    if not task.training:
        return task
    inp = task.public[0].inputs
    return replace(task, timeout=time_limit(inp, pace(int(inp["batch_size"]), int(inp["hidden_size"]))))


# ---------------------------------------------------------------- the watch


class TrainingTooSlow(Exception):
    """train() cannot finish in the time its case has left."""


class NumericalGradientTooSlow(TrainingTooSlow):
    """...because it computes its gradients with network.numerical_gradient."""


class AccuracyTooOften(TrainingTooSlow):
    """...because it measures the accuracy every iteration."""


class TooManyIterations(Exception):
    """train() computes far more gradients than iters_num asks for."""


STOPS = (TrainingTooSlow, NumericalGradientTooSlow, AccuracyTooOften, TooManyIterations)  # ErrorInfo.type


class Stop(BaseException):
    """Ends train() from inside it. A BaseException, like run.Timeout, so that the student's
    `except Exception` cannot swallow it; the probe raises `error` in its place."""

    def __init__(self, error: Exception) -> None:
        super().__init__(error)
        self.error = error


def alarm_deadline() -> float | None:
    """When the case's alarm (run.time_limit) goes off, on time.perf_counter's clock; None
    when no alarm is set (no limit, or no SIGALRM here)."""
    if not hasattr(signal, "getitimer"):
        return None
    left = signal.getitimer(signal.ITIMER_REAL)[0]
    return time.perf_counter() + left if left > 0 else None


@dataclass
class Watch:
    """One train() call: what it has computed so far and how long it has left."""

    iters_num: int
    deadline: float | None
    start: float = 0.0
    gradients: int = 0  # network.gradient calls
    numerical: int = 0  # network.numerical_gradient calls
    accuracies: int = 0  # network.accuracy calls
    previous: float | None = None  # when the last gradient was asked for
    previous_cpu: float | None = None  # and the training thread's CPU time then
    # the last iterations' times, from one gradient to the next: their median is the pace, so that
    # the first epoch's accuracy (in the first iteration's time) does not make an honest run look slow
    intervals: deque = field(default_factory=lambda: deque(maxlen=PACE_WINDOW))

    @property
    def iterations(self) -> int:
        return self.gradients + self.numerical

    def before_gradient(self, numerical: bool, net, args: tuple, kwargs: dict) -> None:
        """Called as train() asks for a gradient: stop it here if it cannot finish."""
        if self.iterations >= PAST_ITERS * self.iters_num + 10:
            raise Stop(TooManyIterations(both("train_too_many_iterations", calls=self.iterations + 1,
                                              iters=self.iters_num)))
        now, cpu = time.perf_counter(), time.thread_time()
        if self.previous is not None and self.previous_cpu is not None:
            # the iteration's cost: the training thread's CPU time where the machine is busy
            # (other processes stretch the wall time, not the work; other threads of this
            # process do not count), its wall time where BLAS works on threads of its own
            self.intervals.append(min(now - self.previous, cpu - self.previous_cpu))
        self.previous, self.previous_cpu = now, cpu
        if self.deadline is not None:
            elapsed, budget, left = now - self.start, self.deadline - self.start, self.iters_num - self.iterations
            settled = elapsed >= SETTLE and len(self.intervals) >= PACE_WINDOW // 2 + 1
            projected = elapsed + statistics.median(self.intervals) * left if settled else 0.0
            if numerical:
                each = numerical_cost(net, args, kwargs)
                if self.numerical or each > ONE_OFF * (self.deadline - now):  # a cheap first one: a check?
                    projected = max(projected, elapsed + each * left)
            if projected > budget:
                raise Stop(self.too_slow(numerical, projected, budget))
        if numerical:
            self.numerical += 1
        else:
            self.gradients += 1

    def too_slow(self, numerical: bool, projected: float, budget: float) -> TrainingTooSlow:
        numbers = {"projected": projected, "budget": budget, "iters": self.iters_num, "done": self.iterations,
                   "accuracies": self.accuracies}
        if numerical or self.numerical:
            return NumericalGradientTooSlow(both("train_numerical_gradient_too_slow", **numbers))
        if self.iterations >= 2 and self.accuracies > self.iterations:  # once per epoch: two at the first
            return AccuracyTooOften(both("train_accuracy_too_often", **numbers))
        return TrainingTooSlow(both("train_too_slow", **numbers))

    def wrap(self, name: str, method: Callable) -> Callable:
        if name == "accuracy":
            @functools.wraps(method)
            def counted(net, *args, **kwargs):
                self.accuracies += 1
                return method(net, *args, **kwargs)
            return counted
        numerical = name == "numerical_gradient"

        @functools.wraps(method)
        def watched(net, *args, **kwargs):
            self.before_gradient(numerical, net, args, kwargs)
            return method(net, *args, **kwargs)
        return watched


def numerical_cost(net, args: tuple, kwargs: dict) -> float:
    """A quick probe of one numerical_gradient call: one loss evaluation on the same batch,
    times two (the central difference) per parameter."""
    try:
        size = sum(int(np.size(value)) for value in net.params.values())
    except (AttributeError, TypeError):
        return 0.0
    start = time.perf_counter()
    try:
        net.loss(*args, **kwargs)
    except Exception:  # numerical_gradient itself will say what is wrong with it
        return 0.0
    return 2 * size * (time.perf_counter() - start)


WATCHED = ("gradient", "numerical_gradient", "accuracy")


@contextmanager
def watching(network_class, iters_num: int) -> Iterator[Watch]:
    """Watch train() through the network class it builds (the student's TwoLayerNet): its
    methods in WATCHED are wrapped for the duration and put back after, whatever happens."""
    watch = Watch(iters_num, alarm_deadline(), time.perf_counter())
    saved: dict[str, object] = {}
    if isinstance(network_class, type):
        for name in WATCHED:
            method = inspect.getattr_static(network_class, name, None)
            if not inspect.isfunction(method):  # a plain method, its own or inherited; else not watched
                continue
            own = network_class.__dict__.get(name, None)
            try:
                setattr(network_class, name, watch.wrap(name, method))
            except (TypeError, AttributeError):  # a class that refuses new attributes
                continue
            saved[name] = own
    try:
        yield watch
    finally:
        for name, own in saved.items():
            if own is None:
                delattr(network_class, name)
            else:
                setattr(network_class, name, own)
