"""The one catalogue: every task of the chapter, as data.

Each entry says what a task reads from a submission, how it is called (its probe), on
which inputs (public cases, and hidden ones drawn from a seed), how its outputs are
judged (tolerances from the numerics: docs/tolerances.md) and which known mistakes it
recognises. The pytest self-check, the batch grader, the release builder and the
nbgrader bridge all read this file; adding a task means adding an entry here, a stub in
exercises/ and a solution (plus its mutants) in solutions/.
"""

from __future__ import annotations

import hashlib
import math
import zlib
from dataclasses import replace
from functools import cache

import numpy as np

from .compare import Check, Close, GradCheck, Mismatch, PlotMatch
from .figures import axes_data, new_axes
from .model import Case, Mistake, Task, Text

EPS = float(np.finfo(float).eps)
H = 1e-4  # the book's step for numerical differentiation
DELTA = 1e-7  # the book's guard inside log()

# The functions the differentiation tasks are probed with. They are the grader's own,
# so a submission cannot change what it is differentiating.
FUNCTIONS = {
    "function_1": lambda x: 0.01 * x**2 + 0.1 * x,
    "function_2": lambda x: np.sum(x**2),
    "sin": np.sin,
    "cube": lambda x: x**3 - 2 * x,
    # not separable: a gradient that forgets to restore x[idx] gets later entries wrong
    "coupled": lambda x: np.sum(x**3) + x.flat[0] * x.flat[-1] + np.prod(np.tanh(x)),
}


def softmax_rows(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def one_hot(labels, classes: int) -> np.ndarray:
    return np.eye(classes)[np.asarray(labels)]


def rounding_atol(f_max: float) -> float:
    """How far two correct central differences may differ: f is rounded to about
    EPS*|f| at each of two points, and the difference is divided by 2h."""
    return 8 * EPS * max(f_max, 1.0) / H


# ---------------------------------------------------------------- 4.2 loss functions

BOOK_T = one_hot(2, 10)
BOOK_Y1 = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
BOOK_Y2 = np.array([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])
BATCH_Y = np.stack([BOOK_Y1, BOOK_Y2, softmax_rows(np.linspace(-1, 2, 10))])
BATCH_LABELS = np.array([2, 2, 9])


def probe_loss(name: str):
    def probe(sub, inp):
        return {"loss": getattr(sub.functions, name)(inp["y"], inp["t"])}

    return probe


def loss_cases_hidden(rng: np.random.Generator, with_zero: bool) -> list[Case]:
    n, c = int(rng.integers(2, 7)), int(rng.integers(3, 11))
    labels = rng.integers(0, c, size=n)
    y = softmax_rows(rng.normal(size=(n, c)))
    # keep the correct class likely enough that every way of guarding log() agrees
    y[np.arange(n), labels] += 0.2
    y /= y.sum(axis=1, keepdims=True)
    cases = [
        Case.of("hidden_single", y=y[0], t=one_hot(labels[0], c)),
        Case.of("hidden_batch_one_hot", y=y, t=one_hot(labels, c)),
        Case.of("hidden_batch_labels", y=y, t=labels),
    ]
    if with_zero:
        z = y.copy()
        z[0, labels[0]] = 0.0
        z[0] /= z[0].sum()
        cases.append(Case.of("hidden_zero_probability", y=z, t=labels))
    return cases


def ce_tolerance(case: Case) -> tuple[float, float]:
    """Where delta goes (log(y+δ), log(max(y, δ)), clip) changes each term by at most
    about δ/y for the correct class's y, so that is the tolerance."""
    y, t = case.inputs["y"], case.inputs["t"]
    y2 = y.reshape(-1, y.shape[-1])
    labels = t.reshape(-1, y.shape[-1]).argmax(axis=1) if t.size == y.size else t.reshape(-1)
    p = y2[np.arange(y2.shape[0]), labels]
    p = p[p > 0]
    return 1e-9, (2 * DELTA / p.min() if p.size else 0.0)


SUM_SQUARES_ERROR = Task(
    id="sum_squares_error",
    title=Text("오차제곱합 (SSE)", "Sum of squares error"),
    points=5,
    file="functions.py",
    names=("sum_squares_error",),
    probe=probe_loss("sum_squares_error"),
    compare=Close(rtol=1e-10),
    public=(
        Case.of("book_y1", y=BOOK_Y1, t=BOOK_T),
        Case.of("book_y2", y=BOOK_Y2, t=BOOK_T),
        Case.of("batch_one_hot", y=BATCH_Y, t=one_hot(BATCH_LABELS, 10)),
        Case.of("batch_labels", y=BATCH_Y, t=BATCH_LABELS),
        Case.of("float32_batch", y=BATCH_Y.astype(np.float32), t=one_hot(BATCH_LABELS, 10).astype(np.float32)),
    ),
    hidden=lambda rng: loss_cases_hidden(rng, with_zero=False),
    mistakes=(
        Mistake("sse_slide_typo", Text(
            "슬라이드의 오타 `0.5*np.sum(y-t)**2`를 그대로 옮겼습니다: 제곱은 합 안에서, (y - t)**2 로 해야 합니다.",
            "You copied the slide's typo `0.5*np.sum(y-t)**2`: square inside the sum, (y - t)**2.")),
        Mistake("sse_no_half", Text(
            "0.5를 빠뜨렸습니다: E = ½ Σ (y − t)² 입니다.",
            "The factor 0.5 is missing: E = ½ Σ (y − t)².")),
        Mistake("sse_no_batch_mean", Text(
            "배치일 때 배치 크기로 나누지 않았습니다: 값이 N배 큽니다. y.shape[0]으로 나누세요.",
            "For a batch you did not divide by the batch size: the loss is N times too large.")),
    ),
)

CROSS_ENTROPY_ERROR = Task(
    id="cross_entropy_error",
    title=Text("교차 엔트로피 오차 (CEE)", "Cross-entropy error"),
    points=8,
    file="functions.py",
    names=("cross_entropy_error",),
    probe=probe_loss("cross_entropy_error"),
    compare=Close(tolerance=ce_tolerance),
    public=(
        Case.of("book_y1", y=BOOK_Y1, t=BOOK_T),
        Case.of("book_y2", y=BOOK_Y2, t=BOOK_T),
        Case.of("single_label", y=BOOK_Y1, t=2),
        Case.of("batch_one_hot", y=BATCH_Y, t=one_hot(BATCH_LABELS, 10)),
        Case.of("batch_labels", y=BATCH_Y, t=BATCH_LABELS),
        Case.of("zero_probability", y=BATCH_Y[:2], t=np.array([3, 2])),
        Case.of("float32_batch", y=BATCH_Y.astype(np.float32), t=BATCH_LABELS),
    ),
    hidden=lambda rng: loss_cases_hidden(rng, with_zero=True),
    mistakes=(
        Mistake("ce_no_delta", Text(
            "log 안에 delta(1e-7)를 더하지 않아, 정답 확률이 0일 때 inf가 됩니다: np.log(y + 1e-7).",
            "No delta inside the log: when the correct class has probability 0 the loss is inf. "
            "Use np.log(y + 1e-7).")),
        Mistake("ce_no_batch_mean", Text(
            "배치 크기로 나누지 않았습니다: 배치 손실은 평균입니다 (합 / N).",
            "You did not divide by the batch size: a batch's loss is the mean (sum / N).")),
        Mistake("ce_one_hot_only", Text(
            "t가 정답 레이블(인덱스)일 때를 처리하지 않았습니다: t.size == y.size가 아니면 "
            "y[np.arange(N), t]를 쓰세요.",
            "Label-index t is not handled: when t.size != y.size, use y[np.arange(N), t].")),
    ),
)

# ---------------------------------------------------------------- 4.3 differentiation


def diff_tolerance(case: Case) -> tuple[float, float]:
    f = FUNCTIONS[str(case.inputs["f"])]
    x = case.inputs["x"]
    return 1e-9, rounding_atol(float(np.max(np.abs(f(x + np.array([-H, 0, H]))))))


def probe_numerical_diff(sub, inp):
    return {"d": sub.gradient.numerical_diff(FUNCTIONS[str(inp["f"])], float(inp["x"]))}


def probe_tangent_line(sub, inp):
    line = sub.gradient.tangent_line(FUNCTIONS[str(inp["f"])], float(inp["x"]))
    if not callable(line):
        raise TypeError(f"tangent_line returned {type(line).__name__}, expected a function of t")
    t = float(inp["x"]) + np.linspace(-5, 5, 11)
    return {"tangent(t)": np.array([line(v) for v in t], dtype=float)}


def tangent_tolerance(case: Case) -> tuple[float, float]:
    rtol, atol = diff_tolerance(case)
    return rtol, atol * (abs(float(case.inputs["x"])) + 6)  # slope error times |t|


NUMERICAL_DIFF = Task(
    id="numerical_diff",
    title=Text("수치 미분 (중앙 차분)", "Numerical differentiation (central difference)"),
    points=5,
    file="gradient.py",
    names=("numerical_diff",),
    probe=probe_numerical_diff,
    compare=Close(tolerance=diff_tolerance),
    public=(
        Case.of("function_1_at_5", f="function_1", x=5.0),
        Case.of("function_1_at_10", f="function_1", x=10.0),
        Case.of("sin_at_1", f="sin", x=1.0),
        Case.of("cube_at_2", f="cube", x=2.0),
    ),
    hidden=lambda rng: [Case.of(f"hidden_{name}", f=name, x=float(rng.uniform(-5, 5)))
                        for name in ("function_1", "sin", "cube")],
    mistakes=(
        Mistake("diff_forward", Text(
            "전방 차분 (f(x+h) − f(x)) / h 을 썼습니다: 오차가 h에 비례합니다. "
            "중앙 차분 (f(x+h) − f(x−h)) / 2h 을 쓰세요.",
            "You used the forward difference (f(x+h) − f(x)) / h, whose error grows with h. "
            "Use the central difference (f(x+h) − f(x−h)) / 2h.")),
        Mistake("diff_tiny_h", Text(
            "h가 너무 작아(예: 1e-50) 반올림 오차로 x + h == x 가 되어 미분이 0이 됩니다. h = 1e-4 를 쓰세요.",
            "h is so small (e.g. 1e-50) that x + h rounds to x and the derivative becomes 0. "
            "Use h = 1e-4.")),
    ),
)

TANGENT_LINE = Task(
    id="tangent_line",
    title=Text("접선", "Tangent line"),
    points=4,
    file="gradient.py",
    names=("tangent_line",),
    probe=probe_tangent_line,
    compare=Close(tolerance=tangent_tolerance),
    public=(
        Case.of("function_1_at_5", f="function_1", x=5.0),
        Case.of("function_1_at_10", f="function_1", x=10.0),
        Case.of("sin_at_1", f="sin", x=1.0),
    ),
    hidden=lambda rng: [Case.of(f"hidden_{name}", f=name, x=float(rng.uniform(-5, 5)))
                        for name in ("function_1", "cube")],
    mistakes=(
        Mistake("tangent_intercept", Text(
            "절편이 틀렸습니다: 접선은 y = d·t + (f(x) − d·x) 입니다. f(x)만 더하면 x에서 f와 만나지 않습니다.",
            "Wrong intercept: the tangent is y = d·t + (f(x) − d·x); adding only f(x) misses f at x.")),
    ),
)


def probe_numerical_gradient(sub, inp):
    x = inp["x"]
    f = FUNCTIONS[str(inp["f"])]
    if bool(inp.get("closure", False)):
        # the book's idiom: f ignores its argument and reads x through a closure
        def g(_):
            return f(x)
    else:
        g = f
    grad = sub.gradient.numerical_gradient(g, x)
    return {"grad": grad, "x_after": x}


def gradient_tolerance(case: Case) -> tuple[float, float]:
    f = FUNCTIONS[str(case.inputs["f"])]
    x = case.inputs["x"]
    if x.dtype.kind not in "f":
        return 0.0, 0.0
    return 1e-9, rounding_atol(abs(float(f(x))) + np.sum(np.abs(x)) * H)


NUMERICAL_GRADIENT = Task(
    id="numerical_gradient",
    title=Text("수치 기울기", "Numerical gradient"),
    points=8,
    file="gradient.py",
    names=("numerical_gradient",),
    probe=probe_numerical_gradient,
    compare=Close(tolerance=gradient_tolerance),
    public=(
        Case.of("function_2_at_3_4", f="function_2", x=np.array([3.0, 4.0])),
        Case.of("function_2_at_0_2", f="function_2", x=np.array([0.0, 2.0])),
        Case.of("function_2_at_3_0", f="function_2", x=np.array([3.0, 0.0])),
        Case.of("coupled_1d", f="coupled", x=np.array([0.5, -1.0, 1.5])),
        Case.of("coupled_2d", f="coupled", x=np.array([[0.5, -1.0, 0.2], [1.5, 0.3, -0.7]])),
        Case.of("coupled_3d", f="coupled", x=np.linspace(-1, 1, 12).reshape(2, 2, 3)),
        Case.of("closure_2d", f="coupled", x=np.array([[0.1, -0.4], [0.8, 1.2]]), closure=True),
        Case.of("integer_input", f="function_2", x=np.array([3, 4])),
    ),
    hidden=lambda rng: [
        Case.of("hidden_1d", f="coupled", x=rng.uniform(-1.5, 1.5, size=int(rng.integers(2, 6)))),
        Case.of("hidden_2d", f="coupled", x=rng.uniform(-1.5, 1.5, size=(2, int(rng.integers(2, 5))))),
        Case.of("hidden_closure_3d", f="coupled", x=rng.uniform(-1.5, 1.5, size=(2, 2, 2)), closure=True),
    ],
    mistakes=(
        Mistake("grad_no_restore", Text(
            "x[idx]를 원래 값으로 되돌리지 않았습니다: 계산 뒤 x[idx] = tmp_val 로 복원해야 다음 원소와 "
            "호출한 쪽의 x가 망가지지 않습니다.",
            "x[idx] is not restored: after both evaluations set x[idx] = tmp_val, or the next entries "
            "and the caller's x are wrong.")),
        Mistake("grad_1d_only", Text(
            "1차원 배열만 처리합니다: x[idx]가 2차원에서는 행 전체입니다. np.nditer(multi_index)나 "
            "np.ndindex(x.shape)로 모든 원소를 도세요.",
            "Only 1-D arrays work: for 2-D x, x[idx] is a whole row. Visit every entry with "
            "np.nditer(multi_index) or np.ndindex(x.shape).")),
        Mistake("grad_copies_x", Text(
            "x의 복사본을 바꾸고 있습니다: f가 클로저로 원래 x를 읽는 `lambda w: net.loss(x, t)` 방식에서는 "
            "기울기가 0이 됩니다. 받은 x를 그 자리에서 바꾸고 되돌리세요.",
            "You perturb a copy of x: with the book's `lambda w: net.loss(x, t)`, which reads the original "
            "through a closure, the gradient comes out 0. Change x in place and restore it.")),
    ),
)


def probe_gradient_descent(sub, inp):
    init_x = inp["init_x"]
    x, history = sub.gradient.gradient_descent(
        FUNCTIONS[str(inp["f"])], init_x, lr=float(inp["lr"]), step_num=int(inp["step_num"]))
    return {"x": x, "x_history": history, "init_x_after": init_x}


def descent_tolerance(case: Case) -> tuple[float, float]:
    if float(case.inputs["lr"]) >= 1:
        # the divergent run leaves h below the spacing of the floats at 1e12: every step
        # is rounding, so only the book's order of magnitude is meaningful
        return 1e-2, 0.0
    # otherwise each of the steps adds a few ulps: far below what one wrong step changes
    return 1e-10, 1e-12


GRADIENT_DESCENT = Task(
    id="gradient_descent",
    title=Text("경사 하강법", "Gradient descent"),
    points=6,
    file="gradient.py",
    names=("gradient_descent",),
    probe=probe_gradient_descent,
    compare=Close(tolerance=descent_tolerance),
    public=(
        Case.of("book_lr_0.1", f="function_2", init_x=np.array([-3.0, 4.0]), lr=0.1, step_num=100),
        Case.of("book_lr_10", f="function_2", init_x=np.array([-3.0, 4.0]), lr=10.0, step_num=100),
        Case.of("book_lr_1e-10", f="function_2", init_x=np.array([-3.0, 4.0]), lr=1e-10, step_num=100),
        Case.of("five_steps", f="function_2", init_x=np.array([1.0, -2.0]), lr=0.3, step_num=5),
    ),
    hidden=lambda rng: [Case.of("hidden", f="function_2", init_x=rng.uniform(-4, 4, size=2),
                                lr=float(rng.uniform(0.05, 0.4)), step_num=int(rng.integers(5, 30)))],
    mistakes=(
        Mistake("gd_history_after_step", Text(
            "x_history에 갱신한 뒤의 x를 넣었습니다: 각 단계에서 갱신하기 전에 x.copy()를 기록하세요 "
            "(x_history[0]은 init_x).",
            "x_history records x after the update: append x.copy() before each step "
            "(x_history[0] is init_x).")),
        Mistake("gd_modifies_init_x", Text(
            "호출한 쪽의 init_x를 바꿔 버립니다: x = init_x 는 복사가 아닙니다. x = init_x.copy() "
            "(또는 np.array(init_x, dtype=float))로 시작하세요.",
            "The caller's init_x is modified: x = init_x is not a copy. Start from x = init_x.copy() "
            "(or np.array(init_x, dtype=float)).")),
        Mistake("gd_wrong_sign", Text(
            "갱신 방향이 반대입니다: 기울기의 반대 방향으로 가야 하므로 x -= lr * grad 입니다.",
            "The update has the wrong sign: descend against the gradient, x -= lr * grad.")),
    ),
)

# ---------------------------------------------------------------- 4.4.2 simpleNet

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
    return [Case.of("hidden_batch", W=rng.normal(size=(2, 3)), x=rng.normal(size=(n, 2)),
                    t=rng.integers(0, 3, size=n))]


SIMPLE_NET_CASES = (
    Case.of("book_example", W=BOOK_W, x=np.array([0.6, 0.9]), t=np.array([0, 0, 1])),
    Case.of("batch_one_hot", W=BOOK_W, x=np.array([[0.6, 0.9], [-1.0, 0.5], [0.2, 0.1]]),
            t=one_hot([2, 0, 1], 3)),
    Case.of("batch_labels", W=BOOK_W, x=np.array([[0.6, 0.9], [-1.0, 0.5], [0.2, 0.1]]), t=np.array([2, 0, 1])),
)

def judge_forward(inp) -> dict[str, np.ndarray]:
    """The judge's own forward pass of a case's simpleNet (W) or TwoLayerNet (W1, b1, W2, b2):
    the input rows, hidden activations, softmax output, one-hot t and each row's
    probability p of its correct class."""
    x = np.atleast_2d(np.asarray(inp["x"], float))
    if "W" in inp:
        z1, a2 = None, x @ inp["W"]
    else:
        z1 = 1 / (1 + np.exp(-(x @ inp["W1"] + inp["b1"])))
        a2 = z1 @ inp["W2"] + inp["b2"]
    y = softmax_rows(a2)
    t = np.asarray(inp["t"])
    t = t.reshape(y.shape).astype(float) if t.size == y.size else one_hot(t.reshape(-1), y.shape[1])
    return {"x": x, "z1": z1, "y": y, "t": t, "p": np.sum(y * t, axis=1)}


def judge_backprop(inp, weight) -> dict[str, np.ndarray]:
    """Backprop from dL/da2 = weight(p) * (y - t) / N. weight 1 is the gradient of -mean(log p);
    δ/(p + δ) is how far the gradient of -mean(log(p + δ)) is from it."""
    f = judge_forward(inp)
    d = weight(f["p"])[:, None] * (f["y"] - f["t"]) / len(f["p"])
    if f["z1"] is None:
        return {"dW": f["x"].T @ d}
    da1 = (d @ inp["W2"].T) * f["z1"] * (1 - f["z1"])
    return {"W1": f["x"].T @ da1, "b1": da1.sum(axis=0), "W2": f["z1"].T @ d, "b2": d.sum(axis=0)}


def net_loss_tolerance(case: Case) -> tuple[float, float]:
    """Where delta goes in the loss (log(y+δ), log(max(y, δ)), a log-softmax without it)
    moves each row's term by about δ/p: see ce_tolerance."""
    return 1e-9, 2 * DELTA / float(judge_forward(case.inputs)["p"].min())


def net_gradient_tolerance(case: Case) -> dict[str, float]:
    """Numerical gradients of losses that place delta differently differ by the gradient of
    the delta term, relative to the gradient's scale; twice that, above rounding."""
    exact = judge_backprop(case.inputs, np.ones_like)
    gap = judge_backprop(case.inputs, lambda p: DELTA / (p + DELTA))
    return {k: NUMERICAL_GRAD_THRESHOLD + 2 * float(np.max(np.abs(gap[k])) / np.max(np.abs(exact[k])))
            for k in exact}


SIMPLE_NET_PREDICT = Task(
    id="simple_net_predict",
    title=Text("simpleNet.predict", "simpleNet.predict"),
    points=3,
    file="simple_net.py",
    names=("SimpleNet",),
    probe=probe_simple_net_predict,
    compare=Close(rtol=1e-12, atol=1e-14),
    public=SIMPLE_NET_CASES[:1] + SIMPLE_NET_CASES[2:],
    hidden=simple_net_cases_hidden,
)

SIMPLE_NET_LOSS = Task(
    id="simple_net_loss",
    title=Text("simpleNet.loss", "simpleNet.loss"),
    points=4,
    file="simple_net.py",
    names=("SimpleNet",),
    probe=probe_simple_net_loss,
    compare=Close(tolerance=net_loss_tolerance),  # δ inside log: see cross_entropy_error
    public=SIMPLE_NET_CASES,
    hidden=simple_net_cases_hidden,
    mistakes=(
        Mistake("net_loss_no_softmax", Text(
            "점수(z)에 바로 교차 엔트로피를 적용했습니다: 먼저 y = softmax(z)로 확률로 바꾸세요.",
            "Cross-entropy was applied to the raw scores z: turn them into probabilities with "
            "y = softmax(z) first.")),
    ),
)

# Two central differences of the same loss differ by rounding only (about EPS*|loss|/h
# per entry), far below 1e-7 of the gradient's scale; a forward difference or a wrong
# loss is off by 1e-4 or more.
NUMERICAL_GRAD_THRESHOLD = 1e-7

SIMPLE_NET_GRADIENT = Task(
    id="simple_net_gradient",
    title=Text("simpleNet의 기울기 dW", "simpleNet's gradient dW"),
    points=4,
    file="simple_net.py",
    names=("SimpleNet",),
    probe=probe_simple_net_gradient,
    compare=GradCheck(NUMERICAL_GRAD_THRESHOLD, tolerance=net_gradient_tolerance),
    public=SIMPLE_NET_CASES,
    hidden=simple_net_cases_hidden,
)

# ---------------------------------------------------------------- 4.5 TwoLayerNet

PARAM_NAMES = ("W1", "b1", "W2", "b2")


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
                  std: float = 0.8) -> Case:
    i, h, o = sizes
    t = rng.integers(0, o, size=n)
    return Case.of(case_id, W1=rng.normal(0, std, (i, h)), b1=rng.normal(0, 0.5, h),
                   W2=rng.normal(0, std, (h, o)), b2=rng.normal(0, 0.5, o),
                   x=rng.normal(size=(n, i)), t=t if labels else one_hot(t, o))


def tiny_net_cases(seed: int) -> tuple[Case, ...]:
    rng = np.random.default_rng(seed)
    return (tiny_net_case("tiny_one_hot", rng, 3), tiny_net_case("tiny_labels", rng, 3, labels=True),
            tiny_net_case("wider_batch", rng, 7, sizes=(6, 4, 5)))


def tiny_net_hidden(rng):
    return [tiny_net_case("hidden_one_hot", rng, int(rng.integers(2, 9)), sizes=(5, 6, 4)),
            tiny_net_case("hidden_labels", rng, int(rng.integers(2, 9)), sizes=(3, 7, 5), labels=True)]


TINY_NET_CASES = tiny_net_cases(4)


def probe_accuracy(sub, inp):
    return {"accuracy": two_layer_net(sub, inp).accuracy(inp["x"], inp["t"])}


TWO_LAYER_NET_INIT = Task(
    id="two_layer_net_init",
    title=Text("TwoLayerNet 매개변수 초기화", "TwoLayerNet parameters"),
    points=3,
    file="two_layer_net.py",
    names=("TwoLayerNet",),
    probe=probe_init,
    # the std of n Gaussian draws is off by about 1/sqrt(2n): 2% is over 5 sigma for n >= 500
    compare=Close(rtol=0, atol=0, overrides={"W1.std": (0.02, 0), "W2.std": (0.02, 0), "W1.mean": (0, 1e-3)}),
    public=(
        Case.of("book_sizes", sizes=[784, 50, 10], std=0.01, default_std=True, seed=0),
        Case.of("std_0.5", sizes=[30, 40, 20], std=0.5, default_std=False, seed=1),
    ),
    hidden=lambda rng: [Case.of("hidden", sizes=rng.integers(30, 60, size=3), std=float(rng.uniform(0.1, 1)),
                                default_std=False, seed=int(rng.integers(1 << 30)))],
    mistakes=(
        Mistake("init_no_std", Text(
            "가중치에 weight_init_std를 곱하지 않았습니다: W = weight_init_std * np.random.randn(...) 입니다.",
            "The weights are not scaled: W = weight_init_std * np.random.randn(...).")),
    ),
)

TWO_LAYER_NET_PREDICT = Task(
    id="two_layer_net_predict",
    title=Text("TwoLayerNet.predict", "TwoLayerNet.predict"),
    points=5,
    file="two_layer_net.py",
    names=("TwoLayerNet",),
    probe=lambda sub, inp: {"y": two_layer_net(sub, inp).predict(inp["x"])},
    compare=Close(rtol=1e-10, atol=1e-14),
    public=TINY_NET_CASES,
    hidden=tiny_net_hidden,
    mistakes=(
        Mistake("predict_no_softmax", Text(
            "출력층에 softmax를 적용하지 않았습니다: y = softmax(a2) 를 반환해야 각 행의 합이 1입니다.",
            "No softmax on the output layer: return y = softmax(a2), whose rows sum to 1.")),
        Mistake("predict_no_sigmoid", Text(
            "은닉층에 sigmoid를 적용하지 않았습니다: z1 = sigmoid(a1) 을 다음 층에 넣으세요.",
            "No sigmoid on the hidden layer: feed z1 = sigmoid(a1) to the next layer.")),
    ),
)

TWO_LAYER_NET_LOSS = Task(
    id="two_layer_net_loss",
    title=Text("TwoLayerNet.loss", "TwoLayerNet.loss"),
    points=3,
    file="two_layer_net.py",
    names=("TwoLayerNet",),
    probe=lambda sub, inp: {"loss": two_layer_net(sub, inp).loss(inp["x"], inp["t"])},
    compare=Close(tolerance=net_loss_tolerance),  # δ/p: see docs/tolerances.md
    public=TINY_NET_CASES,
    hidden=tiny_net_hidden,
)


def accuracy_cases() -> tuple[Case, ...]:
    rng = np.random.default_rng(11)
    base = tiny_net_case("x", rng, 8, sizes=(4, 5, 3), std=2.0)
    logits = base.inputs["x"] @ base.inputs["W1"]  # any fixed labels; half of them agree below
    pred = np.argmax(softmax_rows(1 / (1 + np.exp(-(logits + base.inputs["b1"]))) @ base.inputs["W2"]
                                  + base.inputs["b2"]), axis=1)
    labels = pred.copy()
    labels[::2] = (labels[::2] + 1) % 3  # exactly half right: an accuracy of 0.5
    inputs = {k: v for k, v in base.inputs.items() if k != "t"}
    return (Case("half_right_labels", {**inputs, "t": labels}),
            Case("half_right_one_hot", {**inputs, "t": one_hot(labels, 3)}),
            Case("all_right_labels", {**inputs, "t": pred}))


TWO_LAYER_NET_ACCURACY = Task(
    id="two_layer_net_accuracy",
    title=Text("TwoLayerNet.accuracy", "TwoLayerNet.accuracy"),
    points=4,
    file="two_layer_net.py",
    names=("TwoLayerNet",),
    probe=probe_accuracy,
    compare=Close(rtol=1e-12),
    public=accuracy_cases(),
    hidden=lambda rng: [tiny_net_case("hidden_labels", rng, 20, labels=True, std=2.0),
                        tiny_net_case("hidden_one_hot", rng, 20, std=2.0)],
    mistakes=(
        Mistake("accuracy_one_hot_only", Text(
            "t가 레이블 인덱스일 때도 argmax를 해 버립니다: t.ndim != 1 일 때만 t = np.argmax(t, axis=1) 하세요.",
            "argmax is applied even to label-index t: only do t = np.argmax(t, axis=1) when t.ndim != 1.")),
        Mistake("accuracy_count", Text(
            "맞은 개수를 반환합니다: 정확도는 비율이므로 x.shape[0]으로 나누세요.",
            "You return the number of correct answers: accuracy is a ratio, divide by x.shape[0].")),
    ),
)


def probe_net_numerical_gradient(sub, inp):
    return dict(two_layer_net(sub, inp).numerical_gradient(inp["x"], inp["t"]))


def probe_net_gradient(sub, inp):
    return dict(two_layer_net(sub, inp).gradient(inp["x"], inp["t"]))


TWO_LAYER_NET_NUMERICAL_GRADIENT = Task(
    id="two_layer_net_numerical_gradient",
    title=Text("TwoLayerNet.numerical_gradient", "TwoLayerNet.numerical_gradient"),
    points=6,
    file="two_layer_net.py",
    names=("TwoLayerNet",),
    probe=probe_net_numerical_gradient,
    compare=GradCheck(NUMERICAL_GRAD_THRESHOLD, tolerance=net_gradient_tolerance),
    public=TINY_NET_CASES,
    hidden=tiny_net_hidden,
)

# backprop is exact: two correct implementations differ by a few ulps of float64.
BACKPROP_THRESHOLD = 1e-9

TWO_LAYER_NET_GRADIENT = Task(
    id="two_layer_net_gradient",
    title=Text("TwoLayerNet.gradient (오차역전파)", "TwoLayerNet.gradient (backprop)"),
    points=10,
    file="two_layer_net.py",
    names=("TwoLayerNet",),
    probe=probe_net_gradient,
    compare=GradCheck(BACKPROP_THRESHOLD),
    public=TINY_NET_CASES,
    hidden=tiny_net_hidden,
    mistakes=(
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

# ---------------------------------------------------------------- 4.5.2 training

# the book's settings; an instructor changes them with --train-* options
TRAINING = {"iters_num": 10000, "batch_size": 100, "learning_rate": 0.1, "hidden_size": 50,
            "train_size": 0, "min_accuracy": 0.93, "seed": 1}


def training_case(case_id: str = "book_settings", **overrides) -> Case:
    return Case.of(case_id, **{**TRAINING, **overrides})


@cache
def _mnist() -> tuple:
    """MNIST as the judge reads it: loaded and normalised once per process, read-only."""
    from datasets import load_mnist

    (x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, one_hot_label=True)
    for arr in (x_train, t_train, x_test, t_test):
        arr.flags.writeable = False
    return x_train, t_train, x_test, t_test


def mnist_slices(inp) -> tuple:
    """The judge's MNIST cut to the case's train_size (0: all of it); read-only views."""
    x_train, t_train, x_test, t_test = _mnist()
    n = int(inp["train_size"]) or len(x_train)
    return x_train[:n], t_train[:n], x_test, t_test


def widened(arr: np.ndarray) -> np.ndarray:
    """A float64 copy. The book's images are float32 and its weights float64, so numpy widens
    the images in every product anyway: exactly, and for the per-epoch accuracy a 376 MB
    copy of the training set each time, about a quarter of the training's time. Widening
    once before train() gives a submission the same values and spares it that work."""
    return arr.astype(np.float64)


def _submission_mnist(n: int | None) -> tuple:
    """MNIST arrays of the submission's own (shuffling them in place must not move the
    judge's), the training set cut to n rows (None: all). The batch worker swaps in
    copy-on-write maps of the grader's files."""
    x_train, t_train, x_test, t_test = _mnist()
    return tuple(widened(arr) for arr in (x_train[:n], t_train[:n], x_test, t_test))


def submission_mnist(inp) -> tuple:
    """MNIST as a submission's train() receives it: its own float64 arrays, train_size rows."""
    return _submission_mnist(int(inp["train_size"]) or None)


def probe_train(sub, inp):
    x_train, t_train, x_test, t_test = submission_mnist(inp)
    result = sub.train.train(
        x_train, t_train, x_test, t_test, iters_num=int(inp["iters_num"]),
        batch_size=int(inp["batch_size"]), learning_rate=float(inp["learning_rate"]),
        hidden_size=int(inp["hidden_size"]), seed=int(inp["seed"]))
    out = {k: result.network.params[k] for k in PARAM_NAMES}
    out.update(train_loss=list(result.train_loss_list), train_acc=list(result.train_acc_list),
               test_acc=list(result.test_acc_list))
    return out


def forward_accuracy(values: dict, x: np.ndarray, t: np.ndarray, rows: int = 8192) -> float:
    """The judge's own forward pass: argmax of the logits (softmax keeps the order). In
    blocks of rows: float32 images times float64 weights would otherwise make a float64
    copy of all of x (376 MB for MNIST's training set), which costs more than the products."""
    labels = t.argmax(axis=1)
    hits = 0
    for i in range(0, len(x), rows):
        with np.errstate(over="ignore"):
            z1 = 1 / (1 + np.exp(-(x[i:i + rows] @ values["W1"] + values["b1"])))
        hits += int(np.sum(np.argmax(z1 @ values["W2"] + values["b2"], axis=1) == labels[i:i + rows]))
    return hits / len(x)


_MEASURED: dict[tuple, tuple[float, float]] = {}  # several rules ask about the same parameters


def measured_accuracy(values: dict, case: Case) -> tuple[float, float]:
    digest = hashlib.sha256()
    for k in PARAM_NAMES:
        arr = np.ascontiguousarray(values[k])
        digest.update(f"{k}:{arr.dtype.str}:{arr.shape}".encode() + arr.tobytes())
    key = (digest.hexdigest(), int(case.inputs["train_size"]))
    if key not in _MEASURED:
        x_train, t_train, x_test, t_test = mnist_slices(case.inputs)
        if len(_MEASURED) >= 8:
            _MEASURED.clear()
        _MEASURED[key] = forward_accuracy(values, x_train, t_train), forward_accuracy(values, x_test, t_test)
    return _MEASURED[key]


def epochs_recorded(inp) -> int:
    train_size = int(inp["train_size"]) or 60000
    per_epoch = max(train_size // int(inp["batch_size"]), 1)
    return (int(inp["iters_num"]) - 1) // per_epoch + 1


def loss_trend(values: dict) -> tuple[float, float]:
    loss = np.asarray(values.get("train_loss", np.zeros(0)), float)
    k = max(len(loss) // 10, 1)
    return float(np.mean(loss[:k])), float(np.mean(loss[-k:]))


def rule_shapes(got, expected, case):
    i, h = 784, int(case.inputs["hidden_size"])
    want = {"W1": (i, h), "b1": (h,), "W2": (h, 10), "b2": (10,)}
    return [Mismatch(k, "shape", expected=s, got=got[k].shape) for k, s in want.items() if got[k].shape != s]


def rule_accuracy(got, expected, case):
    if rule_shapes(got, expected, case):
        return []
    _, test = measured_accuracy(got, case)
    need = float(case.inputs["min_accuracy"])
    if test >= need:
        return []
    return [Mismatch("test accuracy", "check", expected=need, got=test, message=Text(
        f"채점기가 반환된 매개변수로 잰 시험 정확도는 {test:.4f}로, 기준 {need:.2f}에 못 미칩니다.",
        f"The test accuracy the grader measured from the returned parameters is {test:.4f}, "
        f"below the required {need:.2f}."))]


def rule_loss(got, expected, case):
    loss = got["train_loss"]
    out = []
    if loss.shape != (int(case.inputs["iters_num"]),):
        out.append(Mismatch("train_loss", "shape", expected=(int(case.inputs["iters_num"]),), got=loss.shape,
                            message=Text("손실은 반복마다 한 번씩 기록해야 합니다.",
                                         "the loss is recorded once per iteration.")))
    first, last = loss_trend(got)
    if not (last < first):
        out.append(Mismatch("train_loss", "check", expected="falling", got=f"{first:.4g} → {last:.4g}",
                            message=Text(f"손실이 줄지 않았습니다 (처음 10% 평균 {first:.4g}, "
                                         f"마지막 10% 평균 {last:.4g}).",
                                         f"the loss does not fall (first 10% mean {first:.4g}, "
                                         f"last 10% mean {last:.4g}).")))
    return out


# After the last record the net trains for less than an epoch more; on the book's
# settings that moves the accuracy by well under 0.02.
ACCURACY_GAP = 0.03


def accuracy_gap(recorded: np.ndarray, inp) -> float:
    """How far the last record may be from the final parameters' accuracy: SGD's noise
    (ACCURACY_GAP) plus the part of an epoch trained after the last record times three
    times the largest change per epoch among the last six records. On the book's settings
    that adds well under 0.02; on small ones, still climbing several percent per epoch, it
    keeps honest runs from looking faked (docs/tolerances.md has the measurements). Records
    that never change (faked constants) get no more than ACCURACY_GAP."""
    per_epoch = max((int(inp["train_size"]) or 60000) // int(inp["batch_size"]), 1)
    after = (int(inp["iters_num"]) - 1) % per_epoch
    steps = np.abs(np.diff(np.asarray(recorded, float)[-6:]))
    rate = float(steps.max()) if steps.size else 1.0  # one record: nothing to go by
    return ACCURACY_GAP + 3 * rate * after / per_epoch


def rule_epochs(got, expected, case):
    want = epochs_recorded(case.inputs)
    out = [Mismatch(k, "shape", expected=(want,), got=got[k].shape,
                    message=Text("정확도는 에폭마다 한 번 (i % iter_per_epoch == 0) 기록합니다.",
                                 "accuracy is recorded once per epoch (i % iter_per_epoch == 0)."))
           for k in ("train_acc", "test_acc") if got[k].shape != (want,)]
    if out or rule_shapes(got, expected, case):
        return out
    train, test = measured_accuracy(got, case)
    for key, measured in (("train_acc", train), ("test_acc", test)):
        reported = float(got[key][-1])
        if not abs(reported - measured) <= accuracy_gap(got[key], case.inputs):
            out.append(Mismatch(key, "check", expected=measured, got=reported, message=Text(
                f"마지막으로 기록한 정확도 {reported:.4f}가 채점기가 최종 매개변수로 잰 "
                f"{measured:.4f}와 맞지 않습니다.",
                f"the last recorded accuracy {reported:.4f} does not match the {measured:.4f} the grader "
                "measured from the final parameters.")))
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
    names=("train",),
    probe=probe_train,
    compare=Check((rule_shapes, rule_loss, rule_epochs, rule_accuracy)),
    public=(training_case(),),
    hidden=lambda rng: [training_case("hidden_seed", seed=int(rng.integers(1 << 30)))],
    timeout=900.0,
    marks=("training",),
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

# ---------------------------------------------------------------- figures


def probe_plot(draw):
    def probe(sub, inp):
        ax = new_axes()
        draw(sub.plots, ax, inp)
        return axes_data(ax)

    return probe


class _Result:
    """Stands in for a TrainResult: plot_training reads only the lists."""

    def __init__(self, train_acc, test_acc):
        self.train_acc_list = list(train_acc)
        self.test_acc_list = list(test_acc)
        self.train_loss_list = []


PLOT_TANGENT = Task(
    id="plot_tangent",
    title=Text("그림: 접선", "Figure: tangent line"),
    points=3,
    file="plots.py",
    names=("plot_tangent",),
    probe=probe_plot(lambda plots, ax, inp: plots.plot_tangent(ax, FUNCTIONS[str(inp["f"])], float(inp["x"]))),
    compare=PlotMatch(atol=1e-6),
    public=(Case.of("function_1_at_5", f="function_1", x=5.0),),
    hidden=lambda rng: [Case.of("hidden", f="function_1", x=float(rng.uniform(1, 19)))],
)

PLOT_GRADIENT_FIELD = Task(
    id="plot_gradient_field",
    title=Text("그림: 기울기 벡터장", "Figure: gradient field"),
    points=3,
    file="plots.py",
    names=("plot_gradient_field",),
    probe=probe_plot(lambda plots, ax, inp: plots.plot_gradient_field(ax)),
    compare=PlotMatch(atol=1e-6),
    public=(Case.of("slide_grid", grid="slides"),),
    mistakes=(
        Mistake("plot_uphill", Text(
            "화살표가 기울기 방향(오르막)을 가리킵니다: 슬라이드처럼 -grad 를 그려 가장 낮은 곳을 가리키게 하세요.",
            "The arrows point up the slope: draw -grad, as on the slides, so they point to the minimum.")),
    ),
)

PLOT_DESCENT_PATH = Task(
    id="plot_descent_path",
    title=Text("그림: 경사 하강 경로", "Figure: gradient descent path"),
    points=3,
    file="plots.py",
    names=("plot_descent_path",),
    probe=probe_plot(lambda plots, ax, inp: plots.plot_descent_path(ax, inp["x_history"])),
    compare=PlotMatch(required_lines=(2,), atol=1e-12),
    public=(Case.of("book_path", x_history=np.array([[-3.0, 4.0]]) * 0.8 ** np.arange(20)[:, None]),),
    hidden=lambda rng: [Case.of("hidden", x_history=rng.uniform(-3, 3, size=(1, 2))
                                * float(rng.uniform(0.5, 0.9)) ** np.arange(15)[:, None])],
)

PLOT_TRAINING = Task(
    id="plot_training",
    title=Text("그림: 학습 정확도", "Figure: training accuracy"),
    points=3,
    file="plots.py",
    names=("plot_training",),
    probe=probe_plot(lambda plots, ax, inp: plots.plot_training(ax, _Result(inp["train_acc"], inp["test_acc"]))),
    compare=PlotMatch(atol=1e-12),
    public=(Case.of("five_epochs", train_acc=[0.11, 0.78, 0.88, 0.9, 0.92], test_acc=[0.1, 0.79, 0.89, 0.9, 0.91]),),
)

TASKS: tuple[Task, ...] = (
    SUM_SQUARES_ERROR, CROSS_ENTROPY_ERROR,
    NUMERICAL_DIFF, TANGENT_LINE, NUMERICAL_GRADIENT, GRADIENT_DESCENT,
    SIMPLE_NET_PREDICT, SIMPLE_NET_LOSS, SIMPLE_NET_GRADIENT,
    TWO_LAYER_NET_INIT, TWO_LAYER_NET_PREDICT, TWO_LAYER_NET_LOSS, TWO_LAYER_NET_ACCURACY,
    TWO_LAYER_NET_NUMERICAL_GRADIENT, TWO_LAYER_NET_GRADIENT,
    TRAIN,
    PLOT_TANGENT, PLOT_GRADIENT_FIELD, PLOT_DESCENT_PATH, PLOT_TRAINING,
)
BY_ID = {task.id: task for task in TASKS}
FILES = tuple(dict.fromkeys(task.file for task in TASKS))
TOTAL_POINTS = sum(task.points for task in TASKS)


def hidden_cases(task: Task, seed: int) -> list[Case]:
    """The task's hidden cases for one seed: the same seed, the same inputs, on any machine."""
    if task.hidden is None:
        return []
    rng = np.random.default_rng([seed, zlib.crc32(task.id.encode())])
    return task.hidden(rng)


assert math.isclose(TOTAL_POINTS, 100), TOTAL_POINTS


def configured_tasks(**training) -> tuple[Task, ...]:
    """The catalogue with the instructor's training settings (iters_num, train_size, ...)."""
    if not training:
        return TASKS
    unknown = set(training) - set(TRAINING)
    if unknown:
        raise ValueError(f"unknown training settings: {sorted(unknown)}")
    train = replace(
        TRAIN, public=(training_case("configured_settings", **training),),
        hidden=lambda rng: [training_case("hidden_seed", seed=int(rng.integers(1 << 30)), **training)])
    return tuple(train if task.id == TRAIN.id else task for task in TASKS)
