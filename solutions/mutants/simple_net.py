"""Known mistakes of grader/tasks/simple_net.py as edits of solutions/ (instructor only)."""

# mistake id -> [(file, text in the reference, text in the mutant)]; each text occurs once in its file
MUTANTS: dict[str, list[tuple[str, str, str]]] = {
    "net_predict_order": [
        ("simple_net.py", "return np.dot(x, self.W)", "return np.dot(self.W, x)"),
    ],
    "net_loss_no_softmax": [
        ("simple_net.py", "y = softmax(z)", "y = z"),
    ],
}
