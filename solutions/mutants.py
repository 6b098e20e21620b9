"""Known mistakes as mutants of the reference: each is a small edit of a solution file.

The catalogue (grader/catalogue.py) names each mistake and its hint; this file says how
to make it from the reference, so the grader can learn what that mistake outputs. It is
instructor-only, like the rest of solutions/.
"""

# mistake id -> [(file, text in the reference, text in the mutant)]; each text occurs once
MUTANTS: dict[str, list[tuple[str, str, str]]] = {
    "sse_slide_typo": [
        ("functions.py", "return 0.5 * np.sum((y - t) ** 2)\n", "return 0.5 * np.sum(y - t) ** 2\n"),
        ("functions.py", "return 0.5 * np.sum((y - t) ** 2) /", "return 0.5 * np.sum(y - t) ** 2 /"),
    ],
    "sse_no_half": [
        ("functions.py", "return 0.5 * np.sum((y - t) ** 2)\n", "return np.sum((y - t) ** 2)\n"),
        ("functions.py", "return 0.5 * np.sum((y - t) ** 2) /", "return np.sum((y - t) ** 2) /"),
    ],
    "sse_no_batch_mean": [
        ("functions.py", "return 0.5 * np.sum((y - t) ** 2) / y.shape[0]", "return 0.5 * np.sum((y - t) ** 2)"),
    ],
    "ce_no_delta": [
        ("functions.py", "t] + DELTA)) / batch_size", "t])) / batch_size"),
    ],
    "ce_no_batch_mean": [
        ("functions.py", "t] + DELTA)) / batch_size", "t] + DELTA))"),
    ],
    "ce_one_hot_only": [
        ("functions.py", """    if t.size == y.size:  # one-hot: keep only the index of the correct class
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + DELTA)) / batch_size""",
         """    batch_size = y.shape[0]
    return -np.sum(t * np.log(y + DELTA)) / batch_size"""),
    ],
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
    "net_loss_no_softmax": [
        ("simple_net.py", "y = softmax(z)", "y = z"),
    ],
    "init_no_std": [
        ("two_layer_net.py", '"W1": weight_init_std * np.random.randn', '"W1": np.random.randn'),
        ("two_layer_net.py", '"W2": weight_init_std * np.random.randn', '"W2": np.random.randn'),
    ],
    "predict_no_softmax": [
        ("two_layer_net.py", "        return softmax(a2)\n", "        return a2\n"),
    ],
    "predict_no_sigmoid": [
        ("two_layer_net.py", """        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        return softmax(a2)""", """        a2 = np.dot(a1, W2) + b2
        return softmax(a2)"""),
    ],
    "accuracy_one_hot_only": [
        ("two_layer_net.py", """        if t.ndim != 1:
            t = np.argmax(t, axis=1)
        return""", """        t = np.argmax(t, axis=1)
        return"""),
    ],
    "accuracy_count": [
        ("two_layer_net.py", "return np.sum(y == t) / float(x.shape[0])", "return np.sum(y == t)"),
    ],
    "bp_no_batch_mean": [
        ("two_layer_net.py", "dy = (y - t) / batch_num", "dy = y - t"),
    ],
    "bp_sigmoid_grad_of_z1": [
        ("two_layer_net.py", "dz1 = sigmoid_grad(a1) * da1", "dz1 = sigmoid_grad(z1) * da1"),
    ],
    "bp_bias_axis": [
        ("two_layer_net.py", 'grads["b1"] = np.sum(dz1, axis=0)', 'grads["b1"] = np.sum(dz1, axis=1)'),
        ("two_layer_net.py", '"b2": np.sum(dy, axis=0)', '"b2": np.sum(dy, axis=1)'),
    ],
    "train_no_update": [
        ("train.py", "network.params[key] -= learning_rate * grad[key]", "pass"),
    ],
    "train_wrong_sign": [
        ("train.py", "network.params[key] -= learning_rate * grad[key]",
         "network.params[key] += learning_rate * grad[key]"),
    ],
    "train_fake_accuracy": [
        ("train.py", "train_acc = network.accuracy(x_train, t_train)", "train_acc = 1.0  # not measured"),
        ("train.py", "test_acc = network.accuracy(x_test, t_test)", "test_acc = 1.0  # not measured"),
    ],
    "plot_uphill": [
        ("plots.py", "-grad[:, 0], -grad[:, 1]", "grad[:, 0], grad[:, 1]"),
    ],
}
