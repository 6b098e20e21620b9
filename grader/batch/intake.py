"""Safe intake: a submission (a folder or a .zip) in, its exercise files as bytes out.

Only the file names in grader.tasks.FILES are taken, at the top of the submission or in one
folder just below it (course sites and zip tools often add one). Nothing is ever extracted
to disk: zip members are read into memory, so `../` entries, absolute paths and symlinks
cannot write anywhere; they are refused and noted. Sizes are capped, so a zip bomb costs
at most MAX_FILE_BYTES per exercise file.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..tasks import FILES
from .safe_read import ChildFileError, zip_entry_count

MAX_FILE_BYTES = 1 << 20  # an exercise file is a few KB; a MiB leaves room for long comments
MAX_ZIP_BYTES = 512 << 20  # a course site's zip may also hold notebooks and data we ignore
MAX_ZIP_MEMBERS = 10_000  # counted in the zip's last record, before zipfile makes an object per member
IGNORED_FOLDERS = {"__MACOSX"}  # macOS zip resource forks
JUNK = {".DS_Store", "__MACOSX", "Thumbs.db", ".ipynb_checkpoints", ".git"}  # not submissions, not listed
# a student id names a folder under OUT/students: no separators, no leading dot, matched in
# full (re's `$` would let a trailing newline through)
STUDENT_ID = re.compile(r"\w[\w.@+-]{0,127}")


class IntakeError(ValueError):
    """A submission path that cannot be a submission (bad name, unreadable)."""


@dataclass(frozen=True)
class Intake:
    student: str
    source: str
    files: dict[str, bytes]  # exercise file name -> content
    notes: tuple[str, ...] = ()  # what was refused or ignored, for the instructor

    @property
    def digest(self) -> str:
        """The content hash of the exercise files only: the journal's key for this submission."""
        h = hashlib.sha256()
        for name in sorted(self.files):
            data = self.files[name]
            h.update(f"{name}\0{len(data)}\0".encode())
            h.update(data)
        return h.hexdigest()


def student_id(path: Path) -> str:
    """The id a submission's name gives. Letters of any script (Hangul names), but written one
    way only: a fullwidth 'ｓ0001' or a decomposed 'é' would be a second student who looks
    like the first (NFKC folds them)."""
    name = path.name[:-4] if path.name.lower().endswith(".zip") else path.name
    if not STUDENT_ID.fullmatch(name) or unicodedata.normalize("NFKC", name) != name:
        raise IntakeError(f"{shown(path.name)} is not usable as a student id (letters, digits and . _ @ + -, "
                          "not starting with a dot)")
    return name


def shown(name: str) -> str:
    """A name as a message or a CSV cell may show it: control characters escaped, and never
    starting like a spreadsheet formula."""
    text = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in name)
    return repr(text) if text[:1] in ("=", "+", "-", "@") else text


def read_submission(path: str | os.PathLike) -> Intake:
    """One submission's exercise files, or IntakeError with the reason it cannot be taken."""
    path = Path(path)
    student = student_id(path)
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISREG(mode) and path.suffix.lower() == ".zip":
            files, notes = read_zip(path)
        elif stat.S_ISDIR(mode):
            files, notes = read_folder(path)
        else:
            raise IntakeError(f"{shown(path.name)}: a submission is a folder or a .zip file")
    except OSError as exc:
        raise IntakeError(f"{shown(path.name)}: unreadable ({exc.strerror})") from None
    return Intake(student, str(path), files, tuple(notes))


def choose_folder(candidates: dict[str, list[str]], notes: list[str]) -> str | None:
    """Where the exercise files are: '' (the top) if any are there, else the one folder
    that holds them; several such folders are ambiguous and none is taken."""
    if "" in candidates:
        return ""
    if len(candidates) == 1:
        return next(iter(candidates))
    if candidates:
        notes.append(f"exercise files in several folders ({', '.join(sorted(candidates))}): none taken")
    return None


# ---------------------------------------------------------------- folders


def read_folder(root: Path) -> tuple[dict[str, bytes], list[str]]:
    notes: list[str] = []
    candidates: dict[str, list[str]] = {}
    for name in FILES:
        if (root / name).is_file() or (root / name).is_symlink():
            candidates.setdefault("", []).append(name)
    if not candidates:
        for sub in sorted(root.iterdir()):
            if sub.is_dir() and not sub.is_symlink() and sub.name not in IGNORED_FOLDERS:
                found = [n for n in FILES if (sub / n).is_file() or (sub / n).is_symlink()]
                if found:
                    candidates[sub.name] = found
    folder = choose_folder(candidates, notes)
    files = {}
    for name in candidates.get(folder, []) if folder is not None else []:
        data = read_plain_file(root / folder / name, notes)
        if data is not None:
            files[name] = data
    return files, notes


def read_plain_file(path: Path, notes: list[str]) -> bytes | None:
    """A regular file's bytes, never through a symlink (it could point at solutions/)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        notes.append(f"{path.name}: refused ({'a symlink' if path.is_symlink() else exc.strerror})")
        return None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            notes.append(f"{path.name}: refused (not a regular file)")
            return None
        data = fh.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        notes.append(f"{path.name}: refused (larger than {MAX_FILE_BYTES // 1024} KiB)")
        return None
    return data


# ---------------------------------------------------------------- zips


def member_parts(info: zipfile.ZipInfo) -> tuple[str, ...] | None:
    """A member's path parts, or None for anything that must not be taken: absolute paths,
    drive letters, '..', symlinks and directories."""
    name = info.filename.replace("\\", "/")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or info.is_dir():
        return None
    parts = PurePosixPath(name).parts
    if any(p in ("..", ".", "") for p in parts):
        return None
    if stat.S_ISLNK(info.external_attr >> 16):
        return None
    return parts


def read_zip(path: Path) -> tuple[dict[str, bytes], list[str]]:
    notes: list[str] = []
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > MAX_ZIP_BYTES:
            return {}, [f"{path.name}: refused (larger than {MAX_ZIP_BYTES >> 20} MiB)"]
        start = fh.seek(max(size - (22 + 0xFFFF), 0))
        try:
            members = zip_entry_count(fh.read(), start)
        except ChildFileError as exc:
            return {}, [f"{path.name}: not a readable zip ({exc})"]
    if members > MAX_ZIP_MEMBERS:
        return {}, [f"{path.name}: refused ({members} members, more than {MAX_ZIP_MEMBERS})"]
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError) as exc:
        return {}, [f"{path.name}: not a readable zip ({exc})"]
    with zf:
        members: dict[str, dict[str, list[zipfile.ZipInfo]]] = {}
        for info in zf.infolist():
            parts = member_parts(info)
            if parts is None:
                if not info.is_dir():
                    notes.append(f"{info.filename}: refused (unsafe path or symlink)")
                continue
            if len(parts) > 2 or parts[-1] not in FILES or parts[0] in IGNORED_FOLDERS:
                continue
            folder = parts[0] if len(parts) == 2 else ""
            members.setdefault(folder, {}).setdefault(parts[-1], []).append(info)
        folder = choose_folder({k: list(v) for k, v in members.items()}, notes)
        files = {}
        for name, infos in (members.get(folder, {}) if folder is not None else {}).items():
            if len(infos) > 1:
                notes.append(f"{name}: refused (the zip holds it {len(infos)} times)")
                continue
            data = read_member(zf, infos[0], notes)
            if data is not None:
                files[name] = data
    return dict(sorted(files.items())), notes


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, notes: list[str]) -> bytes | None:
    if info.file_size > MAX_FILE_BYTES:
        notes.append(f"{info.filename}: refused (larger than {MAX_FILE_BYTES // 1024} KiB)")
        return None
    try:
        with zf.open(info) as fh:
            data = fh.read(MAX_FILE_BYTES + 1)  # the header's size may lie; the read may not
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError) as exc:
        notes.append(f"{info.filename}: unreadable ({exc})")
        return None
    if len(data) > MAX_FILE_BYTES:
        notes.append(f"{info.filename}: refused (larger than {MAX_FILE_BYTES // 1024} KiB)")
        return None
    return data


# ---------------------------------------------------------------- the command line's paths


def is_submission(path: Path) -> bool:
    """A .zip, or a folder holding exercise files at its top."""
    if path.is_file():
        return path.suffix.lower() == ".zip"
    return path.is_dir() and any((path / name).exists() or (path / name).is_symlink() for name in FILES)


def find_submissions(paths: list[Path]) -> list[Path]:
    """Each path is a submission, or a folder of submissions (one folder or .zip per student).
    Every entry of such a folder is taken but known junk (.DS_Store, __MACOSX, ...) and plain
    files that are not zips: an odd one (a hidden name, a broken link, a FIFO) is then refused
    on its own, with its reason, instead of silently skipped."""
    found = []
    for path in map(Path, paths):
        if is_submission(path):
            found.append(path)
        elif path.is_dir():
            found.extend(p for p in sorted(path.iterdir()) if p.name not in JUNK
                         and (p.name.lower().endswith(".zip") or not p.is_file()))
        else:
            raise IntakeError(f"{path}: no such folder or .zip")
    return found
