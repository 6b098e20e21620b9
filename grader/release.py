"""`dlkit release OUT`: the kit a student downloads; `--solved`: the instructor's solved copy.

What ships is chosen, never filtered out of the instructor's tree:
- grader/: the modules the self-check imports, found by following the imports of its entry
  points (the pytest plugin, selfcheck, the notebook helpers, `dlkit check`), plus the frozen
  public answers. Only modules declared student-side (STUDENT_SIDE) may ship: reaching any
  other (batch grading, nbgrader, this builder, freeze, whatever its name) or solutions/ is
  an error, not something to ship.
- exercises/ (the stubs; with --solved, solutions/ without mutants/), datasets/, the
  practice notebooks, a README rendered from the catalogue and a pyproject with the core
  dependencies only.
The output is byte-reproducible: fixed order, modes and timestamps in the folder and in
the optional zip.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .kit import DATASETS, EXERCISES, FROZEN, GRADER, KIT, MUTANTS, SOLUTIONS
from .outcomes import load_outcomes, save_outcomes
from .reference import frozen
from .tasks import TASKS, TOTAL_POINTS

NOTEBOOKS = KIT / "examples" / "notebooks"
TEMPLATE = "student_README.md.j2"

# the self-check's entry points, relative to grader/; everything they import ships with them
ENTRY_POINTS = ("__init__.py", "conftest.py", "test_tasks.py", "selfcheck.py", "notebook.py", "cli.py",
                "commands/__init__.py", "commands/check.py", "nbcheck.py")
# The modules that may ship, relative to grader/ (a folder: everything in it). Whatever else
# the entry points reach is instructor tooling, and reaching it is a bug in the kit.
STUDENT_SIDE = (*ENTRY_POINTS, "attribution.py", "compare.py", "figures.py", "judge.py", "kit.py", "messages.py",
                "mnist.py", "model.py", "mutation.py", "numerics.py", "options.py", "outcomes.py", "pace.py",
                "reference.py", "report.py", "run.py", "seeds.py", "session.py", "training_rules.py", "values.py",
                "tasks/")
NEVER_IMPORTED = ("solutions",)  # the instructor's code, whatever a module calls it

EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold
EPOCH_SECONDS = 315532800  # the same instant as a Unix time (UTC)
FILE_MODE, DIR_MODE = 0o644, 0o755
SKIP_NAMES = {"__pycache__", ".ipynb_checkpoints"}


class ReleaseError(RuntimeError):
    pass


@dataclass(frozen=True)
class Release:
    folder: Path
    files: int
    zip: Path | None


# ---------------------------------------------------------------- which grader modules ship


def module_file(dotted: str) -> Path | None:
    """grader.x.y -> grader/x/y.py or grader/x/y/__init__.py, if the kit has it."""
    parts = dotted.split(".")
    if parts[0] != "grader":
        return None
    base = KIT.joinpath(*parts)
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def module_name(path: Path) -> str:
    rel = path.relative_to(KIT).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def imported_names(path: Path) -> set[str]:
    """Every module a file imports, anywhere in it (imports inside functions count too)."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = importlib.util.resolve_name("." * node.level + (node.module or ""), package) \
                if node.level else node.module
            names.add(base)
            # `from . import x` and `from pkg import x` may name a submodule
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in names if name}


def student_side(path: Path) -> bool:
    rel = path.relative_to(GRADER).as_posix()
    return any(rel == entry or (entry.endswith("/") and rel.startswith(entry)) for entry in STUDENT_SIDE)


def grader_modules() -> list[Path]:
    """The grader files the self-check needs: its entry points and everything they import."""
    todo = [GRADER / rel for rel in ENTRY_POINTS]
    found: set[Path] = set()
    while todo:
        path = todo.pop()
        if path in found:
            continue
        if not student_side(path):
            raise ReleaseError(f"the self-check reaches {path.relative_to(KIT)}, which is not student-side "
                               "(release.STUDENT_SIDE): students must not get it")
        found.add(path)
        for name in sorted(imported_names(path)):
            if any(name == bad or name.startswith(bad + ".") for bad in NEVER_IMPORTED):
                raise ReleaseError(f"{path.relative_to(KIT)} imports {name}, which students must not get")
            target = module_file(name)
            if target is not None:
                todo.append(target)
                # a submodule's package __init__ runs on import too
                parent = module_file(name.rpartition(".")[0]) if "." in name else None
                if parent is not None:
                    todo.append(parent)
    return sorted(found)


# ---------------------------------------------------------------- what goes into the release


def tree_files(folder: Path) -> list[Path]:
    """A source folder's files, without caches and hidden files, in a fixed order."""
    out = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part in SKIP_NAMES or part.startswith(".") for part in rel.parts) or path.suffix == ".pyc":
            continue
        if path.is_file():
            out.append(path)
    return out


def public_answers() -> bytes:
    """grader/answers.npz as students get it: the same outcomes, without the line and the
    message of the errors the reference and the mutants raise. Those quote the instructor's
    code, and judging reads only an error's kind and type."""
    for task in TASKS:
        if not task.training:
            frozen(task)  # refuses answers that no longer match the catalogue's cases
    outcomes, meta = load_outcomes(FROZEN)
    for cases in outcomes.values():
        for outcome in cases.values():
            if outcome.error is not None:
                outcome.error.where = outcome.error.message = ""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "answers.npz"
        save_outcomes(path, outcomes, meta)
        return path.read_bytes()


def exercise_files(solved: bool) -> dict[str, bytes]:
    stubs = {p.relative_to(EXERCISES).as_posix(): p for p in tree_files(EXERCISES)}
    if not solved:
        return {f"exercises/{rel}": p.read_bytes() for rel, p in stubs.items()}
    solutions = {p.relative_to(SOLUTIONS).as_posix(): p for p in tree_files(SOLUTIONS)
                 if not p.is_relative_to(MUTANTS)}
    if set(solutions) != set(stubs):
        raise ReleaseError(f"solutions/ and exercises/ must hold the same files: {sorted(set(solutions) ^ set(stubs))}")
    return {f"exercises/{rel}": p.read_bytes() for rel, p in solutions.items()}


def notebook_files() -> dict[str, bytes]:
    return {f"examples/notebooks/{p.name}": p.read_bytes() for p in sorted(NOTEBOOKS.glob("*.ipynb"))}


def notebook_summaries(files: dict[str, bytes]) -> list[dict]:
    """Each notebook's title (its first line) and the tasks its grader cell checks, in the
    lecture's order: the catalogue's order of their tasks."""
    order = {task.id: i for i, task in enumerate(TASKS)}
    out = []
    for name, data in files.items():
        nb = json.loads(data)
        first = "".join(nb["cells"][0]["source"]).splitlines()[0]
        tasks = nb["metadata"].get("dlkit", {}).get("tasks", [])
        out.append({"file": name, "title": first.lstrip("# ").strip(), "tasks": tasks})
    return sorted(out, key=lambda nb: (min([order.get(t, len(order)) for t in nb["tasks"]] or [len(order)]),
                                       nb["file"]))


def task_rows() -> list[dict]:
    return [{"id": t.id, "ko": t.title.ko, "en": t.title.en, "file": t.file, "names": ", ".join(t.names),
             "points": f"{t.points:g}"} for t in TASKS]


def readme(notebooks: list[dict], solved: bool) -> bytes:
    try:
        import jinja2
    except ImportError:  # jinja2 comes with the instructor's extras, not with the core kit
        raise ReleaseError("dlkit release needs jinja2: pip install -e '.[batch]'") from None
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(GRADER / "templates"), keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined, autoescape=False)
    text = env.get_template(TEMPLATE).render(tasks=task_rows(), total=f"{TOTAL_POINTS:g}", notebooks=notebooks,
                                             solved=solved, python=project()["requires-python"].lstrip(">="))
    return text.encode("utf-8")


def project() -> dict:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        raise ReleaseError("dlkit release reads pyproject.toml with tomllib: use Python 3.11 or newer") from None
    with open(KIT / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["project"]


def pyproject() -> bytes:
    """The student kit's pyproject: the core dependencies only, and pytest pointed at grader/."""
    p = project()
    q = json.dumps  # a JSON string is a valid TOML basic string
    deps = "".join(f"    {q(d)},\n" for d in p["dependencies"])
    text = f"""[build-system]
requires = ["setuptools>=64"]
build-backend = "setuptools.build_meta"

[project]
name = "dlkit-student"
version = {q(p["version"])}
description = {q(p["description"] + " (student kit)")}
readme = "README.md"
requires-python = {q(p["requires-python"])}
dependencies = [
{deps}]

[project.scripts]
dlkit = "grader.cli:main"

[tool.setuptools.packages.find]
include = ["grader*", "datasets*", "exercises*"]

[tool.setuptools.package-data]
grader = ["*.npz"]
datasets = ["*.npz"]

[tool.pytest.ini_options]
testpaths = ["grader"]
pythonpath = ["."]
markers = [
    "training: trains a network on MNIST (slow)",
]
"""
    return text.encode("utf-8")


def contents(solved: bool = False) -> dict[str, bytes]:
    """Every file of the release, by its path inside it (POSIX), in a fixed order."""
    files: dict[str, bytes] = {}
    for path in grader_modules():
        files[path.relative_to(KIT).as_posix()] = path.read_bytes()
    files["grader/answers.npz"] = public_answers()
    files.update(exercise_files(solved))
    for path in tree_files(DATASETS):
        files[path.relative_to(KIT).as_posix()] = path.read_bytes()
    notebooks = notebook_files()
    files.update(notebooks)
    files["README.md"] = readme(notebook_summaries(notebooks), solved)
    files["pyproject.toml"] = pyproject()
    return dict(sorted(files.items()))


# ---------------------------------------------------------------- writing it out


def folders_of(files: dict[str, bytes]) -> list[str]:
    out = set()
    for name in files:
        parts = name.split("/")[:-1]
        out.update("/".join(parts[: i + 1]) for i in range(len(parts)))
    return sorted(out)


def write_tree(files: dict[str, bytes], folder: Path) -> None:
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.chmod(path, FILE_MODE)
        os.utime(path, (EPOCH_SECONDS, EPOCH_SECONDS))
    # folders last and deepest first: writing a file changes its folder's time
    for name in sorted(folders_of(files), key=lambda n: -n.count("/")) + [""]:
        path = folder / name if name else folder
        os.chmod(path, DIR_MODE)
        os.utime(path, (EPOCH_SECONDS, EPOCH_SECONDS))


def write_zip(files: dict[str, bytes], path: Path, root: str) -> None:
    """A zip with one top folder, entries in a fixed order with fixed dates and modes."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh, zipfile.ZipFile(fh, "w") as zf:
            entries = [(f"{root}/{d}/", None) for d in folders_of(files)] + \
                      [(f"{root}/{name}", data) for name, data in files.items()]
            for name, data in [(f"{root}/", None)] + sorted(entries):
                info = zipfile.ZipInfo(name, date_time=EPOCH)
                info.create_system = 3  # unix, so the modes below are read
                if data is None:
                    info.external_attr = (0o40000 | DIR_MODE) << 16 | 0x10
                    zf.writestr(info, b"")
                else:
                    info.external_attr = (0o100000 | FILE_MODE) << 16
                    info.compress_type = zipfile.ZIP_DEFLATED
                    zf.writestr(info, data)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def looks_like_release(folder: Path) -> bool:
    return (folder / "grader" / "answers.npz").is_file() and not (folder / ".git").exists() \
        and not (folder / "solutions").exists()


def check_destination(out: Path, force: bool) -> None:
    out = out.resolve()
    if out == KIT or out in KIT.parents:
        raise ReleaseError(f"{out} holds the kit itself: choose another folder")
    for source in (GRADER, EXERCISES, SOLUTIONS, DATASETS, KIT / "examples"):
        if out.is_relative_to(source):
            raise ReleaseError(f"{out} is inside {source.relative_to(KIT)}/: choose another folder")
    if out.exists() and any(out.iterdir()):
        if not force:
            raise ReleaseError(f"{out} exists: pass --force to replace it")
        if not looks_like_release(out):
            raise ReleaseError(f"{out} does not look like a release built here: not replacing it")


def build(out: Path, solved: bool = False, zip_file: bool = False, force: bool = False) -> Release:
    """Write the release (or the solved copy) to `out`, and `out`.zip if asked."""
    out = Path(out).resolve()
    check_destination(out, force)
    files = contents(solved)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}."))
    try:
        write_tree(files, tmp)
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    archive = None
    if zip_file:
        archive = out.with_name(out.name + ".zip")
        write_zip(files, archive, out.name)
    return Release(out, len(files), archive)
