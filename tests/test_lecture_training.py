"""The lecture's own versions of train(), graded as a student who types them gets them graded.

The slides' train_neuralnet.ipynb (shared/seeds 000, "train_neuralnet.ipynb 소스 코드(1)-(2)",
lines 15-54) and the walk-through's §4.5.2 listing (shared/seeds 002, lines 370-396; its §4.5.3
listing, lines 417-456, is the slides' but for comments and a print), each put inside the kit's
train() signature as a student does: the data loading and the imports left out,
`return TrainResult(...)` added and, where the settings are train()'s arguments, the lecture's
own settings lines commented out ("adapted"); "pasted" keeps them. Each correct version passes
with no hint; each other one gets the hint that says what it is.
"""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from grader.kit import SOLUTIONS
from grader.report import describe_task
from grader.run import Submission
from grader.session import grade_task
from grader.tasks import with_training

SMALL = {"iters_num": 600, "train_size": 3000, "min_accuracy": 0.7}

SLIDES = r"""
def train(
    x_train, t_train, x_test, t_test, *, iters_num=10000, batch_size=100, learning_rate=0.1,
    hidden_size=50, seed=None, verbose=False,
):
    network = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)
    # 하이퍼파라미터
    # iters_num = 10000 # 반복 횟수를 적절히 설정한다.  (passed as an argument)
    train_size = x_train.shape[0]
    # batch_size = 100 # 미니배치 크기  (passed as an argument)
    # learning_rate = 0.1  (passed as an argument)

    train_loss_list = []
    train_acc_list = []
    test_acc_list = []

    # 1에폭당 반복 수
    iter_per_epoch = max(train_size / batch_size, 1)


    for i in range(iters_num):
        # 미니배치 획득
        batch_mask = np.random.choice(train_size, batch_size)
        x_batch = x_train[batch_mask]
        t_batch = t_train[batch_mask]

        # 기울기 계산
        #grad = network.numerical_gradient(x_batch, t_batch)
        grad = network.gradient(x_batch, t_batch)

        # 매개변수 갱신
        for key in ('W1', 'b1', 'W2', 'b2'):
            network.params[key] -= learning_rate * grad[key]

        # 학습 경과 기록
        loss = network.loss(x_batch, t_batch)
        train_loss_list.append(loss)

        # 1에폭당 정확도 계산
        if i % iter_per_epoch == 0:
            train_acc = network.accuracy(x_train, t_train)
            test_acc = network.accuracy(x_test, t_test)
            train_acc_list.append(train_acc)
            test_acc_list.append(test_acc)
            print(i, "train acc, test acc | " + str(train_acc) + ", " + str(test_acc))
    return TrainResult(network, train_loss_list, train_acc_list, test_acc_list)
"""

# the slides' listing with its own settings lines, as pasted into train()
SLIDES_PASTED = (SLIDES.replace("# iters_num = 10000 # 반복 횟수를 적절히 설정한다.  (passed as an argument)",
                                "iters_num = 10000 # 반복 횟수를 적절히 설정한다.")
                 .replace("# batch_size = 100 # 미니배치 크기  (passed as an argument)",
                          "batch_size = 100 # 미니배치 크기")
                 .replace("# learning_rate = 0.1  (passed as an argument)", "learning_rate = 0.1"))

# the book's §4.5.2 listing as the walk-through prints it: numerical_gradient, the loss only
WALKTHROUGH_452 = r"""
def train(
    x_train, t_train, x_test, t_test, *, iters_num=10000, batch_size=100, learning_rate=0.1,
    hidden_size=50, seed=None, verbose=False,
):
    train_loss_list=[]

    # 하이퍼파라미터
    # iters_num = 10000 # 반복 횟수  (passed as an argument)
    train_size = x_train.shape[0]
    # batch_size = 100 # 미니배치 크기  (passed as an argument)
    # learning_rate = 0.1  (passed as an argument)

    network = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)

    for i in range(iters_num):
        # 미니배치 획득
        batch_mask = np.random.choice(train_size, batch_size)
        x_batch = x_train[batch_mask]
        t_batch = t_train[batch_mask]

        # 기울기 계산
        grad = network.numerical_gradient(x_batch, t_batch)
        # grad = network.gradient(x_batch, t_batch) # 성능 개선판

        # 매개변수 갱신
        for key in ('W1','b1','W2','b2'):
            network.params[key] -= learning_rate * grad[key]

        # 학습 경과 기록
        loss = network.loss(x_batch, t_batch)
        train_loss_list.append(loss)
    return TrainResult(network, train_loss_list)
"""

# the same with the walk-through's own comment applied (backprop, "성능 개선판"): still the loss only
WALKTHROUGH_452_BACKPROP = (WALKTHROUGH_452
                            .replace("grad = network.numerical_gradient", "# grad = network.numerical_gradient")
                            .replace("# grad = network.gradient", "grad = network.gradient"))

# version -> the hints it must get (none: it passes)
EXPECTED = {
    "slides": (SLIDES, []),
    "slides_pasted": (SLIDES_PASTED, ["train_hardcoded_settings"]),
    "walkthrough_452": (WALKTHROUGH_452, ["train_numerical_gradient"]),
    "walkthrough_452_backprop": (WALKTHROUGH_452_BACKPROP, ["train_no_accuracy"]),
}


def with_train(folder, source: str) -> Submission:
    """solutions/ with its train() replaced by `source`."""
    shutil.copytree(SOLUTIONS, folder, ignore=shutil.ignore_patterns("__pycache__", "mutants"))
    path = folder / "train.py"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("def train("), text.index("def main(")
    path.write_text(text[:start] + source + "\n\n\n" + text[end:], encoding="utf-8")
    return Submission(folder)


@pytest.mark.parametrize("version", EXPECTED)
def test_a_lecture_version_of_train_gets_the_hint_that_says_what_it_is(version, tmp_path) -> None:
    source, hints = EXPECTED[version]
    task = next(t for t in with_training(SMALL) if t.training)
    np.random.seed(0)  # the lecture's train() never seeds: TwoLayerNet draws from the global generator
    result = grade_task(task, with_train(tmp_path / version, source))
    assert result.mistakes == hints, describe_task(result, "en")
    assert result.passed == (not hints), describe_task(result, "en")
