"""The practice notebooks (examples/notebooks/): built from build.py, run headless in a real kernel.

Each notebook runs twice with nbclient and the python3 kernel: on solutions/ (DLKIT_TARGET)
every cell succeeds; on the stubs every cell before the grader cell succeeds and the grader
cell fails. The MNIST training in train_neuralnet.ipynb is shrunk through the environment
(DLKIT_TRAIN_*), as its text says. The runs go two at a time, one kernel per core.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import re
import sys

import matplotlib
import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from grader import notebook
from grader.kit import KIT
from grader.options import TRAINING_OPTIONS, training_from_env
from grader.selfcheck import SelfCheckFailed, check
from grader.tasks import TASKS, TRAINING

NOTEBOOKS = KIT / "examples" / "notebooks"
TARGETS = ("solutions", "exercises")
# small training for train_neuralnet.ipynb: the last epoch's record falls on the last
# iteration, and seed 1 reaches about 0.77 test accuracy
SMALL_TRAINING = {"DLKIT_TRAIN_ITERS": "501", "DLKIT_TRAIN_SIZE": "5000", "DLKIT_MIN_ACCURACY": "0.6"}
NOT_YET = "아직 구현하지 않았습니다"


def load_builder():
    spec = importlib.util.spec_from_file_location("notebook_builder", NOTEBOOKS / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it is built
    spec.loader.exec_module(module)
    return module


build = load_builder()
NAMES = [page.name for page in build.PAGES]


def kernel_env(target: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DLKIT_")}
    env.update(SMALL_TRAINING, DLKIT_TARGET=target, DLKIT_LANG="en", OPENBLAS_NUM_THREADS="1",
               PYTHONPATH=os.pathsep.join([str(KIT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep))
    return env


async def execute(name: str, target: str, slots: asyncio.Semaphore) -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    async with slots:
        # allow_errors: run every cell, so a test can tell which ones failed
        client = NotebookClient(nb, kernel_name="python3", timeout=300, allow_errors=True,
                                resources={"metadata": {"path": str(NOTEBOOKS)}})
        await client.async_execute(env=kernel_env(target))
    return nb


async def execute_all(names: list[str]) -> dict[tuple[str, str], nbformat.NotebookNode]:
    slots = asyncio.Semaphore(2)
    runs = [(name, target) for name in names for target in TARGETS]
    done = await asyncio.gather(*(execute(name, target, slots) for name, target in runs))
    return dict(zip(runs, done, strict=True))


@pytest.fixture(scope="module")
def executed(request: pytest.FixtureRequest) -> dict[tuple[str, str], nbformat.NotebookNode]:
    """The notebooks the selected tests read, each run on both targets, two kernels at a time
    (`-k loss_functions` runs one notebook, not seven)."""
    wanted = {item.callspec.params["name"] for item in request.session.items
              if item.module is request.module and "executed" in item.fixturenames
              and "name" in getattr(getattr(item, "callspec", None), "params", {})}
    return asyncio.run(execute_all([name for name in NAMES if name in wanted]))


def code_cells(nb) -> list:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def errors(cell) -> list[str]:
    return [f"{o.ename}: {o.evalue}" for o in cell.outputs if o.output_type == "error"]


def text_of(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


# ---------------------------------------------------------------- the notebooks as files


def test_committed_notebooks_are_what_the_builder_writes() -> None:
    rendered = build.render()
    assert sorted(rendered) == sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    for name, text in rendered.items():
        assert (NOTEBOOKS / name).read_text(encoding="utf-8") == text, f"{name}: run dlkit freeze"


def test_committed_notebooks_have_no_outputs() -> None:
    for path in NOTEBOOKS.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        assert all(not c.outputs and c.execution_count is None for c in code_cells(nb)), path.name


def test_notebooks_grade_every_task_once() -> None:
    graded = [task for page in build.PAGES for task in page.tasks]
    assert sorted(graded) == sorted(task.id for task in TASKS)


def test_book_scripts_each_have_a_notebook() -> None:
    for script in ("gradient_1d", "gradient_2d", "gradient_method", "gradient_simplenet", "two_layer_net",
                   "train_neuralnet"):
        assert script in NAMES


FORMULAS = {
    "loss_functions": (r"E = \frac{1}{2}\sum_k (y_k - t_k)^2", r"E = -\sum_k t_k \log y_k"),
    "gradient_1d": (r"\frac{df(x)}{dx} \approx \frac{f(x+h) - f(x-h)}{2h}",),
    "gradient_2d": (r"\nabla f = \left( \frac{\partial f}{\partial x_0}, \frac{\partial f}{\partial x_1} \right)",),
    "gradient_method": (r"x_0 \leftarrow x_0 - \eta \frac{\partial f}{\partial x_0}",),
    "gradient_simplenet": (r"\frac{\partial L}{\partial W}",),
    "two_layer_net": (r"z^{(1)} = \sigma\big(a^{(1)}\big)", r"y = \mathrm{softmax}\big(a^{(2)}\big)"),
    "train_neuralnet": (r"W \leftarrow W - \eta \frac{\partial L}{\partial W}", "DLKIT_TRAIN_ITERS"),
}


@pytest.mark.parametrize("name", NAMES)
def test_notebook_explains_in_korean_and_ends_with_its_grader_cell(name: str) -> None:
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert len(re.findall("[가-힣]", markdown)) > 200
    for formula in FORMULAS[name]:
        assert formula in markdown, formula
    last = nb.cells[-1]
    assert last.metadata.get("tags") == [build.SELFCHECK_TAG]
    assert last.source.endswith(f"check({list(nb.metadata.dlkit.tasks)!r}, strict=True)".replace("'", '"'))


# ---------------------------------------------------------------- the notebooks run


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_on_the_solutions(executed, name: str) -> None:
    nb = executed[(name, "solutions")]
    for i, cell in enumerate(code_cells(nb)):
        assert cell.execution_count is not None and not errors(cell), (i, errors(cell))
        assert NOT_YET not in text_of(cell)
    table = text_of(code_cells(nb)[-1])
    for task in nb.metadata.dlkit.tasks:
        assert re.search(rf"^{task}\s+\S+ / \S+\s+passed", table, flags=re.M), table
    total = re.search(r"^total\s+(\S+) / (\S+)", table, flags=re.M)
    assert total and total[1] == total[2], table


@pytest.mark.parametrize("name", NAMES)
def test_notebook_on_the_stubs_fails_only_at_the_grader_cell(executed, name: str) -> None:
    cells = code_cells(executed[(name, "exercises")])
    for i, cell in enumerate(cells[:-1]):
        assert cell.execution_count is not None and not errors(cell), (i, errors(cell))
    assert NOT_YET in "".join(text_of(cell) for cell in cells[:-1])
    [error] = [o for o in cells[-1].outputs if o.output_type == "error"]
    assert error.ename == "SelfCheckFailed"
    assert re.search(r"^total\s+0 / ", text_of(cells[-1]), flags=re.M)


@pytest.mark.parametrize("name", [page.name for page in build.PAGES if any(t.startswith("plot_") for t in page.tasks)])
def test_notebook_draws_the_slides_figures_inline(executed, name: str) -> None:
    images = [o for c in code_cells(executed[(name, "solutions")]) for o in c.outputs
              if o.output_type == "display_data" and "image/png" in o.data]
    assert images
    # on the stubs a half-drawn figure is dropped, not shown empty
    if name != "train_neuralnet":  # its figures wait for train, which the stubs do not have
        stub_images = [o for c in code_cells(executed[(name, "exercises")]) for o in c.outputs
                       if o.output_type == "display_data" and "image/png" in o.data]
        assert stub_images == []


# ---------------------------------------------------------------- grader/notebook.py


def test_target_follows_the_environment(monkeypatch) -> None:
    monkeypatch.delenv("DLKIT_TARGET", raising=False)
    assert notebook.target_folder() == KIT / "exercises"
    monkeypatch.setenv("DLKIT_TARGET", "solutions")
    assert notebook.target().folder == KIT / "solutions"
    assert notebook.target("exercises").gradient.__file__ == str(KIT / "exercises" / "gradient.py")
    monkeypatch.setenv("DLKIT_TARGET", "no_such_folder")
    with pytest.raises(FileNotFoundError, match="no_such_folder"):
        notebook.target()


def test_target_reads_an_edited_file_again(tmp_path) -> None:
    (tmp_path / "gradient.py").write_text("def numerical_diff(f, x):\n    raise NotImplementedError\n")
    assert notebook.target(tmp_path).gradient.numerical_diff.__code__.co_firstlineno == 1
    (tmp_path / "gradient.py").write_text("\n\ndef numerical_diff(f, x):\n    return 0.0\n")
    assert notebook.target(tmp_path).gradient.numerical_diff(None, 1.0) == 0.0


def test_training_settings_are_the_book_s_unless_the_environment_shrinks_them(monkeypatch) -> None:
    for option in TRAINING_OPTIONS:
        monkeypatch.delenv(option.env, raising=False)
    assert notebook.training_settings() == TRAINING and training_from_env() == {}
    monkeypatch.setenv("DLKIT_TRAIN_ITERS", "301")
    monkeypatch.setenv("DLKIT_MIN_ACCURACY", "0.5")
    assert training_from_env() == {"iters_num": 301, "min_accuracy": 0.5}
    assert notebook.training_settings() == {**TRAINING, "iters_num": 301, "min_accuracy": 0.5}


def test_attempt_turns_only_not_implemented_into_a_line(capsys) -> None:
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    kept = plt.figure()
    with notebook.attempt():
        plt.subplots()
        raise NotImplementedError("[실습] numerical_diff — not implemented yet")
    assert capsys.readouterr().out == f"{NOT_YET} → [실습] numerical_diff — not implemented yet\n"
    assert plt.get_fignums() == [kept.number]  # the half-drawn figure is gone, the others stay
    plt.close(kept)
    with pytest.raises(ValueError), notebook.attempt():
        raise ValueError("a real bug shows as usual")


def test_strict_check_raises_on_failures_and_returns_results_otherwise(monkeypatch, capsys) -> None:
    monkeypatch.delenv("DLKIT_TARGET", raising=False)
    with pytest.raises(SelfCheckFailed, match="numerical_diff"):
        check(["numerical_diff", "tangent_line"], strict=True, lang="en")
    out = capsys.readouterr().out
    assert re.search(r"^total\s+0 / 9\s", out, flags=re.M)
    monkeypatch.setenv("DLKIT_TARGET", "solutions")
    results = check(["numerical_diff"], strict=True, lang="en")
    assert [r.passed for r in results] == [True]
    assert np.isclose(results[0].score, 5)


def test_check_grades_training_with_the_notebook_s_settings(monkeypatch, capsys) -> None:
    monkeypatch.setenv("DLKIT_TRAIN_ITERS", "7")
    monkeypatch.delenv("DLKIT_TARGET", raising=False)
    [result] = check(["train"], lang="en")
    assert result.cases[0].case.inputs["iters_num"] == 7
    assert result.status == "not_implemented"
    capsys.readouterr()
