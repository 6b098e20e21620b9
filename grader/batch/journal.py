"""The journal: each finished submission's files, written so that a run can die at any moment.

Every file is written to a temporary name and renamed into place (os.replace), so no
reader ever sees half a file; a student's result.json is written last, and its presence
is what "finished" means. A later run reuses a result.json while the submission's hash
(its exercise files only) and the grader's hash (grader code, frozen answers, solutions,
datasets code, settings and the student's hidden seed) are what they were.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import math
import os
import platform
import tempfile
from pathlib import Path

import numpy as np

from ..kit import FROZEN, KIT, SOLUTIONS

LOCK = ".dlkit-grade.lock"  # held (flock) by the run writing OUT
RESULT = "result.json"
SALT = ".dlkit-salt"  # OUT's own random value: the training data's key when there is no secret (job.data_key)
GRADESCOPE = "results.json"
LOG = "output.log"
ARTIFACTS = "artifacts"
TMP_SUFFIX = ".tmp"
# pages are rebuilt from result.json, so their code does not invalidate results; nor does the
# course's (late blocks are recomputed every run, the exports and the similarity report too)
NOT_GRADING = ("batch/reports.py", "batch/course.py", "batch/late.py", "batch/lms.py", "batch/changes.py",
               "batch/similarity/")


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def json_safe(obj):
    """obj with every non-finite number as None: what any JSON parser reads back."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: json_safe(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [json_safe(v) for v in obj]
    return obj


def json_bytes(obj) -> bytes:
    """Always valid JSON (allow_nan=False): a number no parser reads, such as Infinity, is null."""
    return (json.dumps(json_safe(obj), ensure_ascii=False, indent=1, sort_keys=True, allow_nan=False)
            + "\n").encode("utf-8")


class OutLocked(RuntimeError):
    """Another run is writing this OUT."""


def lock_out(out: Path) -> int:
    """An exclusive flock on OUT for the run: a second `dlkit grade` on the same OUT stops at
    once, instead of removing the first one's files in flight. The lock dies with the process."""
    fd = os.open(out / LOCK, os.O_CREAT | os.O_RDWR | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise OutLocked(f"{out} is being written by another `dlkit grade` run: wait for it to finish, "
                        "or give another --out") from None
    return fd


def grading_files() -> list[Path]:
    grader_dir = KIT / "grader"
    files = [p for p in sorted(grader_dir.rglob("*.py"))
             if not p.relative_to(grader_dir).as_posix().startswith(NOT_GRADING) and "__pycache__" not in p.parts]
    files += sorted((KIT / "datasets").glob("*.py"))
    if SOLUTIONS.is_dir():
        files += [p for p in sorted(SOLUTIONS.rglob("*.py")) if "__pycache__" not in p.parts]
    return files + [FROZEN]


def grader_code_hash() -> str:
    """The grader's part of what the grades depend on: code, answers, solutions, versions."""
    h = hashlib.sha256()
    for path in grading_files():
        h.update(path.relative_to(KIT).as_posix().encode() + b"\0")
        h.update(path.read_bytes() if path.is_file() else b"(absent)")
    versions = {"python": platform.python_version(), "numpy": np.__version__}
    h.update(json.dumps({"versions": versions}, sort_keys=True).encode())
    return h.hexdigest()


def settings_hash(settings: dict) -> str:
    """The run's part: tasks, training settings, limits, sandbox, language."""
    return hashlib.sha256(json.dumps({"settings": settings}, sort_keys=True).encode()).hexdigest()


def hash_parts(settings: dict) -> dict[str, str]:
    """What result.json records of the grader hash, so that changes.csv can say which part changed."""
    return {"grader_code_hash": grader_code_hash(), "settings_hash": settings_hash(settings)}


def grader_hash(settings: dict, parts: dict[str, str] | None = None) -> str:
    """What the grades depend on besides the submission: code, answers, versions, settings."""
    parts = parts or hash_parts(settings)
    return hashlib.sha256(f"{parts['grader_code_hash']}\0{parts['settings_hash']}".encode()).hexdigest()


def student_grader_hash(base: str, hidden_seed: int | None) -> str:
    return hashlib.sha256(f"{base}\0{hidden_seed}".encode()).hexdigest()


def student_dir(out: Path, student: str) -> Path:
    return out / "students" / student


def recorded(folder: Path) -> dict | None:
    """The student's result.json, whatever made it."""
    try:
        return json.loads((folder / RESULT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def reusable(folder: Path, submission_hash: str, grader_hash_: str) -> dict | None:
    """The recorded result, if it was made from this submission by this grader."""
    result = recorded(folder)
    if result and result.get("submission_hash") == submission_hash and result.get("grader_hash") == grader_hash_:
        return result
    return None


def clean_temporaries(out: Path) -> None:
    """Temporary files a killed run left behind (never a finished file)."""
    for path in [*out.glob(f".*{TMP_SUFFIX}"), *out.glob(f"students/*/.*{TMP_SUFFIX}"),
                 *out.glob(f"students/*/{ARTIFACTS}/**/.*{TMP_SUFFIX}")]:
        path.unlink(missing_ok=True)


def write_files(folder: Path, graded) -> None:
    """Everything of a graded submission but result.json: figures, Gradescope's results.json
    and the student's (capped) output."""
    from .cleanup import remove_tree

    (folder / RESULT).unlink(missing_ok=True)  # from here until commit, the student is unfinished
    remove_tree(folder / ARTIFACTS)
    for name, data in sorted(graded.artifacts.items()):
        atomic_write(folder / ARTIFACTS / name, data)
    atomic_write(folder / GRADESCOPE, json_bytes(graded.gradescope))
    atomic_write(folder / LOG, graded.log)


def commit(folder: Path, result: dict) -> None:
    atomic_write(folder / RESULT, json_bytes(result))


def salt(out: Path) -> str:
    """OUT's salt, made on first need: random, so that without a course secret no student can
    know their training data's key; kept, so that every run on this OUT draws the same data."""
    path = out / SALT
    if not path.is_file():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another run made it just now
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(os.urandom(32).hex() + "\n")
    return path.read_text(encoding="ascii").strip()
