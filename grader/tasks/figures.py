"""The lecture's four figures (plots.py), judged from the Axes' data (grader/figures.py)."""

from __future__ import annotations

import numpy as np

from ..compare import PlotMatch
from ..figures import axes_data, new_axes, png_bytes
from ..model import Case, Drawn, Kind, Mistake, Origin, Tag, Task, Text
from .differentiation import FUNCTIONS


def probe_plot(draw):
    def probe(sub, inp):
        ax = new_axes()
        draw(sub.plots, ax, inp)
        return Drawn(axes_data(ax), lambda: png_bytes(ax))

    return probe


# a figure that does not say what it shows (an axis without a name, lines the legend does not
# tell apart) loses a third of the case; the data itself is the rest
LABEL_SHARES = (("labels", 1 / 3), ("legend", 1 / 3))


def unnamed_axes(mistake_id: str, x: str, y: str) -> Mistake:
    return Mistake(mistake_id, Text(
        f"축에 이름이 없습니다: 그림이 무엇을 보여 주는지 ax.set_xlabel(\"{x}\"), ax.set_ylabel(\"{y}\")처럼 "
        "이름을 붙이세요 (말은 자유).",
        f"The axes have no names: say what the figure shows, e.g. ax.set_xlabel(\"{x}\"), "
        f"ax.set_ylabel(\"{y}\") (any words)."))


def draws_nothing(got: dict) -> bool:
    return not any(name.startswith("line") or name == "quiver" for name in got)


def nothing_drawn(mistake_id: str) -> Mistake:
    """Nothing on the given Axes, whatever else the code did (a pyplot script pasted as it is
    draws on a figure of its own): recognised by that alone, for any limits or labels."""
    return Mistake(mistake_id, Text(
        "받은 ax에 아무것도 그려지지 않았습니다: 책의 스크립트처럼 plt.plot, plt.quiver를 쓰면 다른 그림에 그려집니다. "
        "ax.plot(...), ax.quiver(...), ax.set_xlabel(...)처럼 받은 ax에 그리고 ax를 돌려주세요.",
        "Nothing is drawn on the given Axes: plt.plot and plt.quiver, as in the book's scripts, draw on another "
        "figure. Draw on the ax you receive, ax.plot(...), ax.quiver(...), ax.set_xlabel(...), and return it."),
        detect=lambda case, got, expected: draws_nothing(got), origin=Origin.LECTURE)


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
    shares=LABEL_SHARES,
    tolerance="lines rtol 1e-6, atol 1e-6; limits 1e-6; axes named",
    why="the plotted numbers are the tasks' own; style and the labels' words are free",
    public=(Case.of("function_1_at_5", tags=(Tag.BOOK_EXAMPLE,), f="function_1", x=5.0),),
    hidden=lambda rng: [Case.of("hidden", tags=(Tag.OTHER_EXAMPLE,), f="function_1", x=float(rng.uniform(1, 19)))],
    mistakes=(
        nothing_drawn("plot_tangent_nothing_drawn"),
        unnamed_axes("plot_tangent_unnamed_axes", "x", "f(x)"),
        Mistake("plot_tangent_no_tangent", Text(
            "함수 f만 그렸습니다 (책 4.3.2절의 첫 그림, 워크스루도 같습니다): 이 그림에는 x에서의 접선도 "
            "있어야 합니다. ax.plot(t, tangent_line(f, x)(t))를 더하세요.",
            "Only f is drawn (the book's first §4.3.2 figure, as in the walk-through): this figure also has the "
            "tangent at x. Add ax.plot(t, tangent_line(f, x)(t))."), origin=Origin.LECTURE),
        Mistake("plot_tangent_hardcoded", Text(
            "책의 스크립트처럼 function_1과 x = 5를 직접 썼습니다: 받은 f와 x로 그리세요 (비공개 사례는 다른 점을 "
            "씁니다).",
            "Like the book's script you draw function_1 at x = 5: draw the given f at the given x (hidden cases "
            "use other points)."), origin=Origin.EXTENSION),
    ),
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
    shares=LABEL_SHARES,
    tolerance="arrows rtol 1e-6, atol 1e-6 in any order; limits 1e-6; axes named",
    why="the plotted numbers are the tasks' own; style and the labels' words are free",
    public=(Case.of("slide_grid", tags=(Tag.BOOK_EXAMPLE,), grid="slides"),),
    mistakes=(
        nothing_drawn("plot_field_nothing_drawn"),
        unnamed_axes("plot_field_unnamed_axes", "x0", "x1"),
        Mistake("plot_uphill", Text(
            "화살표가 기울기 방향(오르막)을 가리킵니다: 슬라이드처럼 -grad 를 그려 가장 낮은 곳을 가리키게 하세요.",
            "The arrows point up the slope: draw -grad, as on the slides, so they point to the minimum.")),
        Mistake("plot_field_book_way", Text(
            "슬라이드/책 gradient_2d.py의 방식으로 그렸습니다: numerical_gradient(function_2, np.array([X, Y]))는 "
            "행마다 값을 내는 function_2와 행 단위로 도는 gradient_2d.py의 numerical_gradient를 함께 쓸 때만 맞습니다. "
            "이 과제의 numerical_gradient는 스칼라 함수를 받으므로 점들의 합을 미분하세요: "
            "numerical_gradient(lambda p: np.sum(function_2(p)), points), points는 (N, 2).",
            "This is the slides' / the book's gradient_2d.py way: numerical_gradient(function_2, np.array([X, Y])) "
            "works only with a function_2 giving one value per row AND gradient_2d.py's row-by-row "
            "numerical_gradient. This task's numerical_gradient takes a scalar function, so differentiate the sum "
            "over the points: numerical_gradient(lambda p: np.sum(function_2(p)), points), points of shape "
            "(N, 2)."), origin=Origin.EXTENSION),
        Mistake("field_function_2_one_point", Text(
            "주어진 function_2를 gradient_method.py의 x[0]**2 + x[1]**2로 바꿨습니다: 점 하나에는 맞지만 점들의 배치 "
            "(N, 2)에서는 처음 두 점만 계산합니다. 주어진 function_2를 그대로 두세요.",
            "The given function_2 was replaced by gradient_method.py's x[0]**2 + x[1]**2: right for one point, "
            "but for a batch of points (N, 2) it uses the first two points only. Keep the given function_2."),
            origin=Origin.LECTURE),
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
    shares=LABEL_SHARES,
    tolerance="the path's points rtol 1e-6, atol 1e-12; limits 1e-6; axes named",
    why="the plotted numbers are the tasks' own; style and the labels' words are free",
    public=(Case.of("book_path", tags=(Tag.BOOK_EXAMPLE,),
                    x_history=np.array([[-3.0, 4.0]]) * 0.8 ** np.arange(20)[:, None]),),
    hidden=lambda rng: [Case.of("hidden", tags=(Tag.OTHER_EXAMPLE,), x_history=rng.uniform(-3, 3, size=(1, 2))
                                * float(rng.uniform(0.5, 0.9)) ** np.arange(15)[:, None])],
    mistakes=(
        nothing_drawn("plot_path_nothing_drawn"),
        unnamed_axes("plot_path_unnamed_axes", "X0", "X1"),
        Mistake("plot_path_rows", Text(
            "x_history의 행을 그렸습니다: 열 0이 X0, 열 1이 X1이므로 x_history[:, 0], x_history[:, 1]을 그리세요.",
            "You plot rows of x_history: column 0 is X0 and column 1 is X1, so plot x_history[:, 0], "
            "x_history[:, 1].")),
        Mistake("plot_path_recomputed", Text(
            "받은 x_history 대신 책의 스크립트처럼 (-3, 4)에서 경사 하강법을 다시 실행해 그렸습니다: 받은 x_history를 "
            "그리세요 (비공개 사례는 다른 경로입니다).",
            "Like the book's script you rerun gradient descent from (-3, 4) instead of drawing the given x_history: "
            "draw x_history (hidden cases give other paths)."), origin=Origin.EXTENSION),
    ),
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
    shares=LABEL_SHARES,
    tolerance="lines rtol 1e-6, atol 1e-12; limits 1e-6; axes named, a legend entry per line",
    why="the plotted numbers are the tasks' own; style and the labels' words are free",
    public=(Case.of("five_epochs", train_acc=[0.11, 0.78, 0.88, 0.9, 0.92], test_acc=[0.1, 0.79, 0.89, 0.9, 0.91]),),
    mistakes=(
        nothing_drawn("plot_training_nothing_drawn"),
        unnamed_axes("plot_training_unnamed_axes", "epochs", "accuracy"),
        Mistake("plot_training_loss_curve", Text(
            "책 4.5.2절의 손실 그래프(반복마다의 손실)를 그렸습니다: 이 그림은 4.5.3절의 에폭별 훈련/시험 정확도입니다 "
            "(result.train_acc_list, result.test_acc_list).",
            "This is the book's §4.5.2 loss plot (the loss per iteration): this figure is §4.5.3's train and test "
            "accuracy per epoch (result.train_acc_list, result.test_acc_list)."), origin=Origin.LECTURE),
        Mistake("plot_training_no_legend", Text(
            "범례가 없어 두 선을 구별할 수 없습니다: 선에 label='train acc', 'test acc'를 붙이고 "
            "ax.legend(loc='lower right')를 부르세요.",
            "No legend, so the two lines cannot be told apart: label them 'train acc' and 'test acc' and call "
            "ax.legend(loc='lower right').")),
    ),
)

TASKS = (PLOT_TANGENT, PLOT_GRADIENT_FIELD, PLOT_DESCENT_PATH, PLOT_TRAINING)
