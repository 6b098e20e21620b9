"""`dlkit freeze`: save what the solutions (and each known mistake) output on the public cases."""

from __future__ import annotations

import argparse
from pathlib import Path

from grader.reference import FROZEN, freeze, has_solutions


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=FROZEN, help=f"where to write (default {FROZEN})")


def run(args: argparse.Namespace) -> int:
    if not has_solutions():
        print("dlkit freeze needs solutions/ (the instructor's copy of the kit)")
        return 2
    path = freeze(args.out)
    print(f"froze the public answers into {path}")
    return 0
