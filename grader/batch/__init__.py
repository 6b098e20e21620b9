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

    from .course import Course

__all__ = ["grade_class"]

GRADEBOOK = "gradebook.csv"


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
                course: Course | None = None, students: Iterable[str] | None = None,
                force: bool = False, train_public: bool = False, cascade: bool = False) -> list[dict]:
    """Grade every submission (a folder or .zip per student, named by student id) into `out`;
    return each student's result dict (what students/<id>/result.json holds), by student id.

    jobs: submissions graded at once (default: the number of CPUs); executor: any
    concurrent.futures executor to run the jobs instead (jobs is then ignored), e.g. a Dask
    cluster's (cluster.DaskExecutor); sandbox: "auto", "bwrap" or "none"; secret: the
    course secret for hidden cases (default $DLKIT_SECRET; none: public cases only);
    training: the training settings (iters_num, train_size, min_accuracy, ...: grader.tasks.TRAINING);
    only: task ids to grade; limits: a sandbox.Limits; stats: a dict to fill with counts
    (graded, reused, failed, refused, seconds, sandbox, confined, hidden, out, changed, kept,
    flagged). course: a course.Course (roster, late policy, LMS export, similarity report);
    students: grade only these (the others keep their recorded results); force: grade them
    (everyone without `students`) even when the journal's result is still valid. Every run
    writes changes.csv against the last completed run (changes.py). train_public: with a
    secret, train on the public case too (default: on the hidden case alone, one training per
    student). cascade: a task that fails only because a task it builds on fails loses its
    points too (default: it keeps them).

    A submission that cannot be taken (a bad name, two for one id, unreadable) is refused
    alone; it and any student the grader failed on are listed, with the reason, in
    not_graded.csv and the gradebook. OUT is locked for the run (journal.OutLocked).

    An executor whose workers run the children elsewhere may have `check_workers(sandbox,
    training) -> (mode, why)`, which then resolves the sandbox instead of this machine, after
    checking that every worker can grade; `warm_up(settings, hidden)` and `cancel_running()`
    do on its workers what job.warm_up and supervise.CANCEL do for the own pool.
    """
    from dataclasses import replace

    from . import journal
    from .course import Course, CourseRun
    from .job import data_key

    started = time.monotonic()
    _said.clear()
    settings, secret = make_settings(sandbox, secret, training, only, limits, lang, train_public, executor, cascade)
    intakes, refused = take_in(submissions)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    lock = journal.lock_out(out)
    summary: dict = {}
    try:
        journal.clean_temporaries(out)
        if any(t.needs_mnist for t in settings.tasks()):  # the key of the training cases' data
            settings = replace(settings, data_key=data_key(secret or journal.salt(out)))
        run = CourseRun.start(course or Course(similarity=False), {i.student: i.source for i in intakes})
        done, todo, kept = plan(intakes, out, settings, secret, run, students, force)
        reused = len(done)
        failures = run_jobs(todo, out, jobs, executor, settings.lang, progress, reused, len(intakes), done, run)
        results = [done[s] for s in sorted(done)]
        try:
            summary = write_summaries(results, out, settings.lang, run, intakes,
                                      {job.student for job in todo} if force else (), refused + failures)
        except OSError as exc:  # a full disk: the journal keeps every result written so far
            failures.append((GRADEBOOK, f"could not be written: {type(exc).__name__}: {exc}"))
            notice(f"{GRADEBOOK} could not be written: {type(exc).__name__}: {exc}")
    finally:
        os.close(lock)
    if stats is not None:
        stats.update(graded=len(done) - reused, reused=reused, failed=failures, refused=refused,
                     seconds=time.monotonic() - started, sandbox=settings.sandbox, confined=confinement(),
                     hidden=secret is not None, out=str(out), kept=kept, **summary)
    return results


def take_in(submissions: Iterable[str | os.PathLike]) -> tuple[list, list[tuple[str, str]]]:
    """The submissions that can be graded, and (name, reason) for each that cannot: a bad
    name, an unreadable path, one of several for the same id (none of those is graded: which
    one counts is the instructor's call). One odd entry never stops the class."""
    from .intake import IntakeError, read_submission, shown

    intakes, refused = [], []
    for path in submissions:
        name = shown(os.path.basename(os.fspath(path)))
        try:
            intakes.append(read_submission(path))
        except IntakeError as exc:
            refused.append((name, str(exc)))
        except Exception as exc:  # whatever an odd file makes raise: it alone is not graded
            refused.append((name, f"{name}: unreadable ({type(exc).__name__}: {exc})"))
    twice = {s for s, n in Counter(i.student for i in intakes).items() if n > 1}
    for student in sorted(twice):
        names = ", ".join(sorted(os.path.basename(i.source) for i in intakes if i.student == student))
        refused.append((student, f"several submissions for the student id {student} ({names}): none graded"))
    for _, reason in refused:
        notice(f"not graded: {reason}")
    return [i for i in intakes if i.student not in twice], refused


def confinement() -> list[str]:
    """What each child is confined by beyond its own limits here (cgroups, a tmpfs scratch)."""
    from .confine import detect

    return detect().describe()


def make_settings(sandbox: str, secret: str | None, training: dict | None, only: Iterable[str] | None, limits,
                  lang: str | None, train_public: bool = False, executor=None, cascade: bool = False):
    """The run's settings and secret, checked before anything runs; says once what is missing."""
    from ..kit import has_solutions
    from ..messages import choose_lang
    from ..seeds import SECRET_ENV
    from ..session import SessionError, select_tasks
    from .job import Settings
    from .sandbox import Limits, resolve_sandbox

    secret = secret or os.environ.get(SECRET_ENV) or None
    if secret is None:
        notice(f"no course secret (--secret or ${SECRET_ENV}): grading public cases only")
    elif not has_solutions():
        raise SessionError("hidden cases are judged against solutions/, which this copy of the kit does not have")
    only = tuple(only) if only is not None else None
    limits = limits or Limits()
    tasks = select_tasks(only, training, limits.case_timeout)  # unknown tasks or training settings raise here
    check_workers = getattr(executor, "check_workers", None)
    if check_workers is not None:  # the children run on the executor's workers: they decide
        mode, why = check_workers(sandbox, training=any(t.needs_mnist for t in tasks))
    else:
        mode, why = resolve_sandbox(sandbox)
    if why:
        notice(f"{why}: running student code under resource limits only, without bubblewrap's isolation "
               "(see docs/batch.md)")
    if check_workers is None:  # cgroups and the tmpfs scratch: what this machine's children get
        from .confine import detect

        for missing in detect().missing:
            notice(f"{missing}: memory, processes, CPU and disk are limited per process only (see docs/batch.md)")
    return Settings(mode, limits, tuple(sorted((training or {}).items())), only, choose_lang(lang),
                    public_training=train_public or secret is None, cascade=bool(cascade)), secret


def plan(intakes: list, out: Path, settings, secret: str | None, run, students: Iterable[str] | None = None,
         force: bool = False) -> tuple[dict[str, dict], list, list[str]]:
    """The results the journal still holds, a job for every other submission (with `students`,
    only for them: changes.select), and the students kept as recorded though out of date."""
    from ..seeds import student_seed
    from . import journal
    from .changes import select
    from .job import Job

    parts = journal.hash_parts(settings.as_dict())
    base_hash = journal.grader_hash(settings.as_dict(), parts)
    jobs, valid = {}, {}
    for intake in intakes:
        seed = student_seed(secret, intake.student) if secret else None
        grader_hash = journal.student_grader_hash(base_hash, seed)
        valid[intake.student] = journal.reusable(journal.student_dir(out, intake.student), intake.digest, grader_hash)
        jobs[intake.student] = Job(intake.student, intake.files, intake.digest, grader_hash, seed, settings,
                                   intake.notes, parts)
    grade, stale = select(jobs, {s: r is not None for s, r in valid.items()}, students, force)
    done: dict[str, dict] = {}
    kept = []
    for student in sorted(set(jobs) - grade):
        folder = journal.student_dir(out, student)
        old = valid[student] or (journal.recorded(folder) if student in stale else None)
        if old is None:
            notice(f"{student} has no result yet and is not among --students: left out of this run")
            continue
        kept += [student] if student in stale else []
        done[student] = old
        if run.refresh(old, folder, settings.lang):
            render_feedback_safely(old, folder, settings.lang)  # its lateness changed
        else:
            ensure_feedback(old, folder, settings.lang)
    return done, [jobs[i.student] for i in intakes if i.student in grade], kept


def run_jobs(todo: list, out: Path, jobs: int | None, executor: Executor | None, lang: str, progress: bool,
             initial: int, total: int, done: dict[str, dict], run=None) -> list[tuple[str, str]]:
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
        warm = warm_up if own else getattr(pool, "warm_up", None)
        if warm is not None and todo:  # prepare the judging (here, or on the workers) while the children run
            warm(todo[0].settings, any(job.hidden_seed is not None for job in todo))
        for future in as_completed(futures):
            student = futures[future]
            try:
                graded = future.result()
            except Exception as exc:  # the grader's own failure: report it, grade the others
                failures.append((student, f"{type(exc).__name__}: {exc}"))
                notice(f"could not grade {student}: {type(exc).__name__}: {exc}")
            else:
                try:
                    record(graded, out, lang, run)
                except Exception as exc:  # a full disk: this student is not journalled, the others go on
                    failures.append((student, f"could not write the results: {type(exc).__name__}: {exc}"))
                    notice(f"could not write the results of {student}: {type(exc).__name__}: {exc}")
                else:
                    done[student] = graded.result
            bar.set_postfix_str(student, refresh=False)
            bar.update(1)
    except BaseException:
        CANCEL.set()  # Ctrl-C: every supervisor in this process kills its child
        for future in futures:
            future.cancel()
        if hasattr(pool, "cancel_running"):  # and on the workers, where a running job cannot be interrupted
            pool.cancel_running()
        raise
    finally:
        bar.close()
        if own:
            pool.shutdown(wait=True, cancel_futures=True)
    return failures


def record(graded, out: Path, lang: str, run=None) -> None:
    """Journal one submission: the result it replaces kept, its files, its page, and last its result.json."""
    from . import journal
    from .changes import keep_history

    folder = journal.student_dir(out, graded.student)
    keep_history(folder)
    if run is not None:
        run.complete(graded.result, graded.gradescope, lang)  # its lateness
    journal.write_files(folder, graded)
    render_feedback_safely(graded.result, folder, lang)
    journal.commit(folder, graded.result)


def write_summaries(results: list[dict], out: Path, lang: str, run=None, intakes: list = (),
                    forced: Iterable[str] = (), not_graded: list[tuple[str, str]] = ()) -> dict:
    """The gradebook (and not_graded.csv), the class report, the course's files, and last
    changes.csv; counts for the summary."""
    from .changes import write_changes
    from .gradebook import write_gradebook, write_not_graded

    write_not_graded(out, not_graded)
    write_gradebook(out, results, not_graded)
    summary: dict = {}
    if run is not None:
        safely("the LMS files", run.write_lms, results, out, lang, notice)
        summary["flagged"] = safely("the similarity report", similarity, results, out, lang, run, intakes)
    safely("the class report", render_class_report, results, out, lang)
    summary["changed"] = len(write_changes(out, results, forced))
    return summary


def safely(what: str, write, *args):
    """Pages and exports are views of the results: never lose a grade to them."""
    try:
        return write(*args)
    except Exception as exc:
        notice(f"{what} could not be written ({type(exc).__name__}: {exc})")
        return None


def render_class_report(results: list[dict], out: Path, lang: str) -> None:
    from .reports import render_class_report

    render_class_report(results, out, lang)


def similarity(results: list[dict], out: Path, lang: str, run, intakes: list) -> int | None:
    """OUT/similarity.html and .csv for the graded students; the number of flagged pairs."""
    if not run.course.similarity:
        return None
    from .similarity import similarity_report

    graded = {r["student"] for r in results}
    report = similarity_report({i.student: i.files for i in intakes if i.student in graded}, out,
                               {r["student"]: r for r in results}, run.course.shared_code, lang,
                               tasks={t["id"] for r in results for t in r["tasks"]})
    return report.flagged


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
