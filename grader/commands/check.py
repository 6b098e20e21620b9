"""`dlkit check`: the self-check, as `pytest grader` with the same options."""

from __future__ import annotations

import argparse

import pytest

from grader.kit import KIT


def add_arguments(parser: argparse.ArgumentParser) -> None:
    # every other argument goes to pytest as it is: dlkit check --target solutions -m "not training"
    parser.set_defaults(passthrough=True)
    parser.epilog = "Any other arguments are passed to pytest, e.g. --target solutions --lang ko -k gradient."


def run(args: argparse.Namespace) -> int:
    return int(pytest.main([str(KIT / "grader"), "-p", "no:cacheprovider", *args.extra]))
