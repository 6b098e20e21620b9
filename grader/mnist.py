"""MNIST as the grader handles it: once for the judge, and as a submission's train() receives it.

The judge's copy is loaded, verified and normalised once per process and kept read-only.
A submission gets arrays of its own (shuffling them in place must not move the judge's),
widened to float64; in the batch grader's sandbox it maps the parent's prepared files
copy-on-write instead (`prepare`/`mapped`), named on its Submission.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np

ARRAYS = ("x_train", "t_train", "x_test", "t_test")


@cache
def judge_arrays() -> tuple[np.ndarray, ...]:
    """MNIST as the judge reads it: loaded and normalised once per process, read-only."""
    from datasets import load_mnist

    (x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, one_hot_label=True)
    for arr in (x_train, t_train, x_test, t_test):
        arr.flags.writeable = False
    return x_train, t_train, x_test, t_test


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


def for_submission(inp, prepared: Path | None = None) -> tuple[np.ndarray, ...]:
    """MNIST as a submission's train() receives it: float64 arrays of its own, train_size
    rows; from the prepared files when the grader made them (`prepare`)."""
    n = train_rows(inp)
    if prepared is not None:
        return mapped(prepared, n)
    x_train, t_train, x_test, t_test = judge_arrays()
    return tuple(widened(arr) for arr in (x_train[:n], t_train[:n], x_test, t_test))


def prepare(folder: Path) -> None:
    """MNIST as a submission receives it, as .npy files that every sandboxed child maps."""
    for name, arr in zip(ARRAYS, judge_arrays(), strict=True):
        np.save(Path(folder) / f"{name}.npy", widened(arr), allow_pickle=False)


def mapped(folder: Path, n: int | None = None) -> tuple[np.ndarray, ...]:
    """The prepared files mapped copy-on-write, the training set cut to n rows: the student
    may write into them, into pages of its own, while the images it only reads stay the
    page cache's, shared by every child and never copied."""
    x_train, t_train, x_test, t_test = (
        np.load(Path(folder) / f"{name}.npy", mmap_mode="c", allow_pickle=False).view(np.ndarray)
        for name in ARRAYS)
    return x_train[:n], t_train[:n], x_test, t_test
