"""Reading what a child wrote, as hostile bytes: never through a link, never blocking,
never more than a cap, never twice.

* `open_dir(parent, name)` opens the child's out/ folder (O_DIRECTORY|O_NOFOLLOW) once,
  before the child starts; every report is then looked up relative to that fd, so the
  child cannot redirect the parent by swapping out/ for a link;
* `is_report(dir_fd, name)` is the supervisor's poll: lstat, a regular file;
* `read_child_file(dir_fd, name, max_bytes, owners)` lstat()s the name, so a FIFO, a socket
  or a device is never even opened; opens it O_NOFOLLOW|O_NONBLOCK|O_NOCTTY; checks fstat():
  a regular file, the inode the lstat saw, one link, an expected owner, at most max_bytes;
  then reads at most max_bytes + 1 bytes;
* `open_zip_bytes(data, max_members)` reads the end-of-central-directory record's count
  before zipfile builds a ZipInfo per entry; `member_bytes` takes stored or deflated
  members only, not encrypted, held to their header's size and CRC;
* `read_npy_bytes(raw, ...)` parses an .npy from bytes: the header is checked (plain kinds,
  element count, an exact fit) and the data taken from the same bytes, so nothing can
  change between the check and the read;
* `Budget` counts the bytes taken from one student's children, per task and in all.

Everything raises ChildFileError (a ValueError); the caller makes it that task's crash.
"""

from __future__ import annotations

import errno
import io
import math
import os
import stat
import struct
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field

import numpy as np

OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
READ_CHUNK = 1 << 20
EOCD = b"PK\x05\x06"
EOCD64_LOCATOR = b"PK\x06\x07"
PLAIN_KINDS = "biufU"
MAX_ITEMS = 4_000_000  # per array: training's W1 is 784 x hidden_size
MAX_STR_ITEMSIZE = 4 * 1024  # bytes per element of a 'U' array: 1024 characters
MAX_NDIM = 8
MAX_HEADER = 10_000


class ChildFileError(ValueError):
    """A file the child left that the parent will not read (`missing`: there is none)."""

    def __init__(self, message: str, missing: bool = False) -> None:
        super().__init__(message)
        self.missing = missing


@dataclass
class Budget:
    """Bytes the parent takes from one student's children: per file as stored, per task
    and in all once uncompressed, and in figures (they are copied to OUT)."""

    file_bytes: int = 64 << 20  # RLIMIT_FSIZE is 64 MiB anyway
    task_bytes: int = 128 << 20
    student_bytes: int = 384 << 20
    png_bytes: int = 4 << 20  # an honest figure is 20-60 KB, six of them
    used: int = 0
    png_used: int = 0
    per_task: dict[str, int] = field(default_factory=dict)

    def take(self, task_id: str, n: int) -> None:
        in_task = self.per_task.get(task_id, 0) + n
        if in_task > self.task_bytes:
            raise ChildFileError(f"the report is larger than {self.task_bytes >> 20} MiB")
        if self.used + n > self.student_bytes:
            raise ChildFileError(f"the reports are larger than {self.student_bytes >> 20} MiB in all")
        self.per_task[task_id] = in_task
        self.used += n

    def take_png(self, n: int) -> None:
        if self.png_used + n > self.png_bytes:
            raise ChildFileError(f"the figures are larger than {self.png_bytes >> 20} MiB in all")
        self.png_used += n


# ---------------------------------------------------------------- the folder and its files


def open_dir(parent: str | os.PathLike, name: str) -> int:
    """An fd for parent/name: a real directory, not a link to one."""
    try:
        return os.open(os.path.join(os.fspath(parent), name), DIR_FLAGS)
    except OSError as exc:
        raise ChildFileError(f"{name}/: {exc.strerror}") from None


def is_report(dir_fd: int, name: str) -> bool:
    """A regular file by that name, never following a link (the supervisor polls this)."""
    try:
        return stat.S_ISREG(os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode)
    except (OSError, ValueError):
        return False


def describe_mode(mode: int) -> str:
    for test, what in ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return what
    return "not a file"


def read_child_file(dir_fd: int, name: str, max_bytes: int, owners: set[int] | None = None) -> bytes:
    """The bytes of a regular file the child left in dir_fd's folder, or ChildFileError."""
    if not name or "/" in name or "\0" in name or name in (".", ".."):
        raise ChildFileError(f"{name!r}: not a plain name")
    try:
        before = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except OSError as exc:
        raise ChildFileError(f"{name}: {exc.strerror}", missing=exc.errno == errno.ENOENT) from None
    if not stat.S_ISREG(before.st_mode):
        raise ChildFileError(f"{name}: {describe_mode(before.st_mode)}, not a regular file")
    try:
        fd = os.open(name, OPEN_FLAGS, dir_fd=dir_fd)
    except OSError as exc:  # ELOOP: swapped for a link since the lstat; ENXIO: a socket
        raise ChildFileError(f"{name}: {exc.strerror}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or (st.st_dev, st.st_ino) != (before.st_dev, before.st_ino):
            raise ChildFileError(f"{name}: replaced while being opened")
        if st.st_nlink != 1:
            raise ChildFileError(f"{name}: has {st.st_nlink} links")
        if owners is not None and st.st_uid not in owners:
            raise ChildFileError(f"{name}: owned by uid {st.st_uid}, not the child's")
        if st.st_size > max_bytes:
            raise ChildFileError(f"{name}: {st.st_size} bytes, more than {max_bytes}")
        chunks, total = [], 0
        while total <= max_bytes:
            chunk = os.read(fd, min(READ_CHUNK, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise ChildFileError(f"{name}: grew past {max_bytes} bytes while being read")
        return b"".join(chunks)
    finally:
        os.close(fd)


def open_regular(path: str | os.PathLike, flags: int) -> int:
    """An fd for a regular file the child could have replaced (its log), never a FIFO or a
    link: opening a FIFO for writing would block until someone reads it."""
    fd = os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise ChildFileError(f"{os.fspath(path)}: not a regular file")
    return fd


def open_afresh(path: str | os.PathLike, flags: int) -> int:
    """open_regular, or, where something else is in its place (a FIFO: opening one to write
    blocks until someone reads it), a new regular file instead of it."""
    try:
        return open_regular(path, flags)
    except (OSError, ChildFileError):
        try:
            os.unlink(path)
        except IsADirectoryError:
            os.rename(path, f"{os.fspath(path)}.{os.getpid()}.{os.urandom(4).hex()}")
        except FileNotFoundError:
            pass
        return open_regular(path, flags | os.O_CREAT | os.O_EXCL)


# ---------------------------------------------------------------- a zip, from memory


def zip_entry_count(data: bytes, offset: int = 0) -> int:
    """The number of entries the end-of-central-directory record claims, read before zipfile
    makes a ZipInfo for each; ZIP64 and multi-disk archives are refused. `data` may be the
    file's tail, starting at `offset` in the file."""
    at = data.rfind(EOCD, max(len(data) - (22 + 0xFFFF), 0))
    if at < 0 or len(data) - at < 22:
        raise ChildFileError("not a zip file (no end of central directory)")
    if data.rfind(EOCD64_LOCATOR, max(at - 20, 0), at) >= 0:
        raise ChildFileError("a ZIP64 archive")
    disk, cd_disk, n_here, n_total, cd_size, cd_offset, _ = struct.unpack("<HHHHIIH", data[at + 4:at + 22])
    if disk or cd_disk or n_here != n_total:
        raise ChildFileError("a multi-disk zip")
    if cd_offset + cd_size > offset + at:
        raise ChildFileError("the central directory lies outside the file")
    return n_total


def open_zip_bytes(data: bytes, max_members: int) -> zipfile.ZipFile:
    n = zip_entry_count(data)
    if n > max_members:
        raise ChildFileError(f"{n} members, more than {max_members}")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:  # any failure of a hostile zip is its own
        raise ChildFileError(f"unreadable zip ({type(exc).__name__}: {exc})") from None
    if len(zf.infolist()) != n:
        raise ChildFileError("the central directory does not match its count")
    return zf


def member_bytes(zf: zipfile.ZipFile, info: zipfile.ZipInfo, max_bytes: int) -> bytes:
    """One member's bytes, at most max_bytes whatever its header says: stored or deflated,
    not encrypted, its size and CRC as the header says."""
    if info.flag_bits & 0x1:
        raise ChildFileError(f"{info.filename}: encrypted")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise ChildFileError(f"{info.filename}: compression method {info.compress_type}")
    if info.file_size > max_bytes:
        raise ChildFileError(f"{info.filename}: {info.file_size} bytes, more than {max_bytes}")
    try:
        with zf.open(info) as fh:
            data = fh.read(max_bytes + 1)  # ZipExtFile stops at file_size and checks the CRC there
    except Exception as exc:
        raise ChildFileError(f"{info.filename}: unreadable ({type(exc).__name__}: {exc})") from None
    if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
        raise ChildFileError(f"{info.filename}: not the {info.file_size} bytes its header describes")
    return data


# ---------------------------------------------------------------- one .npy, from memory


def read_npy_bytes(raw: bytes, kinds: str = PLAIN_KINDS, max_items: int = MAX_ITEMS,
                   max_itemsize: int = MAX_STR_ITEMSIZE) -> np.ndarray:
    """An .npy's array from its bytes: its header checked first, its data from the same bytes."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # numpy may warn about a hostile header
            return _read_npy(io.BytesIO(raw), raw, kinds, max_items, max_itemsize)
    except ChildFileError:
        raise
    except Exception as exc:
        raise ChildFileError(f"bad npy ({type(exc).__name__}: {str(exc)[:200]})") from None


def _read_npy(fh: io.BytesIO, raw: bytes, kinds: str, max_items: int, max_itemsize: int) -> np.ndarray:
    version = np.lib.format.read_magic(fh)
    if version == (1, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_1_0(fh, max_header_size=MAX_HEADER)
    elif version in ((2, 0), (3, 0)):
        shape, fortran, dtype = np.lib.format.read_array_header_2_0(fh, max_header_size=MAX_HEADER)
    else:
        raise ChildFileError(f"npy version {version}")
    if (dtype.kind not in kinds or dtype.hasobject or dtype.fields is not None or dtype.subdtype is not None
            or dtype.itemsize == 0):
        raise ChildFileError(f"dtype {dtype} is not plain data")
    if dtype.kind == "f" and dtype.itemsize not in (2, 4, 8):
        raise ChildFileError(f"dtype {dtype}: float16, float32 or float64 only")
    if dtype.kind == "U" and dtype.itemsize > max_itemsize:
        raise ChildFileError("strings too long")
    if len(shape) > MAX_NDIM or any(type(d) is not int or d < 0 for d in shape):
        raise ChildFileError(f"shape {shape}")
    count = math.prod(shape)
    offset = fh.tell()
    if count > max_items or count * dtype.itemsize != len(raw) - offset:
        raise ChildFileError(f"{shape} of {dtype} is too large or does not fit its bytes")
    arr = np.frombuffer(raw, dtype=dtype, count=count, offset=offset)
    arr = arr.reshape(shape[::-1]).T if fortran else arr.reshape(shape)
    return np.array(arr, dtype=dtype.newbyteorder("="), order="C")  # its own memory, writable, native order
