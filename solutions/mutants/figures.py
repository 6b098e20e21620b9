"""Known mistakes of grader/tasks/figures.py as edits of solutions/ (instructor only)."""

# mistake id -> [(file, text in the reference, text in the mutant)]; each text occurs once in its file
MUTANTS: dict[str, list[tuple[str, str, str]]] = {
    "plot_uphill": [
        ("plots.py", "-grad[:, 0], -grad[:, 1]", "grad[:, 0], grad[:, 1]"),
    ],
}
