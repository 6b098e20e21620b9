"""The similarity report: its thresholds measured on the made-up class, and its cost for a class.

    python benchmarks/bench_similarity.py               # both parts, ~1 minute
    python benchmarks/bench_similarity.py --seeds 3     # fewer made-up classes for the sweep
    python benchmarks/bench_similarity.py --skip-sweep  # the timings only

1. Thresholds (docs/batch.md "Similarity"): the made-up class of tests/course_class.py (20
   independent students who type the book's, the slides', the stubs' hints' or their own
   code, two who type the book everywhere, three planted copies), one class per seed, with
   the book's and the slides' versions given as --shared-code and without. Prints, per
   seed, the highest independent pair's weighted tokens and the three planted pairs'.
2. Cost, one process, one core, everything after intake (the shared code's fingerprints,
   parsing and normalising every unit, winnowing, pairs, the behaviour signal's pairs from
   result dicts, the page and the CSV): the test class (25 students), 100 made-up
   independents, and 100 students made of the example class's files (each file taken from a
   random example student and disguised: renamed, reordered, recommented). Prints seconds,
   per student, and the ratio of 100 students to 25, measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

KIT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(KIT), str(KIT / "tests")]

from course_class import VARIANTS, disguise, load_stubs, make_class, student_files  # noqa: E402

from grader.batch.intake import read_submission  # noqa: E402
from grader.batch.similarity import fingerprints as F  # noqa: E402
from grader.batch.similarity import similarity_report  # noqa: E402
from grader.batch.similarity.shared import shared_code  # noqa: E402
from grader.batch.similarity.units import class_units, stub_api  # noqa: E402

BOOK_VARIANTS = ("book", "book_fixed", "book_one_hot_only", "slides_flat", "slide_typo")
EXAMPLES = KIT / "examples" / "submissions"


def book_folder(root: Path) -> Path:
    """The book's and the slides' versions of every function, as an instructor's --shared-code."""
    stubs = load_stubs(KIT)
    for variant in BOOK_VARIANTS:
        choice = {name: variant if variant in v else next(iter(v)) for name, v in VARIANTS.items()}
        (root / variant).mkdir(parents=True)
        for name, data in student_files(stubs, choice, 0, comment_rate=0, spacing=False).items():
            (root / variant / name).write_bytes(data)
    return root


def sweep(seeds: int, book: Path) -> None:
    from grader.batch.similarity import stub_files

    api = stub_api(stub_files())
    for shared_paths, label in (([book], "with the book as --shared-code"), ([], "the kit's shared code only")):
        shared = shared_code(shared_paths)
        print(f"\n{label}; K={F.K}, W={F.WINDOW}, common > {F.COMMON_SHARE:.0%}, flag at {F.MIN_TOKENS} tokens "
              f"and {F.MIN_SHARE:.0%}")
        print(f"{'seed':>6} {'top other pair':>24} {'c101 whole copy':>18} {'c102 book+slips':>18} "
              f"{'c103 one file':>16} {'book1·book2':>12}")
        for seed in range(2024, 2024 + seeds):
            subs, truth = make_class(KIT, seed=seed)
            pairs = {(p.a, p.b): p for p in F.compare_class(class_units(subs, api), shared.hashes)}
            planted = {tuple(sorted((a, b))) for a, b, _ in truth["planted"]}
            top = max((p for k, p in pairs.items() if k not in planted), key=lambda p: p.tokens)
            cells = [cell(pairs.get(tuple(sorted(pair)))) for pair in PLANTED]
            print(f"{seed:>6} {top.a + '·' + top.b:>12} {cell(top)} {cells[0]:>18} {cells[1]:>18} "
                  f"{cells[2]:>16} {cells[3]:>12}")


PLANTED = (("c101", "s003"), ("c102", "s007"), ("c103", "s010"), ("book1", "book2"))


def cell(pair: F.CodePair | None) -> str:
    return "—" if pair is None else f"{pair.tokens:6.1f} {pair.share:.2f}{' F' if pair.flagged else '  '}"


def example_mix(n: int, seed: int = 7) -> dict[str, dict[str, bytes]]:
    """n students, each file from a random example student, disguised."""
    rng = random.Random(seed)
    examples = {p.name: read_submission(p).files for p in sorted(EXAMPLES.iterdir()) if p.is_dir()}
    out = {}
    for i in range(n):
        files = {name: examples[rng.choice(sorted(examples))][name] for name in examples["s2024001"]}
        out[f"m{i:03d}"] = disguise(files, seed * 1000 + i)
    return out


def timed(label: str, subs: dict, out: Path, book: Path) -> float:
    started = time.perf_counter()
    report = similarity_report(subs, out, None, [book])
    seconds = time.perf_counter() - started
    print(f"{label:>44}: {seconds:6.2f} s, {1000 * seconds / len(subs):5.1f} ms per student, "
          f"{len(report.rows)} pairs listed, {report.flagged} flagged")
    return seconds


def timings(book: Path, root: Path) -> None:
    print(f"\ncost (load average {os.getloadavg()[0]:.2f}); the first run imports copydetect and warms the caches")
    small, _ = make_class(KIT)
    timed("warm-up (the test class)", small, root / "w", book)
    t25 = timed(f"the test class ({len(small)} students)", small, root / "a", book)
    big, _ = make_class(KIT, n_independent=100, seed=99)
    t100 = timed(f"made-up class ({len(big)} students)", big, root / "b", book)
    mixed = example_mix(100)
    t_mix = timed("example class's files mixed (100 students)", mixed, root / "c", book)
    print(f"{'ratio 100 / 25 students':>44}: {t100 / t25:.2f} (made-up), {t_mix / t25:.2f} (example mix)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=8)
    parser.add_argument("--skip-sweep", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dlkit-bench-similarity-") as tmp:
        book = book_folder(Path(tmp) / "book")
        if not args.skip_sweep:
            sweep(args.seeds, book)
        timings(book, Path(tmp))


if __name__ == "__main__":
    main()
