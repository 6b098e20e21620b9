"""Mini-batch SGD on MNIST with TwoLayerNet (chapter 4.5.2-4.5.3).

Run `python -m solutions.train` to train with the book's settings and save the accuracy plot.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field

import numpy as np

from .two_layer_net import TwoLayerNet


@dataclass
class TrainResult:
    network: TwoLayerNet
    train_loss_list: list = field(default_factory=list)
    train_acc_list: list = field(default_factory=list)
    test_acc_list: list = field(default_factory=list)


def train(
    x_train: np.ndarray,
    t_train: np.ndarray,
    x_test: np.ndarray,
    t_test: np.ndarray,
    *,
    iters_num: int = 10000,
    batch_size: int = 100,
    learning_rate: float = 0.1,
    hidden_size: int = 50,
    seed: int | None = None,
    verbose: bool = False,
) -> TrainResult:
    """Train a 784-50-10 net by mini-batch SGD; measure accuracy once per epoch."""
    if seed is not None:
        np.random.seed(seed)  # TwoLayerNet draws its weights from the global generator
    output_size = t_train.shape[1] if t_train.ndim == 2 else 10  # labels 0..9
    network = TwoLayerNet(x_train.shape[1], hidden_size, output_size)
    result = TrainResult(network)

    train_size = x_train.shape[0]
    iter_per_epoch = max(train_size // batch_size, 1)
    for i in range(iters_num):
        batch_mask = np.random.choice(train_size, batch_size)
        x_batch, t_batch = x_train[batch_mask], t_train[batch_mask]

        grad = network.gradient(x_batch, t_batch)
        for key in ("W1", "b1", "W2", "b2"):
            network.params[key] -= learning_rate * grad[key]
        result.train_loss_list.append(network.loss(x_batch, t_batch))

        if i % iter_per_epoch == 0:
            train_acc = network.accuracy(x_train, t_train)
            test_acc = network.accuracy(x_test, t_test)
            result.train_acc_list.append(train_acc)
            result.test_acc_list.append(test_acc)
            if verbose:
                print(f"train acc, test acc | {train_acc}, {test_acc}")
    return result


def main(argv: list[str] | None = None) -> TrainResult:
    """Train on MNIST with the book's settings, print the log and save the accuracy plot."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from datasets import load_mnist

    from .plots import plot_training

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--iters", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--out", default="train_accuracy.png", help="where to save the plot")
    args = parser.parse_args(argv)

    (x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, one_hot_label=True)
    result = train(x_train, t_train, x_test, t_test, iters_num=args.iters, seed=args.seed, verbose=True)
    fig, ax = plt.subplots()
    plot_training(ax, result)
    fig.savefig(args.out)
    print(f"saved {args.out}")
    return result


if __name__ == "__main__":
    main()
