"""`dlkit nbgrader COURSE_DIR`: the chapter as an nbgrader course, and the safer way back into its gradebook.

    dlkit nbgrader COURSE_DIR                   # write source/ch04/*.ipynb and nbgrader_config.py
    dlkit nbgrader COURSE_DIR --import-scores   # grade submitted/ with the batch grader, into the gradebook

The bridge itself is grader/nbgrader/ (authoring.py, scores.py); docs/nbgrader.md.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ..kit import has_solutions
from ..messages import choose_lang
from ..nbgrader.authoring import ASSIGNMENT, COURSE_ID, course_seed, write_course
from ..nbgrader.scores import import_scores
from ..options import CASCADE, HIDDEN_SEED, LANG, SECRET, TRAINING_OPTIONS, add_options, training_settings
from ..seeds import SECRET_ENV

# The training task trains on MNIST in the kernel nbgrader runs; these settings keep one
# notebook within seconds. Without --with-training the assignment leaves it out.
TINY_TRAINING = {"iters_num": 600, "train_size": 6000, "min_accuracy": 0.7}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("course_dir", type=Path, help="the nbgrader course directory (created if missing)")
    parser.add_argument("--assignment", default=ASSIGNMENT, help=f"assignment id (default {ASSIGNMENT})")
    parser.add_argument("--import-scores", action="store_true",
                        help="grade submitted/<student>/ASSIGNMENT with the isolated batch grader and write the "
                             "scores into nbgrader's gradebook (instead of writing the course)")
    parser.add_argument("--course-id", default=COURSE_ID, help=f"nbgrader course id (default {COURSE_ID})")
    parser.add_argument("--students", default="", help="student ids to register, comma-separated")
    add_options(parser.add_argument, (SECRET, HIDDEN_SEED))
    parser.add_argument("--with-training", action="store_true",
                        help=f"include the MNIST training task, with small settings ({TINY_TRAINING}); "
                             "any --train-* option implies it")
    add_options(parser.add_argument, TRAINING_OPTIONS)
    parser.add_argument("--force", action="store_true", help="write source/ASSIGNMENT again if it exists")
    parser.add_argument("--jobs", type=int, default=None, help="--import-scores: parallel children")
    parser.add_argument("--sandbox", default="auto", help="--import-scores: auto, bwrap or none")
    add_options(parser.add_argument, (LANG, CASCADE))


def assignment_training(args: argparse.Namespace) -> dict | None:
    given = training_settings(vars(args).get)
    if not (given or args.with_training):
        return None
    return {**TINY_TRAINING, **given}


def run(args: argparse.Namespace) -> int:
    secret = args.secret or os.environ.get(SECRET_ENV)
    if args.import_scores:
        results = import_scores(args.course_dir, args.assignment, secret=secret, jobs=args.jobs,
                                sandbox=args.sandbox, lang=choose_lang(args.lang), cascade=args.cascade or None)
        for result in results:
            possible = sum(task["points"] for task in result["tasks"])
            print(f"{result['student']:<20} {result['score']:>6g} / {possible:g}")
        print(f"wrote {len(results)} students' scores into {args.course_dir / 'gradebook.db'}")
        return 0
    if not has_solutions():
        print("dlkit nbgrader needs solutions/ (the instructor's copy of the kit)")
        return 2
    students = [s.strip() for s in args.students.split(",") if s.strip()]
    training = assignment_training(args)
    if args.hidden_seed is None and not secret:
        print(f"note: no --secret or ${SECRET_ENV}: the hidden cases use the public default seed "
              f"{course_seed(args.assignment, None)}")
    try:
        notebooks = write_course(args.course_dir, assignment=args.assignment, course_id=args.course_id,
                                 students=students, hidden_seed=args.hidden_seed, secret=secret, training=training,
                                 force=args.force, cascade=args.cascade)
    except FileExistsError as exc:
        print(exc)
        return 2
    for path in notebooks:
        print(f"wrote {path}")
    print(f"next: cd {args.course_dir} && nbgrader generate_assignment {args.assignment} (docs/nbgrader.md)")
    return 0
