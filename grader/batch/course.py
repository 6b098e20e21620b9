"""Running a course: the course settings file, and what a run adds to the grades with them.

A course file (TOML; `dlkit grade` reads SUBMISSIONS/course.toml when there is one, or
`--course FILE`; command-line options override it) names the roster, the submission times,
the late policy, the LMS columns and the similarity report's extra shared code; paths are
relative to the file:

    roster = "roster.csv"              # student -> LMS ids, sections, late tokens (lms.py)
    times = "times.csv"                # student,submitted_at (late.py)

    [nbgrader]                         # or nbgrader's timestamp.txt files
    course = "../course"
    assignment = "ch04"

    [late]
    deadline = "2024-10-01 23:59"
    timezone = "Asia/Seoul"
    penalty = "10%/day"                # or "2%/hour"
    floor = "50%"                      # the share of the raw score always kept
    grace = "15m"
    tokens = 0                         # late units free of penalty (the roster's late_tokens wins)
    zero_after = 7                     # more late units than this: 0

    [lms]
    assignment = "Chapter 4 exercises" # Canvas's column title, Moodle's grade item
    canvas_assignment_id = "56789"     # from the assignment's URL; without it Canvas creates one
    moodle_id = "idnumber"             # or "email", "username": Moodle's "Map from"
    missing = "blank"                  # or "zero": roster students without a submission

    [similarity]
    enabled = true
    shared_code = ["book"]             # the book's ch04/ and common/, the slides' text, ...

Python 3.11 reads TOML with the standard library (tomllib); on 3.10 the batch extra
installs tomli, the same parser.

The late block (late.py) is part of each result.json but not of the journal's key: times
and the policy can change without regrading, and a reused result gets its block, its
Gradescope score and its feedback page brought up to date.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import late as L
from . import lms
from .journal import GRADESCOPE, RESULT, atomic_write, json_bytes

COURSE_FILE = "course.toml"
KEYS = {"": {"roster", "times", "nbgrader", "late", "lms", "similarity"},
        "nbgrader": {"course", "assignment"},
        "late": {"deadline", "timezone", "penalty", "floor", "grace", "tokens", "zero_after"},
        "lms": {"assignment", "canvas_assignment_id", "moodle_id", "missing"},
        "similarity": {"enabled", "shared_code"}}


@dataclass(frozen=True)
class Lms:
    assignment: str = "dlkit"
    canvas_assignment_id: str | None = None
    moodle_id: str = "idnumber"
    missing: str = "blank"

    def __post_init__(self) -> None:
        if self.moodle_id not in lms.MOODLE_IDENTIFIERS:
            raise ValueError(f"[lms] moodle_id must be one of {', '.join(lms.MOODLE_IDENTIFIERS)}")
        if self.missing not in ("blank", "zero"):
            raise ValueError("[lms] missing must be blank or zero")


@dataclass(frozen=True)
class Course:
    roster: Path | None = None
    times: Path | None = None
    nbgrader: tuple[Path, str] | None = None  # (course folder, assignment)
    late: L.LatePolicy | None = None
    lms: Lms = field(default_factory=Lms)
    similarity: bool = True
    shared_code: tuple[Path, ...] = ()


def read_toml(path: Path) -> dict:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10: the batch extra's tomli
        try:
            import tomli as tomllib
        except ModuleNotFoundError:
            raise ValueError(f"{path}: reading TOML on Python 3.10 needs tomli (pip install 'dlkit[batch]')") from None
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path}: {exc}") from None


def check_keys(data: Mapping, path: Path) -> None:
    for table, known in KEYS.items():
        values = data.get(table, {}) if table else data
        if not isinstance(values, Mapping):
            raise ValueError(f"{path}: [{table}] must be a table")
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"{path}: unknown {'[' + table + '] ' if table else ''}keys {', '.join(unknown)} "
                             f"(known: {', '.join(sorted(known))})")


def load_course(path: Path) -> Course:
    """The course file's settings, its paths resolved against its folder."""
    path = Path(path)
    data = read_toml(path)
    check_keys(data, path)
    here = path.parent
    nb = data.get("nbgrader")
    late = data.get("late")
    try:
        policy = L.LatePolicy.parse(late.pop("deadline"), **late) if late else None
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{path}: [late]: {exc}") from None
    sim = data.get("similarity", {})
    return Course(
        roster=here / data["roster"] if "roster" in data else None,
        times=here / data["times"] if "times" in data else None,
        nbgrader=(here / nb["course"], nb.get("assignment", "ch04")) if nb else None,
        late=policy,
        lms=course_lms(data.get("lms", {}), path),
        similarity=bool(sim.get("enabled", True)),
        shared_code=tuple(here / p for p in sim.get("shared_code", ())))


def course_lms(values: Mapping, path: Path) -> Lms:
    try:
        return Lms(**{k: str(v) for k, v in values.items()})
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None


def find_course_file(submissions: list[Path]) -> Path | None:
    """SUBMISSIONS/course.toml, when the command names one folder of submissions that has one."""
    folders = [Path(p) for p in submissions if Path(p).is_dir()]
    if len(folders) == 1 and (folders[0] / COURSE_FILE).is_file():
        return folders[0] / COURSE_FILE
    return None


def with_overrides(course: Course, late: Mapping | None = None, **changes) -> Course:
    """The course with the command line's values (None: keep the file's); `late`: LatePolicy.parse's
    arguments, each replacing the course file's."""
    course = replace(course, **{k: v for k, v in changes.items() if v is not None})
    given = {k: v for k, v in (late or {}).items() if v is not None}
    if not given:
        return course
    merged = {**(course.late.options() if course.late else {}), **given}
    if "deadline" not in merged:
        raise ValueError("a late policy needs a deadline (--deadline, or [late] deadline in the course file)")
    return replace(course, late=L.LatePolicy.parse(merged.pop("deadline"), **merged))


# ---------------------------------------------------------------- one run


@dataclass
class CourseRun:
    """A course's settings read for one run: the roster, and each student's lateness."""

    course: Course
    roster: dict[str, lms.Person] | None
    lateness: dict[str, L.Lateness]

    @classmethod
    def start(cls, course: Course, sources: Mapping[str, str]) -> CourseRun:
        """sources: student -> the submission's path (a .zip's entries may hold its time)."""
        roster = lms.read_roster(course.roster.read_bytes()) if course.roster else None
        lateness = {}
        policy = course.late
        if policy is not None:
            times = L.read_times_csv(course.times.read_bytes(), policy.zone) if course.times else None
            nbgrader = L.nbgrader_times(*course.nbgrader) if course.nbgrader else None
            tokens = lms.late_tokens(roster) if roster else {}
            for student, (when, source) in L.submission_times(sources, policy.zone, times, nbgrader).items():
                lateness[student] = L.assess(policy, when, source, tokens.get(student))
        return cls(course, roster, lateness)

    def late_block(self, result: Mapping) -> dict | None:
        lateness = self.lateness.get(result["student"])
        return lateness.block(result["score"]) if lateness else None

    def complete(self, result: dict, gradescope: dict, lang: str) -> bool:
        """Put the late block into a result and its Gradescope score; whether anything changed."""
        block = self.late_block(result)
        if result.get("late") == block:
            return False
        result.pop("late", None)
        if block:
            result["late"] = block
        gradescope["score"] = block["final"] if block else result["score"]
        gradescope.pop("output", None)
        if block:
            gradescope["output"] = "\n".join(L.feedback_lines(block, lang))
        return True

    def refresh(self, result: dict, folder: Path, lang: str) -> bool:
        """A reused result whose lateness changed: its result.json, results.json and page again."""
        try:
            gradescope = json.loads((folder / GRADESCOPE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            gradescope = {}
        if not self.complete(result, gradescope, lang):
            return False
        atomic_write(folder / GRADESCOPE, json_bytes(gradescope))
        atomic_write(folder / RESULT, json_bytes(result))
        return True

    def write_lms(self, results: list[dict], out: Path, lang: str, notice) -> None:
        """canvas.csv and moodle.csv beside the gradebook: each student's final score."""
        if self.roster is None:
            return
        settings = self.course.lms
        scores = {r["student"]: (r.get("late") or {}).get("final", r["score"]) for r in results}
        points = max((sum(t["points"] for t in r["tasks"]) for r in results), default=0)
        feedback = {r["student"]: " ".join(L.feedback_lines(r.get("late"), lang)) for r in results}
        zero = settings.missing == "zero"
        canvas = lms.canvas_csv(scores, self.roster, settings.assignment, points, settings.canvas_assignment_id, zero)
        moodle = lms.moodle_csv(scores, self.roster, settings.assignment, settings.moodle_id,
                                feedback if self.course.late else None, zero)
        atomic_write(Path(out) / lms.CANVAS_FILE, canvas.data)
        atomic_write(Path(out) / lms.MOODLE_FILE, moodle.data)
        for line in (*lms.notes(canvas, "Canvas"), *lms.notes(moodle, "Moodle")):
            notice(line)
