"""Held-out submissions: written before the catalogue was extended, never tuned on.

Each entry is a student's code as they might type it from the slides, the book or the
walk-through, with slips of their own, in their own words: none of these sources is in
versions.py. `expect` says what a reader of the code would call each failing task: mistake
ids (as the feedback issue's study proposed them), "upstream:<task>" where the task fails
only because a task it builds on fails, or "?" where no catalogued mistake can explain it
(a miss the floor counts honestly). Tasks not named must pass with no hint.

tests/test_corpus.py reports the floor on these entries (the share of failing tasks whose
feedback names a cause or points upstream) and never changes the catalogue to raise it.
"""

from __future__ import annotations

SSE, CE = "functions.sum_squares_error", "functions.cross_entropy_error"
ND, TL, NG, GD = ("gradient.numerical_diff", "gradient.tangent_line", "gradient.numerical_gradient",
                  "gradient.gradient_descent")
SNP, SNL = "simple_net.SimpleNet.predict", "simple_net.SimpleNet.loss"
TI, TP, TLS, TA, TN, TG = (f"two_layer_net.TwoLayerNet.{m}" for m in
                           ("__init__", "predict", "loss", "accuracy", "numerical_gradient", "gradient"))
PT, PF, PP, PTR = "plots.plot_tangent", "plots.plot_gradient_field", "plots.plot_descent_path", "plots.plot_training"

CE_DOWN = ("simple_net_loss", "simple_net_gradient", "two_layer_net_loss", "two_layer_net_numerical_gradient")


def upstream(task: str, *downstream: str) -> dict:
    return {d: [f"upstream:{task}"] for d in downstream}


HELDOUT: list[dict] = [
    {"id": "ho_sse_batch_but_not_labels", "code": {SSE: '''
def sum_squares_error(y, t):
    if y.ndim == 1:
        return 0.5 * np.sum((y - t)**2)
    batch_size = y.shape[0]
    return 0.5 * np.sum((y - t)**2) / batch_size
'''}, "expect": {"sum_squares_error": ["sse_one_hot_only"]}},

    {"id": "ho_ce_argmax_first_correct", "code": {CE: '''
def cross_entropy_error(y, t):
    delta = 1e-7
    if y.ndim == 1:
        y = y.reshape(1, -1)
        t = t.reshape(1, -1)
    if t.size == y.size:
        t = np.argmax(t, axis=1)
    n = y.shape[0]
    return -np.sum(np.log(y[np.arange(n), t] + delta)) / n
'''}, "expect": {}},

    {"id": "ho_ce_loop_no_mean", "code": {CE: '''
def cross_entropy_error(y, t):
    if y.ndim == 1:
        y = y.reshape(1, y.size)
        t = t.reshape(1, t.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    total = 0
    for i in range(y.shape[0]):
        total += -np.log(y[i, t[i]] + 1e-7)
    return total
'''}, "expect": {"cross_entropy_error": ["ce_no_batch_mean"], **upstream("cross_entropy_error", *CE_DOWN)}},

    {"id": "ho_diff_precedence", "code": {ND: '''
def numerical_diff(f, x):
    h = 1e-4
    return (f(x+h) - f(x-h)) / 2 * h
'''}, "expect": {"numerical_diff": ["diff_precedence"], **upstream("numerical_diff", "tangent_line", "plot_tangent")}},

    {"id": "ho_grad_unravel_no_check", "code": {NG: '''
def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    for i in range(x.size):
        idx = np.unravel_index(i, x.shape)
        tmp = x[idx]
        x[idx] = tmp + h
        fxh1 = f(x)
        x[idx] = tmp - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2*h)
        x[idx] = tmp
    return grad
'''}, "expect": {"numerical_gradient": ["grad_no_int_check"]}},

    {"id": "ho_gd_copy_history_after", "code": {GD: '''
def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x.copy()
    history = []
    for i in range(step_num):
        x = x - lr * numerical_gradient(f, x)
        history.append(x.copy())
    return x, np.array(history)
'''}, "expect": {"gradient_descent": ["gd_history_after_step"]}},

    {"id": "ho_gd_slides_no_copy", "code": {GD: '''
def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x
    x_history = []
    for i in range(step_num):
        x_history.append(x)
        grad = numerical_gradient(f, x)
        x -= lr * grad
    return x, np.array(x_history)
'''}, "expect": {"gradient_descent": ["gd_modifies_init_x", "gd_history_no_copy"]}},

    {"id": "ho_simplenet_matmul_correct", "code": {SNP: '''
def predict(self, x):
    return x @ self.W
''', SNL: '''
def loss(self, x, t):
    y = softmax(self.predict(x))
    return cross_entropy_error(y, t)
'''}, "expect": {}},

    {"id": "ho_accuracy_mean_one_hot", "code": {TA: '''
def accuracy(self, x, t):
    y = self.predict(x)
    return np.mean(np.argmax(y, axis=1) == np.argmax(t, axis=1))
'''}, "expect": {"two_layer_net_accuracy": ["accuracy_one_hot_only"]}},

    {"id": "ho_bp_eye_ten_classes", "code": {TG: '''
def gradient(self, x, t):
    W1, W2 = self.params['W1'], self.params['W2']
    b1, b2 = self.params['b1'], self.params['b2']
    if t.ndim == 1:
        t = np.eye(10)[t]
    batch_num = x.shape[0]
    a1 = np.dot(x, W1) + b1
    z1 = sigmoid(a1)
    a2 = np.dot(z1, W2) + b2
    y = softmax(a2)
    dy = (y - t) / batch_num
    grads = {}
    grads['W2'] = np.dot(z1.T, dy)
    grads['b2'] = np.sum(dy, axis=0)
    da1 = np.dot(dy, W2.T)
    dz1 = sigmoid_grad(a1) * da1
    grads['W1'] = np.dot(x.T, dz1)
    grads['b1'] = np.sum(dz1, axis=0)
    return grads
'''}, "expect": {"two_layer_net_gradient": ["?"]}},

    {"id": "ho_field_transposed_points", "code": {PF: '''
def plot_gradient_field(ax):
    x0 = np.arange(-2, 2.5, 0.25)
    x1 = np.arange(-2, 2.5, 0.25)
    X, Y = np.meshgrid(x0, x1)
    X = X.flatten()
    Y = Y.flatten()
    grad = numerical_gradient(function_2, np.array([X, Y]).T).T
    ax.quiver(X, Y, -grad[0], -grad[1], angles="xy", color="#666666")
    ax.set_xlim([-2, 2])
    ax.set_ylim([-2, 2])
    ax.set_xlabel('x0')
    ax.set_ylabel('x1')
    ax.grid()
    return ax
'''}, "expect": {"plot_gradient_field": ["plot_field_book_way"]}},

    {"id": "ho_plot_training_own_words", "code": {PTR: '''
def plot_training(ax, result):
    epochs = np.arange(len(result.train_acc_list))
    ax.plot(epochs, result.train_acc_list, "o-", label="train")
    ax.plot(epochs, result.test_acc_list, "s--", label="test")
    ax.set_xlabel("epoch")
    ax.set_ylabel("acc")
    ax.set_ylim(0, 1.0)
    ax.legend()
    return ax
'''}, "expect": {}},

    {"id": "ho_sse_divide_everything_no_half", "code": {SSE: '''
def sum_squares_error(y, t):
    if t.size != y.size:
        t = np.eye(y.shape[-1])[t]
    return np.sum((y - t)**2) / y.shape[0]
'''}, "expect": {"sum_squares_error": ["sse_divides_single", "sse_no_half"]}},

    {"id": "ho_grad_walkthrough_float", "code": {NG: '''
def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    for idx in range(x.size):
        tmp_val = x[idx]
        x[idx] = float(tmp_val) + h
        fxh1 = f(x)
        x[idx] = float(tmp_val) - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2*h)
        x[idx] = tmp_val
    return grad
'''}, "expect": {"numerical_gradient": ["grad_walkthrough_1d"],
                 **upstream("numerical_gradient", "simple_net_gradient", "two_layer_net_numerical_gradient",
                            "plot_gradient_field")}},

    {"id": "ho_tln_book_style_correct", "code": {TN: '''
def numerical_gradient(self, x, t):
    loss_W = lambda W: self.loss(x, t)
    grads = {}
    for key in ('W1', 'b1', 'W2', 'b2'):
        grads[key] = numerical_gradient(loss_W, self.params[key])
    return grads
''', TLS: '''
def loss(self, x, t):
    return cross_entropy_error(self.predict(x), t)
''', TI: '''
def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
    self.params = {}
    self.params['W1'] = np.random.randn(input_size, hidden_size) * weight_init_std
    self.params['b1'] = np.zeros(hidden_size)
    self.params['W2'] = np.random.randn(hidden_size, output_size) * weight_init_std
    self.params['b2'] = np.zeros(output_size)
'''}, "expect": {}},

    {"id": "ho_predict_own_softmax", "code": {TP: '''
def predict(self, x):
    a1 = x @ self.params['W1'] + self.params['b1']
    z1 = 1 / (1 + np.exp(-a1))
    a2 = z1 @ self.params['W2'] + self.params['b2']
    e = np.exp(a2 - a2.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)
'''}, "expect": {}},

    {"id": "ho_tangent_point_form_correct", "code": {TL: '''
def tangent_line(f, x):
    d = numerical_diff(f, x)
    return lambda t: d * (t - x) + f(x)
'''}, "expect": {}},

    {"id": "ho_tangent_minus_intercept", "code": {TL: '''
def tangent_line(f, x):
    d = numerical_diff(f, x)
    y = f(x) - d*x
    return lambda t: d*t - y
'''}, "expect": {"tangent_line": ["?"], **upstream("tangent_line", "plot_tangent")}},

    {"id": "ho_diff_forward", "code": {ND: '''
def numerical_diff(f, x):
    h = 1e-4
    return (f(x+h) - f(x)) / h
'''}, "expect": {"numerical_diff": ["diff_forward"], **upstream("numerical_diff", "tangent_line", "plot_tangent")}},

    {"id": "ho_accuracy_count", "code": {TA: '''
def accuracy(self, x, t):
    y = np.argmax(self.predict(x), axis=1)
    if t.ndim != 1:
        t = np.argmax(t, axis=1)
    return np.sum(y == t)
'''}, "expect": {"two_layer_net_accuracy": ["accuracy_count"]}},

    {"id": "ho_bp_labels_no_mean", "code": {TG: '''
def gradient(self, x, t):
    W1, b1, W2, b2 = (self.params[k] for k in ('W1', 'b1', 'W2', 'b2'))
    if t.ndim == 1:
        t = np.eye(W2.shape[1])[t]
    a1 = x @ W1 + b1
    z1 = sigmoid(a1)
    y = softmax(z1 @ W2 + b2)
    dy = y - t
    da1 = dy @ W2.T
    dz1 = sigmoid_grad(a1) * da1
    return {'W1': x.T @ dz1, 'b1': dz1.sum(axis=0), 'W2': z1.T @ dy, 'b2': dy.sum(axis=0)}
'''}, "expect": {"two_layer_net_gradient": ["bp_no_batch_mean"]}},

    {"id": "ho_bp_book_sigmoid_of_z1", "code": {TG: '''
def gradient(self, x, t):
    W1, W2 = self.params['W1'], self.params['W2']
    b1, b2 = self.params['b1'], self.params['b2']
    grads = {}
    batch_num = x.shape[0]
    a1 = np.dot(x, W1) + b1
    z1 = sigmoid(a1)
    a2 = np.dot(z1, W2) + b2
    y = softmax(a2)
    dy = (y - t) / batch_num
    grads['W2'] = np.dot(z1.T, dy)
    grads['b2'] = np.sum(dy, axis=0)
    dz1 = np.dot(dy, W2.T)
    da1 = sigmoid_grad(z1) * dz1
    grads['W1'] = np.dot(x.T, da1)
    grads['b1'] = np.sum(da1, axis=0)
    return grads
'''}, "expect": {"two_layer_net_gradient": ["bp_one_hot_only", "bp_sigmoid_grad_of_z1"]}},

    {"id": "ho_grad_book_forgot_restore", "code": {NG: '''
def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])
    while not it.finished:
        idx = it.multi_index
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x)
        x[idx] = tmp_val - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2*h)
        it.iternext()
    return grad
'''}, "expect": {"numerical_gradient": ["grad_no_int_check", "grad_no_restore"],
                 **upstream("numerical_gradient", "gradient_descent", "simple_net_gradient",
                            "two_layer_net_numerical_gradient", "plot_gradient_field")}},

    {"id": "ho_simple_loss_no_softmax", "code": {SNL: '''
def loss(self, x, t):
    z = self.predict(x)
    return cross_entropy_error(z, t)
'''}, "expect": {"simple_net_loss": ["net_loss_no_softmax"], **upstream("simple_net_loss", "simple_net_gradient")}},

    {"id": "ho_field_uphill", "code": {PF: '''
def plot_gradient_field(ax):
    grid = np.arange(-2, 2.5, 0.25)
    X, Y = np.meshgrid(grid, grid)
    points = np.stack([X.ravel(), Y.ravel()], axis=1)
    grad = numerical_gradient(lambda p: np.sum(function_2(p)), points)
    ax.quiver(points[:, 0], points[:, 1], grad[:, 0], grad[:, 1], angles="xy")
    ax.set_xlim([-2, 2])
    ax.set_ylim([-2, 2])
    ax.set_xlabel("x0")
    ax.set_ylabel("x1")
    return ax
'''}, "expect": {"plot_gradient_field": ["plot_uphill"]}},

    {"id": "ho_path_rows", "code": {PP: '''
def plot_descent_path(ax, x_history):
    ax.plot([-5, 5], [0, 0], '--b')
    ax.plot([0, 0], [-5, 5], '--b')
    ax.plot(x_history[0], x_history[1], 'o')
    ax.set_xlim(-3.5, 3.5)
    ax.set_ylim(-4.5, 4.5)
    ax.set_xlabel("X0")
    ax.set_ylabel("X1")
    return ax
'''}, "expect": {"plot_descent_path": ["plot_path_rows"]}},

    {"id": "ho_ce_single_divided", "code": {CE: '''
def cross_entropy_error(y, t):
    delta = 1e-7
    return -np.sum(t * np.log(y + delta)) / y.shape[0]
'''}, "expect": {"cross_entropy_error": ["?"], **upstream("cross_entropy_error", *CE_DOWN)}},

    {"id": "ho_slides_with_typo_fixed", "code": {SSE: '''
def sum_squares_error(y, t):
    return 0.5*np.sum((y-t)**2)
''', GD: '''
def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x
    x_history = []
    for i in range(step_num):
        x_history.append( x.copy() )
        grad = numerical_gradient(f, x)
        x -= lr * grad
    return x, np.array(x_history)
''', TA: '''
def accuracy(self, x, t):
    y = self.predict(x)
    y = np.argmax(y, axis=1)
    t = np.argmax(t, axis=1)
    accuracy = np.sum(y == t) / float(x.shape[0])
    return accuracy
'''}, "expect": {"sum_squares_error": ["sse_book_single_example"], "gradient_descent": ["gd_modifies_init_x"],
                 "two_layer_net_accuracy": ["accuracy_one_hot_only"]}},

    {"id": "ho_ce_mean_no_delta", "code": {CE: '''
def cross_entropy_error(y, t):
    if t.size != y.size:
        t = np.eye(y.shape[-1])[t]
    return -np.mean(t * np.log(y))
'''}, "expect": {"cross_entropy_error": ["ce_mean_over_classes", "ce_no_delta"],
                 **upstream("cross_entropy_error", *CE_DOWN)}},

    {"id": "ho_ngrad_copies", "code": {TN: '''
def numerical_gradient(self, x, t):
    loss_W = lambda W: self.loss(x, t)
    grads = {}
    for key in self.params:
        W = self.params[key].copy()
        grads[key] = numerical_gradient(loss_W, W)
    return grads
'''}, "expect": {"two_layer_net_numerical_gradient": ["ngrad_param_copy"]}},

    {"id": "ho_init_rand", "code": {TI: '''
def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
    self.params = {}
    self.params['W1'] = weight_init_std * np.random.rand(input_size, hidden_size)
    self.params['b1'] = np.zeros(hidden_size)
    self.params['W2'] = weight_init_std * np.random.rand(hidden_size, output_size)
    self.params['b2'] = np.zeros(output_size)
'''}, "expect": {"two_layer_net_init": ["init_uniform"]}},

    {"id": "ho_tangent_with_gradient", "code": {TL: '''
def tangent_line(f, x):
    d = numerical_gradient(f, x)
    y = f(x) - d*x
    return lambda t: d*t + y
'''}, "expect": {"tangent_line": ["tangent_uses_gradient"], **upstream("tangent_line", "plot_tangent")}},
]
