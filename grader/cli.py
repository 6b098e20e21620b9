"""`dlkit`: the kit's one command line.

Each subcommand (verb) is one module of grader/commands/ with `add_arguments(parser)` and
`run(args) -> int`; this file only lists them.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys

COMMANDS = {
    "check": ("grader.commands.check", "grade a copy of exercises/ here and now (the student's self-check)"),
    "freeze": ("grader.commands.freeze", "regenerate what is generated: answers, example class, notebooks, docs"),
    "grade": ("grader.commands.grade", "batch-grade a class of submissions in sandboxes"),
    "similarity": ("grader.commands.similarity", "pairs of students whose code is unusually alike"),
    "release": ("grader.commands.release", "build the student release (or the solved copy)"),
    "nbgrader": ("grader.commands.nbgrader", "write an nbgrader course from the catalogue and solutions"),
}


def shipped(module: str) -> bool:
    """Whether this copy has the command: a student's release ships only some (grader/release.py)."""
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dlkit", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        if not shipped(module):
            continue
        p = sub.add_parser(name, help=help_text, description=help_text)
        importlib.import_module(module).add_arguments(p)
        p.set_defaults(module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and not getattr(args, "passthrough", False):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.extra = extra
    return importlib.import_module(args.module).run(args) or 0


if __name__ == "__main__":
    sys.exit(main())
