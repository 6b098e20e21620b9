"""Hostile and broken submissions, graded in one batch each with and without bubblewrap.

Each submission (tests/hostile) tries one thing. Whatever it is, it must be contained:
the tasks it attacks score 0 with a message that says why, every other task of that
submission is graded (and passes: they are the reference solution), the batch goes on
and no other student's result is touched. Reading the solutions, the secret or other
students, opening sockets and writing outside the scratch folder are stopped only by
bubblewrap (docs/batch.md says what --sandbox none does not protect against), so those
submissions are graded in the bubblewrap run only.
"""

from __future__ import annotations

import ast
import json
import os
import re
import socket
from pathlib import Path

import pytest
from hostile import TASKS, hostile_set, left_behind, make_submission, zip_slip

from grader.batch import grade_class
from grader.batch.sandbox import Limits
from grader.kit import FROZEN, KIT, SOLUTIONS
from grader.tasks import BY_ID

LIMITS = Limits(case_timeout=2, grace=1, startup=20, memory_mb=1024)
SECRET = "hostile-test-secret"
NAMES = {name: h for name, h in hostile_set({"secret_files": [], "secret_folders": [], "port": 0,
                                             "targets": []}).items()}


def grade_hostile(root: Path, mode: str, monkeypatch) -> dict:
    subs, out = root / "submissions", root / "out"
    subs.mkdir(parents=True)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    host = {
        "secret_files": [str(SOLUTIONS / "functions.py"), str(FROZEN), str(KIT / "tests" / "hostile" / "__init__.py")],
        "secret_folders": [str(subs), str(out), str(SOLUTIONS)],
        "port": server.getsockname()[1],
        "targets": [str(KIT / "grader" / "pwned.py"), str(root / "pwned" / "x.py"),
                    str(out / "students" / "clean" / "result.json")],
    }
    paths = [make_submission(subs, name, h.edits) for name, h in hostile_set(host).items()
             if mode == "bwrap" or not h.bwrap_only]
    paths.append(zip_slip(subs / "zip_slip.zip", root / "escaped.py"))
    monkeypatch.setenv("DLKIT_SECRET", SECRET)  # in the grader's environment, never in the child's
    stats: dict = {}
    results = grade_class(paths, out, jobs=2, sandbox=mode, only=TASKS, progress=False, limits=LIMITS, stats=stats)
    try:
        connection = server.accept()
    except BlockingIOError:
        connection = None
    server.close()
    return {"results": {r["student"]: r for r in results}, "out": out, "root": root, "stats": stats, "host": host,
            "connection": connection}


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict:
    mp = pytest.MonkeyPatch()
    try:
        return {mode: grade_hostile(tmp_path_factory.mktemp(mode), mode, mp) for mode in ("bwrap", "none")}
    finally:
        mp.undo()


def tasks_of(result: dict) -> dict[str, dict]:
    return {t["id"]: t for t in result["tasks"]}


def errors(task: dict) -> list[dict]:
    return [c["error"] for c in task["cases"] if c["error"]]


CASES = [(mode, name) for mode in ("bwrap", "none") for name, h in NAMES.items() if mode == "bwrap" or not h.bwrap_only]


@pytest.mark.parametrize("mode,name", CASES, ids=[f"{m}-{n}" for m, n in CASES])
def test_contained(runs, mode, name):
    """The attacked tasks score 0; every other task is graded and passes."""
    run = runs[mode]
    assert run["stats"]["failed"] == []
    result = run["results"][name]
    assert result["student"] == name and result["sandbox"] == mode
    assert result["hidden_seed"] is not None
    for task_id, task in tasks_of(result).items():
        if task_id in NAMES[name].affected:
            assert task["score"] == 0, (task_id, task["status"])
            assert task["status"] != "passed"
        else:
            assert task["status"] == "passed", (task_id, task["status"], task["report"]["en"])
            assert task["score"] == BY_ID[task_id].points


@pytest.mark.parametrize("mode", ["bwrap", "none"])
def test_hangs_are_killed_and_the_rest_graded(runs, mode):
    results = runs[mode]["results"]
    # a plain loop: the child's own alarm; one that blocks SIGALRM or swallows BaseException: the parent kills it
    for name, task_id in (("loop_plain", "plot_training"), ("loop_catch_all", "plot_gradient_field"),
                          ("loop_block_alarm", "plot_descent_path")):
        task = tasks_of(results[name])[task_id]
        assert task["status"] == "timeout"
        assert all(e["kind"] == "timeout" and float(e["message"]) == LIMITS.case_timeout for e in errors(task))
        assert "time limit exceeded" in task["report"]["en"] or "took longer" in task["report"]["en"]


@pytest.mark.parametrize("mode", ["bwrap", "none"])
def test_memory_bomb_is_a_crash_with_the_reason(runs, mode):
    task = tasks_of(runs[mode]["results"]["memory_bomb"])["cross_entropy_error"]
    assert task["status"] == "crash"
    assert all(e["kind"] == "crash" and "memory limit exceeded" in e["message"] for e in errors(task))


@pytest.mark.parametrize("mode", ["bwrap", "none"])
def test_exits_cost_only_their_tasks(runs, mode):
    results = runs[mode]["results"]
    for name, task_ids in (("exit_at_import", ["plot_gradient_field", "plot_descent_path", "plot_training"]),
                           ("os_exit_at_import", ["simple_net_predict", "simple_net_loss"]),
                           ("exits_in_tasks", ["numerical_diff", "tangent_line"])):
        for task_id in task_ids:
            task = tasks_of(results[name])[task_id]
            assert task["status"] == "crash"
            assert all(e["message"] == "process exited with code 0 before reporting" for e in errors(task))


@pytest.mark.parametrize("mode", ["bwrap", "none"])
def test_judging_happens_where_student_code_cannot_reach(runs, mode):
    results = runs[mode]["results"]
    # numpy.allclose & co. patched to say True, a wrong answer: still wrong
    assert tasks_of(results["patched_numpy"])["sum_squares_error"]["status"] == "failed"
    # an object whose __eq__ is always True, an ndarray subclass: refused as answers
    for task_id in ("sum_squares_error", "cross_entropy_error"):
        (error,) = {e["type"] for e in errors(tasks_of(results["rigged_eq"])[task_id])}
        assert error == "TypeError"


@pytest.mark.parametrize("mode", ["bwrap", "none"])
def test_fake_results_change_nothing(runs, mode):
    run = runs[mode]
    folder = run["out"] / "students" / "fake_results"
    assert tasks_of(run["results"]["fake_results"])["sum_squares_error"]["status"] == "failed"
    gradescope = json.loads((folder / "results.json").read_text())
    assert gradescope["score"] == run["results"]["fake_results"]["score"] < 100
    assert {"name", "score", "max_score", "output", "visibility"} <= set(gradescope["tests"][0])
    assert "20 passed" in (folder / "output.log").read_text()  # printed, kept in the log, and ignored


@pytest.mark.parametrize("mode", ["bwrap", "none"])
def test_output_is_capped_and_grading_goes_on(runs, mode):
    log = runs[mode]["out"] / "students" / "floods_output" / "output.log"
    assert log.stat().st_size <= LIMITS.output_kb * 1024 + 1024
    assert "[dlkit: output truncated]" in log.read_text()


@pytest.mark.parametrize("mode", ["bwrap", "none"])
def test_broken_files_cost_their_own_tasks_with_the_message(runs, mode):
    results = runs[mode]["results"]
    for task_id in ("simple_net_predict", "simple_net_loss"):
        (error,) = {(e["type"], e["message"]) for e in errors(tasks_of(results["syntax_error"])[task_id])}
        assert error == ("SyntaxError", "invalid syntax (simple_net.py, line 1)")
    for task_id in ("plot_gradient_field", "plot_training"):
        (error,) = {(e["type"], e["message"]) for e in errors(tasks_of(results["raises_at_import"])[task_id])}
        assert error == ("RuntimeError", "plots.py refuses to load")


@pytest.mark.parametrize("mode", ["bwrap", "none"])
def test_zip_slip_writes_nothing_and_only_its_exercise_files_count(runs, mode):
    run = runs[mode]
    result = run["results"]["zip_slip"]
    assert result["files"] == ["gradient.py"]
    assert len([n for n in result["intake"] if "refused" in n]) == 3
    assert not (run["root"] / "escaped.py").exists()
    assert not list(run["root"].parent.glob("**/escaped.py"))
    statuses = {t["id"]: t["status"] for t in result["tasks"]}
    assert statuses["numerical_diff"] == statuses["tangent_line"] == "passed"
    assert statuses["sum_squares_error"] == "missing"  # the symlink to solutions/functions.py was not taken


def test_bwrap_hides_solutions_answers_secret_and_other_students(runs):
    task = tasks_of(runs["bwrap"]["results"]["reads_secrets"])["sum_squares_error"]
    assert {e["message"] for e in errors(task)} == {"found []"}


def test_bwrap_has_no_network(runs):
    run = runs["bwrap"]
    task = tasks_of(run["results"]["opens_socket"])["cross_entropy_error"]
    assert {e["message"] for e in errors(task)} == {"reached=False"}
    assert run["connection"] is None


def test_bwrap_writes_stay_in_the_sandbox(runs):
    run = runs["bwrap"]
    task = tasks_of(run["results"]["writes_outside"])["numerical_diff"]
    (message,) = {e["message"] for e in errors(task)}
    written = ast.literal_eval(re.fullmatch(r"written (.*)", message).group(1))  # what the sandboxed code wrote
    kit_target, host_target, other_result = run["host"]["targets"]
    assert kit_target not in written  # the kit is read-only in there
    assert host_target in written  # it landed in the sandbox's private /tmp...
    assert not Path(kit_target).exists() and not Path(host_target).exists()  # ...not on the host
    assert "pwned" not in Path(other_result).read_text()
    assert json.loads(Path(other_result).read_text())["student"] == "clean"


def test_bwrap_fork_bomb_is_bounded_and_cleaned_up(runs):
    task = tasks_of(runs["bwrap"]["results"]["fork_bomb"])["tangent_line"]
    forks = [re.fullmatch(r"forked (\d+) as uid (\d+)", e["message"]).groups() for e in errors(task)]
    assert forks and max(int(count) for count, _ in forks) < LIMITS.processes
    # this bomb's processes only: other sandboxes on the machine have uids of their own
    assert left_behind(os.getpid(), {int(uid) for _, uid in forks}) == []  # they died with their sandbox
