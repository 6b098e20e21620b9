"""What does the batch grader cost on top of the grading itself? (issue 4)

1. Overhead (--overhead). N submissions (distinct ids; correct copies of solutions/ and
   copies with one catalogued mistake from solutions/mutants/, alternating), every task
   but training, hidden cases from a fixed benchmark secret, graded by
   `grade_class(jobs=2, sandbox="bwrap", only=<every task but train>, progress=False)`.
   Side by side, the same folders and seeds graded in one process, serially, no sandbox:
   `grader.session.grade_tasks` (each task after those it builds on), what `pytest grader` does.
     - wall per submission = wall / N with 2 jobs (the throughput view): target < 0.5 s,
       printed as the ratio "batch per-submission wall / 0.5 s" (target <= 1);
     - CPU per submission = (the grader's CPU + its children's: bubblewrap and the
       workers) / N; CPU / 2 is the wall per submission when both cores are ours alone;
     - "batch vs in-process": the two walls' ratio and the two CPU times' ratio;
     - "confined vs per-process limits only": the same batch with each child's cgroups and
       tmpfs scratch (grader/batch/confine.py, where this machine has them) against the same
       batch without them, what the hardening against hostile submissions costs.
3. Training (--training; part 2 is bench_vs_nbgrader.py). K correct copies graded on
   every task, training included, with the book's settings by default (--train-iters,
   --train-size, --min-accuracy); with the benchmark's secret the batch trains each student
   once, on the hidden case. Side by side, every training case the grading runs, run alone:
   solutions.train.train in a fresh process, OMP/OPENBLAS threads = 1 as the children have,
   MNIST loaded before the clock starts (so loading it counts as the grader's overhead),
     - serially in one process: the target's figure, wall / (sum of the training times / 2),
       must be <= 1.10;
     - split over 2 processes at once (half the students each): what two cores really
       give two trainings on this machine (memory bandwidth, page faults, other users);
     - serially again on the arrays the grader hands train(): the images widened to float64
       (catalogue.widened; the same values, but the per-epoch accuracy no longer converts
       376 MB each time), so batch wall / (that / 2) is what grading adds to the training
       it runs, while the target compares with the training as students run it;
     - with --compare-public, the batch with --train-public too (a public and a hidden
       training per student, what the grader did before), against the same denominator.
4. Dask (--dask). Part 3's class (--dask-light: part 1's) graded on the thread pool and on
   `--dask local:2` (a LocalCluster of 2 single-threaded worker processes, started and
   stopped inside the clock): the ratio of the walls. The overhead is taken apart: the
   cluster's start and stop; the workers' first-job set-up (grade_class again on the same
   cluster: the difference); what is left per job on set-up workers, beside the transport
   of one job's bytes there and back, timed alone.

Each side runs in a fresh process of this script (no caches shared), the sides alternate,
--repeats times; medians and every run are printed. The batch and in-process scores must
agree (the benchmark says so if they do not). Other jobs on a shared machine stretch wall
times: the load average is printed, and CPU times beside the walls.

    python benchmarks/bench_batch.py [--overhead] [--training] [--n 20] [--k 2] [--repeats 2]
                                     [--train-iters 10000] [--train-size 0] [--public-only]
                                     [--compare-public] [--dask] [--dask-light]
"""

from __future__ import annotations

import argparse
import ctypes
import json
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

OVERHEAD_TARGET = 0.5  # seconds of wall per submission, 2 jobs on 2 cores
TRAINING_TARGET = 1.10  # wall / (training alone / cores)
JOBS = 2
SECRET = "dlkit-benchmark-secret"  # hidden cases as in a real run, the same seeds every time
EXERCISE_FILES = ("functions.py", "gradient.py", "simple_net.py", "two_layer_net.py", "train.py", "plots.py")
# catalogued mistakes spread over the files; none loops forever (a timeout is a limit at work, not overhead)
MISTAKES = ("sse_slide_typo", "ce_no_delta", "diff_forward", "grad_no_restore", "gd_history_after_step",
            "predict_no_softmax", "accuracy_count", "bp_no_batch_mean", "bp_sigmoid_grad_of_z1", "plot_uphill")
SINGLE_THREAD = {var: "1" for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
PR_SET_CHILD_SUBREAPER = 36


# ---------------------------------------------------------------- the class


def copy_exercises(source: Path, dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in EXERCISE_FILES:
        shutil.copy(source / name, dest / name)
    return dest


def make_class(root: Path, n: int, mistaken: bool) -> list[Path]:
    """n student folders s000, s001, ...: correct copies, every other one a mutant if `mistaken`."""
    from grader.kit import SOLUTIONS
    from grader.reference import make_mutant

    folders = []
    for i in range(n):
        source = SOLUTIONS
        if mistaken and i % 2:
            source = make_mutant(MISTAKES[(i // 2) % len(MISTAKES)], root / "mutants" / str(i))
        folders.append(copy_exercises(source, root / "class" / f"s{i:03d}"))
    return folders


# ---------------------------------------------------------------- CPU time, sandboxes included


def adopt_orphans() -> None:
    """Become a subreaper. Under --unshare-pid, bubblewrap's outer process exits without
    reaping the namespace's init, so a worker's CPU time never reaches RUSAGE_CHILDREN; a
    subreaper inherits such orphans, and reaping them (reap_orphans) counts their time."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def reap_orphans(patience: float = 2.0) -> None:
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return  # none left
        if pid == 0:
            time.sleep(0.01)


def cpu_seconds() -> tuple[float, float]:
    """User + system CPU of this process and of its reaped descendants."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def timed(fn) -> tuple[object, dict]:
    cpu0, kids0 = cpu_seconds()
    start = time.perf_counter()
    value = fn()
    wall = time.perf_counter() - start
    cpu1, kids1 = cpu_seconds()
    return value, {"wall": wall, "cpu_self": cpu1 - cpu0, "cpu_children": kids1 - kids0}


# ---------------------------------------------------------------- one side, in a fresh process


def side_batch(spec: dict) -> dict:
    """grade_class on its thread pool or, with spec["dask"] ("local:2"), on a LocalCluster
    started and stopped inside the clock. With spec["warm"], then the class again into another
    folder, on the same pool or cluster ("warm_wall": the per-process set-up done), and on the
    cluster the transport of one job's worth of bytes there and back ("transport_*")."""
    import contextlib

    from grader.batch import confine, grade_class

    adopt_orphans()
    extra: dict = {}
    if not spec.get("confined", True):  # this process only: the children under per-process limits alone
        confine.detect = lambda: confine.Host(missing=("off for the benchmark",))

    def grade_on(executor, out: str) -> tuple[list[dict], float]:
        start = time.perf_counter()
        results = grade_class([Path(p) for p in spec["folders"]], out, jobs=JOBS, sandbox="bwrap",
                              secret=spec["secret"], training=spec["training"], only=spec["only"], progress=False,
                              train_public=spec.get("train_public", False), executor=executor)
        return results, time.perf_counter() - start

    def grade() -> list[dict]:
        start = time.perf_counter()
        with contextlib.ExitStack() as stack:
            executor = None
            if spec.get("dask"):
                from grader.batch.cluster import connect

                executor = stack.enter_context(connect(spec["dask"]))
            extra["start_wall"] = time.perf_counter() - start
            results, extra["grade_wall"] = grade_on(executor, spec["out"])
            if spec.get("warm"):
                before = cpu_seconds()[0]
                _, extra["warm_wall"] = grade_on(executor, spec["out"] + "-warm")
                extra["warm_cpu_self"] = cpu_seconds()[0] - before  # this process alone: on a cluster, no judging
            if executor is not None:
                extra.update(transport(executor, Path(spec["out"])))
            stop = time.perf_counter()
        extra["stop_wall"] = time.perf_counter() - stop
        reap_orphans()
        return results

    results, times = timed(grade)
    return {**times, **extra, "scores": {r["student"]: {t["id"]: t["score"] for t in r["tasks"]} for r in results}}


def transport(executor, out: Path, n: int = 40) -> dict:
    """Seconds per round trip of a job's bytes through the cluster: the largest journalled
    student's files and results (what a Graded carries back, and more than a Job carries
    there), echoed by a worker; one at a time, and n in flight."""
    import pickle

    folder = max((out / "students").iterdir(), key=lambda f: sum(p.stat().st_size for p in f.rglob("*")))
    payload = pickle.dumps({p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()})
    start = time.perf_counter()
    for _ in range(n):
        executor.submit(bytes, payload).result()
    one = (time.perf_counter() - start) / n
    start = time.perf_counter()
    for future in [executor.submit(bytes, payload) for _ in range(n)]:
        future.result()
    return {"transport_one": one, "transport_many": (time.perf_counter() - start) / n,
            "transport_kb": len(payload) / 1024}


def side_inprocess(spec: dict) -> dict:
    from grader.run import Submission
    from grader.seeds import student_seed
    from grader.session import grade_tasks
    from grader.tasks import with_training

    every = {t.id: t for t in with_training(spec["training"])}
    ids = [tid for tid in every if spec["only"] is None or tid in spec["only"]]

    def grade() -> dict:  # each task after those it builds on, as pytest grader and the batch judge them
        scores = {}
        for folder in map(Path, spec["folders"]):
            sub = Submission(folder)
            seed = student_seed(spec["secret"], folder.name) if spec["secret"] else None
            scores[folder.name] = {tid: r.score for tid, r in grade_tasks(ids, sub, every, hidden_seed=seed).items()}
        return scores

    scores, times = timed(grade)
    return {**times, "scores": scores}


def side_training_alone(spec: dict) -> dict:
    """Each training case the batch runs (with a secret: the hidden one alone), trained alone,
    one after another."""
    from grader.batch.job import Settings
    from grader.mnist import for_submission, judge_slices
    from grader.run import Submission
    from grader.seeds import student_seed
    from grader.tasks import task_cases
    from grader.tasks.training import training_case

    public = spec.get("train_public", False) or not spec["secret"]
    settings = Settings("bwrap", training=tuple(sorted(spec["training"].items())), public_training=public)
    train_task = next(t for t in settings.tasks() if t.training)
    judge_slices(training_case(**spec["training"]).inputs)  # loaded before the clock starts
    # "book": the float32 arrays load_mnist gives, as a student trains; "grader": what the
    # grader hands train(), the same images widened to float64 (before the clock)
    data = judge_slices if spec.get("data", "book") == "book" else for_submission

    def train_all() -> float:
        seconds = 0.0
        for folder in map(Path, spec["folders"]):
            train = Submission(folder).train.train
            seed = student_seed(spec["secret"], folder.name) if spec["secret"] else None
            for case, _ in task_cases(train_task, seed):
                inp = case.inputs
                arrays = data(inp)
                start = time.perf_counter()
                train(*arrays, iters_num=int(inp["iters_num"]), batch_size=int(inp["batch_size"]),
                      learning_rate=float(inp["learning_rate"]), hidden_size=int(inp["hidden_size"]),
                      seed=int(inp["seed"]))
                seconds += time.perf_counter() - start
        return seconds

    seconds, times = timed(train_all)
    return {**times, "training": seconds}


SIDES = {"batch": side_batch, "inprocess": side_inprocess, "training-alone": side_training_alone}


def start_side(side: str, spec: dict, env: dict | None) -> subprocess.Popen:
    """One side in a fresh interpreter, its spec in a file (several sides may run at once)."""
    fd, path = tempfile.mkstemp(prefix="dlkit-bench-spec-", suffix=".json")
    with os.fdopen(fd, "w") as fh:
        json.dump(spec, fh)
    return subprocess.Popen([sys.executable, __file__, "--side", side, "--spec", path], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=REPO_ROOT, env={**os.environ, **(env or {})})


def finish_side(side: str, proc: subprocess.Popen) -> dict:
    """Its figures, which come back as JSON on the last line of its output."""
    out, err = proc.communicate()
    Path(proc.args[-1]).unlink(missing_ok=True)
    if proc.returncode != 0:
        sys.exit(f"{side} failed:\n{out}\n{err}")
    return {**json.loads(out.strip().splitlines()[-1]), "load": os.getloadavg()[0]}  # the 1-min load as it ended


def run_side(side: str, spec: dict, env: dict | None = None) -> dict:
    return finish_side(side, start_side(side, spec, env))


def run_sides_at_once(side: str, specs: list[dict], env: dict | None = None) -> list[dict]:
    """The same side on several specs, in parallel processes."""
    procs = [start_side(side, spec, env) for spec in specs]
    return [finish_side(side, proc) for proc in procs]


# ---------------------------------------------------------------- the figures


def turns(sides: tuple[str, ...], repeats: int):
    """(repeat, side) in the order the sides run: alternated, so that a change in the machine's
    load weighs on every side alike."""
    for rep in range(repeats):
        for side in sides if rep % 2 == 0 else sides[::-1]:
            yield rep, side


def median(values) -> float:
    return statistics.median(list(values))


def runs_text(values: list[float], unit: str = "s") -> str:
    return f"median {median(values):7.3f} {unit}  runs [{', '.join(f'{v:.3f}' for v in values)}]"


def loads_text(*sides: list) -> str:
    """The 1-minute load average as each side of a part ended: a disturbed run shows here."""
    loads = [r["load"] if isinstance(r, dict) else max(x["load"] for x in r) for runs in sides for r in runs]
    return f"  load average as the sides ended: {min(loads):.2f}-{max(loads):.2f}"


def scores_differ(a: dict, b: dict) -> list[str]:
    return sorted(f"{s}/{t}: {a[s][t]} vs {b.get(s, {}).get(t)}" for s in a for t in a[s]
                  if t not in b.get(s, {}) or abs(a[s][t] - b[s][t]) > 1e-9)


def verdict(met: bool, text: str) -> str:
    return f"  {'TARGET MET' if met else 'TARGET MISSED'}: {text}"


def overhead(args: argparse.Namespace, tmp: Path) -> bool:
    from grader.tasks import TASKS

    folders = make_class(tmp, args.n, mistaken=True)
    n = len(folders)
    only = [t.id for t in TASKS if not t.training]
    secret = None if args.public_only else SECRET
    spec = {"folders": [str(f) for f in folders], "secret": secret, "training": {}, "only": only}
    print(f"\n== 1. overhead: {n} submissions ({(n + 1) // 2} correct, {n // 2} with a mistake each), "
          f"{len(only)} tasks (all but training), {'hidden cases' if secret else 'public cases only'}; "
          f"batch: jobs={JOBS}, sandbox=bwrap; in-process: serial, no sandbox")
    batch, inproc, unconfined = [], [], []
    order = ("batch", "inprocess", "unconfined")
    for rep in range(args.repeats):
        for side in order if rep % 2 == 0 else order[::-1]:
            if side == "batch":
                batch.append(run_side("batch", {**spec, "out": str(tmp / f"out{rep}")}))
            elif side == "unconfined":
                unconfined.append(run_side("batch", {**spec, "out": str(tmp / f"out-u{rep}"), "confined": False}))
            else:
                inproc.append(run_side("inprocess", spec))
        differ = scores_differ(batch[-1]["scores"], inproc[-1]["scores"])
        if differ:
            print(f"  !! run {rep}: the scores differ: {differ[:5]}")
    wall_b = [r["wall"] / n for r in batch]
    cpu_b = [(r["cpu_self"] + r["cpu_children"]) / n for r in batch]
    wall_i = [r["wall"] / n for r in inproc]
    cpu_i = [(r["cpu_self"] + r["cpu_children"]) / n for r in inproc]
    print(f"  batch      wall per submission    {runs_text(wall_b)}")
    print(f"  batch      core-seconds per sub.  {runs_text([w * JOBS for w in wall_b])}  (wall x {JOBS} / N)")
    print(f"  batch      CPU per submission     {runs_text(cpu_b)}  (grader "
          f"{median(r['cpu_self'] for r in batch) / n:.3f} s + sandboxed children "
          f"{median(r['cpu_children'] for r in batch) / n:.3f} s)")
    print(f"  batch      CPU per submission / {JOBS} {runs_text([c / JOBS for c in cpu_b])}  "
          "(the wall per submission when both cores are the grader's alone)")
    print(f"  in-process wall per submission    {runs_text(wall_i)}")
    print(f"  in-process CPU per submission     {runs_text(cpu_i)}")
    print(f"  the same scores on both sides: "
          f"{all(not scores_differ(b['scores'], i['scores']) for b, i in zip(batch, inproc, strict=True))}")
    print(f"  batch vs in-process: wall per submission {median(wall_b) / median(wall_i):.2f}x, "
          f"CPU per submission {median(cpu_b) / median(cpu_i):.2f}x "
          f"(the batch adds {median(cpu_b) - median(cpu_i):.3f} s of CPU per submission)")
    from grader.batch.confine import detect

    wall_u = [r["wall"] / n for r in unconfined]
    cpu_u = [(r["cpu_self"] + r["cpu_children"]) / n for r in unconfined]
    print(f"  per-process limits only (no cgroups, no tmpfs): wall per submission {runs_text(wall_u)}, "
          f"CPU {runs_text(cpu_u)}")
    print(f"  confined ({', '.join(detect().describe()) or 'nothing here'}) vs per-process limits only: "
          f"wall per submission {median(wall_b) / median(wall_u):.2f}x, CPU {median(cpu_b) / median(cpu_u):.2f}x")
    ratio = median(wall_b) / OVERHEAD_TARGET
    print(f"  batch per-submission wall / {OVERHEAD_TARGET} s: {ratio:.2f}  (target <= 1); "
          f"CPU per submission / {JOBS} / {OVERHEAD_TARGET} s: {median(cpu_b) / JOBS / OVERHEAD_TARGET:.2f}")
    met = ratio <= 1
    print(loads_text(batch, inproc))
    print(verdict(met, f"batch wall per submission {median(wall_b):.3f} s {'<=' if met else '>'} "
                       f"{OVERHEAD_TARGET} s"))
    return met


def training(args: argparse.Namespace, tmp: Path) -> bool:
    folders = make_class(tmp, args.k, mistaken=False)
    k = len(folders)
    settings = {"iters_num": args.train_iters, "train_size": args.train_size, "min_accuracy": args.min_accuracy}
    secret = None if args.public_only else SECRET
    spec = {"folders": [str(f) for f in folders], "secret": secret, "training": settings, "only": None}
    halves = [{**spec, "folders": spec["folders"][i::JOBS]} for i in range(JOBS)]
    compare = args.compare_public and secret is not None
    print(f"\n== 3. training included: {k} correct copies, every task, training {settings} "
          f"({'the hidden training case' if secret else 'the public training case'}: one training per student); "
          f"batch: jobs={JOBS}, sandbox=bwrap; training alone: threads=1, MNIST loaded beforehand, serially "
          f"in one process, and split over {JOBS} such processes at once"
          + ("; and the batch with --train-public (a public and a hidden training per student)" if compare else ""))
    batch, alone, paired, widened, public = [], [], [], [], []
    order = ("batch", "alone", "paired", "widened") + (("public",) if compare else ())
    for rep in range(args.repeats):
        for side in order if rep % 2 == 0 else order[::-1]:
            if side in ("batch", "public"):
                runs = batch if side == "batch" else public
                runs.append(run_side("batch", {**spec, "out": str(tmp / f"{side}{rep}"),
                                               "train_public": side == "public"}))
                failed = sorted(s for s, tasks in runs[-1]["scores"].items() if tasks["train"] < 10)
                if failed:  # e.g. a child killed from outside ("process killed by SIGKILL" in its result.json)
                    print(f"  !! run {rep} ({side}): the training task did not pass for {failed}")
            elif side == "alone":
                alone.append(run_side("training-alone", spec, env=SINGLE_THREAD))
            elif side == "widened":
                widened.append(run_side("training-alone", {**spec, "data": "grader"}, env=SINGLE_THREAD))
            else:
                paired.append(run_sides_at_once("training-alone", halves, env=SINGLE_THREAD))
    walls = [r["wall"] for r in batch]
    cpu = [r["cpu_self"] + r["cpu_children"] for r in batch]
    trained = [r["training"] for r in alone]
    trained_wide = [r["training"] for r in widened]
    pair_walls = [max(r["wall"] for r in rs) for rs in paired]  # from the first train() to the last one's end
    pair_cpu = [sum(r["cpu_self"] for r in rs) for rs in paired]
    print(f"  batch wall                                {runs_text(walls)}")
    print(f"  batch CPU (grader + children)             {runs_text(cpu)}")
    print(f"  training alone, serially: sum of train()  {runs_text(trained)}")
    print(f"  training alone / {JOBS} cores                  {runs_text([t / JOBS for t in trained])}")
    print(f"  training alone, {JOBS} processes at once: wall {runs_text(pair_walls)}")
    print(f"  training alone, {JOBS} processes at once: CPU  {runs_text(pair_cpu)}")
    print(f"  the same, serially, on the grader's widened images: {runs_text(trained_wide)}  "
          f"({median(trained_wide) / median(trained):.3f} of the book's arrays' time)")
    scaling = [p / (t / JOBS) for p, t in zip(pair_walls, trained, strict=True)]
    added = [w / p for w, p in zip(walls, pair_walls, strict=True)]
    beyond = [w / (t / JOBS) for w, t in zip(walls, trained_wide, strict=True)]
    print(f"  this machine's {JOBS}-core scaling of the training: ({JOBS} at once) / (serially / {JOBS}) "
          f"{median(scaling):.3f}  runs [{', '.join(f'{r:.3f}' for r in scaling)}]")
    print(f"  batch wall / ({JOBS} at once) {median(added):.3f}  runs [{', '.join(f'{r:.3f}' for r in added)}]")
    print(f"  batch CPU per submission beyond the training it runs (widened images, serially) "
          f"{median((c - t) / k for c, t in zip(cpu, trained_wide, strict=True)):.3f} s")
    print(f"  batch wall / (training on widened images / {JOBS}) {median(beyond):.3f}  "
          f"runs [{', '.join(f'{r:.3f}' for r in beyond)}]  (what grading adds to the training it runs)")
    if public:
        pub = [r["wall"] for r in public]
        today = [p / (t / JOBS) for p, t in zip(pub, trained, strict=True)]
        print(f"  batch wall with --train-public (2 trainings per student) {runs_text(pub)}")
        print(f"  batch CPU with --train-public            "
              f"{runs_text([r['cpu_self'] + r['cpu_children'] for r in public])}")
        print(f"  --train-public wall / (one training per student alone / {JOBS}) {median(today):.3f}  "
              f"runs [{', '.join(f'{r:.3f}' for r in today)}]  (the grader before one training per student)")
        print(f"  one training per student / --train-public: wall "
              f"{median(w / p for w, p in zip(walls, pub, strict=True)):.3f}")
    ratios = [w / (t / JOBS) for w, t in zip(walls, trained, strict=True)]
    ratio = median(ratios)
    print(f"  wall / (training alone / {JOBS}): {ratio:.3f}  runs [{', '.join(f'{r:.3f}' for r in ratios)}]  "
          f"(target <= {TRAINING_TARGET})")
    met = ratio <= TRAINING_TARGET
    print(loads_text(batch, alone, paired, widened, public))
    print(verdict(met, f"{ratio:.3f} {'<=' if met else '>'} {TRAINING_TARGET}"))
    return met


def dask_part(args: argparse.Namespace, tmp: Path) -> None:
    """The same class on the thread pool (jobs=2) and on `--dask local:2` (a LocalCluster of 2
    single-threaded worker processes, started and stopped inside the clock), alternately."""
    from grader.tasks import TASKS

    if args.dask_light:  # part 1's class: many small jobs, where a per-job cost shows
        folders = make_class(tmp, args.n, mistaken=True)
        settings, only = {}, [t.id for t in TASKS if not t.training]
        what = f"{len(folders)} submissions, every task but training"
    else:  # part 3's class
        folders = make_class(tmp, args.k, mistaken=False)
        settings = {"iters_num": args.train_iters, "train_size": args.train_size, "min_accuracy": args.min_accuracy}
        only, what = None, f"{len(folders)} correct copies, every task, training {settings}"
    n = len(folders)
    spec = {"folders": [str(f) for f in folders], "secret": SECRET, "training": settings, "only": only, "warm": True}
    print(f"\n== 4. dask: {what}, hidden cases; the thread pool (jobs={JOBS}) against --dask local:{JOBS} "
          f"({JOBS} worker processes of 1 thread), alternately; each side grades the class twice in one process "
          f"(the second time on a set-up pool or cluster)")
    runs: dict[str, list[dict]] = {"pool": [], "dask": []}
    for rep, side in turns(tuple(runs), args.repeats):
        where = {"dask": f"local:{JOBS}"} if side == "dask" else {}
        runs[side].append(run_side("batch", {**spec, **where, "out": str(tmp / f"{side}{rep}")}))
    pool, dask = runs["pool"], runs["dask"]
    for rep, (p, d) in enumerate(zip(pool, dask, strict=True)):
        if scores_differ(p["scores"], d["scores"]):
            print(f"  !! run {rep}: the scores differ: {scores_differ(p['scores'], d['scores'])[:5]}")
    pw, pwarm = [r["grade_wall"] for r in pool], [r["warm_wall"] for r in pool]
    dw, dwarm = [r["grade_wall"] for r in dask], [r["warm_wall"] for r in dask]
    start_stop = [r["start_wall"] + r["stop_wall"] for r in dask]
    whole = [d + s for d, s in zip(dw, start_stop, strict=True)]
    print(f"  thread pool: grade_class                       {runs_text(pw)}")
    print(f"  thread pool: again, set up                     {runs_text(pwarm)}")
    print(f"  local:{JOBS}: cluster start + stop                 {runs_text(start_stop)}")
    print(f"  local:{JOBS}: grade_class                          {runs_text(dw)}")
    print(f"  local:{JOBS}: again, set up                        {runs_text(dwarm)}")
    set_up = [(d - dw_) - (p - pw_) for d, dw_, p, pw_ in zip(dw, dwarm, pw, pwarm, strict=True)]
    per_job = [(d - p) * JOBS / n for d, p in zip(dwarm, pwarm, strict=True)]
    one, many = median(r["transport_one"] for r in dask), median(r["transport_many"] for r in dask)
    print(f"  what local:{JOBS} adds to the thread pool's wall, taken apart:")
    print(f"    cluster start + stop                         {median(start_stop):7.3f} s")
    print(f"    set-up paid by each worker process, not once (first - again, beyond the pool's) "
          f"{median(set_up):7.3f} s  runs [{', '.join(f'{v:.3f}' for v in set_up)}]")
    print(f"    per job, on set-up workers ((again - pool's again) x {JOBS} / N) {median(per_job):+.4f} s of a worker  "
          f"runs [{', '.join(f'{v:+.4f}' for v in per_job)}]")
    print(f"    of which the transport of one job ({median(r['transport_kb'] for r in dask):.0f} KB there and back, "
          f"timed alone): {one * 1000:.1f} ms one at a time, {many * 1000:.1f} ms each with 40 in flight")
    own = {side: median(r["warm_cpu_self"] for r in runs[side]) / n for side in runs}
    print(f"  the grading process's CPU per job, set up: thread pool {own['pool']:.3f} s (supervising, judging, "
          f"journal, page), local:{JOBS} {own['dask']:.3f} s (Dask's client, journal, page)")
    print(f"  ratio local:{JOBS} / thread pool: wall {median(whole) / median(pw):.3f} (cluster start and stop "
          f"included), grade_class alone {median(dw) / median(pw):.3f}, set up {median(dwarm) / median(pwarm):.3f}")
    print(loads_text(pool, dask))


def main() -> None:
    from grader.tasks import TRAINING

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--overhead", action="store_true", help="part 1 (default: both parts)")
    parser.add_argument("--training", action="store_true", help="part 3 (default: both parts)")
    parser.add_argument("--n", type=int, default=20, help="submissions for part 1")
    parser.add_argument("--k", type=int, default=2, help="submissions for part 3")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--train-iters", type=int, default=TRAINING["iters_num"])
    parser.add_argument("--train-size", type=int, default=TRAINING["train_size"], help="0: all 60000 images")
    parser.add_argument("--min-accuracy", type=float, default=TRAINING["min_accuracy"])
    parser.add_argument("--public-only", action="store_true", help="no secret: public cases only")
    parser.add_argument("--compare-public", action="store_true",
                        help="part 3: also the batch with --train-public (two trainings per student)")
    parser.add_argument("--dask", action="store_true", help="part 4: part 3's class on --dask local:2 and the pool")
    parser.add_argument("--dask-light", action="store_true", help="part 4 on part 1's class (no training)")
    parser.add_argument("--side", choices=SIDES, help=argparse.SUPPRESS)
    parser.add_argument("--spec", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:  # a child of this script: one side, its figures as JSON
        print(json.dumps(SIDES[args.side](json.loads(Path(args.spec).read_text()))))
        return
    both = not (args.overhead or args.training or args.dask)
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the start")
    met = []
    with tempfile.TemporaryDirectory(prefix="dlkit-bench-batch-") as tmp:
        if args.overhead or both:
            met.append(overhead(args, Path(tmp) / "overhead"))
        if args.training or both:
            met.append(training(args, Path(tmp) / "training"))
        if args.dask:
            dask_part(args, Path(tmp) / "dask")
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end; "
          f"{'every target met' if all(met) else 'a target was missed'}")


if __name__ == "__main__":
    main()
