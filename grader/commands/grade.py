"""`dlkit grade SUBMISSIONS --out DIR`: grade a class, each submission in a sandbox.

A thin command line over grader.batch.grade_class; docs/batch.md has the details.
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from ..batch.sandbox import SANDBOXES, Limits
from ..options import CASCADE, CASE_TIMEOUT, LANG, SECRET, TRAINING_OPTIONS, add_options, training_settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("submissions", nargs="+", type=Path,
                        help="a folder of submissions (one folder or .zip per student, named by student id), "
                             "or the submissions themselves")
    parser.add_argument("--out", type=Path, required=True, help="where the gradebook, results and reports go")
    parser.add_argument("--jobs", type=int, default=None, help="submissions graded at once (default: CPUs)")
    parser.add_argument("--sandbox", choices=SANDBOXES, default="auto",
                        help="bwrap (bubblewrap), none (resource limits only) or auto (bwrap where it works)")
    add_options(parser.add_argument, (SECRET, *TRAINING_OPTIONS, CASE_TIMEOUT, LANG, CASCADE))
    parser.add_argument("--only", action="append", default=None, metavar="TASK",
                        help="grade only this task (repeat, or comma-separate)")
    parser.add_argument("--memory-mb", type=int, default=Limits.memory_mb, help="memory per child (MiB)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


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
    from ..batch import grade_class
    from ..batch.intake import IntakeError, find_submissions
    from ..batch.sandbox import SandboxError

    only = [t for value in args.only for t in value.split(",") if t] if args.only else None
    limits = Limits(case_timeout=args.case_timeout, memory_mb=args.memory_mb)
    stats: dict = {}
    try:
        results = grade_class(find_submissions(args.submissions), args.out, jobs=args.jobs, sandbox=args.sandbox,
                              secret=args.secret, training=training_settings(vars(args).get) or None, lang=args.lang,
                              progress=not args.no_progress, only=only, limits=limits, stats=stats,
                              cascade=args.cascade)
    except (IntakeError, SandboxError, ValueError) as exc:
        print(f"dlkit grade: {exc}")
        return 2
    except KeyboardInterrupt:
        print("dlkit grade: interrupted; finished students are kept, run the same command again to resume")
        return 130
    print(summary(results, stats))
    return 1 if stats["failed"] else 0
