"""`dlkit check`: the self-check, as `pytest grader` with the same options."""

from __future__ import annotations

import argparse

import pytest

from grader.reference import KIT


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pytest_args", nargs=argparse.REMAINDER,
                        help="passed to pytest, e.g. --target solutions --lang ko -k gradient")


def run(args: argparse.Namespace) -> int:
    return int(pytest.main([str(KIT / "grader"), "-p", "no:cacheprovider", *args.pytest_args]))
