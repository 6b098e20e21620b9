"""A child's scratch goes whatever it left (grader/batch/cleanup.py), a killed run's goes with
the next run, and the kernel's limits on all of a child (grader/batch/confine.py): a cgroup
per child, a tmpfs scratch, both gone afterwards and both found out once."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from grader.batch import confine
from grader.batch.cleanup import ScratchRoot, clean_stale, remove_tree
from grader.kit import KIT

HOST = confine.detect()


def deep(root: Path, depth: int) -> None:
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    for _ in range(depth):
        os.mkdir("d", dir_fd=fd)
        fd, old = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd), fd
        os.close(old)
    os.close(os.open("leaf", os.O_CREAT | os.O_WRONLY, dir_fd=fd))
    os.close(fd)


def test_a_deep_tree_goes(tmp_path):
    root = tmp_path / "scratch"
    root.mkdir()
    deep(root, 5000)  # rmtree's recursion stopped near 1,000
    assert remove_tree(root) == [] and not root.exists()


def test_links_are_removed_never_followed(tmp_path):
    keep = tmp_path / "keep"
    keep.mkdir()
    (keep / "precious").write_text("x")
    root = tmp_path / "scratch"
    root.mkdir()
    os.symlink(keep, root / "to_dir")
    os.symlink(keep / "precious", root / "to_file")
    os.symlink("/", root / "to_root")
    os.link(keep / "precious", root / "hard")
    os.mkfifo(root / "fifo")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(root / "sock"))
    assert remove_tree(root) == []
    assert (keep / "precious").read_text() == "x"
    sock.close()


def test_unreadable_and_read_only_folders_go(tmp_path):
    root = tmp_path / "scratch"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "b" / "f").write_text("x")
    os.chmod(root / "a" / "b", 0)
    os.chmod(root / "a", 0o500)
    os.chmod(root, 0o500)
    assert remove_tree(root) == [] and not root.exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="chattr +i needs root")
def test_immutable_and_append_only_go(tmp_path):
    root = tmp_path / "scratch"
    (root / "d").mkdir(parents=True)
    (root / "d" / "f").write_text("x")
    (root / "g").write_text("x")
    subprocess.run(["chattr", "+i", str(root / "d" / "f"), str(root / "d")], check=True)
    subprocess.run(["chattr", "+a", str(root / "g")], check=True)
    assert remove_tree(root) == [] and not root.exists()


@pytest.mark.skipif(not HOST.tmpfs, reason="mounting a file system needs root")
def test_a_file_system_mounted_inside_is_left_alone_never_emptied(tmp_path):
    """Without bubblewrap a child running as root could mount / into its scratch: cleanup must
    not delete what is mounted there."""
    root = tmp_path / "scratch"
    (root / "mnt").mkdir(parents=True)
    assert confine.mount_tmpfs(root / "mnt", 1)
    try:
        (root / "mnt" / "sentinel").write_text("not the scratch's")
        (root / "mine").write_text("x")
        left = remove_tree(root)
        assert left and "another file system" in left[0]
        assert (root / "mnt" / "sentinel").read_text() == "not the scratch's" and not (root / "mine").exists()
    finally:
        confine.unmount(root / "mnt")
    assert remove_tree(root) == []


def test_it_never_raises_and_keeps_to_a_deadline(tmp_path):
    assert remove_tree(tmp_path / "absent") == []
    (tmp_path / "file").write_text("x")
    assert remove_tree(tmp_path / "file") == [] and not (tmp_path / "file").exists()
    assert isinstance(remove_tree("/proc/self/fd/0/nonsense"), list)
    root = tmp_path / "scratch"
    root.mkdir()
    deep(root, 2000)
    left = remove_tree(root, deadline=time.monotonic() - 1)
    assert left and "out of time" in left[-1]
    assert remove_tree(root) == []


HOLDER = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {kit!r})
    from grader.batch.cleanup import ScratchRoot
    root = ScratchRoot("dlkit-test-", {tmp!r})
    (root.path / "x").mkdir()
    print(root.path, flush=True)
    time.sleep(60)
""")


def start_holder(tmp: Path) -> tuple[subprocess.Popen, Path]:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER.format(kit=str(KIT), tmp=str(tmp))], stdout=subprocess.PIPE,
                            text=True)
    return proc, Path(proc.stdout.readline().strip())


def test_a_killed_run_s_folder_goes_and_a_live_one_s_stays(tmp_path):
    live, live_path = start_holder(tmp_path)
    dead, dead_path = start_holder(tmp_path)
    deep(dead_path, 2000)
    dead.send_signal(signal.SIGKILL)  # both are this test's own processes
    dead.wait()
    old = tmp_path / "dlkit-test-999999999-abc"  # an older grader's folder: no lock, a dead pid
    old.mkdir()
    report = clean_stale(tmp_path, "dlkit-test-")
    assert set(report) == {str(dead_path), str(old)} and all(v == [] for v in report.values())
    assert live_path.exists() and not dead_path.exists() and not old.exists()
    live.kill()
    live.wait()
    assert set(clean_stale(tmp_path, "dlkit-test-")) == {str(live_path)}


def test_a_folder_being_made_is_never_taken_for_a_stale_one(tmp_path):
    made, stop = [], threading.Event()

    def cleaner():
        while not stop.is_set():
            clean_stale(tmp_path, "dlkit-test-")

    thread = threading.Thread(target=cleaner)
    thread.start()
    try:
        for _ in range(100):
            made.append(ScratchRoot("dlkit-test-", str(tmp_path)))
            assert made[-1].path.is_dir()
    finally:
        stop.set()
        thread.join()
    assert all(root.path.is_dir() for root in made)
    assert all(root.close() == [] for root in made)


# ---------------------------------------------------------------- what the kernel gives


def test_the_host_says_what_it_offers():
    """Whatever this machine is, the grader knows what confines a child, or what is missing."""
    assert set(HOST.controllers) == set(confine.CONTROLLERS) or HOST.missing
    assert HOST.tmpfs or HOST.missing
    print("confinement here:", HOST.describe() or "none", "| missing:", HOST.missing or "nothing")


needs_cgroups = pytest.mark.skipif(not HOST.bases, reason=f"no cgroups here: {HOST.missing}")


@needs_cgroups
def test_a_child_s_cgroup_limits_all_its_processes_and_counts_its_oom_kills():
    group = confine.Cgroup.make(HOST, confine.cgroup_name(10_000), 64, 8)
    code = "import os\nos.fork()\nos.fork()\nx = bytearray(48 << 20)\nx[::4096] = b'x' * (len(x) // 4096)"
    try:
        run = subprocess.run(confine.joined(tuple(group.join_files()), [sys.executable, "-c", code]),
                             capture_output=True, timeout=60)
        assert group.oom_kills() >= 1, run  # four processes of 48 MiB do not fit in 64 MiB together
        assert (group.peak_bytes() or 0) <= 64 << 20
    finally:
        assert group.close()
    assert not any(path.exists() for path in group.dirs.values())


@needs_cgroups
def test_a_dead_grader_s_cgroups_go_and_a_live_one_s_stay():
    mine = confine.Cgroup.make(HOST, confine.cgroup_name(10_001), 64, 8)
    dead = confine.Cgroup.make(HOST, f"{confine.CGROUP_PREFIX}999999999-1-0", 64, 8)  # no such process
    try:
        assert confine.clean_stale_cgroups(HOST) == []
        assert all(p.exists() for p in mine.dirs.values()) and not any(p.exists() for p in dead.dirs.values())
    finally:
        mine.close()
        dead.close()


@pytest.mark.skipif(not HOST.tmpfs, reason=f"no tmpfs scratch here: {HOST.missing}")
def test_a_scratch_tmpfs_is_capped_in_bytes_and_inodes(tmp_path):
    assert confine.mount_tmpfs(tmp_path, 1, 16)
    try:
        with pytest.raises(OSError, match="No space"):
            (tmp_path / "big").write_bytes(b"\0" * (2 << 20))
        (tmp_path / "big").unlink()
        with pytest.raises(OSError, match="No space"):
            for i in range(32):
                (tmp_path / str(i)).touch()
        assert str(tmp_path) in [point for _, point, _, _ in confine.mounts()]
    finally:
        assert confine.unmount(tmp_path)
    assert str(tmp_path) not in [point for _, point, _, _ in confine.mounts()]


def test_mount_points_with_spaces_are_read_back():
    assert confine.unescape("/tmp/a\\040b\\134c") == "/tmp/a b\\c"
