"""LMS files, checked against what the importers read: Canvas's GradebookImporter
(instructure/canvas-lms app/models/gradebook_importer.rb) and Moodle's CSV grade import
(moodle/moodle grade/import/csv/classes/load_data.php), their rules re-stated below from that
source; docs/batch.md cites them."""

from __future__ import annotations

import csv
import io
import re

import pytest

from grader.batch import lms

ROSTER = b"""\
student,name,first_name,last_name,email,section,canvas_id,sis_user_id,sis_login_id,moodle_idnumber,late_tokens
s2024001,"Kim, Minji",Minji,Kim,minji@example.ac.kr,01,10234,2024001,minji,2024001,2
s2024002,"Lee, Junho",Junho,Lee,junho@example.ac.kr,02,10235,2024002,junho,,0
s2024003,"Park, Seoyeon",Seoyeon,Park,,01,10236,2024003,seoyeon,2024003,
s2024009,"Choi, Ara",Ara,Choi,ara@example.ac.kr,02,,,,,
"""
SCORES = {"s2024001": 81.55, "s2024002": 72.0, "s2024009": 50.0, "s9999999": 10.0}


def canvas_student_columns(header: list[str]) -> int:
    """GradebookImporter#update_column_count: name, ID and Section, plus SIS Login ID, or SIS
    User ID and SIS Login ID (and an optional Integration ID, Root Account)."""
    columns = 3
    if re.search(r"SIS\s+Login\s+ID", header[2]):
        columns += 1
    elif re.search(r"SIS\s+User\s+ID", header[2]) and re.search(r"SIS\s+Login\s+ID", header[3]):
        extra = 1 if re.search(r"Integration\s+ID", header[4]) else 0
        columns += 2 + extra + (1 if re.search(r"Root\s+Account", header[4 + extra]) else 0)
    return columns


def canvas_import(data: bytes) -> dict:
    """What GradebookImporter accepts: row_has_student_headers? (row[0] includes Student, row[1]
    ID), the last student column includes Section (header?), Current/Final Score|Points|Grade
    columns dropped, assignment columns 'Title (id)' (Assignment.title_and_id) or a bare title (a
    new assignment), a row whose first cell includes 'Points Possible' sets the points, and
    every other row is a student found by ID, SIS User ID, SIS Login ID or name."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    header = rows[0]
    assert len(header) > 3 and "Student" in header[0] and "ID" in header[1], "row_has_student_headers?"
    columns = canvas_student_columns(header)
    assert "Section" in header[columns - 1], "header?: the last student column must be Section"
    titles = [h for h in header[columns:] if not re.search("Current Score|Current Points|Current Grade|Final Score|"
                                                             "Final Points|Final Grade", h)]
    assignments = [m.groups() if (m := re.match(r"\A(.*)\s\((\d+)\)\Z", h)) else (h, None) for h in titles]
    points, students = None, {}
    for row in rows[1:]:
        if "Points Possible" in row[0]:
            points = row[columns:]
            continue
        assert row[1] or row[2] or row[3] or row[0], "a row Canvas cannot match to a student"
        grades = row[columns:]
        assert all(g == "" or g == "EX" or re.fullmatch(r"-?\d+(\.\d+)?", g) for g in grades)
        students[row[1] or row[2] or row[3] or row[0]] = grades
    return {"assignments": assignments, "points": points, "students": students}


def moodle_import(data: bytes, map_from: str, enrolled: dict[str, str]) -> dict:
    """Moodle's gradeimport_csv: a header; the 'Map from' column identifies the user (a row whose
    user is not found aborts the whole import); grades are '' / '-' (no grade) or numbers."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    header = rows[0]
    col = header.index(map_from)
    grades = {}
    for row in rows[1:]:
        if len(row) <= 1:
            continue
        user = row[col].strip()
        if user not in enrolled:
            raise AssertionError(f"Moodle would abort the import: user {user!r} not found")
        for name, value in zip(header, row, strict=True):
            if name not in ("First name", "Last name", "ID number", "Email address", "Username") \
                    and not name.startswith("Feedback: "):
                assert value in ("", "-") or re.fullmatch(r"-?\d+(\.\d+)?", value)
                grades[enrolled[user]] = value
    return grades


def test_roster():
    roster = lms.read_roster(ROSTER)
    assert roster["s2024001"].display == "Kim, Minji" and lms.late_tokens(roster) == {"s2024001": 2, "s2024002": 0}
    with pytest.raises(ValueError, match="unknown roster columns"):
        lms.read_roster(b"student,emial\ns1,x\n")
    with pytest.raises(ValueError, match="twice"):
        lms.read_roster(b"student\ns1\ns1\n")


def test_canvas_file_imports():
    roster = lms.read_roster(ROSTER)
    export = lms.canvas_csv(SCORES, roster, "DL ch4 autograded", 100, assignment_id="56789")
    seen = canvas_import(export.data)
    assert seen["assignments"] == [("DL ch4 autograded", "56789")] and seen["points"] == ["100"]
    assert seen["students"] == {"10234": ["81.55"], "10235": ["72"], "10236": [""]}
    assert export.left_out == ["s2024009", "s9999999"] and export.missing == ["s2024003"]
    assert export.data.decode().splitlines()[0] == \
        "Student,ID,SIS User ID,SIS Login ID,Section,DL ch4 autograded (56789)"


def test_moodle_file_imports_by_idnumber_and_email():
    roster = lms.read_roster(ROSTER)
    enrolled = {"2024001": "s2024001", "2024002": "s2024002", "2024003": "s2024003"}
    export = lms.moodle_csv(SCORES, roster, "DL ch4", "idnumber", feedback={"s2024001": "late 1 day: -8.16"})
    assert moodle_import(export.data, "ID number", enrolled) == {"s2024001": "81.55", "s2024002": "72", "s2024003": ""}
    assert export.data.decode().splitlines()[0] == \
        "First name,Last name,ID number,Email address,DL ch4,Feedback: DL ch4"
    by_mail = lms.moodle_csv(SCORES, roster, "DL ch4", "email")
    emails = {"minji@example.ac.kr": "s2024001", "junho@example.ac.kr": "s2024002", "ara@example.ac.kr": "s2024009"}
    assert moodle_import(by_mail.data, "Email address", emails) == {"s2024001": "81.55", "s2024002": "72",
                                                                    "s2024009": "50"}
    assert by_mail.left_out == ["s9999999"]  # s2024003 has no email: not written (it would abort the import)


def test_moodle_by_username_and_the_checkers_refuse_what_the_importers_refuse():
    roster = lms.read_roster(b"student,first_name,last_name,sis_user_id,moodle_username\n"
                             b"s2024001,Minji,Kim,2024001,minji.k\ns2024002,Junho,Lee,2024002,\n")
    export = lms.moodle_csv(SCORES, roster, "DL ch4", "username")
    assert export.data.decode().splitlines()[0] == "First name,Last name,ID number,Email address,Username,DL ch4"
    assert moodle_import(export.data, "Username", {"minji.k": "s2024001"}) == {"s2024001": "81.55"}
    assert export.left_out == ["s2024002", "s2024009", "s9999999"]  # no username, or not in the roster
    with pytest.raises(AssertionError, match="abort"):  # a roster student Moodle does not know
        moodle_import(lms.moodle_csv(SCORES, roster, "DL ch4").data, "ID number", {"2024001": "s2024001"})
    with pytest.raises(AssertionError, match="Section"):
        canvas_import(b"Student,ID,SIS User ID,SIS Login ID,Grade (1)\nKim,1,2,3,4\n")
    with pytest.raises(ValueError, match="moodle_id|identifier"):
        lms.moodle_csv(SCORES, roster, "DL ch4", "nickname")
