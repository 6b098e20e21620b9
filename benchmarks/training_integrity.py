"""Does the batch grader's training data leave an honest training as good, and weights prepared
elsewhere worthless? (issue 11: training integrity; figures in docs/tolerances.md, docs/batch.md)

For each seed s, the solution's train() (solutions/train.py, in this process, BLAS as it is):

  plain        on the plain data, as `pytest grader` hands it (the first N images, all 10 000
               test images as x_test), judged as pytest grader judges it;
  transformed  on the data a batch child gets for a case whose data seed is s
               (grader.mnist.Transform: N images drawn and ordered, pixels and labels
               permuted, 2 000 test images as x_test), judged on the 8 000 held-out images;
  shipped      the plain network, judged as if it had been returned for that batch case;
  moved        the plain network with the secret permutations applied to its weights
               (what a student who knew them would do): as good as plain again;
  gap          the transformed run's last recorded test_acc minus its held-out accuracy.

Prints each arm's mean and standard deviation, and the paired difference transformed - plain
with its t statistic.

    python benchmarks/training_integrity.py [--iters 600] [--train-size 6000] [--seeds 11 22 33 44 55]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iters", type=int, default=600)
    parser.add_argument("--train-size", type=int, default=6000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[11, 22, 33, 44, 55])
    args = parser.parse_args()

    from grader.mnist import Transform, child_case, for_submission
    from grader.numerics import PARAM_NAMES
    from grader.tasks import training
    from grader.training_rules import measured_accuracy
    from solutions.train import train

    rows: dict[str, list[float]] = {k: [] for k in ("plain", "transformed", "shipped", "moved", "gap")}
    start = time.perf_counter()
    for seed in args.seeds:
        case = training.training_case("bench", iters_num=args.iters, train_size=args.train_size, seed=seed)
        secret = replace(case, data_seed=seed)

        runs = [train(*for_submission(child_case(c).inputs), iters_num=args.iters, seed=seed) for c in (case, secret)]
        plain, network = ({k: r.network.params[k] for k in PARAM_NAMES} for r in runs)
        result = runs[1]
        tr = Transform.of(secret)
        moved = {"W1": plain["W1"][tr.pixels], "b1": plain["b1"], "W2": plain["W2"][:, tr.labels],
                 "b2": plain["b2"][tr.labels]}
        rows["plain"].append(measured_accuracy(plain, case).held_out)
        rows["transformed"].append(measured_accuracy(network, secret).held_out)
        rows["shipped"].append(measured_accuracy(plain, secret).held_out)
        rows["moved"].append(measured_accuracy(moved, secret).held_out)
        rows["gap"].append(float(result.test_acc_list[-1]) - rows["transformed"][-1])
        print(f"seed {seed}: " + ", ".join(f"{k} {v[-1]:.4f}" for k, v in rows.items())
              + f"  ({time.perf_counter() - start:.0f} s)", flush=True)
    print(f"\n{args.iters} iterations on {args.train_size} images, seeds {args.seeds}: held-out accuracy")
    for name, values in rows.items():
        print(f"  {name:<12} {statistics.mean(values):.4f} ± {statistics.stdev(values):.4f}")
    diff = [b - a for a, b in zip(rows["plain"], rows["transformed"], strict=True)]
    t = statistics.mean(diff) / (statistics.stdev(diff) / len(diff) ** 0.5)
    print(f"  transformed - plain, paired: {statistics.mean(diff):+.4f} ± {statistics.stdev(diff):.4f}, t = {t:.2f}")


if __name__ == "__main__":
    main()
