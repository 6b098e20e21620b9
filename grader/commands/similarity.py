"""`dlkit similarity SUBMISSIONS --out DIR`: the similarity report on its own.

The code signal needs only the submissions; with `--results OUT` (a folder `dlkit grade`
wrote) the identical-wrong-behaviour signal too. `dlkit grade` writes the same report
beside its gradebook; docs/batch.md explains both signals and their thresholds.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("submissions", nargs="+", type=Path,
                        help="a folder of submissions (one folder or .zip per student), or the submissions themselves")
    parser.add_argument("--out", type=Path, default=None, help="where similarity.html and .csv go (default: --results)")
    parser.add_argument("--results", type=Path, default=None,
                        help="a folder `dlkit grade` wrote: adds the identical-wrong-behaviour signal")
    parser.add_argument("--shared-code", type=Path, action="append", default=None, metavar="DIR",
                        help="code the whole class shares, e.g. the book's (repeat)")
    parser.add_argument("--course", type=Path, default=None,
                        help="the course file whose [similarity] shared_code to use (default: SUBMISSIONS/course.toml)")
    parser.add_argument("--lang", default=None, help="ko or en (default: $DLKIT_LANG, then the locale)")


def recorded_results(folder: Path) -> dict[str, dict]:
    from ..batch.journal import recorded, student_dir

    students = sorted(p.name for p in (folder / "students").iterdir() if p.is_dir()) \
        if (folder / "students").is_dir() else []
    return {s: r for s in students if (r := recorded(student_dir(folder, s))) is not None}


def run(args: argparse.Namespace) -> int:
    from ..batch.course import find_course_file, load_course
    from ..batch.intake import IntakeError, find_submissions, read_submission
    from ..batch.similarity import similarity_report
    from ..messages import choose_lang

    out = args.out or args.results
    if out is None:
        print("dlkit similarity: give --out DIR (or --results OUT)")
        return 2
    try:
        path = args.course or find_course_file(args.submissions)
        shared = (*(load_course(path).shared_code if path else ()), *(args.shared_code or ()))
        submissions = {i.student: i.files for i in map(read_submission, find_submissions(args.submissions))}
        results = recorded_results(args.results) if args.results else None
        if results is not None:
            results = {s: r for s, r in results.items() if s in submissions}
        report = similarity_report(submissions, out, results, shared, choose_lang(args.lang))
    except (IntakeError, ValueError, OSError) as exc:
        print(f"dlkit similarity: {exc}")
        return 2
    signals = "code and behaviour" if results else "code only (--results OUT adds the behaviour signal)"
    flagged = f"{report.flagged} {'pair' if report.flagged == 1 else 'pairs'} flagged"
    print(f"dlkit similarity: {len(submissions)} students, {signals}; {flagged}, "
          f"{len(report.rows) - report.flagged} for review → {report.html}")
    return 0
