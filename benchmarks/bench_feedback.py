"""What the feedback costs: freezing the combined mutants, and a self-check that has to explain.

1. `dlkit freeze`'s answers (grader/answers.npz): the sources the judge may need on every task's
   public cases (the reference, each mistake, each pair that combines, each upstream mistake)
   against the reference and the single mistakes alone (what the file held before), in this
   process, alternately: seconds and the ratio.
2. `pytest grader -m "not training"` as a student runs it (a fresh process): on a submission
   with mistakes to explain, the example class's s2024009 (the slides' code: five lecture
   versions) and s2024004 (an upstream mistake that four tasks fail on), against
   `--target solutions`, alternately: medians, their ratio, and the ratio to the 3 s target of
   the self-check.

    python benchmarks/bench_feedback.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_selfcheck import SELF_CHECK_TARGET, medians, summary, timed

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from grader.reference import freeze, frozen_sources, live, sources  # noqa: E402
from grader.tasks import TASKS  # noqa: E402


def freeze_with(names) -> float:
    start = time.perf_counter()
    for task in TASKS:
        if not task.training:
            live(task, task.public, names(task))
    return time.perf_counter() - start


def bench_freeze(repeats: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        freeze(Path(tmp) / "answers.npz")  # once: the mutants' folders and imports, then only runs are timed
    combined, singles = [], []
    for _ in range(repeats):
        combined.append(freeze_with(frozen_sources))
        singles.append(freeze_with(sources))
    n_combined = sum(len(frozen_sources(t)) for t in TASKS if not t.training)
    n_singles = sum(len(sources(t)) for t in TASKS if not t.training)
    print(f"freeze, {n_combined} sources (with pairs and upstream)  median {statistics.median(combined):.2f} s")
    print(f"freeze, {n_singles} sources (reference and singles)    median {statistics.median(singles):.2f} s")
    print(f"  ratio: {statistics.median(combined) / statistics.median(singles):.2f}")


def self_check(target: str) -> list[str]:
    return [sys.executable, "-m", "pytest", "grader", "--target", target, "-m", "not training", "-p",
            "no:cacheprovider", "-q"]


def bench_self_check(repeats: int) -> None:
    runs: dict[str, list] = {"solutions": [], "examples/submissions/s2024009": [], "examples/submissions/s2024004": []}
    for _ in range(repeats):
        for target, out in runs.items():
            out.append(timed(self_check(target), succeed=target == "solutions"))
    base = medians(runs["solutions"])[0]
    for target, out in runs.items():
        wall = medians(out)[0]
        print(f"self-check of {target:<30} {summary(out)}")
        print(f"  ratio to solutions {wall / base:.2f}, "
              f"to the {SELF_CHECK_TARGET:g} s target {wall / SELF_CHECK_TARGET:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the start")
    bench_freeze(max(1, args.repeats // 2))
    bench_self_check(args.repeats)


if __name__ == "__main__":
    main()
