"""`dlkit release OUT`: the student kit (or, with --solved, the instructor's solved copy)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..release import ReleaseError, build


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", type=Path, help="folder to write the release to")
    parser.add_argument("--solved", action="store_true",
                        help="the instructor's solved copy: exercises/ holds the solutions (never publish it)")
    parser.add_argument("--zip", action="store_true", help="also write OUT.zip (byte-reproducible)")
    parser.add_argument("--force", action="store_true", help="replace OUT if it holds an earlier release")


def run(args: argparse.Namespace) -> int:
    try:
        release = build(args.out, solved=args.solved, zip_file=args.zip, force=args.force)
    except ReleaseError as exc:
        print(f"dlkit release: {exc}", file=sys.stderr)
        return 2
    kind = "solved copy (instructor only: do not publish)" if args.solved else "student release"
    print(f"wrote the {kind}: {release.files} files in {release.folder}")
    if release.zip:
        print(f"and {release.zip}")
    return 0
