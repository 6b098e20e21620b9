"""Numerical differentiation, gradients and gradient descent (chapter 4.3-4.4)."""

from collections.abc import Callable

import numpy as np

H = 1e-4  # small enough for accuracy, large enough that float64 rounding does not dominate


def function_1(x):
    return 0.01 * x**2 + 0.1 * x


def function_2(x):
    """x0^2 + x1^2; for a batch of points (N, 2), one value per row."""
    x = np.asarray(x)
    if x.ndim == 1:
        return np.sum(x**2)
    return np.sum(x**2, axis=-1)


def numerical_diff(f: Callable, x: float) -> float:
    """Central difference (f(x+h) - f(x-h)) / 2h."""
    return (f(x + H) - f(x - H)) / (2 * H)


def tangent_line(f: Callable, x: float) -> Callable:
    """The tangent of f at x, as a function of t."""
    d = numerical_diff(f, x)
    y = f(x) - d * x
    return lambda t: d * t + y


def numerical_gradient(f: Callable, x: np.ndarray) -> np.ndarray:
    """Central-difference gradient of f at x, for an array of any shape.

    x is perturbed in place and restored, so f may ignore its argument and read x
    through a closure (the book's `lambda w: net.loss(x, t)`).
    """
    if not np.issubdtype(np.asarray(x).dtype, np.floating):
        raise TypeError(
            f"numerical_gradient needs a float array, got dtype {np.asarray(x).dtype}: "
            "x + 1e-4 would be rounded back to an integer"
        )
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        idx = it.multi_index
        tmp_val = x[idx]
        x[idx] = tmp_val + H
        fxh1 = f(x)
        x[idx] = tmp_val - H
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * H)
        x[idx] = tmp_val
        it.iternext()
    return grad


def gradient_descent(f: Callable, init_x: np.ndarray, lr: float = 0.01, step_num: int = 100):
    """Return (x, x_history); x_history[i] is x before step i. init_x is left untouched."""
    x = np.array(init_x, dtype=float)  # a copy: unlike the book, the caller's array survives
    x_history = []
    for _ in range(step_num):
        x_history.append(x.copy())
        grad = numerical_gradient(f, x)
        x -= lr * grad
    return x, np.array(x_history).reshape((step_num,) + x.shape)
