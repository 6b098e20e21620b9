"""`pytest grader` as a student runs it: in a subprocess from the repository root.

The stubs score 0 with "not implemented yet" and no traceback; another folder can be
graded with --target; -k, -x and --lf work; an endless loop costs one task, not the run;
the closing table never claims hidden cases passed when they did not run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from variants import BROKEN, make_variant

from grader import run as run_module
from grader.judge import judge_task
from grader.kit import SOLUTIONS
from grader.messages import choose_lang
from grader.reference import Reference, mutant_submission, solution_submission
from grader.report import describe_task, summary_table
from grader.run import Submission
from grader.session import grade_task
from grader.tasks import BY_ID, TASKS, TOTAL_POINTS, task_cases

REPO_ROOT = Path(__file__).resolve().parents[1]
NON_TRAINING = [task for task in TASKS if not task.training]


def run_grader(*args: str, env: dict | None = None, cache: bool = False) -> subprocess.CompletedProcess:
    """`python -m pytest grader ARGS` from the repository root, in English unless env says otherwise."""
    # CI/BUILD_NUMBER make pytest print each failure's whole message again in its short summary
    dropped = ("DLKIT_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "CI", "BUILD_NUMBER")
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    base["LANG"] = "C.UTF-8"
    command = [sys.executable, "-m", "pytest", "grader", *([] if cache else ["-p", "no:cacheprovider"]), *args]
    proc = subprocess.run(command, cwd=REPO_ROOT, env={**base, **(env or {})}, capture_output=True, text=True,
                          timeout=300)
    assert "INTERNALERROR" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    return proc


def table(output: str) -> dict[str, str]:
    """The closing table's rows: task id (or the total's label) -> the rest of the line."""
    section = output.split(" dlkit — ", 1)[1]
    rows = {}
    for line in section.splitlines()[1:]:
        if not rows and not line.strip():
            continue
        if line.startswith(("=", "FAILED", "PASSED")) or not line.strip():
            break
        name, _, rest = line.partition(" ")
        rows[name] = rest.strip()
    return rows


# ---------------------------------------------------------------- the stubs


@pytest.fixture(scope="module")
def stub_run() -> subprocess.CompletedProcess:
    return run_grader()


def test_the_stubs_score_zero_with_not_implemented_on_every_task(stub_run) -> None:
    assert stub_run.returncode == 1
    rows = table(stub_run.stdout)
    for task in TASKS:
        assert re.fullmatch(rf"0 / {task.points:g}\s+not implemented yet\s*", rows.pop(task.id)), task.id
    assert re.match(rf"0 / {TOTAL_POINTS:g}\s+public 0/{len(TASKS)} · hidden not run$", rows.pop("total"))
    assert rows == {"task": rows["task"]}  # the header, nothing else
    assert f"{len(TASKS)} failed" in stub_run.stdout


def test_the_stubs_show_no_traceback(stub_run) -> None:
    out = stub_run.stdout + stub_run.stderr
    assert "Traceback" not in out
    assert "raise NotImplementedError(" not in out
    assert not re.search(r"test_tasks\.py:\d+", out)  # no pytest long traceback frames either
    for task in TASKS:
        assert f"[{task.id}] {task.title('en')} — not implemented yet (0/{task.points:g} points)" in out
    assert out.count("  not implemented yet (NotImplementedError): [실습]") == len(TASKS)


# ---------------------------------------------------------------- other folders and pytest's habits


def test_target_grades_a_copy_under_another_name(tmp_path: Path) -> None:
    copy = tmp_path / "제출물 copy"
    shutil.copytree(REPO_ROOT / "exercises", copy, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(SOLUTIONS / "functions.py", copy / "functions.py")  # two tasks done in the copy only
    proc = run_grader("--target", str(copy), "-m", "not training", "--lang", "ko")
    assert "dlkit — 제출물 copy" in proc.stdout
    rows = table(proc.stdout)
    assert rows["sum_squares_error"].split() == ["5", "/", "5", "통과"]
    assert rows["cross_entropy_error"].split() == ["8", "/", "8", "통과"]
    assert "아직 구현하지 않음" in rows["numerical_diff"]
    assert re.match(r"13 / 90\s+공개 2/19 · 비공개 실행 안 함\s+\(전체 100점 중\)$", rows["합계"]), rows["합계"]
    assert "17 failed, 2 passed, 1 deselected" in proc.stdout


def test_k_and_x_select_and_stop() -> None:
    proc = run_grader("-k", "gradient and not two_layer", "-x")
    assert "1 failed" in proc.stdout and "stopping after 1 failures" in proc.stdout
    rows = table(proc.stdout)
    assert list(rows) == ["task", "numerical_gradient", "total"]


def test_last_failed_reruns_only_the_failed_task(tmp_path: Path) -> None:
    folder = mutant_submission("gd_wrong_sign").folder
    cache = ["-o", f"cache_dir={tmp_path / 'cache'}", "--target", str(folder), "-m", "not training"]
    first = run_grader(*cache, cache=True)
    assert "1 failed, 18 passed" in first.stdout
    again = run_grader(*cache, "--lf", cache=True)
    assert "run-last-failure: rerun previous 1 failure" in again.stdout
    assert re.search(r"=+ 1 failed in ", again.stdout)
    assert list(table(again.stdout)) == ["task", "gradient_descent", "total"]


def test_an_endless_loop_costs_its_task_only(tmp_path: Path) -> None:
    folder = make_variant(BROKEN["diff_endless_loop"], tmp_path / "loop")
    proc = run_grader("--target", str(folder), "--case-timeout", "1",
                      "-k", "numerical_diff or sum_squares or (numerical_gradient and not two_layer)")
    rows = table(proc.stdout)
    assert re.fullmatch(r"0 / 5\s+out of time on 4 of 4 cases\s*", rows["numerical_diff"])
    assert rows["sum_squares_error"].split() == ["5", "/", "5", "passed"]
    assert rows["numerical_gradient"].split() == ["8", "/", "8", "passed"]
    assert "took longer than the 1 s limit per case: look for an endless loop." in proc.stdout
    assert re.search(r"in your code: gradient\.py:\d+: (while True:|pass)", proc.stdout)
    assert "1 failed, 2 passed" in proc.stdout


# ---------------------------------------------------------------- hidden cases in the summary


def test_the_summary_says_hidden_not_run_without_a_seed() -> None:
    proc = run_grader("--target", "solutions", "-m", "not training", env={"DLKIT_LANG": "ko"})
    total = table(proc.stdout)["합계"]
    assert re.match(r"90 / 90\s+공개 19/19 · 비공개 실행 안 함\s+\(전체 100점 중\)$", total), total
    assert "all passed" not in proc.stdout and "모두 통과" not in proc.stdout
    assert proc.returncode == 0


def test_the_summary_shows_the_seed_when_hidden_cases_ran() -> None:
    proc = run_grader("--target", "solutions", "--hidden-seed", "7", "-m", "not training")
    assert "hidden seed=7" in proc.stdout
    total = table(proc.stdout)["total"]
    # plot_training has no hidden cases: nothing hidden to fail counts as passed
    assert re.match(r"90 / 90\s+public 19/19 · hidden 19/19 \(hidden seed 7\)\s+\(of 100\)$", total), total


def test_summary_counts_hidden_failures_apart_from_public_ones() -> None:
    # the reference passes everything; a mutant caught only by a hidden case would show here
    results = [grade_task(task, solution_submission(), hidden_seed=3) for task in NON_TRAINING[:2]]
    results.append(grade_task(NON_TRAINING[0], mutant_submission("sse_no_half")))
    lines = [line for line, _ in summary_table(results, "en", None)]
    assert lines[-1].endswith("  public 2/3 · hidden not run  (of 100)")
    lines = [line for line, _ in summary_table(results[:2], "en", 3)]
    assert "public 2/2 · hidden 2/2 (hidden seed 3)" in lines[-1]


# ---------------------------------------------------------------- the language


@pytest.mark.parametrize(("option", "env", "want"), [
    ("ko", {"DLKIT_LANG": "en"}, "ko"),
    ("en", {"DLKIT_LANG": "ko"}, "en"),
    ("ko_KR", {}, "ko"),
    (None, {"DLKIT_LANG": "ko", "LANG": "en_US.UTF-8"}, "ko"),
    (None, {"DLKIT_LANG": "en", "LANG": "ko_KR.UTF-8"}, "en"),
    (None, {"LANG": "ko_KR.UTF-8"}, "ko"),
    (None, {"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "ko"),
    (None, {"LC_MESSAGES": "ko_KR.UTF-8"}, "ko"),
    (None, {"LANG": "C.UTF-8"}, "en"),
])
def test_choose_lang_option_then_env_then_locale(option, env, want, monkeypatch) -> None:
    for name in ("DLKIT_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert choose_lang(option) == want


def test_choose_lang_falls_back_to_the_process_locale(monkeypatch) -> None:
    import locale

    for name in ("DLKIT_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(locale, "getlocale", lambda *a: ("ko_KR", "UTF-8"))
    assert choose_lang() == "ko"
    monkeypatch.setattr(locale, "getlocale", lambda *a: (None, None))
    assert choose_lang() == "en"


def test_once_a_case_runs_out_of_time_the_task_s_other_cases_get_a_short_limit(tmp_path, monkeypatch) -> None:
    """An endless loop must not cost the full limit on every case, and a case that does
    finish under the shorter limit still counts."""
    monkeypatch.setattr(run_module, "AFTER_TIMEOUT", 0.2)
    task = BY_ID["numerical_diff"]
    endless = Submission(make_variant(BROKEN["diff_endless_loop"], tmp_path / "loop"))
    start = time.perf_counter()
    outcomes = run_module.run_task(task, task.public, endless, timeout=1.0)
    elapsed = time.perf_counter() - start
    errors = [(o.error.kind, o.error.type, o.error.message) for o in outcomes.values()]
    assert errors == [("timeout", "", "1")] + [("timeout", "after_timeout", "0.2")] * (len(task.public) - 1)
    assert elapsed < 1.0 + 0.2 * (len(task.public) - 1) + 0.5

    cases = task_cases(task, None)
    result = judge_task(task, cases, outcomes, Reference(task, cases))
    report = describe_task(result, "en")
    assert "took longer than the 1 s limit per case" in report
    assert "an earlier case ran out of time, so this one had 0.2 s, and it did not finish either" in report
    assert "앞 사례가 시간 제한을 넘겨 이 사례에는 0.2초만" in describe_task(result, "ko")

    # only the first case loops: the others finish within the shorter limit and pass
    first = task.public[0].inputs["x"].item()
    variant = tmp_path / "first_only"
    variant.mkdir()
    source = (SOLUTIONS / "gradient.py").read_text(encoding="utf-8")
    head = '    """Central difference (f(x+h) - f(x-h)) / 2h."""\n'
    assert source.count(head) == 1
    (variant / "gradient.py").write_text(source.replace(head, f"{head}    while x == {first!r}:\n        pass\n"))
    outcomes = run_module.run_task(task, task.public, Submission(variant), timeout=1.0)
    result = judge_task(task, cases, outcomes, Reference(task, cases))
    assert [c.passed for c in result.cases] == [False] + [True] * (len(task.public) - 1)
