"""What a child leaves is read as hostile bytes: only regular files, never blocking, never
through a link, within caps (grader/batch/safe_read.py); and a report from those bytes
(grader/batch/protocol.py) — with Hypothesis, random and corrupted reports: nothing but a
ReportError (the task's crash) ever comes out, and what is accepted stays within the caps."""

from __future__ import annotations

import io
import json
import os
import socket
import struct
import threading
import zipfile

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from grader.batch.protocol import MAX_PNG_BYTES, ReportError, TaskPlan, read_report, strict_json
from grader.batch.safe_read import (
    Budget,
    ChildFileError,
    is_report,
    member_bytes,
    open_dir,
    open_zip_bytes,
    read_child_file,
    read_npy_bytes,
    zip_entry_count,
)
from grader.model import Case, ErrorInfo, Outcome
from grader.outcomes import META, save_outcomes


def finishes(fn, seconds: float = 5.0):
    """fn() in a thread; the test fails if it blocks (a FIFO opened without O_NONBLOCK would)."""
    box = {}

    def target():
        try:
            box["value"] = fn()
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "blocked"
    if "error" in box:
        raise box["error"]
    return box.get("value")


@pytest.fixture
def out(tmp_path):
    (tmp_path / "out").mkdir()
    fd = open_dir(tmp_path, "out")
    yield tmp_path / "out", fd
    os.close(fd)


def test_a_regular_file_is_read(out):
    folder, fd = out
    (folder / "task.npz").write_bytes(b"hello")
    assert read_child_file(fd, "task.npz", 100) == b"hello" and is_report(fd, "task.npz")
    with pytest.raises(ChildFileError) as missing:
        read_child_file(fd, "other.npz", 100)
    assert missing.value.missing


@pytest.mark.parametrize("target", ["/dev/zero", "/etc/hostname", "/proc/self/environ", "other.npz"])
def test_a_link_is_never_followed(out, target):
    folder, fd = out
    (folder / "other.npz").write_bytes(b"x")
    os.symlink(target, folder / "task.npz")
    with pytest.raises(ChildFileError, match="symbolic link") as refused:
        finishes(lambda: read_child_file(fd, "task.npz", 1 << 20))
    assert not refused.value.missing and not is_report(fd, "task.npz")


def test_a_fifo_is_refused_unopened(out):
    folder, fd = out
    os.mkfifo(folder / "task.npz")
    assert not finishes(lambda: is_report(fd, "task.npz"))
    with pytest.raises(ChildFileError, match="FIFO"):
        finishes(lambda: read_child_file(fd, "task.npz", 100))


def test_a_socket_a_folder_and_a_hard_link_are_refused(out):
    folder, fd = out
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "sock.npz"))
    (folder / "dir.npz").mkdir()
    (folder / "a.npz").write_bytes(b"x")
    os.link(folder / "a.npz", folder / "b.npz")
    for name, what in (("sock.npz", "socket"), ("dir.npz", "directory"), ("b.npz", "2 links")):
        with pytest.raises(ChildFileError, match=what):
            read_child_file(fd, name, 100)
    sock.close()


def test_a_file_larger_than_its_cap_is_refused_unread(out):
    folder, fd = out
    with open(folder / "task.npz", "wb") as fh:
        fh.truncate(1 << 40)  # sparse: a terabyte on paper
    with pytest.raises(ChildFileError, match="more than"):
        finishes(lambda: read_child_file(fd, "task.npz", 64 << 20), 2)


def test_the_owner_must_be_the_child(out):
    folder, fd = out
    (folder / "task.npz").write_bytes(b"x")
    with pytest.raises(ChildFileError, match="owned by"):
        read_child_file(fd, "task.npz", 100, owners={os.getuid() + 12345})
    assert read_child_file(fd, "task.npz", 100, owners={os.getuid()}) == b"x"


@pytest.mark.parametrize("name", ["../etc/passwd", "a/b", ".", "..", "x\0y", ""])
def test_only_plain_names(out, name):
    with pytest.raises(ChildFileError):
        read_child_file(out[1], name, 100)


def test_out_itself_must_not_be_a_link(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", tmp_path / "out")
    with pytest.raises(ChildFileError):
        open_dir(tmp_path, "out")


def test_the_folder_is_the_one_opened_whatever_the_child_renames(out, tmp_path):
    folder, fd = out
    os.rename(folder, tmp_path / "moved")
    (tmp_path / "decoy").mkdir()
    (tmp_path / "decoy" / "task.npz").write_bytes(b"decoy")
    os.symlink(tmp_path / "decoy", folder)
    (tmp_path / "moved" / "task.npz").write_bytes(b"real")
    assert read_child_file(fd, "task.npz", 100) == b"real"


# ---------------------------------------------------------------- zips, from memory


def zip_bytes(members: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_the_member_count_is_read_before_zipfile_makes_an_object_per_member():
    data = zip_bytes({f"m{i}": b"" for i in range(3000)}, zipfile.ZIP_STORED)
    assert zip_entry_count(data) == 3000
    with pytest.raises(ChildFileError, match="3000 members, more than 100"):
        open_zip_bytes(data, 100)


LYING_EOCD = b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, 5, 5, 0, 0, 0)  # claims 5 members, has none


@pytest.mark.parametrize("data", [b"", b"PK", b"\0" * 1000, LYING_EOCD])
def test_not_a_zip(data):
    with pytest.raises(ChildFileError):
        open_zip_bytes(data, 10)


def flip(data: bytes, signature: bytes, at: int, value: bytes) -> bytes:
    out = bytearray(data)
    i = out.find(signature)
    while i >= 0:
        out[i + at:i + at + len(value)] = value
        i = out.find(signature, i + 4)
    return bytes(out)


def test_encrypted_members_and_other_compressions_are_refused():
    data = zip_bytes({"a": b"hello"})
    data = flip(flip(data, b"PK\x03\x04", 6, b"\x01"), b"PK\x01\x02", 8, b"\x01")
    zf = open_zip_bytes(data, 10)
    with pytest.raises(ChildFileError, match="encrypted"):
        member_bytes(zf, zf.infolist()[0], 100)
    data = zip_bytes({"a": b"hello"}, zipfile.ZIP_STORED)
    data = flip(flip(data, b"PK\x03\x04", 8, b"\x63\x00"), b"PK\x01\x02", 10, b"\x63\x00")
    zf = open_zip_bytes(data, 10)
    with pytest.raises(ChildFileError, match="compression method 99"):
        member_bytes(zf, zf.infolist()[0], 100)


def test_a_member_is_held_to_its_cap_and_its_header():
    zf = open_zip_bytes(zip_bytes({"a": b"\0" * 100_000}), 10)  # a zip bomb in small: ~100 bytes
    with pytest.raises(ChildFileError, match="more than"):
        member_bytes(zf, zf.infolist()[0], 1000)
    info = zf.infolist()[0]
    info.file_size = 10  # the header's claim, smaller than the data
    with pytest.raises(ChildFileError):
        member_bytes(zf, info, 1000)


# ---------------------------------------------------------------- .npy, from memory


def npy(arr) -> bytes:
    buf = io.BytesIO()
    np.lib.format.write_array(buf, np.asarray(arr), allow_pickle=False)
    return buf.getvalue()


PLAIN = st.one_of(hnp.integer_dtypes(), hnp.unsigned_integer_dtypes(), hnp.boolean_dtypes(),
                  hnp.floating_dtypes(sizes=(16, 32, 64)), hnp.unicode_string_dtypes(max_len=8))


@given(hnp.arrays(PLAIN, hnp.array_shapes(min_dims=0, max_dims=4, max_side=5)), st.booleans())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_plain_arrays_round_trip(arr, fortran):
    if fortran:
        arr = np.asfortranarray(arr)
    got = read_npy_bytes(npy(arr))
    assert got.shape == arr.shape and got.dtype == arr.dtype.newbyteorder("=")
    assert got.flags.writeable and got.flags.c_contiguous and type(got) is np.ndarray
    np.testing.assert_array_equal(got, arr)


@pytest.mark.parametrize("arr", [np.array(1 + 2j), np.array(b"x"), np.array([1.0], np.longdouble),
                                 np.array(np.datetime64("2020-01-01")), np.zeros((), [("a", "f8")]),
                                 np.array("x" * 5000), np.zeros((1,) * 9)])
def test_what_is_not_plain_data_is_refused(arr):
    with pytest.raises(ChildFileError):
        read_npy_bytes(npy(arr))


def test_a_header_cannot_claim_more_than_its_bytes():
    with pytest.raises(ChildFileError, match="does not fit"):
        read_npy_bytes(npy(np.zeros(4)).replace(b"(4,)", b"(9,)"))
    with pytest.raises(ChildFileError, match="too large"):
        read_npy_bytes(npy(np.zeros(10)), max_items=5)


@given(st.binary(max_size=400))
@settings(max_examples=200, deadline=None)
def test_random_bytes_as_an_npy_only_ever_raise_child_file_error(data):
    for raw in (data, b"\x93NUMPY\x01\x00" + data):
        try:
            read_npy_bytes(raw)
        except ChildFileError:
            pass


def test_the_budget_counts_per_task_and_per_student():
    budget = Budget(task_bytes=100, student_bytes=150, png_bytes=10)
    budget.take("a", 80)
    with pytest.raises(ChildFileError, match="report"):
        budget.take("a", 30)
    budget.take("b", 60)
    with pytest.raises(ChildFileError, match="in all"):
        budget.take("c", 20)
    budget.take_png(10)
    with pytest.raises(ChildFileError, match="figures"):
        budget.take_png(1)


# ---------------------------------------------------------------- a task's report, from its bytes

PNG = np.frombuffer(b"\x89PNG\r\n\x1a\n" + b"\0" * 100, np.uint8)


def plan(cases=("a",), timeout: float = 2.0, figure: bool = False, task: str = "t") -> TaskPlan:
    return TaskPlan(task, tuple(Case(c, {}) for c in cases), timeout, figure)


def report(tmp_path, outcomes: dict[str, Outcome], task: str = "t", compress: bool = False) -> bytes:
    path = tmp_path / f"{task}.npz"
    save_outcomes(path, {task: outcomes}, compress=compress)
    return path.read_bytes()


def raw_report(index, arrays: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, arr in {**arrays, META: np.array(index if isinstance(index, str) else json.dumps(index))}.items():
            zf.writestr(name + ".npy", npy(arr))
    return buf.getvalue()


def entry(seconds=0.1, error=None, values=("x",), artifacts=()):
    return {"seconds": seconds, "error": error, "values": list(values) if values is not None else None,
            "artifacts": list(artifacts)}


def test_an_honest_report_round_trips(tmp_path):
    outcomes = {"a": Outcome(values={"x": np.arange(3.0)}, seconds=0.5),
                "b": Outcome(error=ErrorInfo("exception", "ValueError", "bad", "f.py:1: x"), seconds=0.1)}
    for compress in (False, True):
        got = read_report(report(tmp_path, outcomes, compress=compress), plan(("a", "b")))
        np.testing.assert_array_equal(got["a"].values["x"], np.arange(3.0))
        assert got["b"].error == outcomes["b"].error and got["b"].values is None


@pytest.mark.parametrize("seconds", ["1" + "0" * 400, "1e400", "NaN", "Infinity", "-1", "1e308", "[1]", '"1"',
                                     "true"])
def test_seconds_must_be_a_sane_number(seconds):
    index = '{"index": {"t": {"a": {"seconds": ' + seconds + ', "error": null, "values": ["x"], "artifacts": []}}}}'
    with pytest.raises(ReportError):
        read_report(raw_report(index, {"t/a/v/x": np.zeros(1)}), plan())


def test_strict_json():
    assert strict_json('{"a": [1, 2.5, null]}') == {"a": [1, 2.5, None]}
    for text in ("NaN", "[Infinity]", "1" * 19, "1e999"):
        with pytest.raises(ReportError):
            strict_json(text)


def test_deep_nesting_is_the_task_s_crash():
    with pytest.raises(ReportError):
        read_report(raw_report("[" * 100_000 + "]" * 100_000, {}), plan())


def test_figures_only_for_figure_tasks_and_capped():
    index = {"index": {"t": {"a": entry(artifacts=["png"])}}}
    data = raw_report(index, {"t/a/v/x": np.zeros(1), "t/a/a/png": PNG})
    with pytest.raises(ReportError, match="draws none"):
        read_report(data, plan())
    assert read_report(data, plan(figure=True))["a"].artifacts["png"].tobytes() == PNG.tobytes()
    big = np.frombuffer(PNG.tobytes() + b"\0" * MAX_PNG_BYTES, np.uint8)
    with pytest.raises(ReportError):
        read_report(raw_report(index, {"t/a/v/x": np.zeros(1), "t/a/a/png": big}), plan(figure=True))
    other = {"index": {"t": {"a": entry(artifacts=["png", "more"])}}}
    with pytest.raises(ReportError, match="figures other than"):
        read_report(raw_report(other, {"t/a/v/x": np.zeros(1), "t/a/a/png": PNG, "t/a/a/more": PNG}),
                    plan(figure=True))
    not_png = {"t/a/v/x": np.zeros(1), "t/a/a/png": np.frombuffer(b"<html>", np.uint8)}
    with pytest.raises(ReportError, match="not a PNG"):
        read_report(raw_report(index, not_png), plan(figure=True))


@pytest.mark.parametrize("message,kind,ok", [("2", "", True), ("1", "after_timeout", True), ("1e308", "", False),
                                             ("10", "", False), ("", "", False), ("2", "submission_budget", False)])
def test_a_timeout_says_the_plan_s_own_limit(message, kind, ok):
    error = {"kind": "timeout", "type": kind, "message": message, "where": ""}
    data = raw_report({"index": {"t": {"a": entry(error=error, values=None)}}}, {})
    if ok:
        assert read_report(data, plan(timeout=2.0))["a"].error.kind == "timeout"
    else:
        with pytest.raises(ReportError):
            read_report(data, plan(timeout=2.0))


@pytest.mark.parametrize("name", ["x\n", "x/../y", "ｘ", "", "a" * 65, "1x"])
def test_output_names_fullmatch_ascii(name):
    with pytest.raises(ReportError):
        read_report(raw_report({"index": {"t": {"a": entry(values=[name])}}}, {f"t/a/v/{name}": np.zeros(1)}),
                    plan())


def test_the_budget_is_shared_by_a_student_s_reports(tmp_path):
    data = report(tmp_path, {"a": Outcome(values={"x": np.zeros(10_000)})})
    budget = Budget(task_bytes=1 << 20, student_bytes=200_000)
    read_report(data, plan(), budget)
    read_report(data, plan(), budget)
    with pytest.raises(ReportError, match="in all"):
        read_report(data, plan(), budget)


def test_a_report_for_another_task_or_other_cases_is_refused(tmp_path):
    with pytest.raises(ReportError, match="not this task"):
        read_report(report(tmp_path, {"a": Outcome(values={"x": np.zeros(1)})}, task="other"), plan())
    with pytest.raises(ReportError, match="cases"):
        read_report(report(tmp_path, {"b": Outcome(values={"x": np.zeros(1)})}), plan())


HONEST = {"a": Outcome(values={"x": np.arange(6.0).reshape(2, 3), "y": np.array(["ok"])}, seconds=0.2),
          "b": Outcome(error=ErrorInfo("exception", "TypeError", "m", ""), seconds=0.0),
          "c": Outcome(values={"line0": np.ones((2, 3))}, artifacts={"png": PNG})}


def within_caps(outcomes: dict[str, Outcome]) -> None:
    for oc in outcomes.values():
        assert 0 <= oc.seconds <= 1e6
        for arr in [*(oc.values or {}).values(), *oc.artifacts.values()]:
            assert type(arr) is np.ndarray and arr.dtype.kind in "biufU" and arr.size <= 4_000_000


@given(st.integers(0, 100_000), st.binary(min_size=1, max_size=16), st.booleans())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_corrupted_report_is_refused_or_read_within_caps(tmp_path, at, junk, compress):
    raw = bytearray(report(tmp_path, HONEST, compress=compress))
    at %= len(raw)
    raw[at:at + len(junk)] = junk
    try:
        got = read_report(bytes(raw), plan(("a", "b", "c"), figure=True))
    except ReportError:
        return
    within_caps(got)


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                       max_size=3), max_leaves=12)


@given(st.dictionaries(st.sampled_from(["seconds", "error", "values", "artifacts", "other"]), JSON_VALUES))
@settings(max_examples=300, deadline=None)
def test_any_index_entry_is_refused_or_read_within_caps(fields):
    index = json.dumps({"index": {"t": {"a": fields}}}, allow_nan=True)
    try:
        got = read_report(raw_report(index, {"t/a/v/x": np.zeros(1)}), plan(figure=True))
    except ReportError:
        return
    within_caps(got)


@given(st.binary(max_size=2000))
@settings(max_examples=200, deadline=None)
def test_random_bytes_only_ever_raise_report_error(data):
    for raw in (data, b"PK\x03\x04" + data, data + b"PK\x05\x06" + b"\0" * 18):
        try:
            read_report(raw, plan())
        except ReportError:
            pass


# ---------------------------------------------------------------- what the supervisor collects


KINDS = st.sampled_from(["report", "corrupted", "fifo", "link_zero", "link_environ", "link_report", "folder",
                         "socket", "hard_link", "none"])


@given(st.lists(KINDS, min_size=3, max_size=3), st.integers(0, 10_000), st.binary(min_size=1, max_size=8))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_whatever_a_child_leaves_in_out_is_collected_as_outcomes_or_the_task_s_crash(tmp_path, kinds, at, junk):
    from grader.batch.sandbox import Limits
    from grader.batch.supervise import collect

    folder = tmp_path / f"run{len(list(tmp_path.iterdir()))}"
    (folder / "out").mkdir(parents=True)
    plans = [plan(("a", "b", "c"), figure=True, task=f"t{i}") for i in range(3)]
    socks = []
    for p, kind in zip(plans, kinds, strict=True):
        path = folder / "out" / f"{p.task_id}.npz"
        data = report(folder, HONEST, task=p.task_id)
        if kind in ("report", "corrupted"):
            raw = bytearray(data)
            if kind == "corrupted":
                raw[at % len(raw):at % len(raw) + len(junk)] = junk
            path.write_bytes(bytes(raw))
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind.startswith("link"):
            (folder / "elsewhere.npz").write_bytes(data)
            os.symlink({"link_zero": "/dev/zero", "link_environ": "/proc/self/environ",
                        "link_report": str(folder / "elsewhere.npz")}[kind], path)
        elif kind == "folder":
            path.mkdir()
        elif kind == "socket":
            socks.append(socket.socket(socket.AF_UNIX))
            socks[-1].bind(str(path))
        elif kind == "hard_link":
            (folder / "mine.npz").write_bytes(data)
            os.link(folder / "mine.npz", path)
    fd = open_dir(folder, "out")
    try:
        found = finishes(lambda: collect(fd, plans, Limits(), Budget(), {os.geteuid()}))
    finally:
        os.close(fd)
        for sock in socks:
            sock.close()
    for p, kind in zip(plans, kinds, strict=True):
        if kind == "none":
            assert p.task_id not in found
        elif kind == "report":
            assert found[p.task_id]["a"].values is not None
        else:
            outcomes = found[p.task_id]
            assert all(oc.error is not None and oc.error.kind == "crash" for oc in outcomes.values()) \
                or kind == "corrupted", (kind, outcomes)
            within_caps(outcomes)
