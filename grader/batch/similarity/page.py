"""similarity.csv and similarity.html: the listed pairs, their shared code side by side, the evidence.

Both are written from plain data (the code pairs of fingerprints.compare_class, the behaviour
pairs of behaviour.behaviour_pairs, each student's units), sorted, with no clock in them:
the same class gives the same bytes.

similarity.csv, one row per listed pair, flagged first:
    student_a, student_b        the pair (a < b)
    flag                        code | behaviour | code+behaviour | review
    code_tokens                 weighted tokens of rare code in common (1 decimal)
    code_share                  unweighted, over the smaller student's own rare code (2 decimals)
    code_units                  "task:tokens;..." most first
    behaviour_cases             public cases with the same rare, uncatalogued wrong output
    behaviour_tasks             their tasks, "a;b"
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ...messages import t
from ..journal import atomic_write
from ..reports import FEEDBACK, SIMILARITY, href, render
from . import behaviour as B
from . import fingerprints as F
from .units import Unit, graded_units, unit_file

CSV_NAME = "similarity.csv"
HTML_NAME = SIMILARITY
CSV_COLUMNS = ("student_a", "student_b", "flag", "code_tokens", "code_share", "code_units",
               "behaviour_cases", "behaviour_tasks")
FLAGS = ("code+behaviour", "code", "behaviour", "review")  # the page's and the CSV's order
SHOWN_UNITS = 6  # side-by-side panels per pair


@dataclass
class Row:
    a: str
    b: str
    flag: str = "review"
    code: F.CodePair | None = None
    behaviour: B.BehaviourPair | None = None
    panels: list[dict] = field(default_factory=list)

    @property
    def tokens(self) -> float:
        return self.code.tokens if self.code else 0.0

    @property
    def flagged(self) -> bool:
        return self.flag != "review"

    def shown_units(self) -> list[F.UnitMatch]:
        return [m for m in (self.code.units if self.code else []) if m.tokens >= 1]


def merge(code: list[F.CodePair], behaviour: list[B.BehaviourPair],
          review_tokens: float = F.REVIEW_TOKENS) -> list[Row]:
    """One row per pair worth listing: flagged by either signal, or alike enough to look at."""
    code_by_pair = {(p.a, p.b): p for p in code}
    rows = {(p.a, p.b): Row(p.a, p.b, code=p) for p in code if p.flagged or p.tokens >= review_tokens}
    for p in behaviour:
        row = rows.setdefault((p.a, p.b), Row(p.a, p.b, code=code_by_pair.get((p.a, p.b))))
        row.behaviour = p
    for row in rows.values():
        flags = [name for name, on in (("code", row.code and row.code.flagged),
                                       ("behaviour", row.behaviour and row.behaviour.flagged)) if on]
        row.flag = "+".join(flags) or "review"
    return sorted(rows.values(), key=lambda r: (FLAGS.index(r.flag), -r.tokens,
                                                -(r.behaviour.cases if r.behaviour else 0), r.a, r.b))


def csv_bytes(rows: list[Row]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        units = ";".join(f"{task_of(m)}:{m.tokens:.0f}" for m in r.shown_units())
        writer.writerow([r.a, r.b, r.flag, f"{r.tokens:.1f}", f"{r.code.share:.2f}" if r.code else "0.00", units,
                         r.behaviour.cases if r.behaviour else 0, ";".join(r.behaviour.tasks) if r.behaviour else ""])
    return buf.getvalue().encode("utf-8")


def task_of(match: F.UnitMatch) -> str:
    return graded_units().get(match.unit, match.unit)


def source_lines(unit: Unit, marked: set[tuple[int, int]], lang: str) -> list[dict]:
    """A unit's original source for the page: docstrings folded, helpers after a separator,
    the lines holding shared rare tokens marked."""
    out = []
    for i, seg in enumerate(unit.segments):
        if i:
            out.append({"no": "", "text": f"# … {seg.label}", "hl": False, "sep": True})
        for j, text in enumerate(seg.lines):
            no = seg.first_line + j
            if seg.docstring and seg.docstring[0] <= no <= seg.docstring[1]:
                if no == seg.docstring[0]:
                    indent = text[:len(text) - len(text.lstrip())]
                    folded = t("sim_docstring", lang, n=seg.docstring[1] - no + 1)
                    out.append({"no": "", "text": f'{indent}"""…"""  ({folded})', "hl": False, "sep": True})
                continue
            out.append({"no": no, "text": text.rstrip("\n"), "hl": (i, no) in marked, "sep": False})
    return out


def panels(row: Row, units: Mapping[str, Mapping[str, Unit]], lang: str) -> list[dict]:
    out = []
    for m in row.shown_units()[:SHOWN_UNITS]:
        ua, ub = units.get(row.a, {}).get(m.unit), units.get(row.b, {}).get(m.unit)
        if ua is None or ub is None:
            continue
        out.append({"unit": m.unit, "task": task_of(m), "file": unit_file(m.unit), "tokens": f"{m.tokens:.0f}",
                    "share": f"{m.share:.0%}", "a": source_lines(ua, set(m.lines_a), lang),
                    "b": source_lines(ub, set(m.lines_b), lang)})
    return out


def thresholds(shared_sources: list[str], k: int = F.K, window: int = F.WINDOW,
               common_share: float = F.COMMON_SHARE, min_tokens: float = F.MIN_TOKENS,
               min_share: float = F.MIN_SHARE, min_units: int = F.MIN_UNITS, review_tokens: float = F.REVIEW_TOKENS,
               min_cases: int = B.MIN_CASES) -> dict:
    """The settings the page states (rendered, so the page always says what was used)."""
    return {"k": k, "window": window, "guarantee": k + window - 1, "common_share": f"{common_share:.0%}",
            "min_tokens": f"{min_tokens:g}", "min_share": f"{min_share:.0%}", "min_units": min_units,
            "review_tokens": f"{review_tokens:g}", "min_cases": min_cases, "sources": len(shared_sources)}


def write_pages(out: Path, rows: list[Row], units: Mapping[str, Mapping[str, Unit]], settings: dict,
                common: list[B.CommonWrong], students: int, lang: str = "en") -> tuple[Path, Path]:
    """OUT/similarity.csv and OUT/similarity.html (atomically, like every page of the kit)."""
    out = Path(out)
    atomic_write(out / CSV_NAME, csv_bytes(rows))
    for row in rows:
        row.panels = panels(row, units, lang)
    feedback = {s: href("students", s, FEEDBACK) if (out / "students" / s / FEEDBACK).is_file() else None
                for row in rows for s in (row.a, row.b)}
    render("similarity.html.j2", out / HTML_NAME, lang, rows=rows, settings=settings, students=students,
           common=common, feedback=feedback, flag_label=lambda flag: flag_label(flag, lang))
    return out / CSV_NAME, out / HTML_NAME


def flag_label(flag: str, lang: str) -> str:
    return t(f"sim_flag_{flag.replace('+', '_')}", lang)
