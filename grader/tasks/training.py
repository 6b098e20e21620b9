"""4.5.2-4.5.3 Mini-batch SGD on MNIST (train.py): judged by rules (grader/training_rules.py).

The lecture's own versions of train() are catalogued: the book's §4.5.2 listing (and the
walk-through's) calls network.numerical_gradient and records no accuracy; the slides' script
pasted into train() keeps its own iters_num/batch_size/learning_rate lines. A train() that
cannot finish, or runs past iters_num, is stopped early by the probe (grader/pace.py) and
named from the error it stopped with.
"""

from __future__ import annotations

import numpy as np

from ..compare import Check
from ..mnist import for_submission
from ..model import Case, Kind, Mistake, Task, Text
from ..numerics import PARAM_NAMES
from ..pace import AccuracyTooOften, NumericalGradientTooSlow, Stop, TooManyIterations, watching
from ..training_rules import RULES, SAME_NETWORK, epochs_recorded, loss_trend, rule_epochs

# the book's settings; an instructor changes them with --train-* options
TRAINING = {"iters_num": 10000, "batch_size": 100, "learning_rate": 0.1, "hidden_size": 50,
            "train_size": 0, "min_accuracy": 0.93, "seed": 1}


def training_case(case_id: str = "book_settings", **overrides) -> Case:
    return Case.of(case_id, **{**TRAINING, **overrides})


def hidden_training(**settings):
    """The hidden case: the same settings, with a seed of the student's own."""
    return lambda rng: [training_case("hidden_seed", seed=int(rng.integers(1 << 30)), **settings)]


def probe_train(sub, inp):
    x_train, t_train, x_test, t_test = for_submission(inp)
    module = sub.train
    with watching(getattr(module, "TwoLayerNet", None), int(inp["iters_num"])):
        try:
            result = module.train(
                x_train, t_train, x_test, t_test, iters_num=int(inp["iters_num"]),
                batch_size=int(inp["batch_size"]), learning_rate=float(inp["learning_rate"]),
                hidden_size=int(inp["hidden_size"]), seed=int(inp["seed"]))
        except Stop as stop:  # outside the student's code now: an ordinary error, at the student's line
            raise stop.error.with_traceback(stop.__traceback__) from None
    out = {k: result.network.params[k] for k in PARAM_NAMES}
    out.update(train_loss=list(result.train_loss_list), train_acc=list(result.train_acc_list),
               test_acc=list(result.test_acc_list))
    return out


def recorded(got: dict, name: str) -> int:
    return int(np.size(got.get(name, ())))


def detect_no_update(case, got, expected):
    first, last = loss_trend(got)
    return abs(first - last) <= 0.01 * abs(first)


def detect_wrong_sign(case, got, expected):
    first, last = loss_trend(got)
    return not (last < first * 1.01) and not detect_no_update(case, got, expected)


def detect_fake_accuracy(case, got, expected):
    return any(m.kind == "check" for m in rule_epochs(got, expected, case))


def detect_no_accuracy(case, got, expected):
    return recorded(got, "train_acc") == recorded(got, "test_acc") == 0


def detect_accuracy_every_iteration(case, got, expected):
    iters = int(case.inputs["iters_num"])
    return iters > epochs_recorded(case.inputs) and recorded(got, "train_acc") == iters


def detect_hardcoded_settings(case, got, expected):
    book = TRAINING["iters_num"]
    return int(case.inputs["iters_num"]) != book and recorded(got, "train_loss") == book


def detect_not_trained_here(case, got, expected):
    return SAME_NETWORK in got


TRAIN = Task(
    id="train",
    title=Text("미니배치 학습 (MNIST)", "Mini-batch training on MNIST"),
    points=10,
    file="train.py",
    grades=("train.train",),
    calls=("two_layer_net.TwoLayerNet.gradient", "two_layer_net.TwoLayerNet.loss",
           "two_layer_net.TwoLayerNet.accuracy", "two_layer_net.TwoLayerNet.__init__"),
    practice="train_neuralnet",
    kind=Kind.TRAINING,
    needs_mnist=True,
    probe=probe_train,
    compare=Check(RULES),
    tolerance="rules, see *training*",
    why="random by nature: no reference outputs",
    public=(training_case(),),
    hidden=hidden_training(),
    outputs=(("W1", 2), ("b1", 1), ("W2", 2), ("b2", 1), ("train_loss", 1), ("train_acc", 1), ("test_acc", 1)),
    timeout=900.0,  # until this machine's pace is measured: grader.pace.with_time_limit sets the real limit
    mistakes=(
        Mistake("train_no_update", Text(
            "매개변수를 갱신하지 않습니다: 손실이 그대로입니다. 각 반복에서 network.params[key] -= "
            "learning_rate * grad[key] 를 하세요.",
            "The parameters are never updated: the loss stays flat. In every iteration do "
            "network.params[key] -= learning_rate * grad[key]."), detect=detect_no_update),
        Mistake("train_wrong_sign", Text(
            "손실이 커집니다: 갱신은 params -= lr * grad 입니다. 부호가 맞다면 기울기가 너무 큰 것이니 "
            "two_layer_net_gradient 과제(배치 크기로 나누기)를 확인하세요.",
            "The loss grows: the update is params -= lr * grad. If the sign is right, the gradients are too "
            "large: check the two_layer_net_gradient task (division by the batch size)."),
            detect=detect_wrong_sign),
        Mistake("train_fake_accuracy", Text(
            "기록한 정확도가 실제 네트워크의 정확도와 다릅니다: 에폭마다 network.accuracy(x_train, t_train)와 "
            "network.accuracy(x_test, t_test)를 재어 기록하세요.",
            "The recorded accuracies are not the network's: each epoch, measure "
            "network.accuracy(x_train, t_train) and network.accuracy(x_test, t_test)."),
            detect=detect_fake_accuracy),
        Mistake("train_numerical_gradient", Text(
            "network.numerical_gradient로 학습합니다 (책 4.5.2절 목록 그대로): 매개변수마다 손실을 두 번 계산하므로 "
            "반복 한 번에 손실 계산이 약 8만 번, 반복마다 수십 초, 전체는 몇 시간이 걸립니다. 책의 주석대로 "
            "grad = network.gradient(x_batch, t_batch) (오차역전파)를 쓰세요.",
            "You train with network.numerical_gradient (the book's §4.5.2 listing as printed): it evaluates the "
            "loss twice per parameter, about 80,000 times per iteration, so tens of seconds per iteration and "
            "hours in all. Use grad = network.gradient(x_batch, t_batch) (backprop), as the book's comment says."),
            error_type=NumericalGradientTooSlow.__name__),
        Mistake("train_no_accuracy", Text(
            "정확도를 기록하지 않았습니다 (책 4.5.2절 목록은 손실만 기록합니다). 4.5.3절처럼 "
            "i % iter_per_epoch == 0 일 때마다 훈련/시험 정확도를 train_acc_list, test_acc_list에 추가하세요.",
            "No accuracy is recorded (the book's §4.5.2 listing records only the loss). As in §4.5.3, append the "
            "train and test accuracies to train_acc_list and test_acc_list whenever i % iter_per_epoch == 0."),
            detect=detect_no_accuracy),
        Mistake("train_acc_every_iter", Text(
            "정확도를 매 반복 기록했습니다: 훈련 데이터 전체의 정확도를 재는 데 학습 시간 대부분이 듭니다. "
            "에폭마다 한 번 (i % iter_per_epoch == 0) 기록하세요.",
            "The accuracy is recorded every iteration: measuring it over all the training images takes most of "
            "the training's time. Record it once per epoch (i % iter_per_epoch == 0)."),
            detect=detect_accuracy_every_iteration, error_type=AccuracyTooOften.__name__),
        Mistake("train_hardcoded_settings", Text(
            "train()이 인자로 받은 iters_num만큼 반복하지 않습니다. 책(슬라이드)의 iters_num = 10000, "
            "batch_size = 100, learning_rate = 0.1 줄을 함수 안에 두면 인자를 덮어씁니다: 이 값들은 train의 "
            "매개변수이므로 그 줄을 지우세요.",
            "train() does not run the iters_num iterations it is given. The book's (the slides') lines "
            "iters_num = 10000, batch_size = 100, learning_rate = 0.1 inside the function overwrite the "
            "arguments: they are train's parameters, delete those lines."),
            detect=detect_hardcoded_settings, error_type=TooManyIterations.__name__),
        Mistake("train_not_trained_here", Text(
            "두 학습 사례(시드도, 비밀리에 바뀐 데이터도 다름)가 똑같은 신경망을 돌려주었습니다: 이 가중치는 "
            "이 train()이 받은 데이터로 학습한 것이 아닙니다.",
            "Both training cases (other seeds, other secretly transformed data) returned the very same network: "
            "its weights were not trained by this train() on the data it was given."),
            detect=detect_not_trained_here),
    ),
)

TASKS = (TRAIN,)
