"""The example class in examples/submissions/ grades as its README says.

Graded in this process with grader.session.grade_task (the batch grader runs the same
catalogue in sandboxes). Training uses tiny settings: 41 iterations at learning rate 1.0
on 2000 images (two epochs of 20 iterations), so the last accuracy record is taken after the
last update; a correct network gets to about 0.5 test accuracy by then.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from grader.attribution import upstream_of
from grader.authoring.examples import definitions, students
from grader.judge import TaskResult
from grader.run import Submission
from grader.session import grade_task
from grader.tasks import FILES, with_training

KIT = Path(__file__).resolve().parents[1]
EXAMPLES = KIT / "examples" / "submissions"
TASKS = with_training(dict(iters_num=41, train_size=2000, learning_rate=1.0, min_accuracy=0.3))
HIDDEN_SEED = 20240901  # the correct student is graded on hidden cases too
# the tasks that call the hanging student's numerical_gradient: graded with a short limit
HANGING = "s2024006"
CALLS_NUMERICAL_GRADIENT = ("numerical_gradient", "gradient_descent", "simple_net_gradient",
                            "two_layer_net_numerical_gradient", "plot_gradient_field")
SHORT_TIMEOUT = 0.1
ANY = None  # a recognised-mistakes entry not pinned down

# student -> {task id: (status, recognised mistakes)}; every task not listed passes with no hint
EXPECTED: dict[str, dict[str, tuple[str, list[str] | None]]] = {
    "s2024001": {},
    "s2024002": {
        "sum_squares_error": ("failed", ["sse_slide_typo"]),
        "cross_entropy_error": ("partial", ["ce_no_delta"]),  # only the zero-probability case differs
    },
    "s2024003": {
        "numerical_diff": ("failed", ["diff_forward"]),
        "tangent_line": ("upstream", []),  # built on the forward difference: points kept
        "plot_tangent": ("upstream", []),  # draws that tangent
        "gradient_descent": ("failed", ["gd_history_after_step"]),
    },
    "s2024004": {
        "numerical_gradient": ("partial", ["grad_no_restore"]),  # separable 1-D cases still pass
        "gradient_descent": ("upstream", []),  # x drifts by -h at every step, as correct code's would
        "simple_net_gradient": ("upstream", []),
        "two_layer_net_numerical_gradient": ("upstream", []),
        "two_layer_net_gradient": ("failed", ["bp_no_batch_mean"]),
        "train": ("failed", ANY),  # N-times-too-large steps: the loss blows up
        "plot_gradient_field": ("upstream", []),  # the arrows come from that numerical_gradient
    },
    "s2024005": {
        "two_layer_net_gradient": ("failed", ["bp_sigmoid_grad_of_z1"]),
        "plot_gradient_field": ("failed", ["plot_uphill"]),
    },
    HANGING: {task: ("timeout", []) for task in CALLS_NUMERICAL_GRADIENT},
    "s2024008": {},  # s2024001's work, disguised: the same grades (its similarity: below)
    "s2024009": {
        "sum_squares_error": ("failed", ["sse_slides_code"]),
        "numerical_gradient": ("partial", ["grad_rows_as_points"]),
        "gradient_descent": ("failed", ["gd_modifies_init_x"]),  # a third of each case: 4 of 6 points
        "two_layer_net_accuracy": ("partial", ["accuracy_one_hot_only"]),
        "two_layer_net_gradient": ("partial", ["bp_one_hot_only"]),
    },
    "s2024007": {task: ("not_implemented", []) for task in (
        "numerical_gradient", "gradient_descent", "simple_net_predict", "simple_net_loss", "simple_net_gradient",
        "two_layer_net_loss", "two_layer_net_accuracy", "two_layer_net_numerical_gradient",
        "two_layer_net_gradient", "train", "plot_gradient_field", "plot_training")},
}


def grade(student: str) -> dict[str, TaskResult]:
    """Every task, each after those it builds on, as every front end grades them."""
    sub = Submission(EXAMPLES / student)
    results: dict[str, TaskResult] = {}
    for task in TASKS:
        kw = {}
        if student == HANGING and task.id in CALLS_NUMERICAL_GRADIENT:
            kw["timeout"] = SHORT_TIMEOUT
        seed = HIDDEN_SEED if student == "s2024001" and not task.training else None
        results[task.id] = grade_task(task, sub, seed, upstream_of(task, results), **kw)
    return results


@pytest.fixture(scope="module")
def graded() -> dict[str, dict[str, TaskResult]]:
    return {student: grade(student) for student in EXPECTED}


def test_the_examples_are_the_students_in_the_readme() -> None:
    folders = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))
    assert folders == sorted(EXPECTED)
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    assert re.findall(r"^\| `(s\d+)` \|", readme, flags=re.M) == sorted(EXPECTED)


@pytest.mark.parametrize("student", sorted(EXPECTED))
def test_each_submission_keeps_the_exercise_files_and_docstrings(student: str) -> None:
    # a lecture version pasted in whole replaces its stub, docstring and all
    pasted = {(d.file, d.name.split(".")[-1]) for d in definitions(students()[student])}
    for name in FILES:
        text = (EXAMPLES / student / name).read_text(encoding="utf-8")
        exercise = (KIT / "exercises" / name).read_text(encoding="utf-8")
        for function, docstring_line in re.findall(r'def (\w+)\([^"]*?"""(\[실습\][^\n]*)', exercise):
            if (name, function) not in pasted:
                assert '"""' + docstring_line in text, (student, name, docstring_line)


@pytest.mark.parametrize("student", sorted(EXPECTED))
def test_each_student_grades_as_expected(graded, student: str) -> None:
    results = graded[student]
    expected = EXPECTED[student]
    for task_id, result in results.items():
        status, mistakes = expected.get(task_id, ("passed", []))
        assert result.status == status, (student, task_id, result.status, result.mistakes)
        if mistakes is not ANY:
            assert result.mistakes == mistakes, (student, task_id, result.mistakes)
        if status in ("passed", "upstream"):  # a task failing only because of an upstream one keeps its points
            assert result.score == result.task.points, (student, task_id)
        else:
            assert result.score < result.task.points, (student, task_id)


def test_the_correct_student_scores_full_marks_on_hidden_cases_too(graded) -> None:
    results = graded["s2024001"]
    assert sum(r.score for r in results.values()) == 100
    hidden = [r for r in results.values() if r.counts(hidden=True)[1]]
    assert len(hidden) >= 15  # every non-training task that has hidden cases
    assert all(r.counts(hidden=True)[0] == r.counts(hidden=True)[1] for r in hidden)
    assert all(not r.mistakes for r in results.values())


def test_the_hanging_loop_is_cut_off_not_waited_for(graded) -> None:
    result = graded[HANGING]["numerical_gradient"]
    assert any(c.outcome.error and c.outcome.error.kind == "timeout" for c in result.cases)
    assert any(c.passed for c in result.cases)  # the integer input is refused before the loop
    assert graded[HANGING]["train"].status == "passed"  # backprop does not need the loop


def test_the_planted_copy_is_the_one_pair_the_similarity_report_lists(tmp_path) -> None:
    pytest.importorskip("copydetect")
    from grader.batch.intake import read_submission
    from grader.batch.similarity import similarity_report

    report = similarity_report({s: read_submission(EXAMPLES / s).files for s in EXPECTED}, tmp_path)
    assert [(r.a, r.b, r.flag) for r in report.rows] == [("s2024001", "s2024008", "code")]
    units = {m.unit for m in report.rows[0].shown_units()}
    assert {"two_layer_net.TwoLayerNet.gradient", "train.train", "gradient.numerical_gradient"} <= units
