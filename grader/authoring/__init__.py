"""What the kit generates, and the one command that regenerates it: `dlkit freeze`.

A pipeline of small steps, each with one job (as nbgrader's preprocessors): each step
renders its files as bytes; `regenerate` writes those that differ, `regenerate(check=True)`
only reports them (`dlkit freeze --check`, and tests/test_generated.py). Instructor only:
the steps read solutions/.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Step:
    name: str
    render: Callable[[], dict[Path, bytes]]  # every file the step makes, by path
    stale: Callable[[], list[Path]] = lambda: []  # files of earlier runs the step no longer makes
    changes: Callable[[Path, bytes], list[str]] | None = None  # what differs inside a file, if it can say


def answers() -> dict[Path, bytes]:
    """grader/answers.npz: the solutions' and the mutants' outcomes on the public cases."""
    from ..kit import FROZEN
    from ..reference import freeze

    with tempfile.TemporaryDirectory() as tmp:
        return {FROZEN: freeze(Path(tmp) / FROZEN.name).read_bytes()}


def answer_changes(path: Path, data: bytes) -> list[str]:
    from ..reference import changed_answers

    return changed_answers(path, data)


def examples() -> dict[Path, bytes]:
    from .examples import render

    return render()


def stale_examples() -> list[Path]:
    from .examples import stale_folders

    return stale_folders()


def notebooks() -> dict[Path, bytes]:
    """examples/notebooks/*.ipynb from the cells in examples/notebooks/build.py."""
    import importlib.util
    import sys

    from ..kit import EXAMPLES

    folder = EXAMPLES / "notebooks"
    spec = importlib.util.spec_from_file_location("dlkit_notebook_pages", folder / "build.py")
    pages = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = pages  # dataclasses look their module up there
    spec.loader.exec_module(pages)
    return {folder / name: text.encode("utf-8") for name, text in pages.render().items()}


def docs() -> dict[Path, bytes]:
    from .docs import render

    return render()


STEPS = (Step("answers", answers, changes=answer_changes), Step("examples", examples, stale_examples),
         Step("notebooks", notebooks), Step("docs", docs))


def regenerate(check: bool = False, steps=STEPS, report: Callable[[str], None] | None = None) -> list[Path]:
    """Write what differs (or, with check, only list it); returns the paths that differed.
    `report` hears, for a file whose step can say so, which of its entries differ."""
    import shutil

    differ = []
    for step in steps:
        for path, data in step.render().items():
            if path.is_file() and path.read_bytes() == data:
                continue
            differ.append(path)
            if report and step.changes:
                for entry in step.changes(path, data):
                    report(f"{path.name}: {entry}")
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
        for path in step.stale():
            differ.append(path)
            if not check:
                shutil.rmtree(path) if path.is_dir() else path.unlink()
    return differ
