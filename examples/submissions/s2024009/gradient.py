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
    """[실습] 수치 미분: f의 x에서의 미분값을 중심 차분으로 구하세요.
    Numerical derivative of f at x by the central difference (f(x+h) - f(x-h)) / 2h.

    공식: df/dx ≈ (f(x + h) - f(x - h)) / (2h), h = H (1e-4).

    매개변수:
        f: 실수 하나를 받아 실수 하나를 돌려주는 함수 (예: function_1).
        x: 미분할 위치 (float).

    반환값:
        float: x에서의 기울기 추정값.

    주의:
        - h = 1e-50 처럼 너무 작은 값은 부동소수점에서 반올림되어 x + h == x 가 됩니다
          (float32에서는 1e-50 자체가 0.0). h = H = 1e-4를 쓰세요.
        - 전방 차분 (f(x+h) - f(x)) / h 가 아니라 중심 차분을 쓰세요: 오차가 훨씬 작습니다.
    """
    return (f(x + H) - f(x - H)) / (2 * H)


def tangent_line(f: Callable, x: float) -> Callable:
    """[실습] 수치 미분: f의 x에서의 접선을 함수로 돌려주세요.
    The tangent of f at x, returned as a function t -> d * t + (f(x) - d * x), d = numerical_diff(f, x).

    공식: 기울기 d = numerical_diff(f, x), 절편 b = f(x) - d * x, 접선 y(t) = d * t + b.

    매개변수:
        f: 미분할 함수 (예: function_1).
        x: 접점의 위치 (float).

    반환값:
        Callable: t(스칼라 또는 np.ndarray)를 받아 d * t + b를 돌려주는 함수 (예: lambda).
        t가 배열이면 같은 모양의 배열을 돌려줍니다.

    주의:
        - 숫자가 아니라 '함수'를 돌려줘야 합니다. 그래프를 그릴 때 tangent_line(f, 5)(t)처럼 씁니다.
        - 절편은 f(x) - d * x 입니다 (f(x) 자체가 아님).
    """
    d = numerical_diff(f, x)
    y = f(x) - d * x
    return lambda t: d * t + y


def _numerical_gradient_no_batch(f, x):
    grad = np.zeros_like(x)
    for idx in range(x.size):
        tmp_val = x[idx]
        x[idx] = float(tmp_val) + H
        fxh1 = f(x)
        x[idx] = tmp_val - H
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * H)
        x[idx] = tmp_val
    return grad


def numerical_gradient(f, X):
    if X.ndim == 1:
        return _numerical_gradient_no_batch(f, X)
    grad = np.zeros_like(X)
    for idx, x in enumerate(X):
        grad[idx] = _numerical_gradient_no_batch(f, x)
    return grad


def gradient_descent(f: Callable, init_x: np.ndarray, lr: float = 0.01, step_num: int = 100):
    """[실습] 경사 하강법: x ← x - lr * ∇f(x)를 step_num번 반복하세요.
    Gradient descent: repeat x <- x - lr * grad f(x) step_num times; return (x, x_history).

    공식: x_{i+1} = x_i - lr * numerical_gradient(f, x_i), i = 0, …, step_num - 1.

    매개변수:
        f: 최소화할 함수 (예: function_2).
        init_x: 시작점 (예: np.array([-3.0, 4.0])).
        lr: 학습률 (learning rate).
        step_num: 갱신 횟수.

    반환값:
        (x, x_history) 튜플.
        x: 마지막 위치, init_x와 같은 모양의 float 배열.
        x_history: 모양 (step_num, *init_x.shape)의 np.ndarray. x_history[i]는 i번째 갱신 '전'의 x이므로
                   x_history[0]은 init_x와 같습니다.

    주의:
        - 호출한 쪽의 init_x를 바꾸지 마세요: x = np.array(init_x, dtype=float)로 복사해서 시작합니다.
          (책의 코드는 init_x를 제자리에서 바꿉니다. 이 과제는 책과 다릅니다.)
        - 기록은 갱신 전에, 그리고 x.copy()로 하세요. x를 그대로 넣으면 모든 기록이 마지막 값이 됩니다.
    """
    x = init_x  # a copy: unlike the book, the caller's array survives
    x_history = []
    for _ in range(step_num):
        x_history.append(x.copy())
        grad = numerical_gradient(f, x)
        x -= lr * grad
    return x, np.array(x_history).reshape((step_num,) + x.shape)
