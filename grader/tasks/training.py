"""4.5.2-4.5.3 Mini-batch SGD on MNIST (train.py): judged by rules (grader/training_rules.py)."""

from __future__ import annotations

from ..compare import Check
from ..mnist import for_submission
from ..model import Case, Kind, Mistake, Task, Text
from ..numerics import PARAM_NAMES
from ..training_rules import RULES, loss_trend, rule_epochs

# the book's settings; an instructor changes them with --train-* options
TRAINING = {"iters_num": 10000, "batch_size": 100, "learning_rate": 0.1, "hidden_size": 50,
            "train_size": 0, "min_accuracy": 0.93, "seed": 1}


def training_case(case_id: str = "book_settings", **overrides) -> Case:
    return Case.of(case_id, **{**TRAINING, **overrides})


def hidden_training(**settings):
    """The hidden case: the same settings, with a seed of the student's own."""
    return lambda rng: [training_case("hidden_seed", seed=int(rng.integers(1 << 30)), **settings)]


def probe_train(sub, inp):
    x_train, t_train, x_test, t_test = for_submission(inp, sub.mnist)
    result = sub.train.train(
        x_train, t_train, x_test, t_test, iters_num=int(inp["iters_num"]),
        batch_size=int(inp["batch_size"]), learning_rate=float(inp["learning_rate"]),
        hidden_size=int(inp["hidden_size"]), seed=int(inp["seed"]))
    out = {k: result.network.params[k] for k in PARAM_NAMES}
    out.update(train_loss=list(result.train_loss_list), train_acc=list(result.train_acc_list),
               test_acc=list(result.test_acc_list))
    return out


def detect_no_update(case, got, expected):
    first, last = loss_trend(got)
    return abs(first - last) <= 0.01 * abs(first)


def detect_wrong_sign(case, got, expected):
    first, last = loss_trend(got)
    return not (last < first * 1.01) and not detect_no_update(case, got, expected)


def detect_fake_accuracy(case, got, expected):
    return any(m.kind == "check" for m in rule_epochs(got, expected, case))


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
    timeout=900.0,
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
    ),
)

TASKS = (TRAIN,)
