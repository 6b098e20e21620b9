"""The batch grader's HTML reports, built from real grading results.

Submissions are graded in this process (the reference and two known mistakes), stored in
the batch grader's layout (students/<id>/result.json + artifacts/) and rendered; the
pages are then read back with html.parser and checked for what a student or instructor
must find in them.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import matplotlib.image
import pytest

from grader.batch.reports import (
    CLASS_FILES,
    CLASS_REPORT,
    FEEDBACK,
    PNG_SIGNATURE,
    render_class_report,
    render_feedback,
)
from grader.messages import t
from grader.reference import mutant_submission, solution_submission
from grader.results import artifacts, submission_json
from grader.session import grade_task
from grader.tasks import BY_ID, with_training

# tiny training (41 iterations: the last accuracy record is taken after the last update)
TASKS = with_training(dict(iters_num=41, train_size=1000, learning_rate=1.0, min_accuracy=0.3))
SEED = 7
# student id -> (submission, hidden seed or None)
STUDENTS = {
    "s_ok": (solution_submission, SEED),
    "s_bp": (lambda: mutant_submission("bp_sigmoid_grad_of_z1"), SEED),
    "s_sse1": (lambda: mutant_submission("sse_slide_typo"), None),
}
TWINS = {"s_sse2": "s_sse1"}  # a second student who handed in the same code (graded once, for speed)
VOID = {"meta", "img", "br", "hr", "link", "input"}


class Page(HTMLParser):
    """What the tests read from a page: its text, images, tables (rows with their id) and
    whether every tag that was opened was closed in order."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.images: list[str] = []
        self.tables: list[dict] = []
        self.lang = ""
        self.open: list[str] = []
        self.balanced = True
        self._table: dict | None = None
        self._cell: list[str] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag not in VOID:
            self.open.append(tag)
        if tag == "br" and self._cell is not None:
            self._cell.append(" ")
        if tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "img":
            self.images.append(a["src"])
        elif tag == "table":
            self._table = {"class": a.get("class", ""), "rows": []}
            self.tables.append(self._table)
        elif tag == "tr" and self._table is not None:
            self._table["rows"].append({"id": a.get("id", ""), "cells": []})
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.open or self.open.pop() != tag:
            self.balanced = False
        if tag in ("td", "th") and self._cell is not None and self._table and self._table["rows"]:
            self._table["rows"][-1]["cells"].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)

    @property
    def plain(self) -> str:
        return " ".join(" ".join(self.text).split())

    def row(self, row_id: str) -> list[str]:
        return next(r["cells"] for table in self.tables for r in table["rows"] if r["id"] == row_id)

    def table(self, css_class: str) -> list[list[str]]:
        return [r["cells"] for r in next(tb for tb in self.tables if css_class in tb["class"].split())["rows"]]


def one_line(text: str) -> str:
    return " ".join(text.split())


def grade_student(student: str, out: Path) -> dict:
    """Grade one submission and store it as the batch grader does: result.json and artifacts."""
    make, seed = STUDENTS[student]
    sub = make()
    results = [grade_task(task, sub, hidden_seed=seed, artifacts=True) for task in TASKS]
    folder = out / "students" / student
    for result in results:
        for name, data in artifacts(result).items():
            path = folder / "artifacts" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    record = submission_json(student, results, hidden_seed=seed, submission_hash="sha256:abc")
    (folder / "result.json").write_text(json.dumps(record), encoding="utf-8")
    return record


def copy_student(record: dict, student: str, out: Path) -> dict:
    shutil.copytree(out / "students" / record["student"], out / "students" / student)
    return {**record, "student": student}


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> tuple[Path, dict[str, dict]]:
    out = tmp_path_factory.mktemp("grades")
    results = {student: grade_student(student, out) for student in STUDENTS}
    results.update({twin: copy_student(results[of], twin, out) for twin, of in TWINS.items()})
    return out, results


def feedback(graded, student: str, lang: str = "en") -> tuple[Path, Page]:
    out, results = graded
    page = render_feedback(results[student], out / "students" / student, lang=lang)
    return page, Page(page.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pages(graded) -> dict[tuple[str, str], tuple[Path, Page]]:
    """The pages most tests read, rendered once: (student, lang) -> (path, parsed page)."""
    return {key: feedback(graded, *key) for key in (("s_bp", "en"), ("s_ok", "en"), ("s_sse1", "en"), ("s_sse1", "ko"))}


def task_of(result: dict, task_id: str) -> dict:
    return next(task for task in result["tasks"] if task["id"] == task_id)


def assert_png(path: Path) -> None:
    assert path.is_file(), path
    assert path.read_bytes()[:8] == PNG_SIGNATURE, path
    pixels = matplotlib.image.imread(path)
    assert pixels.ndim == 3 and pixels.shape[0] > 50 and pixels.shape[1] > 50, (path, pixels.shape)
    assert pixels.std() > 0.01, f"{path} is blank"


def test_feedback_shows_total_and_every_task_score(graded, pages) -> None:
    _, results = graded
    result = results["s_bp"]
    path, page = pages["s_bp", "en"]
    assert path.name == FEEDBACK and page.balanced
    assert f"{result['score']:g} / 100" in page.plain
    assert result["score"] < 100
    for task in result["tasks"]:
        cells = page.row(f"row-{task['id']}")
        assert f"{task['score']:g} / {task['points']:g}" in cells, (task["id"], cells)
        assert any(cell.startswith(t(task["status"], "en")) for cell in cells), cells
        if task["status"] != "passed":  # and what happened across the cases
            assert any(task["status_text"]["en"] in cell for cell in cells), cells


def test_feedback_names_the_mistake_with_its_hint_and_the_mismatch_details(graded, pages) -> None:
    _, results = graded
    _, page = pages["s_bp", "en"]
    hint = next(m for m in BY_ID["two_layer_net_gradient"].mistakes if m.id == "bp_sigmoid_grad_of_z1")
    assert one_line(hint.hint.en) in page.plain
    report = task_of(results["s_bp"], "two_layer_net_gradient")["report"]["en"]
    assert report and one_line(report.splitlines()[2]) in page.plain  # the first case's description


def test_feedback_has_the_gradient_check_table_for_a_backprop_mistake(graded, pages) -> None:
    _, results = graded
    _, page = pages["s_bp", "en"]
    task = task_of(results["s_bp"], "two_layer_net_gradient")
    checked = [c for c in task["cases"] if c["grad_table"]]
    assert len(checked) == 5  # three public and two hidden cases, all failing
    rows = page.table("grad")
    header, body = rows[0], rows[1:]
    assert [c["id"] for c in checked] == [cell.split(" ")[0] for cell in header[1:-1]]
    assert [r[0] for r in body] == ["W1", "b1", "W2", "b2"]
    for col, case in enumerate(checked, start=1):
        for row, (name, err, threshold, ok) in zip(body, case["grad_table"], strict=True):
            assert row[0] == name
            assert row[col] == f"{err:.2e} {'✓' if ok else '✗'}"
            assert row[-1] == f"{threshold:.0e}"
    # sigmoid_grad(z1) leaves the output layer right and the hidden layer wrong
    assert [r[1][-1] for r in body] == ["✗", "✗", "✓", "✓"]


def test_feedback_images_exist_and_are_png(graded, pages) -> None:
    _, results = graded
    path, page = pages["s_ok", "en"]
    folder = path.parent
    srcs = [unquote(src) for src in page.images]
    assert "train_curve.png" in srcs  # the training curve drawn from result["curve"]
    drawn = {name for task in results["s_ok"]["tasks"] if task["id"].startswith("plot_")
             for name in [f"artifacts/{task['id']}/{c['id']}/png.png" for c in task["cases"]]}
    assert drawn and drawn <= set(srcs)  # every figure the student's code drew
    for src in srcs:
        assert_png(folder / src)


def test_feedback_shows_only_real_png_files(graded) -> None:
    """Artifacts come from a student's process: bytes that are not a PNG never become an image."""
    out, results = graded
    folder = out / "students" / "s_ok" / "artifacts" / "plot_tangent" / "fake"
    folder.mkdir(parents=True)
    (folder / "png.png").write_text("<script>alert(1)</script>")
    try:
        _, page = feedback(graded, "s_ok")
    finally:
        shutil.rmtree(folder)
    assert not any("fake" in src for src in page.images)
    assert any("plot_tangent" in src for src in page.images)


def test_feedback_records_the_hidden_seed_or_says_hidden_was_not_run(pages) -> None:
    _, with_seed = pages["s_bp", "en"]
    assert f"{t('seed', 'en')} {SEED}" in with_seed.plain
    assert with_seed.row("row-two_layer_net_gradient")[4] == "0/2"  # hidden cases: none passed
    _, without = pages["s_sse1", "en"]
    cells = without.row("row-sum_squares_error")
    assert cells[4] == t("hidden_not_run", "en")
    assert f"{t('seed', 'en')} {t('hidden_not_run', 'en')}" in without.plain
    assert "sha256:abc" in without.plain  # what the grader recorded


def test_feedback_in_korean(pages) -> None:
    _, page = pages["s_sse1", "ko"]
    assert page.lang == "ko"
    hint = BY_ID["sum_squares_error"].mistakes[0]
    assert hint.id == "sse_slide_typo"
    assert one_line(hint.hint.ko) in page.plain
    assert any(cell.startswith(t("failed", "ko")) for cell in page.row("row-sum_squares_error"))
    assert "오차제곱합" in page.plain and "채점 결과" in page.plain
    assert one_line(hint.hint.en) not in page.plain


def test_feedback_escapes_what_student_code_said(graded) -> None:
    """Exception messages are the student's text: they must arrive as text, never as markup."""
    out, results = graded
    result = json.loads(json.dumps(results["s_sse1"]))
    task = task_of(result, "sum_squares_error")
    task["cases"][0]["error"] = {"kind": "exception", "type": "ValueError", "message": "<script>x()</script>",
                                 "where": "functions.py:1: <b>"}
    task["report"]["en"] += "\n<img src=x onerror=alert(1)>"
    folder = out / "escaped"
    html = render_feedback(result, folder).read_text(encoding="utf-8")
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;x()&lt;/script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_pages_are_reproducible(graded, tmp_path) -> None:
    out, results = graded
    first = {}
    for run in range(2):
        folder = tmp_path / f"run{run}"
        shutil.copytree(out, folder)
        for student in ("s_ok", "s_bp"):  # one page with a training curve, one with a gradient table
            render_feedback(results[student], folder / "students" / student)
        render_class_report(list(results.values()), folder)
        first[run] = {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*"))
                      if p.is_file() and p.suffix in (".html", ".png")}
    assert first[0] == first[1]
    assert any(p.suffix == ".png" and "class_report_files" in p.parts for p in first[0])


def render_class(graded, lang: str) -> tuple[Path, Page]:
    out, results = graded
    for student, result in results.items():
        render_feedback(result, out / "students" / student, lang=lang)
    path = render_class_report(list(results.values()), out, lang=lang)
    return path, Page(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def class_en(graded) -> tuple[Path, Page]:
    return render_class(graded, "en")


def test_class_report_counts_each_mistake(class_en) -> None:
    path, page = class_en
    assert path.name == CLASS_REPORT and page.balanced
    sse = page.row("mistake-sse_slide_typo")
    # cause, task, origin, hint, students, points the class lost, per student
    assert sse[0] == "sse_slide_typo" and sse[4] == "2 (50%)" and sse[5:] == ["10", "5"]
    assert sse[1] == BY_ID["sum_squares_error"].title.en and sse[2] == "the lecture's code"
    assert one_line(BY_ID["sum_squares_error"].mistakes[0].hint.en) == sse[3]
    assert page.row("mistake-bp_sigmoid_grad_of_z1")[4:] == ["1 (25%)", "10", "10"]
    assert not any(r["id"] == "mistake-ce_no_delta" for tb in page.tables for r in tb["rows"])


def test_class_report_pass_rates_scores_and_timings(graded, class_en) -> None:
    _, results = graded
    _, page = class_en
    sse = page.row("task-sum_squares_error")
    assert sse[2] == "2 / 4" and sse[3] == "50%"
    assert page.row("task-numerical_diff")[2] == "4 / 4"
    scores = sorted(r["score"] for r in results.values())
    assert f"{scores[0]:g}" in page.plain and f"{scores[-1]:g}" in page.plain
    timing = [r for tb in page.tables for r in tb["rows"] if r["id"].startswith("time-")]
    assert len(timing) == len(TASKS)
    medians = [float(r["cells"][1]) for r in timing]
    assert medians == sorted(medians, reverse=True)  # slowest first
    # the row order follows the measured times, whichever task was slowest on this machine
    med = {spec.id: statistics.median(task["seconds"] for r in results.values() for task in r["tasks"]
                                      if task["id"] == spec.id) for spec in TASKS}
    assert timing[0]["id"] == "time-" + max(med, key=med.get)


def test_class_report_images_and_links(class_en) -> None:
    path, page = class_en
    srcs = [unquote(src) for src in page.images]
    assert len(srcs) == 4  # histogram, pass rates, mistakes, slowest tasks
    for src in srcs:
        assert_png(path.parent / src)
    grid = page.row("student-s_bp")
    assert grid[0] == "s_bp" and len(grid) == 2 + len(TASKS)
    assert (path.parent / "students" / "s_bp" / FEEDBACK).is_file()


def test_class_report_in_korean(graded) -> None:
    _, page = render_class(graded, "ko")
    assert page.lang == "ko"
    assert "반 전체 보고서" in page.plain
    assert one_line(BY_ID["sum_squares_error"].mistakes[0].hint.ko) in page.row("mistake-sse_slide_typo")


def test_page_renders_in_a_browser_when_one_is_installed(pages, tmp_path) -> None:
    """Well-formed everywhere; and where Chromium is already installed (never installed for
    this), the page is also drawn headless and must not be blank."""
    path, page = pages["s_bp", "en"]
    assert page.balanced and not page.open
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium:
        shot = tmp_path / "page.png"
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={shot}",
                        "--window-size=1000,1400", path.as_uri()], check=True, capture_output=True, timeout=120)
        assert_png(shot)


def test_class_report_of_an_empty_class(tmp_path) -> None:
    (tmp_path / CLASS_FILES).mkdir()
    (tmp_path / CLASS_FILES / "mistakes.png").write_bytes(PNG_SIGNATURE)  # left by an earlier run
    page = Page(render_class_report([], tmp_path).read_text(encoding="utf-8"))
    assert page.balanced
    assert "students 0" in page.plain and "No catalogued mistake was recognised." in page.plain
    assert [unquote(src) for src in page.images] == [f"{CLASS_FILES}/histogram.png"]
    assert sorted(p.name for p in (tmp_path / CLASS_FILES).iterdir()) == ["histogram.png"]
