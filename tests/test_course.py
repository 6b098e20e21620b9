"""Running a course with `dlkit grade`: the course file, late penalties in the gradebook and on
the pages, the LMS files, and regrades with changes.csv (reasons, history, --students/--force)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import make_submission

from grader.batch import changes as C
from grader.batch import grade_class
from grader.batch.course import Course, CourseRun, find_course_file, load_course, with_overrides
from grader.batch.late import LatePolicy
from grader.kit import KIT
from grader.reference import apply_edits, mutants

ONLY = ("sum_squares_error", "cross_entropy_error", "numerical_diff")
EXAMPLES = KIT / "examples" / "submissions"
ENV = {"PYTHONPATH": str(KIT), "PATH": "/usr/bin:/bin"}  # this kit's grader, whatever is installed
ROSTER = """student,name,canvas_id,sis_user_id,moodle_idnumber,late_tokens
s1,"Kim, Minji",101,2024001,2024001,
s2,"Lee, Junho",102,2024002,2024002,1
s3,"Park, Seoyeon",103,2024003,2024003,0
"""
TIMES = """student,submitted_at
s1,2024-10-01T23:00:00+09:00
s2,2024-10-03T12:00:00+09:00
s3,2024-10-02T01:00:00+09:00
"""


# ---------------------------------------------------------------- changes.py on its own


def res(score, sub="s1", code="g1", settings="c1", seed=7, late=None):
    return {"student": "x", "score": score, "submission_hash": sub, "grader_hash": f"{code}{settings}{seed}",
            "grader_code_hash": code, "settings_hash": settings, "hidden_seed": seed,
            **({"late": late} if late else {})}


def late(final, when="2024-10-02T00:00:00Z", policy="p1"):
    return {"final": final, "submitted_at": when, "policy": policy}


def test_each_reason() -> None:
    base = {s: C.entry(res(50, late=late(50))) for s in "abcdefghij"}
    now = {"a": C.entry(res(55, sub="s2", late=late(55))), "b": C.entry(res(50, code="g2", late=late(50))),
           "c": C.entry(res(60, settings="c2", late=late(60))), "d": C.entry(res(50, seed=8, late=late(50))),
           "e": C.entry(res(50, late=late(50))), "f": C.entry(res(50, late=late(45, when="2024-10-03T00:00:00Z"))),
           "g": C.entry(res(50, late=late(40, policy="p2"))), "h": C.entry(res(50, late=late(50))),
           "i": C.entry(res(52, late=late(52))), "new": C.entry(res(10))}
    got = {c.student: c.reason for c in C.diff(base, now, forced={"h", "i"})}
    assert got == {"a": "submission changed", "b": "grader changed", "c": "settings changed",
                   "d": "settings changed", "f": "submission time changed", "g": "late policy changed",
                   "h": "forced (unchanged)", "i": "forced", "j": "removed", "new": "new"}
    old = {"a": {"score": 1, "final": 1, "grader_hash": "x", "submission_hash": "s"}}  # before the split hashes
    new = {"a": {"score": 2, "final": 2, "grader_hash": "y", "submission_hash": "s"}}
    assert C.csv_bytes(C.diff(old, new)).decode() == \
        "student,old_score,new_score,old_final,new_final,reason\na,1,2,1,2,grader or settings changed\n"


def test_history_is_kept_once_and_numbered(tmp_path) -> None:
    folder = tmp_path / "students" / "a"
    folder.mkdir(parents=True)
    (folder / "result.json").write_text(json.dumps(res(80)))
    first = C.keep_history(folder)
    assert first.name == "0001.json" and C.keep_history(folder) == first  # a killed run kept it already
    (folder / "result.json").write_text(json.dumps(res(85)))
    assert C.keep_history(folder).name == "0002.json"
    assert C.keep_history(tmp_path / "students" / "nobody") is None


def test_select() -> None:
    ok = {"a": True, "b": True, "c": False}
    assert C.select("abc", ok, None, False) == ({"c"}, set())
    assert C.select("abc", ok, None, True) == ({"a", "b", "c"}, set())
    assert C.select("abc", ok, ["a"], True) == ({"a"}, {"c"})  # c is out of date but kept as recorded
    assert C.select("abc", ok, ["c"], False) == ({"c"}, set())
    with pytest.raises(ValueError, match="no submission for z"):
        C.select("abc", ok, ["z"], False)


# ---------------------------------------------------------------- the course file


def test_the_course_file(tmp_path) -> None:
    (tmp_path / "course.toml").write_text('roster = "r.csv"\n[late]\ndeadline = "2024-10-01 23:59"\n'
                                          'timezone = "Asia/Seoul"\npenalty = "5%/hour"\n'
                                          '[similarity]\nshared_code = ["book"]\n[lms]\nmoodle_id = "email"\n')
    course = load_course(tmp_path / "course.toml")
    assert course.roster == tmp_path / "r.csv" and course.shared_code == (tmp_path / "book",)
    assert course.late.unit == "hour" and course.late.penalty == 0.05 and course.lms.moodle_id == "email"
    assert find_course_file([tmp_path]) == tmp_path / "course.toml"
    changed = with_overrides(course, {"penalty": "10%/day", "floor": "50%"}, times=tmp_path / "t.csv")
    assert (changed.late.unit, changed.late.floor, changed.late.deadline) == ("day", 0.5, course.late.deadline)
    assert changed.times == tmp_path / "t.csv" and changed.roster == course.roster
    with pytest.raises(ValueError, match="needs a deadline"):
        with_overrides(Course(), {"penalty": "10%/day"})
    (tmp_path / "bad.toml").write_text('[late]\ndeadlin = "2024-10-01"\n')
    with pytest.raises(ValueError, match="unknown \\[late\\] keys deadlin"):
        load_course(tmp_path / "bad.toml")


# ---------------------------------------------------------------- a class, graded again and again


@pytest.fixture
def small_class(tmp_path) -> tuple[Path, Course]:
    subs = tmp_path / "subs"
    for student in ("s1", "s2", "s3"):
        make_submission(subs, student, files=("functions.py", "gradient.py"))
    (tmp_path / "roster.csv").write_text(ROSTER)
    (tmp_path / "times.csv").write_text(TIMES)
    policy = LatePolicy.parse("2024-10-01 23:59", timezone="Asia/Seoul", penalty="10%/day", floor="50%")
    return subs, Course(roster=tmp_path / "roster.csv", times=tmp_path / "times.csv", late=policy, similarity=False)


def grade(subs: Path, out: Path, course: Course, **kw) -> tuple[list[dict], dict]:
    stats: dict = {}
    results = grade_class(sorted(subs.iterdir()), out, jobs=2, only=ONLY, progress=False, stats=stats,
                          course=course, **kw)
    return results, stats


def rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def make_mistake(folder: Path, mistake: str) -> None:
    for file, old, new in mutants()[mistake]:
        (folder / file).write_text(apply_edits((folder / file).read_text(), [(old, new)], mistake))


def test_late_penalties_reach_the_gradebook_the_pages_and_the_lms_files(small_class, tmp_path) -> None:
    subs, course = small_class
    out = tmp_path / "out"
    results, stats = grade(subs, out, course)
    book = {r["student"]: r for r in rows(out / "gradebook.csv")}
    assert list(book["s1"])[-7:] == ["raw", "submitted_at", "late", "late_units", "tokens_used", "penalty", "total"]
    # s2: 1 day 12 h late = 2 days, one covered by the roster's token; s3: 1 h late, no tokens
    assert [book[s]["late_units"] for s in ("s1", "s2", "s3")] == ["0", "2", "1"]
    assert (book["s2"]["tokens_used"], book["s2"]["raw"], book["s2"]["total"]) == ("1", "18", "16.2")
    assert (book["s3"]["late"], book["s3"]["penalty"], book["s3"]["total"]) == ("01:01", "1.8", "16.2")
    page = (out / "students" / "s3" / "feedback.html").read_text(encoding="utf-8")
    assert "01:01 late (1 day)" in page and "Penalty 1.8 points: 18 → 16.2." in page
    assert json.loads((out / "students" / "s3" / "results.json").read_text())["score"] == 16.2  # Gradescope's
    canvas = rows(out / "canvas.csv")
    assert canvas[0]["Student"] == "Points Possible" and canvas[0]["dlkit"] == "18"
    assert {r["ID"]: r["dlkit"] for r in canvas[1:]} == {"101": "18", "102": "16.2", "103": "16.2"}
    moodle = rows(out / "moodle.csv")
    assert {r["ID number"]: r["dlkit"] for r in moodle} == {"2024001": "18", "2024002": "16.2", "2024003": "16.2"}
    assert [r["reason"] for r in rows(out / "changes.csv")] == ["new"] * 3 and stats["changed"] == 3


def test_a_regrade_of_one_student_changes_only_that_student(small_class, tmp_path) -> None:
    subs, course = small_class
    out = tmp_path / "out"
    grade(subs, out, course)
    before = {s: (out / "students" / s / "result.json").read_bytes() for s in ("s1", "s2", "s3")}
    gradebook = (out / "gradebook.csv").read_bytes()

    _, stats = grade(subs, out, course, students=["s2"], force=True)  # the same code, graded again
    assert (stats["graded"], stats["reused"]) == (1, 2)
    assert rows(out / "changes.csv") == [{"student": "s2", "old_score": "18", "new_score": "18", "old_final": "16.2",
                                          "new_final": "16.2", "reason": "forced (unchanged)"}]
    assert (out / "gradebook.csv").read_bytes() == gradebook
    assert json.loads((out / "students" / "s2" / "history" / "0001.json").read_bytes()) == json.loads(before["s2"])
    assert not (out / "students" / "s1" / "history").exists()

    make_mistake(subs / "s2", "sse_no_half")  # s2 hands in again
    make_mistake(subs / "s3", "ce_no_delta")  # so does s3, but only s2 is regraded
    _, stats = grade(subs, out, course, students=["s2"])
    assert stats["graded"] == 1 and stats["kept"] == ["s3"]
    assert [(r["student"], r["reason"]) for r in rows(out / "changes.csv")] == [("s2", "submission changed")]
    s2 = rows(out / "changes.csv")[0]
    assert float(s2["new_score"]) < float(s2["old_score"]) == 18
    assert {s: (out / "students" / s / "result.json").read_bytes() for s in ("s1", "s3")} == \
        {s: before[s] for s in ("s1", "s3")}
    assert sorted(p.name for p in (out / "students" / "s2" / "history").iterdir()) == ["0001.json", "0002.json"]

    _, stats = grade(subs, out, course)  # everyone: s3's new submission now
    assert [(r["student"], r["reason"]) for r in rows(out / "changes.csv")] == [("s3", "submission changed")]
    _, stats = grade(subs, out, course)  # nothing changed: nothing to say, the same gradebook
    assert rows(out / "changes.csv") == [] and stats["graded"] == 0


def test_times_and_settings_changes_are_named(small_class, tmp_path) -> None:
    subs, course = small_class
    out = tmp_path / "out"
    grade(subs, out, course)
    course.times.write_text(TIMES.replace("2024-10-02T01:00:00+09:00", "2024-10-01T22:00:00+09:00"))
    _, stats = grade(subs, out, course)  # s3 was on time after all: no regrade, another final score
    assert stats["graded"] == 0
    assert [(r["student"], r["new_final"], r["reason"]) for r in rows(out / "changes.csv")] == \
        [("s3", "18", "submission time changed")]
    assert "on time" in (out / "students" / "s3" / "feedback.html").read_text(encoding="utf-8")
    assert json.loads((out / "students" / "s3" / "result.json").read_text())["late"]["final"] == 18

    floor = with_overrides(course, {"penalty": "50%/day", "floor": "80%"})
    grade(subs, out, floor)
    assert [(r["student"], r["new_final"], r["reason"]) for r in rows(out / "changes.csv")] == \
        [("s2", "14.4", "late policy changed")]  # capped at the new floor: 80% of 18

    from grader.batch.sandbox import Limits

    _, stats = grade(subs, out, floor, limits=Limits(case_timeout=7))
    assert stats["graded"] == 3
    assert {r["reason"] for r in rows(out / "changes.csv")} == {"settings changed"}
    result = json.loads((out / "students" / "s1" / "result.json").read_text())
    assert len(result["grader_code_hash"]) == len(result["settings_hash"]) == 64


def test_the_course_run_reads_tokens_from_the_roster(small_class) -> None:
    subs, course = small_class
    run = CourseRun.start(course, {s: str(subs / s) for s in ("s1", "s2", "s3", "s4")})
    assert run.lateness["s2"].tokens_used == 1 and run.lateness["s4"].source == "unknown"


# ---------------------------------------------------------------- the example class, out of the box


def test_dlkit_grade_on_the_example_class_shows_it_all(tmp_path) -> None:
    """The example class's course.toml: its roster, times and late policy; s2024008's copy flagged."""
    only = "cross_entropy_error,tangent_line,numerical_gradient,gradient_descent,two_layer_net_gradient"
    out = tmp_path / "grades"
    done = subprocess.run([sys.executable, "-m", "grader.cli", "grade", str(EXAMPLES), "--out", str(out),
                           "--only", only, "--case-timeout", "1", "--no-progress"],
                          capture_output=True, text=True, cwd=KIT, env=ENV)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "course settings from" in done.stdout and "1 pair flagged (similarity.html)" in done.stdout
    book = {r["student"]: r for r in rows(out / "gradebook.csv")}
    assert book["s2024005"]["late_units"] == "2" and book["s2024005"]["tokens_used"] == "1"
    assert book["s2024007"]["late"] == "on time"  # handed in exactly at the deadline
    assert rows(out / "similarity.csv")[0]["student_a"] == "s2024001"
    assert rows(out / "similarity.csv")[0]["student_b"] == "s2024008"
    assert rows(out / "similarity.csv")[0]["flag"] == "code"
    assert (out / "canvas.csv").read_text().startswith("Student,ID,SIS User ID,SIS Login ID,Section,"
                                                       "Chapter 4 exercises (56789)\n")
    assert 'id="similarity-link"' in (out / "class_report.html").read_text(encoding="utf-8")

    alone = subprocess.run([sys.executable, "-m", "grader.cli", "similarity", str(EXAMPLES), "--results", str(out),
                            "--out", str(tmp_path / "alone")], capture_output=True, text=True, cwd=KIT,
                           env=ENV)
    assert alone.returncode == 0 and "9 students, code and behaviour; 1 pair flagged" in alone.stdout, alone.stdout
    assert rows(tmp_path / "alone" / "similarity.csv")[0]["flag"] == "code"  # every function, not only --only's
