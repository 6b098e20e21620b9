"""The batch grader: intake, the protocol's checks, the journal, the outputs, the command line
and the executor seam. Hostile submissions: test_batch_hostile.py; resuming after SIGKILL:
test_batch_resume.py; equality with `pytest grader`: test_batch_equality.py."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import pytest
from hostile import make_submission

from grader.batch import grade_class, make_settings
from grader.batch import sandbox as sandbox_module
from grader.batch.gradebook import gradebook_bytes
from grader.batch.intake import MAX_FILE_BYTES, IntakeError, find_submissions, read_submission
from grader.batch.protocol import ReportError, TaskPlan, read_report
from grader.batch.sandbox import Limits, SandboxError, resolve_sandbox
from grader.kit import KIT, SOLUTIONS
from grader.model import Case, ErrorInfo, Outcome
from grader.outcomes import META, save_outcomes
from grader.reference import make_mutant
from grader.tasks import BY_ID, FILES, TASKS

ONLY = ("sum_squares_error", "cross_entropy_error", "numerical_diff", "plot_tangent")
LIMITS = Limits(case_timeout=5, startup=20)

# ---------------------------------------------------------------- intake


def write_zip(path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_intake_takes_only_the_exercise_files(tmp_path):
    folder = make_submission(tmp_path, "s001")
    shutil.copytree(SOLUTIONS, folder / "solutions")  # a submission's own copies of anything are ignored
    (folder / "notes.txt").write_text("hello")
    intake = read_submission(folder)
    assert intake.student == "s001"
    assert sorted(intake.files) == sorted(FILES)
    assert intake.files["functions.py"] == (SOLUTIONS / "functions.py").read_bytes()


def test_intake_finds_files_in_one_folder_but_not_in_two(tmp_path):
    make_submission(tmp_path / "s1", "exercises")
    assert sorted(read_submission(tmp_path / "s1").files) == sorted(FILES)
    make_submission(tmp_path / "s2", "a", files=("functions.py",))
    make_submission(tmp_path / "s2", "b", files=("gradient.py",))
    intake = read_submission(tmp_path / "s2")
    assert intake.files == {} and "several folders" in intake.notes[0]


def test_intake_refuses_symlinks_and_huge_files(tmp_path):
    folder = make_submission(tmp_path, "s1", files=("gradient.py",))
    (folder / "functions.py").symlink_to(SOLUTIONS / "functions.py")
    (folder / "plots.py").write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    intake = read_submission(folder)
    assert sorted(intake.files) == ["gradient.py"]
    assert any("functions.py: refused (a symlink)" == n for n in intake.notes)
    assert any(n.startswith("plots.py: refused (larger") for n in intake.notes)


def test_zip_intake_never_writes_and_refuses_unsafe_members(tmp_path):
    source = (SOLUTIONS / "gradient.py").read_text()
    path = tmp_path / "s2.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hw4/gradient.py", source)
        zf.writestr("hw4/../../functions.py", "evil = 1")
        zf.writestr("/etc/plots.py", "evil = 1")
        zf.writestr("__MACOSX/hw4/._gradient.py", "resource fork")
        link = zipfile.ZipInfo("hw4/simple_net.py")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/work/main/solutions/simple_net.py")
        zf.writestr("hw4/train.py", "x = 1")
        with pytest.warns(UserWarning, match="Duplicate name"):
            zf.writestr("hw4/train.py", "x = 2")  # the same name twice: which one? neither
        big = zipfile.ZipInfo("hw4/plots.py")
        zf.writestr(big, b"#" * (MAX_FILE_BYTES + 10), compress_type=zipfile.ZIP_DEFLATED)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    intake = read_submission(path)
    assert intake.student == "s2"
    assert intake.files == {"gradient.py": source.encode()}
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    notes = " | ".join(intake.notes)
    for name in ("hw4/../../functions.py", "/etc/plots.py", "hw4/simple_net.py"):
        assert f"{name}: refused (unsafe path or symlink)" in notes
    assert "train.py: refused (the zip holds it 2 times)" in notes
    assert "hw4/plots.py: refused (larger" in notes


def test_zip_intake_reads_a_broken_zip_as_empty(tmp_path):
    path = tmp_path / "s3.zip"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    intake = read_submission(path)
    assert intake.files == {} and "not a readable zip" in intake.notes[0]


def test_student_ids_and_submission_folders(tmp_path):
    with pytest.raises(IntakeError):
        read_submission(make_submission(tmp_path, ".hidden", files=("gradient.py",)))
    make_submission(tmp_path / "class", "s1", files=("gradient.py",))
    write_zip(tmp_path / "class" / "s2.zip", {"gradient.py": "x = 1"})
    (tmp_path / "class" / ".DS_Store").write_text("")
    (tmp_path / "class" / "README.txt").write_text("")
    assert [p.name for p in find_submissions([tmp_path / "class"])] == ["s1", "s2.zip"]
    assert find_submissions([tmp_path / "class" / "s1"]) == [tmp_path / "class" / "s1"]


def test_submission_hash_is_of_the_exercise_files_only(tmp_path):
    a = read_submission(make_submission(tmp_path / "a", "s1"))
    folder = make_submission(tmp_path / "b", "s1")
    (folder / "notes.txt").write_text("more")
    assert read_submission(folder).digest == a.digest
    (folder / "gradient.py").write_text((folder / "gradient.py").read_text() + "\n# changed\n")
    assert read_submission(folder).digest != a.digest


# ---------------------------------------------------------------- the child's reports, read as hostile data


def good_outcomes() -> dict[str, Outcome]:
    return {"a": Outcome(values={"loss": np.float64(0.25), "names": np.array(["x", "y"])}, seconds=0.5),
            "b": Outcome(error=ErrorInfo("exception", "ValueError", "bad", "functions.py:3: x"), seconds=0.1),
            "c": Outcome(values={"line0": np.ones((2, 3))},
                         artifacts={"png": np.frombuffer(b"\x89PNG\r\n\x1a\n" + b"\0" * 20, np.uint8)})}


PLAN = TaskPlan("task", tuple(Case(c, {}) for c in "abc"), 2.0, figure=True)


def test_a_report_round_trips(tmp_path):
    path = tmp_path / "t.npz"
    save_outcomes(path, {"task": good_outcomes()})
    got = read_report(path.read_bytes(), PLAN)
    assert float(got["a"].values["loss"]) == 0.25 and list(got["a"].values["names"]) == ["x", "y"]
    assert got["b"].error == ErrorInfo("exception", "ValueError", "bad", "functions.py:3: x")
    assert got["c"].artifacts["png"][:4].tobytes() == b"\x89PNG"


def npy(arr: np.ndarray) -> bytes:
    buf = io.BytesIO()
    np.lib.format.write_array(buf, arr, allow_pickle=True)
    return buf.getvalue()


def rewrite(path: Path, members: dict[str, bytes | None]) -> None:
    """Replace (or with None, delete) a report's raw members, as a hostile child could."""
    with zipfile.ZipFile(path) as zf:
        data = {n: zf.read(n) for n in zf.namelist()}
    data.update(members)
    with zipfile.ZipFile(path, "w") as zf:
        for name, raw in data.items():
            if raw is not None:
                zf.writestr(name, raw)


def index_with(path: Path, change) -> bytes:
    with zipfile.ZipFile(path) as zf:
        index = json.loads(str(np.lib.format.read_array(zf.open(META + ".npy"))))
    change(index["index"]["task"])
    return npy(np.array(json.dumps(index)))


def huge_header() -> bytes:
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, {"descr": "<f8", "fortran_order": False, "shape": (1 << 40,)})
    return buf.getvalue() + b"\0" * 64


ATTACKS = {
    "pickle": {"task/a/v/loss.npy": npy(np.array([{"x": 1}], dtype=object))},
    "huge_header": {"task/a/v/loss.npy": huge_header()},
    "complex": {"task/a/v/loss.npy": npy(np.array(1 + 2j))},
    "structured": {"task/a/v/loss.npy": npy(np.zeros(2, dtype=[("a", "f8"), ("b", "i4")]))},
    "long_strings": {"task/a/v/names.npy": npy(np.array(["x" * 5000]))},
    "extra_member": {"task/a/v/extra.npy": npy(np.zeros(3))},
    "missing_member": {"task/a/v/loss.npy": None},
    "not_png": {"task/c/a/png.npy": npy(np.frombuffer(b"<html><script>alert(1)", np.uint8))},
    "missing_case": lambda idx: idx.pop("b"),
    "claims_crash": lambda idx: idx["b"]["error"].update(kind="crash"),
    "timeout_text": lambda idx: idx["b"]["error"].update(kind="timeout", message="{0.__class__}"),
    "both": lambda idx: idx["b"].update(values=["loss"]),
    "bad_name": lambda idx: idx["a"].update(values=["../../x", "names"]),
    "seconds": lambda idx: idx["a"].update(seconds="fast"),
}


@pytest.mark.parametrize("attack", sorted(ATTACKS) + ["other_task", "not_a_zip"])
def test_a_tampered_report_is_refused(tmp_path, attack):
    path = tmp_path / "t.npz"
    save_outcomes(path, {"task": good_outcomes()})
    change = ATTACKS.get(attack)
    if callable(change):
        rewrite(path, {META + ".npy": index_with(path, change)})
    elif change is not None:
        rewrite(path, change)
    elif attack == "other_task":
        save_outcomes(path, {"other": good_outcomes()})
    else:
        path.write_bytes(b"garbage")
    with pytest.raises(ReportError):
        read_report(path.read_bytes(), PLAN)


# ---------------------------------------------------------------- grading a small class through the API


@pytest.fixture(scope="module")
def small_class(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    subs = root / "submissions"
    paths = [make_mutant("sse_no_half", subs), make_mutant("diff_forward", subs),
             make_submission(subs, "stub_plots", files=("functions.py", "gradient.py"))]
    shutil.copy(KIT / "exercises" / "plots.py", subs / "stub_plots" / "plots.py")
    zipped = write_zip(subs / "zipped.zip", {f"hw/{n}": (SOLUTIONS / n).read_bytes() for n in FILES})
    paths.append(zipped)
    out = root / "out"
    stats: dict = {}
    results = grade_class(paths, out, jobs=2, sandbox="bwrap", secret="s3cret", only=ONLY, progress=False,
                          limits=LIMITS, stats=stats)
    return {"paths": paths, "out": out, "results": results, "stats": stats}


def test_grade_class_scores_and_files(small_class):
    results = {r["student"]: r for r in small_class["results"]}
    assert list(results) == sorted(results)
    scores = {s: {t["id"]: t["status"] for t in r["tasks"]} for s, r in results.items()}
    assert scores["zipped"] == dict.fromkeys(ONLY, "passed")
    assert scores["sse_no_half"]["sum_squares_error"] == "failed"
    assert results["sse_no_half"]["tasks"][0]["mistakes"] == ["sse_no_half"]
    assert scores["diff_forward"]["numerical_diff"] == "failed"
    assert scores["stub_plots"]["plot_tangent"] == "not_implemented"
    out = small_class["out"]
    for student, result in results.items():
        folder = out / "students" / student
        on_disk = json.loads((folder / "result.json").read_text())
        assert on_disk == result
        assert result["sandbox"] == "bwrap" and len(result["submission_hash"]) == len(result["grader_hash"]) == 64
        assert result["hidden_seed"] is not None
        assert (folder / "feedback.html").is_file()
    png = out / "students" / "zipped" / "artifacts" / "plot_tangent" / "function_1_at_5" / "png.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (out / "class_report.html").is_file()


def test_gradebook_is_sorted_and_in_catalogue_order(small_class):
    rows = list(csv.reader((small_class["out"] / "gradebook.csv").read_text().splitlines()))
    assert rows[0] == ["student", *[t.id for t in TASKS if t.id in ONLY], "total"]
    assert [r[0] for r in rows[1:]] == sorted(r["student"] for r in small_class["results"])
    by_student = {r["student"]: r for r in small_class["results"]}
    for row in rows[1:]:
        assert float(row[-1]) == by_student[row[0]]["score"]
    shuffled = list(reversed(small_class["results"]))
    assert gradebook_bytes(shuffled) == (small_class["out"] / "gradebook.csv").read_bytes()


def test_gradescope_results(small_class):
    result = next(r for r in small_class["results"] if r["student"] == "sse_no_half")
    gs = json.loads((small_class["out"] / "students" / "sse_no_half" / "results.json").read_text())
    assert gs["score"] == result["score"]
    tests = {(t["name"].split("[")[1].split("]")[0], t["visibility"]): t for t in gs["tests"]}
    public, hidden = tests[("sum_squares_error", "visible")], tests[("sum_squares_error", "after_published")]
    assert public["score"] == hidden["score"] == 0 and public["status"] == "failed"
    assert public["max_score"] + hidden["max_score"] == pytest.approx(BY_ID["sum_squares_error"].points)
    assert "0.5" in public["output"]  # the named mistake's hint: the factor 0.5 is missing
    assert all(t["score"] == t["max_score"] for (task, _), t in tests.items() if task != "sum_squares_error")


def test_a_second_run_reuses_and_a_change_regrades(small_class, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(small_class["out"], out)
    stats: dict = {}
    again = grade_class(small_class["paths"], out, jobs=2, sandbox="bwrap", secret="s3cret", only=ONLY,
                        progress=False, limits=LIMITS, stats=stats)
    assert (stats["graded"], stats["reused"]) == (0, 4)
    assert again == small_class["results"]
    # one student's exercise file changes: only that student is graded again
    subs = tmp_path / "subs"
    paths = [Path(shutil.copytree(p, subs / p.name)) if p.is_dir() else Path(shutil.copy(p, subs / p.name))
             for p in small_class["paths"]]
    (subs / "diff_forward" / "gradient.py").write_text((SOLUTIONS / "gradient.py").read_text())
    (subs / "sse_no_half" / "notes.txt").write_text("not an exercise file")
    stats = {}
    results = grade_class(paths, out, jobs=2, sandbox="bwrap", secret="s3cret", only=ONLY, progress=False,
                          limits=LIMITS, stats=stats)
    assert (stats["graded"], stats["reused"]) == (1, 3)
    assert next(r for r in results if r["student"] == "diff_forward")["tasks"][2]["status"] == "passed"
    # another secret gives other hidden cases: every result is stale
    stats = {}
    grade_class(paths, out, jobs=2, sandbox="bwrap", secret="other", only=ONLY, progress=False, limits=LIMITS,
                stats=stats)
    assert (stats["graded"], stats["reused"]) == (4, 0)


def strip_times(results: list[dict]) -> list[dict]:
    def clean(obj):
        if isinstance(obj, dict):
            return {k: clean(v) for k, v in obj.items() if k != "seconds"}
        if isinstance(obj, list):
            return [clean(v) for v in obj]
        return obj

    return clean(results)


def test_any_concurrent_futures_executor_runs_the_jobs(small_class, tmp_path):
    """The executor seam: a process pool started fresh (as a cluster's workers would be) grades
    the same as the default threads. (A Dask cluster's: tests/test_batch_dask.py.)"""
    with ProcessPoolExecutor(max_workers=2, mp_context=get_context("spawn")) as pool:
        results = grade_class(small_class["paths"], tmp_path / "out", executor=pool, sandbox="bwrap",
                              secret="s3cret", only=ONLY, progress=False, limits=LIMITS)
    assert strip_times(results) == strip_times(small_class["results"])


def test_no_secret_grades_public_cases_only(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("DLKIT_SECRET", raising=False)
    folder = make_submission(tmp_path / "subs", "s1")
    (result,) = grade_class([folder], tmp_path / "out", sandbox="none", only=("numerical_diff",), progress=False,
                            limits=LIMITS)
    assert result["hidden_seed"] is None and result["sandbox"] == "none"
    assert result["tasks"][0]["hidden"] == [0, 0] and result["tasks"][0]["status"] == "passed"
    assert "grading public cases only" in capsys.readouterr().err


def test_bad_arguments_are_refused_before_anything_runs(tmp_path):
    folder = make_submission(tmp_path / "subs", "s1", files=("gradient.py",))
    with pytest.raises(ValueError, match="unknown task ids"):
        grade_class([folder], tmp_path / "out", only=("nope",), progress=False)
    with pytest.raises(ValueError, match="unknown training settings"):
        grade_class([folder], tmp_path / "out", training={"epochs": 3}, progress=False)
    assert not (tmp_path / "out").exists()


def test_two_submissions_for_one_id_are_both_refused_and_listed(tmp_path):
    folder = make_submission(tmp_path / "subs", "s1", files=("gradient.py",))
    copy = make_submission(tmp_path / "other", "s1", files=("gradient.py",))
    other = make_submission(tmp_path / "subs", "s2", files=("gradient.py",))
    stats: dict = {}
    results = grade_class([folder, copy, other], tmp_path / "out", sandbox="none", only=("numerical_diff",),
                          progress=False, limits=LIMITS, stats=stats)
    assert [r["student"] for r in results] == ["s2"]
    ((name, reason),) = stats["refused"]
    assert name == "s1" and "several submissions for the student id s1" in reason and "none graded" in reason
    rows = list(csv.reader(io.StringIO((tmp_path / "out" / "gradebook.csv").read_text())))
    assert rows[0] == ["student", "numerical_diff", "total", "not graded"]
    assert rows[1][:3] == ["s1", "", ""] and "none graded" in rows[1][3] and rows[2] == ["s2", "5", "5", ""]
    assert list(csv.reader(io.StringIO((tmp_path / "out" / "not_graded.csv").read_text())))[1][0] == "s1"


def test_without_bubblewrap_auto_says_so_and_bwrap_refuses(monkeypatch, tmp_path):
    assert resolve_sandbox("auto") == ("bwrap", None)
    try:
        with monkeypatch.context() as mp:
            mp.setenv("PATH", str(tmp_path))  # a PATH with no bwrap on it
            sandbox_module.bwrap_problem.cache_clear()
            assert resolve_sandbox("auto") == ("none", "bubblewrap (bwrap) is not installed")
            with pytest.raises(SandboxError):
                resolve_sandbox("bwrap")
            assert resolve_sandbox("none") == ("none", None)
    finally:
        sandbox_module.bwrap_problem.cache_clear()


def test_the_command_line(tmp_path):
    subs = tmp_path / "class"
    make_submission(subs, "s1")
    make_mutant("sse_no_batch_mean", subs)
    env = {k: v for k, v in os.environ.items() if k != "DLKIT_SECRET"}
    run = subprocess.run([sys.executable, "-m", "grader.cli", "grade", str(subs), "--out", str(tmp_path / "out"),
                          "--only", "sum_squares_error,numerical_diff", "--only", "plot_training", "--jobs", "2",
                          "--no-progress", "--secret", "cli-secret"],
                         capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    (line,) = run.stdout.splitlines()
    assert line.startswith("graded 2 students (2 graded, 0 reused)") and "sandbox bwrap, hidden cases" in line
    rows = (tmp_path / "out" / "gradebook.csv").read_text().splitlines()
    # without the batch mean only the single-sample cases pass: 2 public and 1 hidden of 8, 5 * 3/8
    assert rows == ["student,sum_squares_error,numerical_diff,plot_training,total",
                    "s1,5,5,3,13", "sse_no_batch_mean,1.88,5,3,9.88"]
    again = subprocess.run([sys.executable, "-m", "grader.cli", "grade", str(subs), "--out", str(tmp_path / "out"),
                            "--only", "sum_squares_error,numerical_diff,plot_training", "--no-progress",
                            "--secret", "cli-secret", "--sandbox", "bwrap"],
                           capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert again.returncode == 0 and "(0 graded, 2 reused)" in again.stdout


def shown(args: list[str], path: str) -> bool:
    """Would the sandbox show `path`? The last mount covering it decides."""
    seen = False
    for i, arg in enumerate(args):
        if arg == "--ro-bind" and sandbox_module.is_under(path, args[i + 2]):
            seen = True
        elif arg == "--tmpfs" and sandbox_module.is_under(path, args[i + 1]):
            seen = False
    return seen


@pytest.mark.parametrize("layout", ["editable", "installed", "legacy_editable", "checkout_inside_prefix"])
def test_the_sandbox_never_shows_solutions_whatever_the_install(layout):
    """Where Python's own folders include the kit, what must stay hidden is hidden again."""
    site = "/venv/lib/python3.11/site-packages"
    python, kit = {
        "editable": (["/venv", site], "/home/t/dlkit"),  # pip install -e . (this machine's layout)
        "installed": (["/venv", site], site),  # pip install .: the kit's packages in site-packages
        "legacy_editable": (["/opt/py", "/home/t/dlkit"], "/home/t/dlkit"),  # the checkout's root on sys.path
        "checkout_inside_prefix": (["/opt/conda"], "/opt/conda/src/dlkit"),
    }[layout]
    args = sandbox_module.filesystem_args(python[:1], python[1:], f"{kit}/grader", f"{kit}/datasets",
                                          f"{kit}/solutions")
    for needed in (f"{kit}/grader/tasks/__init__.py", f"{kit}/datasets/mnist.py", f"{python[0]}/bin/python"):
        assert shown(args, needed), needed
    for secret in (f"{kit}/solutions/functions.py", f"{kit}/.git/HEAD", f"{kit}/tests/test_x.py"):
        assert not shown(args, secret) or (layout == "installed" and "solutions" not in secret), secret
    # the frozen answers, and the plain MNIST that would undo the training data's transformation
    assert args[-6:] == ["--ro-bind", "/dev/null", f"{kit}/datasets/mnist.npz",
                         "--ro-bind", "/dev/null", f"{kit}/grader/answers.npz"]


def test_training_runs_once_per_student_in_the_sandbox_on_the_data_its_inputs_carry(tmp_path):
    """The training task trains inside the sandbox on its cases' own data, with the limit from
    the children's pace (one BLAS thread); tiny settings. With a secret the batch trains once
    per student, on the hidden seed's case, and Gradescope shows that test at once (there is
    no public one); train_public=True trains on both."""
    folder = make_submission(tmp_path / "subs", "s1")
    training = {"iters_num": 41, "train_size": 1000, "learning_rate": 1.0, "min_accuracy": 0.3}
    (result,) = grade_class([folder], tmp_path / "out", sandbox="bwrap", secret="train-secret", only=("train",),
                            training=training, progress=False)
    (task,) = result["tasks"]
    assert task["status"] == "passed", task["report"]["en"]
    assert [c["id"] for c in task["cases"]] == ["hidden_seed"]
    assert (task["public"], task["hidden"]) == ([0, 0], [1, 1])
    assert len(task["curve"]["train_loss"]) == 41
    (test,) = json.loads((tmp_path / "out" / "students" / "s1" / "results.json").read_text())["tests"]
    assert (test["visibility"], test["score"], test["max_score"]) == ("visible", 10, 10)

    (both,) = grade_class([folder], tmp_path / "both", sandbox="bwrap", secret="train-secret", only=("train",),
                          training=training, progress=False, train_public=True)
    assert [c["id"] for c in both["tasks"][0]["cases"]] == ["configured_settings", "hidden_seed"]
    assert both["grader_hash"] != result["grader_hash"]  # a run with the other choice grades again
    tests = json.loads((tmp_path / "both" / "students" / "s1" / "results.json").read_text())["tests"]
    assert [t["visibility"] for t in tests] == ["visible", "after_published"]
    # without a secret the public case is the only one
    settings, _ = make_settings("bwrap", None, training, ("train",), None, "en")
    assert [c.id for c in settings.tasks()[0].public] == ["configured_settings"]

    from grader.batch.job import Settings, child_pace
    from grader.pace import time_limit

    (train,) = Settings("bwrap", training=tuple(training.items()), only=("train",)).tasks()
    assert train.timeout == time_limit(train.public[0].inputs, child_pace(100, 50))


TRAINING_STARTED = "training_started"
SLEEP_IN_TRAIN = f"open({TRAINING_STARTED!r}, 'w').close(); import time; time.sleep(60)"


def sandboxed_workers(parent: int) -> list[int]:
    """This process's descendants that run grader.batch.worker: the sandboxed children's Python,
    not the bubblewrap processes around them."""
    children: dict[int, list[int]] = {}
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat_file.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(stat_file.parent.name))
    found, todo = [], [parent]
    while todo:
        for pid in children.get(todo.pop(), []):
            todo.append(pid)
            with contextlib.suppress(OSError):
                argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
                if argv[0] == sys.executable.encode() and any(b"grader.batch.worker" in a for a in argv):
                    found.append(pid)
    return found


def test_a_training_child_killed_from_outside_is_a_crash_and_the_next_tasks_are_graded(tmp_path):
    """Something outside (the kernel's OOM killer, an administrator, another user's process)
    kills the child in the middle of a training: that task is a crash, saying by which signal,
    and a new child grades the tasks after it. The grader cannot tell this from student code
    that kills itself, so it does not retry; the summary counts it among the crashes."""
    folder = make_submission(tmp_path / "subs", "s1", [("train.py", "train", SLEEP_IN_TRAIN)])
    killed: list[int] = []

    def kill_the_training_child():
        deadline = time.monotonic() + 120
        while not killed and time.monotonic() < deadline:
            started = f"dlkit-grade-{os.getpid()}-*/job-*/scratch/work/{TRAINING_STARTED}"
            if any(Path(tempfile.gettempdir()).glob(started)):
                for pid in sandboxed_workers(os.getpid()):
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
            time.sleep(0.05)

    killer = threading.Thread(target=kill_the_training_child, daemon=True)
    killer.start()
    training = {"iters_num": 41, "train_size": 1000, "learning_rate": 1.0, "min_accuracy": 0.3}
    (result,) = grade_class([folder], tmp_path / "out", sandbox="bwrap", secret="kill-secret", training=training,
                            only=("numerical_diff", "train", "plot_tangent"), progress=False, limits=LIMITS)
    killer.join()
    assert len(killed) == 1
    status = {t["id"]: t["status"] for t in result["tasks"]}
    assert status == {"numerical_diff": "passed", "train": "crash", "plot_tangent": "passed"}
    (case,) = result["tasks"][1]["cases"]
    # bubblewrap passes the signal on as an exit status, which student code could also choose
    assert case["error"]["message"] == "process ended with status 137 (killed by SIGKILL, or exited with that code)"


def test_the_child_imports_the_grader_that_judges_it(tmp_path):
    """The child runs `python -I`, which ignores the environment and the working folder: its
    grader must come from this kit's folders, not from wherever the interpreter's install
    points (an editable install of another checkout made every child fail)."""
    command = sandbox_module.worker_command()
    assert command[:3] == [sys.executable, "-I", "-B"]
    code = command[-1].replace("from grader.batch.worker import main; main()",
                               "import grader, datasets; print(grader.__file__); print(datasets.__file__)")
    decoy = tmp_path / "grader"
    decoy.mkdir()
    (decoy / "__init__.py").write_text("raise SystemExit('the decoy grader')")
    run = subprocess.run([*command[:-1], code], cwd=tmp_path, env={"PATH": os.environ["PATH"]},
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    grader_dir, datasets_dir, _ = sandbox_module.kit_dirs()
    assert run.stdout.split() == [str(grader_dir / "__init__.py"), str(datasets_dir / "__init__.py")]


def test_the_grader_s_bytecode_is_refreshed_once_for_every_child(tmp_path, monkeypatch):
    """Children run with -B: a module edited since its last import would be compiled again by
    every child. The grader compiles its own folders once: the pyc then matches the source."""
    kit = tmp_path / "kit"
    (kit / "grader").mkdir(parents=True)
    source = kit / "grader" / "tasks.py"
    source.write_text("X = 1\n")
    monkeypatch.setattr(sandbox_module, "kit_dirs", lambda: (kit / "grader", kit / "datasets", kit / "solutions"))
    sandbox_module.fresh_bytecode.__wrapped__()
    (pyc,) = (kit / "grader" / "__pycache__").glob("tasks.*.pyc")

    def source_mtime_in_pyc() -> int:
        return int.from_bytes(pyc.read_bytes()[8:12], "little")  # PEP 552: flags, then mtime

    assert source_mtime_in_pyc() == int(source.stat().st_mtime)
    source.write_text("X = 2\n")
    os.utime(source, (source.stat().st_atime, source.stat().st_mtime + 100))
    assert source_mtime_in_pyc() != int(source.stat().st_mtime)  # stale: a child would compile it
    sandbox_module.fresh_bytecode.__wrapped__()
    assert source_mtime_in_pyc() == int(source.stat().st_mtime)


def test_the_sandbox_shows_no_other_kit(tmp_path):
    """A legacy editable install (a .pth) puts an instructor's checkout on the interpreter's
    path, an old wheel leaves a kit in site-packages: the child sees neither's solutions/ or
    frozen answers, only this kit's grader/ and datasets/."""
    venv = tmp_path / "venv"
    site = venv / "lib" / "python3.11" / "site-packages"
    for root in (site, tmp_path / "prof" / "dlkit"):
        (root / "solutions").mkdir(parents=True)
        (root / "grader").mkdir()
        (root / "grader" / "answers.npz").write_bytes(b"frozen answers")
    checkout = tmp_path / "prof" / "dlkit"
    kit = tmp_path / "mine"
    args = sandbox_module.filesystem_args([str(venv)], [str(site), str(checkout)], f"{kit}/grader",
                                          f"{kit}/datasets", f"{kit}/solutions")
    assert not any(str(checkout) in arg for arg in args)  # not bound at all: it is not the interpreter's
    assert shown(args, f"{site}/numpy/__init__.py") and not shown(args, f"{site}/solutions/functions.py")
    masked = args.index(f"{site}/grader/answers.npz")
    assert args[masked - 2:masked] == ["--ro-bind", "/dev/null"]
