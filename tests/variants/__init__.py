"""Submissions written differently from solutions/, as small text patches (like solutions/mutants/).

CORRECT: correct code written another way; each must pass every task it touches with no hint.
FLOAT32: the forward pass computed in float32 (judged at float32's precision).
TRAINING: correct variants of train.py, graded with small training settings.
BROKEN: submissions that must fail a task with a clear message (hangs, exceptions, rigged values).

Each patch is (file, text in solutions/, replacement); the text must occur exactly once.
"""

from __future__ import annotations

import shutil
from pathlib import Path

SOLUTIONS = Path(__file__).resolve().parents[2] / "solutions"

Patch = tuple[str, str, str]

# ---------------------------------------------------------------- correct, written differently

CE_RETURN = "    return -np.sum(np.log(y[np.arange(batch_size), t] + DELTA)) / batch_size"
CE_ONE_HOT = """    if t.size == y.size:  # one-hot: keep only the index of the correct class
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
"""
GRAD_LOOP = """    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        idx = it.multi_index
"""
GRAD_END = "        x[idx] = tmp_val\n        it.iternext()"
GRAD_BODY = """        tmp_val = x[idx]
        x[idx] = tmp_val + H
        fxh1 = f(x)
        x[idx] = tmp_val - H
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * H)
""" + GRAD_END
BACKPROP = """        dy = (y - t) / batch_num
        grads = {"W2": np.dot(z1.T, dy), "b2": np.sum(dy, axis=0)}
        da1 = np.dot(dy, W2.T)
        dz1 = sigmoid_grad(a1) * da1
        grads["W1"] = np.dot(x.T, dz1)
        grads["b1"] = np.sum(dz1, axis=0)
        return grads"""

CORRECT: dict[str, list[Patch]] = {
    # where delta goes: catalogue.ce_tolerance allows the δ/y this changes
    "ce_log_maximum": [("functions.py", CE_RETURN,
                        "    return -np.sum(np.log(np.maximum(y[np.arange(batch_size), t], 1e-7))) / batch_size")],
    "ce_log_clip": [("functions.py", CE_RETURN,
                     "    p = np.clip(y[np.arange(batch_size), t], 1e-7, 1.0)\n"
                     "    return -np.mean(np.log(p))")],
    # the book's two forms: one-hot through t * log(y + δ), labels through indexing
    "ce_one_hot_product": [("functions.py", CE_ONE_HOT + CE_RETURN, """    batch_size = y.shape[0]
    if t.size == y.size:
        return -np.sum(t * np.log(y + DELTA)) / batch_size
""" + CE_RETURN)],
    "ce_labels_to_one_hot": [("functions.py", CE_ONE_HOT + CE_RETURN, """    batch_size = y.shape[0]
    if t.size != y.size:
        t = np.eye(y.shape[1])[t.reshape(-1)]
    return -np.sum(t * np.log(y + 1e-7)) / batch_size""")],
    "sse_square_over_two": [
        ("functions.py", "    return 0.5 * np.sum((y - t) ** 2) / n\n",
         "    if y.ndim == 1:\n        return np.sum(np.square(y - t)) / 2\n"
         "    return np.mean(np.sum(np.square(y - t), axis=1)) / 2\n"),
    ],
    # float64 arithmetic on float32 inputs is more exact than the reference's float32
    "losses_in_float64": [
        ("functions.py", "    y = np.asarray(y)\n    t = np.asarray(t)\n    if t.size != y.size:",
         "    y = np.asarray(y, dtype=np.float64)\n    t = np.asarray(t)\n    if t.size != y.size:"),
        ("functions.py", "    y = np.asarray(y)\n    t = np.asarray(t)\n    if y.ndim == 1:",
         "    y = np.asarray(y, dtype=np.float64)\n    t = np.asarray(t)\n    if y.ndim == 1:"),
    ],
    "diff_divided_twice": [("gradient.py", "return (f(x + H) - f(x - H)) / (2 * H)",
                            "h = 1e-4\n    return (f(x + h) - f(x - h)) / 2 / h")],
    "tangent_point_slope": [("gradient.py", "    y = f(x) - d * x\n    return lambda t: d * t + y",
                             "    fx = f(x)\n    return lambda t: fx + d * (t - x)")],
    "grad_ndindex": [
        ("gradient.py", GRAD_LOOP, "    for idx in np.ndindex(x.shape):\n"),
        ("gradient.py", GRAD_END, "        x[idx] = tmp_val"),
    ],
    "grad_flat_view": [
        ("gradient.py", "    grad = np.zeros_like(x)\n" + GRAD_LOOP,
         "    grad = np.zeros_like(x)\n    flat, flat_grad = x.reshape(-1), grad.reshape(-1)\n"
         "    for idx in range(x.size):\n"),
        ("gradient.py", GRAD_BODY,
         "        tmp_val = flat[idx]\n        flat[idx] = tmp_val + H\n        fxh1 = f(x)\n"
         "        flat[idx] = tmp_val - H\n        fxh2 = f(x)\n        flat_grad[idx] = (fxh1 - fxh2) / (2 * H)\n"
         "        flat[idx] = tmp_val"),
    ],
    "grad_flat_attribute": [
        ("gradient.py", GRAD_LOOP, "    for i in range(x.size):\n"),
        ("gradient.py", GRAD_BODY,
         "        tmp_val = x.flat[i]\n        x.flat[i] = tmp_val + H\n        fxh1 = f(x)\n"
         "        x.flat[i] = tmp_val - H\n        fxh2 = f(x)\n        grad.flat[i] = (fxh1 - fxh2) / (2 * H)\n"
         "        x.flat[i] = tmp_val"),
    ],
    "gd_astype_copy": [("gradient.py", "x = np.array(init_x, dtype=float)", "x = init_x.astype(float)")],
    "gd_history_list": [("gradient.py", "return x, np.array(x_history).reshape((step_num,) + x.shape)",
                         "return x, x_history")],
    "accuracy_mean": [("two_layer_net.py", "return np.sum(y == t) / float(x.shape[0])", "return np.mean(y == t)")],
    "init_normal": [
        ("two_layer_net.py", '"W1": weight_init_std * np.random.randn(input_size, hidden_size)',
         '"W1": np.random.normal(0.0, weight_init_std, (input_size, hidden_size))'),
        ("two_layer_net.py", '"b1": np.zeros(hidden_size)', '"b1": np.zeros((hidden_size,))'),
    ],
    "backprop_einsum": [("two_layer_net.py", BACKPROP, """        dy = (y - t) / batch_num
        grads = {"W2": np.einsum("ni,nj->ij", z1, dy), "b2": dy.sum(axis=0)}
        dz1 = z1 * (1 - z1) * np.einsum("nj,ij->ni", dy, W2)
        grads["W1"] = np.einsum("ni,nj->ij", x, dz1)
        grads["b1"] = dz1.sum(axis=0)
        return grads""")],
    "backprop_divide_last": [("two_layer_net.py", BACKPROP, """        dy = y - t
        dz1 = sigmoid_grad(a1) * (dy @ W2.T)
        grads = {"W1": x.T @ dz1, "b1": dz1.sum(axis=0), "W2": z1.T @ dy, "b2": dy.sum(axis=0)}
        return {key: value / batch_num for key, value in grads.items()}""")],
    "backprop_label_index": [
        ("two_layer_net.py", """        if t.ndim == 1:  # label indices: the backward pass needs one-hot rows
            t = np.eye(W2.shape[1])[t]
""", ""),
        ("two_layer_net.py", "        dy = (y - t) / batch_num\n", """        dy = y.copy()
        if t.ndim == 1:
            dy[np.arange(batch_num), t] -= 1
        else:
            dy -= t
        dy /= batch_num
"""),
    ],
    "loss_log_softmax": [("two_layer_net.py", """        y = self.predict(x)
        return cross_entropy_error(y, t)""", """        W1, W2 = self.params["W1"], self.params["W2"]
        a2 = np.dot(sigmoid(np.dot(x, W1) + self.params["b1"]), W2) + self.params["b2"]
        a2 = a2 - a2.max(axis=1, keepdims=True)
        log_y = a2 - np.log(np.exp(a2).sum(axis=1, keepdims=True))
        labels = t if t.ndim == 1 else t.argmax(axis=1)
        return -np.mean(log_y[np.arange(x.shape[0]), labels])""")],
    "simple_net_log_softmax": [("simple_net.py", """        y = softmax(z)
        return cross_entropy_error(y, t)""", """        z = np.atleast_2d(z)
        log_y = z - z.max(axis=1, keepdims=True)
        log_y = log_y - np.log(np.exp(log_y).sum(axis=1, keepdims=True))
        t = np.asarray(t)
        labels = t.reshape(-1) if t.size != z.size else t.reshape(z.shape).argmax(axis=1)
        return -np.mean(log_y[np.arange(z.shape[0]), labels])""")],
    # figures: other colours, markers, extra lines, a title, a legend, another drawing order
    "plots_styled": [
        ("plots.py", '    ax.plot(t, f(t), label="f(x)")\n    ax.plot(t, tangent_line(f, x)(t), label="tangent")\n',
         '    ax.plot(t, tangent_line(f, x)(t), "r--", linewidth=2, label="tangent")\n'
         '    ax.plot(t, f(t), color="navy", marker=".", markersize=2, label="f(x)")\n'
         '    ax.plot([x], [f(x)], "ko", label="x")\n    ax.legend()\n    ax.set_title("tangent")\n'),
        ("plots.py", 'angles="xy", color="#666666")', 'angles="xy", color="tab:red", width=0.004, label="-grad")'),
        ("plots.py", "    ax.grid()\n    return ax",
         '    ax.grid(True, linestyle=":")\n    ax.legend()\n    return ax'),
        ("plots.py", '    ax.plot([-5, 5], [0, 0], "--b")\n    ax.plot([0, 0], [-5, 5], "--b")\n'
                     '    ax.plot(x_history[:, 0], x_history[:, 1], "o")\n',
         '    ax.plot(x_history[:, 0], x_history[:, 1], "s-", color="green", label="path")\n'
         '    ax.axhline(0, color="gray", linestyle=":")\n    ax.axvline(0, color="gray", linestyle=":")\n'
         '    ax.legend()\n'),
        ("plots.py", 'ax.plot(x, result.train_acc_list, marker="o", label="train acc")',
         'ax.plot(x, result.train_acc_list, "g^-", label="Train accuracy")'),
        ("plots.py", 'ax.plot(x, result.test_acc_list, marker="s", label="test acc", linestyle="--")',
         'ax.plot(x, result.test_acc_list, color="orange", marker="D", label="Test accuracy")'),
        ("plots.py", 'ax.legend(loc="lower right")', 'ax.legend(loc="best", frameon=False)\n    ax.grid(True)'),
    ],
    "quiver_grid": [("plots.py", """    points = np.stack([X.flatten(), Y.flatten()], axis=1)
    # the gradient of the sum over points is every point's own gradient
    grad = numerical_gradient(lambda p: np.sum(function_2(p)), points)
    ax.quiver(points[:, 0], points[:, 1], -grad[:, 0], -grad[:, 1], angles="xy", color="#666666")
    ax.set_xlim([-2, 2])
    ax.set_ylim([-2, 2])""", """    U, V = np.zeros_like(X), np.zeros_like(Y)
    for i, j in np.ndindex(X.shape):
        U[i, j], V[i, j] = -numerical_gradient(function_2, np.array([X[i, j], Y[i, j]]))
    ax.quiver(X, Y, U, V, angles="xy")
    ax.axis([-2, 2, -2, 2])""")],
}

# Computing the forward pass in float32: judged at each case's precision, never the answer's,
# it passes the float32 cases and fails the float64 ones, saying why; the numerical gradients of
# a float32 loss are off by about EPS32 * |L| / h ~ 1e-3 of their scale and fail (docs/tolerances.md).
FLOAT32: dict[str, list[Patch]] = {
    "float32_forward": [
        ("functions.py", "    n = y.shape[0] if y.ndim == 2 else 1",
         "    y, t = y.astype(np.float32), t.astype(np.float32)\n    n = y.shape[0] if y.ndim == 2 else 1"),
        ("functions.py", "    y = np.asarray(y)\n    t = np.asarray(t)\n    if y.ndim == 1:",
         "    y = np.asarray(y, dtype=np.float32)\n    t = np.asarray(t)\n    if y.ndim == 1:"),
        ("two_layer_net.py", """        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        return softmax(a2)""", """        W1, W2, b1, b2 = (np.asarray(p, dtype=np.float32) for p in (W1, W2, b1, b2))
        a1 = np.dot(x.astype(np.float32), W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        return softmax(a2)"""),
    ],
}

# ---------------------------------------------------------------- training, written differently

TRAINING: dict[str, list[Patch]] = {
    # sampling without replacement: a fresh permutation each epoch, cut into batches
    "train_permutation": [
        ("train.py", "    for i in range(iters_num):\n        batch_mask = np.random.choice(train_size, batch_size)\n",
         "    order = np.zeros(0, dtype=int)\n    for i in range(iters_num):\n"
         "        if order.size < batch_size:\n"
         "            order = np.concatenate([order, np.random.permutation(train_size)])\n"
         "        batch_mask, order = order[:batch_size], order[batch_size:]\n"),
    ],
}

# ---------------------------------------------------------------- broken on purpose

BROKEN: dict[str, list[Patch]] = {
    "diff_endless_loop": [("gradient.py", '    """Central difference (f(x+h) - f(x-h)) / 2h."""\n',
                           '    """Central difference (f(x+h) - f(x-h)) / 2h."""\n    while True:\n        pass\n')],
    "sse_raises": [("functions.py", "    if t.size != y.size:  # label indices: turn them into one-hot rows\n",
                    "    if y.ndim == 2:\n        raise ValueError('batches are not supported yet')\n"
                    "    if t.size != y.size:  # label indices: turn them into one-hot rows\n")],
    "sse_matrix": [("functions.py", "    return 0.5 * np.sum((y - t) ** 2) / n\n",
                    "    return np.matrix(0.5 * np.sum((y - t) ** 2) / n)\n")],
    "predict_subclass": [("two_layer_net.py", "        return softmax(a2)\n",
                          "        return softmax(a2).view(Answer)\n"),
                         ("two_layer_net.py", "class TwoLayerNet:\n", """class Answer(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(other), dtype=bool)


class TwoLayerNet:
""")],
    "accuracy_rigged_eq": [("two_layer_net.py", "return np.sum(y == t) / float(x.shape[0])", "return Always()"),
                           ("two_layer_net.py", "class TwoLayerNet:\n", """class Always:
    def __eq__(self, other):
        return True

    def __float__(self):
        return 0.5


class TwoLayerNet:
""")],
    "diff_rigged_eq": [("gradient.py", "    return (f(x + H) - f(x - H)) / (2 * H)\n",
                        "    return Anything()\n"),
                       ("gradient.py", "def numerical_diff(", """class Anything(float):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = float.__hash__


def numerical_diff(""")],
}


def make_variant(patches: list[Patch], folder: Path) -> Path:
    """Write a copy of solutions/ with the patches applied into folder; return it."""
    shutil.copytree(SOLUTIONS, folder, ignore=shutil.ignore_patterns("__pycache__", "mutants"))
    for file, old, new in patches:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        if text.count(old) != 1:
            raise ValueError(f"{folder.name}: {old!r} occurs {text.count(old)} times in {file}")
        path.write_text(text.replace(old, new), encoding="utf-8")
    return folder
