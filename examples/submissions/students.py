"""The example class, as data: each student is solutions/ plus one small patch, handed in as
exercises/ with the TODOs filled in (the student-facing docstrings kept).

`dlkit freeze` writes the folders next to this file (grader/authoring/examples.py) and
`dlkit freeze --check` says when they are stale; README.md says what each student shows.

A patch is made of: `mistakes`, catalogued mistakes made on the solutions (the mutants of
solutions/mutants/); `edits`, (file, text in solutions/, replacement) mistakes of the
student's own; `bodies`, functions written differently ("file.Class.method": the body
after the docstring); `unfilled`, stubs not done yet; `reversed`, files ("gradient") or classes
("two_layer_net.TwoLayerNet") whose definitions are handed in in reverse order (a copier's disguise).
"""

STUDENTS = {
    "s2024001": {
        "bodies": {
            "functions.cross_entropy_error": """
                y = np.atleast_2d(y)
                n, classes = y.shape
                t = np.asarray(t)
                if t.size != y.size:  # 레이블 인덱스 → 원-핫 행 (책의 원-핫 공식을 그대로 쓰려고)
                    t = np.eye(classes)[t.reshape(n)]
                t = t.reshape(n, classes)
                return -np.sum(t * np.log(y + DELTA)) / n
            """,
            "gradient.tangent_line": """
                slope = numerical_diff(f, x)
                fx = f(x)

                def line(t):
                    return fx + slope * (t - x)  # 점 (x, f(x))를 지나는 기울기 slope인 직선

                return line
            """,
            "gradient.numerical_gradient": """
                if x.dtype.kind != "f":
                    raise TypeError(f"x must be a float array (got {x.dtype}): an integer array cannot hold x + h")
                grad = np.zeros_like(x)
                for idx in np.ndindex(x.shape):  # 모든 원소를 차례로
                    original = x[idx]
                    x[idx] = original + H
                    f_plus = f(x)
                    x[idx] = original - H
                    f_minus = f(x)
                    x[idx] = original
                    grad[idx] = (f_plus - f_minus) / (2 * H)
                return grad
            """,
            "gradient.gradient_descent": """
                x = init_x.astype(float)  # astype은 복사본을 만듭니다
                x_history = np.empty((step_num,) + x.shape)
                for i in range(step_num):
                    x_history[i] = x
                    x = x - lr * numerical_gradient(f, x)
                return x, x_history
            """,
            "two_layer_net.TwoLayerNet.gradient": """
                p = self.params
                n = x.shape[0]
                if t.ndim == 1:
                    t = np.eye(p["b2"].size)[t]
                z1 = sigmoid(x @ p["W1"] + p["b1"])
                y = softmax(z1 @ p["W2"] + p["b2"])

                dy = (y - t) / n
                da1 = dy @ p["W2"].T
                dz1 = da1 * z1 * (1.0 - z1)  # sigmoid'(a1) = σ(a1)(1 - σ(a1)) = z1 (1 - z1)
                return {"W1": x.T @ dz1, "b1": dz1.sum(axis=0), "W2": z1.T @ dy, "b2": dy.sum(axis=0)}
            """,
            "train.train": """
                if seed is not None:
                    np.random.seed(seed)
                classes = t_train.shape[1] if t_train.ndim == 2 else 10
                network = TwoLayerNet(x_train.shape[1], hidden_size, classes)
                result = TrainResult(network)

                train_size = x_train.shape[0]
                iter_per_epoch = max(train_size // batch_size, 1)
                order = np.random.permutation(train_size)  # 비복원 추출: 에폭마다 섞어서 차례로 자릅니다
                position = 0
                for i in range(iters_num):
                    if position + batch_size > train_size:
                        order = np.random.permutation(train_size)
                        position = 0
                    batch = order[position:position + batch_size]
                    position += batch_size
                    x_batch, t_batch = x_train[batch], t_train[batch]

                    for key, g in network.gradient(x_batch, t_batch).items():
                        network.params[key] -= learning_rate * g
                    result.train_loss_list.append(float(network.loss(x_batch, t_batch)))

                    if i % iter_per_epoch == 0:
                        result.train_acc_list.append(network.accuracy(x_train, t_train))
                        result.test_acc_list.append(network.accuracy(x_test, t_test))
                        if verbose:
                            print(f"train acc, test acc | {result.train_acc_list[-1]}, {result.test_acc_list[-1]}")
                return result
            """,
            "plots.plot_gradient_field": """
                grid = np.arange(-2, 2.5, 0.25)
                X, Y = np.meshgrid(grid, grid)
                points = np.column_stack([X.ravel(), Y.ravel()])
                # 점마다 따로 기울기를 구합니다 (합을 미분하는 요령 대신)
                grad = np.array([numerical_gradient(function_2, p.copy()) for p in points])
                ax.quiver(points[:, 0], points[:, 1], -grad[:, 0], -grad[:, 1], angles="xy", color="#666666")
                ax.set_xlim([-2, 2])
                ax.set_ylim([-2, 2])
                ax.set_xlabel("x0")
                ax.set_ylabel("x1")
                ax.grid()
                return ax
            """,
        },
    },
    "s2024002": {"mistakes": ("sse_slide_typo", "ce_no_delta")},
    "s2024003": {"mistakes": ("diff_forward", "gd_history_after_step")},
    "s2024004": {"mistakes": ("grad_no_restore", "bp_no_batch_mean")},
    "s2024005": {"mistakes": ("bp_sigmoid_grad_of_z1", "plot_uphill")},
    # it.iternext() forgotten: numerical_gradient never ends
    "s2024006": {"edits": (
        ("gradient.py", "        x[idx] = tmp_val\n        it.iternext()", "        x[idx] = tmp_val"),)},
    "s2024007": {"unfilled": (
        "gradient.numerical_gradient", "gradient.gradient_descent", "simple_net.SimpleNet.predict",
        "simple_net.SimpleNet.loss", "two_layer_net.TwoLayerNet.loss", "two_layer_net.TwoLayerNet.accuracy",
        "two_layer_net.TwoLayerNet.numerical_gradient", "two_layer_net.TwoLayerNet.gradient", "train.train",
        "plots.plot_gradient_field", "plots.plot_training")},
    # s2024001's work, disguised: every local renamed, comments replaced, independent lines
    # swapped, the functions and methods handed in in reverse order (the similarity report flags it)
    "s2024008": {
        "reversed": ("gradient", "plots", "two_layer_net.TwoLayerNet"),
        "bodies": {
            "functions.cross_entropy_error": """
                y = np.atleast_2d(y)
                t = np.asarray(t)
                rows, k = y.shape
                if t.size != y.size:  # 정답 번호를 원-핫으로
                    t = np.eye(k)[t.reshape(rows)]
                t = t.reshape(rows, k)
                return -np.sum(t * np.log(y + DELTA)) / rows
            """,
            "gradient.tangent_line": """
                fx = f(x)
                a = numerical_diff(f, x)

                def tangent(u):
                    return fx + a * (u - x)

                return tangent
            """,
            "gradient.numerical_gradient": """
                if x.dtype.kind != "f":
                    raise TypeError(f"x must be a float array (got {x.dtype}): an integer array cannot hold x + h")
                g = np.zeros_like(x)
                for pos in np.ndindex(x.shape):
                    keep = x[pos]
                    x[pos] = keep + H
                    up = f(x)
                    x[pos] = keep - H
                    down = f(x)
                    x[pos] = keep  # 되돌리기
                    g[pos] = (up - down) / (2 * H)
                return g
            """,
            "gradient.gradient_descent": """
                x = init_x.astype(float)
                path = np.empty((step_num,) + x.shape)
                for k in range(step_num):
                    path[k] = x
                    x = x - lr * numerical_gradient(f, x)
                return x, path
            """,
            "two_layer_net.TwoLayerNet.gradient": """
                prm = self.params
                batch = x.shape[0]
                if t.ndim == 1:
                    t = np.eye(prm["b2"].size)[t]
                h = sigmoid(x @ prm["W1"] + prm["b1"])
                out = softmax(h @ prm["W2"] + prm["b2"])

                delta = (out - t) / batch
                back = delta @ prm["W2"].T
                dh = back * h * (1.0 - h)
                return {"W1": x.T @ dh, "b1": dh.sum(axis=0), "W2": h.T @ delta, "b2": delta.sum(axis=0)}
            """,
            "train.train": """
                if seed is not None:
                    np.random.seed(seed)
                n_out = t_train.shape[1] if t_train.ndim == 2 else 10
                net = TwoLayerNet(x_train.shape[1], hidden_size, n_out)
                res = TrainResult(net)

                n = x_train.shape[0]
                per_epoch = max(n // batch_size, 1)
                perm = np.random.permutation(n)
                cursor = 0
                for step in range(iters_num):
                    if cursor + batch_size > n:
                        perm = np.random.permutation(n)
                        cursor = 0
                    idx = perm[cursor:cursor + batch_size]
                    cursor += batch_size
                    xb, tb = x_train[idx], t_train[idx]

                    for name, grad in net.gradient(xb, tb).items():
                        net.params[name] -= learning_rate * grad
                    res.train_loss_list.append(float(net.loss(xb, tb)))

                    if step % per_epoch == 0:
                        res.train_acc_list.append(net.accuracy(x_train, t_train))
                        res.test_acc_list.append(net.accuracy(x_test, t_test))
                        if verbose:
                            print(f"train acc, test acc | {res.train_acc_list[-1]}, {res.test_acc_list[-1]}")
                return res
            """,
            "plots.plot_gradient_field": """
                ticks = np.arange(-2, 2.5, 0.25)
                gx, gy = np.meshgrid(ticks, ticks)
                pts = np.column_stack([gx.ravel(), gy.ravel()])
                arrows = np.array([numerical_gradient(function_2, q.copy()) for q in pts])
                ax.quiver(pts[:, 0], pts[:, 1], -arrows[:, 0], -arrows[:, 1], angles="xy", color="#666666")
                ax.set_xlim([-2, 2])
                ax.set_ylim([-2, 2])
                ax.set_xlabel("x0")
                ax.set_ylabel("x1")
                ax.grid()
                return ax
            """,
        },
    },
    # the slides' code as typed: their SSE, gradient_2d's numerical_gradient, gradient_method's
    # gradient_descent, the book's accuracy and backprop (everything else is right)
    "s2024009": {"mistakes": ("sse_slides_code", "grad_rows_as_points", "gd_modifies_init_x", "accuracy_one_hot_only",
                              "bp_one_hot_only")},
}
