"""`dlkit nbgrader`: a course real nbgrader runs, scoring exactly as the kit's own grader.

The end-to-end fixture writes the course, runs nbgrader's generate_assignment, places four
students' notebooks in submitted/ (the solutions, and solutions with catalogued mistakes
from solutions/mutants/; three of them did not hand in every notebook), then autograde,
generate_feedback and export. The kit grades the same notebooks, extracted into exercise
files, in this process; every task's score must be the same.
"""

from __future__ import annotations

import ast
import csv
import importlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from grader.cli import main
from grader.commands.nbgrader import TINY_TRAINING
from grader.kit import SOLUTIONS
from grader.nbcheck import check_task, extract_exercises, notebook_module
from grader.nbgrader.authoring import (
    assignment_tasks,
    course_seed,
    module_cells,
    notebook_name,
    write_course,
    write_notebooks,
)
from grader.nbgrader.scores import (
    autograde_with_verdicts,
    grade_folders,
    submitted_to_folders,
    write_scores_to_gradebook,
)
from grader.reference import make_mutant
from grader.run import Submission
from grader.seeds import student_seed
from grader.session import grade_task, grade_tasks
from grader.tasks import BY_ID

ASSIGNMENT = "ch04"
SEED = 20240501  # the hidden cases' seed written into the test cells
TASKS = assignment_tasks(None)
ALL = ("functions.py", "gradient.py", "simple_net.py", "two_layer_net.py", "plots.py")
# student -> (file -> the mistake made in it, the files handed in). Mistakes are solutions/
# mutants; "nodelta_norestore" gets partial credit (ce_no_delta fails only the zero-probability
# cases) and spoils its simple_net gradient through gradient.py; "forward_uphill" handed in
# simple_net without the functions notebook it imports.
STUDENTS = {
    "correct": ({}, ALL),
    "typo_bp": ({"functions.py": "sse_slide_typo", "two_layer_net.py": "bp_no_batch_mean"},
                ("functions.py", "gradient.py", "two_layer_net.py")),
    "nodelta_norestore": ({"functions.py": "ce_no_delta", "gradient.py": "grad_no_restore"},
                          ("functions.py", "gradient.py", "simple_net.py")),
    "forward_uphill": ({"gradient.py": "diff_forward", "plots.py": "plot_uphill"},
                       ("gradient.py", "simple_net.py", "plots.py")),
}
# ... and one edited a read-only cell, which nbgrader's autograde and the kit both undo
TAMPERED = {"typo_bp": ("functions.py", "DELTA = 1e-7", "DELTA = 0.0")}


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DLKIT_LANG": "ko"}  # the kernels' reports, and so the feedback, in Korean
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def strip_markers(source: str) -> str:
    return "\n".join(line for line in source.splitlines()
                     if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))


def student_notebook(release: Path, sources: Path) -> nbformat.NotebookNode:
    """A release notebook with its answer cells written from `sources` (solutions or a mutant)."""
    file = release.name.split("_", 1)[1].replace(".ipynb", ".py")
    answers = {c.grade_id: c.source for c in module_cells(file, TASKS, SEED, None, sources) if c.kind == "answer"}
    nb = nbformat.read(release, as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            cell.source = strip_markers(answers[meta["grade_id"]])
    return nb


def hand_in(course: Path, student: str, mistakes: dict[str, str], files: tuple[str, ...], mutants: Path) -> None:
    folder = course / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True)
    for file in files:
        sources = make_mutant(mistakes[file], mutants / student) if file in mistakes else SOLUTIONS
        name = notebook_name(file)
        nb = student_notebook(course / "release" / ASSIGNMENT / name, sources)
        if TAMPERED.get(student, ("",))[0] == file:
            _, old, new = TAMPERED[student]
            cell = next(c for c in nb.cells if old in c.source)
            cell.source = cell.source.replace(old, new)
        nbformat.write(nb, folder / name)
    (folder / "timestamp.txt").write_text("2024-05-01 10:00:00.000000 UTC")


@dataclass
class Course:
    root: Path
    untouched: Path  # a copy taken before autograde: for the batch grader's way in
    kit: dict[str, dict]  # the kit's own grades of the same notebooks, by student


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Course:
    tmp = tmp_path_factory.mktemp("nbgrader")
    root = tmp / "course"
    write_course(root, students=list(STUDENTS), hidden_seed=SEED)
    nbgrader(root, "generate_assignment", ASSIGNMENT, "--force")
    for student, (mistakes, files) in STUDENTS.items():
        hand_in(root, student, mistakes, files, tmp / "mutants")
    untouched = tmp / "untouched"
    shutil.copytree(root, untouched)
    nbgrader(root, "autograde", ASSIGNMENT, "--force")
    nbgrader(root, "generate_feedback", ASSIGNMENT, "--force")
    nbgrader(root, "export", "--to", str(root / "grades.csv"))
    folders = submitted_to_folders(root, ASSIGNMENT, tmp / "extracted")
    kit = {r["student"]: r for r in grade_folders(folders, TASKS, SEED)}
    return Course(root, untouched, kit)


def gradebook_scores(root: Path) -> dict[str, dict[str, float]]:
    from nbgrader.api import Gradebook

    with Gradebook("sqlite:///" + str(root / "gradebook.db"), "dlkit-ch04") as gb:
        return {student: {g.name: g.score for nb in gb.find_submission(ASSIGNMENT, student).notebooks
                          for g in nb.grades} for student in STUDENTS}


def exported(root: Path, name: str = "grades.csv") -> dict[str, float]:
    with open(root / name, newline="") as fh:
        return {row["student_id"]: float(row["score"]) for row in csv.DictReader(fh)}


# ---------------------------------------------------------------- real nbgrader


def test_autograde_scores_every_task_as_the_kits_grader(course: Course) -> None:
    scores = gradebook_scores(course.root)
    for student, result in course.kit.items():
        assert {t["id"]: t["score"] for t in result["tasks"]} == pytest.approx(scores[student], abs=1e-9), student
    kit = course.kit
    assert kit["correct"]["score"] == sum(task.points for task in TASKS) == 90
    assert all(kit[s]["score"] < 90 for s in STUDENTS if s != "correct")
    partial = [(s, t["id"]) for s in kit for t in kit[s]["tasks"] if 0 < t["score"] < t["points"]]
    assert ("nodelta_norestore", "cross_entropy_error") in partial  # nbgrader's partial credit, used
    by_task = {s: {t["id"]: t for t in kit[s]["tasks"]} for s in kit}
    # gradient.py's mistake, seen from simple_net.py's notebook: pointed at, its points kept
    seen = by_task["nodelta_norestore"]["simple_net_gradient"]
    assert seen["status"] == "upstream" and seen["upstream"]["tasks"] == ["numerical_gradient"] and seen["score"] == 4
    assert by_task["forward_uphill"]["simple_net_predict"]["score"] == 0  # imports a notebook not handed in
    assert by_task["typo_bp"]["simple_net_predict"]["status"] == "missing"


def test_nbgrader_export_has_the_kits_totals(course: Course) -> None:
    assert exported(course.root) == pytest.approx({s: r["score"] for s, r in course.kit.items()}, abs=1e-9)


def test_feedback_shows_the_kits_report_in_korean(course: Course) -> None:
    page = (course.root / "feedback" / "typo_bp" / ASSIGNMENT / "01_functions.html").read_text(encoding="utf-8")
    hint = next(m for m in BY_ID["sum_squares_error"].mistakes if m.id == "sse_slide_typo").hint.ko
    assert hint.split("`")[0].strip() in page
    assert "[sum_squares_error]" in page and "0/5" in page


def test_release_hides_answers_and_hidden_seed_and_carries_the_catalogues_points(course: Course) -> None:
    grade_cells = {}
    for path in sorted((course.root / "release" / ASSIGNMENT).glob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text and str(SEED) not in text
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade"):
                grade_cells[meta["grade_id"]] = meta["points"]
    assert "return 0.5 * np.sum((y - t) ** 2)" not in (course.root / "release" / ASSIGNMENT /
                                                        "01_functions.ipynb").read_text(encoding="utf-8")
    assert grade_cells == {task.id: task.points for task in TASKS}
    assert "train" not in grade_cells  # the MNIST training is left out by default


def test_release_notebooks_extract_to_stubs_that_score_nothing(course: Course, tmp_path: Path) -> None:
    folder = extract_exercises(sorted((course.root / "release" / ASSIGNMENT).glob("*.ipynb")), tmp_path / "stubs")
    results = [grade_task(task, Submission(folder)) for task in TASKS]
    assert {r.status for r in results} == {"not_implemented"}


# ---------------------------------------------------------------- the safer way in: the kit grades, nbgrader shows


def test_kit_scores_written_into_the_gradebook_are_what_nbgrader_exports(course: Course, tmp_path: Path) -> None:
    root = course.untouched  # generate_assignment ran, autograde did not: no submission rows yet
    folders = submitted_to_folders(root, ASSIGNMENT, tmp_path / "folders")
    assert sorted(f.name for f in folders) == sorted(STUDENTS)
    results = grade_folders(folders, TASKS, SEED + 1)  # other hidden cases than the notebooks hold
    written = write_scores_to_gradebook(root, ASSIGNMENT, results, lang="ko")
    assert written == {r["student"]: [t.id for t in TASKS] for r in results}
    nbgrader(root, "export", "--to", str(root / "imported.csv"))
    assert exported(root, "imported.csv") == pytest.approx({r["student"]: r["score"] for r in results}, abs=1e-9)
    scores = gradebook_scores(root)
    for result in results:
        assert scores[result["student"]] == pytest.approx({t["id"]: t["score"] for t in result["tasks"]}, abs=1e-9)


def test_gradebook_keeps_the_instructors_manual_score_and_shows_the_report(course: Course, tmp_path: Path) -> None:
    from nbgrader.api import Gradebook

    root = tmp_path / "course"
    shutil.copytree(course.untouched, root)
    results = grade_folders(submitted_to_folders(root, ASSIGNMENT, tmp_path / "folders"), TASKS, SEED)
    write_scores_to_gradebook(root, ASSIGNMENT, results, lang="ko")
    url = "sqlite:///" + str(root / "gradebook.db")
    with Gradebook(url, "dlkit-ch04") as gb:
        grade = gb.find_grade("sum_squares_error", "01_functions", ASSIGNMENT, "typo_bp")
        assert (grade.auto_score, grade.score) == (0, 0)
        grade.manual_score = 2.5  # the instructor disagrees, in formgrader
        comment = gb.find_comment("functions-sum_squares_error", "01_functions", ASSIGNMENT, "typo_bp")
        assert "슬라이드의 오타" in comment.auto_comment
        gb.db.commit()
    write_scores_to_gradebook(root, ASSIGNMENT, results, lang="ko")  # grading again
    with Gradebook(url, "dlkit-ch04") as gb:
        grade = gb.find_grade("sum_squares_error", "01_functions", ASSIGNMENT, "typo_bp")
        assert (grade.auto_score, grade.manual_score, grade.score) == (0, 2.5, 2.5)


def test_import_scores_grades_submitted_in_the_sandbox_into_the_gradebook(course: Course, tmp_path: Path,
                                                                          capsys) -> None:
    root = tmp_path / "course"
    shutil.copytree(course.untouched, root)
    secret = "s3cret"
    assert main(["nbgrader", str(root), "--import-scores", "--secret", secret, "--jobs", "2", "--lang", "ko"]) == 0
    assert "typo_bp" in capsys.readouterr().out
    scores = gradebook_scores(root)
    for folder in sorted((root / "dlkit" / ASSIGNMENT / "submissions").iterdir()):
        seed = student_seed(secret, folder.name)  # the batch grader's per-student hidden cases
        graded = grade_tasks([task.id for task in TASKS], Submission(folder), {task.id: task for task in TASKS}, seed)
        kit = {task_id: result.score for task_id, result in graded.items()}
        assert scores[folder.name] == pytest.approx(kit, abs=1e-9), folder.name
    assert (root / "dlkit" / ASSIGNMENT / "results" / "students" / "typo_bp" / "feedback.html").is_file()
    nbgrader(root, "export", "--to", str(root / "imported.csv"))
    assert exported(root, "imported.csv") == pytest.approx({s: sum(v.values()) for s, v in scores.items()}, abs=1e-9)
    nbgrader(root, "generate_feedback", ASSIGNMENT, "--force")  # works: autograded/ holds the kit's verdicts
    page = (root / "feedback" / "typo_bp" / ASSIGNMENT / "01_functions.html").read_text(encoding="utf-8")
    assert "슬라이드의 오타" in page


def test_nbgrader_scores_the_kits_verdicts_as_the_kit_does(course: Course, tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(course.untouched, root)
    results = grade_folders(submitted_to_folders(root, ASSIGNMENT, tmp_path / "folders"), TASKS, SEED)
    autograde_with_verdicts(root, ASSIGNMENT, results, lang="en")  # nbgrader's determine_grade decides
    scores = gradebook_scores(root)
    for result in results:
        assert scores[result["student"]] == pytest.approx({t["id"]: t["score"] for t in result["tasks"]}, abs=1e-9)
    cells = nbformat.read(root / "autograded" / "nodelta_norestore" / ASSIGNMENT / "01_functions.ipynb", 4).cells
    cell = next(c for c in cells if c.metadata.get("nbgrader", {}).get("grade_id") == "cross_entropy_error")
    assert "No delta inside the log" in cell.outputs[0]["text"]
    assert "### BEGIN HIDDEN TESTS" in cell.source  # restored by nbgrader, as after a real autograde


# ---------------------------------------------------------------- the notebooks, without nbgrader


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("source")
    write_notebooks(folder, SEED, TINY_TRAINING)
    return folder


def function_bodies(path: Path) -> dict[str, str]:
    """Each function's body without its docstring, as an AST dump: the code, not the text."""
    out = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef):
            body = node.body[1:] if ast.get_docstring(node) is not None else node.body
            out[node.name] = ast.dump(ast.Module(body=body, type_ignores=[]))
    return out


def test_answer_cells_are_the_solutions_code(source: Path, tmp_path: Path) -> None:
    folder = extract_exercises(sorted(source.glob("*.ipynb")), tmp_path / "extracted")
    files = sorted(p.name for p in folder.glob("*.py"))
    assert files == sorted(ALL + ("train.py",))
    for file in files:
        extracted, solution = function_bodies(folder / file), function_bodies(SOLUTIONS / file)
        assert {k: v for k, v in solution.items() if k != "main"} == extracted, file


def test_extracted_files_import_each_other_relatively(source: Path) -> None:
    text = notebook_module(source / "04_two_layer_net.ipynb")
    assert "from .functions import cross_entropy_error, sigmoid, sigmoid_grad, softmax" in text
    assert "from .gradient import numerical_gradient" in text
    assert "notebooks" not in text and "grader" not in text


def test_extraction_keeps_a_students_helpers_not_their_scratch_cells(source: Path, tmp_path: Path) -> None:
    nb = nbformat.read(source / "01_functions.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("%timeit 1\ndef halve(x):\n    return x / 2\n\nprint(halve(4))"))
    nbformat.write(nb, tmp_path / "01_functions.ipynb")
    text = notebook_module(tmp_path / "01_functions.ipynb")
    assert "def halve(x):" in text and "print(halve(4))" not in text
    compile(text, "functions.py", "exec")


def namespace_of(folder: Path, file: str) -> dict:
    """What running a file's code as a notebook's cells leaves behind."""
    spec = importlib.util.spec_from_file_location(f"_ns_{file[:-3]}", folder / file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return vars(module)


def test_check_task_returns_the_kits_score_and_raises_with_the_report(tmp_path: Path, monkeypatch) -> None:
    mutant = make_mutant("ce_no_delta", tmp_path)
    write_notebooks(tmp_path / "nb", SEED, None, solutions_dir=mutant)
    monkeypatch.chdir(tmp_path / "nb")
    namespace = namespace_of(mutant, "functions.py")
    want = grade_task(BY_ID["cross_entropy_error"], Submission(mutant), SEED).score
    score = check_task("cross_entropy_error", namespace, hidden_seed=SEED)
    assert type(score) is float and score == want and 0 < score < 8
    namespace["sum_squares_error"] = lambda y, t: 0.0
    with pytest.raises(AssertionError, match="sum_squares_error") as info:
        check_task("sum_squares_error", namespace, lang="ko")
    assert "틀림" in str(info.value)


def test_training_notebook_passes_with_its_small_settings(source: Path, monkeypatch) -> None:
    cell = next(c for c in nbformat.read(source / "05_train.ipynb", as_version=4).cells
                if c.metadata.get("nbgrader", {}).get("grade_id") == "train")
    assert f"training={TINY_TRAINING!r}" in cell.source
    monkeypatch.chdir(source)
    namespace = vars(importlib.import_module("solutions.train"))
    assert check_task("train", namespace, training=TINY_TRAINING) == BY_ID["train"].points


def test_cli_writes_a_course_and_will_not_overwrite_it(tmp_path: Path, capsys) -> None:
    assert main(["nbgrader", str(tmp_path / "c"), "--students", "a,b", "--secret", "s3cret"]) == 0
    names = sorted(p.name for p in (tmp_path / "c" / "source" / ASSIGNMENT).glob("*.ipynb"))
    assert names == [notebook_name(f) for f in ALL]
    config = (tmp_path / "c" / "nbgrader_config.py").read_text(encoding="utf-8")
    assert "c.CourseDirectory.course_id = 'dlkit-ch04'" in config and "STUDENTS = ['a', 'b']" in config
    assert main(["nbgrader", str(tmp_path / "c")]) == 2
    assert "--force" in capsys.readouterr().out
    cells = json.loads((tmp_path / "c" / "source" / ASSIGNMENT / "01_functions.ipynb").read_text())["cells"]
    assert any(f"_hidden_seed = {course_seed(ASSIGNMENT, 's3cret')}" in "".join(c["source"]) for c in cells)
