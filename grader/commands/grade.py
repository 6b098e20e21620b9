"""`dlkit grade SUBMISSIONS --out DIR`: grade a class, each submission in a sandbox.

A thin command line over grader.batch.grade_class; docs/batch.md has the details.
"""

from __future__ import annotations

import argparse
import contextlib
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
    parser.add_argument("--dask", metavar="ADDRESS|FILE|local[:N]", default=None,
                        help="run the jobs on the Dask cluster whose scheduler is at ADDRESS (or wrote the scheduler "
                             "file FILE), or on a LocalCluster of N worker processes started here "
                             "(pip install -e \".[dask]\"; docs/batch.md)")
    parser.add_argument("--sandbox", choices=SANDBOXES, default="auto",
                        help="bwrap (bubblewrap), none (resource limits only) or auto (bwrap where it works)")
    add_options(parser.add_argument, (SECRET, *TRAINING_OPTIONS, CASE_TIMEOUT, LANG, CASCADE))
    parser.add_argument("--train-public", action="store_true",
                        help="with a secret, train on the public case too (default: on the hidden case alone, "
                             "one training per student)")
    parser.add_argument("--only", action="append", default=None, metavar="TASK",
                        help="grade only this task (repeat, or comma-separate)")
    parser.add_argument("--memory-mb", type=int, default=Limits.memory_mb, help="memory per child (MiB)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    add_course_arguments(parser.add_argument_group("course (docs/batch.md; default: SUBMISSIONS/course.toml)"))
    regrade = parser.add_argument_group("regrades")
    regrade.add_argument("--students", default=None, metavar="A,B",
                         help="grade only these students; the others keep their recorded results")
    regrade.add_argument("--force", action="store_true",
                         help="grade them (everyone without --students) even if their results are up to date")


def add_course_arguments(group) -> None:
    group.add_argument("--course", type=Path, default=None, help="the course file (TOML: roster, times, late policy)")
    group.add_argument("--roster", type=Path, help="CSV: student ids -> LMS ids and sections (Canvas, Moodle export)")
    group.add_argument("--times", type=Path, help="CSV: student,submitted_at (ISO 8601)")
    group.add_argument("--nbgrader-course", type=Path, metavar="DIR",
                       help="take submission times from nbgrader's submitted/*/ASSIGNMENT/timestamp.txt")
    group.add_argument("--nbgrader-assignment", default="ch04", help="the nbgrader assignment (default ch04)")
    group.add_argument("--deadline", help='e.g. "2024-10-01 23:59" (with --timezone) or 2024-10-01T23:59+09:00')
    group.add_argument("--timezone", help="for the deadline and times without an offset, e.g. Asia/Seoul")
    group.add_argument("--late-penalty", help="e.g. 10%%/day or 2%%/hour")
    group.add_argument("--late-floor", help="the share of the raw score always kept, e.g. 50%%")
    group.add_argument("--grace", help="late by this much is on time, e.g. 15m")
    group.add_argument("--late-tokens", type=int, help="late units free of penalty (the roster's late_tokens wins)")
    group.add_argument("--late-zero-after", type=int, help="more late units than this scores 0")
    group.add_argument("--shared-code", type=Path, action="append", default=None, metavar="DIR",
                       help="code the whole class shares, e.g. the book's (repeat); similarity ignores it")
    group.add_argument("--no-similarity", action="store_true", help="no similarity report")


def course_settings(args: argparse.Namespace):
    """The course file (--course, or SUBMISSIONS/course.toml) with the command line's values over it."""
    from ..batch.course import Course, find_course_file, load_course, with_overrides

    path = args.course or find_course_file(args.submissions)
    course = load_course(path) if path else Course()
    late = {"deadline": args.deadline, "timezone": args.timezone, "penalty": args.late_penalty,
            "floor": args.late_floor, "grace": args.grace, "tokens": args.late_tokens,
            "zero_after": args.late_zero_after}
    nbgrader = (args.nbgrader_course, args.nbgrader_assignment) if args.nbgrader_course else None
    shared = tuple(course.shared_code) + tuple(args.shared_code or ())
    return with_overrides(course, late, roster=args.roster, times=args.times, nbgrader=nbgrader,
                          shared_code=shared, similarity=False if args.no_similarity else None), path


def summary(results: list[dict], stats: dict) -> str:
    from ..batch.changes import final_score

    scores = [final_score(r) for r in results]  # after any late penalty, as gradebook.csv's total
    troubled = sum(any(t["status"] in ("timeout", "crash") for t in r["tasks"]) for r in results)
    parts = [f"{len(results)} students ({stats['graded']} graded, {stats['reused']} reused)"]
    if scores:
        possible = sum(t["points"] for t in results[0]["tasks"])  # less than 100 with --only
        parts.append(f"mean {statistics.fmean(scores):.1f}, median {statistics.median(scores):g} of {possible:g}")
    parts.append(f"{troubled} with timeouts or crashes")
    if stats.get("refused"):
        parts.append(f"{len(stats['refused'])} refused (see not_graded.csv)")
    if stats["failed"]:
        parts.append(f"{len(stats['failed'])} not graded (grader errors; run again to retry)")
    parts.append(f"sandbox {stats['sandbox']}, {'hidden cases' if stats['hidden'] else 'public cases only'}")
    if stats.get("kept"):
        parts.append(f"{len(stats['kept'])} other students kept out of date (run without --students to regrade them)")
    parts.append(f"{stats.get('changed', 0)} changed (changes.csv)")
    if stats.get("flagged") is not None:
        parts.append(f"{stats['flagged']} {'pair' if stats['flagged'] == 1 else 'pairs'} flagged (similarity.html)")
    parts.append(f"{stats['seconds']:.0f} s → {Path(stats['out']) / 'gradebook.csv'}")
    return "graded " + "; ".join(parts)


def executor_for(args: argparse.Namespace):
    """grade_class's own thread pool (None) or, with --dask, an executor on that cluster."""
    if args.dask is None:
        return contextlib.nullcontext()
    from ..batch.cluster import connect

    return connect(args.dask, jobs=args.jobs)


def run(args: argparse.Namespace) -> int:
    from ..batch import grade_class
    from ..batch.intake import IntakeError, find_submissions
    from ..batch.journal import OutLocked
    from ..batch.sandbox import SandboxError

    only = [t for value in args.only for t in value.split(",") if t] if args.only else None
    students = [s for s in args.students.split(",") if s] if args.students is not None else None
    limits = Limits(case_timeout=args.case_timeout, memory_mb=args.memory_mb)
    stats: dict = {}
    try:
        course, path = course_settings(args)
        if path:
            print(f"dlkit grade: course settings from {path}")
        submissions = find_submissions(args.submissions)
        with executor_for(args) as executor:
            results = grade_class(submissions, args.out, jobs=args.jobs, sandbox=args.sandbox,
                                  secret=args.secret, training=training_settings(vars(args).get) or None,
                                  lang=args.lang, progress=not args.no_progress, only=only, limits=limits,
                                  stats=stats, course=course, students=students, force=args.force,
                                  train_public=args.train_public, executor=executor,
                                  cascade=args.cascade)
    except (IntakeError, SandboxError, ValueError, OSError, OutLocked) as exc:
        print(f"dlkit grade: {exc}")
        return 2
    except KeyboardInterrupt:
        print("dlkit grade: interrupted; finished students are kept, run the same command again to resume")
        return 130
    print(summary(results, stats))
    return 1 if stats["failed"] else 0
