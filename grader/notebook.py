"""What a practice notebook (examples/notebooks/) needs from the kit.

    from grader.notebook import attempt, target
    ex = target()                          # the student's exercises/
    with attempt():                        # a stub's NotImplementedError becomes one friendly line
        print(ex.gradient.numerical_diff(ex.gradient.function_1, 5))

The kit's own tests run the same notebooks on solutions/ by setting DLKIT_TARGET, and
shrink the MNIST training with DLKIT_TRAIN_ITERS, DLKIT_TRAIN_SIZE and DLKIT_MIN_ACCURACY
(the environment twins of `pytest grader --train-iters/--train-size/--min-accuracy`).
grader.selfcheck.check reads the same variables, so a notebook's grader cell grades the
code and the settings the notebook ran.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .kit import KIT
from .messages import M, both
from .options import training_from_env
from .run import Submission
from .tasks import TRAINING

TARGET_ENV = "DLKIT_TARGET"
DEFAULT_TARGET = "exercises"


def target_folder(target: str | Path | None = None) -> Path:
    """The folder to run: `target`, else $DLKIT_TARGET, else exercises/ (a name inside the kit or a path)."""
    value = target or os.environ.get(TARGET_ENV) or DEFAULT_TARGET
    folder = Path(value)
    if not folder.is_dir():
        folder = KIT / value
    if not folder.is_dir():
        raise FileNotFoundError(f"{value}: {both('no_such_folder')} (looked in {KIT})")
    return folder.resolve()


def fresh_submission(folder: Path) -> Submission:
    """A Submission that imports the files as they are now: a student edits exercises/ and
    re-runs a cell without restarting the kernel."""
    sub = Submission(folder)
    stale = [name for name in sys.modules if name == sub.package or name.startswith(sub.package + ".")]
    for name in stale:
        del sys.modules[name]
    return sub


def target(target: str | Path | None = None) -> Submission:
    """The code a notebook runs: `ex = target()`, then `ex.gradient` is exercises/gradient.py."""
    return fresh_submission(target_folder(target))


def training_settings() -> dict[str, int | float]:
    """The settings train_neuralnet.ipynb trains with: the catalogue's, changed by the environment."""
    return {**TRAINING, **training_from_env()}


def _open_figures() -> set[int]:
    plt = sys.modules.get("matplotlib.pyplot")
    return set(plt.get_fignums()) if plt else set()


@contextmanager
def attempt() -> Iterator[None]:
    """Run a cell's calls; a function not written yet prints one line instead of a traceback
    (and the half-drawn figure is dropped). Every other error shows as usual."""
    before = _open_figures()
    try:
        yield
    except NotImplementedError as exc:
        plt = sys.modules.get("matplotlib.pyplot")
        for num in _open_figures() - before:
            plt.close(num)
        # the stubs' own message already says which function, in Korean and English
        short = M["not_implemented_short"]
        print(f"{short.ko} → {exc}" if str(exc) else f"{short.ko} ({short.en})")
