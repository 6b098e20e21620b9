"""Activation and loss functions (chapter 4.2)."""

import numpy as np

DELTA = 1e-7  # keeps log() finite when a predicted probability is exactly 0


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def sigmoid_grad(x: np.ndarray) -> np.ndarray:
    """Derivative of sigmoid at the pre-activation x."""
    return (1.0 - sigmoid(x)) * sigmoid(x)


def softmax(x: np.ndarray) -> np.ndarray:
    """Softmax over the last axis; subtracting the max keeps exp() from overflowing."""
    x = x - np.max(x, axis=-1, keepdims=True)
    return np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)


def sum_squares_error(y: np.ndarray, t: np.ndarray) -> float:
    """Sum of squares error, 0.5 * sum((y - t)^2), averaged over the batch."""
    y = np.asarray(y)
    t = np.asarray(t)
    if t.size != y.size:  # label indices: turn them into one-hot rows
        t = np.eye(y.shape[-1])[t]
    n = y.shape[0] if y.ndim == 2 else 1  # the batch size; one example is a batch of one
    return 0.5 * np.sum((y - t) ** 2) / n


def cross_entropy_error(y: np.ndarray, t: np.ndarray) -> float:
    """Cross-entropy error averaged over the batch; t is one-hot or label indices."""
    y = np.asarray(y)
    t = np.asarray(t)
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:  # one-hot: keep only the index of the correct class
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + DELTA)) / batch_size
