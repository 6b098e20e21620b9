"""The lecture's four figures (plots.py), judged from the Axes' data (grader/figures.py)."""

from __future__ import annotations

import numpy as np

from ..compare import PlotMatch
from ..figures import axes_data, new_axes, png_bytes
from ..model import Case, Drawn, Kind, Mistake, Task, Text
from .differentiation import FUNCTIONS


def probe_plot(draw):
    def probe(sub, inp):
        ax = new_axes()
        draw(sub.plots, ax, inp)
        return Drawn(axes_data(ax), lambda: png_bytes(ax))

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
    grades=("plots.plot_tangent",),
    calls=("gradient.tangent_line",),
    practice="gradient_1d",
    kind=Kind.FIGURE,
    probe=probe_plot(lambda plots, ax, inp: plots.plot_tangent(ax, FUNCTIONS[str(inp["f"])], float(inp["x"]))),
    compare=PlotMatch(atol=1e-6),
    tolerance="lines rtol 1e-6, atol 1e-6; limits 1e-6",
    why="the plotted numbers are the tasks' own; style is free",
    public=(Case.of("function_1_at_5", f="function_1", x=5.0),),
    hidden=lambda rng: [Case.of("hidden", f="function_1", x=float(rng.uniform(1, 19)))],
)

PLOT_GRADIENT_FIELD = Task(
    id="plot_gradient_field",
    title=Text("그림: 기울기 벡터장", "Figure: gradient field"),
    points=3,
    file="plots.py",
    grades=("plots.plot_gradient_field",),
    calls=("gradient.numerical_gradient",),
    practice="gradient_2d",
    kind=Kind.FIGURE,
    probe=probe_plot(lambda plots, ax, inp: plots.plot_gradient_field(ax)),
    compare=PlotMatch(atol=1e-6),
    tolerance="arrows rtol 1e-6, atol 1e-6 in any order; limits 1e-6",
    why="the plotted numbers are the tasks' own; style is free",
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
    grades=("plots.plot_descent_path",),
    practice="gradient_method",
    kind=Kind.FIGURE,
    probe=probe_plot(lambda plots, ax, inp: plots.plot_descent_path(ax, inp["x_history"])),
    compare=PlotMatch(required_lines=(2,), atol=1e-12),
    tolerance="the path's points rtol 1e-6, atol 1e-12; limits 1e-6",
    why="the plotted numbers are the tasks' own; style is free",
    public=(Case.of("book_path", x_history=np.array([[-3.0, 4.0]]) * 0.8 ** np.arange(20)[:, None]),),
    hidden=lambda rng: [Case.of("hidden", x_history=rng.uniform(-3, 3, size=(1, 2))
                                * float(rng.uniform(0.5, 0.9)) ** np.arange(15)[:, None])],
)

PLOT_TRAINING = Task(
    id="plot_training",
    title=Text("그림: 학습 정확도", "Figure: training accuracy"),
    points=3,
    file="plots.py",
    grades=("plots.plot_training",),
    practice="train_neuralnet",
    kind=Kind.FIGURE,
    probe=probe_plot(lambda plots, ax, inp: plots.plot_training(ax, _Result(inp["train_acc"], inp["test_acc"]))),
    compare=PlotMatch(atol=1e-12),
    tolerance="lines rtol 1e-6, atol 1e-12; limits 1e-6; legend words",
    why="the plotted numbers are the tasks' own; style is free",
    public=(Case.of("five_epochs", train_acc=[0.11, 0.78, 0.88, 0.9, 0.92], test_acc=[0.1, 0.79, 0.89, 0.9, 0.91]),),
)

TASKS = (PLOT_TANGENT, PLOT_GRADIENT_FIELD, PLOT_DESCENT_PATH, PLOT_TRAINING)
