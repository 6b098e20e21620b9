"""Known mistakes of grader/tasks/figures.py as edits of solutions/ (instructor only).

The lecture's figures are the kit's own retyping of the slides' and the book's scripts, put
on the given Axes (plt.X -> ax.X), with the same behaviour.
"""

from grader.model import Definition


def unnamed(x: str, y: str) -> list[tuple[str, str, str]]:
    """The axes left without names (each pair of names occurs once in plots.py)."""
    return [("plots.py", f'    ax.set_xlabel("{x}")\n    ax.set_ylabel("{y}")\n', "")]


# mistake id -> edits: (file, text in the reference, text in the mutant), each text occurring
# once in its file, or a Definition replacing a whole function (grader/mutation.py)
def draws_nothing(name: str, args: str) -> list[Definition]:
    """The lecture's pyplot script pasted as it is: plt.plot draws on another figure, not on ax."""
    return [Definition("plots.py", name, f"def {name}({args}):\n    return ax\n")]


MUTANTS: dict[str, list] = {
    "plot_tangent_nothing_drawn": draws_nothing("plot_tangent", "ax, f, x"),
    "plot_field_nothing_drawn": draws_nothing("plot_gradient_field", "ax"),
    "plot_path_nothing_drawn": draws_nothing("plot_descent_path", "ax, x_history"),
    "plot_training_nothing_drawn": draws_nothing("plot_training", "ax, result"),
    "plot_tangent_unnamed_axes": unnamed("x", "f(x)"),
    "plot_field_unnamed_axes": unnamed("x0", "x1"),
    "plot_path_unnamed_axes": unnamed("X0", "X1"),
    "plot_training_unnamed_axes": unnamed("epochs", "accuracy"),
    # the book's §4.3.2 figure of f alone (the walk-through; ko gradient_1d.py's first plot)
    "plot_tangent_no_tangent": [
        ("plots.py", '    ax.plot(t, tangent_line(f, x)(t), label="tangent")\n', ""),
    ],
    # the slides' / the book's gradient_1d.py script: function_1 at 5 whatever f and x are
    "plot_tangent_hardcoded": [Definition("plots.py", "plot_tangent", '''
from .gradient import function_1


def plot_tangent(ax, f, x):
    t = np.arange(0.0, 20.0, 0.1)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.plot(t, function_1(t))
    ax.plot(t, tangent_line(function_1, 5)(t))
    return ax
''')],
    "plot_uphill": [
        ("plots.py", "-grad[:, 0], -grad[:, 1]", "grad[:, 0], grad[:, 1]"),
    ],
    # the slides' / the book's gradient_2d.py field: numerical_gradient of function_2 on np.array([X, Y])
    "plot_field_book_way": [Definition("plots.py", "plot_gradient_field", '''
def plot_gradient_field(ax):
    x0 = np.arange(-2, 2.5, 0.25)
    x1 = np.arange(-2, 2.5, 0.25)
    X, Y = np.meshgrid(x0, x1)
    X = X.flatten()
    Y = Y.flatten()
    grad = numerical_gradient(function_2, np.array([X, Y]))
    ax.quiver(X, Y, -grad[0], -grad[1], angles="xy", color="#666666")
    ax.set_xlim([-2, 2])
    ax.set_ylim([-2, 2])
    ax.set_xlabel("x0")
    ax.set_ylabel("x1")
    ax.grid()
    return ax
''')],
    # gradient_method.py's function_2 in place of the given one
    "field_function_2_one_point": [
        ("gradient.py", """    x = np.asarray(x)
    if x.ndim == 1:
        return np.sum(x**2)
    return np.sum(x**2, axis=-1)""", "    return x[0]**2 + x[1]**2"),
    ],
    "plot_path_rows": [
        ("plots.py", 'ax.plot(x_history[:, 0], x_history[:, 1], "o")', 'ax.plot(x_history[0], x_history[1], "o")'),
    ],
    # the slides' / the book's gradient_method.py script: its own descent from (-3, 4)
    "plot_path_recomputed": [Definition("plots.py", "plot_descent_path", '''
from .gradient import gradient_descent


def plot_descent_path(ax, x_history):
    x, x_history = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=0.1, step_num=20)
    ax.plot([-5, 5], [0, 0], "--b")
    ax.plot([0, 0], [-5, 5], "--b")
    ax.plot(x_history[:, 0], x_history[:, 1], "o")
    ax.set_xlim(-3.5, 3.5)
    ax.set_ylim(-4.5, 4.5)
    ax.set_xlabel("X0")
    ax.set_ylabel("X1")
    return ax
''')],
    # ko ch04/train_neuralnet.py (§4.5.2): the loss per iteration
    "plot_training_loss_curve": [Definition("plots.py", "plot_training", '''
def plot_training(ax, result):
    x = np.arange(len(result.train_loss_list))
    ax.plot(x, result.train_loss_list)
    ax.set_xlabel("iteration")
    ax.set_ylabel("loss")
    ax.set_ylim(0, 9)
    ax.set_xlim(0, 10000)
    return ax
''')],
    "plot_training_no_legend": [
        ("plots.py", '    ax.legend(loc="lower right")\n', ""),
    ],
}
