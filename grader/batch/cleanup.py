"""Removing a child's scratch folder, whatever the child left in it, without ever raising;
and the scratch of grader runs that were killed.

`remove_tree(path)` walks the tree with directory fds, without recursion and with at most
three fds open at a time, so neither Python's recursion limit nor RLIMIT_NOFILE bounds the
depth; it never follows a link (openat O_NOFOLLOW|O_DIRECTORY, unlinkat), never leaves the
tree's file system (a mount inside it is left alone, not emptied), and on EPERM/EACCES
repairs what it can — clears the immutable and append-only flags (root only), gives a
folder back its permissions — then goes on. It returns what it could not remove.

`ScratchRoot` is a run's private folder under the host's temporary folder, holding an
flock on `.lock` for the life of the process; `clean_stale(tmp, prefix)` removes every
such folder whose lock it can take (its run is gone: an flock dies with its process,
however it ended, and unlike a pid it cannot be reused), unmounting what is mounted in it.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import struct
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

FS_IOC_GETFLAGS = 0x80086601
FS_IOC_SETFLAGS = 0x40086602
FS_IMMUTABLE_FL = 0x00000010
FS_APPEND_FL = 0x00000020
DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
LOCK = ".lock"
ORPHAN_AGE = 3600  # seconds: a folder whose run died between mkdtemp and its rename


@dataclass
class Frame:
    name: str  # this folder's name in its parent ('' for the root)
    ident: tuple[int, int]  # (st_dev, st_ino), to check '..' on the way back up
    pending: list[str] = field(default_factory=list)  # subfolders still to do


def clear_flags(fd: int) -> None:
    """Clear immutable and append-only on an open file or folder (root may; others: no-op)."""
    try:
        flags = struct.unpack("i", fcntl.ioctl(fd, FS_IOC_GETFLAGS, struct.pack("i", 0)))[0]
        if flags & (FS_IMMUTABLE_FL | FS_APPEND_FL):
            fcntl.ioctl(fd, FS_IOC_SETFLAGS, struct.pack("i", flags & ~(FS_IMMUTABLE_FL | FS_APPEND_FL)))
    except OSError:
        pass


def clear_flags_at(dir_fd: int, name: str) -> None:
    """The same for an entry of a folder; only regular files and folders are ever opened."""
    try:
        st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
        if not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)):
            return
        fd = os.open(name, FILE_FLAGS, dir_fd=dir_fd)
    except OSError:
        return
    try:
        clear_flags(fd)
    finally:
        os.close(fd)


def repair_dir(fd: int) -> None:
    """A folder we must change: its flags cleared, rwx back for us."""
    clear_flags(fd)
    try:
        os.chmod(fd, 0o700)
    except OSError:
        pass


def open_subdir(dir_fd: int, name: str) -> int | None:
    for attempt in (0, 1):
        try:
            return os.open(name, DIR_FLAGS, dir_fd=dir_fd)
        except PermissionError:
            if attempt == 0:  # not root: a folder of ours the child made mode 000
                try:
                    os.chmod(name, 0o700, dir_fd=dir_fd, follow_symlinks=False)
                except (OSError, NotImplementedError):
                    pass
        except OSError:
            return None
    return None


def remove_at(dir_fd: int, name: str, is_dir: bool, failed: list[str], where: str) -> None:
    """unlinkat or rmdirat, repairing the folder and the entry's flags once on EPERM/EACCES."""
    for attempt in (0, 1):
        try:
            if is_dir:
                os.rmdir(name, dir_fd=dir_fd)
            else:
                os.unlink(name, dir_fd=dir_fd)
            return
        except FileNotFoundError:
            return
        except OSError as exc:
            if attempt == 0 and exc.errno in (errno.EPERM, errno.EACCES):
                clear_flags_at(dir_fd, name)
                repair_dir(dir_fd)
                continue
            failed.append(f"{where}/{name}: {exc.strerror}")
            return


def scan(fd: int, frame: Frame, failed: list[str], where: str) -> None:
    """Unlink every non-folder in fd's folder; note its subfolders in frame.pending."""
    for attempt in (0, 1):
        try:
            with os.scandir(fd) as entries:
                for entry in entries:
                    try:
                        is_dir = entry.is_dir(follow_symlinks=False)
                    except OSError:
                        is_dir = False
                    if not is_dir:
                        remove_at(fd, entry.name, False, failed, where)
                    else:
                        frame.pending.append(entry.name)
            return
        except PermissionError:
            if attempt == 0:
                repair_dir(fd)
                continue
            failed.append(f"{where}: cannot be listed")
            return
        except OSError as exc:
            failed.append(f"{where}: {exc.strerror}")
            return


def remove_tree(path: str | os.PathLike, deadline: float | None = None) -> list[str]:
    """Remove path and everything below it; return what could not be removed. Never raises
    (but for KeyboardInterrupt); `deadline` (time.monotonic()) stops it early."""
    failed: list[str] = []
    try:
        _remove_tree(Path(path), failed, deadline)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # cleanup must never cost a grade
        failed.append(f"{path}: {type(exc).__name__}: {exc}")
    return failed


def _remove_tree(path: Path, failed: list[str], deadline: float | None) -> None:
    try:
        st = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return
    parent_fd = os.open(path.parent, DIR_FLAGS)
    try:
        if not stat.S_ISDIR(st.st_mode):
            remove_at(parent_fd, path.name, False, failed, str(path.parent))
            return
        fd = open_subdir(parent_fd, path.name)
        if fd is None:
            failed.append(f"{path}: cannot be opened")
            return
        _walk(path, fd, parent_fd, st, failed, deadline)
    finally:
        os.close(parent_fd)


def _walk(path: Path, fd: int, parent_fd: int, st: os.stat_result, failed: list[str],
          deadline: float | None) -> None:
    stack: list[Frame] = []
    frame = Frame("", (st.st_dev, st.st_ino))
    scan(fd, frame, failed, str(path))
    while True:
        if deadline is not None and time.monotonic() > deadline:
            failed.append(f"{path}: out of time")
            os.close(fd)
            return
        if frame.pending:
            name = frame.pending.pop()
            child = open_subdir(fd, name)
            if child is None:
                failed.append(f"{path}/…/{name}: cannot be opened")
                continue
            cst = os.fstat(child)
            if cst.st_dev != st.st_dev:  # mounted since the scan: not ours to empty
                os.close(child)
                failed.append(f"{path}/…/{name}: another file system mounted here, left alone")
                continue
            stack.append(frame)
            os.close(fd)
            fd, frame = child, Frame(name, (cst.st_dev, cst.st_ino))
            scan(fd, frame, failed, f"{path}/…/{name}")
            continue
        if not stack:
            os.close(fd)
            remove_at(parent_fd, path.name, True, failed, str(path.parent))
            return
        up = os.open("..", DIR_FLAGS, dir_fd=fd)
        ident = os.fstat(up)
        os.close(fd)
        parent = stack.pop()
        if (ident.st_dev, ident.st_ino) != parent.ident:  # moved under us: stop rather than wander
            os.close(up)
            failed.append(f"{path}: a folder was moved during removal")
            return
        remove_at(up, frame.name, True, failed, f"{path}/…")
        fd, frame = up, parent


# ---------------------------------------------------------------- a run's folder, and stale ones


class ScratchRoot:
    """<tmp>/<prefix><pid>-<random>/, flock'ed for as long as this process lives. Made under a
    hidden name, locked, then renamed into place, so clean_stale never sees it unlocked."""

    def __init__(self, prefix: str, tmp: str | None = None) -> None:
        tmp = tmp or tempfile.gettempdir()
        nascent = Path(tempfile.mkdtemp(prefix=f".{prefix}new-", dir=tmp))
        self.lock_fd = os.open(nascent / LOCK, os.O_CREAT | os.O_RDWR | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
        fcntl.flock(self.lock_fd, fcntl.LOCK_EX)
        self.path = Path(tmp) / f"{prefix}{os.getpid()}-{nascent.name.rsplit('-', 1)[-1]}"
        os.rename(nascent, self.path)

    def close(self) -> list[str]:
        from .confine import unmount_below

        left = unmount_below(self.path) + remove_tree(self.path)
        os.close(self.lock_fd)
        return left


def clean_stale(tmp: str | os.PathLike, prefix: str, budget_s: float = 60.0) -> dict[str, list[str]]:
    """Remove <tmp>/<prefix>* folders whose lock nobody holds: {folder: what was left}. Never
    raises. A folder without a lock (a grader's prepared MNIST) goes by the pid in its name."""
    from .confine import unmount_below

    report: dict[str, list[str]] = {}
    deadline = time.monotonic() + budget_s
    try:
        candidates = sorted(Path(tmp).glob(f"{prefix}*"))
        candidates += [p for p in Path(tmp).glob(f".{prefix}new-*") if time.time() - p.lstat().st_mtime > ORPHAN_AGE]
    except OSError:
        return report
    for folder in candidates:
        try:
            if not stat.S_ISDIR(os.stat(folder, follow_symlinks=False).st_mode) or not owner_is_gone(folder, prefix):
                continue
        except OSError:
            continue
        report[str(folder)] = unmount_below(folder) + remove_tree(folder, deadline)
        if time.monotonic() > deadline:
            break
    return report


def owner_is_gone(folder: Path, prefix: str) -> bool:
    try:
        fd = os.open(folder / LOCK, os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
    except FileNotFoundError:
        pid = folder.name.removeprefix(".").removeprefix(prefix).split("-")[0]
        return (pid.isdigit() and not pid_alive(int(pid))) or folder.name.startswith(f".{prefix}new-")
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True
