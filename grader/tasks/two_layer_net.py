"""4.5.1 TwoLayerNet: parameters, predict, loss, accuracy and both gradients (two_layer_net.py)."""

from __future__ import annotations

import numpy as np

from ..compare import Close, GradCheck
from ..model import Case, Mistake, Origin, Tag, Task, Text
from ..numerics import (
    NUMERICAL_GRAD_THRESHOLD,
    PARAM_NAMES,
    net_gradient_tolerance,
    net_loss_tolerance,
    one_hot,
    softmax_rows,
)

# backprop is exact: two correct implementations differ by a few ulps of float64.
BACKPROP_THRESHOLD = 1e-9


def two_layer_net(sub, inp):
    """A submission's TwoLayerNet holding the case's parameters.

    Built without __init__ when __init__ is not written yet, so that predict, loss and
    gradients are graded on their own.
    """
    cls = sub.two_layer_net.TwoLayerNet
    W1, W2 = inp["W1"], inp["W2"]
    try:
        net = cls(W1.shape[0], W1.shape[1], W2.shape[1])
    except NotImplementedError:
        net = cls.__new__(cls)
        net.params = {}
    for key in PARAM_NAMES:
        net.params[key] = inp[key]
    return net


def probe_init(sub, inp):
    np.random.seed(int(inp["seed"]))
    sizes = [int(s) for s in inp["sizes"]]
    cls = sub.two_layer_net.TwoLayerNet
    net = cls(*sizes) if float(inp["std"]) == 0.01 and bool(inp["default_std"]) else \
        cls(*sizes, weight_init_std=float(inp["std"]))
    p = net.params
    out = {f"{k}.shape": np.array(np.shape(p[k])) for k in PARAM_NAMES}
    out.update({"b1": p["b1"], "b2": p["b2"], "W1.std": np.std(p["W1"]), "W2.std": np.std(p["W2"]),
                "W1.mean": np.mean(p["W1"])})
    return out


def tiny_net_case(case_id: str, rng: np.random.Generator, n: int, sizes=(4, 5, 3), labels=False,
                  std: float = 0.8, *extra: Tag) -> Case:
    i, h, o = sizes
    t = rng.integers(0, o, size=n)
    return Case.of(case_id, tags=(Tag.BATCH, Tag.LABELS if labels else Tag.ONE_HOT, *extra),
                   W1=rng.normal(0, std, (i, h)), b1=rng.normal(0, 0.5, h),
                   W2=rng.normal(0, std, (h, o)), b2=rng.normal(0, 0.5, o),
                   x=rng.normal(size=(n, i)), t=t if labels else one_hot(t, o))


def tiny_net_cases(seed: int) -> tuple[Case, ...]:
    rng = np.random.default_rng(seed)
    return (tiny_net_case("tiny_one_hot", rng, 3), tiny_net_case("tiny_labels", rng, 3, labels=True),
            tiny_net_case("wider_batch", rng, 7, sizes=(6, 4, 5)))


def tiny_net_hidden(rng):
    return [tiny_net_case("hidden_one_hot", rng, int(rng.integers(2, 9)), (5, 6, 4), False, 0.8, Tag.OTHER_EXAMPLE),
            tiny_net_case("hidden_labels", rng, int(rng.integers(2, 9)), (3, 7, 5), True, 0.8, Tag.OTHER_EXAMPLE)]


TINY_NET_CASES = tiny_net_cases(4)


def accuracy_cases() -> tuple[Case, ...]:
    rng = np.random.default_rng(11)
    base = tiny_net_case("x", rng, 8, sizes=(4, 5, 3), std=2.0)
    logits = base.inputs["x"] @ base.inputs["W1"]  # any fixed labels; half of them agree below
    pred = np.argmax(softmax_rows(1 / (1 + np.exp(-(logits + base.inputs["b1"]))) @ base.inputs["W2"]
                                  + base.inputs["b2"]), axis=1)
    labels = pred.copy()
    labels[::2] = (labels[::2] + 1) % 3  # exactly half right: an accuracy of 0.5
    inputs = {k: v for k, v in base.inputs.items() if k != "t"}
    return (Case("half_right_labels", {**inputs, "t": labels}, (Tag.LABELS, Tag.HALF_RIGHT)),
            Case("half_right_one_hot", {**inputs, "t": one_hot(labels, 3)}, (Tag.ONE_HOT, Tag.HALF_RIGHT)),
            Case("all_right_labels", {**inputs, "t": pred}, (Tag.LABELS, Tag.ALL_RIGHT)))


def probe_accuracy(sub, inp):
    return {"accuracy": two_layer_net(sub, inp).accuracy(inp["x"], inp["t"])}


def probe_net_numerical_gradient(sub, inp):
    return dict(two_layer_net(sub, inp).numerical_gradient(inp["x"], inp["t"]))


def probe_net_gradient(sub, inp):
    return dict(two_layer_net(sub, inp).gradient(inp["x"], inp["t"]))


TWO_LAYER_NET_INIT = Task(
    id="two_layer_net_init",
    title=Text("TwoLayerNet 매개변수 초기화", "TwoLayerNet parameters"),
    points=3,
    file="two_layer_net.py",
    grades=("two_layer_net.TwoLayerNet.__init__",),
    practice="two_layer_net",
    probe=probe_init,
    # the std of n Gaussian draws is off by about 1/sqrt(2n): 2% is over 5 sigma for n >= 500
    compare=Close(rtol=0, atol=0, overrides={"W1.std": (0.02, 0), "W2.std": (0.02, 0), "W1.mean": (0, 1e-3)}),
    tolerance="shapes and zero biases exact; std of W within 2 %; mean of W1 within 1e-3",
    why="the std of n Gaussian draws is off by ≈ 1/√(2n): 2 % is over 5σ for n ≥ 500; any draw order passes",
    public=(
        Case.of("book_sizes", tags=(Tag.DEFAULT_STD, Tag.BOOK_EXAMPLE), sizes=[784, 50, 10], std=0.01,
                default_std=True, seed=0),
        Case.of("std_0.5", tags=(Tag.GIVEN_STD,), sizes=[30, 40, 20], std=0.5, default_std=False, seed=1),
    ),
    hidden=lambda rng: [Case.of("hidden", tags=(Tag.GIVEN_STD, Tag.OTHER_EXAMPLE), sizes=rng.integers(30, 60, size=3),
                                std=float(rng.uniform(0.1, 1)), default_std=False, seed=int(rng.integers(1 << 30)))],
    mistakes=(
        Mistake("init_no_std", Text(
            "가중치에 weight_init_std를 곱하지 않았습니다: W = weight_init_std * np.random.randn(...) 입니다.",
            "The weights are not scaled: W = weight_init_std * np.random.randn(...).")),
        Mistake("init_transposed", Text(
            "가중치의 모양이 뒤집혔습니다: W1은 (input_size, hidden_size), W2는 (hidden_size, output_size)입니다 "
            "(x·W1이 되도록).",
            "The weights' shapes are the wrong way round: W1 is (input_size, hidden_size) and W2 "
            "(hidden_size, output_size), so that x·W1 works.")),
        Mistake("init_uniform", Text(
            "np.random.rand는 [0, 1) 균등분포입니다: 책처럼 정규분포 np.random.randn을 쓰세요.",
            "np.random.rand draws uniformly from [0, 1): use the Gaussian np.random.randn, as the book does.")),
    ),
)

TWO_LAYER_NET_PREDICT = Task(
    id="two_layer_net_predict",
    title=Text("TwoLayerNet.predict", "TwoLayerNet.predict"),
    points=5,
    file="two_layer_net.py",
    grades=("two_layer_net.TwoLayerNet.predict",),
    practice="two_layer_net",
    probe=lambda sub, inp: {"y": two_layer_net(sub, inp).predict(inp["x"])},
    compare=Close(rtol=1e-10, atol=1e-14),
    tolerance="rtol 1e-10, atol 1e-14",
    why="two products, a sigmoid, a softmax",
    public=TINY_NET_CASES,
    hidden=tiny_net_hidden,
    mistakes=(
        Mistake("predict_no_softmax", Text(
            "출력층에 softmax를 적용하지 않았습니다: y = softmax(a2) 를 반환해야 각 행의 합이 1입니다.",
            "No softmax on the output layer: return y = softmax(a2), whose rows sum to 1.")),
        Mistake("predict_no_sigmoid", Text(
            "은닉층에 sigmoid를 적용하지 않았습니다: z1 = sigmoid(a1) 을 다음 층에 넣으세요.",
            "No sigmoid on the hidden layer: feed z1 = sigmoid(a1) to the next layer.")),
        Mistake("predict_sigmoid_output", Text(
            "출력층에 sigmoid를 적용했습니다: 출력은 각 행의 합이 1인 확률이어야 하므로 softmax(a2)입니다.",
            "The output layer applies sigmoid: the output must be probabilities whose rows sum to 1, softmax(a2).")),
        Mistake("predict_no_bias", Text(
            "편향을 더하지 않았습니다: a1 = x·W1 + b1, a2 = z1·W2 + b2 입니다.",
            "The biases are not added: a1 = x·W1 + b1, a2 = z1·W2 + b2.")),
    ),
)

TWO_LAYER_NET_LOSS = Task(
    id="two_layer_net_loss",
    title=Text("TwoLayerNet.loss", "TwoLayerNet.loss"),
    points=3,
    file="two_layer_net.py",
    grades=("two_layer_net.TwoLayerNet.loss",),
    calls=("two_layer_net.TwoLayerNet.predict", "functions.cross_entropy_error"),
    practice="two_layer_net",
    probe=lambda sub, inp: {"loss": two_layer_net(sub, inp).loss(inp["x"], inp["t"])},
    compare=Close(tolerance=net_loss_tolerance),  # δ/p: see docs/tolerances.md
    tolerance="rtol 1e-9, atol 2δ/p_min (`net_loss_tolerance`)",
    why="was a fixed atol 1e-5; hidden seed 16 needs 1.1e-4 (p_min ≈ 2e-3)",
    public=TINY_NET_CASES,
    hidden=tiny_net_hidden,
    mistakes=(
        Mistake("loss_softmax_twice", Text(
            "predict가 이미 softmax를 적용하므로 loss에서 다시 적용하면 확률이 평평해집니다: "
            "cross_entropy_error(self.predict(x), t).",
            "predict already applies softmax; applying it again in loss flattens the probabilities: "
            "cross_entropy_error(self.predict(x), t).")),
    ),
)

TWO_LAYER_NET_ACCURACY = Task(
    id="two_layer_net_accuracy",
    title=Text("TwoLayerNet.accuracy", "TwoLayerNet.accuracy"),
    points=4,
    file="two_layer_net.py",
    grades=("two_layer_net.TwoLayerNet.accuracy",),
    calls=("two_layer_net.TwoLayerNet.predict",),
    practice="two_layer_net",
    probe=probe_accuracy,
    compare=Close(rtol=1e-12),
    tolerance="rtol 1e-12",
    why="a ratio of counts; `np.mean(y == t)` gives the same float",
    public=accuracy_cases(),
    hidden=lambda rng: [tiny_net_case("hidden_labels", rng, 20, labels=True, std=2.0),
                        tiny_net_case("hidden_one_hot", rng, 20, std=2.0)],
    mistakes=(
        Mistake("accuracy_one_hot_only", Text(
            "책의 accuracy 그대로입니다 (슬라이드, 워크스루도 같습니다): t = np.argmax(t, axis=1)은 원-핫 t에만 맞고, "
            "t가 레이블 인덱스 (N,)이면 axis=1이 없어 오류가 납니다. 이 과제는 레이블도 받습니다: t.ndim != 1 일 때만 "
            "argmax 하세요.",
            "This is the book's accuracy (the slides' and the walk-through's too): t = np.argmax(t, axis=1) suits "
            "one-hot t only; label-index t (N,) has no axis 1. This task also takes labels: only do the argmax "
            "when t.ndim != 1."), origin=Origin.EXTENSION),
        Mistake("accuracy_argmax_no_axis", Text(
            "np.argmax(y)에 axis가 없어 배치 전체에서 숫자 하나가 나옵니다: 샘플마다의 예측은 "
            "np.argmax(y, axis=1)입니다.",
            "np.argmax(y) without an axis gives one number for the whole batch: each example's prediction is "
            "np.argmax(y, axis=1).")),
        Mistake("accuracy_count", Text(
            "맞은 개수를 반환합니다: 정확도는 비율이므로 x.shape[0]으로 나누세요.",
            "You return the number of correct answers: accuracy is a ratio, divide by x.shape[0].")),
    ),
)

TWO_LAYER_NET_NUMERICAL_GRADIENT = Task(
    id="two_layer_net_numerical_gradient",
    title=Text("TwoLayerNet.numerical_gradient", "TwoLayerNet.numerical_gradient"),
    points=6,
    file="two_layer_net.py",
    grades=("two_layer_net.TwoLayerNet.numerical_gradient",),
    calls=("two_layer_net.TwoLayerNet.loss", "gradient.numerical_gradient"),
    practice="two_layer_net",
    probe=probe_net_numerical_gradient,
    compare=GradCheck(NUMERICAL_GRAD_THRESHOLD, tolerance=net_gradient_tolerance),
    tolerance="1e-7 + 2·(δ-term)/scale",
    why="see *gradient checks*",
    public=TINY_NET_CASES,
    hidden=tiny_net_hidden,
    mistakes=(
        Mistake("ngrad_param_copy", Text(
            "매개변수의 복사본을 넘겼습니다: loss_W는 인자를 무시하고 self.params를 읽으므로, 복사본을 바꿔도 손실이 "
            "변하지 않아 기울기가 0입니다. self.params[key] 자체를 넘기세요.",
            "You pass a copy of each parameter: loss_W ignores its argument and reads self.params, so changing the "
            "copy never changes the loss and the gradient is 0. Pass self.params[key] itself.")),
        Mistake("ngrad_loss_method", Text(
            "self.loss를 그대로 넘겼습니다: numerical_gradient는 f(W)처럼 인자 하나로 부르지만 loss는 (x, t)를 "
            "받습니다. loss_W = lambda W: self.loss(x, t)를 만들어 넘기세요.",
            "self.loss is passed as it is: numerical_gradient calls f(W) with one argument, but loss takes (x, t). "
            "Pass loss_W = lambda W: self.loss(x, t).")),
        Mistake("ngrad_calls_method", Text(
            "self.numerical_gradient(메서드 자신)를 불렀습니다: 기울기는 gradient.py의 모듈 함수 "
            "numerical_gradient(loss_W, self.params[key])로 구합니다.",
            "You call self.numerical_gradient, the method itself: the gradients come from gradient.py's module "
            "function numerical_gradient(loss_W, self.params[key]).")),
    ),
)

TWO_LAYER_NET_GRADIENT = Task(
    id="two_layer_net_gradient",
    title=Text("TwoLayerNet.gradient (오차역전파)", "TwoLayerNet.gradient (backprop)"),
    points=10,
    file="two_layer_net.py",
    grades=("two_layer_net.TwoLayerNet.gradient",),
    practice="two_layer_net",
    probe=probe_net_gradient,
    compare=GradCheck(BACKPROP_THRESHOLD),
    tolerance="1e-9",
    why="analytic against analytic: einsum, `z1*(1−z1)`, dividing by N at the end, label indexing differ by ulps "
        "(≤ 4e-16 seen)",
    public=TINY_NET_CASES,
    hidden=tiny_net_hidden,
    mistakes=(
        Mistake("bp_one_hot_only", Text(
            "책의 gradient 그대로입니다 (슬라이드, 워크스루도 같습니다): 원-핫 t에서는 맞지만, t가 레이블 "
            "인덱스 (N,)이면 y − t가 클래스 방향으로 퍼져 틀린 기울기가 나옵니다 (N = C이면 오류도 없이). "
            "이 과제는 레이블도 받습니다: t.ndim == 1이면 먼저 t = np.eye(C)[t]로 원-핫으로 바꾸세요.",
            "This is the book's gradient (the slides' and the walk-through's too): right for one-hot t, but with "
            "label-index t (N,), y − t broadcasts along the classes and gives a wrong gradient (silently when "
            "N = C). This task also takes labels: when t.ndim == 1, first turn them into one-hot rows, "
            "t = np.eye(C)[t]."), origin=Origin.EXTENSION),
        Mistake("bp_x_not_transposed", Text(
            "W1의 기울기에 x를 전치하지 않았습니다: dW1 = x.T · dz1 (모양 (input, hidden)).",
            "The gradient of W1 needs x transposed: dW1 = x.T · dz1, of shape (input, hidden).")),
        Mistake("bp_no_batch_mean", Text(
            "dy = (y − t) 를 배치 크기로 나누지 않아 기울기가 N배 큽니다: dy = (y − t) / batch_num.",
            "dy = (y − t) is not divided by the batch size, so every gradient is N times too large: "
            "dy = (y − t) / batch_num.")),
        Mistake("bp_sigmoid_grad_of_z1", Text(
            "sigmoid_grad를 z1(시그모이드의 출력)에 적용했습니다: sigmoid_grad는 입력 a1을 받아 "
            "σ(a1)(1 − σ(a1))을 계산합니다. sigmoid_grad(a1) * da1 로 쓰세요.",
            "sigmoid_grad was applied to z1, the sigmoid's output: it takes the pre-activation a1 and "
            "computes σ(a1)(1 − σ(a1)). Use sigmoid_grad(a1) * da1.")),
        Mistake("bp_bias_axis", Text(
            "편향의 기울기를 잘못된 축으로 더했습니다: 배치 방향(axis=0)으로 더해야 b와 같은 모양이 됩니다.",
            "The bias gradient is summed over the wrong axis: sum over the batch, axis=0, "
            "to get b's shape.")),
    ),
)

TASKS = (TWO_LAYER_NET_INIT, TWO_LAYER_NET_PREDICT, TWO_LAYER_NET_LOSS, TWO_LAYER_NET_ACCURACY,
         TWO_LAYER_NET_NUMERICAL_GRADIENT, TWO_LAYER_NET_GRADIENT)
