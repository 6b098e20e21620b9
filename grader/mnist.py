"""MNIST as the grader handles it: once for the judge, and as a submission's train() receives it.

The judge's copy is loaded, verified and normalised once per process and kept read-only.
In `pytest grader` a submission gets the plain data, on arrays of its own (shuffling them in
place must not move the judge's), widened to float64.

In the batch grader every training case has data of its own (`Transform`, from a secret
seed per student and case, `transform_seed`): the training images drawn and ordered by the
seed, their pixel positions and label names permuted, and only VALIDATION of the test
images as x_test. The book's network is fully connected with i.i.d. initial weights, so an
honest training learns as well on it, while weights trained elsewhere on plain MNIST meet
pixels and labels they do not know. The parent writes the child's arrays into the case's
inputs as uint8 (`child_case`); the judge measures the returned network on the same images
through `Transform.plain_params`, and scores it on the HELD_OUT test images the child never
received.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np

from .model import Case
from .numerics import one_hot

N_TRAIN, N_TEST, PIXELS, CLASSES = 60000, 10000, 784, 10
VALIDATION = 2000  # test images a batch child gets as x_test, for its per-epoch records
HELD_OUT = N_TEST - VALIDATION  # test images only the judge sees: the score's accuracy
_RAW_LOCK = threading.Lock()  # batch jobs ask for the raw arrays from several threads at once


@cache
def judge_arrays() -> tuple[np.ndarray, ...]:
    """MNIST as the judge reads it: loaded and normalised once per process, read-only."""
    from datasets import load_mnist

    (x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, one_hot_label=True)
    for arr in (x_train, t_train, x_test, t_test):
        arr.flags.writeable = False
    return x_train, t_train, x_test, t_test


@cache
def _raw_arrays() -> tuple[np.ndarray, ...]:
    from datasets import load_mnist

    (x_train, t_train), (x_test, t_test) = load_mnist(normalize=False)
    for arr in (x_train, t_train, x_test, t_test):
        arr.flags.writeable = False
    return x_train, t_train, x_test, t_test


def raw_arrays() -> tuple[np.ndarray, ...]:
    """MNIST as stored: uint8 pixels and labels, read-only; what batch children's data is cut from."""
    with _RAW_LOCK:
        return _raw_arrays()


def train_rows(inp) -> int | None:
    """A training case's train_size as a row count: 0 means all of them."""
    return int(inp["train_size"]) or None


def judge_slices(inp) -> tuple[np.ndarray, ...]:
    """The judge's MNIST cut to the case's train_size; read-only views."""
    x_train, t_train, x_test, t_test = judge_arrays()
    n = train_rows(inp)
    return x_train[:n], t_train[:n], x_test, t_test


def widened(arr: np.ndarray) -> np.ndarray:
    """A float64 copy. The book's images are float32 and its weights float64, so numpy widens
    the images in every product anyway: exactly, and for the per-epoch accuracy a 376 MB
    copy of the training set each time, about a quarter of the training's time. Widening
    once before train() gives a submission the same values and spares it that work."""
    return arr.astype(np.float64)


def normalised(pixels: np.ndarray) -> np.ndarray:
    """uint8 pixels as load_mnist(normalize=True) makes them (float32, divided by 255), widened."""
    return widened(pixels.astype(np.float32) / np.float32(255.0))


def for_submission(inp) -> tuple[np.ndarray, ...]:
    """MNIST as a submission's train() receives it: float64 arrays of its own. The case's own
    data when it brings some (a batch child's, `child_case`: uint8 pixels and labels, made
    into what load_mnist(normalize=True, one_hot_label=True) gives, widened); else the plain
    data, train_size rows."""
    if "x_train" in inp:
        return (normalised(inp["x_train"]), one_hot(inp["t_train"], CLASSES),
                normalised(inp["x_test"]), one_hot(inp["t_test"], CLASSES))
    n = train_rows(inp)
    x_train, t_train, x_test, t_test = judge_arrays()
    return tuple(widened(arr) for arr in (x_train[:n], t_train[:n], x_test, t_test))


# ---------------------------------------------------------------- the batch grader's transformation


def transform_seed(key: str, student: str, case_id: str) -> int:
    """The seed of one student's training case's data: from the run's key (the course secret's
    or a salt's, batch/job.py), so the student can neither guess it nor carry it over."""
    digest = hashlib.sha256(f"{key}\0training data\0{student}\0{case_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


@dataclass(frozen=True)
class Transform:
    """What a training case's data is made of: rows of MNIST and two permutations."""

    train_rows: np.ndarray  # the child's training images, in its order
    pixels: np.ndarray  # the child's pixel j is MNIST's pixel pixels[j]
    labels: np.ndarray  # the child's label j is MNIST's label labels[j]
    validation: np.ndarray  # the test images the child gets as x_test
    held_out: np.ndarray  # the test images the score's accuracy is measured on

    @classmethod
    def of(cls, case: Case) -> Transform:
        """The case's transformation; the identity (the plain data) without a data seed."""
        n = train_rows(case.inputs) or N_TRAIN
        if case.data_seed is None:
            return cls(np.arange(n), np.arange(PIXELS), np.arange(CLASSES), np.arange(N_TEST), np.arange(N_TEST))
        return cls.from_seed(case.data_seed, n)

    @classmethod
    @lru_cache(maxsize=16)  # the judge asks for a case's several times
    def from_seed(cls, seed: int, n: int) -> Transform:
        rng = np.random.default_rng([seed, n])
        rows, test = rng.permutation(N_TRAIN)[:n], rng.permutation(N_TEST)
        return cls(rows, rng.permutation(PIXELS), rng.permutation(CLASSES), test[:VALIDATION], test[VALIDATION:])

    def child_inputs(self) -> dict[str, np.ndarray]:
        """The child's images and labels, uint8 as MNIST stores them (47 MB for all of it)."""
        x_train, t_train, x_test, t_test = raw_arrays()
        name = np.argsort(self.labels).astype(np.uint8)  # MNIST's label c is the child's label name[c]

        def images(x: np.ndarray, rows: np.ndarray) -> np.ndarray:  # np.take: 8x faster than x[rows][:, pixels]
            return np.take(np.take(x, rows, axis=0), self.pixels, axis=1)

        return {"x_train": images(x_train, self.train_rows), "t_train": name[t_train[self.train_rows]],
                "x_test": images(x_test, self.validation), "t_test": name[t_test[self.validation]]}

    def plain_params(self, values: dict) -> dict[str, np.ndarray]:
        """The returned network as it reads plain MNIST: W1's rows moved back to their pixels,
        W2's columns and b2 to their labels. Its predictions on plain images are the network's
        on the child's."""
        w1, w2, b2 = (np.empty_like(np.asarray(values[k])) for k in ("W1", "W2", "b2"))
        w1[self.pixels] = values["W1"]
        w2[:, self.labels] = values["W2"]
        b2[self.labels] = values["b2"]
        return {"W1": w1, "b1": values["b1"], "W2": w2, "b2": b2}


def child_case(case: Case) -> Case:
    """A training case as a batch child receives it: its settings and its own data, not its seed."""
    if case.data_seed is None:
        return case
    return Case(case.id, {**case.inputs, **Transform.of(case).child_inputs()})
