"""Batch grading: a class of submissions, each run in a sandboxed child process, judged here.

    from grader.batch import grade_class
    results = grade_class(sorted(Path("submissions").iterdir()), Path("out"), secret="...")

Student code runs only in child processes (sandbox.py, worker.py) that hand back plain
arrays; this process judges them with the same judge as `pytest grader` and never imports
student code. Each finished submission is journalled at once (journal.py), so a run that
is killed resumes where it stopped. docs/batch.md explains the whole design.
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # every sandboxed child imports this package: keep it light
    from concurrent.futures import Executor, Future

__all__ = ["grade_class"]


_said: set[str] = set()  # what warn_once has said in this run


def notice(message: str) -> None:
    print(f"dlkit grade: {message}", file=sys.stderr, flush=True)


def warn_once(key: str, message: str) -> None:
    if key not in _said:
        _said.add(key)
        notice(message)


def grade_class(submissions: Iterable[str | os.PathLike], out: str | os.PathLike, *, jobs: int | None = None,
                sandbox: str = "auto", secret: str | None = None, training: dict | None = None,
                executor: Executor | None = None, lang: str | None = "en", progress: bool = True,
                only: Iterable[str] | None = None, limits=None, stats: dict | None = None,
                cascade: bool = False) -> list[dict]:
    """Grade every submission (a folder or .zip per student, named by student id) into `out`;
    return each student's result dict (what students/<id>/result.json holds), by student id.

    jobs: submissions graded at once (default: the number of CPUs); executor: any
    concurrent.futures executor to run the jobs instead (jobs is then ignored), e.g. a Dask
    cluster's `client.get_executor()`; sandbox: "auto", "bwrap" or "none"; secret: the
    course secret for hidden cases (default $DLKIT_SECRET; none: public cases only);
    training: the training settings (iters_num, train_size, min_accuracy, ...: grader.tasks.TRAINING);
    only: task ids to grade; limits: a sandbox.Limits; stats: a dict to fill with counts
    (graded, reused, failed, seconds, sandbox, hidden, out); cascade: a task that fails only
    because a task it builds on fails loses its points too (default: it keeps them).
    """
    from . import journal
    from .intake import read_submission

    started = time.monotonic()
    _said.clear()
    settings, secret = make_settings(sandbox, secret, training, only, limits, lang, cascade)
    intakes = [read_submission(p) for p in submissions]
    twice = sorted(s for s, n in Counter(i.student for i in intakes).items() if n > 1)
    if twice:
        raise ValueError(f"several submissions for the same student id: {', '.join(twice)}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    journal.clean_temporaries(out)
    done, todo = plan(intakes, out, settings, secret)
    reused = len(done)
    failures = run_jobs(todo, out, jobs, executor, settings.lang, progress, reused, len(intakes), done)
    results = [done[s] for s in sorted(done)]
    write_summaries(results, out, settings.lang)
    if stats is not None:
        stats.update(graded=len(done) - reused, reused=reused, failed=failures, seconds=time.monotonic() - started,
                     sandbox=settings.sandbox, hidden=secret is not None, out=str(out))
    return results


def make_settings(sandbox: str, secret: str | None, training: dict | None, only: Iterable[str] | None, limits,
                  lang: str | None, cascade: bool = False):
    """The run's settings and secret, checked before anything runs; says once what is missing."""
    from ..kit import has_solutions
    from ..messages import choose_lang
    from ..seeds import SECRET_ENV
    from ..session import SessionError, select_tasks
    from .job import Settings
    from .sandbox import Limits, resolve_sandbox

    mode, why = resolve_sandbox(sandbox)
    if why:
        notice(f"{why}: running student code under resource limits only, without bubblewrap's isolation "
               "(see docs/batch.md)")
    secret = secret or os.environ.get(SECRET_ENV) or None
    if secret is None:
        notice(f"no course secret (--secret or ${SECRET_ENV}): grading public cases only")
    elif not has_solutions():
        raise SessionError("hidden cases are judged against solutions/, which this copy of the kit does not have")
    only = tuple(only) if only is not None else None
    limits = limits or Limits()
    select_tasks(only, training, limits.case_timeout)  # unknown tasks or training settings raise here
    return Settings(mode, limits, tuple(sorted((training or {}).items())), only, choose_lang(lang),
                    bool(cascade)), secret


def plan(intakes: list, out: Path, settings, secret: str | None) -> tuple[dict[str, dict], list]:
    """The results the journal still holds, and a job for every other submission."""
    from ..seeds import student_seed
    from . import journal
    from .job import Job

    base_hash = journal.grader_hash(settings.as_dict())
    done: dict[str, dict] = {}
    todo: list[Job] = []
    for intake in intakes:
        seed = student_seed(secret, intake.student) if secret else None
        grader_hash = journal.student_grader_hash(base_hash, seed)
        folder = journal.student_dir(out, intake.student)
        old = journal.reusable(folder, intake.digest, grader_hash)
        if old is not None:
            done[intake.student] = old
            ensure_feedback(old, folder, settings.lang)
        else:
            todo.append(Job(intake.student, intake.files, intake.digest, grader_hash, seed, settings, intake.notes))
    return done, todo


def run_jobs(todo: list, out: Path, jobs: int | None, executor: Executor | None, lang: str, progress: bool,
             initial: int, total: int, done: dict[str, dict]) -> list[tuple[str, str]]:
    """Run the jobs, journalling each as it finishes; return (student, error) for the jobs
    that failed for a reason of the grader's own (they are retried by the next run)."""
    from concurrent.futures import ThreadPoolExecutor, as_completed

    from tqdm import tqdm

    from .job import grade_submission, warm_up
    from .supervise import CANCEL

    own = executor is None
    pool = executor or ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 1, thread_name_prefix="dlkit-grade")
    failures = []
    bar = tqdm(total=total, initial=initial, unit="student", desc="grading", disable=not progress,
               dynamic_ncols=True)
    futures: dict[Future, str] = {}
    CANCEL.clear()
    try:
        futures = {pool.submit(grade_submission, job): job.student for job in todo}
        if own and todo:  # the judging happens in this process: prepare it while the children run
            warm_up(todo[0].settings, any(job.hidden_seed is not None for job in todo))
        for future in as_completed(futures):
            student = futures[future]
            try:
                graded = future.result()
            except Exception as exc:  # the grader's own failure: report it, grade the others
                failures.append((student, f"{type(exc).__name__}: {exc}"))
                notice(f"could not grade {student}: {type(exc).__name__}: {exc}")
            else:
                record(graded, out, lang)
                done[student] = graded.result
            bar.set_postfix_str(student, refresh=False)
            bar.update(1)
    except BaseException:
        CANCEL.set()  # Ctrl-C: every supervisor in this process kills its child
        for future in futures:
            future.cancel()
        raise
    finally:
        bar.close()
        if own:
            pool.shutdown(wait=True, cancel_futures=True)
    return failures


def record(graded, out: Path, lang: str) -> None:
    """Journal one submission: its files, its page, and last its result.json."""
    from . import journal

    folder = journal.student_dir(out, graded.student)
    journal.write_files(folder, graded)
    render_feedback_safely(graded.result, folder, lang)
    journal.commit(folder, graded.result)


def write_summaries(results: list[dict], out: Path, lang: str) -> None:
    from .gradebook import write_gradebook

    write_gradebook(out, results)
    try:
        from .reports import render_class_report

        render_class_report(results, out, lang)
    except Exception as exc:  # the pages are a view of the results; never lose a grade to them
        notice(f"the class report could not be written ({type(exc).__name__}: {exc})")


def render_feedback_safely(result: dict, folder: Path, lang: str) -> None:
    """The feedback page (reports.py); a failure there must not cost the grade."""
    try:
        from .reports import render_feedback

        render_feedback(result, folder, lang)
    except Exception as exc:
        warn_once("feedback", f"feedback pages could not be written ({type(exc).__name__}: {exc})")


def ensure_feedback(result: dict, folder: Path, lang: str) -> None:
    """A reused result whose page a killed run did not get to."""
    try:
        from .reports import FEEDBACK
    except Exception:
        return
    if not (folder / FEEDBACK).is_file():
        render_feedback_safely(result, folder, lang)
