"""simpleNet: one weight matrix, softmax and cross-entropy (chapter 4.4.2)."""

import numpy as np

from .functions import cross_entropy_error, softmax


class SimpleNet:
    def __init__(self) -> None:
        self.W = np.random.randn(2, 3)  # Gaussian initialisation, as in the book

    def predict(self, x: np.ndarray) -> np.ndarray:
        return np.dot(x, self.W)

    def loss(self, x: np.ndarray, t: np.ndarray) -> float:
        z = self.predict(x)
        y = softmax(z)
        return cross_entropy_error(y, t)


simpleNet = SimpleNet  # the book's spelling
