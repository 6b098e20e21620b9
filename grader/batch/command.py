"""`dlkit grade SUBMISSIONS --out DIR`: grade a class, each submission in a sandbox.

A thin command line over grader.batch.grade_class; docs/batch.md has the details.
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from ..catalogue import TRAINING
from .sandbox import SANDBOXES, Limits


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("submissions", nargs="+", type=Path,
                        help="a folder of submissions (one folder or .zip per student, named by student id), "
                             "or the submissions themselves")
    parser.add_argument("--out", type=Path, required=True, help="where the gradebook, results and reports go")
    parser.add_argument("--jobs", type=int, default=None, help="submissions graded at once (default: CPUs)")
    parser.add_argument("--sandbox", choices=SANDBOXES, default="auto",
                        help="bwrap (bubblewrap), none (resource limits only) or auto (bwrap where it works)")
    parser.add_argument("--secret", default=None,
                        help="course secret for hidden cases (default: $DLKIT_SECRET, which other users "
                             "cannot read from the process list; none: public cases only)")
    parser.add_argument("--train-iters", type=int, default=None,
                        help=f"training iterations (default {TRAINING['iters_num']})")
    parser.add_argument("--train-size", type=int, default=None, help="train on the first N images (default: all)")
    parser.add_argument("--min-accuracy", type=float, default=None,
                        help=f"test accuracy needed (default {TRAINING['min_accuracy']})")
    parser.add_argument("--only", action="append", default=None, metavar="TASK",
                        help="grade only this task (repeat, or comma-separate)")
    parser.add_argument("--case-timeout", type=float, default=None,
                        help="seconds per case (default: the catalogue's; training keeps its own)")
    parser.add_argument("--memory-mb", type=int, default=Limits.memory_mb, help="memory per child (MiB)")
    parser.add_argument("--lang", choices=("ko", "en"), default="en", help="language of the feedback")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def training_settings(args: argparse.Namespace) -> dict:
    pairs = (("iters_num", args.train_iters), ("train_size", args.train_size), ("min_accuracy", args.min_accuracy))
    return {k: v for k, v in pairs if v is not None}


def summary(results: list[dict], stats: dict) -> str:
    scores = [r["score"] for r in results]
    troubled = sum(any(t["status"] in ("timeout", "crash") for t in r["tasks"]) for r in results)
    parts = [f"{len(results)} students ({stats['graded']} graded, {stats['reused']} reused)"]
    if scores:
        possible = sum(t["points"] for t in results[0]["tasks"])  # less than 100 with --only
        parts.append(f"mean {statistics.fmean(scores):.1f}, median {statistics.median(scores):g} of {possible:g}")
    parts.append(f"{troubled} with timeouts or crashes")
    if stats["failed"]:
        parts.append(f"{len(stats['failed'])} not graded (grader errors; run again to retry)")
    parts.append(f"sandbox {stats['sandbox']}, {'hidden cases' if stats['hidden'] else 'public cases only'}")
    parts.append(f"{stats['seconds']:.0f} s → {Path(stats['out']) / 'gradebook.csv'}")
    return "graded " + "; ".join(parts)


def run(args: argparse.Namespace) -> int:
    from . import grade_class
    from .intake import IntakeError, find_submissions
    from .sandbox import SandboxError

    only = [t for value in args.only for t in value.split(",") if t] if args.only else None
    limits = Limits(case_timeout=args.case_timeout, memory_mb=args.memory_mb)
    stats: dict = {}
    try:
        results = grade_class(find_submissions(args.submissions), args.out, jobs=args.jobs, sandbox=args.sandbox,
                              secret=args.secret, training=training_settings(args) or None, lang=args.lang,
                              progress=not args.no_progress, only=only, limits=limits, stats=stats)
    except (IntakeError, SandboxError, ValueError) as exc:
        print(f"dlkit grade: {exc}")
        return 2
    except KeyboardInterrupt:
        print("dlkit grade: interrupted; finished students are kept, run the same command again to resume")
        return 130
    print(summary(results, stats))
    return 1 if stats["failed"] else 0
