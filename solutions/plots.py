"""The lecture's four figures, drawn on a given matplotlib Axes."""

import numpy as np

from .gradient import function_2, numerical_gradient, tangent_line


def plot_tangent(ax, f, x: float):
    """f on [0, 20) and its tangent at x (slide: numerical differentiation)."""
    t = np.arange(0.0, 20.0, 0.1)
    ax.plot(t, f(t), label="f(x)")
    ax.plot(t, tangent_line(f, x)(t), label="tangent")
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    return ax


def plot_gradient_field(ax):
    """Arrows of -grad function_2 on the slides' grid [-2, 2.5) step 0.25."""
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
    """The points gradient descent visited, over the axes' cross-hairs."""
    ax.plot([-5, 5], [0, 0], "--b")
    ax.plot([0, 0], [-5, 5], "--b")
    ax.plot(x_history[:, 0], x_history[:, 1], "o")
    ax.set_xlim(-3.5, 3.5)
    ax.set_ylim(-4.5, 4.5)
    ax.set_xlabel("X0")
    ax.set_ylabel("X1")
    return ax


def plot_training(ax, result):
    """Train and test accuracy per epoch."""
    x = np.arange(len(result.train_acc_list))
    ax.plot(x, result.train_acc_list, marker="o", label="train acc")
    ax.plot(x, result.test_acc_list, marker="s", label="test acc", linestyle="--")
    ax.set_xlabel("epochs")
    ax.set_ylabel("accuracy")
    ax.set_ylim(0, 1.0)
    ax.legend(loc="lower right")
    return ax
