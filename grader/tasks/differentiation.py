"""4.3-4.4 Numerical differentiation, the tangent, the gradient and gradient descent (gradient.py)."""

from __future__ import annotations

import numpy as np

from ..compare import Close
from ..model import Case, Mistake, Origin, Tag, Task, Text
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


KIND = {"function_1": Tag.POLYNOMIAL, "cube": Tag.POLYNOMIAL, "sin": Tag.SINE}


def at_point(case_id: str, name: str, x: float, *extra: Tag) -> Case:
    """A case of f at x for the one-variable tasks, tagged by the kind of f."""
    return Case.of(case_id, tags=(KIND[name], *extra), f=name, x=x)


def gradient_case(case_id: str, name: str, x, closure: bool = False, *extra: Tag) -> Case:
    """A numerical_gradient case, tagged by x's shape and dtype and what f is."""
    x = np.asarray(x)
    tags = [(Tag.X_1D, Tag.X_2D, Tag.X_3D)[min(x.ndim, 3) - 1], Tag.SEPARABLE if name == "function_2" else Tag.COUPLED]
    tags += [Tag.CLOSURE] if closure else []
    tags += [Tag.INTEGER] if x.dtype.kind in "iu" else []
    inputs = {"closure": True} if closure else {}
    return Case.of(case_id, tags=(*tags, *extra), f=name, x=x, **inputs)


def descent_case(case_id: str, init_x, lr: float, step_num: int, *extra: Tag) -> Case:
    kind = Tag.DIVERGING if lr >= 1 else Tag.TINY_LR if lr < 1e-6 else Tag.CONVERGING
    return Case.of(case_id, tags=(kind, *extra), f="function_2", init_x=np.asarray(init_x), lr=lr, step_num=step_num)


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
        at_point("function_1_at_5", "function_1", 5.0, Tag.BOOK_EXAMPLE),
        at_point("function_1_at_10", "function_1", 10.0, Tag.BOOK_EXAMPLE),
        at_point("sin_at_1", "sin", 1.0),
        at_point("cube_at_2", "cube", 2.0),
    ),
    hidden=lambda rng: [at_point(f"hidden_{name}", name, float(rng.uniform(-5, 5)), Tag.OTHER_EXAMPLE)
                        for name in ("function_1", "sin", "cube")],
    mistakes=(
        Mistake("diff_forward", Text(
            "전방 차분 (f(x+h) − f(x)) / h 을 썼습니다: 오차가 h에 비례합니다. "
            "중앙 차분 (f(x+h) − f(x−h)) / 2h 을 쓰세요.",
            "You used the forward difference (f(x+h) − f(x)) / h, whose error grows with h. "
            "Use the central difference (f(x+h) − f(x−h)) / 2h.")),
        Mistake("diff_tiny_h", Text(
            "h가 너무 작아(예: 1e-50) 반올림 오차로 x + h == x 가 되어 미분이 0이 됩니다 (책 4.3.1절의 '나쁜 구현 예', "
            "h = 10e-50). h = 1e-4 를 쓰세요.",
            "h is so small (e.g. 1e-50) that x + h rounds to x and the derivative becomes 0 (the book's §4.3.1 "
            "'bad implementation', h = 10e-50). Use h = 1e-4.")),
        Mistake("diff_precedence", Text(
            "/ 2*h 는 2로 나눈 뒤 h를 곱합니다 (연산 순서): 괄호를 쳐서 / (2*h)로 쓰세요.",
            "/ 2*h divides by 2 and then multiplies by h (operator precedence): write / (2*h).")),
        Mistake("diff_no_two", Text(
            "중앙 차분은 x−h부터 x+h까지 2h 간격이므로 2h로 나눠야 합니다: (f(x+h) − f(x−h)) / (2*h).",
            "The central difference spans 2h, from x−h to x+h: divide by 2*h.")),
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
        at_point("function_1_at_5", "function_1", 5.0, Tag.BOOK_EXAMPLE),
        at_point("function_1_at_10", "function_1", 10.0, Tag.BOOK_EXAMPLE),
        at_point("sin_at_1", "sin", 1.0),
    ),
    hidden=lambda rng: [at_point(f"hidden_{name}", name, float(rng.uniform(-5, 5)), Tag.OTHER_EXAMPLE)
                        for name in ("function_1", "cube")],
    mistakes=(
        Mistake("tangent_intercept", Text(
            "절편이 틀렸습니다: 접선은 y = d·t + (f(x) − d·x) 입니다. f(x)만 더하면 x에서 f와 만나지 않습니다.",
            "Wrong intercept: the tangent is y = d·t + (f(x) − d·x); adding only f(x) misses f at x.")),
        Mistake("tangent_intercept_sign", Text(
            "절편의 부호가 틀렸습니다: 접선은 y = d·t + (f(x) − d·x) 입니다 (f(x) + d·x가 아님).",
            "Wrong sign in the intercept: the tangent is y = d·t + (f(x) − d·x), not f(x) + d·x.")),
        Mistake("tangent_not_a_function", Text(
            "숫자를 돌려줍니다: tangent_line은 접선을 '함수'로 돌려줘야 그림에서 tangent_line(f, x)(t)로 쓸 수 "
            "있습니다. return lambda t: d * t + y 하세요.",
            "A number is returned: tangent_line returns the tangent as a function, used as tangent_line(f, x)(t) "
            "in the figure. Return lambda t: d * t + y.")),
        Mistake("tangent_uses_gradient", Text(
            "gradient_2d.py의 tangent_line을 옮겼습니다 (슬라이드에도 있습니다): numerical_gradient는 배열을 받는 "
            "함수라 실수 x 하나에는 쓸 수 없습니다. 접선의 기울기는 numerical_diff(f, x)로 구하세요 (gradient_1d.py의 "
            "tangent_line).",
            "This is gradient_2d.py's tangent_line (on the slides too): numerical_gradient takes an array, not a "
            "single float x. Take the slope with numerical_diff(f, x), as gradient_1d.py's tangent_line does."),
            origin=Origin.LECTURE),
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
    shares=(("x_after", 0.25),),  # x left as it was: its own rule, a quarter of a case
    public=(
        gradient_case("function_2_at_3_4", "function_2", [3.0, 4.0], False, Tag.BOOK_EXAMPLE),
        gradient_case("function_2_at_0_2", "function_2", [0.0, 2.0], False, Tag.BOOK_EXAMPLE),
        gradient_case("function_2_at_3_0", "function_2", [3.0, 0.0], False, Tag.BOOK_EXAMPLE),
        gradient_case("coupled_1d", "coupled", [0.5, -1.0, 1.5]),
        gradient_case("coupled_2d", "coupled", [[0.5, -1.0, 0.2], [1.5, 0.3, -0.7]]),
        gradient_case("coupled_3d", "coupled", np.linspace(-1, 1, 12).reshape(2, 2, 3)),
        gradient_case("closure_2d", "coupled", [[0.1, -0.4], [0.8, 1.2]], True),
        gradient_case("integer_input", "function_2", np.array([3, 4])),
    ),
    hidden=lambda rng: [
        gradient_case("hidden_1d", "coupled", rng.uniform(-1.5, 1.5, size=int(rng.integers(2, 6))), False,
                      Tag.OTHER_EXAMPLE),
        gradient_case("hidden_2d", "coupled", rng.uniform(-1.5, 1.5, size=(2, int(rng.integers(2, 5)))), False,
                      Tag.OTHER_EXAMPLE),
        gradient_case("hidden_closure_3d", "coupled", rng.uniform(-1.5, 1.5, size=(2, 2, 2)), True,
                      Tag.OTHER_EXAMPLE),
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
        Mistake("grad_no_int_check", Text(
            "책의 common/gradient.py 그대로입니다 (일본어판, 한국어판 모두): 실수 배열에서는 맞습니다. 정수 배열이면 "
            "x + 1e-4가 다시 정수로 반올림되어 조용히 0인 기울기가 나옵니다. 이 과제는 책과 달리 정수 배열에 이유를 "
            "밝힌 TypeError를 요구합니다: 함수 처음에 np.issubdtype(x.dtype, np.floating)을 검사하세요.",
            "This is the book's common/gradient.py (both editions): right on float arrays. On an integer array "
            "x + 1e-4 is rounded back to an integer and the gradient silently comes out 0. Unlike the book, this "
            "task asks for a TypeError that says why: check np.issubdtype(x.dtype, np.floating) first."),
            origin=Origin.EXTENSION),
        Mistake("grad_walkthrough_1d", Text(
            "책 4.4절(워크스루)의 1차원용 numerical_gradient입니다: for idx in range(x.size)와 x[idx]는 1차원에서만 "
            "원소 하나입니다. 2차원 가중치에서는 x[idx]가 행 전체이고 idx가 행 수를 넘어 IndexError가 납니다. "
            "이 과제의 x는 (784, 50) 같은 가중치도 됩니다 (책의 common/gradient.py처럼): np.nditer(multi_index)나 "
            "np.ndindex(x.shape)로 모든 원소를 돌고, 정수 배열에는 TypeError를 발생시키세요.",
            "This is the book's §4.4 (the walk-through's) 1-D numerical_gradient: for idx in range(x.size) with "
            "x[idx] is one entry only for 1-D x; for a 2-D weight x[idx] is a whole row and idx runs past the rows "
            "(IndexError). Here x may be a weight such as (784, 50), as in the book's common/gradient.py: visit "
            "every entry with np.nditer(multi_index) or np.ndindex(x.shape), and raise TypeError for integer "
            "arrays."), origin=Origin.EXTENSION),
        Mistake("grad_rows_as_points", Text(
            "슬라이드와 책 gradient_2d.py의 numerical_gradient입니다: 2차원 x의 행마다 따로 점으로 보고 f에 그 행만 "
            "넘깁니다 (행마다 값을 내는 function_2의 그림에는 맞습니다). 이 과제의 x는 가중치 행렬처럼 어떤 모양이든 "
            "배열 하나이고 f는 x 전체의 스칼라 함수입니다 (책의 common/gradient.py): np.nditer(multi_index)로 모든 "
            "원소를 돌며 x 전체로 f를 계산하세요. 3차원 x와 정수 x도 처리하지 못합니다.",
            "This is the slides' and the book's gradient_2d.py numerical_gradient: it takes each row of a 2-D x as "
            "a separate point and passes f that row only (which suits function_2's figure, one value per row). "
            "Here x is one array of any shape, like a weight matrix, and f a scalar function of all of x (the "
            "book's common/gradient.py): visit every entry with np.nditer(multi_index) and evaluate f on the "
            "whole x. It also fails on 3-D and integer x."), origin=Origin.EXTENSION),
        Mistake("grad_forward", Text(
            "기울기를 전방 차분 (f(x+h) − f(x)) / h로 구했습니다: 중앙 차분 (f(x+h) − f(x−h)) / 2h를 쓰세요.",
            "The gradient uses the forward difference (f(x+h) − f(x)) / h: use the central difference "
            "(f(x+h) − f(x−h)) / 2h.")),
        Mistake("grad_precedence", Text(
            "(fxh1 - fxh2) / 2*h 는 2로 나눈 뒤 h를 곱합니다 (연산 순서): 괄호를 쳐서 / (2*h)로 쓰세요.",
            "(fxh1 - fxh2) / 2*h divides by 2 and then multiplies by h (operator precedence): write / (2*h).")),
        Mistake("grad_converts_int", Text(
            "정수 배열을 실수로 바꿔 계산했습니다: 바꾼 것은 복사본이라, f가 클로저로 읽는 원래 배열은 그대로이고 "
            "신경망에서는 기울기가 0이 됩니다. 이 과제는 정수 배열에 TypeError를 요구합니다.",
            "You convert an integer array to float: that is a copy, so an f that reads the original through a "
            "closure never sees the change, and a network's gradient is 0. This task asks for a TypeError on "
            "integer arrays.")),
        Mistake("grad_wrong_exception", Text(
            "정수 배열에는 TypeError를 발생시켜야 합니다 (ValueError가 아님).",
            "Raise TypeError for an integer array (not ValueError).")),
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
    shares=(("init_x_after", 1 / 3),),  # the caller's init_x left alone: its own rule, a third of a case
    public=(
        descent_case("book_lr_0.1", [-3.0, 4.0], 0.1, 100, Tag.BOOK_EXAMPLE),
        descent_case("book_lr_10", [-3.0, 4.0], 10.0, 100, Tag.BOOK_EXAMPLE),
        descent_case("book_lr_1e-10", [-3.0, 4.0], 1e-10, 100, Tag.BOOK_EXAMPLE),
        descent_case("five_steps", [1.0, -2.0], 0.3, 5, Tag.OTHER_EXAMPLE),
    ),
    hidden=lambda rng: [descent_case("hidden", rng.uniform(-4, 4, size=2), float(rng.uniform(0.05, 0.4)),
                                     int(rng.integers(5, 30)), Tag.OTHER_EXAMPLE)],
    mistakes=(
        Mistake("gd_history_after_step", Text(
            "x_history에 갱신한 뒤의 x를 넣었습니다: 각 단계에서 갱신하기 전에 x.copy()를 기록하세요 "
            "(x_history[0]은 init_x).",
            "x_history records x after the update: append x.copy() before each step "
            "(x_history[0] is init_x).")),
        Mistake("gd_modifies_init_x", Text(
            "책의 gradient_method.py (슬라이드)처럼 x = init_x로 시작해, 호출한 쪽의 init_x를 바꿔 버립니다: x와 "
            "x_history는 맞습니다. 이 과제는 책과 달리 init_x를 그대로 두기를 요구합니다 (같은 시작점으로 다시 부를 수 "
            "있도록): x = init_x.copy() (또는 np.array(init_x, dtype=float))로 시작하세요.",
            "Like the book's gradient_method.py (the slides), you start from x = init_x, which changes the caller's "
            "init_x: x and x_history are right. Unlike the book, this task asks that init_x be left alone (so the "
            "same start can be used again): start from x = init_x.copy() (or np.array(init_x, dtype=float))."),
            origin=Origin.EXTENSION),
        Mistake("gd_wrong_sign", Text(
            "갱신 방향이 반대입니다: 기울기의 반대 방향으로 가야 하므로 x -= lr * grad 입니다.",
            "The update has the wrong sign: descend against the gradient, x -= lr * grad.")),
        Mistake("gd_history_no_copy", Text(
            "x_history.append(x)는 같은 배열을 계속 넣습니다: x -= ...가 그 배열을 제자리에서 바꾸므로 모든 기록이 "
            "마지막 x가 됩니다. x.copy()를 기록하세요.",
            "x_history.append(x) appends the same array each time; x -= ... changes it in place, so every record "
            "ends up the final x. Append x.copy().")),
        Mistake("gd_returns_x_only", Text(
            "x만 돌려줍니다: 이 과제는 (x, x_history)를 돌려줍니다. 갱신 전마다 x.copy()를 기록하고 "
            "return x, np.array(x_history) 하세요.",
            "Only x is returned: this task returns (x, x_history). Record x.copy() before each step and "
            "return x, np.array(x_history).")),
        Mistake("gd_no_history", Text(
            "책 4.4.1절(워크스루)의 gradient_descent처럼 x만 돌려줍니다. 이 과제는 책의 gradient_method.py처럼 "
            "(x, x_history)를 돌려줍니다: 갱신 전마다 x.copy()를 기록하세요. 또 x = init_x는 복사가 아니라 호출한 쪽의 "
            "init_x를 바꿉니다: x = init_x.copy()로 시작하세요.",
            "Like the book's §4.4.1 listing (the walk-through), this returns x alone. This task returns "
            "(x, x_history), as the book's gradient_method.py does: record x.copy() before each step. Also "
            "x = init_x is not a copy and changes the caller's init_x: start from x = init_x.copy()."),
            origin=Origin.EXTENSION),
    ),
)

TASKS = (NUMERICAL_DIFF, TANGENT_LINE, NUMERICAL_GRADIENT, GRADIENT_DESCENT)
