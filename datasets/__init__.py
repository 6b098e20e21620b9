"""Offline data sets for the chapter 4 exercises (currently: MNIST)."""

from datasets.mnist import MnistDataError, load_mnist

__all__ = ["load_mnist", "MnistDataError"]
