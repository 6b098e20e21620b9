"""Comparators: how a task's outputs are judged against the reference's.

Each comparator is called as `compare(got, expected, case)` with dicts of plain arrays
and returns a list of Mismatch (empty: the case passes). Tolerances are the numerics'
(see docs/tolerances.md), never guesses, and never the answer's: its dtype cannot loosen them.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .messages import text
from .model import Case, Text


@dataclass
class Mismatch:
    name: str
    kind: str  # missing, shape, dtype, value, check
    expected: Any = None
    got: Any = None
    max_abs: float = float("nan")
    max_rel: float = float("nan")
    tolerance: str = ""
    first: list = field(default_factory=list)  # [(index, expected, got)] of the first differing entries
    message: Text | None = None
    table: list = field(default_factory=list)  # rows for the gradient-check table
    note: Text | None = None  # a line more for the report (an answer narrower than its case)


def _differ(got: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> np.ndarray:
    """Elementwise 'not close', written out so that a patched numpy.isclose changes nothing.
    Text and numbers are never close."""
    if (expected.dtype.kind == "U") != (got.dtype.kind == "U"):
        return np.ones(np.broadcast_shapes(got.shape, expected.shape), bool)
    if expected.dtype.kind not in "fc" and got.dtype.kind not in "fc":
        return got != expected
    g = got.astype(float)
    e = expected.astype(float)
    same_special = (np.isnan(g) & np.isnan(e)) | (np.isinf(g) & np.isinf(e) & (np.sign(g) == np.sign(e)))
    with np.errstate(invalid="ignore", over="ignore"):
        far = ~(np.abs(g - e) <= atol + rtol * np.abs(e))
    return far & ~same_special


def _first_entries(got, expected, bad, n=3) -> list:
    idx = np.argwhere(bad)[:n]
    return [(tuple(int(i) for i in ix), expected[tuple(ix)].item(), got[tuple(ix)].item()) for ix in idx]


def case_precision(expected: np.ndarray, inputs: dict | None) -> np.dtype:
    """The coarsest float dtype the trusted side brings to a case: the reference's output and
    the case's float inputs (a float32 case allows float32 rounding in whoever answers it).
    float64 unless one of those is narrower; never the answer's own dtype."""
    dtypes = [a.dtype for a in (expected, *(inputs or {}).values()) if a.dtype.kind == "f"]
    return max(dtypes, key=lambda d: np.finfo(d).eps, default=np.dtype(np.float64))


def compare_array(name: str, got: np.ndarray, expected: np.ndarray, rtol: float, atol: float,
                  ulps: float = 0.0, inputs: dict | None = None) -> Mismatch | None:
    if expected.shape == () and got.size == 1:
        got = got.reshape(())  # a 1-element array for a scalar answer is the same answer
    if got.shape != expected.shape:
        return Mismatch(name, "shape", expected=expected.shape, got=got.shape)
    if (expected.dtype.kind in "biuf" and got.dtype.kind not in "biuf") or (expected.dtype.kind == "U") != (
            got.dtype.kind == "U"):
        return Mismatch(name, "dtype", expected=str(expected.dtype), got=str(got.dtype))
    precision = case_precision(expected, inputs)
    if ulps and "f" in (expected.dtype.kind, got.dtype.kind):
        # a float32 case is judged at float32's precision; a float16 answer, or a float32 one
        # to a float64 case, at the case's: it is widened (exactly), never its rounding allowed
        rtol = max(rtol, ulps * float(np.finfo(precision).eps))
    bad = _differ(got, expected, rtol, atol)
    if not bad.any():
        return None
    mm = Mismatch(name, "value", expected=expected, got=got, tolerance=f"rtol={rtol:.0e}, atol={atol:.0e}",
                  first=_first_entries(got, expected, bad))
    if got.dtype.kind == "f" and np.finfo(got.dtype).eps > np.finfo(precision).eps:
        mm.note = text("narrower_dtype", got=str(got.dtype), case=str(precision))
    if expected.dtype.kind in "biuf" and got.dtype.kind in "biuf":
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-nan when only nan/inf differ
            diff = np.abs(got.astype(float) - expected.astype(float))
            mm.max_abs = float(np.nanmax(np.where(bad, diff, 0)))
            mm.max_rel = float(np.nanmax(np.where(bad, diff / np.abs(expected.astype(float)), 0)))
    return mm


@dataclass(frozen=True)
class Close:
    """Every expected output present, same shape, values within rtol/atol.

    `ulps` lets a float32 case be judged at float32's precision (the case's, never the answer's);
    `tolerance` derives (rtol, atol) from a case's inputs where the numerics depend on
    them; `overrides` gives single outputs their own (rtol, atol).
    """

    rtol: float = 1e-9
    atol: float = 0.0
    ulps: float = 64.0
    overrides: dict = field(default_factory=dict)
    tolerance: Callable[[Case], tuple[float, float]] | None = None  # (rtol, atol) from the case's inputs

    def __call__(self, got: dict, expected: dict, case: Case) -> list[Mismatch]:
        out = []
        default = self.tolerance(case) if self.tolerance else (self.rtol, self.atol)
        for name, exp in expected.items():
            if name not in got:
                out.append(Mismatch(name, "missing"))
                continue
            rtol, atol = self.overrides.get(name, default)
            mm = compare_array(name, got[name], exp, rtol, atol, self.ulps, case.inputs)
            if mm:
                out.append(mm)
        return out


def relative_error(got: np.ndarray, expected: np.ndarray) -> float:
    """max|got - expected| over the larger of the two arrays' largest entries.

    Normalising by the array's scale, not entry by entry, is what makes a gradient check
    fair: entries near zero would otherwise turn rounding noise into huge 'errors'.
    """
    scale = max(float(np.max(np.abs(got), initial=0)), float(np.max(np.abs(expected), initial=0)), 1e-300)
    return float(np.max(np.abs(got.astype(float) - expected.astype(float)), initial=0)) / scale


def gradient_error(got: np.ndarray, expected: np.ndarray) -> float:
    """relative_error over the finite entries; inf where one side is nan or inf and the other
    is not the same (a mistake that makes nan is matched by the same nan)."""
    g, e = got.astype(float), expected.astype(float)
    special = ~np.isfinite(g) | ~np.isfinite(e)
    same = (np.isnan(g) & np.isnan(e)) | (np.isinf(g) & np.isinf(e) & (np.sign(g) == np.sign(e)))
    if np.any(special & ~same):
        return float("inf")
    return relative_error(g[~special], e[~special])


@dataclass(frozen=True)
class GradCheck:
    """Gradients per parameter, judged by relative error with a table for the report.

    `tolerance` gives thresholds per parameter from a case's inputs where the numerics
    depend on them (e.g. how much delta inside log() moves a gradient); at least `threshold`.
    """

    threshold: float
    tolerance: Callable[[Case], dict[str, float]] | None = None

    def __call__(self, got: dict, expected: dict, case: Case) -> list[Mismatch]:
        table, out = [], []
        limits = self.tolerance(case) if self.tolerance else {}
        # the book's order (W1, b1, W2, b2) reads better than the alphabet's
        for name in sorted(expected, key=lambda n: (n[1:], n[0].islower())):
            exp, g = expected[name], got.get(name)
            limit = max(self.threshold, limits.get(name, 0.0))
            if g is None:
                out.append(Mismatch(name, "missing"))
                continue
            if g.shape != exp.shape:
                out.append(Mismatch(name, "shape", expected=exp.shape, got=g.shape))
                table.append((name, float("nan"), limit, False))
                continue
            err = gradient_error(g, exp)
            table.append((name, err, limit, err <= limit))
            if not err <= limit:
                out.append(Mismatch(name, "grad", expected=exp, got=g, max_rel=err,
                                    tolerance=f"relative error <= {limit:.1e}",
                                    first=_first_entries(g, exp, _differ(g, exp, limit, 0))))
        if out:
            out[0].table = table
        return out


@dataclass(frozen=True)
class Check:
    """A rule that is not a comparison with the reference (e.g. training)."""

    rules: tuple[Callable[[dict, dict | None, Case], list[Mismatch]], ...]

    def __call__(self, got: dict, expected: dict | None, case: Case) -> list[Mismatch]:
        out = []
        for rule in self.rules:
            out.extend(rule(got, expected, case))
        return out


@dataclass(frozen=True)
class PlotMatch:
    """A figure judged on what it shows, from its Axes' data: every required reference line
    drawn (in any order, extra lines allowed), the quiver's arrows, the axis limits, and
    labels that say what is shown (an axis the reference names is named, a legend with as
    many entries as the reference's). Style is free: markers, colours, the labels' words."""

    required_lines: tuple[int, ...] | None = None  # reference line indexes; None: all
    atol: float = 1e-6

    def __call__(self, got: dict, expected: dict, case: Case) -> list[Mismatch]:
        out = []
        got_lines = [v for k, v in got.items() if k.startswith("line")]
        ref_names = sorted((k for k in expected if k.startswith("line")), key=lambda k: int(k[4:]))
        # (a mutant's figure may have fewer lines than the reference's, when the judge compares with it)
        wanted = ref_names if self.required_lines is None else [ref_names[i] for i in self.required_lines
                                                                if i < len(ref_names)]
        for name in wanted:
            ref = expected[name]
            if not any(g.shape == ref.shape and not _differ(g, ref, 1e-6, self.atol).any() for g in got_lines):
                out.append(Mismatch(name, "check", expected=ref,
                                    message=text("plot_line_missing", points=ref.shape[1], start=_pt(ref))))
        if "quiver" in expected:
            mm = self._quiver(got.get("quiver"), expected["quiver"])
            if mm:
                out.append(mm)
        for lim in ("xlim", "ylim"):
            if lim in expected:
                mm = compare_array(lim, got.get(lim, np.zeros(0)), expected[lim], 1e-6, 1e-9)
                if mm:
                    out.append(mm)
        out += self._labels(got, expected)
        return out

    @staticmethod
    def _labels(got: dict, expected: dict) -> list[Mismatch]:
        out = []
        names = [str(s).strip() for s in got.get("labels", np.zeros(0, "U1")).ravel()] + ["", ""]
        wanted = [str(s).strip() for s in expected.get("labels", np.zeros(0, "U1")).ravel()] + ["", ""]
        unnamed = [axis for i, axis in enumerate("xy") if wanted[i] and not names[i]]
        if unnamed:
            out.append(Mismatch("labels", "check", expected=list(expected["labels"]),
                                message=text("plot_axis_unnamed", axes=", ".join(unnamed))))
        want = sum(1 for s in expected.get("legend", np.zeros(0, "U1")).ravel() if str(s).strip())
        have = sum(1 for s in got.get("legend", np.zeros(0, "U1")).ravel() if str(s).strip())
        if have < want:
            out.append(Mismatch("legend", "check", expected=want, got=have,
                                message=text("plot_legend_entries", want=want, got=have)))
        return out

    def _quiver(self, got, ref) -> Mismatch | None:
        if got is None:
            return Mismatch("quiver", "check", message=text("plot_no_quiver"))
        order = np.lexsort(ref[:2])
        ref = ref[:, order]
        if got.shape != ref.shape:
            return Mismatch("quiver", "shape", expected=ref.shape, got=got.shape)
        got = got[:, np.lexsort(got[:2])]
        return compare_array("quiver", got, ref, 1e-6, self.atol)


def _pt(line: np.ndarray) -> str:
    return f"({line[0, 0]:.3g}, {line[1, 0]:.3g})" if line.size else "()"
