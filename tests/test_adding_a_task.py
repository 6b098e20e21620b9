"""docs/architecture.md's "Adding a task", done on a copy of the kit: it takes what it says.

A ReLU exercise is added by writing only the stub (exercises/functions.py), the solution
(solutions/functions.py), the task in one section module (grader/tasks/losses.py, which
also moves two of sum_squares_error's points to it) and its mutant
(solutions/mutants/losses.py); then `dlkit freeze` regenerates what is generated. The
copy's own catalogue, stub, generated-files, release, notebook and example-class tests
pass, and its self-check grades the new task.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader.kit import KIT

STUB = '''

def relu(x: np.ndarray) -> np.ndarray:
    """[실습] ReLU 함수: 원소마다 max(0, x)를 돌려주세요.
    ReLU, elementwise: max(0, x).

    매개변수:
        x: float 배열 (어떤 모양이든).

    반환값:
        np.ndarray: x와 같은 모양.
    """
    # TODO: 0과 x 중 큰 값을 원소마다 돌려주세요.
    raise NotImplementedError("[실습] ReLU 함수: relu 함수를 구현하세요 — not implemented yet: relu (ReLU)")
'''
SOLUTION = '''

def relu(x: np.ndarray) -> np.ndarray:
    """ReLU, elementwise."""
    return np.maximum(0, x)
'''
TASK = '''
RELU = Task(
    id="relu",
    title=Text("ReLU 함수", "ReLU"),
    points=2,
    file="functions.py",
    grades=("functions.relu",),
    practice="loss_functions",
    probe=lambda sub, inp: {"y": sub.functions.relu(inp["x"])},
    compare=Close(rtol=0),
    tolerance="exact",
    why="a maximum rounds nothing",
    public=(Case.of("mixed", x=np.array([-1.0, 0.0, 2.5])), Case.of("matrix", x=np.array([[-3.0, 4.0], [0.5, -0.5]]))),
    hidden=lambda rng: [Case.of("hidden", x=rng.normal(size=(3, 4)))],
    mistakes=(
        Mistake("relu_leaky", Text("음수에 0.01을 곱했습니다: ReLU는 음수를 0으로 만듭니다.",
                                   "Negative inputs are scaled by 0.01: ReLU makes them 0.")),
    ),
)

TASKS = (SUM_SQUARES_ERROR, CROSS_ENTROPY_ERROR, RELU)
'''
MUTANT = '''    "relu_leaky": [
        ("functions.py", "return np.maximum(0, x)", "return np.maximum(0.01 * x, x)"),
    ],
}
'''


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def copy_kit(to: Path) -> Path:
    """The kit's files as git sees them (tracked, and new ones not ignored)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=KIT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        if (KIT / rel).is_file():
            (to / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(KIT / rel, to / rel)
    return to


def run(kit: Path, *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DLKIT_", "PYTEST_"))}
    env.update(PYTHONPATH=str(kit), DLKIT_LANG="en")
    return subprocess.run([sys.executable, *args], cwd=kit, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.mark.skipif(not (KIT / ".git").exists(), reason="copies the kit with git")
def test_a_task_is_added_by_writing_four_files_and_regenerating(tmp_path) -> None:
    kit = copy_kit(tmp_path / "kit")
    (kit / "exercises" / "functions.py").write_text((kit / "exercises" / "functions.py").read_text() + STUB)
    (kit / "solutions" / "functions.py").write_text((kit / "solutions" / "functions.py").read_text() + SOLUTION)
    losses = kit / "grader" / "tasks" / "losses.py"
    edit(losses, 'points=5,\n    file="functions.py",\n    grades=("functions.sum_squares_error",),',
         'points=3,\n    file="functions.py",\n    grades=("functions.sum_squares_error",),')
    edit(losses, "\nTASKS = (SUM_SQUARES_ERROR, CROSS_ENTROPY_ERROR)\n", TASK)
    edit(kit / "solutions" / "mutants" / "losses.py", "\n}\n", "\n" + MUTANT)

    stale = run(kit, "-m", "grader.cli", "freeze", "--check")
    assert stale.returncode == 1 and "answers.npz" in stale.stdout, stale.stdout + stale.stderr
    regenerated = run(kit, "-m", "grader.cli", "freeze")
    assert regenerated.returncode == 0, regenerated.stdout + regenerated.stderr
    for generated in ("grader/answers.npz", "README.md", "docs/tolerances.md",
                      "examples/notebooks/loss_functions.ipynb", "examples/submissions/s2024001/functions.py"):
        assert generated in regenerated.stdout, (generated, regenerated.stdout)
    assert "`relu`" in (kit / "README.md").read_text() and "`relu`" in (kit / "docs" / "tolerances.md").read_text()

    checks = run(kit, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_catalogue.py",
                 "tests/test_exercises.py", "tests/test_generated.py", "tests/test_release.py",
                 "tests/test_notebooks.py", "tests/test_examples.py", "-k", "not runs or loss_functions")
    assert checks.returncode == 0, checks.stdout[-4000:] + checks.stderr[-2000:]

    solved = run(kit, "-m", "pytest", "grader", "--target", "solutions", "-m", "not training", "-p", "no:cacheprovider")
    assert solved.returncode == 0 and "relu" in solved.stdout, solved.stdout[-3000:]
    stubs = run(kit, "-m", "pytest", "grader", "-k", "relu", "-p", "no:cacheprovider")
    assert "[relu] ReLU — not implemented yet (0/2 points)" in stubs.stdout, stubs.stdout[-3000:]
    mistake = run(kit, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_grader_mistakes.py", "-k", "relu")
    assert mistake.returncode == 0 and "1 passed" in mistake.stdout, mistake.stdout[-3000:]
