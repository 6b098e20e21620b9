"""Late policy on made-up times: the deadline itself, grace, whole units, floor, tokens, zero
after, daylight saving, and where times come from (a CSV, nbgrader's timestamp.txt, a zip)."""

from __future__ import annotations

import struct
import zipfile
from datetime import datetime, timezone

import pytest

from grader.batch import late as L

KST = "Asia/Seoul"


def policy(**kw) -> L.LatePolicy:
    return L.LatePolicy.parse("2024-10-01 23:59", **({"timezone": KST, "penalty": "10%/day", "floor": "50%"} | kw))


def at(text: str, zone: str = KST) -> datetime:
    return L.parse_when(text, zone)


def test_exactly_at_the_deadline_is_on_time() -> None:
    p = policy()
    assert L.assess(p, at("2024-10-01 23:59")).units == 0
    assert L.assess(p, at("2024-10-01 23:59:01")).units == 1  # a second late is a day late
    assert L.assess(p, at("2024-10-01T14:59:00+00:00")).units == 0  # the same instant, in UTC


def test_units_are_whole_and_the_floor_holds() -> None:
    p = policy()
    two = L.assess(p, at("2024-10-03 12:00"))
    assert (two.units, two.fraction, two.final(80)) == (2, 0.2, 64.0)
    assert two.block(80)["penalty"] == 16.0
    week = L.assess(p, at("2024-10-09 00:00"))
    assert (week.units, week.fraction, week.final(80)) == (8, 0.5, 40.0)  # capped at the 50% floor


def test_grace_and_hours() -> None:
    p = policy(grace="15m", penalty="2%/hour", floor="0%")
    assert L.assess(p, at("2024-10-02 00:13")).units == 0
    past = L.assess(p, at("2024-10-02 00:15"))
    assert past.units == 1 and past.fraction == 0.02  # past grace: counted from the deadline
    assert L.assess(p, at("2024-10-02 03:00")).units == 4


def test_tokens_cover_part_of_the_lateness() -> None:
    p = policy(tokens=1)
    three = L.assess(p, at("2024-10-04 10:00"))
    assert (three.units, three.tokens_used, three.fraction) == (3, 1, 0.2)
    mine = L.assess(p, at("2024-10-04 10:00"), tokens=5)  # the roster says this student has 5 left
    assert (mine.tokens_used, mine.final(90)) == (3, 90.0)
    none = L.assess(p, at("2024-10-04 10:00"), tokens=0)
    assert none.tokens_used == 0 and none.fraction == pytest.approx(0.3)


def test_zero_after() -> None:
    p = policy(zero_after=3, floor="0%")
    assert L.assess(p, at("2024-10-04 23:00")).final(90) == 63.0
    gone = L.assess(p, at("2024-10-05 01:00"))
    assert gone.final(90) == 0.0 and gone.block(90)["zero"]


def test_daylight_saving_days_are_24_hours_of_elapsed_time() -> None:
    # New York springs forward on 2024-03-10: 23:30 on the 10th is 22.5 h after 23:59 on the 9th
    p = L.LatePolicy.parse("2024-03-09 23:59", timezone="America/New_York", penalty="10%/day")
    assert L.assess(p, at("2024-03-10 23:30", "America/New_York")).units == 1
    # 00:30 on the 11th is a calendar day and more on the wall clock, but 23 h 31 min of elapsed time
    assert L.assess(p, at("2024-03-11 00:30", "America/New_York")).units == 1
    assert L.assess(p, at("2024-03-11 01:00", "America/New_York")).units == 2
    # and falls back on 2024-11-03: the local hour 01:00-02:00 happens twice
    q = L.LatePolicy.parse("2024-11-03 01:30", timezone="America/New_York", penalty="10%/hour")
    assert L.assess(q, at("2024-11-03T01:30:00-04:00")).units == 0
    assert L.assess(q, at("2024-11-03T01:30:00-05:00")).units == 1


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="no UTC offset"):
        L.LatePolicy.parse("2024-10-01 23:59")
    with pytest.raises(ValueError, match="not a penalty"):
        policy(penalty="10 points")
    with pytest.raises(ValueError, match="unknown timezone"):
        policy(timezone="Mars/Olympus")


def test_the_policy_round_trips_through_its_options() -> None:
    p = policy(grace="15m", tokens=2, zero_after=7)
    options = p.options()
    assert L.LatePolicy.parse(options.pop("deadline"), **options) == p


def test_times_csv_and_nbgrader_timestamps(tmp_path) -> None:
    times = L.read_times_csv(b"student,submitted_at\ns1,2024-10-01T23:00:00+09:00\ns2,2024-10-02 08:00\n", KST)
    assert times["s2"] == datetime(2024, 10, 1, 23, 0, tzinfo=timezone.utc)
    assert L.parse_nbgrader_timestamp("2024-10-01 15:30:00.123456 UTC") == \
        datetime(2024, 10, 1, 15, 30, 0, 123456, tzinfo=timezone.utc)  # nbgrader's default format
    assert L.parse_nbgrader_timestamp("2024-10-02 00:30:00 Asia/Seoul") == \
        datetime(2024, 10, 1, 15, 30, tzinfo=timezone.utc)
    assert L.parse_nbgrader_timestamp("2024-10-01 15:30:00").tzinfo is not None  # no zone: UTC, as nbgrader
    folder = tmp_path / "submitted" / "s3" / "ch04"
    folder.mkdir(parents=True)
    (folder / "timestamp.txt").write_text("2024-10-02 00:00:00.000000 UTC\n")
    assert L.nbgrader_times(tmp_path, "ch04") == {"s3": datetime(2024, 10, 2, tzinfo=timezone.utc)}
    with pytest.raises(ValueError, match="student,submitted_at"):
        L.read_times_csv(b"id,when\ns1,2024-10-01\n", KST)


def test_our_nbgrader_reading_agrees_with_nbgrader() -> None:
    utils = pytest.importorskip("nbgrader.utils")
    for text in ("2024-10-01 15:30:00.123456 UTC", "2024-10-02 00:30:00 Asia/Seoul", "2024-10-01 15:30:00",
                 "2024-10-01 15:30:00 3600"):
        assert L.parse_nbgrader_timestamp(text).astimezone(timezone.utc).replace(tzinfo=None) == utils.parse_utc(text)


def test_zip_times(tmp_path) -> None:
    path = tmp_path / "s1.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("s1/functions.py", (2024, 10, 1, 23, 50, 0)), "x = 1\n")
        zf.writestr(zipfile.ZipInfo("s1/gradient.py", (2024, 10, 2, 0, 10, 4)), "x = 2\n")
        zf.writestr(zipfile.ZipInfo("s1/notes.txt", (2024, 12, 1, 0, 0, 0)), "later, but not an exercise file\n")
    assert L.zip_time(path, KST) == at("2024-10-02 00:10:04")  # the DOS time has no zone: the policy's
    # the Info-ZIP extended timestamp, when present, is UTC and wins over the zone-less DOS time
    utc = int(datetime(2024, 10, 1, 14, 0, tzinfo=timezone.utc).timestamp())
    path2 = tmp_path / "s2.zip"
    with zipfile.ZipFile(path2, "w") as zf:
        info = zipfile.ZipInfo("gradient.py", (2024, 10, 9, 9, 9, 8))
        info.extra = struct.pack("<HHBi", 0x5455, 5, 1, utc)
        zf.writestr(info, "x = 1\n")
    assert L.zip_time(path2, KST) == datetime(2024, 10, 1, 14, 0, tzinfo=timezone.utc)


def test_sources_precedence_gradebook_cells_and_the_students_lines(tmp_path) -> None:
    p = policy()
    (tmp_path / "s1").mkdir()
    zipped = tmp_path / "s3.zip"
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr(zipfile.ZipInfo("functions.py", (2024, 10, 1, 12, 0, 0)), "x = 1\n")
    sources = {"s1": str(tmp_path / "s1"), "s2": str(tmp_path / "s2"), "s3": str(zipped)}
    times = L.submission_times(sources, KST, times_csv={"s2": at("2024-10-02 10:00")},
                               nbgrader={"s3": at("2024-10-05 10:00")})
    assert times["s1"] == (None, "unknown") and times["s2"][1] == "times.csv" and times["s3"][1] == "timestamp.txt"
    assert L.submission_times({"s3": str(zipped)}, KST)["s3"] == (at("2024-10-01 12:00"), "zip")
    block = L.assess(p, times["s2"][0], "times.csv").block(81.5)
    assert L.gradebook_cells(block) == ["81.5", "2024-10-02T01:00:00Z", "10:01", "1", "0", "8.15"]
    assert block["final"] == 73.35
    unknown = L.assess(p, None).block(80)
    assert L.gradebook_cells(unknown)[1:3] == ["", "unknown"] and unknown["final"] == 80
    assert L.feedback_lines(unknown, "en") == ["Submission time unknown: no late penalty applied."]
    assert L.feedback_lines(L.assess(p, times["s2"][0]).block(80), "en") == [
        "Submitted 2024-10-02T10:00+09:00, deadline 2024-10-01T23:59+09:00: 10:01 late (1 day).",
        "Penalty 8 points: 80 → 72."]
    assert L.feedback_lines(L.assess(p, times["s2"][0]).block(80), "ko")[-1] == "감점 8점: 80 → 72."
