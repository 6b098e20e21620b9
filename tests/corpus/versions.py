"""Versions of the graded functions as students type them: the slides', the walk-through's, the
book's (as the kit's own retyping where the book's text differs from both: see BOOK below),
slips on top of them, and correct code written differently.

VERSIONS[qualname][vid] is the full source of one def ("functions.sum_squares_error",
"two_layer_net.TwoLayerNet.gradient"; a method at class indentation or not), with any helper
it needs before it; PROVENANCE[qualname][vid] says where it comes from. compose.py puts the
chosen versions into a submission. The slides (/work/shared/seeds/000) and the walk-through
(002) are the course's own material and are quoted as they are (typos included); the first
version of this file was written from the feedback issue's corpus study.
"""

from __future__ import annotations

VERSIONS: dict[str, dict[str, str]] = {}
PROVENANCE: dict[str, dict[str, str]] = {}


def version(qualname: str, vid: str, provenance: str, source: str) -> None:
    if vid in VERSIONS.get(qualname, {}):
        raise ValueError(f"{qualname}: {vid} twice")
    VERSIONS.setdefault(qualname, {})[vid] = source
    PROVENANCE.setdefault(qualname, {})[vid] = provenance


# ==========================================================================================
# functions.sum_squares_error
# ==========================================================================================
Q = 'functions.sum_squares_error'
version(Q, 'slides',
        ("slides 000, slide '평균 제곱 오차(Mean Square Error)' (shown twice, lines 87-88 and 103-104 of the "
        'text)'), '''
def sum_squares_error(y, t):  
    return 0.5*np.sum(y-t)**2
''')
version(Q, 'walkthrough',
        "walk-through 002, lines 36-37 (the book's §4.2.1 listing)", '''
def sum_squares_error(y,t):
    return 0.5 * np.sum((y-t)**2)
''')
version(Q, 'slide_typo',
        "kit mutant sse_slide_typo (the slides' typo inside the kit's full function)", '''
def sum_squares_error(y, t):
    y = np.asarray(y)
    t = np.asarray(t)
    if t.size != y.size:  # label indices: turn them into one-hot rows
        t = np.eye(y.shape[-1])[t]
    if y.ndim == 1:
        return 0.5 * np.sum(y - t) ** 2
    return 0.5 * np.sum(y - t) ** 2 / y.shape[0]
''')
version(Q, 'no_half',
        'kit mutant sse_no_half', '''
def sum_squares_error(y, t):
    y = np.asarray(y)
    t = np.asarray(t)
    if t.size != y.size:  # label indices: turn them into one-hot rows
        t = np.eye(y.shape[-1])[t]
    if y.ndim == 1:
        return np.sum((y - t) ** 2)
    return np.sum((y - t) ** 2) / y.shape[0]
''')
version(Q, 'no_batch_mean',
        'kit mutant sse_no_batch_mean', '''
def sum_squares_error(y, t):
    y = np.asarray(y)
    t = np.asarray(t)
    if t.size != y.size:  # label indices: turn them into one-hot rows
        t = np.eye(y.shape[-1])[t]
    if y.ndim == 1:
        return 0.5 * np.sum((y - t) ** 2)
    return 0.5 * np.sum((y - t) ** 2)
''')
version(Q, 'one_hot_only',
        'slip: batch mean right, label-index t forgotten', '''
def sum_squares_error(y, t):
    y = np.asarray(y)
    t = np.asarray(t)
    if y.ndim == 1:
        return 0.5 * np.sum((y - t) ** 2)
    return 0.5 * np.sum((y - t) ** 2) / y.shape[0]
''')
version(Q, 'np_mean',
        "slip: 'mean squared error' (the slide's title 평균 제곱 오차) read as np.mean", '''
def sum_squares_error(y, t):
    return 0.5 * np.mean((y - t) ** 2)
''')
version(Q, 'divides_single',
        'slip: divides by y.shape[0] without checking for a single example', '''
def sum_squares_error(y, t):
    if t.size != y.size:
        t = np.eye(y.shape[-1])[t]
    return 0.5 * np.sum((y - t) ** 2) / y.shape[0]
''')
version(Q, 'no_half_no_batch_mean',
        'two slips: no 0.5 and no batch mean', '''
def sum_squares_error(y, t):
    y = np.asarray(y)
    t = np.asarray(t)
    if t.size != y.size:  # label indices: turn them into one-hot rows
        t = np.eye(y.shape[-1])[t]
    if y.ndim == 1:
        return np.sum((y - t) ** 2)
    return np.sum((y - t) ** 2)
''')
version(Q, 'slide_typo_one_hot_only',
        "two slips: the slides' typo, and label t forgotten", '''
def sum_squares_error(y, t):
    y = np.asarray(y)
    t = np.asarray(t)
    if y.ndim == 1:
        return 0.5 * np.sum(y - t) ** 2
    return 0.5 * np.sum(y - t) ** 2 / y.shape[0]
''')
version(Q, 'book_no_half',
        "slip on the book's single-example SSE: 0.5 dropped", '''
def sum_squares_error(y, t):
    return np.sum((y-t)**2)
''')
version(Q, 'eye_reshape',
        'correct: labels by ndim, single example reshaped to a batch of one', '''
def sum_squares_error(y, t):
    y, t = np.asarray(y), np.asarray(t)
    if t.ndim < y.ndim:
        t = np.eye(y.shape[-1])[t]
    if y.ndim == 1:
        y, t = y.reshape(1, -1), t.reshape(1, -1)
    return 0.5 * np.sum((y - t) ** 2) / y.shape[0]
''')
version(Q, 'square_rows_mean',
        'correct: mean over rows of per-row sums', '''
def sum_squares_error(y, t):
    if t.size != y.size:
        t = np.eye(y.shape[-1])[t]
    return 0.5 * np.mean(np.sum(np.square(np.atleast_2d(y - t)), axis=1))
''')

# ==========================================================================================
# functions.cross_entropy_error
# ==========================================================================================
Q = 'functions.cross_entropy_error'
version(Q, 'book_single',
        "walk-through 002, lines 55-57 (the book's §4.2.2 listing)", '''
def cross_entropy_error(y,t):
    delta = 1e-7
    return -np.sum(t*np.log(y+delta))
''')
version(Q, 'book_batch_one_hot',
        "walk-through 002, lines 95-101 (the book's §4.2.4 one-hot listing)", '''
def cross_entropy_error(y,t):
    if y.ndim == 1:
        t = t.reshape(1,t.size) # 정답 레이블
        y = y.reshape(1,y.size) # 신경망의 출력
    
    batch_size = y.shape[0] 
    return -np.sum(t*np.log(y+1e-7)) / batch_size
''')
version(Q, 'book_batch_labels',
        ("the book's §4.2.4 label-index listing (printed text; in neither repo nor the seeds: "
        'RECONSTRUCTED from common/functions.py without the one-hot branch, not verbatim-checked)'), '''
def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
        
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size
''')
version(Q, 'slides_formula',
        ("the slides' formula E = -Σ t_k log y_k (slide '교차 엔트로피 오차(Cross Entropy Error)' shows no code): "
        'typed literally'), '''
def cross_entropy_error(y, t):
    return -np.sum(t * np.log(y))
''')
version(Q, 'no_delta',
        'kit mutant ce_no_delta', '''
def cross_entropy_error(y, t):
    y = np.asarray(y)
    t = np.asarray(t)
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:  # one-hot: keep only the index of the correct class
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t])) / batch_size
''')
version(Q, 'no_batch_mean',
        'kit mutant ce_no_batch_mean', '''
def cross_entropy_error(y, t):
    y = np.asarray(y)
    t = np.asarray(t)
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:  # one-hot: keep only the index of the correct class
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + DELTA))
''')
version(Q, 'one_hot_only',
        'kit mutant ce_one_hot_only', '''
def cross_entropy_error(y, t):
    y = np.asarray(y)
    t = np.asarray(t)
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    batch_size = y.shape[0]
    return -np.sum(t * np.log(y + DELTA)) / batch_size
''')
version(Q, 'delta_outside_log',
        "slip: np.log(y) + delta (the stub's docstring warns of it)", '''
def cross_entropy_error(y, t):
    y = np.asarray(y)
    t = np.asarray(t)
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:  # one-hot: keep only the index of the correct class
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t]) + DELTA) / batch_size
''')
version(Q, 'mean_over_classes',
        'slip: np.mean over every entry (N·C) instead of the batch', '''
def cross_entropy_error(y, t):
    if t.size != y.size:
        t = np.eye(y.shape[-1])[t]
    return -np.mean(t * np.log(y + 1e-7))
''')
version(Q, 'no_delta_no_batch_mean',
        "two slips: no δ and no batch mean (the issue's example)", '''
def cross_entropy_error(y, t):
    y = np.asarray(y)
    t = np.asarray(t)
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:  # one-hot: keep only the index of the correct class
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t]))
''')
version(Q, 'one_hot_only_no_delta',
        'two slips: one-hot only and no δ', '''
def cross_entropy_error(y, t):
    y = np.asarray(y)
    t = np.asarray(t)
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    batch_size = y.shape[0]
    return -np.sum(t * np.log(y)) / batch_size
''')
version(Q, 'book_single_no_delta',
        "slip on the book's §4.2.2 listing: delta dropped", '''
def cross_entropy_error(y,t):
    return -np.sum(t*np.log(y))
''')
version(Q, 'mean_of_picked',
        'correct: atleast_2d, labels either way, np.mean', '''
def cross_entropy_error(y, t):
    y = np.atleast_2d(y)
    t = np.asarray(t).reshape(y.shape[0], -1)
    labels = t.argmax(axis=1) if t.shape[1] == y.shape[1] else t[:, 0]
    return -np.mean(np.log(y[np.arange(y.shape[0]), labels] + 1e-7))
''')

# ==========================================================================================
# gradient.numerical_diff
# ==========================================================================================
Q = 'gradient.numerical_diff'
version(Q, 'slides',
        "slides 000, slide '실습 과제' (ch03/gradient_1d.ipynb), listing lines 6-8", '''
def numerical_diff(f, x):
    h = 1e-4 # 0.0001
    return (f(x+h) - f(x-h)) / (2*h)
''')
version(Q, 'walkthrough_syntax',
        'walk-through 002, lines 119-121', '''
def numerical_diff(f,x):
    h = 1e - 4
    return (f(x+h)-f(x-h)) / (2*h)
''')
version(Q, 'walkthrough',
        'walk-through 002, lines 131-133', '''
def numerical_diff(f,x):
    h = 0.0001
    return (f(x+h)-f(x-h)) / (2*h)
''')
version(Q, 'book_bad_example',
        ("the book's §4.3.1 '나쁜 구현 예' (bad example), printed text only: RECONSTRUCTED, not verbatim-"
        'checked'), '''
def numerical_diff(f, x):
    h = 10e-50
    return (f(x + h) - f(x)) / h
''')
version(Q, 'forward',
        'kit mutant diff_forward', '''
def numerical_diff(f, x):
    return (f(x + H) - f(x)) / H
''')
version(Q, 'tiny_h',
        'kit mutant diff_tiny_h', '''
def numerical_diff(f, x):
    return (f(x + 1e-50) - f(x - 1e-50)) / (2 * 1e-50)
''')
version(Q, 'precedence',
        'slip: / 2*h divides by 2 and multiplies by h', '''
def numerical_diff(f, x):
    h = 1e-4
    return (f(x + h) - f(x - h)) / 2*h
''')
version(Q, 'no_two',
        'slip: central difference over h instead of 2h', '''
def numerical_diff(f, x):
    h = 1e-4
    return (f(x + h) - f(x - h)) / h
''')
version(Q, 'forward_tiny_h',
        'two slips: forward difference and tiny h', '''
def numerical_diff(f, x):
    h = 1e-50
    return (f(x + h) - f(x)) / h
''')

# ==========================================================================================
# gradient.tangent_line
# ==========================================================================================
Q = 'gradient.tangent_line'
version(Q, 'slides',
        "slides 000, slide '실습 과제' (ch03/gradient_1d.ipynb), listing lines 15-19", '''
def tangent_line(f, x):
    d = numerical_diff(f, x)
    print(d)
    y = f(x) - d*x
    return lambda t: d*t + y
''')
version(Q, 'gradient_2d',
        ("slides 000, slide '일변수 미분 vs 다변수 미분(편미분)' (ch03/gradient_2d.ipynb) listing lines 48-52; = book "
        'ch04/gradient_2d.py:45-49 (ja) / 48-52 (ko)'), '''
def tangent_line(f, x):
    d = numerical_gradient(f, x)
    print(d)
    y = f(x) - d*x
    return lambda t: d*t + y
''')
version(Q, 'intercept',
        'kit mutant tangent_intercept', '''
def tangent_line(f, x):
    d = numerical_diff(f, x)
    y = f(x)
    return lambda t: d * t + y
''')
version(Q, 'intercept_sign',
        'slip: + d·x in the intercept', '''
def tangent_line(f, x):
    d = numerical_diff(f, x)
    y = f(x) + d * x
    return lambda t: d * t + y
''')
version(Q, 'gradient_via_array',
        'correct: the slope from numerical_gradient on a one-element float array, f of its entry', '''
def tangent_line(f, x):
    d = numerical_gradient(lambda a: f(a[0]), np.array([float(x)]))[0]
    y = f(x) - d*x
    return lambda t: d*t + y
''')

# ==========================================================================================
# gradient.numerical_gradient
# ==========================================================================================
Q = 'gradient.numerical_gradient'
version(Q, 'slides_gradient_2d',
        ("slides 000, slide '일변수 미분 vs 다변수 미분(편미분)' (ch03/gradient_2d.ipynb) listing lines 8-38 (also "
        "slide '경사하강법(Gradient Descent)(2)', ch03/gradient_method.ipynb lines 9-39, where the last "
        '`return grad` stands after the if/else: same behaviour)'), '''
def _numerical_gradient_no_batch(f, x):
    h = 1e-4 # 0.0001
    grad = np.zeros_like(x) # x와 형상이 같은 배열을 생성

    for idx in range(x.size):
        tmp_val = x[idx]

        # f(x+h) 계산
        x[idx] = float(tmp_val) + h
        fxh1 = f(x)

        # f(x-h) 계산
        x[idx] = tmp_val - h
        fxh2 = f(x)

        grad[idx] = (fxh1 - fxh2) / (2*h)
        x[idx] = tmp_val # 값 복원

    return grad


def numerical_gradient(f, X):
    if X.ndim == 1:
        return _numerical_gradient_no_batch(f, X)
    else:
        grad = np.zeros_like(X)

        for idx, x in enumerate(X):
            grad[idx] = _numerical_gradient_no_batch(f, x)

        return grad
''')
version(Q, 'walkthrough',
        "walk-through 002, lines 161-176 (the book's §4.4 listing)", '''
def numerical_gradient(f,x):
    h = 0.0001
    grad = np.zeros_like(x) # x와 형상이 같은 배열 형성
    
    for idx in range(x.size):
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x)
        
        # f(x-h) 계산
        x[idx] = tmp_val - h
        fxh2 = f(x)
        
        grad[idx] = (fxh1 - fxh2) / (2*h)
        x[idx] = tmp_val # 값 복원
    return grad
''')
version(Q, 'no_restore',
        'kit mutant grad_no_restore', '''
def numerical_gradient(f, x):
    if not np.issubdtype(np.asarray(x).dtype, np.floating):
        raise TypeError(
            f"numerical_gradient needs a float array, got dtype {np.asarray(x).dtype}: "
            "x + 1e-4 would be rounded back to an integer"
        )
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        idx = it.multi_index
        tmp_val = x[idx]
        x[idx] = tmp_val + H
        fxh1 = f(x)
        x[idx] = tmp_val - H
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * H)
        it.iternext()
    return grad
''')
version(Q, 'one_d_only',
        'kit mutant grad_1d_only', '''
def numerical_gradient(f, x):
    if not np.issubdtype(np.asarray(x).dtype, np.floating):
        raise TypeError(
            f"numerical_gradient needs a float array, got dtype {np.asarray(x).dtype}: "
            "x + 1e-4 would be rounded back to an integer"
        )
    grad = np.zeros_like(x)
    for idx in range(x.size):
        tmp_val = x[idx]
        x[idx] = tmp_val + H
        fxh1 = f(x)
        x[idx] = tmp_val - H
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * H)
        x[idx] = tmp_val
    return grad
''')
version(Q, 'copies_x',
        'kit mutant grad_copies_x', '''
def numerical_gradient(f, x):
    if not np.issubdtype(np.asarray(x).dtype, np.floating):
        raise TypeError(
            f"numerical_gradient needs a float array, got dtype {np.asarray(x).dtype}: "
            "x + 1e-4 would be rounded back to an integer"
        )
    x = x.copy()
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        idx = it.multi_index
        tmp_val = x[idx]
        x[idx] = tmp_val + H
        fxh1 = f(x)
        x[idx] = tmp_val - H
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * H)
        x[idx] = tmp_val
        it.iternext()
    return grad
''')
version(Q, 'forward',
        'slip: forward difference in the gradient', '''
def numerical_gradient(f, x):
    if not np.issubdtype(np.asarray(x).dtype, np.floating):
        raise TypeError(
            f"numerical_gradient needs a float array, got dtype {np.asarray(x).dtype}: "
            "x + 1e-4 would be rounded back to an integer"
        )
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        idx = it.multi_index
        tmp_val = x[idx]
        x[idx] = tmp_val + H
        fxh1 = f(x)
        x[idx] = tmp_val
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / H
        x[idx] = tmp_val
        it.iternext()
    return grad
''')
version(Q, 'converts_int',
        'slip: converts an integer x to float instead of raising TypeError', '''
def numerical_gradient(f, x):
    if x.dtype.kind != 'f':
        x = x.astype(float)
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        idx = it.multi_index
        tmp_val = x[idx]
        x[idx] = tmp_val + H
        fxh1 = f(x)
        x[idx] = tmp_val - H
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * H)
        x[idx] = tmp_val
        it.iternext()
    return grad
''')
version(Q, 'wrong_exception',
        'slip: raises ValueError for integer x', '''
def numerical_gradient(f, x):
    if not np.issubdtype(np.asarray(x).dtype, np.floating):
        raise ValueError(
            f"numerical_gradient needs a float array, got dtype {np.asarray(x).dtype}: "
            "x + 1e-4 would be rounded back to an integer"
        )
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        idx = it.multi_index
        tmp_val = x[idx]
        x[idx] = tmp_val + H
        fxh1 = f(x)
        x[idx] = tmp_val - H
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * H)
        x[idx] = tmp_val
        it.iternext()
    return grad
''')
version(Q, 'walkthrough_no_restore',
        "slip on the walk-through's 1-D loop: the restore line left out", '''
def numerical_gradient(f,x):
    h = 0.0001
    grad = np.zeros_like(x) # x와 형상이 같은 배열 형성
    
    for idx in range(x.size):
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x)
        
        # f(x-h) 계산
        x[idx] = tmp_val - h
        fxh2 = f(x)
        
        grad[idx] = (fxh1 - fxh2) / (2*h)
    return grad
''')
version(Q, 'slides_gradient_2d_forward',
        "slip on the slides' gradient_2d: forward difference", '''
def _numerical_gradient_no_batch(f, x):
    h = 1e-4 # 0.0001
    grad = np.zeros_like(x) # x와 형상이 같은 배열을 생성

    for idx in range(x.size):
        tmp_val = x[idx]

        # f(x+h) 계산
        x[idx] = float(tmp_val) + h
        fxh1 = f(x)

        # f(x-h) 계산
        x[idx] = tmp_val
        fxh2 = f(x)

        grad[idx] = (fxh1 - fxh2) / h
        x[idx] = tmp_val # 값 복원

    return grad


def numerical_gradient(f, X):
    if X.ndim == 1:
        return _numerical_gradient_no_batch(f, X)
    else:
        grad = np.zeros_like(X)

        for idx, x in enumerate(X):
            grad[idx] = _numerical_gradient_no_batch(f, x)

        return grad
''')
version(Q, 'book_no_restore',
        "slip on the book's common/gradient.py: the restore line left out", '''
def numerical_gradient(f, x):
    h = 1e-4 # 0.0001
    grad = np.zeros_like(x)
    
    it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])
    while not it.finished:
        idx = it.multi_index
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x) # f(x+h)
        
        x[idx] = tmp_val - h 
        fxh2 = f(x) # f(x-h)
        grad[idx] = (fxh1 - fxh2) / (2*h)
        
        it.iternext()   
        
    return grad
''')
version(Q, 'book_copies_x',
        "slip on the book's common/gradient.py: perturbs a copy", '''
def numerical_gradient(f, x):
    h = 1e-4 # 0.0001
    x = x.copy()
    grad = np.zeros_like(x)
    
    it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])
    while not it.finished:
        idx = it.multi_index
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x) # f(x+h)
        
        x[idx] = tmp_val - h 
        fxh2 = f(x) # f(x-h)
        grad[idx] = (fxh1 - fxh2) / (2*h)
        
        x[idx] = tmp_val # 値を元に戻す
        it.iternext()   
        
    return grad
''')
version(Q, 'book_forward',
        "slip on the book's common/gradient.py: forward difference", '''
def numerical_gradient(f, x):
    h = 1e-4 # 0.0001
    grad = np.zeros_like(x)
    
    it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])
    while not it.finished:
        idx = it.multi_index
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x) # f(x+h)
        
        x[idx] = tmp_val
        fxh2 = f(x) # f(x)
        grad[idx] = (fxh1 - fxh2) / h
        
        x[idx] = tmp_val # 値を元に戻す
        it.iternext()   
        
    return grad
''')
version(Q, 'ndindex_kind_check',
        'correct: np.ndindex, dtype.kind check, local h', '''
def numerical_gradient(f, x):
    if x.dtype.kind != "f":
        raise TypeError("numerical_gradient needs a float array: x + h would round back to an integer")
    h = 1e-4
    grad = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x)
        x[idx] = tmp_val - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp_val
    return grad
''')

# ==========================================================================================
# gradient.gradient_descent
# ==========================================================================================
Q = 'gradient.gradient_descent'
version(Q, 'slides',
        "slides 000, slide '경사하강법(Gradient Descent)(2)' (ch03/gradient_method.ipynb) listing lines 41-51", '''
def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x
    x_history = []

    for i in range(step_num):
        x_history.append( x.copy() )

        grad = numerical_gradient(f, x)
        x -= lr * grad

    return x, np.array(x_history)
''')
version(Q, 'walkthrough',
        "walk-through 002, lines 192-199 (the book's §4.4.1 listing)", '''
def gradient_descent(f,init_x, lr=0.01, step_num = 100):
    x = init_x
    
    for i in range(step_num):
        grad = numerical_gradient(f,x)
        x -= lr * grad
    
    return x
''')
version(Q, 'history_after_step',
        'kit mutant gd_history_after_step', '''
def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=float)
    x_history = []
    for _ in range(step_num):
        grad = numerical_gradient(f, x)
        x -= lr * grad
        x_history.append(x.copy())
    return x, np.array(x_history).reshape((step_num,) + x.shape)
''')
version(Q, 'modifies_init_x',
        'kit mutant gd_modifies_init_x', '''
def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x
    x_history = []
    for _ in range(step_num):
        x_history.append(x.copy())
        grad = numerical_gradient(f, x)
        x -= lr * grad
    return x, np.array(x_history).reshape((step_num,) + x.shape)
''')
version(Q, 'wrong_sign',
        'kit mutant gd_wrong_sign', '''
def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=float)
    x_history = []
    for _ in range(step_num):
        x_history.append(x.copy())
        grad = numerical_gradient(f, x)
        x += lr * grad
    return x, np.array(x_history).reshape((step_num,) + x.shape)
''')
version(Q, 'history_no_copy',
        'slip: x_history.append(x) without copy (the stub warns of it)', '''
def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=float)
    x_history = []
    for _ in range(step_num):
        x_history.append(x)
        grad = numerical_gradient(f, x)
        x -= lr * grad
    return x, np.array(x_history).reshape((step_num,) + x.shape)
''')
version(Q, 'slice_view',
        'slip: x = init_x[:] (a copy for a list, a view for an ndarray)', '''
def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x[:]
    x_history = []
    for _ in range(step_num):
        x_history.append(x.copy())
        grad = numerical_gradient(f, x)
        x -= lr * grad
    return x, np.array(x_history).reshape((step_num,) + x.shape)
''')
version(Q, 'book_history_after_step',
        "slip on the book's gradient_descent: the record moved after the step (the issue's example)", '''
def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x
    x_history = []

    for i in range(step_num):
        grad = numerical_gradient(f, x)
        x -= lr * grad

        x_history.append( x.copy() )

    return x, np.array(x_history)
''')
version(Q, 'book_history_no_copy',
        "slip on the book's gradient_descent: record without copy", '''
def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x
    x_history = []

    for i in range(step_num):
        x_history.append( x )

        grad = numerical_gradient(f, x)
        x -= lr * grad

    return x, np.array(x_history)
''')
version(Q, 'book_wrong_sign',
        "slip on the book's gradient_descent: += instead of -=", '''
def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x
    x_history = []

    for i in range(step_num):
        x_history.append( x.copy() )

        grad = numerical_gradient(f, x)
        x += lr * grad

    return x, np.array(x_history)
''')
version(Q, 'book_copy',
        "correct: the book's code starting from init_x.copy()", '''
def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x.copy()
    x_history = []

    for i in range(step_num):
        x_history.append( x.copy() )

        grad = numerical_gradient(f, x)
        x -= lr * grad

    return x, np.array(x_history)
''')

# ==========================================================================================
# gradient.function_2
# ==========================================================================================
Q = 'gradient.function_2'
version(Q, 'gradient_2d',
        ("slides 000, slide '일변수 미분 vs 다변수 미분(편미분)' listing lines 41-45 (= book ch04/gradient_2d.py:38-42 "
        'ja)'), '''
def function_2(x):
    if x.ndim == 1:
        return np.sum(x**2)
    else:
        return np.sum(x**2, axis=1)
''')
version(Q, 'gradient_method',
        ('slides 000 gradient_method listing lines 54-55; walk-through 002 lines 151-152; book '
        'ch04/gradient_method.py:20-21'), '''
def function_2(x):
    return x[0]**2 + x[1]**2
''')

# ==========================================================================================
# simple_net.SimpleNet.predict
# ==========================================================================================
Q = 'simple_net.SimpleNet.predict'
version(Q, 'slides',
        "slides 000, slide '신경망에서 기울기' (ch03/gradient_simplenet.ipynb) listing lines 17-18", '''
    def predict(self, x):
        return np.dot(x, self.W)
''')
version(Q, 'w_first',
        'slip: W·x instead of x·W', '''
    def predict(self, x):
        return np.dot(self.W, x)
''')

# ==========================================================================================
# simple_net.SimpleNet.loss
# ==========================================================================================
Q = 'simple_net.SimpleNet.loss'
version(Q, 'slides',
        "slides 000, slide '신경망에서 기울기' (ch03/gradient_simplenet.ipynb) listing lines 20-25", '''
    def loss(self, x, t):
        z = self.predict(x)
        y = softmax(z)
        loss = cross_entropy_error(y, t)

        return loss
''')
version(Q, 'no_softmax',
        'kit mutant net_loss_no_softmax', '''
    def loss(self, x, t):
        z = self.predict(x)
        y = z
        return cross_entropy_error(y, t)
''')

# ==========================================================================================
# two_layer_net.TwoLayerNet.__init__
# ==========================================================================================
Q = 'two_layer_net.TwoLayerNet.__init__'
version(Q, 'slides',
        ("slides 000, slides 'two_layer_net.py 소스 코드(1)-(3)' (ch03/two_layer_net.ipynb) listing lines "
        '13-19; = walk-through 002 lines 279-349'), '''
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
        # 가중치 초기화
        self.params = {}
        self.params['W1'] = weight_init_std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = weight_init_std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)
''')
version(Q, 'no_std',
        'kit mutant init_no_std', '''
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
        self.params = {
            "W1": np.random.randn(input_size, hidden_size),
            "b1": np.zeros(hidden_size),
            "W2": np.random.randn(hidden_size, output_size),
            "b2": np.zeros(output_size),
        }
''')
version(Q, 'uniform',
        'slip: np.random.rand (uniform on [0,1)) for randn', '''
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
        self.params = {
            "W1": weight_init_std * np.random.rand(input_size, hidden_size),
            "b1": np.zeros(hidden_size),
            "W2": weight_init_std * np.random.rand(hidden_size, output_size),
            "b2": np.zeros(output_size),
        }
''')
version(Q, 'uniform_no_std',
        'two slips: rand and no std', '''
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
        self.params = {
            "W1": np.random.rand(input_size, hidden_size),
            "b1": np.zeros(hidden_size),
            "W2": np.random.rand(hidden_size, output_size),
            "b2": np.zeros(output_size),
        }
''')

# ==========================================================================================
# two_layer_net.TwoLayerNet.predict
# ==========================================================================================
Q = 'two_layer_net.TwoLayerNet.predict'
version(Q, 'slides',
        ("slides 000, slides 'two_layer_net.py 소스 코드(1)-(3)' (ch03/two_layer_net.ipynb) listing lines "
        '21-30; = walk-through 002 lines 279-349'), '''
    def predict(self, x):
        W1, W2 = self.params['W1'], self.params['W2']
        b1, b2 = self.params['b1'], self.params['b2']

        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        y = softmax(a2)

        return y
''')
version(Q, 'no_softmax',
        'kit mutant predict_no_softmax', '''
    def predict(self, x):
        W1, W2 = self.params["W1"], self.params["W2"]
        b1, b2 = self.params["b1"], self.params["b2"]
        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        return a2
''')
version(Q, 'no_sigmoid',
        'kit mutant predict_no_sigmoid', '''
    def predict(self, x):
        W1, W2 = self.params["W1"], self.params["W2"]
        b1, b2 = self.params["b1"], self.params["b2"]
        a1 = np.dot(x, W1) + b1
        a2 = np.dot(a1, W2) + b2
        return softmax(a2)
''')
version(Q, 'no_bias',
        'slip: biases not added', '''
    def predict(self, x):
        W1, W2 = self.params["W1"], self.params["W2"]
        b1, b2 = self.params["b1"], self.params["b2"]
        a1 = np.dot(x, W1)
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2)
        return softmax(a2)
''')

# ==========================================================================================
# two_layer_net.TwoLayerNet.loss
# ==========================================================================================
Q = 'two_layer_net.TwoLayerNet.loss'
version(Q, 'slides',
        ("slides 000, slides 'two_layer_net.py 소스 코드(1)-(3)' (ch03/two_layer_net.ipynb) listing lines "
        '32-36; = walk-through 002 lines 279-349'), '''
    # x : 입력 데이터, t : 정답 레이블
    def loss(self, x, t):
        y = self.predict(x)

        return cross_entropy_error(y, t)
''')
version(Q, 'softmax_twice',
        "slip: softmax applied again to predict's probabilities (the stub warns of it)", '''
    def loss(self, x, t):
        y = softmax(self.predict(x))
        return cross_entropy_error(y, t)
''')

# ==========================================================================================
# two_layer_net.TwoLayerNet.accuracy
# ==========================================================================================
Q = 'two_layer_net.TwoLayerNet.accuracy'
version(Q, 'slides',
        ("slides 000, slides 'two_layer_net.py 소스 코드(1)-(3)' (ch03/two_layer_net.ipynb) listing lines "
        '38-44; = walk-through 002 lines 279-349'), '''
    def accuracy(self, x, t):
        y = self.predict(x)
        y = np.argmax(y, axis=1)
        t = np.argmax(t, axis=1)

        accuracy = np.sum(y == t) / float(x.shape[0])
        return accuracy
''')
version(Q, 'one_hot_only',
        'kit mutant accuracy_one_hot_only', '''
    def accuracy(self, x, t):
        y = np.argmax(self.predict(x), axis=1)
        t = np.argmax(t, axis=1)
        return np.sum(y == t) / float(x.shape[0])
''')
version(Q, 'count',
        'kit mutant accuracy_count', '''
    def accuracy(self, x, t):
        y = np.argmax(self.predict(x), axis=1)
        if t.ndim != 1:
            t = np.argmax(t, axis=1)
        return np.sum(y == t)
''')
version(Q, 'book_count',
        "slip on the book's accuracy: the division left out", '''
    def accuracy(self, x, t):
        y = self.predict(x)
        y = np.argmax(y, axis=1)
        t = np.argmax(t, axis=1)

        accuracy = np.sum(y == t)
        return accuracy
''')
version(Q, 'mean_ndim',
        'correct: np.mean, labels when t is 1-D', '''
    def accuracy(self, x, t):
        y = self.predict(x).argmax(axis=1)
        labels = t.argmax(axis=1) if t.ndim == 2 else t
        return float(np.mean(y == labels))
''')

# ==========================================================================================
# two_layer_net.TwoLayerNet.numerical_gradient
# ==========================================================================================
Q = 'two_layer_net.TwoLayerNet.numerical_gradient'
version(Q, 'slides',
        ("slides 000, slides 'two_layer_net.py 소스 코드(1)-(3)' (ch03/two_layer_net.ipynb) listing lines "
        '46-56; = walk-through 002 lines 279-349'), '''
    # x : 입력 데이터, t : 정답 레이블
    def numerical_gradient(self, x, t):
        loss_W = lambda W: self.loss(x, t)

        grads = {}
        grads['W1'] = numerical_gradient(loss_W, self.params['W1'])
        grads['b1'] = numerical_gradient(loss_W, self.params['b1'])
        grads['W2'] = numerical_gradient(loss_W, self.params['W2'])
        grads['b2'] = numerical_gradient(loss_W, self.params['b2'])

        return grads
''')
version(Q, 'param_copy',
        'slip: passes a copy of each parameter (the stub warns of it)', '''
    def numerical_gradient(self, x, t):
        loss_W = lambda W: self.loss(x, t)
        grads = {}
        for key in ('W1', 'b1', 'W2', 'b2'):
            grads[key] = numerical_gradient(loss_W, self.params[key].copy())
        return grads
''')
version(Q, 'calls_method',
        "slip: self.numerical_gradient (the method) instead of the module's numerical_gradient", '''
    # x : 입력 데이터, t : 정답 레이블
    def numerical_gradient(self, x, t):
        loss_W = lambda W: self.loss(x, t)

        grads = {}
        grads['W1'] = self.numerical_gradient(loss_W, self.params['W1'])
        grads['b1'] = self.numerical_gradient(loss_W, self.params['b1'])
        grads['W2'] = self.numerical_gradient(loss_W, self.params['W2'])
        grads['b2'] = self.numerical_gradient(loss_W, self.params['b2'])

        return grads
''')
version(Q, 'loop_keys',
        'correct: a loop over self.params', '''
    def numerical_gradient(self, x, t):
        f = lambda _: self.loss(x, t)
        return {k: numerical_gradient(f, self.params[k]) for k in self.params}
''')

# ==========================================================================================
# two_layer_net.TwoLayerNet.gradient
# ==========================================================================================
Q = 'two_layer_net.TwoLayerNet.gradient'
version(Q, 'slides',
        ("slides 000, slides 'two_layer_net.py 소스 코드(1)-(3)' (ch03/two_layer_net.ipynb) listing lines "
        '58-81; = walk-through 002 lines 279-349'), '''
    def gradient(self, x, t):
        W1, W2 = self.params['W1'], self.params['W2']
        b1, b2 = self.params['b1'], self.params['b2']
        grads = {}

        batch_num = x.shape[0]

        # forward
        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        y = softmax(a2)

        # backward
        dy = (y - t) / batch_num
        grads['W2'] = np.dot(z1.T, dy)
        grads['b2'] = np.sum(dy, axis=0)

        da1 = np.dot(dy, W2.T)
        dz1 = sigmoid_grad(a1) * da1
        grads['W1'] = np.dot(x.T, dz1)
        grads['b1'] = np.sum(dz1, axis=0)

        return grads
''')
version(Q, 'no_batch_mean',
        'kit mutant bp_no_batch_mean', '''
    def gradient(self, x, t):
        W1, W2 = self.params["W1"], self.params["W2"]
        b1, b2 = self.params["b1"], self.params["b2"]
        batch_num = x.shape[0]
        if t.ndim == 1:  # label indices: the backward pass needs one-hot rows
            t = np.eye(W2.shape[1])[t]

        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        y = softmax(a2)

        dy = y - t
        grads = {"W2": np.dot(z1.T, dy), "b2": np.sum(dy, axis=0)}
        da1 = np.dot(dy, W2.T)
        dz1 = sigmoid_grad(a1) * da1
        grads["W1"] = np.dot(x.T, dz1)
        grads["b1"] = np.sum(dz1, axis=0)
        return grads
''')
version(Q, 'sigmoid_grad_of_z1',
        'kit mutant bp_sigmoid_grad_of_z1', '''
    def gradient(self, x, t):
        W1, W2 = self.params["W1"], self.params["W2"]
        b1, b2 = self.params["b1"], self.params["b2"]
        batch_num = x.shape[0]
        if t.ndim == 1:  # label indices: the backward pass needs one-hot rows
            t = np.eye(W2.shape[1])[t]

        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        y = softmax(a2)

        dy = (y - t) / batch_num
        grads = {"W2": np.dot(z1.T, dy), "b2": np.sum(dy, axis=0)}
        da1 = np.dot(dy, W2.T)
        dz1 = sigmoid_grad(z1) * da1
        grads["W1"] = np.dot(x.T, dz1)
        grads["b1"] = np.sum(dz1, axis=0)
        return grads
''')
version(Q, 'bias_axis',
        'kit mutant bp_bias_axis', '''
    def gradient(self, x, t):
        W1, W2 = self.params["W1"], self.params["W2"]
        b1, b2 = self.params["b1"], self.params["b2"]
        batch_num = x.shape[0]
        if t.ndim == 1:  # label indices: the backward pass needs one-hot rows
            t = np.eye(W2.shape[1])[t]

        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        y = softmax(a2)

        dy = (y - t) / batch_num
        grads = {"W2": np.dot(z1.T, dy), "b2": np.sum(dy, axis=1)}
        da1 = np.dot(dy, W2.T)
        dz1 = sigmoid_grad(a1) * da1
        grads["W1"] = np.dot(x.T, dz1)
        grads["b1"] = np.sum(dz1, axis=1)
        return grads
''')
version(Q, 'book_no_batch_mean',
        "slip on the book's backprop: no batch mean", '''
    def gradient(self, x, t):
        W1, W2 = self.params['W1'], self.params['W2']
        b1, b2 = self.params['b1'], self.params['b2']
        grads = {}

        batch_num = x.shape[0]

        # forward
        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        y = softmax(a2)

        # backward
        dy = (y - t)
        grads['W2'] = np.dot(z1.T, dy)
        grads['b2'] = np.sum(dy, axis=0)

        da1 = np.dot(dy, W2.T)
        dz1 = sigmoid_grad(a1) * da1
        grads['W1'] = np.dot(x.T, dz1)
        grads['b1'] = np.sum(dz1, axis=0)

        return grads
''')
version(Q, 'book_bias_axis',
        "slip on the book's backprop: biases summed over axis=1", '''
    def gradient(self, x, t):
        W1, W2 = self.params['W1'], self.params['W2']
        b1, b2 = self.params['b1'], self.params['b2']
        grads = {}

        batch_num = x.shape[0]

        # forward
        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        y = softmax(a2)

        # backward
        dy = (y - t) / batch_num
        grads['W2'] = np.dot(z1.T, dy)
        grads['b2'] = np.sum(dy, axis=1)

        da1 = np.dot(dy, W2.T)
        dz1 = sigmoid_grad(a1) * da1
        grads['W1'] = np.dot(x.T, dz1)
        grads['b1'] = np.sum(dz1, axis=1)

        return grads
''')
version(Q, 'book_sigmoid_grad_of_z1',
        "slip on the book's backprop: sigmoid_grad(z1)", '''
    def gradient(self, x, t):
        W1, W2 = self.params['W1'], self.params['W2']
        b1, b2 = self.params['b1'], self.params['b2']
        grads = {}

        batch_num = x.shape[0]

        # forward
        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        y = softmax(a2)

        # backward
        dy = (y - t) / batch_num
        grads['W2'] = np.dot(z1.T, dy)
        grads['b2'] = np.sum(dy, axis=0)

        da1 = np.dot(dy, W2.T)
        dz1 = sigmoid_grad(z1) * da1
        grads['W1'] = np.dot(x.T, dz1)
        grads['b1'] = np.sum(dz1, axis=0)

        return grads
''')
version(Q, 'no_batch_mean_sigmoid_grad_of_z1',
        "two slips in the kit's backprop: no batch mean and sigmoid_grad(z1)", '''
    def gradient(self, x, t):
        W1, W2 = self.params["W1"], self.params["W2"]
        b1, b2 = self.params["b1"], self.params["b2"]
        batch_num = x.shape[0]
        if t.ndim == 1:  # label indices: the backward pass needs one-hot rows
            t = np.eye(W2.shape[1])[t]

        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        y = softmax(a2)

        dy = y - t
        grads = {"W2": np.dot(z1.T, dy), "b2": np.sum(dy, axis=0)}
        da1 = np.dot(dy, W2.T)
        dz1 = sigmoid_grad(z1) * da1
        grads["W1"] = np.dot(x.T, dz1)
        grads["b1"] = np.sum(dz1, axis=0)
        return grads
''')
version(Q, 'book_z1_derivative',
        "correct: the book's backprop with labels turned one-hot and σ' written as z1(1 − z1)", '''
    def gradient(self, x, t):
        W1, W2 = self.params['W1'], self.params['W2']
        b1, b2 = self.params['b1'], self.params['b2']
        grads = {}

        batch_num = x.shape[0]
        if t.ndim == 1:
            t = np.eye(W2.shape[1])[t]

        # forward
        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        y = softmax(a2)

        # backward
        dy = (y - t) / batch_num
        grads['W2'] = np.dot(z1.T, dy)
        grads['b2'] = np.sum(dy, axis=0)

        da1 = np.dot(dy, W2.T)
        dz1 = z1 * (1 - z1) * da1
        grads['W1'] = np.dot(x.T, dz1)
        grads['b1'] = np.sum(dz1, axis=0)

        return grads
''')

# ==========================================================================================
# train.train
# ==========================================================================================
Q = 'train.train'
version(Q, 'slides',
        "slides 000, slides 'train_neuralnet.ipynb 소스 코드(1)-(2)' listing lines 15-54", '''
def train(
    x_train, t_train, x_test, t_test, *, iters_num=10000, batch_size=100, learning_rate=0.1,
    hidden_size=50, seed=None, verbose=False,
):
    network = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)
    # 하이퍼파라미터
    # iters_num = 10000 # 반복 횟수를 적절히 설정한다.  (passed as an argument)
    train_size = x_train.shape[0]
    # batch_size = 100 # 미니배치 크기  (passed as an argument)
    # learning_rate = 0.1  (passed as an argument)

    train_loss_list = []
    train_acc_list = []
    test_acc_list = []

    # 1에폭당 반복 수
    iter_per_epoch = max(train_size / batch_size, 1)


    for i in range(iters_num):
        # 미니배치 획득
        batch_mask = np.random.choice(train_size, batch_size)
        x_batch = x_train[batch_mask]
        t_batch = t_train[batch_mask]

        # 기울기 계산
        #grad = network.numerical_gradient(x_batch, t_batch)
        grad = network.gradient(x_batch, t_batch)

        # 매개변수 갱신
        for key in ('W1', 'b1', 'W2', 'b2'):
            network.params[key] -= learning_rate * grad[key]

        # 학습 경과 기록
        loss = network.loss(x_batch, t_batch)
        train_loss_list.append(loss)

        # 1에폭당 정확도 계산
        if i % iter_per_epoch == 0:
            train_acc = network.accuracy(x_train, t_train)
            test_acc = network.accuracy(x_test, t_test)
            train_acc_list.append(train_acc)
            test_acc_list.append(test_acc)
            print(i, "train acc, test acc | " + str(train_acc) + ", " + str(test_acc))
    return TrainResult(network, train_loss_list, train_acc_list, test_acc_list)
''')
version(Q, 'walkthrough_452',
        "walk-through 002, lines 370-396 (the book's §4.5.2 listing)", '''
def train(
    x_train, t_train, x_test, t_test, *, iters_num=10000, batch_size=100, learning_rate=0.1,
    hidden_size=50, seed=None, verbose=False,
):
    train_loss_list=[]

    # 하이퍼파라미터
    # iters_num = 10000 # 반복 횟수  (passed as an argument)
    train_size = x_train.shape[0]
    # batch_size = 100 # 미니배치 크기  (passed as an argument)
    # learning_rate = 0.1  (passed as an argument)

    network = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)

    for i in range(iters_num):
        # 미니배치 획득
        batch_mask = np.random.choice(train_size, batch_size)
        x_batch = x_train[batch_mask]
        t_batch = t_train[batch_mask]

        # 기울기 계산
        grad = network.numerical_gradient(x_batch, t_batch)
        # grad = network.gradient(x_batch, t_batch) # 성능 개선판

        # 매개변수 갱신
        for key in ('W1','b1','W2','b2'):
            network.params[key] -= learning_rate * grad[key]

        # 학습 경과 기록
        loss = network.loss(x_batch, t_batch)
        train_loss_list.append(loss)
    return TrainResult(network, train_loss_list)
''')
version(Q, 'walkthrough_453',
        "walk-through 002, lines 417-456 (the book's §4.5.3 listing)", '''
def train(
    x_train, t_train, x_test, t_test, *, iters_num=10000, batch_size=100, learning_rate=0.1,
    hidden_size=50, seed=None, verbose=False,
):
    network = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)

    # 하이퍼파라미터
    # iters_num = 10000  # 반복 횟수를 적절히 설정한다.  (passed as an argument)
    train_size = x_train.shape[0]
    # batch_size = 100   # 미니배치 크기  (passed as an argument)
    # learning_rate = 0.1  (passed as an argument)

    train_loss_list = []
    train_acc_list = []
    test_acc_list = []

    # 1에폭당 반복 수
    iter_per_epoch = max(train_size / batch_size, 1)

    for i in range(iters_num):
        # 미니배치 획득
        batch_mask = np.random.choice(train_size, batch_size)
        x_batch = x_train[batch_mask]
        t_batch = t_train[batch_mask]

        # 기울기 계산
        #grad = network.numerical_gradient(x_batch, t_batch)
        grad = network.gradient(x_batch, t_batch)

        # 매개변수 갱신
        for key in ('W1', 'b1', 'W2', 'b2'):
            network.params[key] -= learning_rate * grad[key]

        # 학습 경과 기록
        loss = network.loss(x_batch, t_batch)
        train_loss_list.append(loss)

        # 1에폭당 정확도 계산
        if i % iter_per_epoch == 0:
            train_acc = network.accuracy(x_train, t_train)
            test_acc = network.accuracy(x_test, t_test)
            train_acc_list.append(train_acc)
            test_acc_list.append(test_acc)
            print("train acc, test acc | " + str(train_acc) + ", " + str(test_acc))
    return TrainResult(network, train_loss_list, train_acc_list, test_acc_list)
''')
version(Q, 'slides_numerical',
        "slip on the slides' train: the commented-out numerical_gradient line chosen instead of gradient", '''
def train(
    x_train, t_train, x_test, t_test, *, iters_num=10000, batch_size=100, learning_rate=0.1,
    hidden_size=50, seed=None, verbose=False,
):
    network = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)
    # 하이퍼파라미터
    # iters_num = 10000 # 반복 횟수를 적절히 설정한다.  (passed as an argument)
    train_size = x_train.shape[0]
    # batch_size = 100 # 미니배치 크기  (passed as an argument)
    # learning_rate = 0.1  (passed as an argument)

    train_loss_list = []
    train_acc_list = []
    test_acc_list = []

    # 1에폭당 반복 수
    iter_per_epoch = max(train_size / batch_size, 1)


    for i in range(iters_num):
        # 미니배치 획득
        batch_mask = np.random.choice(train_size, batch_size)
        x_batch = x_train[batch_mask]
        t_batch = t_train[batch_mask]

        # 기울기 계산
        grad = network.numerical_gradient(x_batch, t_batch)
        #grad = network.gradient(x_batch, t_batch)

        # 매개변수 갱신
        for key in ('W1', 'b1', 'W2', 'b2'):
            network.params[key] -= learning_rate * grad[key]

        # 학습 경과 기록
        loss = network.loss(x_batch, t_batch)
        train_loss_list.append(loss)

        # 1에폭당 정확도 계산
        if i % iter_per_epoch == 0:
            train_acc = network.accuracy(x_train, t_train)
            test_acc = network.accuracy(x_test, t_test)
            train_acc_list.append(train_acc)
            test_acc_list.append(test_acc)
            print(i, "train acc, test acc | " + str(train_acc) + ", " + str(test_acc))
    return TrainResult(network, train_loss_list, train_acc_list, test_acc_list)
''')
version(Q, 'book_hardcoded',
        "slip: the slides' script pasted with its own iters_num/batch_size/learning_rate", '''
def train(
    x_train, t_train, x_test, t_test, *, iters_num=10000, batch_size=100, learning_rate=0.1,
    hidden_size=50, seed=None, verbose=False,
):
    network = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)
    # 하이퍼파라미터
    iters_num = 10000 # 반복 횟수를 적절히 설정한다.
    train_size = x_train.shape[0]
    batch_size = 100 # 미니배치 크기
    learning_rate = 0.1

    train_loss_list = []
    train_acc_list = []
    test_acc_list = []

    # 1에폭당 반복 수
    iter_per_epoch = max(train_size / batch_size, 1)


    for i in range(iters_num):
        # 미니배치 획득
        batch_mask = np.random.choice(train_size, batch_size)
        x_batch = x_train[batch_mask]
        t_batch = t_train[batch_mask]

        # 기울기 계산
        #grad = network.numerical_gradient(x_batch, t_batch)
        grad = network.gradient(x_batch, t_batch)

        # 매개변수 갱신
        for key in ('W1', 'b1', 'W2', 'b2'):
            network.params[key] -= learning_rate * grad[key]

        # 학습 경과 기록
        loss = network.loss(x_batch, t_batch)
        train_loss_list.append(loss)

        # 1에폭당 정확도 계산
        if i % iter_per_epoch == 0:
            train_acc = network.accuracy(x_train, t_train)
            test_acc = network.accuracy(x_test, t_test)
            train_acc_list.append(train_acc)
            test_acc_list.append(test_acc)
            print(i, "train acc, test acc | " + str(train_acc) + ", " + str(test_acc))
    return TrainResult(network, train_loss_list, train_acc_list, test_acc_list)
''')
version(Q, 'acc_every_iter',
        'slip: accuracy recorded every iteration', '''
def train(x_train, t_train, x_test, t_test, *, iters_num=10000, batch_size=100, learning_rate=0.1,
          hidden_size=50, seed=None, verbose=False):
    if seed is not None:
        np.random.seed(seed)
    output_size = t_train.shape[1] if t_train.ndim == 2 else 10
    network = TwoLayerNet(x_train.shape[1], hidden_size, output_size)
    result = TrainResult(network)
    train_size = x_train.shape[0]
    iter_per_epoch = max(train_size // batch_size, 1)
    for i in range(iters_num):
        batch_mask = np.random.choice(train_size, batch_size)
        x_batch, t_batch = x_train[batch_mask], t_train[batch_mask]
        grad = network.gradient(x_batch, t_batch)
        for key in ("W1", "b1", "W2", "b2"):
            network.params[key] -= learning_rate * grad[key]
        result.train_loss_list.append(network.loss(x_batch, t_batch))
        if True:
            result.train_acc_list.append(network.accuracy(x_train, t_train))
            result.test_acc_list.append(network.accuracy(x_test, t_test))
    return result
''')
version(Q, 'wrong_sign',
        'kit mutant train_wrong_sign', '''
def train(x_train, t_train, x_test, t_test, *, iters_num=10000, batch_size=100, learning_rate=0.1,
          hidden_size=50, seed=None, verbose=False):
    if seed is not None:
        np.random.seed(seed)
    output_size = t_train.shape[1] if t_train.ndim == 2 else 10
    network = TwoLayerNet(x_train.shape[1], hidden_size, output_size)
    result = TrainResult(network)
    train_size = x_train.shape[0]
    iter_per_epoch = max(train_size // batch_size, 1)
    for i in range(iters_num):
        batch_mask = np.random.choice(train_size, batch_size)
        x_batch, t_batch = x_train[batch_mask], t_train[batch_mask]
        grad = network.gradient(x_batch, t_batch)
        for key in ("W1", "b1", "W2", "b2"):
            network.params[key] += learning_rate * grad[key]
        result.train_loss_list.append(network.loss(x_batch, t_batch))
        if i % iter_per_epoch == 0:
            result.train_acc_list.append(network.accuracy(x_train, t_train))
            result.test_acc_list.append(network.accuracy(x_test, t_test))
    return result
''')
version(Q, 'loss_before_update',
        'correct: the loss recorded before the update', '''
def train(x_train, t_train, x_test, t_test, *, iters_num=10000, batch_size=100, learning_rate=0.1,
          hidden_size=50, seed=None, verbose=False):
    if seed is not None:
        np.random.seed(seed)
    output_size = t_train.shape[1] if t_train.ndim == 2 else 10
    network = TwoLayerNet(x_train.shape[1], hidden_size, output_size)
    result = TrainResult(network)
    train_size = x_train.shape[0]
    iter_per_epoch = max(train_size // batch_size, 1)
    for i in range(iters_num):
        batch_mask = np.random.choice(train_size, batch_size)
        x_batch, t_batch = x_train[batch_mask], t_train[batch_mask]
        result.train_loss_list.append(network.loss(x_batch, t_batch))
        grad = network.gradient(x_batch, t_batch)
        for key in ("W1", "b1", "W2", "b2"):
            network.params[key] -= learning_rate * grad[key]
        if i % iter_per_epoch == 0:
            result.train_acc_list.append(network.accuracy(x_train, t_train))
            result.test_acc_list.append(network.accuracy(x_test, t_test))
    return result
''')

# ==========================================================================================
# plots.plot_tangent
# ==========================================================================================
Q = 'plots.plot_tangent'
version(Q, 'slides_hardcoded',
        ("slides 000, slide '실습 과제' (ch03/gradient_1d.ipynb) listing lines 21-31 (= book "
        'ch04/gradient_1d.py:21-31 ja)'), '''
from .gradient import function_1


def plot_tangent(ax, f, x):
    x = np.arange(0.0, 20.0, 0.1)
    y = function_1(x)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")

    tf = tangent_line(function_1, 5)
    y2 = tf(x)

    ax.plot(x, y)
    ax.plot(x, y2)
    return ax
''')
version(Q, 'walkthrough_f_only',
        ("walk-through 002, lines 138-143 (the book's §4.3.2 figure of f alone; ko ch04/gradient_1d.py "
        "draws it too, '접선 없이 그리기')"), '''
from .gradient import function_1


def plot_tangent(ax, f, x):
    x = np.arange(0.0,20.0,0.1)
    y = function_1(x)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.plot(x,y)
    return ax
''')
version(Q, 'slides',
        ('slides 000 gradient_1d listing lines 21-31, adapted by hand: the grid renamed t, function_1 -> '
        'f, 5 -> x'), '''
def plot_tangent(ax, f, x):
    t = np.arange(0.0, 20.0, 0.1)
    y = f(t)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")

    tf = tangent_line(f, x)
    y2 = tf(t)

    ax.plot(t, y)
    ax.plot(t, y2)
    return ax
''')

# ==========================================================================================
# plots.plot_gradient_field
# ==========================================================================================
Q = 'plots.plot_gradient_field'
version(Q, 'slides',
        "slides 000, slide '일변수 미분 vs 다변수 미분(편미분)' (ch03/gradient_2d.ipynb) listing lines 55-77", '''
def plot_gradient_field(ax):
    x0 = np.arange(-2, 2.5, 0.25)
    x1 = np.arange(-2, 2.5, 0.25)
    X, Y = np.meshgrid(x0, x1)

    X = X.flatten()
    Y = Y.flatten()

    print(X)
    print(Y)

    grad = numerical_gradient(function_2, np.array([X, Y]))
    print(grad)

    ax.quiver(X, Y, -grad[0], -grad[1], angles="xy", color="#666666")#, headwidth=10, scale=40, color="#444444")
    ax.set_xlim([-2, 2])
    ax.set_ylim([-2, 2])
    ax.set_xlabel('x0')
    ax.set_ylabel('x1')
    ax.grid()
    ax.legend()
    return ax
''')
version(Q, 'uphill',
        'kit mutant plot_uphill', '''
def plot_gradient_field(ax):
    x0 = np.arange(-2, 2.5, 0.25)
    x1 = np.arange(-2, 2.5, 0.25)
    X, Y = np.meshgrid(x0, x1)
    points = np.stack([X.flatten(), Y.flatten()], axis=1)
    grad = numerical_gradient(lambda p: np.sum(function_2(p)), points)
    ax.quiver(points[:, 0], points[:, 1], grad[:, 0], grad[:, 1], angles="xy", color="#666666")
    ax.set_xlim([-2, 2])
    ax.set_ylim([-2, 2])
    ax.set_xlabel("x0")
    ax.set_ylabel("x1")
    ax.grid()
    return ax
''')
version(Q, 'slides_uphill',
        "slip on the slides' field: +grad", '''
def plot_gradient_field(ax):
    x0 = np.arange(-2, 2.5, 0.25)
    x1 = np.arange(-2, 2.5, 0.25)
    X, Y = np.meshgrid(x0, x1)

    X = X.flatten()
    Y = Y.flatten()

    print(X)
    print(Y)

    grad = numerical_gradient(function_2, np.array([X, Y]))
    print(grad)

    ax.quiver(X, Y, grad[0], grad[1], angles="xy", color="#666666")#, headwidth=10, scale=40, color="#444444")
    ax.set_xlim([-2, 2])
    ax.set_ylim([-2, 2])
    ax.set_xlabel('x0')
    ax.set_ylabel('x1')
    ax.grid()
    ax.legend()
    return ax
''')
version(Q, 'per_point',
        'correct: one numerical_gradient call per point', '''
def plot_gradient_field(ax):
    x0 = np.arange(-2, 2.5, 0.25)
    X, Y = np.meshgrid(x0, x0)
    X, Y = X.flatten(), Y.flatten()
    grad = np.array([numerical_gradient(function_2, np.array([a, b])) for a, b in zip(X, Y)])
    ax.quiver(X, Y, -grad[:, 0], -grad[:, 1], angles="xy", color="#666666")
    ax.set_xlim([-2, 2])
    ax.set_ylim([-2, 2])
    ax.set_xlabel("x0")
    ax.set_ylabel("x1")
    ax.grid()
    return ax
''')

# ==========================================================================================
# plots.plot_descent_path
# ==========================================================================================
Q = 'plots.plot_descent_path'
version(Q, 'slides_recomputed',
        ("slides 000, slide '경사하강법(Gradient Descent)(2)' listing lines 57-72 (= book "
        'ch04/gradient_method.py:23-37)'), '''
from .gradient import gradient_descent


def plot_descent_path(ax, x_history):
    init_x = np.array([-3.0, 4.0])

    lr = 0.1
    step_num = 20
    x, x_history = gradient_descent(function_2, init_x, lr=lr, step_num=step_num)

    ax.plot( [-5, 5], [0,0], '--b')
    ax.plot( [0,0], [-5, 5], '--b')
    ax.plot(x_history[:,0], x_history[:,1], 'o')

    ax.set_xlim(-3.5, 3.5)
    ax.set_ylim(-4.5, 4.5)
    ax.set_xlabel("X0")
    ax.set_ylabel("X1")
    return ax
''')
version(Q, 'slides',
        'slides 000 gradient_method listing lines 64-71, plotting the given x_history', '''
def plot_descent_path(ax, x_history):
    ax.plot( [-5, 5], [0,0], '--b')
    ax.plot( [0,0], [-5, 5], '--b')
    ax.plot(x_history[:,0], x_history[:,1], 'o')

    ax.set_xlim(-3.5, 3.5)
    ax.set_ylim(-4.5, 4.5)
    ax.set_xlabel("X0")
    ax.set_ylabel("X1")
    return ax
''')
version(Q, 'rows',
        'slip: x_history[0], x_history[1] (rows) instead of columns', '''
def plot_descent_path(ax, x_history):
    ax.plot([-5, 5], [0, 0], "--b")
    ax.plot([0, 0], [-5, 5], "--b")
    ax.plot(x_history[0], x_history[1], "o")
    ax.set_xlim(-3.5, 3.5)
    ax.set_ylim(-4.5, 4.5)
    return ax
''')

# ==========================================================================================
# plots.plot_training
# ==========================================================================================
Q = 'plots.plot_training'
version(Q, 'slides',
        ("slides 000, slide 'train_neuralnet.ipynb 소스 코드(3)' listing lines 56-65 (= book "
        'ch04/train_neuralnet.py:48-57 ja, walk-through 002 lines 459-467)'), '''
def plot_training(ax, result):
    train_acc_list, test_acc_list = result.train_acc_list, result.test_acc_list
    # 그래프 그리기
    markers = {'train': 'o', 'test': 's'}
    x = np.arange(len(train_acc_list))
    ax.plot(x, train_acc_list, label='train acc')
    ax.plot(x, test_acc_list, label='test acc', linestyle='--')
    ax.set_xlabel("epochs")
    ax.set_ylabel("accuracy")
    ax.set_ylim(0, 1.0)
    ax.legend(loc='lower right')
    return ax
''')
version(Q, 'no_legend',
        "slip on the slides' plot: no legend", '''
def plot_training(ax, result):
    train_acc_list, test_acc_list = result.train_acc_list, result.test_acc_list
    # 그래프 그리기
    markers = {'train': 'o', 'test': 's'}
    x = np.arange(len(train_acc_list))
    ax.plot(x, train_acc_list, label='train acc')
    ax.plot(x, test_acc_list, label='test acc', linestyle='--')
    ax.set_xlabel("epochs")
    ax.set_ylabel("accuracy")
    ax.set_ylim(0, 1.0)
    return ax
''')


# ==========================================================================================
# The book (oreilly-japan/deep-learning-from-scratch, ja; WegraLee/deep-learning-from-scratch, ko).
# Where the slides or the walk-through show the book's code, the book's version is theirs.
# Where the book's text differs from both, the version below is the kit's own retyping with
# the same behaviour (the book's text itself is not part of the kit).
# ==========================================================================================


def same_as(qualname: str, vid: str, other: str, provenance: str) -> None:
    version(qualname, vid, provenance, VERSIONS[qualname][other])


SAME = "the book's {file} ({edition}) has the same code as this version"
for ed in ("ja", "ko"):
    same_as("functions.sum_squares_error", f"book_{ed}", "walkthrough",
            SAME.format(file="common/functions.py sum_squared_error/mean_squared_error", edition=ed))
    same_as("simple_net.SimpleNet.predict", f"book_{ed}", "slides", SAME.format(file="ch04/gradient_simplenet.py",
                                                                                   edition=ed))
    same_as("simple_net.SimpleNet.loss", f"book_{ed}", "slides", SAME.format(file="ch04/gradient_simplenet.py",
                                                                             edition=ed))
    for method in ("__init__", "predict", "loss", "accuracy", "numerical_gradient"):
        same_as(f"two_layer_net.TwoLayerNet.{method}", f"book_{ed}", "slides",
                SAME.format(file="ch04/two_layer_net.py", edition=ed))
same_as("gradient.numerical_diff", "book_ja", "slides", SAME.format(file="ch04/gradient_1d.py", edition="ja, ko"))
same_as("gradient.tangent_line", "book_ja", "slides", SAME.format(file="ch04/gradient_1d.py", edition="ja, ko"))
same_as("gradient.gradient_descent", "book_ja", "slides", SAME.format(file="ch04/gradient_method.py",
                                                                      edition="ja, ko"))
same_as("gradient.numerical_gradient", "book_gradient_2d_ja", "slides_gradient_2d",
        SAME.format(file="ch04/gradient_2d.py", edition="ja; comments aside"))
same_as("two_layer_net.TwoLayerNet.gradient", "book_ko", "slides", SAME.format(file="ch04/two_layer_net.py",
                                                                               edition="ko"))
same_as("plots.plot_gradient_field", "book_ko", "slides", SAME.format(file="ch04/gradient_2d.py", edition="ko"))
same_as("train.train", "book_ja", "slides", SAME.format(file="ch04/train_neuralnet.py", edition="ja"))
same_as("train.train", "book_ko_2", "slides", SAME.format(file="ch04/train_neuralnet_2.py", edition="ko"))

version("functions.cross_entropy_error", "book_ja",
        "behaves as the book's common/functions.py cross_entropy_error (ja and ko): the kit's own retyping", '''
def cross_entropy_error(y, t):
    if y.ndim == 1:  # one example: make it a batch of one
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:  # one-hot: the index of the right class
        t = t.argmax(axis=1)
    n = y.shape[0]
    picked = y[np.arange(n), t]
    return -np.sum(np.log(picked + 1e-7)) / n
''')
same_as("functions.cross_entropy_error", "book_ko", "book_ja",
        "behaves as the book's common/functions.py cross_entropy_error (ko = ja): the kit's own retyping")
version("gradient.numerical_gradient", "book_ja",
        "behaves as the book's common/gradient.py numerical_gradient (ja): nditer, in place, restored, no dtype "
        "check; the kit's own retyping", '''
def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])
    while not it.finished:
        i = it.multi_index
        keep = x[i]
        x[i] = keep + h
        up = f(x)
        x[i] = keep - h
        down = f(x)
        grad[i] = (up - down) / (2*h)
        x[i] = keep  # put it back
        it.iternext()
    return grad
''')
version("gradient.numerical_gradient", "book_ko",
        "behaves as the book's common/gradient.py numerical_gradient (ko: float(tmp_val) + h): the kit's own "
        "retyping", '''
def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])
    while not it.finished:
        i = it.multi_index
        keep = x[i]
        x[i] = float(keep) + h
        up = f(x)
        x[i] = keep - h
        down = f(x)
        grad[i] = (up - down) / (2*h)
        x[i] = keep  # put it back
        it.iternext()
    return grad
''')
version("gradient.numerical_gradient", "book_ko_with_check",
        "correct: book_ko with the kit's TypeError added", '''
def numerical_gradient(f, x):
    if not np.issubdtype(x.dtype, np.floating):
        raise TypeError('integer x: x + h rounds back to an integer')
    h = 1e-4
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])
    while not it.finished:
        i = it.multi_index
        keep = x[i]
        x[i] = float(keep) + h
        up = f(x)
        x[i] = keep - h
        down = f(x)
        grad[i] = (up - down) / (2*h)
        x[i] = keep
        it.iternext()
    return grad
''')
version("two_layer_net.TwoLayerNet.gradient", "book_ja",
        "behaves as the book's ch04/two_layer_net.py gradient (ja: the hidden layer's dz1/da1 named the other way "
        "round, one-hot t only): the kit's own retyping", '''
    def gradient(self, x, t):
        W1, W2 = self.params['W1'], self.params['W2']
        b1, b2 = self.params['b1'], self.params['b2']
        grads = {}
        batch_num = x.shape[0]

        # forward
        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        y = softmax(a2)

        # backward
        dy = (y - t) / batch_num
        grads['W2'] = np.dot(z1.T, dy)
        grads['b2'] = np.sum(dy, axis=0)
        dz1 = np.dot(dy, W2.T)
        da1 = sigmoid_grad(a1) * dz1
        grads['W1'] = np.dot(x.T, da1)
        grads['b1'] = np.sum(da1, axis=0)
        return grads
''')
version("plots.plot_gradient_field", "book_ja",
        "behaves as the book's ch04/gradient_2d.py figure (ja: np.array([X, Y]).T, rows are points), put on the "
        "given Axes: the kit's own retyping", '''
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
''')
version("plots.plot_training", "book_ko_loss_curve",
        "behaves as the book's ko ch04/train_neuralnet.py loss plot (§4.5.2), put on the given Axes: the kit's own "
        "retyping", '''
def plot_training(ax, result):
    losses = result.train_loss_list
    ax.plot(np.arange(len(losses)), losses)
    ax.set_xlabel("iteration")
    ax.set_ylabel("loss")
    ax.set_ylim(0, 9)
    ax.set_xlim(0, 10000)
    return ax
''')


# ==========================================================================================
# More slips on the lecture's versions (added with the catalogue's combinations)
# ==========================================================================================
V = VERSIONS
version("gradient.gradient_descent", "walkthrough_copy", "slip on the walk-through's listing: starts from a copy, "
        "still returns x alone", V["gradient.gradient_descent"]["walkthrough"].replace("    x = init_x\n",
                                                                                        "    x = init_x.copy()\n"))
version("gradient.numerical_gradient", "slides_gradient_2d_no_restore",
        "slip on the slides' gradient_2d: the restore line left out",
        V["gradient.numerical_gradient"]["slides_gradient_2d"].replace("        x[idx] = tmp_val # 값 복원\n", ""))
version("two_layer_net.TwoLayerNet.gradient", "book_ja_no_batch_mean",
        "slip on the ja book's gradient (book_ja): dy not divided by the batch",
        V["two_layer_net.TwoLayerNet.gradient"]["book_ja"].replace("dy = (y - t) / batch_num", "dy = (y - t)"))
version("functions.cross_entropy_error", "book_batch_one_hot_no_mean",
        "slip on the walk-through's one-hot batch listing: no division by the batch",
        V["functions.cross_entropy_error"]["book_batch_one_hot"].replace(" / batch_size", ""))
version("functions.sum_squares_error", "walkthrough_typo", "the walk-through's SSE typed with the slides' typo",
        "def sum_squares_error(y,t):\n    return 0.5 * np.sum(y-t)**2\n")
version("two_layer_net.TwoLayerNet.predict", "no_bias_no_softmax", "two slips: no biases, no softmax", '''
    def predict(self, x):
        W1, W2 = self.params['W1'], self.params['W2']
        a1 = np.dot(x, W1)
        z1 = sigmoid(a1)
        return np.dot(z1, W2)
''')
version("plots.plot_tangent", "slides_no_labels", "slip on the slides' figure: the axis names left out", '''
def plot_tangent(ax, f, x):
    t = np.arange(0.0, 20.0, 0.1)
    ax.plot(t, f(t))
    ax.plot(t, tangent_line(f, x)(t))
    return ax
''')
version("plots.plot_descent_path", "slides_no_labels", "slip on the slides' figure: the axis names left out", '''
def plot_descent_path(ax, x_history):
    ax.plot( [-5, 5], [0,0], '--b')
    ax.plot( [0,0], [-5, 5], '--b')
    ax.plot(x_history[:,0], x_history[:,1], 'o')
    ax.set_xlim(-3.5, 3.5)
    ax.set_ylim(-4.5, 4.5)
    return ax
''')
version("plots.plot_training", "no_legend_no_labels", "two slips on the slides' figure: no legend, no axis names", '''
def plot_training(ax, result):
    x = np.arange(len(result.train_acc_list))
    ax.plot(x, result.train_acc_list)
    ax.plot(x, result.test_acc_list, linestyle='--')
    ax.set_ylim(0, 1.0)
    return ax
''')
version("plots.plot_gradient_field", "uphill_kit_way", "slip: the kit's field drawn with +grad", '''
def plot_gradient_field(ax):
    x0 = np.arange(-2, 2.5, 0.25)
    X, Y = np.meshgrid(x0, x0)
    points = np.stack([X.flatten(), Y.flatten()], axis=1)
    grad = numerical_gradient(lambda p: np.sum(function_2(p)), points)
    ax.quiver(points[:, 0], points[:, 1], grad[:, 0], grad[:, 1], angles="xy")
    ax.set_xlim([-2, 2])
    ax.set_ylim([-2, 2])
    ax.set_xlabel("x0")
    ax.set_ylabel("x1")
    return ax
''')
version("gradient.numerical_diff", "walkthrough_forward", "slip on the walk-through's listing: forward difference",
        "def numerical_diff(f,x):\n    h = 0.0001\n    return (f(x+h)-f(x)) / h\n")
version("gradient.numerical_diff", "walkthrough_no_two", "slip on the walk-through's listing: divided by h",
        "def numerical_diff(f,x):\n    h = 0.0001\n    return (f(x+h)-f(x-h)) / h\n")
version("two_layer_net.TwoLayerNet.accuracy", "labels_by_ndim", "correct: the book's accuracy with the label check",
        '''
    def accuracy(self, x, t):
        y = self.predict(x)
        y = np.argmax(y, axis=1)
        if t.ndim != 1 : t = np.argmax(t, axis=1)
        accuracy = np.sum(y == t) / float(x.shape[0])
        return accuracy
''')
version("two_layer_net.TwoLayerNet.gradient", "book_labels_fixed", "correct: the book's gradient with labels turned "
        "one-hot first", V["two_layer_net.TwoLayerNet.gradient"]["slides"].replace(
            "        batch_num = x.shape[0]\n",
            "        batch_num = x.shape[0]\n        if t.ndim == 1:\n            t = np.eye(W2.shape[1])[t]\n"))
version("plots.plot_gradient_field", "slides_kit_way", "correct: the slides' field with the kit's sum over points", '''
def plot_gradient_field(ax):
    x0 = np.arange(-2, 2.5, 0.25)
    x1 = np.arange(-2, 2.5, 0.25)
    X, Y = np.meshgrid(x0, x1)
    X = X.flatten()
    Y = Y.flatten()
    points = np.array([X, Y]).T
    grad = numerical_gradient(lambda p: np.sum(function_2(p)), points).T
    ax.quiver(X, Y, -grad[0], -grad[1], angles="xy", color="#666666")
    ax.set_xlim([-2, 2])
    ax.set_ylim([-2, 2])
    ax.set_xlabel('x0')
    ax.set_ylabel('x1')
    ax.grid()
    return ax
''')
