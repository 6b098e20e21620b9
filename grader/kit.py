"""Where the kit's parts are. Every module finds the kit's folders here, not by its own path."""

from __future__ import annotations

from pathlib import Path

KIT = Path(__file__).resolve().parent.parent
GRADER = KIT / "grader"
EXERCISES = KIT / "exercises"
SOLUTIONS = KIT / "solutions"
MUTANTS = SOLUTIONS / "mutants"  # the known mistakes as edits of solutions/, one module per section
DATASETS = KIT / "datasets"
EXAMPLES = KIT / "examples"
FROZEN = GRADER / "answers.npz"


def has_solutions() -> bool:
    """Is this the instructor's copy (solutions/ and its mutants), or a student's release?"""
    return (MUTANTS / "__init__.py").is_file()
