"""4.4.2 simpleNet: predict, loss and the numerical gradient dW (simple_net.py)."""

from __future__ import annotations

import numpy as np

from ..compare import Close, GradCheck
from ..model import Case, Mistake, Tag, Task, Text
from ..numerics import NUMERICAL_GRAD_THRESHOLD, net_gradient_tolerance, net_loss_tolerance, one_hot

BOOK_W = np.array([[0.47355232, 0.9977393, 0.84668094], [0.85557411, 0.03563661, 0.69422093]])


def simple_net(sub, W):
    net = sub.simple_net.SimpleNet()
    net.W = W
    return net


def probe_simple_net_predict(sub, inp):
    return {"p": simple_net(sub, inp["W"]).predict(inp["x"])}


def probe_simple_net_loss(sub, inp):
    return {"loss": simple_net(sub, inp["W"]).loss(inp["x"], inp["t"])}


def probe_simple_net_gradient(sub, inp):
    net = simple_net(sub, inp["W"])
    x, t = inp["x"], inp["t"]
    return {"dW": sub.gradient.numerical_gradient(lambda w: net.loss(x, t), net.W)}


def simple_net_cases_hidden(rng):
    n = int(rng.integers(2, 5))
    return [Case.of("hidden_batch", tags=(Tag.BATCH, Tag.LABELS, Tag.OTHER_EXAMPLE), W=rng.normal(size=(2, 3)),
                    x=rng.normal(size=(n, 2)), t=rng.integers(0, 3, size=n))]


SIMPLE_NET_CASES = (
    Case.of("book_example", tags=(Tag.ONE_EXAMPLE, Tag.ONE_HOT, Tag.BOOK_EXAMPLE), W=BOOK_W, x=np.array([0.6, 0.9]),
            t=np.array([0, 0, 1])),
    Case.of("batch_one_hot", tags=(Tag.BATCH, Tag.ONE_HOT), W=BOOK_W,
            x=np.array([[0.6, 0.9], [-1.0, 0.5], [0.2, 0.1]]), t=one_hot([2, 0, 1], 3)),
    Case.of("batch_labels", tags=(Tag.BATCH, Tag.LABELS), W=BOOK_W, x=np.array([[0.6, 0.9], [-1.0, 0.5], [0.2, 0.1]]),
            t=np.array([2, 0, 1])),
)

SIMPLE_NET_PREDICT = Task(
    id="simple_net_predict",
    title=Text("simpleNet.predict", "simpleNet.predict"),
    points=3,
    file="simple_net.py",
    grades=("simple_net.SimpleNet.predict",),
    practice="gradient_simplenet",
    probe=probe_simple_net_predict,
    compare=Close(rtol=1e-12, atol=1e-14),
    tolerance="rtol 1e-12, atol 1e-14",
    why="one matrix product",
    public=SIMPLE_NET_CASES[:1] + SIMPLE_NET_CASES[2:],
    hidden=simple_net_cases_hidden,
    mistakes=(
        Mistake("net_predict_order", Text(
            "곱하는 순서가 반대입니다: np.dot(self.W, x)는 W (2, 3)에 x를 곱하려 해서 모양이 맞지 않거나 다른 값이 "
            "나옵니다. np.dot(x, self.W)로 쓰세요 (x의 각 행이 한 샘플).",
            "The product is the wrong way round: np.dot(self.W, x) multiplies W (2, 3) by x, which does not fit "
            "or gives other numbers. Use np.dot(x, self.W) (each row of x is one example).")),
    ),
)

SIMPLE_NET_LOSS = Task(
    id="simple_net_loss",
    title=Text("simpleNet.loss", "simpleNet.loss"),
    points=4,
    file="simple_net.py",
    grades=("simple_net.SimpleNet.loss",),
    calls=("simple_net.SimpleNet.predict", "functions.cross_entropy_error"),
    practice="gradient_simplenet",
    probe=probe_simple_net_loss,
    compare=Close(tolerance=net_loss_tolerance),  # δ inside log: see cross_entropy_error
    tolerance="rtol 1e-9, atol 2δ/p_min (`net_loss_tolerance`)",
    why="was a fixed atol 2e-7, below the δ/p = 2.5e-7 of the book's own example",
    public=SIMPLE_NET_CASES,
    hidden=simple_net_cases_hidden,
    mistakes=(
        Mistake("net_loss_no_softmax", Text(
            "점수(z)에 바로 교차 엔트로피를 적용했습니다: 먼저 y = softmax(z)로 확률로 바꾸세요.",
            "Cross-entropy was applied to the raw scores z: turn them into probabilities with "
            "y = softmax(z) first.")),
    ),
)

SIMPLE_NET_GRADIENT = Task(
    id="simple_net_gradient",
    title=Text("simpleNet의 기울기 dW", "simpleNet's gradient dW"),
    points=4,
    file="simple_net.py",
    calls=("simple_net.SimpleNet.loss", "gradient.numerical_gradient"),
    practice="gradient_simplenet",
    probe=probe_simple_net_gradient,
    compare=GradCheck(NUMERICAL_GRAD_THRESHOLD, tolerance=net_gradient_tolerance),
    tolerance="1e-7 + 2·(δ-term)/scale (`net_gradient_tolerance`)",
    why="see *gradient checks* below",
    public=SIMPLE_NET_CASES,
    hidden=simple_net_cases_hidden,
)

TASKS = (SIMPLE_NET_PREDICT, SIMPLE_NET_LOSS, SIMPLE_NET_GRADIENT)
