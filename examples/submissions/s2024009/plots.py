"""The lecture's four figures, drawn on a given matplotlib Axes."""

import numpy as np  # noqa: F401 - used by the code you write

# Not used by the stubs yet: these are the helpers your plots need.
from .gradient import function_2, numerical_gradient, tangent_line  # noqa: F401


def plot_tangent(ax, f, x: float):
    """[실습] 그래프 그리기: 함수 f와 x에서의 접선을 함께 그리세요 (수치 미분 슬라이드의 그림).
    Plot f on [0, 20) and its tangent at x on the given Axes.

    그릴 것:
        t = np.arange(0.0, 20.0, 0.1)
        ax.plot(t, f(t), label="f(x)"),  ax.plot(t, tangent_line(f, x)(t), label="tangent")
        축 이름: ax.set_xlabel("x"), ax.set_ylabel("f(x)")

    매개변수:
        ax: 그림을 그릴 matplotlib Axes.
        f: 그릴 함수 (예: function_1). 배열을 받아 배열을 돌려줍니다.
        x: 접점의 위치 (예: 5).

    반환값:
        ax: 받은 Axes를 그대로 돌려주세요.

    주의:
        - plt.figure()나 plt.show()를 부르지 말고, 받은 ax에 그리세요 (채점은 화면 없이 합니다).
    """
    t = np.arange(0.0, 20.0, 0.1)
    ax.plot(t, f(t), label="f(x)")
    ax.plot(t, tangent_line(f, x)(t), label="tangent")
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    return ax


def plot_gradient_field(ax):
    """[실습] 그래프 그리기: function_2의 기울기에 음수를 붙인 화살표를 그리세요 (기울기 슬라이드의 그림).
    Quiver plot of -grad function_2 on the grid [-2, 2.5) with step 0.25.

    그릴 것:
        x0 = x1 = np.arange(-2, 2.5, 0.25), X, Y = np.meshgrid(x0, x1)
        points = np.stack([X.flatten(), Y.flatten()], axis=1)   # (N, 2)
        grad = numerical_gradient(lambda p: np.sum(function_2(p)), points)   # 점마다의 기울기, (N, 2)
        ax.quiver(points[:, 0], points[:, 1], -grad[:, 0], -grad[:, 1], angles="xy", color="#666666")
        ax.set_xlim([-2, 2]), ax.set_ylim([-2, 2]), 축 이름 "x0", "x1", ax.grid()

    매개변수:
        ax: 그림을 그릴 matplotlib Axes.

    반환값:
        ax: 받은 Axes를 그대로 돌려주세요.

    주의:
        - 화살표는 기울기의 반대 방향(-grad)입니다: 함수 값이 가장 크게 줄어드는 방향,
          즉 최솟값 (0, 0)을 향합니다.
        - 모든 점의 합을 미분하면 각 점의 기울기가 한 번에 나옵니다 (점마다 반복하지 않아도 됩니다).
    """
    x0 = np.arange(-2, 2.5, 0.25)
    x1 = np.arange(-2, 2.5, 0.25)
    X, Y = np.meshgrid(x0, x1)
    points = np.stack([X.flatten(), Y.flatten()], axis=1)
    # the gradient of the sum over points is every point's own gradient
    grad = numerical_gradient(lambda p: np.sum(function_2(p)), points)
    ax.quiver(points[:, 0], points[:, 1], -grad[:, 0], -grad[:, 1], angles="xy", color="#666666")
    ax.set_xlim([-2, 2])
    ax.set_ylim([-2, 2])
    ax.set_xlabel("x0")
    ax.set_ylabel("x1")
    ax.grid()
    return ax


def plot_descent_path(ax, x_history: np.ndarray):
    """[실습] 그래프 그리기: 경사 하강법이 지나간 점들을 그리세요 (경사법 슬라이드의 그림).
    Plot the points visited by gradient descent (x_history) over dashed axis cross-hairs.

    그릴 것:
        파란 점선 축: ax.plot([-5, 5], [0, 0], "--b"), ax.plot([0, 0], [-5, 5], "--b")
        점: ax.plot(x_history[:, 0], x_history[:, 1], "o")
        범위: ax.set_xlim(-3.5, 3.5), ax.set_ylim(-4.5, 4.5), 축 이름 "X0", "X1"

    매개변수:
        ax: 그림을 그릴 matplotlib Axes.
        x_history: gradient_descent가 돌려준 기록, (step_num, 2) 모양의 배열.

    반환값:
        ax: 받은 Axes를 그대로 돌려주세요.

    주의:
        - x_history의 열 0이 가로축(X0), 열 1이 세로축(X1)입니다. 행과 열을 바꾸지 마세요.
    """
    ax.plot([-5, 5], [0, 0], "--b")
    ax.plot([0, 0], [-5, 5], "--b")
    ax.plot(x_history[:, 0], x_history[:, 1], "o")
    ax.set_xlim(-3.5, 3.5)
    ax.set_ylim(-4.5, 4.5)
    ax.set_xlabel("X0")
    ax.set_ylabel("X1")
    return ax


def plot_training(ax, result):
    """[실습] 그래프 그리기: 에폭마다의 훈련/시험 정확도를 그리세요 (시험 데이터로 평가하기 슬라이드의 그림).
    Plot train and test accuracy per epoch from a TrainResult.

    그릴 것:
        x = np.arange(len(result.train_acc_list))
        ax.plot(x, result.train_acc_list, marker="o", label="train acc")
        ax.plot(x, result.test_acc_list, marker="s", label="test acc", linestyle="--")
        축 이름 "epochs", "accuracy", ax.set_ylim(0, 1.0), ax.legend(loc="lower right")

    매개변수:
        ax: 그림을 그릴 matplotlib Axes.
        result: train이 돌려준 TrainResult.

    반환값:
        ax: 받은 Axes를 그대로 돌려주세요.

    주의:
        - 가로축은 반복 횟수가 아니라 에폭 번호입니다 (정확도는 에폭마다 한 번 기록됩니다).
    """
    x = np.arange(len(result.train_acc_list))
    ax.plot(x, result.train_acc_list, marker="o", label="train acc")
    ax.plot(x, result.test_acc_list, marker="s", label="test acc", linestyle="--")
    ax.set_xlabel("epochs")
    ax.set_ylabel("accuracy")
    ax.set_ylim(0, 1.0)
    ax.legend(loc="lower right")
    return ax
