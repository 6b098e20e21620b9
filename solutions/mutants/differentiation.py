"""Known mistakes of grader/tasks/differentiation.py as edits of solutions/ (instructor only).

The edits are written to apply on top of each other where two mistakes can be made together
(grader/mutation.py); the lecture's versions are the kit's own retyping of the code the
slides, the book and the walk-through show, with the same behaviour.
"""

from grader.model import Definition

INT_CHECK = '''    if not np.issubdtype(np.asarray(x).dtype, np.floating):
        raise TypeError(
            f"numerical_gradient needs a float array, got dtype {np.asarray(x).dtype}: "
            "x + 1e-4 would be rounded back to an integer"
        )
'''
NDITER = '''    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        idx = it.multi_index
'''
ONE_D_LOOP = [("gradient.py", NDITER, "    for idx in range(x.size):\n"),
              ("gradient.py", "        it.iternext()\n", "")]
NO_INT_CHECK = [("gradient.py", INT_CHECK, "")]

# mistake id -> edits: (file, text in the reference, text in the mutant), each text occurring
# once in its file, or a Definition replacing a whole function (grader/mutation.py)
MUTANTS: dict[str, list] = {
    "diff_forward": [
        ("gradient.py", "return (f(x + H) - f(x - H)) / (2 * H)", "return (f(x + H) - f(x)) / H"),
    ],
    "diff_tiny_h": [
        ("gradient.py", "return (f(x + H) - f(x - H)) / (2 * H)", "return (f(x + 1e-50) - f(x - 1e-50)) / (2 * 1e-50)"),
    ],
    "diff_precedence": [
        ("gradient.py", "return (f(x + H) - f(x - H)) / (2 * H)", "return (f(x + H) - f(x - H)) / 2 * H"),
    ],
    "diff_no_two": [
        ("gradient.py", "return (f(x + H) - f(x - H)) / (2 * H)", "return (f(x + H) - f(x - H)) / H"),
    ],
    "tangent_intercept": [
        ("gradient.py", "y = f(x) - d * x", "y = f(x)"),
    ],
    "tangent_intercept_sign": [
        ("gradient.py", "y = f(x) - d * x", "y = f(x) + d * x"),
    ],
    "tangent_not_a_function": [
        ("gradient.py", "    return lambda t: d * t + y", "    return d * x + y"),
    ],
    # gradient_2d.py's tangent_line (the slides, the book)
    "tangent_uses_gradient": [
        ("gradient.py", "d = numerical_diff(f, x)", "d = numerical_gradient(f, x)"),
    ],
    "grad_no_restore": [
        ("gradient.py", "        x[idx] = tmp_val\n", ""),
    ],
    "grad_1d_only": ONE_D_LOOP,
    "grad_copies_x": [
        ("gradient.py", "    grad = np.zeros_like(x)\n", "    x = x.copy()\n    grad = np.zeros_like(x)\n"),
    ],
    # the book's common/gradient.py (ja and ko): np.nditer, no check of the dtype
    "grad_no_int_check": NO_INT_CHECK,
    # the book's §4.4 listing (the walk-through's lines 161-176): a 1-D loop, no check of the dtype
    "grad_walkthrough_1d": [*ONE_D_LOOP, *NO_INT_CHECK],
    # the slides' and the book's gradient_2d.py: one row of a 2-D x at a time
    "grad_rows_as_points": [Definition("gradient.py", "numerical_gradient", '''
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
''')],
    "grad_forward": [
        ("gradient.py", "        x[idx] = tmp_val - H\n", "        x[idx] = tmp_val\n"),
        ("gradient.py", "(fxh1 - fxh2) / (2 * H)", "(fxh1 - fxh2) / H"),
    ],
    "grad_precedence": [
        ("gradient.py", "(fxh1 - fxh2) / (2 * H)", "(fxh1 - fxh2) / 2 * H"),
    ],
    "grad_converts_int": [
        ("gradient.py", INT_CHECK, "    if not np.issubdtype(x.dtype, np.floating):\n        x = x.astype(float)\n"),
    ],
    "grad_wrong_exception": [
        ("gradient.py", "        raise TypeError(\n", "        raise ValueError(\n"),
    ],
    "gd_history_after_step": [
        ("gradient.py", """        x_history.append(x.copy())
        grad = numerical_gradient(f, x)
        x -= lr * grad""", """        grad = numerical_gradient(f, x)
        x -= lr * grad
        x_history.append(x.copy())"""),
    ],
    # the book's gradient_method.py (the slides): x = init_x
    "gd_modifies_init_x": [
        ("gradient.py", "x = np.array(init_x, dtype=float)", "x = init_x"),
    ],
    "gd_wrong_sign": [
        ("gradient.py", "x -= lr * grad", "x += lr * grad"),
    ],
    "gd_history_no_copy": [
        ("gradient.py", "x_history.append(x.copy())", "x_history.append(x)"),
    ],
    "gd_returns_x_only": [
        ("gradient.py", "    return x, np.array(x_history).reshape((step_num,) + x.shape)", "    return x"),
    ],
    # the book's §4.4.1 listing (the walk-through's lines 192-199): x = init_x, return x
    "gd_no_history": [
        ("gradient.py", "x = np.array(init_x, dtype=float)", "x = init_x"),
        ("gradient.py", "    return x, np.array(x_history).reshape((step_num,) + x.shape)", "    return x"),
    ],
}
