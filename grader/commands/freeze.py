"""`dlkit freeze`: regenerate everything the kit generates from its sources.

The frozen answers (grader/answers.npz), the example class (examples/submissions/), the
practice notebooks (examples/notebooks/) and the catalogue's tables in README.md and
docs/tolerances.md. Run it after changing a task, a case, a solution or a mutant;
`--check` changes nothing and fails when something is out of date.
"""

from __future__ import annotations

import argparse

from grader.kit import KIT, has_solutions


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--check", action="store_true", help="only say what is out of date (exit 1 if anything is)")


def run(args: argparse.Namespace) -> int:
    if not has_solutions():
        print("dlkit freeze needs solutions/ (the instructor's copy of the kit)")
        return 2
    from grader.authoring import regenerate

    differ = regenerate(check=args.check, report=print if args.check else None)
    names = ", ".join(str(p.relative_to(KIT)) for p in differ) or "-"
    if args.check:
        print(f"{len(differ)} generated file(s) out of date: {names}" + (" (run `dlkit freeze`)" if differ else ""))
        return 1 if differ else 0
    print(f"{len(differ)} generated file(s) written: {names}")
    return 0
