"""Numerical differentiation, gradients and gradient descent (chapter 4.3-4.4)."""

from collections.abc import Callable

import numpy as np

H = 1e-4  # small enough for accuracy, large enough that float64 rounding does not dominate


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
    x = init_x.astype(float)
    path = np.empty((step_num,) + x.shape)
    for k in range(step_num):
        path[k] = x
        x = x - lr * numerical_gradient(f, x)
    return x, path


def numerical_gradient(f: Callable, x: np.ndarray) -> np.ndarray:
    """[실습] 기울기: 배열 x의 모든 원소에 대한 f의 편미분을 중심 차분으로 구하세요.
    Central-difference gradient of f at x, for a float array of any shape.

    공식: grad[idx] = (f(x + h·e_idx) - f(x - h·e_idx)) / (2h), h = H (1e-4).
    x[idx] 한 원소만 ±h 바꾸고 나머지는 그대로 둔 채 f를 계산합니다.

    매개변수:
        f: 배열을 받아 스칼라를 돌려주는 함수. 책의 `lambda w: net.loss(x, t)`처럼
           인자를 무시하고 클로저로 x(예: net.W)를 직접 읽을 수도 있습니다.
        x: float 배열. 1차원 (2,)뿐 아니라 2차원 가중치 (784, 50), 3차원 등 어떤 모양이든 가능.

    반환값:
        np.ndarray: x와 같은 모양, 같은 dtype (np.zeros_like(x)로 만드세요).

    주의:
        - 어떤 모양이든 동작해야 합니다: np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
          또는 np.ndindex(x.shape)로 모든 인덱스를 도세요 (x.size만큼 x.reshape(-1) 뷰를 돌아도 됩니다).
        - x를 복사하지 말고 제자리에서 바꾼 뒤, 각 원소마다 반드시 x[idx] = tmp_val로 되돌리세요.
          f가 클로저로 x를 읽기 때문에, 되돌리지 않으면 다음 원소의 기울기와 호출한 쪽의 x가 망가집니다.
        - 정수 배열이면 x + 1e-4가 다시 정수로 반올림되어 기울기가 0이 됩니다.
          정수 배열에는 이유를 설명하는 메시지와 함께 TypeError를 발생시키세요.
    """
    if x.dtype.kind != "f":
        raise TypeError(f"x must be a float array (got {x.dtype}): an integer array cannot hold x + h")
    g = np.zeros_like(x)
    for pos in np.ndindex(x.shape):
        keep = x[pos]
        x[pos] = keep + H
        up = f(x)
        x[pos] = keep - H
        down = f(x)
        x[pos] = keep  # 되돌리기
        g[pos] = (up - down) / (2 * H)
    return g


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
    fx = f(x)
    a = numerical_diff(f, x)

    def tangent(u):
        return fx + a * (u - x)

    return tangent


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


def function_2(x):
    """x0^2 + x1^2; for a batch of points (N, 2), one value per row."""
    x = np.asarray(x)
    if x.ndim == 1:
        return np.sum(x**2)
    return np.sum(x**2, axis=-1)


def function_1(x):
    return 0.01 * x**2 + 0.1 * x
