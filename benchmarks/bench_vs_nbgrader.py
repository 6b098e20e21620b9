"""Submissions per minute: `dlkit grade` against `nbgrader autograde`, on the same notebooks (issue 4).

A course written by the real bridge (`dlkit nbgrader COURSE --students ...`, training left
out, as by default), released by `nbgrader generate_assignment`, and M students' notebooks
in submitted/<id>/ch04/ (the solutions, and solutions with catalogued mistakes from
solutions/mutants/; every notebook handed in). Then, on fresh copies of that course,
alternately, --repeats times:

  - nbgrader: `nbgrader autograde ch04` (serial: a kernel per notebook, the test cells
    call the kit's judge; hidden cases with the course's seed);
  - dlkit: the notebooks extracted into exercise files (`submitted_to_folders`, timed on
    its own), then `dlkit grade FOLDERS --jobs 2 --sandbox bwrap --only <the assignment's
    tasks>` with $DLKIT_SECRET set (hidden cases with each student's seed): the target's
    figure, submissions per minute, must be >= 5x nbgrader's;
  - and, for the record, `dlkit nbgrader COURSE --import-scores --jobs 2 --sandbox bwrap`:
    extraction, the batch grader, nbgrader's autograde with the kit's verdicts and the
    gradebook, the whole drop-in replacement for `nbgrader autograde`.

Both sides grade the same 19 tasks of the same code. The machine may be shared: wall times
are what they are; CPU times are printed beside them.

    python benchmarks/bench_vs_nbgrader.py [--students 6] [--repeats 2]
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_batch import adopt_orphans, reap_orphans  # noqa: E402

TARGET = 5.0  # dlkit's submissions per minute over nbgrader's
JOBS = 2
ASSIGNMENT = "ch04"
SECRET = "dlkit-benchmark-secret"
# (file -> mistake) per student, cycled: half correct, half with catalogued mistakes in one or two files
MISTAKES = ({}, {"functions.py": "sse_slide_typo", "two_layer_net.py": "bp_no_batch_mean"},
            {"functions.py": "ce_no_delta", "gradient.py": "grad_no_restore"}, {},
            {"gradient.py": "diff_forward", "plots.py": "plot_uphill"},
            {"two_layer_net.py": "bp_sigmoid_grad_of_z1", "gradient.py": "gd_history_after_step"})


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float]:
    """(wall, CPU of the command and all it started) of a command that must succeed."""
    cpu0, start = children_cpu(), time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True)
    wall = time.perf_counter() - start
    reap_orphans()  # sandboxes' processes, whose CPU time would otherwise go uncounted
    cpu = children_cpu() - cpu0
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return wall, cpu


# ---------------------------------------------------------------- the course and the class


def strip_markers(source: str) -> str:
    return "\n".join(line for line in source.splitlines()
                     if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))


def student_notebook(release: Path, sources: Path):
    """A release notebook with its answer cells written from `sources` (solutions/ or a mutant)."""
    import nbformat

    from grader.nbgrader.authoring import assignment_tasks, module_cells

    file = release.name.split("_", 1)[1].replace(".ipynb", ".py")
    cells = module_cells(file, assignment_tasks(None), 0, None, sources)
    answers = {c.grade_id: strip_markers(c.source) for c in cells if c.kind == "answer"}
    nb = nbformat.read(release, as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            cell.source = answers[meta["grade_id"]]
    return nb


def hand_in(course: Path, student: str, mistakes: dict[str, str], mutants: Path) -> None:
    import nbformat

    from grader.kit import SOLUTIONS
    from grader.reference import make_mutant

    folder = course / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True)
    for release in sorted((course / "release" / ASSIGNMENT).glob("*.ipynb")):
        file = release.name.split("_", 1)[1].replace(".ipynb", ".py")
        sources = make_mutant(mistakes[file], mutants / student) if file in mistakes else SOLUTIONS
        nbformat.write(student_notebook(release, sources), folder / release.name)
    (folder / "timestamp.txt").write_text("2024-05-01 10:00:00.000000 UTC")


def make_course(root: Path, students: list[str]) -> Path:
    """The course with every student's notebooks in submitted/, before any grading."""
    course = root / "course"
    run(["dlkit", "nbgrader", str(course), "--students", ",".join(students)], REPO_ROOT, {"DLKIT_SECRET": SECRET})
    run([sys.executable, "-m", "nbgrader", "generate_assignment", ASSIGNMENT, "--force"], course)
    for i, student in enumerate(students):
        hand_in(course, student, MISTAKES[i % len(MISTAKES)], root / "mutants")
    return course


def assignment_task_ids() -> list[str]:
    from grader.nbgrader.authoring import assignment_tasks

    return [task.id for task in assignment_tasks(None)]


# ---------------------------------------------------------------- the three ways


def nbgrader_autograde(pristine: Path, work: Path) -> dict:
    course = shutil.copytree(pristine, work / "nbgrader")
    wall, cpu = run([sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT], course)
    graded = len(list((course / "autograded").glob(f"*/{ASSIGNMENT}")))
    return {"wall": wall, "cpu": cpu, "graded": graded}


def dlkit_grade(pristine: Path, work: Path) -> dict:
    from grader.nbgrader.scores import submitted_to_folders

    course = shutil.copytree(pristine, work / "dlkit")
    start = time.perf_counter()
    folders = submitted_to_folders(course, ASSIGNMENT, work / "extracted")
    extract = time.perf_counter() - start
    out = work / "graded"
    command = ["dlkit", "grade", *map(str, folders), "--out", str(out), "--jobs", str(JOBS), "--sandbox", "bwrap",
               "--no-progress", "--only", ",".join(assignment_task_ids())]
    wall, cpu = run(command, REPO_ROOT, {"DLKIT_SECRET": SECRET})
    with open(out / "gradebook.csv", newline="") as fh:
        graded = len(list(csv.DictReader(fh)))
    return {"wall": wall, "cpu": cpu, "graded": graded, "extract": extract}


def dlkit_import_scores(pristine: Path, work: Path) -> dict:
    course = shutil.copytree(pristine, work / "import")
    wall, cpu = run(["dlkit", "nbgrader", str(course), "--import-scores", "--jobs", str(JOBS), "--sandbox", "bwrap"],
                    REPO_ROOT, {"DLKIT_SECRET": SECRET})
    graded = len(list((course / "autograded").glob(f"*/{ASSIGNMENT}")))
    return {"wall": wall, "cpu": cpu, "graded": graded}


WAYS = {"nbgrader autograde": nbgrader_autograde, "dlkit grade": dlkit_grade,
        "dlkit nbgrader --import-scores": dlkit_import_scores}


# ---------------------------------------------------------------- the figures


def per_minute(n: int, seconds: float) -> float:
    return 60 * n / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=6)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    adopt_orphans()
    students = [f"s{i:03d}" for i in range(args.students)]
    n = len(students)
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start; {n} students, "
          f"{len(assignment_task_ids())} tasks (training left out), hidden cases on both sides")
    runs: dict[str, list[dict]] = {way: [] for way in WAYS}
    with tempfile.TemporaryDirectory(prefix="dlkit-bench-nbgrader-") as tmp:
        pristine = make_course(Path(tmp) / "made", students)
        for rep in range(args.repeats):
            order = list(WAYS) if rep % 2 == 0 else list(reversed(WAYS))
            for way in order:
                work = Path(tmp) / f"run{rep}" / way.split()[0] / way.split()[-1].strip("-")
                work.mkdir(parents=True)
                result = WAYS[way](pristine, work)
                if result["graded"] != n:
                    sys.exit(f"{way} graded {result['graded']} of {n} students")
                runs[way].append(result)
    rates = {way: [per_minute(n, r["wall"]) for r in rs] for way, rs in runs.items()}
    for way, rs in runs.items():
        walls = ", ".join(f"{r['wall']:.1f}" for r in rs)
        cpus = ", ".join(f"{r['cpu']:.1f}" for r in rs)
        print(f"  {way:32s} wall [{walls}] s  CPU [{cpus}] s  "
              f"-> {statistics.median(rates[way]):6.1f} submissions/min  (runs {[round(r, 1) for r in rates[way]]})")
    extract = [r["extract"] for r in runs["dlkit grade"]]
    print(f"  extracting the notebooks into folders for dlkit grade: {statistics.median(extract):.2f} s "
          f"({60 * n / (statistics.median(r['wall'] for r in runs['dlkit grade']) + statistics.median(extract)):.1f} "
          "submissions/min with it)")
    base = statistics.median(rates["nbgrader autograde"])
    ratio = statistics.median(rates["dlkit grade"]) / base
    ratios = [d / b for d, b in zip(rates["dlkit grade"], rates["nbgrader autograde"], strict=True)]
    print(f"  dlkit nbgrader --import-scores / nbgrader autograde: "
          f"{statistics.median(rates['dlkit nbgrader --import-scores']) / base:.2f}x")
    print(f"  dlkit grade / nbgrader autograde, submissions per minute: {ratio:.2f}x  "
          f"(runs {[round(r, 2) for r in ratios]}; target >= {TARGET:g}x)")
    met = ratio >= TARGET
    print(f"  {'TARGET MET' if met else 'TARGET MISSED'}: {ratio:.2f}x {'>=' if met else '<'} {TARGET:g}x")
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
