"""Known mistakes of grader/tasks/training.py as edits of solutions/ (instructor only)."""

# mistake id -> [(file, text in the reference, text in the mutant)]; each text occurs once in its file
MUTANTS: dict[str, list[tuple[str, str, str]]] = {
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
}
