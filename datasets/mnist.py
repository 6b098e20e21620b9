"""Offline MNIST loader with the API of "Deep Learning from Scratch" (dataset/mnist.py).

The data ships in the repository as ``datasets/mnist.npz`` (uint8, built by
``python -m datasets.build_mnist``), so exercises never need the network.
Every array is checked against a pinned SHA-256 before it is handed out:
a half-downloaded or hand-edited file would otherwise show up as a
mysteriously bad accuracy in a student's exercise instead of a clear error.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

import numpy as np

__all__ = ["load_mnist", "MnistDataError", "DEFAULT_PATH", "EXPECTED_SHA256", "EXPECTED_SHAPES"]

DEFAULT_PATH = Path(__file__).resolve().with_name("mnist.npz")
REBUILD_COMMAND = "python -m datasets.build_mnist"

# SHA-256 of np.ascontiguousarray(a).tobytes() for each uint8 array. These pin
# the content (not the zip bytes), so the check is independent of zlib versions.
EXPECTED_SHA256: dict[str, str] = {
    "x_train": "741c988805d008ac6e4c904b69001ba184c24b2c540a4ef403f4c71b676cf757",
    "t_train": "1feba77c54802fa5339a11837ea4b2866434b83314ec45192930f1df69120c13",
    "x_test": "6d87418db22cc8025d05968bec9bd5c3932904b23485740db143a061a2c9d161",
    "t_test": "ddeff807876a9661a1110d45c266c86239a3a1b7d37da0c3716a7a683c852ff5",
}
EXPECTED_SHAPES: dict[str, tuple[int, ...]] = {
    "x_train": (60000, 784),
    "t_train": (60000,),
    "x_test": (10000, 784),
    "t_test": (10000,),
}

# Verified arrays, keyed by (resolved path, size, mtime_ns) so that rebuilding
# the file on disk invalidates the entry. Arrays in here are read-only; callers
# always get copies (see load_mnist) so that in-place edits such as
# np.random.shuffle(x_train) cannot leak into the next load.
_cache: dict[tuple[str, int, int], dict[str, np.ndarray]] = {}


class MnistDataError(RuntimeError):
    """The MNIST data file is missing, unreadable or does not match its checksums."""


def _error(path: Path, problem: str, expected: str) -> MnistDataError:
    """Build the single, self-explanatory error raised for any data problem."""
    rebuild = REBUILD_COMMAND
    if path != DEFAULT_PATH:
        rebuild += f" --out {path}"
    korean = (
        "MNIST 데이터 파일을 찾을 수 없습니다"
        if problem == "is missing"
        else "MNIST 데이터 파일이 손상되었습니다"
    )
    return MnistDataError(
        f"MNIST data file {problem}: {path}\n"
        f"  expected: {expected}\n"
        f"  To rebuild it, run from the repository root: {rebuild}\n"
        f"  {korean}: {path} -- 저장소 최상위 폴더에서 '{rebuild}' 명령으로 다시 만드세요."
    )


def _sha256(array: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()


def _read_arrays(path: Path) -> dict[str, np.ndarray]:
    """Read the four arrays, turning any low-level failure into MnistDataError."""
    if not zipfile.is_zipfile(path):
        # Checked up front because np.load would otherwise try to read it as a
        # pickle and complain about allow_pickle, which points the wrong way.
        raise _error(
            path, "is corrupted or truncated", "an .npz (zip) archive; this file is not a complete one"
        )
    try:
        with np.load(path, allow_pickle=False) as npz:
            missing = [key for key in EXPECTED_SHA256 if key not in npz.files]
            if missing:
                raise _error(
                    path,
                    "is corrupted",
                    f"arrays {', '.join(EXPECTED_SHA256)}; missing {', '.join(missing)}",
                )
            return {key: npz[key] for key in EXPECTED_SHA256}
    except MnistDataError:
        raise
    except Exception as exc:
        # A damaged file fails in many different places (zipfile.BadZipFile,
        # zlib.error, EOFError, ValueError from the .npy header, CRC errors,
        # even MemoryError for a garbled shape). All mean the same thing to a
        # student, so report one clear error and hide the deep traceback.
        reason = f"{type(exc).__name__}: {exc}"
        raise _error(path, "is corrupted or truncated", f"a readable .npz archive ({reason})") from None


def _verify(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Check dtype, shape and SHA-256 of every array against the pinned values."""
    for key, digest in EXPECTED_SHA256.items():
        array = arrays[key]
        shape = EXPECTED_SHAPES[key]
        if array.dtype != np.uint8 or array.shape != shape:
            raise _error(
                path,
                "is corrupted",
                f"array '{key}' with shape {shape} and dtype uint8, "
                f"got shape {array.shape} and dtype {array.dtype}",
            )
        actual = _sha256(array)
        if actual != digest:
            raise _error(
                path,
                "is corrupted",
                f"SHA-256 of array '{key}' = {digest}, got {actual}",
            )


def _load_verified(path: Path) -> dict[str, np.ndarray]:
    """Return the verified, read-only arrays of ``path``, from cache when possible."""
    try:
        stat = path.stat()
    except OSError:
        stat = None
    if stat is None or not path.is_file():
        raise _error(path, "is missing", "an .npz file with x_train, t_train, x_test, t_test")

    key = (str(path), stat.st_size, stat.st_mtime_ns)
    cached = _cache.get(key)
    if cached is None:
        arrays = _read_arrays(path)
        _verify(path, arrays)
        for array in arrays.values():
            array.setflags(write=False)
        _cache.clear()  # only one data file is in use at a time; keep memory bounded
        _cache[key] = cached = arrays
    return cached


def _change_one_hot_label(labels: np.ndarray) -> np.ndarray:
    # float64, exactly like the book's np.zeros((X.size, 10)) version.
    one_hot = np.zeros((labels.size, 10))
    one_hot[np.arange(labels.size), labels] = 1
    return one_hot


def _prepare_images(images: np.ndarray, normalize: bool, flatten: bool) -> np.ndarray:
    if normalize:
        # Same arithmetic as the book (astype float32, then /= 255.0), so the
        # values match bit for bit and 255 maps to exactly 1.0.
        out = images.astype(np.float32)
        out /= 255.0
    else:
        out = images.copy()
    if not flatten:
        out = out.reshape(-1, 1, 28, 28)
    return out


def _prepare_labels(labels: np.ndarray, one_hot_label: bool) -> np.ndarray:
    return _change_one_hot_label(labels) if one_hot_label else labels.copy()


def load_mnist(
    normalize: bool = True,
    flatten: bool = True,
    one_hot_label: bool = False,
    *,
    path: str | os.PathLike[str] | None = None,
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Load MNIST as ``((x_train, t_train), (x_test, t_test))``, like the book.

    Parameters
    ----------
    normalize : scale pixels to float32 in [0.0, 1.0] (pixel / 255.0);
        otherwise keep uint8 in 0..255.
    flatten : images as (N, 784); otherwise (N, 1, 28, 28).
    one_hot_label : labels as float64 one-hot rows (N, 10); otherwise uint8 (N,).
    path : an alternative .npz file (default: ``datasets/mnist.npz``).

    Raises
    ------
    MnistDataError : the file is missing, unreadable or fails its checksums.

    Every call returns fresh arrays that the caller may modify freely.
    """
    data_path = DEFAULT_PATH if path is None else Path(path).resolve()
    arrays = _load_verified(data_path)
    train = (
        _prepare_images(arrays["x_train"], normalize, flatten),
        _prepare_labels(arrays["t_train"], one_hot_label),
    )
    test = (
        _prepare_images(arrays["x_test"], normalize, flatten),
        _prepare_labels(arrays["t_test"], one_hot_label),
    )
    return train, test
