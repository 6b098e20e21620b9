"""The kernel side of the nbgrader bridge: what the cells of the chapter's notebooks call.

A course written by `dlkit nbgrader` has one notebook per exercise file, numbered in the
order the files import each other (01_functions.ipynb ... 06_plots.ipynb): nbgrader
autogrades a student's notebooks in sorted order, so each one's kernel finds the earlier
ones already in its folder.

- extract_exercises(notebooks, out_dir): a student's notebooks -> exercise files
  (functions.py, ...), which import each other relatively, exactly like exercises/.
- mount_notebooks(): the notebooks next to this one, extracted, as the package `notebooks`,
  so a locked setup cell can say `from notebooks.functions import softmax`.
- check_task(task_id, globals()): grade one catalogue task with the kit's own runner and
  judge on the code this notebook defined, for an nbgrader test cell: it returns the points
  earned (nbgrader's partial credit) and raises AssertionError with the report when none.
"""

from __future__ import annotations

import ast
import atexit
import contextlib
import importlib
import importlib.machinery
import importlib.util
import re
import shutil
import sys
import tempfile
import warnings
from pathlib import Path
from types import ModuleType

from .judge import TaskResult
from .messages import choose_lang, t
from .report import describe_task
from .run import MissingFile, Submission
from .session import grade_tasks, resolve_seed, select_tasks
from .tasks import FILES

PACKAGE = "notebooks"  # what a setup cell imports the student's other notebooks as
NOTEBOOK_NAME = re.compile(r"(?:\d+_)?(?P<stem>[A-Za-z_]\w*)\.ipynb")
SETUP = "setup"
GIVEN = "given"
HEADER = "# extracted by dlkit from {name}: the answer cells, in notebook order"


# ---------------------------------------------------------------- cell ids


def setup_id(stem: str) -> str:
    return f"{stem}-{SETUP}"


def given_id(stem: str, index: int) -> str:
    return f"{stem}-{GIVEN}-{index}"


def answer_id(stem: str, name: str) -> str:
    """The answer cell that defines `name` (a function or a class) in notebook `stem`."""
    return f"{stem}-{name}"


def notebook_stem(path: Path) -> str | None:
    """The exercise file a notebook stands for: 03_simple_net.ipynb -> simple_net."""
    m = NOTEBOOK_NAME.fullmatch(Path(path).name)
    return m["stem"] if m and f"{m['stem']}.py" in FILES else None


# ---------------------------------------------------------------- extraction


def cell_source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def without_magics(source: str) -> str:
    """IPython's %magics and !shell lines, commented out: they are no Python."""
    return "\n".join(f"# {line}" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def module_header(setup: str) -> list[str]:
    """The setup cell's imports as the exercise file's: `from notebooks.X` becomes `from .X`,
    and the kit's own lines (the grader import and mount_notebooks()) go."""
    try:
        tree = ast.parse(setup)
    except SyntaxError:  # an edited setup cell: the file will not import, as it should not
        return [setup]
    lines = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("grader"):
            continue
        if isinstance(node, ast.Import) and any(a.name.startswith("grader") for a in node.names):
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and \
                getattr(node.value.func, "id", "") == "mount_notebooks":
            continue
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith(PACKAGE + "."):
            node = ast.ImportFrom(module=node.module[len(PACKAGE) + 1:], names=node.names, level=1)
        lines.append(ast.unparse(node))
    return lines


def definitions_only(source: str) -> str:
    """From a cell the student added: its functions, classes and imports (their helpers),
    not the calls they tried things out with."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return ""
    keep = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)
    lines = source.splitlines()
    return "\n\n".join("\n".join(lines[min([n.lineno] + [d.lineno for d in getattr(n, "decorator_list", [])]) - 1:
                                       n.end_lineno]) for n in tree.body if isinstance(n, keep))


def notebook_module(notebook: Path, locked: dict[str, str] | None = None) -> str:
    """One notebook as the text of its exercise file; `locked` gives the instructor's source
    of read-only cells by grade id, to undo a student's edits as nbgrader's autograde does."""
    import nbformat

    stem = notebook_stem(notebook)
    nb = nbformat.read(str(notebook), as_version=4)
    header: list[str] = []
    body: list[str] = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        meta = cell.metadata.get("nbgrader", {})
        grade_id = meta.get("grade_id", "")
        source = cell_source(cell)
        if meta.get("locked") and grade_id in (locked or {}):
            source = locked[grade_id]
        source = without_magics(source)
        if grade_id == setup_id(stem):
            header = module_header(source)
        elif meta.get("solution") or grade_id.startswith(f"{stem}-{GIVEN}"):
            body.append(source)
        elif not meta:
            body.append(definitions_only(source))
    parts = [HEADER.format(name=notebook.name), "\n".join(header), *[b for b in body if b.strip()]]
    return "\n\n\n".join(parts).rstrip() + "\n"


def extract_exercises(notebooks: list[Path], out_dir: Path, locked: dict[str, str] | None = None) -> Path:
    """Write the exercise files of a student's notebooks into out_dir and return it.

    Notebooks that stand for no exercise file are left out; the files import each other
    relatively, as in exercises/, so out_dir grades like any submission folder."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for notebook in sorted(Path(n) for n in notebooks):
        stem = notebook_stem(notebook)
        if stem is not None:
            (out_dir / f"{stem}.py").write_text(notebook_module(notebook, locked), encoding="utf-8")
    return out_dir


def locked_cells(notebooks: list[Path]) -> dict[str, str]:
    """The read-only cells' sources by grade id, from the instructor's notebooks."""
    import nbformat

    cells = {}
    for notebook in notebooks:
        for cell in nbformat.read(str(notebook), as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "code" and meta.get("locked") and meta.get("grade_id"):
                cells[meta["grade_id"]] = cell_source(cell)
    return cells


# ---------------------------------------------------------------- in the kernel

_MOUNTS: list[Path] = []


@atexit.register
def _remove_mounts() -> None:
    for folder in _MOUNTS:
        shutil.rmtree(folder, ignore_errors=True)


def extract_folder(folder: str | Path = ".") -> Path:
    """The notebooks in `folder`, as they are saved now, extracted into a new temporary folder."""
    out = Path(tempfile.mkdtemp(prefix="dlkit-notebooks-"))
    _MOUNTS.append(out)
    return extract_exercises(sorted(Path(folder).glob("*.ipynb")), out)


def mount_notebooks(folder: str | Path = ".", package: str = PACKAGE) -> Path:
    """Make the saved notebooks in `folder` importable as `package` (again, if they changed)."""
    out = extract_folder(folder)
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]
    spec = importlib.machinery.ModuleSpec(package, None, is_package=True)
    spec.submodule_search_locations = [str(out)]
    sys.modules[package] = importlib.util.module_from_spec(spec)
    importlib.invalidate_caches()
    return out


class NotebookSubmission(Submission):
    """A submission whose module `stem` is this notebook's namespace (the code the student
    ran here) and whose other modules are their other notebooks, extracted into `folder`."""

    def __init__(self, namespace: dict, stem: str, folder: Path) -> None:
        super().__init__(folder)
        module = ModuleType(f"{self.package}.{stem}")
        module.__dict__.update({k: v for k, v in namespace.items() if not k.startswith("__")})
        self._modules[stem] = module


def notebook_submission(namespace: dict, stem: str, folder: str | Path = ".") -> Submission:
    """What a test cell grades: this notebook's namespace, unless the saved notebook does not
    import as a file (a syntax error, a missing earlier notebook). The kit's grader, which reads
    the files, gives such a file nothing; grading the file here gives the same, with its error."""
    extracted = extract_folder(folder)
    saved = Submission(extracted)
    try:
        getattr(saved, stem)
    except MissingFile:  # not saved under its own name: nothing to compare with
        pass
    except Exception:
        return saved
    return NotebookSubmission(namespace, stem, extracted)


def grade_in_notebook(task_id: str, namespace: dict, hidden_seed: int | None = None,
                      training: dict | None = None, folder: str | Path = ".", cascade: bool = False) -> TaskResult:
    """One task on this notebook's code, judged after the tasks it builds on (graded here too,
    on the notebooks they are in), as every front end judges it."""
    tasks = {t.id: t for t in select_tasks(None, training)}
    if task_id not in tasks:
        select_tasks([task_id])  # says which id is unknown
    hidden_seed = resolve_seed(hidden_seed)
    sub = notebook_submission(namespace, tasks[task_id].file[:-3], folder)
    # nbgrader gives 0 to a test cell that wrote to stderr: warnings and the student's own
    # stderr go to stdout, where they are read but not scored
    with contextlib.redirect_stderr(sys.stdout), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return grade_tasks([task_id], sub, tasks, hidden_seed, cascade)[task_id]


def check_task(task_id: str, namespace: dict, hidden_seed: int | None = None, training: dict | None = None,
               lang: str | None = None, cascade: bool = False) -> float:
    """Grade one task on this notebook's code, for an nbgrader test cell.

    Returns the points earned as a plain float, so a cell ending in this call gets them as
    nbgrader's partial credit; prints the report when some case failed, and raises
    AssertionError with it when nothing passed. `cascade`: the course's scoring setting (a
    task failing only because of an upstream one keeps its points unless it is set)."""
    lang = choose_lang(lang)
    result = grade_in_notebook(task_id, namespace, hidden_seed, training, cascade=cascade)
    score = float(result.score)
    if result.passed:
        print(f"[{task_id}] {result.task.title(lang)} — {t('passed', lang)} "
              f"({score:g}/{result.task.points:g} {t('points', lang)})")
        return score
    report = describe_task(result, lang)
    if score == 0:
        raise AssertionError(report)
    print(report)
    return score
