"""`dlkit`: the kit's one command line.

Each subcommand lives in its own module with `add_arguments(parser)` and `run(args) -> int`;
this file only lists them.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS = {
    "check": ("grader.commands.check", "grade a copy of exercises/ here and now (the student's self-check)"),
    "freeze": ("grader.commands.freeze", "freeze the public answers from solutions/ into grader/answers.npz"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dlkit", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        importlib.import_module(module).add_arguments(p)
        p.set_defaults(module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return importlib.import_module(args.module).run(args) or 0


if __name__ == "__main__":
    sys.exit(main())
