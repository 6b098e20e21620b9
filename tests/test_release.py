"""`dlkit release`: the student kit holds no solution, works on its own, and is reproducible.

The release is checked the way a student meets it: its own `pytest grader` runs in a Python
that sees this machine's packages (numpy, matplotlib, pytest) but not the instructor's kit.
The solved copy's full-marks check leaves out the MNIST training task for time (the one full
training test of the suite is in tests/test_solutions.py); that the training task is present
is checked by collecting it.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import nbformat
import numpy as np
import pytest

from grader import release
from grader.cli import COMMANDS, shipped
from grader.kit import FROZEN, KIT
from grader.outcomes import load_outcomes
from grader.reference import make_mutant
from grader.tasks import BY_ID, TASKS

SECRET = "course-secret-for-test-release-7f3a"
NOTEBOOKS = ("loss_functions", "gradient_1d", "gradient_2d", "gradient_method", "gradient_simplenet",
             "two_layer_net", "train_neuralnet")
PUBLIC = [t for t in TASKS if not t.training]
PUBLIC_POINTS = f"{sum(t.points for t in PUBLIC):g}"


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def student(tmp_path_factory) -> release.Release:
    # built with a course secret in the environment: none of it may end up in the kit
    before = os.environ.get("DLKIT_SECRET")
    os.environ["DLKIT_SECRET"] = SECRET
    try:
        return release.build(tmp_path_factory.mktemp("first") / "dlkit-ch4", zip_file=True)
    finally:
        if before is None:
            del os.environ["DLKIT_SECRET"]
        else:
            os.environ["DLKIT_SECRET"] = before


@pytest.fixture(scope="module")
def student_again(tmp_path_factory) -> release.Release:
    return release.build(tmp_path_factory.mktemp("second") / "dlkit-ch4", zip_file=True)


@pytest.fixture(scope="module")
def solved(tmp_path_factory) -> release.Release:
    return release.build(tmp_path_factory.mktemp("solved") / "dlkit-ch4", solved=True)


def base_venv(folder: Path) -> Path:
    """A Python that sees this machine's packages but not the instructor's kit.

    A venv whose only link to the base installation is a .pth line naming its site-packages:
    the base's own .pth files, among them the editable install of this repository (which makes
    `import solutions` work from anywhere), are not run. `--system-site-packages` would run them.
    """
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    exe = folder / "bin" / "python"
    base = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (site_packages(exe) / "_base_packages.pth").write_text("".join(f"{p}\n" for p in base), encoding="utf-8")
    return exe


def site_packages(exe: Path) -> Path:
    out = subprocess.run([exe, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                         check=True, capture_output=True, text=True).stdout
    return Path(out.strip())


@pytest.fixture(scope="module")
def python(tmp_path_factory) -> Path:
    return base_venv(tmp_path_factory.mktemp("venv"))


@pytest.fixture(scope="module")
def installed(student, tmp_path_factory) -> Path:
    """A Python with the student kit installed as `pip install -e .` would: its folder on sys.path
    (what an editable install's .pth does; pip itself would fetch a build backend from the network),
    and a Jupyter kernel that runs it."""
    venv = tmp_path_factory.mktemp("installed")
    exe = base_venv(venv)
    (site_packages(exe) / "_dlkit_student.pth").write_text(f"{student.folder}\n", encoding="utf-8")
    spec = venv / "share" / "jupyter" / "kernels" / "dlkit-release"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(exe), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "dlkit release", "language": "python"}), encoding="utf-8")
    return exe


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("DLKIT_") and k not in ("PYTHONPATH", "PYTHONHOME")}
    # no third-party pytest plugins (a student has none; some write files into the kit)
    env.update(PYTHONDONTWRITEBYTECODE="1", PYTEST_DISABLE_PLUGIN_AUTOLOAD="1", OPENBLAS_NUM_THREADS="1",
               DLKIT_LANG="en")
    return env


def run_in(python: Path, folder: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([str(python), *args], cwd=folder, env=clean_env(), capture_output=True, text=True,
                          timeout=timeout)


def self_check(python: Path, folder: Path, *args: str) -> subprocess.CompletedProcess:
    return run_in(python, folder, "-m", "pytest", "grader", "-p", "no:cacheprovider", *args)


def files_of(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def total_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.startswith("total ")]
    assert lines, output[-3000:]
    return lines[-1]


# ---------------------------------------------------------------- what the kit holds


def test_release_holds_the_student_kit(student) -> None:
    files = files_of(student.folder)
    stubs = {f"exercises/{p.name}": p for p in sorted((KIT / "exercises").glob("*.py"))}
    for name, path in stubs.items():
        assert files[name].read_bytes() == path.read_bytes(), name
    assert {n for n in files if n.startswith("exercises/")} == set(stubs)
    for name in ("README.md", "pyproject.toml", "grader/conftest.py", "grader/test_tasks.py", "grader/selfcheck.py",
                 "grader/notebook.py", "grader/tasks/__init__.py", "grader/cli.py", "grader/commands/check.py",
                 "grader/answers.npz", "datasets/mnist.npz", "datasets/mnist.py", "datasets/__init__.py"):
        assert name in files, name
    assert sorted(n for n in files if n.startswith("examples/")) == \
        sorted(f"examples/notebooks/{nb}.ipynb" for nb in NOTEBOOKS)
    assert student.files == len(files)


def test_release_leaves_out_instructor_files(student) -> None:
    files = set(files_of(student.folder))
    forbidden = re.compile(r"(^|/)(solutions|mutants\.py|batch|release\.py|freeze\.py|templates|docs|tests|"
                           r"benchmarks|\.ci|\.git|__pycache__|build\.py)(/|$)")
    assert not [name for name in files if forbidden.search(name)]
    # the grader ships only what the self-check imports: e.g. the batch grader's JSON is not among it
    assert {n for n in files if n.startswith("grader/") and n.endswith(".py")} == \
        {p.relative_to(KIT).as_posix() for p in release.grader_modules()}
    assert "grader/results.py" not in files


def norm(text: str) -> str:
    return "".join(text.split())


def code_part(line: str) -> str:
    return "" if line.strip().startswith("#") else line.split("  #")[0]


def body_lines(path: Path):
    """Every line of every function body in a file, without docstrings and comments."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                body = body[1:]
            for stmt in body:
                yield from (code_part(lines[i]) for i in range(stmt.lineno - 1, stmt.end_lineno))


# lines any numpy code writes, whatever it computes (datasets/build_mnist.py has the first)
GENERIC = {"t=np.asarray(t)", "y=np.asarray(y)"}


def given_away() -> str:
    """What students get on purpose: the stubs (docstrings, TODOs) and the catalogue's hints."""
    stubs = "".join(p.read_text(encoding="utf-8") for p in (KIT / "exercises").glob("*.py"))
    hints = "".join(m.hint.ko + m.hint.en for task in TASKS for m in task.mistakes)
    return norm(stubs + hints)


def solution_lines() -> set[str]:
    """The non-trivial lines of the solutions that students are not given (whitespace-free, so
    reformatting does not hide one). A line that opens a bracket is a fragment: its content is
    on the lines that follow."""
    given = given_away()
    found = set()
    for path in (KIT / "solutions").glob("*.py"):
        if path.name != "mutants.py":
            found.update(n for n in map(norm, body_lines(path))
                         if len(n) >= 12 and n[-1] not in "([{" and n not in given and n not in GENERIC)
    return found


def readable_text(path: Path) -> str:
    """What a file says, as text: notebooks' cells decoded, .npz files' strings and JSON."""
    if path.suffix == ".npz":
        with np.load(path, allow_pickle=False) as data:
            return "\n".join(" ".join(map(str, np.ravel(data[k]))) for k in data.files if data[k].dtype.kind == "U")
    text = path.read_bytes().decode("utf-8", errors="ignore")
    if path.suffix == ".ipynb":
        return "\n".join("".join(cell["source"]) for cell in json.loads(text)["cells"])
    return text


def leaked(folder: Path, secrets: set[str]) -> dict[str, set[str]]:
    out = {}
    for name, path in files_of(folder).items():
        text = norm(readable_text(path))
        found = {s for s in secrets if s in text}
        if found:
            out[name] = found
    return out


def test_no_solution_line_appears_in_the_release(student, solved) -> None:
    secrets = solution_lines()
    assert len(secrets) >= 50  # the check has something to look for
    assert leaked(student.folder, secrets) == {}
    # and it would see them: the solved copy shows every one of them
    assert set().union(*leaked(solved.folder, secrets).values()) == secrets


def test_no_course_secret_in_the_release(student) -> None:
    for name, path in files_of(student.folder).items():
        assert SECRET.encode() not in path.read_bytes(), name


def test_answers_are_data_not_code(student) -> None:
    shipped_answers = student.folder / "grader" / "answers.npz"
    with np.load(shipped_answers, allow_pickle=False) as data:  # no pickles: nothing but arrays
        assert {data[k].dtype.kind for k in data.files} <= set("biufU")
    theirs, meta = load_outcomes(shipped_answers)
    ours, our_meta = load_outcomes(FROZEN)
    assert meta == our_meta and theirs.keys() == ours.keys()
    errors = 0
    for group, cases in ours.items():
        for case_id, outcome in cases.items():
            got = theirs[group][case_id]
            assert got.values.keys() == outcome.values.keys() if outcome.values else got.values is None
            for key, value in (outcome.values or {}).items():
                np.testing.assert_array_equal(got.values[key], value)
            if outcome.error:
                errors += 1
                # the same judgement (kind and type), without the instructor's line and message
                assert (got.error.kind, got.error.type, got.error.where, got.error.message) == \
                    (outcome.error.kind, outcome.error.type, "", "")
    assert errors > 0


# ---------------------------------------------------------------- the kit works on its own


def test_solutions_are_not_importable_in_the_release(student, python) -> None:
    probe = run_in(python, student.folder, "-c", (
        "import exercises, grader.kit as r\n"
        "print(exercises.__file__, r.has_solutions())\n"
        "import solutions\n"))
    assert "ModuleNotFoundError: No module named 'solutions'" in probe.stderr, probe.stderr
    where, has = probe.stdout.split()
    assert Path(where).is_relative_to(student.folder) and has == "False"


def test_stubs_score_zero(student, python) -> None:
    proc = self_check(python, student.folder, "-m", "not training")
    assert proc.returncode == 1, proc.stdout[-3000:]
    assert f"{len(PUBLIC)} failed, 1 deselected" in proc.stdout
    assert re.match(rf"total\s+0 / {PUBLIC_POINTS}\s", total_line(proc.stdout))


def test_training_task_is_in_the_release(student, python) -> None:
    proc = self_check(python, student.folder, "--collect-only", "-q")
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "grader/test_tasks.py::test_task[train]" in proc.stdout
    assert f"{len(TASKS)} tests collected" in proc.stdout


def test_solved_copy_scores_full_public_marks(solved, python) -> None:
    # the training task is left out for time: see the module docstring
    proc = self_check(python, solved.folder, "-m", "not training")
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert f"{len(PUBLIC)} passed, 1 deselected" in proc.stdout
    assert re.match(rf"total\s+{PUBLIC_POINTS} / {PUBLIC_POINTS}\s", total_line(proc.stdout))


def test_shipped_answers_still_name_mistakes(student, python, tmp_path) -> None:
    # grad_1d_only raises on 2-D inputs: judged from the error's type, whose line was dropped
    mutant = make_mutant("grad_1d_only", tmp_path)
    proc = self_check(python, student.folder, "--target", str(mutant), "-k", "numerical_gradient")
    hint = next(m.hint.en for m in BY_ID["numerical_gradient"].mistakes if m.id == "grad_1d_only")
    assert proc.returncode == 1 and hint in proc.stdout, proc.stdout[-3000:]


def test_notebook_runs_in_the_installed_kit(student, installed, monkeypatch) -> None:
    # the kernel sees the release only: cells before the grader cell run on the stubs, the grader cell fails
    from nbclient import NotebookClient

    monkeypatch.setenv("JUPYTER_PATH", str(installed.parent.parent / "share" / "jupyter"))
    folder = student.folder / "examples" / "notebooks"
    nb = nbformat.read(folder / "gradient_1d.ipynb", as_version=4)
    client = NotebookClient(nb, kernel_name="dlkit-release", timeout=120, allow_errors=True,
                            resources={"metadata": {"path": str(folder)}})
    client.execute(env=clean_env())
    cells = [c for c in nb.cells if c.cell_type == "code"]
    outputs = [[o for o in c.outputs if o.output_type == "error"] for c in cells]
    assert outputs[:-1] == [[]] * (len(cells) - 1), outputs
    assert [o.ename for o in outputs[-1]] == ["SelfCheckFailed"]
    assert str(student.folder / "exercises") in "".join(o.get("text", "") for o in cells[0].outputs)


def test_hidden_cases_are_refused(student, python) -> None:
    proc = self_check(python, student.folder, "--hidden-seed", "1", "-k", "numerical_diff")
    assert proc.returncode != 0
    assert "hidden cases are computed from solutions/, which this copy does not have" in proc.stdout + proc.stderr


def test_dlkit_check_is_the_only_command(student, python) -> None:
    helped = run_in(python, student.folder, "-m", "grader.cli", "--help")
    assert helped.returncode == 0
    commands = re.findall(r"^    (\w+)\s", helped.stdout, flags=re.M)
    assert commands == ["check"], helped.stdout
    proc = run_in(python, student.folder, "-m", "grader.cli", "check")  # all tasks: the stubs fail at once
    assert proc.returncode == 1 and re.match(r"total\s+0 / 100\s", total_line(proc.stdout)), proc.stdout[-3000:]


def test_every_command_is_present_in_the_instructors_kit() -> None:
    # cli skips commands a copy lacks; here none may be missing (a typo would hide one)
    assert all(shipped(module) for module, _ in COMMANDS.values())


@pytest.mark.filterwarnings("ignore:Support for `\\[tool.setuptools\\]`")
def test_student_pyproject_installs_the_kit(student) -> None:
    from setuptools.config.pyprojecttoml import read_configuration

    config = read_configuration(student.folder / "pyproject.toml")  # validates it, as pip would
    project = config["project"]
    assert project["dependencies"] == release.project()["dependencies"]  # the core ones only
    assert "optional-dependencies" not in project
    assert project["scripts"] == {"dlkit": "grader.cli:main"}
    # the packages setuptools finds, as an install would
    assert sorted(config["tool"]["setuptools"]["packages"]) == ["datasets", "exercises", "grader", "grader.commands",
                                                                   "grader.tasks"]
    assert config["tool"]["pytest"]["ini_options"]["testpaths"] == ["grader"]


def test_readme_is_korean_first_with_the_task_table(student) -> None:
    text = (student.folder / "README.md").read_text(encoding="utf-8")
    assert re.search("[가-힣]", text.splitlines()[0])
    assert text.index("## 준비") < text.index("## 스스로 채점하기") < text.index("## English")
    for task in TASKS:
        assert text.count(f"`{task.id}`") >= 3, task.id  # both task tables and a notebook row
        assert task.title.ko in text and task.title.en in text
    for nb in NOTEBOOKS:
        assert f"`examples/notebooks/{nb}.ipynb`" in text
    assert "**100**" in text and "pip install -e ." in text and "pytest grader" in text
    assert "do not publish" not in text


def test_solved_copy_holds_the_solutions_and_says_so(solved) -> None:
    files = files_of(solved.folder)
    expected = {f"exercises/{p.name}": p for p in (KIT / "solutions").glob("*.py") if p.name != "mutants.py"}
    assert {n for n in files if n.startswith("exercises/")} == set(expected)
    assert all(files[n].read_bytes() == p.read_bytes() for n, p in expected.items())
    assert not [n for n in files if "mutants" in n or n.startswith(("solutions/", "grader/batch"))]
    assert "do not publish" in (solved.folder / "README.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------- reproducible


def snapshot(folder: Path) -> list[tuple]:
    out = []
    for path in sorted(folder.rglob("*")):
        st = path.lstat()
        out.append((path.relative_to(folder).as_posix(), st.st_mode, st.st_mtime,
                    path.read_bytes() if path.is_file() else b""))
    return out


def test_release_is_the_same_byte_for_byte(student, student_again) -> None:
    assert snapshot(student.folder) == snapshot(student_again.folder)
    assert student.zip.read_bytes() == student_again.zip.read_bytes()


def test_zip_holds_the_release_with_fixed_dates_and_modes(student) -> None:
    files = files_of(student.folder)
    with zipfile.ZipFile(student.zip) as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names) and names[0] == "dlkit-ch4/"
        assert {n.removeprefix("dlkit-ch4/") for n in names if not n.endswith("/")} == set(files)
        for info in infos:
            assert info.date_time == release.EPOCH
            mode = info.external_attr >> 16
            assert mode == (0o40755 if info.is_dir() else 0o100644), info.filename
            if not info.is_dir():
                assert zf.read(info) == files[info.filename.removeprefix("dlkit-ch4/")].read_bytes()


# ---------------------------------------------------------------- refusals


def test_release_will_not_overwrite_what_it_did_not_build(tmp_path) -> None:
    other = tmp_path / "notes"
    other.mkdir()
    (other / "todo.txt").write_text("mine")
    with pytest.raises(release.ReleaseError, match="--force"):
        release.build(other)
    with pytest.raises(release.ReleaseError, match="does not look like a release"):
        release.build(other, force=True)
    with pytest.raises(release.ReleaseError, match="the kit itself"):
        release.build(KIT)
    with pytest.raises(release.ReleaseError, match="inside exercises"):
        release.build(KIT / "exercises" / "out")
    assert (other / "todo.txt").read_text() == "mine"


def fake_kit(tmp_path, monkeypatch, modules: dict[str, str]) -> Path:
    """A kit of empty entry points plus `modules` (path under grader/ -> source), for the guard."""
    fake = tmp_path / "kit"
    for rel, source in {**dict.fromkeys(release.ENTRY_POINTS, ""), **modules}.items():
        (fake / "grader" / rel).parent.mkdir(parents=True, exist_ok=True)
        (fake / "grader" / rel).write_text(source)
    monkeypatch.setattr(release, "KIT", fake)
    monkeypatch.setattr(release, "GRADER", fake / "grader")
    return fake


@pytest.mark.parametrize("module", ["batch/reports.py", "nbgrader/scores.py", "nbgrader_bridge.py",
                                    "commands/freeze.py", "authoring/examples.py", "release.py", "any_new_name.py"])
def test_release_refuses_any_module_that_is_not_student_side(tmp_path, monkeypatch, module: str) -> None:
    """Whatever an instructor-only module is called (the guard once listed grader.nbgrader for a
    module named grader.nbgrader_bridge, and let it through), a student module reaching it fails
    the release: only the modules of STUDENT_SIDE may ship."""
    dotted = "grader." + module.removesuffix(".py").replace("/", ".")
    package = f"{module.split('/')[0]}/__init__.py" if "/" in module else None
    fake_kit(tmp_path, monkeypatch, {"selfcheck.py": "from .report import table\n",
                                     "report.py": f"def table():\n    from {dotted} import page\n",
                                     module: "", **({package: ""} if package else {})})
    reached = "|".join(re.escape(m) for m in (module, package) if m)  # a package's __init__ may come first
    with pytest.raises(release.ReleaseError, match=rf"reaches grader/({reached}), which is not student-side"):
        release.grader_modules()


def test_release_refuses_a_module_that_imports_the_solutions(tmp_path, monkeypatch) -> None:
    fake_kit(tmp_path, monkeypatch, {"selfcheck.py": "import solutions.functions\n"})
    with pytest.raises(release.ReleaseError, match=r"grader/selfcheck.py imports solutions"):
        release.grader_modules()


def test_every_student_side_module_is_shipped_and_nothing_else() -> None:
    """STUDENT_SIDE is exact: each entry is reached by the self-check, and what ships is it."""
    shipped = {p.relative_to(release.GRADER).as_posix() for p in release.grader_modules()}
    for entry in release.STUDENT_SIDE:
        assert any(rel == entry or (entry.endswith("/") and rel.startswith(entry)) for rel in shipped), entry
    assert not [rel for rel in shipped if rel.startswith(("batch/", "nbgrader/", "authoring/"))]
