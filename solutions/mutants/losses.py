"""Known mistakes of grader/tasks/losses.py as edits of solutions/ (instructor only)."""

# mistake id -> [(file, text in the reference, text in the mutant)]; each text occurs once in its file
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
}
