"""The similarity report: the normaliser, the shared code, the two signals and the page, on a
made-up class of independent students and planted copies (tests/course_class.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from course_class import FILES, VARIANTS, load_stubs, make_class, student_files

from grader.batch.similarity import behaviour as B
from grader.batch.similarity import fingerprints as F
from grader.batch.similarity import page as P
from grader.batch.similarity import similarity_report, stub_files
from grader.batch.similarity.shared import SharedCode, functions_in, kit_sources, shared_code
from grader.batch.similarity.units import class_units, extract_units, stub_api
from grader.kit import KIT, SOLUTIONS
from grader.results import submission_json
from grader.run import Submission
from grader.session import grade_task
from grader.tasks import TASKS
from grader.wrong_outputs import values_digest

pytest.importorskip("copydetect")

API = stub_api(stub_files())
BOOK_VARIANTS = ("book", "book_fixed", "book_one_hot_only", "slides_flat", "slide_typo")


def unit(code: str, name: str = "gradient.numerical_diff"):
    return extract_units({"gradient.py": code.encode()}, API, [name])[name]


# ---------------------------------------------------------------- the normaliser


def test_formatting_comments_and_names_do_not_matter() -> None:
    a = unit('def numerical_diff(f, x):\n    """d"""\n    h = 1e-4  # small\n'
             '    return (f(x+h) - f(x-h)) / (2*h)\n')
    b = unit("def numerical_diff(f, x):\n    # central\n    eps = 0.0001\n\n"
             "    return (f(x + eps)-f(x - eps))/(2 * eps)\n")
    assert a.tokens == b.tokens


def test_library_names_matter() -> None:
    assert unit("def numerical_diff(f, x):\n    return np.sum(x)\n").tokens != \
        unit("def numerical_diff(f, x):\n    return np.max(x)\n").tokens


def test_a_stub_is_no_unit() -> None:
    stub = b'def numerical_diff(f, x):\n    """doc"""\n    raise NotImplementedError("not yet")\n'
    assert extract_units({"gradient.py": stub}, API) == {}


def test_helpers_are_inlined_under_any_name() -> None:
    a = unit("def _one(f, x):\n    return f(x + 1) - f(x - 1)\n\n"
             "def numerical_diff(f, x):\n    return _one(f, x) / 2\n")
    b = unit("def helper(g, y):\n    return g(y + 1) - g(y - 1)\n\n"
             "def numerical_diff(f, x):\n    return helper(f, x) / 2\n")
    assert a.tokens == b.tokens and "HELPER" in a.tokens and len(a.segments) == 2


def test_calls_to_other_graded_functions_are_recorded() -> None:
    code = b"class TwoLayerNet:\n    def loss(self, x, t):\n        return cross_entropy_error(self.predict(x), t)\n"
    found = extract_units({"two_layer_net.py": code}, API)["two_layer_net.TwoLayerNet.loss"]
    assert found.calls == {"functions.cross_entropy_error", "two_layer_net.TwoLayerNet.predict"}


def test_slide_code_is_read_from_text() -> None:
    text = ("intro\n```\n6 def numerical_diff(f, x):\n7     h = 1e-4 # 0.0001\n"
            "8     return (f(x+h) - f(x-h)) / (2*h) ]]\n    ↪ 수치미분함수\n```\n")
    assert [fn.name for _, fn in functions_in(text, is_python=False)] == ["numerical_diff"]


def test_the_kits_shared_code_covers_solutions_and_every_mutant() -> None:
    sources = kit_sources()
    assert "solutions/mutants/sse_slide_typo/functions.py" in sources and "benchmarks/book_reference.py" in sources
    shared = shared_code()
    solved = {name: (SOLUTIONS / name).read_bytes() for name in FILES}
    for found in extract_units(solved, API).values():  # a student who hands in solutions/ has no code of their own
        assert set(F.kgram_hashes(found.tokens, shared.k).tolist()) <= shared.hashes, found.name


# ---------------------------------------------------------------- the made-up class


@pytest.fixture(scope="module")
def made_up_class():
    return make_class(KIT)


@pytest.fixture(scope="module")
def book_folder(tmp_path_factory) -> Path:
    """The book's and the slides' versions of each function, as an instructor's --shared-code folder."""
    folder = tmp_path_factory.mktemp("book")
    stubs = load_stubs(KIT)
    for variant in BOOK_VARIANTS:
        choice = {name: variant if variant in variants else next(iter(variants)) for name, variants in VARIANTS.items()}
        (folder / variant).mkdir()
        for name, data in student_files(stubs, choice, 0, comment_rate=0, spacing=False).items():
            (folder / variant / name).write_bytes(data)
    return folder


@pytest.fixture(scope="module")
def shared(book_folder) -> SharedCode:
    return shared_code([book_folder])


@pytest.fixture(scope="module")
def graded(made_up_class, tmp_path_factory) -> dict[str, dict]:
    """Every made-up student graded in this process by the kit's judge, as result.json dicts."""
    subs, _ = made_up_class
    root = tmp_path_factory.mktemp("class")
    tasks = [t for t in TASKS if t.file in FILES]
    results = {}
    for student, files in subs.items():
        folder = root / student
        folder.mkdir()
        for name, data in files.items():
            (folder / name).write_bytes(data)
        sub = Submission(folder)
        results[student] = json.loads(json.dumps(submission_json(student, [grade_task(t, sub) for t in tasks])))
    return results


def test_the_disguised_copies_grade_as_their_originals(made_up_class, graded) -> None:
    _, truth = made_up_class
    for copy, original, _ in truth["planted"][:2]:  # whole copies
        assert [t["score"] for t in graded[copy]["tasks"]] == [t["score"] for t in graded[original]["tasks"]]


def test_planted_copies_are_flagged_and_book_typers_are_not(made_up_class, shared, graded) -> None:
    subs, truth = made_up_class
    units = class_units(subs, API)
    code = F.compare_class(units, shared.hashes)
    calls = {s: {u.task: u.calls for u in us.values()} for s, us in units.items()}
    rows = {(r.a, r.b): r for r in P.merge(code, B.behaviour_pairs(graded, calls))}
    # a whole copy (locals renamed, functions and methods reordered, comments replaced): its code
    assert rows["c101", "s003"].flag == "code"
    # a copy of a book-typer has almost no code of its own: its two unusual slips flag it
    assert rows["c102", "s007"].flag == "behaviour"
    assert rows["c102", "s007"].behaviour.tasks == ["cross_entropy_error", "two_layer_net_gradient"]
    # one copied file of mostly own code: at the thresholds' edge (docs/batch.md), listed at least
    assert rows["c103", "s010"].flag in ("review", "code")
    copiers = {copy for copy, _, _ in truth["planted"]}
    assert all(set(pair) & copiers for pair, row in rows.items() if row.flagged)
    assert ("book1", "book2") not in rows  # typed the book everywhere: nothing of their own in common
    assert all(p.tokens == 0 for p in code if {p.a, p.b} == {"book1", "book2"})


@pytest.mark.parametrize("seed", [2025, 2028, 2031])
def test_other_classes_flag_the_whole_copy_and_no_independent_pair(seed, shared) -> None:
    """docs/batch.md's sweep, three of its classes (2028 has two independents whose one long
    function coincides: listed for review, not flagged, as it is one function)."""
    subs, truth = make_class(KIT, seed=seed)
    pairs = F.compare_class(class_units(subs, API), shared.hashes)
    copiers = {copy for copy, _, _ in truth["planted"]}
    assert any({p.a, p.b} == {"c101", "s003"} and p.flagged for p in pairs)
    assert all({p.a, p.b} & copiers for p in pairs if p.flagged)


def test_without_the_book_the_class_frequency_filter_still_spares_book_typers(made_up_class) -> None:
    subs, _ = made_up_class
    code = {(p.a, p.b): p for p in F.compare_class(class_units(subs, API), shared_code().hashes)}
    assert not code.get(("book1", "book2"), F.CodePair("", "", [], 0, 0, False)).flagged
    assert code["c101", "s003"].flagged


def test_the_catalogued_mistakes_of_independent_students_are_explained(graded) -> None:
    typo = [t for r in graded.values() for t in r["tasks"] if "sse_slide_typo" in t["mistakes"]]
    assert typo, "the made-up class copies the slide's typo"
    for task in typo:
        # (the slides' whole SSE, also catalogued, answers some of those cases the same way)
        assert all("sse_slide_typo" in c["explained_by"] for c in task["cases"] if "wrong" in c)
    assert [(p.a, p.b) for p in B.behaviour_pairs(graded) if p.flagged] == [("c102", "s007")]


def test_the_report_is_reproducible_across_processes(made_up_class, book_folder, graded, tmp_path) -> None:
    """Python's hash() is salted per process (copydetect's own k-gram hashing uses it); ours is not."""
    subs, _ = made_up_class
    folder = tmp_path / "subs"
    for student, files in subs.items():
        (folder / student).mkdir(parents=True)
        for name, data in files.items():
            (folder / student / name).write_bytes(data)
    script = ("import sys; from pathlib import Path; from grader.batch.intake import read_submission\n"
              "from grader.batch.similarity import similarity_report\n"
              "subs = {p.name: read_submission(p).files for p in sorted(Path(sys.argv[1]).iterdir())}\n"
              "similarity_report(subs, Path(sys.argv[2]), shared_paths=[Path(sys.argv[3])])\n")
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        subprocess.run([sys.executable, "-c", script, str(folder), str(out), str(book_folder)], check=True, cwd=KIT,
                       env={"PYTHONHASHSEED": seed, "PYTHONPATH": str(KIT), "PATH": "/usr/bin:/bin"})
        outs.append(((out / P.CSV_NAME).read_bytes(), (out / P.HTML_NAME).read_bytes()))
    assert outs[0] == outs[1] and outs[0][0].count(b"\n") > 1


def test_page_and_csv(made_up_class, book_folder, graded, tmp_path) -> None:
    subs, _ = made_up_class
    report = similarity_report(subs, tmp_path, graded, [book_folder])
    lines = report.csv.read_text().splitlines()
    assert lines[0].split(",") == list(P.CSV_COLUMNS)
    assert lines[1].startswith("c101,s003,code,") and any(line.startswith("c102,s007,behaviour,") for line in lines)
    html = report.html.read_text()
    assert 'id="pair-c101-s003"' in html and 'class="hl"' in html and "Identical wrong outputs" in html
    assert "How pairs are chosen" in html and f"runs of {F.K} tokens" in html
    assert report.flagged >= 2


def test_student_code_is_escaped(tmp_path) -> None:
    code = 'def numerical_diff(f, x):\n    s = "<script>alert(1)</script>"\n    return len(s) * x\n'
    units = {s: {"gradient.numerical_diff": unit(code)} for s in ("a", "b")}
    rows = P.merge(F.compare_class(units, set(), min_tokens=1, min_share=0), [], review_tokens=0)
    P.write_pages(tmp_path, rows, units, P.thresholds([]), [], 2)
    html = (tmp_path / P.HTML_NAME).read_text()
    assert "<script>alert" not in html and "&lt;script&gt;" in html


# ---------------------------------------------------------------- identical wrong behaviour


def test_the_digest_ignores_rounding_noise_not_differences() -> None:
    x = np.array([0.1, 0.2, 0.3])
    assert values_digest({"y": x}) == values_digest({"y": x * (1 + 1e-12)})
    assert values_digest({"y": x}) != values_digest({"y": x * 1.001})
    assert values_digest({"y": np.array([0.0])}) == values_digest({"y": np.array([-0.0])})
    assert values_digest({"y": x}) != values_digest({"y": x.reshape(3, 1)})
    assert values_digest({"y": x}) != values_digest({"z": x})


def result(student: str, tasks: list) -> dict:
    return {"student": student, "tasks": [
        {"id": tid, "status": "failed" if cases else "passed", "mistakes": mistakes,
         "cases": [{"id": cid, "hidden": False, "passed": False, "wrong": fp, "explained_by": expl}
                   for cid, fp, expl in cases]} for tid, mistakes, cases in tasks]}


def test_catalogued_inherited_and_common_failures_are_no_evidence() -> None:
    slip = [("c1", "aa", []), ("c2", "bb", [])]
    results = {
        "a": result("a", [("cross_entropy_error", [], slip), ("simple_net_loss", [], [("c1", "cc", [])])]),
        "b": result("b", [("cross_entropy_error", [], slip), ("simple_net_loss", [], [("c1", "cc", [])])]),
        "c": result("c", [("sum_squares_error", ["sse_slide_typo"], [("c1", "dd", ["sse_slide_typo"])])]),
        "d": result("d", [("sum_squares_error", ["sse_slide_typo"], [("c1", "dd", ["sse_slide_typo"])])]),
        **{f"x{i}": result(f"x{i}", [("numerical_diff", [], [("c1", "ee", [])])]) for i in range(4)},
    }
    pairs = B.behaviour_pairs(results)
    assert [(p.a, p.b, p.flagged) for p in pairs] == [("a", "b", True)]
    assert {e.task for e in pairs[0].evidence} == {"cross_entropy_error"}  # simple_net_loss inherits it
    assert [(c.task, len(c.students)) for c in B.common_wrong(results)] == [("numerical_diff", 4)]
