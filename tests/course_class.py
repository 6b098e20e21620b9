"""A made-up class for the similarity tests (tests/test_similarity.py, benchmarks/bench_similarity.py):
independent students and planted copies.

Each independent student fills the kit's stubs (exercises/) the way students of this course
do: most functions typed from the book or the slides, some from the stub's own hints, a few
in their own way, each with their own names, comments, spacing and leftovers (the TODO
line). Planted copies take another student's files and disguise them: renamed variables,
reordered functions, new comments and formatting; two pairs share an unusual slip.

Templates: `{name}` is a local name drawn from a pool per student; `⟦a||b⟧` picks one
alternative per student. Every variant is correct unless its name says otherwise.
"""

# ruff: noqa: E501 - the variants are students' code, one alternative per line
from __future__ import annotations

import ast
import random
import re
from pathlib import Path

POOLS = {
    "h": ["h", "eps", "delta_h", "step", "dx"],
    "tmp": ["tmp_val", "tmp", "orig", "old", "saved", "backup"],
    "f1": ["fxh1", "f1", "plus", "fp", "up"],
    "f2": ["fxh2", "f2", "minus", "fm", "down"],
    "grad": ["grad", "g", "result", "out", "gradient"],
    "it": ["it", "iterator", "itr", "walker"],
    "idx": ["idx", "i", "index", "ix", "pos"],
    "n": ["batch_size", "n", "N", "bs", "batch", "num"],
    "d": ["d", "slope", "a", "k", "grad"],
    "b": ["y", "b", "intercept", "c", "offset"],
    "hist": ["x_history", "history", "hist", "path", "trace"],
    "i": ["i", "_", "step", "k", "epoch"],
    "z": ["z", "score", "out", "logits"],
    "p": ["y", "p", "prob", "probs"],
    "a1": ["a1", "h1", "u1", "s1"],
    "z1": ["z1", "o1", "act1", "hid"],
    "a2": ["a2", "h2", "u2", "s2"],
    "dy": ["dy", "delta", "err", "d_out"],
    "da1": ["da1", "dz1", "dh", "back"],
    "grads": ["grads", "g", "result", "gradients"],
    "lossw": ["loss_W", "f", "loss_fn", "objective", "L"],
    "acc": ["accuracy", "acc", "ratio", "score"],
    "lab": ["labels", "pred", "y_label", "answer"],
}

COMMENTS = ["# 중심 차분", "# f(x+h)", "# f(x-h)", "# 값 복원", "# 원래 값으로 되돌림", "# 배치 평균",
            "# one-hot -> label", "# 책 코드 참고", "# forward", "# backward", "# 순전파", "# 역전파",
            "# 기울기 계산", "# 초기화", "# 슬라이드 참고", "# TODO done", "# check", "# 정답 레이블",
            "# 오버플로 방지", "# 미니배치 크기", "# copy!", "# history 기록", "# 갱신"]

# unit -> {variant name: body}. "book" and "slides" are what those sources give (with the
# kit's required extras where a student must add them), "hint" follows the stub's own hints.
VARIANTS: dict[str, dict[str, str]] = {
    "sum_squares_error": {
        "hint": """\
y = np.asarray(y)
t = np.asarray(t)
if t.size != y.size:
    t = np.eye(y.shape[-1])[t]
if y.ndim == 1:
    return 0.5 * np.sum((y - t) ** 2)
return 0.5 * np.sum((y - t) ** 2) / y.shape[0]
""",
        "book": """\
if t.size != y.size:
    t = np.eye(y.shape[-1])[t]
if y.ndim == 1:
    return 0.5 * np.sum((y-t)**2)
{n} = y.shape[0]
return 0.5 * np.sum((y-t)**2) / {n}
""",
        "own_mean": """\
⟦y = np.array(y, dtype=float)||y = np.asarray(y, dtype=np.float64)||y = y.astype(float)⟧
⟦t = np.array(t)||t = np.asarray(t)⟧
if ⟦t.shape != y.shape||t.ndim < y.ndim||np.ndim(t) != np.ndim(y)⟧:
    ⟦t = np.eye(y.shape[-1])[t]||onehot = np.zeros_like(y)
    np.put_along_axis(onehot, np.reshape(t, y.shape[:-1] + (1,)), 1.0, axis=-1)
    t = onehot⟧
⟦{n} = 1 if y.ndim == 1 else len(y)||{n} = y.shape[0] if y.ndim > 1 else 1||{n} = max(1, y.size // y.shape[-1])⟧
⟦return 0.5 * ((y - t) ** 2).sum() / {n}||return np.square(y - t).sum() / (2 * {n})||diff = y - t
return 0.5 * np.dot(diff.ravel(), diff.ravel()) / {n}⟧
""",
        "slide_typo": """\
if t.size != y.size:
    t = np.eye(y.shape[-1])[t]
{n} = 1 if y.ndim == 1 else y.shape[0]
return 0.5*np.sum(y-t)**2 / {n}
""",
    },
    "cross_entropy_error": {
        "book": """\
if y.ndim == 1:
    t = t.reshape(1, t.size)
    y = y.reshape(1, y.size)
if t.size == y.size:
    t = t.argmax(axis=1)
{n} = y.shape[0]
return -np.sum(np.log(y[np.arange({n}), t] + 1e-7)) / {n}
""",
        "hint": """\
y = np.asarray(y)
t = np.asarray(t)
if y.ndim == 1:
    y = y.reshape(1, -1)
    t = t.reshape(1, -1)
if t.size == y.size:
    t = np.argmax(t, axis=1)
{n} = y.shape[0]
return -np.sum(np.log(y[np.arange({n}), t.reshape(-1)] + DELTA)) / {n}
""",
        "own_onehot": """\
⟦y = np.atleast_2d(y)||y = y.reshape(-1, y.shape[-1])||y = np.asarray(y).reshape(-1, np.shape(y)[-1])⟧
t = np.asarray(t)
if ⟦t.size != y.size||t.size < y.size⟧:
    ⟦t = np.eye(y.shape[1])[t.reshape(-1)]||t = (np.arange(y.shape[1]) == t.reshape(-1, 1)).astype(float)⟧
t = t.reshape(y.shape)
{n} = ⟦y.shape[0]||len(y)⟧
⟦return -np.sum(t * np.log(y + DELTA)) / {n}||return -(t * np.log(y + DELTA)).sum(axis=1).mean()||loss = -np.sum(t * np.log(y + DELTA))
return loss / {n}⟧
""",
        # an unusual slip: divides by the number of classes, not the batch size (dividing by
        # the number of entries N*C is catalogued: ce_mean_over_classes)
        "slip_size": """\
if y.ndim == 1:
    t = t.reshape(1, t.size)
    y = y.reshape(1, y.size)
if t.size == y.size:
    t = t.argmax(axis=1)
return -np.sum(np.log(y[np.arange(y.shape[0]), t] + 1e-7)) / y.shape[1]
""",
    },
    "numerical_diff": {
        "book": """\
{h} = 1e-4 # 0.0001
return (f(x+{h}) - f(x-{h})) / (2*{h})
""",
        "hint": """\
return (f(x + H) - f(x - H)) / (2 * H)
""",
        "own": """\
⟦{h} = H||{h} = 0.0001||{h} = 1e-4⟧
⟦{f1} = f(x + {h})
{f2} = f(x - {h})
return ({f1} - {f2}) / (2 * {h})||return (f(x + {h}) - f(x - {h})) / {h} / 2||diff = f(x + {h}) - f(x - {h})
return diff / (2 * {h})⟧
""",
    },
    "tangent_line": {
        "book": """\
{d} = numerical_diff(f, x)
{b} = f(x) - {d}*x
return lambda t: {d}*t + {b}
""",
        "own": """\
{d} = numerical_diff(f, x)
⟦def line(t):
    return {d} * (t - x) + f(x)
return line||return lambda t: f(x) + {d} * (t - x)||fx = f(x)
return lambda t: fx + {d} * (t - x)||{b} = f(x) - x * {d}
def tangent(t):
    return t * {d} + {b}
return tangent⟧
""",
    },
    "numerical_gradient": {
        "book": """\
if not np.issubdtype(x.dtype, np.floating):
    raise TypeError("numerical_gradient needs a float array")
{h} = 1e-4 # 0.0001
{grad} = np.zeros_like(x)
{it} = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])
while not {it}.finished:
    {idx} = {it}.multi_index
    {tmp} = x[{idx}]
    x[{idx}] = {tmp} + {h}
    {f1} = f(x) # f(x+h)
    x[{idx}] = {tmp} - {h}
    {f2} = f(x) # f(x-h)
    {grad}[{idx}] = ({f1} - {f2}) / (2*{h})
    x[{idx}] = {tmp}
    {it}.iternext()
return {grad}
""",
        "hint_ndindex": """\
if x.dtype.kind != "f":
    raise TypeError(f"numerical_gradient needs a float array, got {x.dtype}")
{grad} = np.zeros_like(x)
for {idx} in np.ndindex(x.shape):
    {tmp} = x[{idx}]
    x[{idx}] = {tmp} + H
    {f1} = f(x)
    x[{idx}] = {tmp} - H
    {f2} = f(x)
    {grad}[{idx}] = ({f1} - {f2}) / (2 * H)
    x[{idx}] = {tmp}
return {grad}
""",
        "slides_flat": """\
if not np.issubdtype(x.dtype, np.floating):
    raise TypeError("float array needed: x + h would be rounded")
{h} = 1e-4
{grad} = np.zeros_like(x)
flat = x.reshape(-1)
gflat = {grad}.reshape(-1)
for {idx} in range(flat.size):
    {tmp} = flat[{idx}]
    flat[{idx}] = float({tmp}) + {h}
    {f1} = f(x)
    flat[{idx}] = {tmp} - {h}
    {f2} = f(x)
    gflat[{idx}] = ({f1} - {f2}) / (2*{h})
    flat[{idx}] = {tmp}
return {grad}
""",
    },
    "gradient_descent": {
        "book": """\
x = np.array(init_x, dtype=float)
{hist} = []
for {i} in range(step_num):
    {hist}.append( x.copy() )
    {grad} = numerical_gradient(f, x)
    x -= lr * {grad}
return x, np.array({hist})
""",
        "own_prealloc": """\
x = ⟦init_x.astype(float)||np.copy(init_x).astype(float)||np.array(init_x, dtype=np.float64, copy=True)⟧
⟦{hist} = np.empty((step_num,) + x.shape)||{hist} = np.zeros((step_num, *x.shape))⟧
for {i} in range(step_num):
    {hist}[{i}] = x
    ⟦x = x - lr * numerical_gradient(f, x)||{grad} = numerical_gradient(f, x)
    x = x - {grad} * lr||x -= lr * numerical_gradient(f, x)⟧
return x, {hist}
""",
    },
    "SimpleNet.predict": {
        "book": "return np.dot(x, self.W)\n",
        "own": "return x @ self.W\n",
    },
    "SimpleNet.loss": {
        "book": """\
{z} = self.predict(x)
{p} = softmax({z})
loss = cross_entropy_error({p}, t)
return loss
""",
        "short": "return cross_entropy_error(softmax(self.predict(x)), t)\n",
    },
    "TwoLayerNet.__init__": {
        "book": """\
self.params = {}
self.params['W1'] = weight_init_std * np.random.randn(input_size, hidden_size)
self.params['b1'] = np.zeros(hidden_size)
self.params['W2'] = weight_init_std * np.random.randn(hidden_size, output_size)
self.params['b2'] = np.zeros(output_size)
""",
        "hint": """\
self.params = {
    "W1": weight_init_std * np.random.randn(input_size, hidden_size),
    "b1": np.zeros(hidden_size),
    "W2": weight_init_std * np.random.randn(hidden_size, output_size),
    "b2": np.zeros(output_size),
}
""",
    },
    "TwoLayerNet.predict": {
        "book": """\
W1, W2 = self.params['W1'], self.params['W2']
b1, b2 = self.params['b1'], self.params['b2']
{a1} = np.dot(x, W1) + b1
{z1} = sigmoid({a1})
{a2} = np.dot({z1}, W2) + b2
{p} = softmax({a2})
return {p}
""",
        "own": """\
⟦{z1} = sigmoid(x @ self.params["W1"] + self.params["b1"])
return softmax({z1} @ self.params["W2"] + self.params["b2"])||prm = self.params
{a1} = x.dot(prm["W1"]) + prm["b1"]
return softmax(sigmoid({a1}).dot(prm["W2"]) + prm["b2"])||{z1} = x
for layer in (1, 2):
    {z1} = {z1} @ self.params[f"W{layer}"] + self.params[f"b{layer}"]
    {z1} = sigmoid({z1}) if layer == 1 else softmax({z1})
return {z1}⟧
""",
    },
    "TwoLayerNet.loss": {
        "book": """\
{p} = self.predict(x)
return cross_entropy_error({p}, t)
""",
        "short": "return cross_entropy_error(self.predict(x), t)\n",
    },
    "TwoLayerNet.accuracy": {
        "book_fixed": """\
{p} = self.predict(x)
{p} = np.argmax({p}, axis=1)
if t.ndim != 1:
    t = np.argmax(t, axis=1)
{acc} = np.sum({p} == t) / float(x.shape[0])
return {acc}
""",
        "own": """\
⟦{lab} = self.predict(x).argmax(axis=1)||{lab} = np.argmax(self.predict(x), axis=-1)⟧
⟦if t.ndim == 2:
    t = t.argmax(axis=1)||t = t.argmax(axis=1) if t.ndim > 1 else t||if t.ndim != 1:
    t = np.argmax(t, axis=1)⟧
⟦return float(np.mean({lab} == t))||return ({lab} == t).sum() / len(x)||return np.count_nonzero({lab} == t) / x.shape[0]⟧
""",
        "book_one_hot_only": """\
{p} = self.predict(x)
{p} = np.argmax({p}, axis=1)
t = np.argmax(t, axis=1)
{acc} = np.sum({p} == t) / float(x.shape[0])
return {acc}
""",
    },
    "TwoLayerNet.numerical_gradient": {
        "book": """\
{lossw} = lambda W: self.loss(x, t)
{grads} = {}
{grads}['W1'] = numerical_gradient({lossw}, self.params['W1'])
{grads}['b1'] = numerical_gradient({lossw}, self.params['b1'])
{grads}['W2'] = numerical_gradient({lossw}, self.params['W2'])
{grads}['b2'] = numerical_gradient({lossw}, self.params['b2'])
return {grads}
""",
        "loop": """\
{lossw} = lambda W: self.loss(x, t)
return {key: numerical_gradient({lossw}, self.params[key]) for key in ("W1", "b1", "W2", "b2")}
""",
    },
    "TwoLayerNet.gradient": {
        "book": """\
W1, W2 = self.params['W1'], self.params['W2']
b1, b2 = self.params['b1'], self.params['b2']
{grads} = {}
{n} = x.shape[0]
if t.ndim == 1:
    t = np.eye(W2.shape[1])[t]
# forward
{a1} = np.dot(x, W1) + b1
{z1} = sigmoid({a1})
{a2} = np.dot({z1}, W2) + b2
{p} = softmax({a2})
# backward
{dy} = ({p} - t) / {n}
{grads}['W2'] = np.dot({z1}.T, {dy})
{grads}['b2'] = np.sum({dy}, axis=0)
{da1} = np.dot({dy}, W2.T)
dz1 = sigmoid_grad({a1}) * {da1}
{grads}['W1'] = np.dot(x.T, dz1)
{grads}['b1'] = np.sum(dz1, axis=0)
return {grads}
""",
        "own_matmul": """\
prm = self.params
{n} = len(x)
if t.ndim == 1:
    ⟦t = np.eye(prm["W2"].shape[1])[t]||onehot = np.zeros((x.shape[0], prm["W2"].shape[1]))
    onehot[np.arange(x.shape[0]), t] = 1.0
    t = onehot⟧
{a1} = ⟦x @ prm["W1"] + prm["b1"]||np.dot(x, prm["W1"]) + prm["b1"]⟧
{z1} = sigmoid({a1})
{p} = softmax(⟦{z1} @ prm["W2"] + prm["b2"]||np.dot({z1}, prm["W2"]) + prm["b2"]⟧)
{dy} = ({p} - t) / {n}
⟦back = ({dy} @ prm["W2"].T) * {z1} * (1 - {z1})||back = np.dot({dy}, prm["W2"].T) * sigmoid_grad({a1})||back = {dy} @ prm["W2"].T
back *= {z1} * (1.0 - {z1})⟧
⟦return {"W1": x.T @ back, "b1": back.sum(axis=0), "W2": {z1}.T @ {dy}, "b2": {dy}.sum(axis=0)}||{grads} = dict(W2={z1}.T @ {dy}, b2={dy}.sum(axis=0))
{grads}["W1"] = x.T @ back
{grads}["b1"] = back.sum(axis=0)
return {grads}⟧
""",
        # an unusual slip: the hidden bias gradient divided by the batch a second time
        "slip_b1": """\
W1, W2 = self.params['W1'], self.params['W2']
b1, b2 = self.params['b1'], self.params['b2']
{grads} = {}
{n} = x.shape[0]
if t.ndim == 1:
    t = np.eye(W2.shape[1])[t]
{a1} = np.dot(x, W1) + b1
{z1} = sigmoid({a1})
{a2} = np.dot({z1}, W2) + b2
{p} = softmax({a2})
{dy} = ({p} - t) / {n}
{grads}['W2'] = np.dot({z1}.T, {dy})
{grads}['b2'] = np.sum({dy}, axis=0)
{da1} = np.dot({dy}, W2.T)
dz1 = sigmoid_grad({a1}) * {da1}
{grads}['W1'] = np.dot(x.T, dz1)
{grads}['b1'] = np.sum(dz1, axis=0) / {n}
return {grads}
""",
    },
}

# how often independent students pick each variant (the rest share the remaining weight)
WEIGHTS = {"book": 4, "slides_flat": 2, "hint": 3, "hint_ndindex": 3, "book_fixed": 4, "short": 2, "loop": 2}
WRONG = {"slide_typo", "slip_size", "slip_b1", "book_one_hot_only"}

FILES = {
    "functions.py": ["sum_squares_error", "cross_entropy_error"],
    "gradient.py": ["numerical_diff", "tangent_line", "numerical_gradient", "gradient_descent"],
    "simple_net.py": ["SimpleNet.predict", "SimpleNet.loss"],
    "two_layer_net.py": ["TwoLayerNet.__init__", "TwoLayerNet.predict", "TwoLayerNet.loss", "TwoLayerNet.accuracy",
                         "TwoLayerNet.numerical_gradient", "TwoLayerNet.gradient"],
}


def fill(template: str, rng: random.Random) -> str:
    def alt(m):
        return rng.choice(m.group(1).split("||"))

    text = re.sub(r"⟦(.*?)⟧", alt, template, flags=re.S)
    names = {}

    def name(m):
        key = m.group(1)
        if key not in POOLS:
            return m.group(0)
        if key not in names:
            names[key] = rng.choice(POOLS[key])
        return names[key]

    # a dict literal's {} or {key: ...} is not a placeholder: only {word} with a pool
    return re.sub(r"\{(\w+)\}", name, text)


def decorate(body: str, rng: random.Random, comment_rate: float, spacing: bool) -> str:
    """The student's own comments, spacing and blank lines."""
    out = []
    for line in body.splitlines():
        stripped = line.strip()
        if spacing and stripped and not stripped.startswith(("#", '"', "'")) and not re.search(r"\de[+-]", line) \
                and rng.random() < 0.4:
            if rng.random() < 0.5:
                line = re.sub(r" ([+\-*/]) ", r"\1", line)
            else:
                line = re.sub(r"(\w)([+\-*/])(\w)", r"\1 \2 \3", line)
        if stripped and rng.random() < comment_rate:
            if rng.random() < 0.5 and not stripped.startswith("#"):
                line = line.rstrip() + "  " + rng.choice(COMMENTS)
            else:
                indent = line[:len(line) - len(line.lstrip())]
                out.append(indent + rng.choice(COMMENTS))
        out.append(line)
        if stripped and rng.random() < 0.08:
            out.append("")
    return "\n".join(out) + "\n"


def stub_functions(source: str) -> dict[str, ast.FunctionDef]:
    tree = ast.parse(source)
    out = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            out[node.name] = node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    out[f"{node.name}.{item.name}"] = item
    return out


def fill_stub(stub: str, bodies: dict[str, str], keep_todo: bool) -> str:
    """The stub file with each listed function's TODO and raise replaced by a body."""
    lines = stub.splitlines()
    nodes = stub_functions(stub)
    for qual in sorted(bodies, key=lambda q: -nodes[q].lineno):  # bottom up: line numbers stay valid
        fn = nodes[qual]
        raise_node = fn.body[-1]
        start = raise_node.lineno - 1
        indent = " " * raise_node.col_offset
        if start > 0 and lines[start - 1].strip().startswith("# TODO"):
            start -= 0 if keep_todo else 1
        new = [indent + line if line.strip() else "" for line in bodies[qual].rstrip("\n").splitlines()]
        lines[start:raise_node.end_lineno] = new
    return "\n".join(lines) + "\n"


def student_files(stubs: dict[str, str], choice: dict[str, str], seed: int, comment_rate: float = 0.25,
                  spacing: bool = True) -> dict[str, bytes]:
    rng = random.Random(seed)
    files = {}
    for file, units in FILES.items():
        bodies = {}
        for unit in units:
            body = fill(VARIANTS[unit][choice[unit]], rng)
            bodies[unit] = decorate(body, rng, comment_rate, spacing)
        files[file] = fill_stub(stubs[file], bodies, keep_todo=rng.random() < 0.5).encode()
    return files


def independent_choice(rng: random.Random) -> dict[str, str]:
    choice = {}
    for unit, variants in VARIANTS.items():
        names = [v for v in variants if v not in WRONG]
        weights = [WEIGHTS.get(v, 1) for v in names]
        choice[unit] = rng.choices(names, weights)[0]
    # a realistic class also copies the slide's typo and the book's one-hot-only accuracy
    if rng.random() < 0.15:
        choice["sum_squares_error"] = "slide_typo"
    if rng.random() < 0.2:
        choice["TwoLayerNet.accuracy"] = "book_one_hot_only"
    return choice


def disguise(files: dict[str, bytes], seed: int) -> dict[str, bytes]:
    """A copier's work on someone else's files: every local name renamed, functions and
    methods reordered, comments swapped for new ones, spacing changed."""
    rng = random.Random(seed)
    out = {}
    for name, data in files.items():
        source = data.decode()
        tree = ast.parse(source)
        renames = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                args = {a.arg for a in node.args.args}
                for sub in ast.walk(node):
                    if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store) and sub.id not in args \
                            and sub.id not in ("t", "x", "y"):
                        renames.setdefault(sub.id, f"{rng.choice(['my', 'tmp', 'v', 'res', 'val'])}_{sub.id[::-1]}")
        lines = source.splitlines()
        in_string = {n for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)
                     and node.end_lineno > node.lineno for n in range(node.lineno, node.end_lineno + 1)}
        new_lines = []
        for number, line in enumerate(lines, 1):
            if number in in_string:
                new_lines.append(line)
                continue
            code, _, comment = line.partition("  #")
            if line.lstrip().startswith("#") and "TODO" not in line:
                continue  # the copier drops the original's comments
            for old, new in renames.items():
                code = re.sub(rf"(?<![\w.'\"])(?<!def ){re.escape(old)}\b(?!['\"])", new, code)
            if code.strip() and rng.random() < 0.2:
                code += "  " + rng.choice(COMMENTS)
            new_lines.append(code)
        source = "\n".join(new_lines) + "\n"
        out[name] = reorder(source, rng).encode()
    return out


def reorder(source: str, rng: random.Random) -> str:
    """A class's methods, then the module's functions, in another order."""
    tree = ast.parse(source)
    lines = source.splitlines()
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and len(function_spans(node.body)) > 1:
            lines = shuffle_spans(lines, function_spans(node.body), rng)
    spans = function_spans(ast.parse("\n".join(lines) + "\n").body)
    if len(spans) > 1:
        lines = shuffle_spans(lines, spans, rng)
    return "\n".join(lines) + "\n"


def function_spans(body: list[ast.stmt]) -> list[tuple[int, int]]:
    return [(n.lineno - 1 - len(n.decorator_list), n.end_lineno) for n in body if isinstance(n, ast.FunctionDef)]


def shuffle_spans(lines: list[str], spans: list[tuple[int, int]], rng: random.Random) -> list[str]:
    """The blocks at `spans` (consecutive definitions) in a shuffled order, one blank line apart."""
    pieces = [lines[s:e] for s, e in spans]
    order = list(range(len(pieces)))
    rng.shuffle(order)
    if order == list(range(len(pieces))):
        order = order[::-1]
    start, end = spans[0][0], spans[-1][1]
    middle = []
    for k, j in enumerate(order):
        middle += pieces[j] + ([""] if k < len(order) - 1 else [])
    return lines[:start] + middle + lines[end:]


def load_stubs(kit: Path) -> dict[str, str]:
    return {name: (kit / "exercises" / name).read_text(encoding="utf-8") for name in FILES}


def make_class(kit: Path, n_independent: int = 20, seed: int = 2024) -> tuple[dict[str, dict[str, bytes]], dict]:
    """(submissions, truth): truth lists the planted pairs and what each shows."""
    stubs = load_stubs(kit)
    rng = random.Random(seed)
    subs: dict[str, dict[str, bytes]] = {}
    choices: dict[str, dict[str, str]] = {}
    for i in range(n_independent):
        sid = f"s{i + 1:03d}"
        choices[sid] = independent_choice(rng)
        subs[sid] = student_files(stubs, choices[sid], seed * 1000 + i, comment_rate=rng.uniform(0.05, 0.4))
    # two independent students who typed the book everywhere (the case that must not flag)
    book = {u: ("book_fixed" if u == "TwoLayerNet.accuracy" else "book") if "book" in v or "book_fixed" in v
            else next(iter(v)) for u, v in VARIANTS.items()}
    for sid, s in (("book1", 11), ("book2", 12)):
        choices[sid] = dict(book)
        subs[sid] = student_files(stubs, book, s, comment_rate=0.3)
    truth = {"planted": [], "independent_book": [("book1", "book2")]}
    # planted 1: a whole copy of a student who wrote several functions their own way
    own = {u: next((v for v in VARIANTS[u] if v.startswith("own")), None) or choices["s003"][u] for u in VARIANTS}
    choices["s003"] = own
    subs["s003"] = student_files(stubs, own, 777, comment_rate=0.2)
    subs["c101"] = disguise(subs["s003"], 101)
    truth["planted"].append(("c101", "s003", "renamed, reordered, recommented copy"))
    # planted 2: a copy of a book-typer whose only deviation is an unusual slip (CE over y.size,
    # b1 divided twice): the code is nearly the book's, the wrong outputs are the evidence
    slip = dict(book, cross_entropy_error="slip_size")
    slip["TwoLayerNet.gradient"] = "slip_b1"
    subs["s007"] = student_files(stubs, slip, 707, comment_rate=0.2)
    choices["s007"] = slip
    subs["c102"] = disguise(subs["s007"], 102)
    truth["planted"].append(("c102", "s007", "copy of a book-typer with two shared unusual slips"))
    # planted 3: partial copy: a student takes only two_layer_net.py from another with own code
    mixed = dict(choices["s010"])
    mixed.update({u: next((v for v in VARIANTS[u] if v.startswith("own")), mixed[u])
                  for u in VARIANTS if u.startswith("TwoLayerNet")})
    choices["s010"] = mixed
    subs["s010"] = student_files(stubs, mixed, 1010, comment_rate=0.2)
    c103 = dict(student_files(stubs, independent_choice(random.Random(5)), 5103))
    c103["two_layer_net.py"] = disguise({"two_layer_net.py": subs["s010"]["two_layer_net.py"]}, 103)["two_layer_net.py"]
    subs["c103"] = c103
    truth["planted"].append(("c103", "s010", "copied two_layer_net.py only, disguised"))
    truth["choices"] = choices
    return subs, truth
