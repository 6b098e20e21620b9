"""Late policy: a deadline, a penalty rule, late tokens, and where submission times come from.

    policy = LatePolicy.parse("2024-10-01 23:59", timezone="Asia/Seoul", penalty="10%/day", floor="50%")
    lateness = assess(policy, submitted_at, "times.csv", tokens=2)
    block = lateness.block(raw_score)          # what result.json's "late" holds

Lateness is elapsed time between UTC instants, so a deadline across a daylight-saving change
is neither shortened nor lengthened: a "day" is 24 hours after the deadline. A late unit
counts whole ("per day or part of one": one second late is one day late); exactly at the
deadline, or within the grace period, is on time. Tokens (the policy's default, or the
roster's `late_tokens` per student: the tokens the student has left) cover late units one
for one; each remaining unit costs `penalty` of the raw score, capped so that `floor` of it
is always kept; more than `zero_after` units late scores 0.

Times, by precedence: a times CSV (student,submitted_at; ISO 8601, no offset: read in the
policy's zone); nbgrader's submitted/<student>/<assignment>/timestamp.txt; the latest
exercise file entry of the student's .zip (the Info-ZIP extended timestamp, UTC, when there;
else the DOS time, local time with no zone and 2-second resolution, read in the policy's
zone: the weakest source, as course sites re-zip downloads). A submission without a time is
"unknown" and not penalised.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
import struct
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..messages import t
from ..tasks import FILES

UNITS = {"day": timedelta(days=1), "hour": timedelta(hours=1)}
DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(d|h|m|s)\s*$")
PENALTY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%?\s*/\s*(day|hour)\s*$")
PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%?\s*$")
SOURCES = ("times.csv", "timestamp.txt", "zip", "unknown")


def parse_duration(text: str | None) -> timedelta:
    if not text:
        return timedelta(0)
    m = DURATION.match(str(text))
    if not m:
        raise ValueError(f"not a duration: {text!r} (e.g. 15m, 2h, 1d)")
    unit = {"d": "days", "h": "hours", "m": "minutes", "s": "seconds"}[m.group(2)]
    return timedelta(**{unit: float(m.group(1))})


def parse_fraction(text: str | float) -> float:
    m = PERCENT.match(str(text))
    if not m:
        raise ValueError(f"not a percentage: {text!r} (e.g. 50%)")
    return float(m.group(1)) / 100


def zone_of(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown timezone {name!r} (e.g. Asia/Seoul, UTC)") from None


def parse_when(text: str, zone: str | None) -> datetime:
    """ISO 8601 ('2024-10-01 23:59', '2024-10-01T23:59+09:00', '...Z'); without an offset it is
    read in `zone` (an ambiguous local time is its first occurrence)."""
    try:
        when = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"not a date and time: {text!r} (ISO 8601, e.g. 2024-10-01 23:59)") from None
    if when.tzinfo is None:
        if not zone:
            raise ValueError(f"{text!r} has no UTC offset: give one, or a timezone (e.g. Asia/Seoul)")
        when = when.replace(tzinfo=zone_of(zone))
    return when


def utc_text(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class LatePolicy:
    deadline: datetime  # aware
    unit: str = "day"  # "day" or "hour"
    penalty: float = 0.0  # fraction of the raw score per charged late unit
    floor: float = 0.0  # fraction of the raw score always kept
    grace: timedelta = timedelta(0)
    tokens: int = 0  # late units a student may use without penalty (the roster's late_tokens wins)
    zero_after: int | None = None  # more late units than this: 0
    zone: str = "UTC"  # for times without an offset, and how the pages show times

    @classmethod
    def parse(cls, deadline: str, *, timezone: str | None = None, penalty: str = "0%/day", floor: str = "0%",
              grace: str | None = None, tokens: int = 0, zero_after: int | None = None) -> LatePolicy:
        m = PENALTY.match(str(penalty))
        if not m:
            raise ValueError(f"not a penalty: {penalty!r} (e.g. 10%/day, 2%/hour)")
        when = parse_when(str(deadline), timezone)
        zone = timezone or "UTC"
        zone_of(zone)
        return cls(when, m.group(2), float(m.group(1)) / 100, parse_fraction(floor), parse_duration(grace),
                   int(tokens), None if zero_after is None else int(zero_after), zone)

    def options(self) -> dict:
        """The policy as LatePolicy.parse's arguments (the command line overrides some of them)."""
        return {"deadline": self.deadline.isoformat(), "timezone": self.zone,
                "penalty": f"{100 * self.penalty:g}%/{self.unit}", "floor": f"{100 * self.floor:g}%",
                "grace": f"{self.grace.total_seconds():g}s", "tokens": self.tokens, "zero_after": self.zero_after}

    def as_dict(self) -> dict:
        return {"deadline": utc_text(self.deadline), "unit": self.unit, "penalty": self.penalty, "floor": self.floor,
                "grace": self.grace.total_seconds(), "tokens": self.tokens, "zero_after": self.zero_after,
                "zone": self.zone}

    @property
    def digest(self) -> str:
        """Names the policy in the baseline, so changes.csv can say "late policy changed"."""
        return hashlib.sha256(json.dumps(self.as_dict(), sort_keys=True).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Lateness:
    submitted: datetime | None  # None: unknown
    source: str  # one of SOURCES
    late: timedelta  # after the deadline; 0 when on time or unknown
    units: int  # late units, whole
    tokens_used: int
    fraction: float  # of the raw score taken off
    policy: LatePolicy

    def final(self, raw: float) -> float:
        return round(raw * (1 - self.fraction), 2)

    def block(self, raw: float) -> dict:
        """result.json's "late": everything the gradebook, the pages and the LMS files show."""
        final = self.final(raw)
        return {"submitted_at": utc_text(self.submitted) if self.submitted else None, "source": self.source,
                "deadline": utc_text(self.policy.deadline), "zone": self.policy.zone,
                "late_seconds": int(self.late.total_seconds()), "units": self.units, "unit": self.policy.unit,
                "tokens_used": self.tokens_used, "zero": self.policy.zero_after is not None
                and self.units > self.policy.zero_after, "raw": raw, "penalty": round(raw - final, 2), "final": final,
                "policy": self.policy.digest}


def assess(policy: LatePolicy, submitted: datetime | None, source: str = "times.csv",
           tokens: int | None = None) -> Lateness:
    if submitted is None:
        return Lateness(None, "unknown", timedelta(0), 0, 0, 0.0, policy)
    late = submitted.astimezone(timezone.utc) - policy.deadline.astimezone(timezone.utc)
    if late <= policy.grace:
        return Lateness(submitted, source, max(late, timedelta(0)), 0, 0, 0.0, policy)
    units = math.ceil(late / UNITS[policy.unit])
    used = min(max(policy.tokens if tokens is None else tokens, 0), units)
    if policy.zero_after is not None and units > policy.zero_after:
        fraction = 1.0
    else:
        fraction = min((units - used) * policy.penalty, 1 - policy.floor)
    return Lateness(submitted, source, late, units, used, round(max(fraction, 0.0), 6), policy)


# ---------------------------------------------------------------- where times come from


def read_times_csv(data: bytes | str, zone: str | None = None) -> dict[str, datetime]:
    """student,submitted_at (ISO 8601; no offset: read in `zone`)."""
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"student", "submitted_at"} <= {f.strip() for f in reader.fieldnames}:
        raise ValueError("the times file needs the columns student,submitted_at")
    out = {}
    for row in reader:
        row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        if row.get("student") and row.get("submitted_at"):
            out[row["student"]] = parse_when(row["submitted_at"], zone)
    return out


def parse_nbgrader_timestamp(text: str) -> datetime:
    """nbgrader's timestamp.txt: Exchange.timestamp_format "%Y-%m-%d %H:%M:%S.%f %Z" in
    Exchange.timezone ("UTC"), e.g. "2024-09-01 12:34:56.789012 UTC"; read as
    nbgrader.utils.parse_utc does: a third part is a zone name (or an offset in seconds), no
    zone means UTC."""
    from dateutil import parser, tz  # matplotlib's dependency: always there with the kit

    parts = text.strip().split(" ")
    if len(parts) == 3:
        try:
            zone = tz.tzoffset(None, int(parts[2]))
        except ValueError:
            zone = tz.gettz(parts[2])
            if zone is None:
                raise ValueError(f"unknown timezone {parts[2]!r} in nbgrader timestamp {text!r}") from None
        when = parser.parse(" ".join(parts[:2])).replace(tzinfo=zone)
    else:
        when = parser.parse(text.strip())
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def nbgrader_times(course_dir: Path, assignment: str) -> dict[str, datetime]:
    out = {}
    for path in sorted(Path(course_dir).glob(f"submitted/*/{assignment}/timestamp.txt")):
        out[path.parent.parent.name] = parse_nbgrader_timestamp(path.read_text(encoding="utf-8"))
    return out


def ut_mtime(extra: bytes) -> int | None:
    """The Info-ZIP extended timestamp (extra field 0x5455): modification time, Unix seconds, UTC."""
    i = 0
    while i + 4 <= len(extra):
        header, size = struct.unpack("<HH", extra[i:i + 4])
        body = extra[i + 4:i + 4 + size]
        if header == 0x5455 and len(body) >= 5 and body[0] & 1:
            return struct.unpack("<i", body[1:5])[0]
        i += 4 + size
    return None


def zip_time(path: Path, zone: str = "UTC", names: Iterable[str] = FILES) -> datetime | None:
    """The latest modification time among the zip's exercise files (at its top or one folder down)."""
    wanted, latest = set(names), None
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                parts = info.filename.replace("\\", "/").split("/")
                if info.is_dir() or parts[-1] not in wanted or len(parts) > 2:
                    continue
                ut = ut_mtime(info.extra)
                when = (datetime.fromtimestamp(ut, timezone.utc) if ut is not None
                        else datetime(*info.date_time, tzinfo=zone_of(zone)))
                latest = when if latest is None or when > latest else latest
    except (zipfile.BadZipFile, OSError, ValueError, OverflowError):
        return None
    return latest


def submission_times(sources: Mapping[str, str], zone: str, times_csv: Mapping[str, datetime] | None = None,
                     nbgrader: Mapping[str, datetime] | None = None) -> dict[str, tuple[datetime | None, str]]:
    """student -> (time, source), for every student; sources: student -> the submission's path."""
    out = {}
    for student, path in sorted(sources.items()):
        path = Path(path)
        if times_csv and student in times_csv:
            out[student] = (times_csv[student], "times.csv")
        elif nbgrader and student in nbgrader:
            out[student] = (nbgrader[student], "timestamp.txt")
        elif path.suffix.lower() == ".zip" and path.is_file() and (when := zip_time(path, zone)):
            out[student] = (when, "zip")
        else:
            out[student] = (None, "unknown")
    return out


# ---------------------------------------------------------------- the gradebook and the pages


GRADEBOOK_COLUMNS = ("raw", "submitted_at", "late", "late_units", "tokens_used", "penalty")


def late_text(block: Mapping) -> str:
    """'unknown', 'on time', or the time past the deadline: '1d 02:03', '00:41'."""
    if block.get("submitted_at") is None:
        return "unknown"
    if block["units"] == 0:
        return "on time"
    minutes = math.ceil(block["late_seconds"] / 60)
    days, rest = divmod(minutes, 24 * 60)
    return (f"{days}d " if days else "") + f"{rest // 60:02d}:{rest % 60:02d}"


def number(x: float) -> str:
    return f"{round(float(x), 2):g}"


def gradebook_cells(block: Mapping | None) -> list[str]:
    """The late columns of gradebook.csv, GRADEBOOK_COLUMNS' order (no block: all empty)."""
    if not block:
        return [""] * len(GRADEBOOK_COLUMNS)
    return [number(block["raw"]), block["submitted_at"] or "", late_text(block), str(block["units"]),
            str(block["tokens_used"]), number(block["penalty"])]


def local_text(utc: str, zone: str) -> str:
    return datetime.fromisoformat(utc.replace("Z", "+00:00")).astimezone(ZoneInfo(zone)).isoformat(timespec="minutes")


def feedback_lines(block: Mapping | None, lang: str) -> list[str]:
    """What the feedback page and Gradescope's output say about the submission time."""
    if not block:
        return []
    if block.get("submitted_at") is None:
        return [t("late_unknown", lang)]
    when, deadline = local_text(block["submitted_at"], block["zone"]), local_text(block["deadline"], block["zone"])
    if block["units"] == 0:
        return [t("late_on_time", lang, when=when, deadline=deadline)]
    unit = {"unit_ko": "일" if block["unit"] == "day" else "시간",
            "unit_en": block["unit"] + ("s" if block["units"] != 1 else "")}
    lines = [t("late_late", lang, when=when, deadline=deadline, late=late_text(block), units=block["units"], **unit)]
    if block["tokens_used"]:
        lines.append(t("late_tokens", lang, n=block["tokens_used"]))
    lines.append(t("late_penalty", lang, penalty=number(block["penalty"]), raw=number(block["raw"]),
                   final=number(block["final"])))
    return lines
