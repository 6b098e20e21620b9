"""What a failing task's feedback says: statuses across the cases, causes case by case, the
upstream pointer and the points it keeps, the kinds of input that fail, side effects and
figure labels at their own share, and the class report's root causes (tests/test_corpus.py
checks the same on the whole corpus)."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import pytest
from corpus import grade
from corpus.compose import compose

from grader.batch.reports import root_causes
from grader.judge import Explained
from grader.kit import KIT
from grader.model import REFERENCE, Definition
from grader.mutation import edit_files, mutants, solution_texts, source_key
from grader.reference import Reference, mutant_submission
from grader.report import describe_task, kinds_text, status_text
from grader.results import submission_json
from grader.run import Submission
from grader.tasks import BY_ID, task_cases

SSE_MEAN = "def sum_squares_error(y, t):\n    return 0.5 * np.mean((y - t) ** 2)\n"
BP_TEN_CLASSES = '''    def gradient(self, x, t):
        W1, W2 = self.params['W1'], self.params['W2']
        b1, b2 = self.params['b1'], self.params['b2']
        if t.ndim == 1:
            t = np.eye(10)[t]
        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        y = softmax(np.dot(z1, W2) + b2)
        dy = (y - t) / x.shape[0]
        da1 = np.dot(dy, W2.T)
        dz1 = sigmoid_grad(a1) * da1
        return {'W1': np.dot(x.T, dz1), 'b1': dz1.sum(axis=0), 'W2': np.dot(z1.T, dy), 'b2': dy.sum(axis=0)}
'''


@pytest.fixture(scope="module")
def submit(tmp_path_factory):
    root = tmp_path_factory.mktemp("feedback")

    def make(name: str, code: dict[str, str]) -> Submission:
        return Submission(compose(root / name, code))

    return make


def test_the_status_says_what_happened_across_the_cases(submit) -> None:
    # 'mean square error' read as np.mean, for one example: four values wrong, label t raises
    r = grade(submit("sse_mean", {"functions.sum_squares_error": SSE_MEAN}))["sum_squares_error"]
    assert r.status == "failed"
    assert status_text(r, "en") == "wrong on 4 of 5 cases, an exception on 1"
    assert status_text(r, "ko") == "5개 사례 중 4개 틀림, 1개 예외"
    assert r.mistakes == ["sse_np_mean", "sse_one_hot_only"] and r.explained is Explained.FULL
    report = describe_task(r, "en")
    # which of the two mistakes reproduces which case
    assert ("which mistake, case by case: 'book_y1', 'book_y2', 'batch_one_hot', 'float32_batch': sse_np_mean; "
            "'batch_labels': sse_one_hot_only") in report, report


def test_a_side_effect_costs_its_share_not_the_task() -> None:
    results = grade(mutant_submission("gd_modifies_init_x"))
    r = results["gradient_descent"]
    assert r.score == 4 and r.mistakes == ["gd_modifies_init_x"]  # a third of each case: 2 of 6 points
    assert status_text(r, "en") == "only init_x_after wrong on 4 of 4 cases"
    restore = grade(mutant_submission("grad_no_restore"))["numerical_gradient"]
    credits = {c.case.id: c.credit for c in restore.cases}
    # function_2 is separable: the gradient is right and only x is left moved, a quarter of the case
    assert credits["function_2_at_3_4"] == 0.75 and credits["coupled_2d"] == 0


def test_a_figure_is_judged_on_what_it_shows_not_its_style(submit) -> None:
    own_words = '''def plot_training(ax, result):
    epochs = np.arange(len(result.train_acc_list))
    ax.plot(epochs, result.train_acc_list, "x:", label="훈련")
    ax.plot(epochs, result.test_acc_list, label="시험")
    ax.set_xlabel("에폭")
    ax.set_ylabel("정확도")
    ax.set_ylim(0, 1.0)
    ax.legend()
    return ax
'''
    assert grade(submit("own_words", {"plots.plot_training": own_words}))["plot_training"].passed
    unnamed = own_words.replace('    ax.set_xlabel("에폭")\n    ax.set_ylabel("정확도")\n', "")
    r = grade(submit("unnamed", {"plots.plot_training": unnamed}))["plot_training"]
    assert r.score == 2 and r.mistakes == ["plot_training_unnamed_axes"], describe_task(r, "en")
    assert "no name on the x, y axis" in describe_task(r, "en")


def test_a_failure_no_mistake_explains_says_which_kinds_of_input_fail(submit) -> None:
    r = grade(submit("bp_ten", {"two_layer_net.TwoLayerNet.gradient": BP_TEN_CLASSES}))["two_layer_net_gradient"]
    assert not r.passed and r.mistakes == [] and r.explained is Explained.NONE
    kinds = kinds_text(r, "en")
    assert "fails on every label-index t case (1 of 1)" in kinds and "passes every one-hot t case (2 of 2)" in kinds
    assert "레이블 인덱스 t 사례는 모두 실패" in kinds_text(r, "ko")
    assert f"which kinds of input fail: {kinds}" in describe_task(r, "en")


def test_a_task_failing_because_of_an_upstream_one_points_at_it_and_keeps_its_points() -> None:
    results = grade(mutant_submission("diff_forward"))
    for task_id in ("tangent_line", "plot_tangent"):
        r = results[task_id]
        assert r.status == "upstream" and r.upstream == ("numerical_diff",) and r.upstream_mistakes == ("diff_forward",)
        assert r.score == r.task.points and all(c.kept for c in r.cases if not c.passed)
        assert "This task uses your numerical_diff, which fails (diff_forward): fix that first." in describe_task(
            r, "en")
    cascade = grade(mutant_submission("diff_forward"), cascade=True)
    assert cascade["tangent_line"].score == 0 and cascade["tangent_line"].status == "upstream"
    assert "the cascade setting scores them as failed" in describe_task(cascade["tangent_line"], "en")


def test_an_own_mistake_on_top_of_an_upstream_one_is_named_and_charged_alone() -> None:
    results = grade(mutant_submission("diff_forward+tangent_intercept"))
    r = results["tangent_line"]
    assert r.mistakes == ["tangent_intercept"] and r.upstream == ("numerical_diff",)
    assert all(c.cause == ("tangent_intercept",) and c.upstream == ("diff_forward",) for c in r.cases)
    plot = results["plot_tangent"]  # both roots change the figure: each is pointed at
    assert plot.upstream == ("numerical_diff", "tangent_line") and plot.score == plot.task.points


def test_a_file_that_does_not_import_says_where_for_every_task_reading_it(submit) -> None:
    sub = submit("syntax", {"gradient.numerical_diff": "def numerical_diff(f,x):\n    h = 1e - 4\n"
                                                       "    return (f(x+h)-f(x-h)) / (2*h)\n"})
    results = grade(sub)
    assert results["sum_squares_error"].passed
    for task_id in ("numerical_diff", "gradient_descent", "two_layer_net_predict", "plot_training"):
        r = results[task_id]
        assert r.status == "import" and r.score == 0, task_id
        report = describe_task(r, "en")
        assert "gradient.py does not import: SyntaxError: invalid decimal literal" in report
        assert re.search(r"in your code: gradient\.py:\d+: h = 1e - 4", report), report


def test_the_class_report_counts_each_root_cause_once_with_the_points_it_cost() -> None:
    for cascade, downstream_cost in ((False, 0), (True, 1)):
        results = grade(mutant_submission("ce_no_batch_mean"), cascade=cascade)
        result = submission_json("s1", list(results.values()))
        students, points = root_causes([result, submission_json("s2", list(results.values()))])
        assert students == {"ce_no_batch_mean": 2}
        own = 8 - results["cross_entropy_error"].score
        downstream = sum(r.task.points - r.score for tid, r in results.items() if tid != "cross_entropy_error")
        assert (downstream > 0) == bool(downstream_cost)
        assert points["ce_no_batch_mean"] == pytest.approx(2 * (own + downstream), abs=0.05)  # scores: 2 decimals


def test_two_mistakes_combine_when_their_edits_apply_together() -> None:
    texts = solution_texts()
    book_no_half = edit_files(["sse_book_single_example", "sse_no_half"], texts)["functions.py"]
    assert "return np.sum((y - t) ** 2)\n" in book_no_half  # the book's version, the slip on top
    assert edit_files(["sse_book_single_example", "sse_slides_code"], texts) is None  # one function twice
    assert edit_files(["sse_no_batch_mean", "sse_book_single_example"], texts) is None  # nothing left to edit
    # an edit that another one changed applies in the other order
    assert edit_files(["ce_no_delta", "ce_one_hot_only"], texts) is not None
    assert isinstance(mutants()["grad_rows_as_points"][0], Definition)


def test_a_students_copy_without_live_sources_still_judges_from_the_frozen_ones() -> None:
    task = BY_ID["gradient_descent"]
    cases = task_cases(task, None)
    reference = Reference(task, cases)
    reference.runs = False  # as in a student's release: answers.npz alone
    assert reference.get(source_key(["gd_modifies_init_x"])) is not None
    assert reference.get(source_key(["gd_modifies_init_x", "grad_no_restore", "gd_wrong_sign"])) is None
    assert reference.get(REFERENCE) is not None


def test_the_cascade_setting_is_one_option_for_every_front_end() -> None:
    from grader.commands import grade as grade_command
    from grader.commands import nbgrader as nbgrader_command

    for command, argv in ((grade_command, ["subs", "--out", "out"]), (nbgrader_command, ["course"])):
        parser = argparse.ArgumentParser()
        command.add_arguments(parser)
        assert parser.parse_args([*argv, "--cascade"]).cascade is True and parser.parse_args(argv).cascade is False
    run = subprocess.run([sys.executable, "-m", "pytest", str(KIT / "grader"), "--help"], capture_output=True,
                         text=True, cwd=KIT, timeout=300)
    assert "--cascade" in run.stdout


def test_pytest_grader_marks_a_kept_task_as_an_expected_failure(tmp_path: Path) -> None:
    folder = mutant_submission("ce_no_batch_mean").folder
    common = [sys.executable, "-m", "pytest", str(KIT / "grader"), "--target", str(folder), "-q", "-p",
              "no:cacheprovider", "-k", "cross_entropy or two_layer_net_loss"]
    kept = subprocess.run(common, capture_output=True, text=True, cwd=KIT, timeout=300)
    assert re.search(r"1 failed, \d+ deselected, 1 xfailed", kept.stdout), kept.stdout
    assert re.search(r"two_layer_net_loss\s+3 / 3\s+wrong only because of cross_entropy_error on 3 of 3 cases",
                     kept.stdout), kept.stdout
    cascade = subprocess.run([*common, "--cascade"], capture_output=True, text=True, cwd=KIT, timeout=300)
    assert re.search(r"2 failed, \d+ deselected in", cascade.stdout), cascade.stdout
    assert re.search(r"two_layer_net_loss\s+0 / 3", cascade.stdout), cascade.stdout
    # with -k selecting the downstream task alone, its upstream task is judged all the same
    alone = subprocess.run([*common[:-1], "two_layer_net_loss"], capture_output=True, text=True, cwd=KIT,
                           timeout=300)
    assert "1 xfailed" in alone.stdout and "cross_entropy_error  " not in alone.stdout, alone.stdout


def test_an_nbgrader_course_written_with_the_cascade_setting_keeps_it(tmp_path: Path) -> None:
    from grader.nbgrader.authoring import ASSIGNMENT, write_notebooks
    from grader.nbgrader.scores import assignment_cascade

    for cascade in (False, True):
        course = tmp_path / f"course_{cascade}"
        notebooks = write_notebooks(course / "source" / ASSIGNMENT, 5, None, cascade=cascade)
        text = "".join(path.read_text(encoding="utf-8") for path in notebooks)
        assert ("cascade=True" in text) == cascade
        assert assignment_cascade(course, ASSIGNMENT) == cascade
