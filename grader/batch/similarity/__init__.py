"""The similarity report: pairs of students whose graded functions are unusually alike once
the code everyone shares is removed, and pairs whose code gives the same uncatalogued wrong
outputs on the same public cases.

    units.py         each graded function of a submission, normalised to tokens
    shared.py        the code the whole class shares (stubs, solutions, mutants, the book, --shared-code)
    fingerprints.py  k-grams, copydetect's winnowing, rare fingerprints, pair scores
    behaviour.py     identical uncatalogued wrong outputs, from result.json's per-case digests
    page.py          similarity.csv and similarity.html

`dlkit grade` writes it beside the gradebook, `dlkit similarity` on its own (code only, or
with a graded OUT for the behaviour signal). Nothing here runs student code: submissions
are bytes read by intake.py, results are result.json dicts. docs/batch.md has the thresholds
and the measurements behind them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ...kit import EXERCISES
from ...tasks import FILES

__all__ = ["Report", "similarity_report"]


@dataclass
class Report:
    rows: list  # page.Row, flagged first
    csv: Path
    html: Path

    @property
    def flagged(self) -> int:
        return sum(row.flagged for row in self.rows)


def stub_files() -> dict[str, bytes]:
    return {name: (EXERCISES / name).read_bytes() for name in FILES}


def similarity_report(submissions: Mapping[str, Mapping[str, bytes]], out: Path,
                      results: Mapping[str, Mapping] | None = None, shared_paths: Iterable[Path] = (),
                      lang: str = "en", tasks: Iterable[str] | None = None) -> Report:
    """Write OUT/similarity.csv and OUT/similarity.html for a class. submissions: student ->
    exercise file -> bytes; results: student -> result.json dict (the behaviour signal; none:
    code only); shared_paths: the instructor's --shared-code folders; tasks: compare only the
    functions these tasks grade (default: all)."""
    from . import behaviour, fingerprints, page
    from .shared import shared_code
    from .units import class_units, graded_units, stub_api

    shared = shared_code(shared_paths)
    wanted = None if tasks is None else [u for u, task in graded_units().items() if task in set(tasks)]
    units = class_units(submissions, stub_api(stub_files()), wanted)
    code = fingerprints.compare_class(units, shared.hashes, k=shared.k)
    pairs, common = [], []
    if results:
        calls = {s: {unit.task: unit.calls for unit in us.values()} for s, us in units.items()}
        pairs = behaviour.behaviour_pairs(results, calls)
        common = behaviour.common_wrong(results, calls)
    rows = page.merge(code, pairs)
    csv_path, html_path = page.write_pages(Path(out), rows, units, page.thresholds(shared.sources), common,
                                           len(submissions), lang)
    return Report(rows, csv_path, html_path)
