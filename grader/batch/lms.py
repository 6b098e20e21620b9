"""LMS export: a roster maps the kit's student ids to the LMS's own; Canvas and Moodle import files.

Roster (roster.csv, UTF-8, header row; only `student` is required, unknown columns are refused:
a typo must not silently drop a column):

    student,name,first_name,last_name,email,section,canvas_id,sis_user_id,sis_login_id,moodle_idnumber,late_tokens
    s2024001,"Kim, Minji",Minji,Kim,minji@univ.ac.kr,01,10234,2024001,minji,2024001,2

`student` is the submission's name (folder or .zip); `name` is the LMS's display name
("Last, First" as Canvas exports it); `canvas_id` is Canvas's numeric user id (its export's
"ID" column); `sis_user_id`/`sis_login_id` the institution's ids; `moodle_idnumber` Moodle's
"ID number" (defaults to sis_user_id); `late_tokens` late days the student has left (late.py).

canvas.csv follows what Canvas's gradebook importer reads (GradebookImporter, canvas-lms):
the header `Student, ID, SIS User ID, SIS Login ID, Section, <assignment> (<assignment id>)`,
a `Points Possible` row, then one row per student; Canvas finds the student by ID, then SIS
User ID, then SIS Login ID, then name. moodle.csv follows Moodle's CSV grade import
(gradeimport_csv): any columns, one of them mapped to the user (ID number, email address or
username) and the grade columns to grade items on the import page; a row whose user is
unknown aborts the whole import, so rows without the chosen identifier are left out and
reported. docs/batch.md cites the importers' sources.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

ROSTER_COLUMNS = ("student", "name", "first_name", "last_name", "email", "section", "canvas_id", "sis_user_id",
                  "sis_login_id", "moodle_idnumber", "moodle_username", "late_tokens")
CANVAS_FILE = "canvas.csv"
MOODLE_FILE = "moodle.csv"
CANVAS_STUDENT_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
MOODLE_IDENTIFIERS = {"idnumber": "ID number", "email": "Email address", "username": "Username"}


@dataclass(frozen=True)
class Person:
    student: str
    fields: dict = field(default_factory=dict)

    def get(self, key: str) -> str:
        return (self.fields.get(key) or "").strip()

    @property
    def display(self) -> str:
        if self.get("name"):
            return self.get("name")
        if self.get("last_name") or self.get("first_name"):
            return ", ".join(p for p in (self.get("last_name"), self.get("first_name")) if p)
        return self.student


def read_roster(data: bytes | str) -> dict[str, Person]:
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "student" not in [f.strip() for f in reader.fieldnames]:
        raise ValueError("the roster needs a 'student' column (the submission's id)")
    unknown = sorted(set(f.strip() for f in reader.fieldnames) - set(ROSTER_COLUMNS))
    if unknown:
        raise ValueError(f"unknown roster columns: {', '.join(unknown)} (known: {', '.join(ROSTER_COLUMNS)})")
    roster = {}
    for row in reader:
        row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        if not row.get("student"):
            continue
        if row["student"] in roster:
            raise ValueError(f"the roster lists {row['student']} twice")
        roster[row["student"]] = Person(row["student"], row)
    return roster


def late_tokens(roster: Mapping[str, Person]) -> dict[str, int]:
    """student -> the late tokens the roster says they have left (only where it says)."""
    out = {}
    for s, p in roster.items():
        if p.get("late_tokens"):
            try:
                out[s] = int(p.get("late_tokens"))
            except ValueError:
                raise ValueError(f"the roster's late_tokens for {s} is not a whole number: {p.get('late_tokens')!r}") \
                    from None
    return out


def number(x: float | None) -> str:
    return "" if x is None else f"{round(float(x), 2):g}"


def has_canvas_id(person: Person) -> bool:
    return any(person.get(k) for k in ("canvas_id", "sis_user_id", "sis_login_id"))


@dataclass
class Export:
    data: bytes
    left_out: list[str]  # graded students the file could not name (not in the roster, no LMS id)
    missing: list[str]  # roster students with no submission (written blank: the LMS keeps its grade)


def canvas_csv(scores: Mapping[str, float], roster: Mapping[str, Person], assignment: str, points: float,
               assignment_id: str | None = None, missing_zero: bool = False) -> Export:
    """scores: student -> final score (after the late penalty), out of `points`."""
    title = f"{assignment} ({assignment_id})" if assignment_id else assignment
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([*CANVAS_STUDENT_COLUMNS, title])
    w.writerow(["Points Possible", "", "", "", "", number(points)])
    left_out = sorted(s for s in scores if s not in roster or not has_canvas_id(roster[s]))
    missing = []
    for student in sorted(roster, key=lambda s: (roster[s].display, s)):
        p = roster[student]
        if not has_canvas_id(p):
            continue
        if student in scores:
            grade = number(scores[student])
        else:
            missing.append(student)
            grade = "0" if missing_zero else ""
        w.writerow([p.display, *(p.get(k) for k in ("canvas_id", "sis_user_id", "sis_login_id", "section")), grade])
    return Export(buf.getvalue().encode("utf-8"), left_out, missing)


def moodle_csv(scores: Mapping[str, float], roster: Mapping[str, Person], item: str,
               identifier: str = "idnumber", feedback: Mapping[str, str] | None = None,
               missing_zero: bool = False) -> Export:
    """One grade column named `item` (mapped to the grade item on Moodle's import page) and,
    with `feedback`, a `Feedback: <item>` column (Moodle overwrites an item's feedback and
    grade together, so both are written for every row)."""
    if identifier not in MOODLE_IDENTIFIERS:
        raise ValueError(f"identifier must be one of {', '.join(MOODLE_IDENTIFIERS)}")

    def ident(p: Person) -> str:
        if identifier == "idnumber":
            return p.get("moodle_idnumber") or p.get("sis_user_id")
        return p.get("email") if identifier == "email" else p.get("moodle_username")

    header = ["First name", "Last name", "ID number", "Email address"]
    if identifier == "username":
        header.append("Username")
    header.append(item)
    if feedback is not None:
        header.append(f"Feedback: {item}")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    left_out = sorted(s for s in scores if s not in roster or not ident(roster[s]))
    missing = []
    for student in sorted(roster, key=lambda s: (ident(roster[s]), s)):
        p = roster[student]
        if not ident(p):
            continue
        first, last = p.get("first_name"), p.get("last_name")
        if not (first or last) and "," in p.get("name"):
            last, first = (x.strip() for x in p.get("name").split(",", 1))
        row = [first, last, p.get("moodle_idnumber") or p.get("sis_user_id"), p.get("email")]
        if identifier == "username":
            row.append(p.get("moodle_username"))
        if student in scores:
            row.append(number(scores[student]))
        else:
            missing.append(student)
            row.append("0" if missing_zero else "")  # Moodle: '' or '-' is no grade
        if feedback is not None:
            row.append(feedback.get(student, ""))
        w.writerow(row)
    return Export(buf.getvalue().encode("utf-8"), left_out, missing)


def notes(export: Export, lms: str) -> Iterable[str]:
    if export.left_out:
        yield f"{lms}: not in the roster or without an {lms} id, left out: {', '.join(export.left_out)}"
    if export.missing:
        yield f"{lms}: in the roster without a submission: {', '.join(export.missing)}"
