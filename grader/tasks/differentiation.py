"""4.3-4.4 Numerical differentiation, the tangent, the gradient and gradient descent (gradient.py)."""

from __future__ import annotations

import numpy as np

from ..compare import Close
from ..model import Case, Mistake, Task, Text
from ..numerics import H, rounding_atol

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
    grades=("gradient.numerical_diff",),
    practice="gradient_1d",
    probe=probe_numerical_diff,
    compare=Close(tolerance=diff_tolerance),
    tolerance="rtol 1e-9, atol `rounding_atol` = 8·EPS·max(\\|f\\|,1)/h",
    why="see *central differences* below",
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
    grades=("gradient.tangent_line",),
    calls=("gradient.numerical_diff",),
    practice="gradient_1d",
    probe=probe_tangent_line,
    compare=Close(tolerance=tangent_tolerance),
    tolerance="that atol × (\\|x\\| + 6)",
    why="the slope's rounding times \\|t\\| over the 11 probed points t = x−5…x+5",
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
    grades=("gradient.numerical_gradient",),
    practice="gradient_2d",
    probe=probe_numerical_gradient,
    compare=Close(tolerance=gradient_tolerance),
    tolerance="rtol 1e-9, atol `rounding_atol(\\|f(x)\\| + Σ\\|x\\|·h)`; integer x must raise TypeError",
    why="rounding of f at x ± h; on integers x + 1e-4 rounds back, so the stub asks for TypeError",
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
    grades=("gradient.gradient_descent",),
    calls=("gradient.numerical_gradient",),
    practice="gradient_method",
    probe=probe_gradient_descent,
    compare=Close(tolerance=descent_tolerance),
    tolerance="rtol 1e-10, atol 1e-12; lr ≥ 1: rtol 1e-2",
    why="each step adds a few ulps; the divergent book run (lr = 10) leaves h below the float spacing at 1e12, "
        "so only its order of magnitude is meaningful",
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

TASKS = (NUMERICAL_DIFF, TANGENT_LINE, NUMERICAL_GRADIENT, GRADIENT_DESCENT)
