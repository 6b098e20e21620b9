"""How long does the self-check take, and what does grading add to training?

1. `pytest grader --target solutions -m "not training"` as a student runs it (a fresh
   process each time): median wall time and its ratio to the 3 s target.
2. A train() that calls network.numerical_gradient (the book's §4.5.2 listing), the book's
   settings: `pytest grader -k train` until the closing table shows its hint (target 60 s;
   before, the self-check waited out the training's whole 900 s limit).
3. `pytest grader --target solutions` (every task, training with the book's settings)
   against the solution's training alone (solutions.train.train, the book's settings, also
   in a fresh process that loads MNIST): run alternately so machine noise hits both alike;
   prints the ratio of medians (target <= 1.15). The grader hands train() the images widened
   to float64 (catalogue.widened: the same values, and the per-epoch accuracy no longer
   converts 376 MB each time), so it trains faster than the book's float32 arrays do; a
   third side, the same training on widened arrays (widening included), shows what the
   grader adds beyond the training it runs.

pytest autoloads every plugin installed beside it; this machine has hypothesis,
pytest-benchmark and anyio, which a student's install (dlkit's dependencies only) does not,
and importing them costs about a second. So runs are timed as a student's, with
PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 (dlkit needs no plugin: grader/conftest.py is a conftest),
and the self-check is also timed as installed here, for comparison.

Wall time is what a student waits; CPU time (the child's user + sys) is printed beside it
because on a shared machine other jobs stretch wall time far more than CPU time. BLAS runs
on one thread by default (--blas-threads) so that both sides compete for the cores alike.

    python benchmarks/bench_selfcheck.py [--repeats 5] [--pairs 2] [--blas-threads 1] [--skip-training]

(part 2 runs --pairs times; --skip-training skips part 3)
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SELF_CHECK_TARGET = 3.0
TRAINING_RATIO_TARGET = 1.15
HINT_TARGET = 60.0  # seconds until a train() that calls numerical_gradient is told so (issue 10)

TRAIN_ALONE = """
from datasets import load_mnist
from grader.tasks import TRAINING as s
from solutions.train import train

(x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, one_hot_label=True)
if WIDEN:
    x_train, t_train, x_test, t_test = (a.astype("float64") for a in (x_train, t_train, x_test, t_test))
train(x_train, t_train, x_test, t_test, iters_num=s["iters_num"], batch_size=s["batch_size"],
      learning_rate=s["learning_rate"], hidden_size=s["hidden_size"], seed=s["seed"])
"""


BLAS_THREADS = {"n": "1"}


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], plugins: bool = False, check: bool = True, succeed: bool = True) -> tuple[float, float]:
    """(wall, CPU) seconds of a command run from the repository root; it must succeed (check),
    or with `succeed=False` may fail its tests (a self-check of a submission with mistakes)."""
    wall, cpu, _ = timed_run(command, plugins, check, succeed)
    return wall, cpu


def timed_run(command: list[str], plugins: bool = False, check: bool = True, succeed: bool = True):
    """(wall, CPU, the finished process) of a command run from the repository root."""
    threads = BLAS_THREADS["n"]
    env = {**os.environ, "LANG": "C.UTF-8", "OPENBLAS_NUM_THREADS": threads, "OMP_NUM_THREADS": threads}
    if not plugins:
        env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    cpu, start = child_cpu(), time.perf_counter()
    proc = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - start, child_cpu() - cpu
    if check and proc.returncode not in ((0,) if succeed else (0, 1)):
        sys.exit(f"{' '.join(command)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return wall, cpu, proc


def pytest_grader(*args: str, target: str = "solutions") -> list[str]:
    return [sys.executable, "-m", "pytest", "grader", "--target", target, "-p", "no:cacheprovider", "-q", *args]


def medians(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)


def summary(runs: list[tuple[float, float]]) -> str:
    wall, cpu = medians(runs)
    return f"median wall {wall:6.2f} s, CPU {cpu:6.2f} s  (wall runs {', '.join(f'{w:.2f}' for w, _ in runs)})"


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def bench_self_check(repeats: int) -> None:
    student, installed = [], []
    for _ in range(repeats):
        student.append(timed(pytest_grader("-m", "not training")))
        installed.append(timed(pytest_grader("-m", "not training"), plugins=True))
    for name, runs in (("self-check without training", student), ("same, with this machine's plugins", installed)):
        ratio = medians(runs)[0] / SELF_CHECK_TARGET
        print(f"{name:<34} {summary(runs)}")
        print(f"  ratio to the {SELF_CHECK_TARGET:g} s target: {ratio:.2f} ({verdict(ratio <= 1)})")


def bench_training(pairs: int) -> None:
    full, alone, widened = [], [], []
    for _ in range(pairs):
        full.append(timed(pytest_grader()))
        alone.append(timed([sys.executable, "-c", "WIDEN = False" + TRAIN_ALONE]))
        widened.append(timed([sys.executable, "-c", "WIDEN = True" + TRAIN_ALONE]))
    full_wall, full_cpu = medians(full)
    for name, runs in (("full self-check with training", full), ("solution's training alone", alone),
                       ("same, on widened images", widened)):
        print(f"{name:<34} {summary(runs)}")
    for base, runs, target in (("training alone", alone, True), ("training alone, widened", widened, False)):
        alone_wall, alone_cpu = medians(runs)
        for name, ratio in (("wall", full_wall / alone_wall), ("CPU", full_cpu / alone_cpu)):
            goal = f"target <= {TRAINING_RATIO_TARGET}: {verdict(ratio <= TRAINING_RATIO_TARGET)}" if target else \
                "what grading adds to the training it runs"
            print(f"  ratio full / {base} ({name}): {ratio:.3f}  ({goal})")


def bench_numerical_gradient(repeats: int) -> None:
    """How soon a student whose train() calls network.numerical_gradient (the book's §4.5.2
    listing) learns it, with the book's settings: `pytest grader -k train` on solutions/ with
    that one line changed, in a fresh process, until the closing table shows the hint."""
    import re
    import tempfile

    sys.path.insert(0, str(REPO_ROOT))
    from grader.reference import make_mutant

    with tempfile.TemporaryDirectory(prefix="dlkit-bench-numgrad-") as tmp:
        folder = make_mutant("train_numerical_gradient", Path(tmp))
        runs, told, limits = [], [], []
        for _ in range(repeats):  # the task fails, so pytest's exit status is 1
            wall, cpu, proc = timed_run(pytest_grader("-k", "train and not plot", target=str(folder)), check=False)
            runs.append((wall, cpu))
            told.append("NumericalGradientTooSlow" in proc.stdout and "network.gradient(x_batch" in proc.stdout)
            limits += re.findall(r"more than the ([\d,]+) s this case has left", proc.stdout)
    wall = medians(runs)[0]
    print(f"{'numerical_gradient: until its hint':<34} {summary(runs)}; the hint shown in {sum(told)}/{len(told)}")
    print(f"  the time the training case had: {', '.join(limits)} s, as each run measured this machine "
          "(before: a fixed 900 s, waited out in full)")
    print(f"  ratio to the {HINT_TARGET:g} s target: {wall / HINT_TARGET:.2f} "
          f"({verdict(wall <= HINT_TARGET and all(told))})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="self-check runs (default 5)")
    parser.add_argument("--pairs", type=int, default=2, help="(full run, training alone) pairs (default 2)")
    parser.add_argument("--blas-threads", default="1", help="OPENBLAS_NUM_THREADS for the runs (default 1)")
    parser.add_argument("--skip-training", action="store_true", help="only the self-check without training")
    args = parser.parse_args()
    BLAS_THREADS["n"] = args.blas_threads
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the start")
    bench_self_check(args.repeats)
    bench_numerical_gradient(max(args.pairs, 1))
    if not args.skip_training:
        bench_training(args.pairs)


if __name__ == "__main__":
    main()
