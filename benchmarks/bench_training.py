"""Is the reference solution's training as fast as the book's own loop?

Runs both on full MNIST with the book's settings, interleaved (book, solution, book, ...)
so that machine noise hits both alike, and prints the ratio of median times.

    python benchmarks/bench_training.py [--iters 10000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from book_reference import train_neuralnet  # noqa: E402

from datasets import load_mnist  # noqa: E402
from solutions.train import train  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iters", type=int, default=10000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    (x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, one_hot_label=True)
    times: dict[str, list[float]] = {"book": [], "solution": []}
    accs: dict[str, list[float]] = {"book": [], "solution": []}
    for rep in range(args.repeats):
        np.random.seed(rep)
        start = time.perf_counter()
        net, *_ = train_neuralnet(x_train, t_train, x_test, t_test, iters_num=args.iters)
        times["book"].append(time.perf_counter() - start)
        accs["book"].append(float(net.accuracy(x_test, t_test)))

        start = time.perf_counter()
        result = train(x_train, t_train, x_test, t_test, iters_num=args.iters, seed=rep)
        times["solution"].append(time.perf_counter() - start)
        accs["solution"].append(float(result.network.accuracy(x_test, t_test)))
    for name in times:
        print(f"{name:9s} median {statistics.median(times[name]):7.2f} s  runs {[round(t, 2) for t in times[name]]}"
              f"  test acc {[round(a, 4) for a in accs[name]]}")
    ratio = statistics.median(times["solution"]) / statistics.median(times["book"])
    print(f"solution / book time ratio: {ratio:.3f}  (target <= 1.0; noise on a shared machine is a few %)")


if __name__ == "__main__":
    main()
