"""The numerics the tolerances come from (docs/tolerances.md), and the judge's own network.

The judge never asks a submission how its network behaves: where a bar depends on a
network's probabilities or gradients, it computes them here from the case's weights.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

EPS = float(np.finfo(float).eps)
H = 1e-4  # the book's step for numerical differentiation
DELTA = 1e-7  # the book's guard inside log()
PARAM_NAMES = ("W1", "b1", "W2", "b2")  # TwoLayerNet's parameters, in the book's order

# Two central differences of the same loss differ by rounding only (about EPS*|loss|/h
# per entry), far below 1e-7 of the gradient's scale; a forward difference or a wrong
# loss is off by 1e-4 or more.
NUMERICAL_GRAD_THRESHOLD = 1e-7


def rounding_atol(f_max: float) -> float:
    """How far two correct central differences may differ: f is rounded to about
    EPS*|f| at each of two points, and the difference is divided by 2h."""
    return 8 * EPS * max(f_max, 1.0) / H


def softmax_rows(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def one_hot(labels, classes: int) -> np.ndarray:
    return np.eye(classes)[np.asarray(labels)]


def forward(inp) -> dict[str, np.ndarray]:
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


def backprop(inp, weight: Callable[[np.ndarray], np.ndarray]) -> dict[str, np.ndarray]:
    """Backprop from dL/da2 = weight(p) * (y - t) / N. weight 1 is the gradient of -mean(log p);
    δ/(p + δ) is how far the gradient of -mean(log(p + δ)) is from it."""
    f = forward(inp)
    d = weight(f["p"])[:, None] * (f["y"] - f["t"]) / len(f["p"])
    if f["z1"] is None:
        return {"dW": f["x"].T @ d}
    da1 = (d @ inp["W2"].T) * f["z1"] * (1 - f["z1"])
    return {"W1": f["x"].T @ da1, "b1": da1.sum(axis=0), "W2": f["z1"].T @ d, "b2": d.sum(axis=0)}


def net_loss_tolerance(case) -> tuple[float, float]:
    """Where delta goes in the loss (log(y+δ), log(max(y, δ)), a log-softmax without it)
    moves each row's term by about δ/p: see the cross-entropy's tolerance."""
    return 1e-9, 2 * DELTA / float(forward(case.inputs)["p"].min())


def net_gradient_tolerance(case) -> dict[str, float]:
    """Numerical gradients of losses that place delta differently differ by the gradient of
    the delta term, relative to the gradient's scale; twice that, above rounding."""
    exact = backprop(case.inputs, np.ones_like)
    gap = backprop(case.inputs, lambda p: DELTA / (p + DELTA))
    return {k: NUMERICAL_GRAD_THRESHOLD + 2 * float(np.max(np.abs(gap[k])) / np.max(np.abs(exact[k])))
            for k in exact}
