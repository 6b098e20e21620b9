"""Known mistakes of grader/tasks/two_layer_net.py as edits of solutions/ (instructor only).

The edits are written to apply on top of each other where two mistakes can be made together
(grader/mutation.py); the book's versions are the kit's own edits with the same behaviour.
"""

# mistake id -> [(file, text in the reference, text in the mutant)]; each text occurs once in its file
MUTANTS: dict[str, list[tuple[str, str, str]]] = {
    "init_no_std": [
        ("two_layer_net.py", '"W1": weight_init_std * np.random.randn', '"W1": np.random.randn'),
        ("two_layer_net.py", '"W2": weight_init_std * np.random.randn', '"W2": np.random.randn'),
    ],
    "init_uniform": [
        ("two_layer_net.py", "np.random.randn(input_size, hidden_size)", "np.random.rand(input_size, hidden_size)"),
        ("two_layer_net.py", "np.random.randn(hidden_size, output_size)", "np.random.rand(hidden_size, output_size)"),
    ],
    "init_transposed": [
        ("two_layer_net.py", "np.random.randn(input_size, hidden_size)", "np.random.randn(hidden_size, input_size)"),
        ("two_layer_net.py", "np.random.randn(hidden_size, output_size)", "np.random.randn(output_size, hidden_size)"),
    ],
    "predict_sigmoid_output": [
        ("two_layer_net.py", "        return softmax(a2)\n", "        return sigmoid(a2)\n"),
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
    "predict_no_bias": [
        ("two_layer_net.py", """        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        return softmax(a2)""", """        a1 = np.dot(x, W1)
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2)
        return softmax(a2)"""),
    ],
    "loss_softmax_twice": [
        ("two_layer_net.py", "        y = self.predict(x)\n        return cross_entropy_error(y, t)",
         "        y = softmax(self.predict(x))\n        return cross_entropy_error(y, t)"),
    ],
    # the book's accuracy (the slides, the walk-through): argmax of t whatever it is
    "accuracy_one_hot_only": [
        ("two_layer_net.py", """        if t.ndim != 1:
            t = np.argmax(t, axis=1)
        return""", """        t = np.argmax(t, axis=1)
        return"""),
    ],
    "accuracy_argmax_no_axis": [
        ("two_layer_net.py", "y = np.argmax(self.predict(x), axis=1)", "y = np.argmax(self.predict(x))"),
    ],
    "accuracy_count": [
        ("two_layer_net.py", "return np.sum(y == t) / float(x.shape[0])", "return np.sum(y == t)"),
    ],
    "ngrad_param_copy": [
        ("two_layer_net.py", "numerical_gradient(loss_W, self.params[key])",
         "numerical_gradient(loss_W, self.params[key].copy())"),
    ],
    "ngrad_loss_method": [
        ("two_layer_net.py", "{key: numerical_gradient(loss_W, self.params[key])",
         "{key: numerical_gradient(self.loss, self.params[key])"),
    ],
    "ngrad_calls_method": [
        ("two_layer_net.py", "{key: numerical_gradient(loss_W", "{key: self.numerical_gradient(loss_W"),
    ],
    # the book's gradient (ja and ko, the slides, the walk-through): one-hot t only
    "bp_one_hot_only": [
        ("two_layer_net.py", """        if t.ndim == 1:  # label indices: the backward pass needs one-hot rows
            t = np.eye(W2.shape[1])[t]
""", ""),
    ],
    "bp_x_not_transposed": [
        ("two_layer_net.py", 'grads["W1"] = np.dot(x.T, dz1)', 'grads["W1"] = np.dot(x, dz1)'),
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
