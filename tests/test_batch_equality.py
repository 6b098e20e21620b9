"""A student's batch grade equals what `pytest grader --target THAT_FOLDER --hidden-seed S` gives.

The batch grader runs the code in a sandboxed child and judges in the parent; pytest runs
and judges in one process. Both must reach the same score and status on every task, for
a submission that passes some tasks, fails others with known mistakes (one of them upstream
of others, which keep their points or, with the cascade setting, lose them) and leaves some
unwritten, with the hidden cases of the student's seed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import numpy as np
import pytest

from grader.batch import grade_class
from grader.kit import KIT
from grader.messages import t
from grader.reference import make_mutant
from grader.seeds import student_seed
from grader.tasks import TASKS

TASK_POINTS = {task.id: task.points for task in TASKS}

SECRET = "equality-secret"
STUDENT = "s2024123"
# file -> the known mistake whose mutant provides it (None: the reference; "stub": exercises/)
FILES = {"functions.py": "ce_one_hot_only", "gradient.py": "gd_history_after_step", "simple_net.py": None,
         "two_layer_net.py": "bp_bias_axis", "plots.py": "stub", "train.py": None}
ROW = re.compile(r"^(\w+)\s+([\d.]+) / ([\d.]+)\s+(.+?)\s*$")


def build_student(tmp_path):
    folder = tmp_path / STUDENT
    folder.mkdir()
    for file, source in FILES.items():
        if source == "stub":
            shutil.copy(KIT / "exercises" / file, folder / file)
        elif source is None:
            shutil.copy(KIT / "solutions" / file, folder / file)
        else:
            shutil.copy(make_mutant(source, tmp_path / "mutants") / file, folder / file)
    return folder


def pytest_table(folder, seed: int, cascade: bool = False) -> dict[str, tuple[float, str]]:
    run = subprocess.run([sys.executable, "-m", "pytest", str(KIT / "grader"), "--target", str(folder),
                          "--hidden-seed", str(seed), "-m", "not training", "--lang", "en", "-q",
                          "-p", "no:cacheprovider", *(["--cascade"] if cascade else [])],
                         capture_output=True, text=True, cwd=KIT, timeout=600)
    rows = {}
    for line in run.stdout.splitlines():
        match = ROW.match(line)
        if match and match.group(1) in {task.id for task in TASKS}:
            rows[match.group(1)] = (float(match.group(2)), match.group(4))
        elif line.startswith("total "):
            rows["total"] = (float(line.split()[1]), "")
    return rows


@pytest.fixture(scope="module")
def student(tmp_path_factory):
    return build_student(tmp_path_factory.mktemp("equality"))


@pytest.mark.parametrize("cascade", [False, True], ids=["root_causes", "cascade"])
def test_batch_grade_equals_pytest_grader(student, cascade, tmp_path):
    seed = student_seed(SECRET, STUDENT)
    expected = pytest_table(student, seed, cascade)
    only = [task.id for task in TASKS if not task.training]
    (result,) = grade_class([student], tmp_path / "out", secret=SECRET, sandbox="bwrap", only=only, progress=False,
                            cascade=cascade)
    assert result["hidden_seed"] == seed
    got = {task["id"]: (task["score"], task["status"], task["status_text"]["en"]) for task in result["tasks"]}
    assert set(got) == set(expected) - {"total"}
    for task_id, (score, status, text) in got.items():
        want_score, want_status = expected[task_id]
        assert score == want_score, task_id
        assert want_status.startswith(text if status != "passed" else t("passed", "en")), (task_id, text, want_status)
    assert result["score"] == expected["total"][0]
    statuses = {status for _, status, _ in got.values()}
    assert {"passed", "not_implemented", "upstream"} <= statuses and statuses & {"failed", "partial"}  # a real mix
    # the tasks that fail only because of the cross-entropy keep their points, but for the cascade
    kept = {task_id: score for task_id, (score, status, _) in got.items() if status == "upstream"}
    assert kept and all((score < TASK_POINTS[task_id]) == cascade for task_id, score in kept.items()), kept


TAMPER = """
x_train[:] = 0  # its own copy: nobody else's images
try:
    with open("/dlkit/in/inputs.npz", "r+b") as fh:
        fh.write(b"pwned")
except OSError as exc:
    raise RuntimeError(f"write blocked: {type(exc).__name__}") from None
"""


def test_batch_training_equals_in_process_training_on_the_same_data(tmp_path):
    """Under bubblewrap each child trains on the data its case's inputs carry (grader.mnist.
    child_case: the student's own transformation), read-only; in process, the same cases give
    the same training, bit for bit. A student who writes into its arrays and at its inputs
    changes nothing for the student graded after it."""
    from dataclasses import replace

    from hostile import make_submission

    from grader.batch.job import Settings, data_key, with_training_data
    from grader.judge import judge_task
    from grader.mnist import child_case
    from grader.pace import with_time_limit
    from grader.reference import Reference
    from grader.results import task_json
    from grader.run import Submission, run_task
    from grader.tasks import task_cases, with_training

    files = ("functions.py", "gradient.py", "two_layer_net.py", "train.py")
    tamperer = make_submission(tmp_path / "subs", "s1", [("train.py", "train", TAMPER)], files=files)
    clean = make_submission(tmp_path / "subs", "s2", files=files)
    training = {"iters_num": 61, "train_size": 1200, "learning_rate": 0.5, "min_accuracy": 0.2}
    results = grade_class([tamperer, clean], tmp_path / "out", jobs=1, secret=SECRET, sandbox="bwrap",
                          only=("train",), training=training, progress=False)
    got = {r["student"]: r["tasks"][0] for r in results}

    assert got["s1"]["score"] == 0
    blocked = {c["error"]["message"] for c in got["s1"]["cases"]}
    assert blocked <= {"write blocked: OSError", "write blocked: PermissionError"} and blocked, blocked

    # with a secret the batch trains on the hidden case alone (one training per student): so does this side
    task = replace(with_time_limit(next(t for t in with_training(training) if t.id == "train")), public=())
    seed = student_seed(SECRET, "s2")
    cases = with_training_data(task, task_cases(task, seed), Settings("bwrap", data_key=data_key(SECRET)), "s2")
    outcomes = run_task(task, [child_case(c) for c, _ in cases], Submission(clean))
    local = task_json(judge_task(task, cases, outcomes, Reference(task, cases), seed))
    assert got["s2"]["status"] == local["status"] == "passed"
    assert got["s2"]["score"] == local["score"]
    assert got["s2"]["curve"].keys() == local["curve"].keys() and len(local["curve"]["train_loss"]) == 61
    for key, values in local["curve"].items():  # the child's BLAS runs on one thread, this process's may not
        np.testing.assert_allclose(got["s2"]["curve"][key], values, rtol=1e-10, err_msg=key)
