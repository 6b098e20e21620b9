"""Mini-batch SGD on MNIST with TwoLayerNet (chapter 4.5.2-4.5.3).

Run `python -m exercises.train` to train with the book's settings and save the accuracy plot.
(train과 plots.plot_training을 모두 구현해야 끝까지 실행됩니다.)
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
    """[실습] 미니배치 학습: TwoLayerNet을 확률적 경사 하강법(SGD)으로 학습시키세요.
    Train a TwoLayerNet by mini-batch SGD; record the loss every iteration and accuracies once per epoch.

    절차:
        1. seed가 None이 아니면 신경망을 만들기 '전'에 np.random.seed(seed)를 호출합니다.
        2. network = TwoLayerNet(x_train.shape[1], hidden_size, output_size).
           output_size는 t_train이 원-핫이면 t_train.shape[1], 레이블이면 10 (MNIST의 클래스 수).
        3. train_size = x_train.shape[0], iter_per_epoch = max(train_size // batch_size, 1).
        4. iters_num번 반복 (i = 0, 1, …):
           - batch_mask = np.random.choice(train_size, batch_size)로 미니배치를 고릅니다.
           - grad = network.gradient(x_batch, t_batch)
           - 모든 key("W1", "b1", "W2", "b2")에 대해 network.params[key] -= learning_rate * grad[key]
           - 갱신 후 network.loss(x_batch, t_batch)를 train_loss_list에 추가합니다.
           - i % iter_per_epoch == 0 이면 (i = 0 포함) 전체 훈련/시험 데이터의 정확도를
             train_acc_list, test_acc_list에 추가하고, verbose이면
             print(f"train acc, test acc | {train_acc}, {test_acc}")로 출력합니다.

    매개변수:
        x_train, x_test: 입력 (N, 784) float 배열.
        t_train, t_test: 정답. 원-핫 (N, 10) 또는 레이블 (N,).
        iters_num: 반복(갱신) 횟수.  batch_size: 미니배치 크기.  learning_rate: 학습률.
        hidden_size: 은닉층 뉴런 수.  seed: 난수 시드 (None이면 고정하지 않음).
        verbose: True이면 에폭마다 정확도를 출력.

    반환값:
        TrainResult(network, train_loss_list, train_acc_list, test_acc_list).
        train_loss_list의 길이는 iters_num, 정확도 리스트의 길이는 에폭 수
        (i % iter_per_epoch == 0 인 i의 개수)입니다.

    주의:
        - 갱신은 빼기입니다: params -= learning_rate * grad (더하면 손실이 커집니다).
        - 손실은 매 반복마다, 정확도는 에폭마다 한 번만 기록하세요.
        - 데이터가 batch_size보다 작아도 0으로 나누지 않도록 max(…, 1)을 쓰세요.
        - 같은 seed이면 손실 기록이 완전히 같아야 합니다: 시드는 신경망 생성 전에 설정하세요.
    """
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
