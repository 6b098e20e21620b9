"""Forged training grades, each next to an honest student, graded in one class under bubblewrap.

The training task measures the accuracy of the network train() returns. A submission could
ship weights trained elsewhere with a made-up curve, train on the test images it is handed,
train far longer than asked, or read the plain MNIST to undo what the grader does to its data.
The batch grader gives every training case data of its own (a secret permutation of pixels and
labels, drawn rows, grader.mnist.Transform) and scores the network on test images the child
never receives; a train() that runs far past iters_num or cannot finish in time is stopped.

Every test here uses only `grade_class` and the kit's data, so it runs against the kit before
these defences too, and fails there (docs/batch.md has the figures).
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re

import numpy as np
import pytest
from hostile import make_submission

from datasets import load_mnist
from grader.batch import grade_class

SECRET = "integrity-test-secret"
# tiny settings on which the honest solution passes: 41 steps of 100 images at a large rate
TRAINING = {"iters_num": 41, "train_size": 1000, "learning_rate": 1.0, "min_accuracy": 0.3}
FILES = ("functions.py", "gradient.py", "two_layer_net.py", "train.py")

SHIPPED = """
import base64, io
network = TwoLayerNet(x_train.shape[1], hidden_size, 10)
with np.load(io.BytesIO(base64.b64decode({blob!r}))) as shipped:
    network.params = {{key: shipped[key].astype(np.float64) for key in ("W1", "b1", "W2", "b2")}}
result = TrainResult(network)
result.train_loss_list = list(np.linspace(2.3, 0.4, iters_num))  # made up
epochs = (iters_num - 1) // max(len(x_train) // batch_size, 1) + 1
result.train_acc_list = [network.accuracy(x_train, t_train)] * epochs  # measured: consistent records
result.test_acc_list = [network.accuracy(x_test, t_test)] * epochs
return result
"""

# the test images it is handed join the training set, and it trains 40 times longer than asked
OVERTRAINED = """
if seed is not None:
    np.random.seed(seed)
x_all, t_all = np.concatenate([x_train, x_test]), np.concatenate([t_train, t_test])
network = TwoLayerNet(x_train.shape[1], hidden_size, t_train.shape[1])
result = TrainResult(network)
for i in range(40 * iters_num):
    mask = np.random.choice(len(x_all), batch_size)
    grad = network.gradient(x_all[mask], t_all[mask])
    for key in ("W1", "b1", "W2", "b2"):
        network.params[key] -= learning_rate * grad[key]
    if i < iters_num:
        result.train_loss_list.append(network.loss(x_all[mask], t_all[mask]))
epochs = (iters_num - 1) // max(len(x_train) // batch_size, 1) + 1
result.train_acc_list = [network.accuracy(x_train, t_train)] * epochs
result.test_acc_list = [network.accuracy(x_test, t_test)] * epochs
return result
"""

# what the child is handed, written to its log; then it trains honestly
PEEK = """
import hashlib, os
import datasets
digests = [hashlib.sha256(np.rint(row * 255).astype(np.uint8).tobytes()).hexdigest()[:16] for row in x_test[:300]]
try:
    with open(os.path.join(os.path.dirname(datasets.__file__), "mnist.npz"), "rb") as fh:
        plain = len(fh.read())
except OSError as exc:
    plain = type(exc).__name__
print(f"peek rows={len(x_test)} mnist.npz={plain} digests={','.join(digests)}")
"""

NUMERICAL = "grad = network.numerical_gradient(x_batch, t_batch)"


def shipped_weights() -> str:
    """Weights 'trained elsewhere': the solution on plain MNIST, float16 in a base64 .npz."""
    from solutions.train import train

    (x, t), (xt, tt) = load_mnist(normalize=True, one_hot_label=True)
    result = train(x[:5000], t[:5000], xt, tt, iters_num=150, learning_rate=1.0, seed=7)
    assert result.network.accuracy(xt, tt) > 0.8  # on plain data they would pass
    buf = io.BytesIO()
    np.savez_compressed(buf, **{k: v.astype(np.float16) for k, v in result.network.params.items()})
    return base64.b64encode(buf.getvalue()).decode()


def grade(paths, out, train_public: bool = False) -> dict[str, dict]:
    stats: dict = {}
    results = grade_class(paths, out, jobs=2, sandbox="bwrap", secret=SECRET, only=("train",), training=TRAINING,
                          progress=False, stats=stats, train_public=train_public)
    assert stats["failed"] == [], stats
    return {r["student"]: r for r in results}


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("integrity")
    subs = root / "subs"
    honest = make_submission(subs, "honest", files=FILES)
    paths = [honest,
             make_submission(subs, "shipped", [("train.py", "train", SHIPPED.format(blob=shipped_weights()))],
                             files=FILES),
             make_submission(subs, "overtrained", [("train.py", "train", OVERTRAINED)], files=FILES),
             make_submission(subs, "peek", [("train.py", "train", PEEK)], files=FILES),
             make_submission(subs, "numerical", files=FILES)]
    train_py = paths[-1] / "train.py"
    train_py.write_text(train_py.read_text().replace("grad = network.gradient(x_batch, t_batch)", NUMERICAL))
    return {"class": grade(paths, root / "out"), "alone": grade([honest], root / "alone")["honest"],
            "out": root / "out", "twice": grade([paths[1]], root / "twice", train_public=True)["shipped"]}


def train_task(result: dict) -> dict:
    (task,) = result["tasks"]
    return task


def test_the_honest_student_scores_exactly_what_it_scores_alone(run) -> None:
    together, alone = train_task(run["class"]["honest"]), train_task(run["alone"])
    assert together["status"] == alone["status"] == "passed", together["report"]["en"]
    assert together["score"] == alone["score"] == 10
    assert together["curve"] == alone["curve"]  # the same data, the same training, bit for bit


def test_everyone_is_in_the_gradebook_with_valid_json(run) -> None:
    with open(run["out"] / "gradebook.csv", newline="") as fh:
        assert sorted(row["student"] for row in csv.DictReader(fh)) == sorted(run["class"])
    def no_constants(name: str):
        raise ValueError(f"{name} in result.json")

    for student in run["class"]:
        json.loads((run["out"] / "students" / student / "result.json").read_text(), parse_constant=no_constants)


def test_weights_trained_elsewhere_score_nothing_and_are_named(run) -> None:
    task = train_task(run["class"]["shipped"])
    assert task["score"] == 0 and task["status"] == "failed", task["report"]["en"]
    accuracies = [float(x) for x in re.findall(r"returned parameters is (\d\.\d+)", task["report"]["en"])]
    assert accuracies and max(accuracies) < 0.2  # chance: the pixels and labels are not the ones it knows
    # trained twice (--train-public), on two different data sets: the very same network both times
    twice = train_task(run["twice"])
    assert [c["id"] for c in twice["cases"]] == ["configured_settings", "hidden_seed"]
    assert twice["score"] == 0 and "train_not_trained_here" in twice["mistakes"], twice["report"]["en"]


def test_a_training_far_longer_than_asked_on_the_handed_test_images_is_stopped(run) -> None:
    task = train_task(run["class"]["overtrained"])
    assert task["score"] == 0, task["report"]["en"]
    assert {c["error"]["type"] for c in task["cases"]} == {"TooManyIterations"}


def test_the_child_never_sees_plain_mnist_nor_the_images_it_is_scored_on(run) -> None:
    log = (run["out"] / "students" / "peek" / "output.log").read_text()
    peeks = re.findall(r"peek rows=(\d+) mnist.npz=(\S+) digests=(\S+)", log)
    assert len(peeks) == 1, log[-2000:]  # with a secret, one training per student: the hidden case
    (_, _), (x_test, _) = load_mnist(normalize=False)
    plain = {hashlib.sha256(row.tobytes()).hexdigest()[:16] for row in x_test}
    for rows, mnist_npz, digests in peeks:
        assert int(rows) == 2000  # a validation split: the other 8000 test images are the judge's
        assert mnist_npz in ("0", "PermissionError")  # datasets/mnist.npz is /dev/null in the sandbox
        assert not plain & set(digests.split(","))  # its images are not MNIST's as stored
    assert train_task(run["class"]["peek"])["status"] == "passed"  # and an honest training still passes


def test_a_training_that_calls_numerical_gradient_is_told_so_at_once(run) -> None:
    task = train_task(run["class"]["numerical"])
    assert task["status"] == "error" and task["mistakes"] == ["train_numerical_gradient"], task["report"]["en"]
    assert {c["error"]["type"] for c in task["cases"]} == {"NumericalGradientTooSlow"}
    assert all(c["seconds"] < 10 for c in task["cases"])  # stopped at its first call, not at its limit
    assert "network.gradient(x_batch, t_batch)" in task["hints"][0]["en"]
