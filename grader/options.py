"""The options every front end shares, declared once: `pytest grader`, `dlkit check`,
`dlkit grade`, `dlkit nbgrader` and the notebooks (through their environment twins).

An option adds itself to anything with argparse's add_argument signature: an argparse
parser, or a pytest option group's addoption.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .seeds import SECRET_ENV
from .tasks import TRAINING


@dataclass(frozen=True)
class Option:
    flag: str
    help: str
    type: Callable[[str], Any] = str
    default: Any = None
    env: str | None = None  # its twin in the environment, for the notebooks
    setting: str | None = None  # the training setting it changes
    switch: bool = False  # a flag without a value (store_true)

    @property
    def dest(self) -> str:
        return self.flag.lstrip("-").replace("-", "_")

    def add_to(self, add: Callable[..., Any]) -> None:
        if self.switch:
            add(self.flag, action="store_true", default=False, dest=self.dest, help=self.help)
        else:
            add(self.flag, type=self.type, default=self.default, dest=self.dest, help=self.help)


TARGET = Option("--target", "folder to grade: exercises (default), solutions or a path", default="exercises")
LANG = Option("--lang", "ko or en (default: $DLKIT_LANG, then the locale)")
STUDENT = Option("--student", "run hidden cases with this student's seed (needs the secret)")
SECRET = Option("--secret", f"course secret for hidden cases (default: ${SECRET_ENV}, which other users cannot "
                            "read from the process list)")
HIDDEN_SEED = Option("--hidden-seed", "run hidden cases with this seed", int)
CASE_TIMEOUT = Option("--case-timeout", "seconds per case (default: the catalogue's; training keeps its own)", float)
CASCADE = Option("--cascade", "score the cascade: a task that fails only because a task it builds on fails "
                            "loses its points too (default: it keeps them; each mistake costs once, at its root)",
                 env="DLKIT_CASCADE", switch=True)
TRAINING_OPTIONS = (
    Option("--train-iters", f"training iterations (default {TRAINING['iters_num']})", int,
           env="DLKIT_TRAIN_ITERS", setting="iters_num"),
    Option("--train-size", "train on the first N images (default: all)", int,
           env="DLKIT_TRAIN_SIZE", setting="train_size"),
    Option("--min-accuracy", f"test accuracy needed (default {TRAINING['min_accuracy']})", float,
           env="DLKIT_MIN_ACCURACY", setting="min_accuracy"),
)
SELF_CHECK = (TARGET, LANG, STUDENT, SECRET, HIDDEN_SEED, CASE_TIMEOUT, CASCADE, *TRAINING_OPTIONS)


def add_options(add: Callable[..., Any], options: Iterable[Option]) -> None:
    for option in options:
        option.add_to(add)


def training_settings(get: Callable[[str], Any]) -> dict[str, Any]:
    """The training settings given on a command line: get(dest) -> value or None."""
    return {o.setting: value for o in TRAINING_OPTIONS if (value := get(o.dest)) is not None}


def cascade_from_env(environ: Mapping[str, str] = os.environ) -> bool:
    """The cascade setting through the environment (the notebooks): DLKIT_CASCADE=1."""
    return environ.get(CASCADE.env, "").strip().lower() in ("1", "true", "yes", "on")


def training_from_env(environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """The training settings changed through the environment (none: the book's settings)."""
    return {o.setting: o.type(environ[o.env]) for o in TRAINING_OPTIONS if environ.get(o.env)}
