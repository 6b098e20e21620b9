"""Known mistakes of grader/tasks/losses.py as edits of solutions/ (instructor only).

The lecture's versions are the kit's own retyping of the code the slides, the book and the
walk-through show, with the same behaviour (grader/tasks/losses.py says where each is from).
"""

from grader.model import Definition

# mistake id -> edits: (file, text in the reference, text in the mutant), each text occurring
# once in its file, or a Definition replacing a whole function (grader/mutation.py)
MUTANTS: dict[str, list] = {
    "sse_slide_typo": [
        ("functions.py", "0.5 * np.sum((y - t) ** 2)", "0.5 * np.sum(y - t) ** 2"),
    ],
    "sse_no_half": [
        ("functions.py", "0.5 * np.sum((y - t) ** 2)", "np.sum((y - t) ** 2)"),
    ],
    "sse_no_batch_mean": [
        ("functions.py", " / n\n", "\n"),
    ],
    "sse_one_hot_only": [
        ("functions.py", "    if t.size != y.size:  # label indices: turn them into one-hot rows\n"
                         "        t = np.eye(y.shape[-1])[t]\n", ""),
    ],
    "sse_divides_single": [
        ("functions.py", "n = y.shape[0] if y.ndim == 2 else 1", "n = y.shape[0]"),
    ],
    "sse_np_mean": [
        ("functions.py", "0.5 * np.sum((y - t) ** 2) / n", "0.5 * np.mean((y - t) ** 2)"),
    ],
    # the book's common/functions.py and §4.2.1, the walk-through (lines 36-37)
    "sse_book_single_example": [Definition("functions.py", "sum_squares_error", '''
def sum_squares_error(y, t):
    return 0.5 * np.sum((y - t) ** 2)
''')],
    # the slides' 평균 제곱 오차 slide, as shown
    "sse_slides_code": [Definition("functions.py", "sum_squares_error", '''
def sum_squares_error(y, t):
    return 0.5 * np.sum(y - t) ** 2
''')],
    "ce_no_delta": [
        ("functions.py", " + DELTA)", ")"),
    ],
    "ce_no_batch_mean": [
        ("functions.py", ") / batch_size", ")"),
    ],
    # the book's §4.2.4 one-hot listing (the walk-through's lines 95-101)
    "ce_one_hot_only": [
        ("functions.py", """    if t.size == y.size:  # one-hot: keep only the index of the correct class
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + DELTA)) / batch_size""",
         """    batch_size = y.shape[0]
    return -np.sum(t * np.log(y + DELTA)) / batch_size"""),
    ],
    "ce_no_reshape": [
        ("functions.py", "    if y.ndim == 1:\n        t = t.reshape(1, t.size)\n"
                         "        y = y.reshape(1, y.size)\n", ""),
    ],
    "ce_argmax_no_axis": [
        ("functions.py", "t = t.argmax(axis=1)", "t = t.argmax()"),
    ],
    # the book's §4.2.4 label-index listing
    "ce_labels_only": [
        ("functions.py", "    if t.size == y.size:  # one-hot: keep only the index of the correct class\n"
                         "        t = t.argmax(axis=1)\n", ""),
    ],
    # the book's §4.2.2 listing (the walk-through's lines 55-57)
    "ce_book_single_example": [Definition("functions.py", "cross_entropy_error", '''
def cross_entropy_error(y, t):
    return -np.sum(t * np.log(y + DELTA))
''')],
    "ce_mean_over_classes": [Definition("functions.py", "cross_entropy_error", '''
def cross_entropy_error(y, t):
    if t.size != y.size:
        t = np.eye(y.shape[-1])[t]
    return -np.mean(t * np.log(y + DELTA))
''')],
}
