"""The student stubs in exercises/: TODOs fail clearly, helpers work, and the API mirrors solutions/."""

from __future__ import annotations

import ast
import importlib
import inspect
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

import exercises
import solutions
from grader.authoring.sources import stub_names
from grader.model import ErrorKind
from grader.run import Submission, run_case
from grader.tasks import FILES, TASKS

REPO_ROOT = Path(__file__).resolve().parents[1]
MODULES = tuple(file.removesuffix(".py") for file in FILES)
HANGUL = re.compile("[\uac00-\ud7a3]")

# Files of solutions/ that are for the grader and must never reach students.
INSTRUCTOR_ONLY: set[str] = set()  # solutions/mutants/ is a folder: not compared

# What the students get working; everything else public must be a stub.
GIVEN = {
    "functions.sigmoid",
    "functions.sigmoid_grad",
    "functions.softmax",
    "gradient.function_1",
    "gradient.function_2",
    "simple_net.SimpleNet.__init__",
    "train.TrainResult.__init__",
    "train.main",
}


def _module(package: ModuleType, name: str) -> ModuleType:
    return importlib.import_module(f"{package.__name__}.{name}")


def _axes():
    # a bare Figure needs no display and no pyplot state
    from matplotlib.figure import Figure

    return Figure().add_subplot()


# The stubs are what the catalogue grades: each task's `grades` (grader/tasks/).
STUBS: list[str] = list(dict.fromkeys(name for task in TASKS for name in task.grades))


def _public_names(module: ModuleType) -> set[str]:
    return {name for name in vars(module) if not name.startswith("_")}


def _public_callables(module: ModuleType) -> dict[str, Callable]:
    """Functions and methods (incl. __init__) defined in module, keyed by their qualified name."""
    found: dict[str, Callable] = {}
    for name in _public_names(module):
        obj = getattr(module, name)
        if getattr(obj, "__module__", None) != module.__name__:
            continue  # imported, e.g. np or the relative imports of the other modules
        if inspect.isfunction(obj):
            found[obj.__qualname__] = obj
        elif inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if inspect.isfunction(member) and (attr == "__init__" or not attr.startswith("_")):
                    found[member.__qualname__] = member
    return found


def _stub_function(module_name: str, qualname: str) -> Callable:
    return _public_callables(_module(exercises, module_name))[qualname]


# --- the stubs -----------------------------------------------------------------------------------


def test_the_stubs_are_what_the_catalogue_grades() -> None:
    """Every stub of exercises/ is graded by a task, and every task grades stubs."""
    in_files = {f"{module}.{name}" for module in MODULES
                for name in stub_names((REPO_ROOT / "exercises" / f"{module}.py").read_text(encoding="utf-8"))}
    assert in_files == set(STUBS)


@pytest.mark.parametrize("task", TASKS, ids=[task.id for task in TASKS])
def test_every_task_on_the_stubs_says_not_implemented_in_korean(task) -> None:
    outcome = run_case(task, task.public[0], Submission(REPO_ROOT / "exercises"), timeout=60)
    assert outcome.error is not None and outcome.error.kind is ErrorKind.NOT_IMPLEMENTED, outcome
    message = outcome.error.message
    assert "not implemented yet" in message
    assert HANGUL.search(message), message
    # the student can tell which function is meant
    assert any(name.split(".")[-1] in message for name in (*task.grades, *task.calls)), message


@pytest.mark.parametrize("qualname", STUBS)
def test_stub_has_korean_docstring_and_todo(qualname: str) -> None:
    module_name, name = qualname.split(".", 1)
    func = _stub_function(module_name, name)
    assert func.__doc__ and HANGUL.search(func.__doc__)
    assert "# TODO:" in inspect.getsource(func)


def test_every_public_callable_is_either_given_or_a_stub() -> None:
    public = {
        f"{module_name}.{qualname}"
        for module_name in MODULES
        for qualname in _public_callables(_module(exercises, module_name))
    }
    assert set(STUBS).isdisjoint(GIVEN)
    assert public == set(STUBS) | GIVEN


# --- the given helpers ---------------------------------------------------------------------------


def test_given_activations_work() -> None:
    functions = _module(exercises, "functions")
    np.testing.assert_allclose(functions.softmax(np.array([1000.0, 1001.0])), [0.26894142137, 0.73105857863])
    x = np.random.default_rng(0).normal(size=(4, 10))
    np.testing.assert_allclose(functions.softmax(x).sum(axis=1), np.ones(4))
    assert functions.sigmoid(np.array(0.0)) == pytest.approx(0.5)
    assert functions.sigmoid_grad(np.array(0.0)) == pytest.approx(0.25)
    assert functions.DELTA == 1e-7


def test_given_example_functions_work() -> None:
    gradient = _module(exercises, "gradient")
    assert gradient.function_1(5.0) == pytest.approx(0.75)
    assert gradient.function_2(np.array([3.0, 4.0])) == pytest.approx(25.0)
    np.testing.assert_allclose(gradient.function_2(np.array([[3.0, 4.0], [1.0, 0.0]])), [25.0, 1.0])
    assert gradient.H == 1e-4


def test_given_simple_net_constructor() -> None:
    simple_net = _module(exercises, "simple_net")
    net = simple_net.simpleNet()
    assert simple_net.simpleNet is simple_net.SimpleNet
    assert net.W.shape == (2, 3)
    assert net.W.dtype == np.float64


def test_given_train_result_is_constructible() -> None:
    train = _module(exercises, "train")
    first, second = train.TrainResult(network=None), train.TrainResult(network=None)
    assert first.train_loss_list == first.train_acc_list == first.test_acc_list == []
    assert first.train_loss_list is not second.train_loss_list  # no shared mutable default


@pytest.mark.parametrize("qualname", ["main", "TrainResult"])
def test_given_train_code_is_the_solution_code(qualname: str) -> None:
    def tree(package: ModuleType) -> str:
        source = textwrap.dedent(inspect.getsource(getattr(_module(package, "train"), qualname)))
        return ast.dump(ast.parse(source))

    assert tree(exercises) == tree(solutions)


# --- exercises/ mirrors solutions/ ---------------------------------------------------------------


def _files(package: ModuleType) -> set[str]:
    folder = Path(package.__file__).parent
    return {p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")}


def test_same_files() -> None:
    assert _files(exercises) == _files(solutions) - INSTRUCTOR_ONLY
    assert _files(exercises) == {f"{name}.py" for name in MODULES} | {"__init__.py"}


@pytest.mark.parametrize("module_name", MODULES)
def test_same_public_names(module_name: str) -> None:
    assert _public_names(_module(exercises, module_name)) == _public_names(_module(solutions, module_name))


@pytest.mark.parametrize("module_name", MODULES)
def test_same_signatures(module_name: str) -> None:
    mine = _public_callables(_module(exercises, module_name))
    reference = _public_callables(_module(solutions, module_name))
    assert mine.keys() == reference.keys()
    for qualname, func in reference.items():
        assert inspect.signature(mine[qualname]) == inspect.signature(func), qualname


# --- packaging: a submission is a copy of the folder under any name -----------------------------


def test_a_renamed_copy_is_self_contained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = "submission_copy_for_test"
    shutil.copytree(Path(exercises.__file__).parent, tmp_path / package)
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        modules = {name: importlib.import_module(f"{package}.{name}") for name in MODULES}
        for module in modules.values():
            assert Path(module.__file__).is_relative_to(tmp_path / package)
        # the relative imports resolve inside the copy, not to exercises/
        assert modules["simple_net"].softmax is modules["functions"].softmax
        assert modules["two_layer_net"].numerical_gradient is modules["gradient"].numerical_gradient
        assert modules["train"].TwoLayerNet is modules["two_layer_net"].TwoLayerNet
    finally:
        for name in [m for m in sys.modules if m == package or m.startswith(f"{package}.")]:
            del sys.modules[name]


def test_imports_need_no_display() -> None:
    code = (
        "import sys\n"
        + "".join(f"import exercises.{name}\n" for name in MODULES)
        + "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported at module level'\n"
    )
    env = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "MPLBACKEND")}
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
