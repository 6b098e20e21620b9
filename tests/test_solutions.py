"""The reference solutions reproduce the book's numbers for chapter 4.

Expected values are the ones printed in the book (Korean edition, chapter 4), so a
failure here means solutions/ no longer matches what the students see on the slides.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from solutions.functions import cross_entropy_error, sigmoid, sigmoid_grad, softmax, sum_squares_error
from solutions.gradient import (
    function_1,
    function_2,
    gradient_descent,
    numerical_diff,
    numerical_gradient,
    tangent_line,
)
from solutions.simple_net import simpleNet
from solutions.train import train
from solutions.two_layer_net import TwoLayerNet

REPO_ROOT = Path(__file__).resolve().parents[1]
PARAM_KEYS = ("W1", "b1", "W2", "b2")

# The book's softmax outputs: "2" is the most likely class in Y_GOOD, "7" in Y_BAD.
Y_GOOD = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
Y_BAD = np.array([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])
T_ONE_HOT = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])

SIMPLE_NET_W = np.array([[0.47355232, 0.9977393, 0.84668094], [0.85557411, 0.03563661, 0.69422093]])
SIMPLE_NET_X = np.array([0.6, 0.9])
SIMPLE_NET_T = np.array([0, 0, 1])


def rel_err(a: np.ndarray, b: np.ndarray) -> float:
    """Largest absolute difference, relative to the larger of the two gradients."""
    scale = max(np.max(np.abs(a)), np.max(np.abs(b)))
    return float(np.max(np.abs(a - b)) / scale) if scale > 0 else 0.0


@pytest.fixture(scope="module")
def mnist() -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    from datasets import load_mnist

    # one-hot labels, exactly as the book's ch04/train_neuralnet.py loads them
    return load_mnist(normalize=True, one_hot_label=True)


# --- 4.2 loss functions --------------------------------------------------------------------------


def test_sum_squares_error_book_values() -> None:
    assert sum_squares_error(Y_GOOD, T_ONE_HOT) == pytest.approx(0.0975, rel=1e-12)
    assert sum_squares_error(Y_BAD, T_ONE_HOT) == pytest.approx(0.5975, rel=1e-12)


def test_sum_squares_error_batch_is_the_mean() -> None:
    y = np.stack([Y_GOOD, Y_BAD])
    expected = (0.0975 + 0.5975) / 2
    assert sum_squares_error(y, np.stack([T_ONE_HOT, T_ONE_HOT])) == pytest.approx(expected, rel=1e-12)
    assert sum_squares_error(y, np.array([2, 2])) == pytest.approx(expected, rel=1e-12)


def test_cross_entropy_error_book_values() -> None:
    assert cross_entropy_error(Y_GOOD, T_ONE_HOT) == pytest.approx(0.510825457099338, rel=1e-12)
    assert cross_entropy_error(Y_BAD, T_ONE_HOT) == pytest.approx(2.302584092994546, rel=1e-12)


@pytest.mark.parametrize(
    "t",
    [np.stack([T_ONE_HOT, T_ONE_HOT]), np.array([2, 2])],
    ids=["one-hot", "labels"],
)
def test_cross_entropy_error_batch_mean(t: np.ndarray) -> None:
    y = np.stack([Y_GOOD, Y_BAD])
    assert cross_entropy_error(y, t) == pytest.approx(1.406704775046942, rel=1e-12)


def test_cross_entropy_error_single_sample_with_scalar_label() -> None:
    assert cross_entropy_error(Y_GOOD, 2) == pytest.approx(0.510825457099338, rel=1e-12)
    assert cross_entropy_error(Y_BAD, np.int64(2)) == pytest.approx(2.302584092994546, rel=1e-12)


def test_cross_entropy_error_is_finite_for_a_zero_probability() -> None:
    # without the delta inside the log this would be inf
    assert np.isfinite(cross_entropy_error(Y_GOOD, 3))


# --- activations ---------------------------------------------------------------------------------


def test_sigmoid_and_its_gradient() -> None:
    assert sigmoid(np.array(0.0)) == pytest.approx(0.5)
    assert sigmoid_grad(np.array(0.0)) == pytest.approx(0.25)
    np.testing.assert_allclose(sigmoid(np.array([-1.0, 1.0])), [0.26894142137, 0.73105857863], rtol=1e-10)


def test_softmax_rows_sum_to_one() -> None:
    x = np.random.default_rng(0).normal(size=(4, 10))
    np.testing.assert_allclose(softmax(x).sum(axis=1), np.ones(4), rtol=1e-12)
    assert softmax(np.array([0.3, 2.9, 4.0])).sum() == pytest.approx(1.0, rel=1e-12)


def test_softmax_does_not_overflow() -> None:
    np.testing.assert_allclose(softmax(np.array([1000.0, 1001.0])), [0.2689414213699951, 0.7310585786300049])


# --- 4.3 numerical differentiation ---------------------------------------------------------------


def test_numerical_diff_book_values() -> None:
    assert numerical_diff(function_1, 5) == pytest.approx(0.1999999999990898, rel=1e-12)
    assert numerical_diff(function_1, 10) == pytest.approx(0.2999999999986347, rel=1e-12)


def test_tangent_line_touches_f_with_the_numerical_slope() -> None:
    tf = tangent_line(function_1, 5)
    slope = numerical_diff(function_1, 5)
    assert callable(tf)
    assert tf(5) == pytest.approx(function_1(5), rel=1e-12)
    assert tf(6) - tf(5) == pytest.approx(slope, rel=1e-9)
    t = np.arange(0.0, 20.0, 0.1)
    np.testing.assert_allclose(tf(t), slope * (t - 5) + function_1(5), rtol=1e-9, atol=1e-12)


# --- 4.4 gradient and gradient descent -----------------------------------------------------------


@pytest.mark.parametrize(
    ("point", "expected"),
    [((3.0, 4.0), (6.0, 8.0)), ((0.0, 2.0), (0.0, 4.0)), ((3.0, 0.0), (6.0, 0.0))],
)
def test_numerical_gradient_book_values(point: tuple, expected: tuple) -> None:
    np.testing.assert_allclose(numerical_gradient(function_2, np.array(point)), expected, atol=1e-9)


@pytest.mark.parametrize("shape", [(3, 4), (2, 3, 4)], ids=["2-D", "3-D"])
def test_numerical_gradient_any_shape_restores_x(shape: tuple) -> None:
    x = np.random.default_rng(1).normal(size=shape)
    before = x.copy()
    # f ignores its argument and reads x through the closure, like `lambda w: net.loss(x, t)`
    grad = numerical_gradient(lambda _: np.sum(x**3), x)
    assert grad.shape == shape
    np.testing.assert_allclose(grad, 3 * before**2, rtol=1e-6, atol=1e-8)
    np.testing.assert_array_equal(x, before)


def test_numerical_gradient_rejects_integer_arrays() -> None:
    with pytest.raises(TypeError, match="float"):
        numerical_gradient(function_2, np.array([3, 4]))


@pytest.mark.parametrize(
    ("lr", "expected", "rtol"),
    [
        (0.1, [-6.11110793e-10, 8.14814391e-10], 1e-6),
        (10.0, [-2.58983747e13, -1.29524862e12], 1e-6),
        (1e-10, [-2.99999994, 3.99999992], 1e-8),
    ],
    ids=["lr=0.1", "lr=10-diverges", "lr=1e-10-barely-moves"],
)
def test_gradient_descent_book_values(lr: float, expected: list, rtol: float) -> None:
    x, _ = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=lr, step_num=100)
    np.testing.assert_allclose(x, expected, rtol=rtol)


def test_gradient_descent_history_and_init_x_untouched() -> None:
    init_x = np.array([-3.0, 4.0])
    x, x_history = gradient_descent(function_2, init_x, lr=0.1, step_num=100)
    assert x_history.shape == (100, 2)
    np.testing.assert_array_equal(x_history[0], [-3.0, 4.0])
    np.testing.assert_array_equal(init_x, [-3.0, 4.0])
    # the history holds the point before each step, so one more step from the last entry gives x
    last = x_history[-1]
    np.testing.assert_allclose(last - 0.1 * numerical_gradient(function_2, last.copy()), x, rtol=1e-12)


# --- 4.4.2 simpleNet -----------------------------------------------------------------------------


@pytest.fixture()
def book_simple_net() -> simpleNet:
    net = simpleNet()
    net.W = SIMPLE_NET_W.copy()
    return net


def test_simple_net_predict_and_loss(book_simple_net: simpleNet) -> None:
    p = book_simple_net.predict(SIMPLE_NET_X)
    np.testing.assert_allclose(p, [1.05414809, 0.63071653, 1.1328074], atol=1e-7)
    assert np.argmax(p) == 2
    assert book_simple_net.loss(SIMPLE_NET_X, SIMPLE_NET_T) == pytest.approx(0.92807, abs=1e-5)


def test_simple_net_gradient_book_values(book_simple_net: simpleNet) -> None:
    net = book_simple_net
    dW = numerical_gradient(lambda w: net.loss(SIMPLE_NET_X, SIMPLE_NET_T), net.W)
    expected = [[0.21924763, 0.14356247, -0.36281009], [0.32887144, 0.2153437, -0.54421514]]
    np.testing.assert_allclose(dW, expected, atol=1e-6)
    np.testing.assert_array_equal(net.W, SIMPLE_NET_W)


# --- 4.5 TwoLayerNet -----------------------------------------------------------------------------


def test_two_layer_net_params() -> None:
    np.random.seed(0)
    net = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)
    shapes = {key: value.shape for key, value in net.params.items()}
    assert shapes == {"W1": (784, 50), "b1": (50,), "W2": (50, 10), "b2": (10,)}
    assert all(value.dtype == np.float64 for value in net.params.values())
    np.testing.assert_array_equal(net.params["b1"], 0.0)
    np.testing.assert_array_equal(net.params["b2"], 0.0)
    assert net.params["W1"].std() == pytest.approx(0.01, rel=0.05)
    assert net.params["W2"].std() == pytest.approx(0.01, rel=0.15)


def test_two_layer_net_weight_init_std_scales_the_weights() -> None:
    np.random.seed(0)
    net = TwoLayerNet(input_size=784, hidden_size=50, output_size=10, weight_init_std=1.0)
    assert net.params["W1"].std() == pytest.approx(1.0, rel=0.05)


def _tiny_net_and_batch() -> tuple[TwoLayerNet, np.ndarray, np.ndarray]:
    np.random.seed(1)
    # The book's weight_init_std. The two gradients cannot agree to better than about
    # DELTA / y = 3e-7 here: numerical_gradient differentiates -log(y + DELTA), backprop
    # uses y - t. Larger weights make some y tiny and push that gap above 1e-6.
    net = TwoLayerNet(input_size=5, hidden_size=4, output_size=3)
    x = np.random.randn(3, 5)
    labels = np.array([0, 2, 1])
    return net, x, labels


@pytest.mark.parametrize("one_hot", [True, False], ids=["one-hot", "labels"])
def test_backprop_matches_numerical_gradient(one_hot: bool) -> None:
    net, x, labels = _tiny_net_and_batch()
    t = np.eye(3)[labels] if one_hot else labels
    numerical = net.numerical_gradient(x, t)
    backprop = net.gradient(x, t)
    for key in PARAM_KEYS:
        assert backprop[key].shape == net.params[key].shape
        assert rel_err(backprop[key], numerical[key]) < 1e-6, key


def test_accuracy_accepts_one_hot_and_labels() -> None:
    net, x, _ = _tiny_net_and_batch()
    predicted = np.argmax(net.predict(x), axis=1)
    labels = predicted.copy()
    labels[0] = (labels[0] + 1) % 3  # one wrong answer out of three
    assert net.accuracy(x, labels) == pytest.approx(2 / 3)
    assert net.accuracy(x, np.eye(3)[labels]) == pytest.approx(2 / 3)


def test_predict_gives_probabilities() -> None:
    net, x, _ = _tiny_net_and_batch()
    y = net.predict(x)
    assert y.shape == (3, 3)
    np.testing.assert_allclose(y.sum(axis=1), np.ones(3), rtol=1e-12)


# --- 4.5.2-4.5.3 mini-batch training -------------------------------------------------------------

SHORT_RUN = {"iters_num": 200, "batch_size": 100, "learning_rate": 0.1}


def _short_run(mnist, seed: int):
    (x_train, t_train), (x_test, t_test) = mnist
    return train(x_train[:2000], t_train[:2000], x_test[:500], t_test[:500], seed=seed, **SHORT_RUN)


def test_short_training_records_and_learns(mnist) -> None:
    result = _short_run(mnist, seed=0)
    iters_num, iter_per_epoch = 200, 2000 // 100
    epochs = len([i for i in range(iters_num) if i % iter_per_epoch == 0])
    assert len(result.train_loss_list) == iters_num
    assert len(result.train_acc_list) == epochs
    assert len(result.test_acc_list) == epochs
    assert np.mean(result.train_loss_list[-20:]) < np.mean(result.train_loss_list[:20])


def test_training_is_reproducible_with_a_seed(mnist) -> None:
    first = _short_run(mnist, seed=42)
    second = _short_run(mnist, seed=42)
    assert first.train_loss_list == second.train_loss_list
    assert first.test_acc_list == second.test_acc_list


def test_verbose_training_prints_one_line_per_epoch(capsys) -> None:
    rng = np.random.default_rng(0)
    x, labels = rng.random((50, 6)), rng.integers(0, 3, size=50)
    # 50 // 100 == 0 samples per batch: iter_per_epoch must fall back to 1
    result = train(x, labels, x, labels, iters_num=3, batch_size=100, hidden_size=4, seed=0, verbose=True)
    lines = capsys.readouterr().out.splitlines()
    assert len(result.test_acc_list) == 3
    assert len(lines) == 3
    assert all(line.startswith("train acc, test acc | ") for line in lines)


def test_train_module_cli_writes_the_plot(tmp_path: Path) -> None:
    out = tmp_path / "acc.png"
    proc = subprocess.run(
        [sys.executable, "-m", "solutions.train", "--iters", "50", "--out", str(out)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "train acc, test acc | " in proc.stdout
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.training
def test_full_mnist_training_reaches_94_percent(mnist) -> None:
    (x_train, t_train), (x_test, t_test) = mnist
    start = time.perf_counter()
    result = train(
        x_train, t_train, x_test, t_test, iters_num=10000, batch_size=100, learning_rate=0.1, seed=0
    )
    print(f"full MNIST training took {time.perf_counter() - start:.1f} s")
    assert result.network.accuracy(x_test, t_test) >= 0.94
