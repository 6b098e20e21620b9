"""Known mistakes of grader/tasks/two_layer_net.py as edits of solutions/ (instructor only)."""

# mistake id -> [(file, text in the reference, text in the mutant)]; each text occurs once in its file
MUTANTS: dict[str, list[tuple[str, str, str]]] = {
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
}
