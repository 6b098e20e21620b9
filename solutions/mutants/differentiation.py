"""Known mistakes of grader/tasks/differentiation.py as edits of solutions/ (instructor only)."""

# mistake id -> [(file, text in the reference, text in the mutant)]; each text occurs once in its file
MUTANTS: dict[str, list[tuple[str, str, str]]] = {
    "diff_forward": [
        ("gradient.py", "return (f(x + H) - f(x - H)) / (2 * H)", "return (f(x + H) - f(x)) / H"),
    ],
    "diff_tiny_h": [
        ("gradient.py", "return (f(x + H) - f(x - H)) / (2 * H)", "return (f(x + 1e-50) - f(x - 1e-50)) / (2 * 1e-50)"),
    ],
    "tangent_intercept": [
        ("gradient.py", "y = f(x) - d * x", "y = f(x)"),
    ],
    "grad_no_restore": [
        ("gradient.py", "        x[idx] = tmp_val\n        it.iternext()", "        it.iternext()"),
    ],
    "grad_1d_only": [
        ("gradient.py", """    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        idx = it.multi_index
""", """    for idx in range(x.size):
"""),
        ("gradient.py", "        x[idx] = tmp_val\n        it.iternext()", "        x[idx] = tmp_val"),
    ],
    "grad_copies_x": [
        ("gradient.py", "    grad = np.zeros_like(x)\n", "    x = x.copy()\n    grad = np.zeros_like(x)\n"),
    ],
    "gd_history_after_step": [
        ("gradient.py", """        x_history.append(x.copy())
        grad = numerical_gradient(f, x)
        x -= lr * grad""", """        grad = numerical_gradient(f, x)
        x -= lr * grad
        x_history.append(x.copy())"""),
    ],
    "gd_modifies_init_x": [
        ("gradient.py", "x = np.array(init_x, dtype=float)", "x = init_x"),
    ],
    "gd_wrong_sign": [
        ("gradient.py", "x -= lr * grad", "x += lr * grad"),
    ],
}
