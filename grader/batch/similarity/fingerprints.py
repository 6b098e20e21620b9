"""Fingerprints and pair scores: what two students' graded functions have in common that the
rest of the class does not.

1. Every run of K normalised tokens of a unit (units.py) is hashed with a stable hash
   (blake2b: the same class gives the same report in every process, which Python's salted
   hash(), the one copydetect's own k-gram step uses, does not).
2. Winnowing (copydetect.utils.winnow, robust winnowing of Schleimer, Wilkerson and Aiken
   2003) keeps the fingerprints of each window of W hashes: any shared run of K + W - 1
   tokens is always seen.
3. Boilerplate goes: every k-gram of the shared code (shared.py). Then, per unit, the
   fingerprints held by more than max(2, COMMON_SHARE x the students with that unit) are
   common (what many students converge on on their own) and go too; the rest are *rare*.
4. A pair's evidence, per unit: the tokens each student's code has under the rare
   fingerprints both hold, each token weighted 1 / (holders - 1) (a fingerprint two students
   share is whole evidence, one four share a third), the smaller of the two; summed over
   units: `tokens`. The same unweighted, over the smaller student's own rare code: `share`.

Flag "code" when tokens >= MIN_TOKENS and share >= MIN_SHARE, in at least MIN_UNITS functions
(each with a whole guaranteed run, K + WINDOW - 1 tokens, of evidence: one long function two
students wrote alike by chance is a reason to look, not a flag); a pair with tokens >=
REVIEW_TOKENS is listed for review, not flagged. The defaults come from a made-up class
(tests/course_class.py) and are documented with the measurements in docs/batch.md.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from .units import Unit

K = 6  # tokens per fingerprint
WINDOW = 3  # winnowing window: a shared run of K + WINDOW - 1 = 8 tokens is always seen
COMMON_SHARE = 0.2  # a fingerprint more of the class holds is common, not evidence
MIN_TOKENS = 120  # weighted tokens in common to flag a pair on code
MIN_SHARE = 0.5  # ... and that share of the smaller student's own rare code
MIN_UNITS = 2  # ... in at least this many graded functions
REVIEW_TOKENS = 60  # listed for review, not flagged
HASH_BITS = 52  # exact in float64: copydetect's pure-Python winnow keeps hashes in a float buffer


def stable_hash(gram: tuple[str, ...]) -> int:
    digest = hashlib.blake2b("\x1f".join(gram).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> (64 - HASH_BITS)


def kgram_hashes(tokens: list[str], k: int) -> np.ndarray:
    """The hash of every run of k tokens, by position (a unit shorter than k: one hash of it all)."""
    if len(tokens) < k:
        return np.array([stable_hash(tuple(tokens))] if tokens else [], dtype=np.int64)
    return np.array([stable_hash(tuple(tokens[i:i + k])) for i in range(len(tokens) - k + 1)], dtype=np.int64)


def winnow(hashes: np.ndarray, window: int) -> np.ndarray:
    """The positions winnowing selects (copydetect's robust winnowing)."""
    if window <= 1 or len(hashes) <= 1:
        return np.arange(len(hashes))
    from copydetect.utils import winnow as copydetect_winnow  # imports matplotlib.pyplot: only when used

    _, selected = copydetect_winnow(hashes, window, remove_duplicates=False)
    return np.unique(selected)


@dataclass
class Fingerprinted:
    unit: Unit
    hashes: np.ndarray  # every k-gram's hash, by position
    selected: set[int]  # winnowed fingerprints that are not boilerplate
    rare: set[int] = field(default_factory=set)  # ... held by few enough students


@dataclass
class UnitMatch:
    unit: str
    tokens: float  # the smaller of the two students' covered tokens, weighted by 1 / (holders - 1)
    plain: float  # the same, unweighted
    share: float  # plain / the smaller student's own rare code in this unit
    lines_a: list[tuple[int, int]]  # (segment, file line) of student a's matched tokens
    lines_b: list[tuple[int, int]]


@dataclass
class CodePair:
    a: str
    b: str
    units: list[UnitMatch]  # most evidence first
    tokens: float
    share: float
    flagged: bool

    def evidence_units(self, k: int = K, window: int = WINDOW) -> list[UnitMatch]:
        """The functions with at least a guaranteed run of evidence."""
        return [m for m in self.units if m.tokens >= k + window - 1]


def coverage(fp: Fingerprinted, weights: Mapping[int, float], k: int) -> tuple[float, list[tuple[int, int]]]:
    """Tokens covered by the k-grams whose hash has a weight, each token counting the largest
    weight over the k-grams covering it; and where those tokens are."""
    covered = np.zeros(len(fp.unit.tokens), dtype=float)
    for pos, h in enumerate(fp.hashes.tolist()):
        w = weights.get(h)
        if w is not None:
            covered[pos:pos + k] = np.maximum(covered[pos:pos + k], w)
    return float(covered.sum()), sorted({fp.unit.where[i] for i in np.flatnonzero(covered)})


def fingerprint_class(units: Mapping[str, Mapping[str, Unit]], boilerplate: set[int], k: int = K,
                      window: int = WINDOW, common_share: float = COMMON_SHARE
                      ) -> tuple[dict[str, dict[str, Fingerprinted]], dict[str, Counter]]:
    """unit -> student -> that student's fingerprints, and unit -> how many students hold each."""
    by_unit: dict[str, dict[str, Fingerprinted]] = defaultdict(dict)
    for student, student_units in units.items():
        for name, unit in student_units.items():
            hashes = kgram_hashes(unit.tokens, k)
            selected = set(hashes[winnow(hashes, window)].tolist()) - boilerplate
            by_unit[name][student] = Fingerprinted(unit, hashes, selected)
    holders = {}
    for name, students in by_unit.items():
        held = Counter(h for fp in students.values() for h in fp.selected)
        limit = common_limit(len(students), common_share)
        for fp in students.values():
            fp.rare = {h for h in fp.selected if held[h] <= limit}
        holders[name] = held
    return dict(by_unit), holders


def common_limit(students: int, common_share: float) -> int:
    """The most students a fingerprint (or a wrong output) may have and still be rare."""
    return max(2, math.floor(common_share * students))


def unit_match(name: str, a: Fingerprinted, b: Fingerprinted, held: Counter, own: float, k: int) -> UnitMatch:
    both = a.rare & b.rare
    weighted = {h: 1.0 / (held[h] - 1) for h in both}  # a fingerprint n students hold: evidence for n - 1 pairs
    plain = dict.fromkeys(both, 1.0)
    ta, lines_a = coverage(a, weighted, k)
    tb, lines_b = coverage(b, weighted, k)
    covered = min(coverage(a, plain, k)[0], coverage(b, plain, k)[0])
    return UnitMatch(name, min(ta, tb), covered, covered / (own or 1), lines_a, lines_b)


def compare_class(units: Mapping[str, Mapping[str, Unit]], boilerplate: set[int], *, k: int = K,
                  window: int = WINDOW, common_share: float = COMMON_SHARE, min_tokens: float = MIN_TOKENS,
                  min_share: float = MIN_SHARE, min_units: int = MIN_UNITS) -> list[CodePair]:
    """Every pair of students with any rare code in common, flagged first, most alike first.
    Pairs come only from the fingerprints they share, not from all n² pairs."""
    printed, held = fingerprint_class(units, boilerplate, k, window, common_share)
    own = {(name, s): coverage(fp, dict.fromkeys(fp.rare, 1.0), k)[0]
           for name, students in printed.items() for s, fp in students.items()}
    matches: dict[tuple[str, str], list[UnitMatch]] = defaultdict(list)
    for name in sorted(printed):
        students = printed[name]
        holders: dict[int, list[str]] = defaultdict(list)
        for s in sorted(students):
            for h in students[s].rare:
                holders[h].append(s)
        for a, b in sorted({pair for hs in holders.values() for pair in itertools.combinations(hs, 2)}):
            matches[a, b].append(unit_match(name, students[a], students[b], held[name],
                                            min(own[name, a], own[name, b]), k))
    pairs = []
    for (a, b), found in matches.items():
        tokens = sum(m.tokens for m in found)
        own_pair = sum(min(own[n, a], own[n, b]) for n in printed if a in printed[n] and b in printed[n]) or 1
        share = sum(m.plain for m in found) / own_pair
        pair = CodePair(a, b, sorted(found, key=lambda m: (-m.tokens, m.unit)), tokens, share, False)
        pair.flagged = tokens >= min_tokens and share >= min_share and len(pair.evidence_units(k, window)) >= min_units
        pairs.append(pair)
    pairs.sort(key=lambda p: (not p.flagged, -p.tokens, -p.share, p.a, p.b))
    return pairs
