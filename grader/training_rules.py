"""How the training task is judged: rules on what train() returned, not a comparison.

Training is random by nature, so there are no reference outputs. The judge measures the
returned parameters itself on MNIST (its own forward pass) and checks the recorded curves
against them; docs/tolerances.md has the measurements behind ACCURACY_GAP. In the batch
grader each case's data is transformed (grader.mnist.Transform): the judge measures on the
same images the child trained and recorded on, and scores on held-out ones; two cases that
return the same network (`flag_same_network`) were not trained on their data.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

import numpy as np

from .compare import Mismatch
from .messages import text
from .mnist import Transform, judge_arrays
from .model import Case, Outcome
from .numerics import PARAM_NAMES

# After the last record the net trains for less than an epoch more; on the book's
# settings that moves the accuracy by well under 0.02.
ACCURACY_GAP = 0.03
SAME_NETWORK = "same_network_as"  # what flag_same_network adds to a case's values: the other cases' ids


@dataclass(frozen=True)
class Measured:
    """The returned network's accuracy, measured by the judge on the images of the case."""

    train: float  # the images it trained on
    test: float  # the images it recorded its test accuracy on (x_test)
    held_out: float  # the images it never received (in pytest grader: x_test too)


_MEASURED: dict[tuple, Measured] = {}  # several rules ask about the same parameters


def forward_accuracy(values: dict, x: np.ndarray, t: np.ndarray, rows: np.ndarray | None = None,
                     block: int = 8192) -> float:
    """The judge's own forward pass on x[rows] (all of x without rows): argmax of the logits
    (softmax keeps the order). In blocks of rows: float32 images times float64 weights would
    otherwise make a float64 copy of all of x (376 MB for MNIST's training set), which costs
    more than the products."""
    if rows is not None:
        rows = np.sort(rows)  # the order changes no accuracy
        if len(rows) and rows[-1] - rows[0] + 1 == len(rows):  # a range: sliced, nothing copied
            x, t, rows = x[rows[0]:rows[-1] + 1], t[rows[0]:rows[-1] + 1], None
    n = len(x) if rows is None else len(rows)
    labels = t.argmax(axis=1)
    hits = 0
    for i in range(0, n, block):
        some = slice(i, i + block) if rows is None else rows[i:i + block]
        with np.errstate(over="ignore"):
            z1 = 1 / (1 + np.exp(-(x[some] @ values["W1"] + values["b1"])))
        hits += int(np.sum(np.argmax(z1 @ values["W2"] + values["b2"], axis=1) == labels[some]))
    return hits / n


def network_digest(values: dict) -> str:
    digest = hashlib.sha256()
    for k in PARAM_NAMES:
        arr = np.ascontiguousarray(values[k])
        digest.update(f"{k}:{arr.dtype.str}:{arr.shape}".encode() + arr.tobytes())
    return digest.hexdigest()


def measured_accuracy(values: dict, case: Case) -> Measured:
    """The returned parameters' accuracy, measured by the judge on the case's images."""
    key = (network_digest(values), int(case.inputs["train_size"]), case.data_seed)
    if key not in _MEASURED:
        x_train, t_train, x_test, t_test = judge_arrays()
        transform = Transform.of(case)
        plain = transform.plain_params(values)
        train = forward_accuracy(plain, x_train, t_train, transform.train_rows)
        test = forward_accuracy(plain, x_test, t_test, transform.validation)
        same = np.array_equal(transform.validation, transform.held_out)
        held_out = test if same else forward_accuracy(plain, x_test, t_test, transform.held_out)
        if len(_MEASURED) >= 8:
            _MEASURED.clear()
        _MEASURED[key] = Measured(train, test, held_out)
    return _MEASURED[key]


def epochs_recorded(inp) -> int:
    train_size = int(inp["train_size"]) or 60000
    per_epoch = max(train_size // int(inp["batch_size"]), 1)
    return (int(inp["iters_num"]) - 1) // per_epoch + 1


def loss_trend(values: dict) -> tuple[float, float]:
    """Mean loss over the first and the last tenth of the iterations."""
    loss = np.asarray(values.get("train_loss", np.zeros(0)), float)
    k = max(len(loss) // 10, 1)
    return float(np.mean(loss[:k])), float(np.mean(loss[-k:]))


def rule_shapes(got, expected, case):
    i, h = 784, int(case.inputs["hidden_size"])
    want = {"W1": (i, h), "b1": (h,), "W2": (h, 10), "b2": (10,)}
    return [Mismatch(k, "shape", expected=s, got=got[k].shape) for k, s in want.items() if got[k].shape != s]


def rule_accuracy(got, expected, case):
    if rule_shapes(got, expected, case):
        return []
    test = measured_accuracy(got, case).held_out
    need = float(case.inputs["min_accuracy"])
    if test >= need:
        return []
    return [Mismatch("test accuracy", "check", expected=need, got=test,
                     message=text("train_accuracy_below", test=test, need=need))]


def rule_loss(got, expected, case):
    loss = got["train_loss"]
    out = []
    if loss.shape != (int(case.inputs["iters_num"]),):
        out.append(Mismatch("train_loss", "shape", expected=(int(case.inputs["iters_num"]),), got=loss.shape,
                            message=text("train_loss_per_iteration")))
    first, last = loss_trend(got)
    if not (last < first):
        out.append(Mismatch("train_loss", "check", expected="falling", got=f"{first:.4g} → {last:.4g}",
                            message=text("train_loss_not_falling", first=first, last=last)))
    return out


def accuracy_gap(recorded: np.ndarray, inp) -> float:
    """How far the last record may be from the final parameters' accuracy: SGD's noise
    (ACCURACY_GAP) plus the part of an epoch trained after the last record times three
    times the largest change per epoch among the last six records. On the book's settings
    that adds well under 0.02; on small ones, still climbing several percent per epoch, it
    keeps honest runs from looking faked (docs/tolerances.md has the measurements). Records
    that never change (faked constants) get no more than ACCURACY_GAP."""
    per_epoch = max((int(inp["train_size"]) or 60000) // int(inp["batch_size"]), 1)
    after = (int(inp["iters_num"]) - 1) % per_epoch
    steps = np.abs(np.diff(np.asarray(recorded, float)[-6:]))
    rate = float(steps.max()) if steps.size else 1.0  # one record: nothing to go by
    return ACCURACY_GAP + 3 * rate * after / per_epoch


def rule_epochs(got, expected, case):
    want = epochs_recorded(case.inputs)
    out = [Mismatch(k, "shape", expected=(want,), got=got[k].shape, message=text("train_accuracy_per_epoch"))
           for k in ("train_acc", "test_acc") if got[k].shape != (want,)]
    if out or rule_shapes(got, expected, case):
        return out
    network = measured_accuracy(got, case)
    for key, measured in (("train_acc", network.train), ("test_acc", network.test)):
        reported = float(got[key][-1])
        if not abs(reported - measured) <= accuracy_gap(got[key], case.inputs):
            out.append(Mismatch(key, "check", expected=measured, got=reported,
                                message=text("train_accuracy_not_measured", reported=reported, measured=measured)))
    return out


def rule_trained_here(got, expected, case):
    if SAME_NETWORK not in got:
        return []
    return [Mismatch("W1, b1, W2, b2", "check", message=text("train_same_network", other=str(got[SAME_NETWORK])))]


def flag_same_network(cases: list[Case], outcomes: dict[str, Outcome]) -> dict[str, Outcome]:
    """The outcomes, those of cases that returned the same network as another case flagged
    (SAME_NETWORK in their values). Only cases trained on different data count, the batch
    grader's: on the plain data a train() that ignores its seed would return the same
    network twice, honestly."""
    transformed = [c for c in cases if c.data_seed is not None and outcomes[c.id].values is not None]
    by_network: dict[str, list[str]] = {}
    for case in transformed:
        try:
            by_network.setdefault(network_digest(outcomes[case.id].values), []).append(case.id)
        except KeyError:  # no network at all: the other rules say so
            continue
    flagged = dict(outcomes)
    for ids in by_network.values():
        for case_id in ids if len(ids) > 1 else ():
            others = ", ".join(i for i in ids if i != case_id)
            values = {**outcomes[case_id].values, SAME_NETWORK: np.array(others)}
            flagged[case_id] = replace(outcomes[case_id], values=values)
    return flagged


RULES = (rule_shapes, rule_loss, rule_epochs, rule_accuracy, rule_trained_here)
