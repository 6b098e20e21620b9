"""The chapter as an nbgrader course, written from the catalogue, exercises/ and solutions/.

One notebook per exercise file, numbered in the order the files import each other
(01_functions.ipynb ... 06_plots.ipynb): the student text and signatures from exercises/,
the answers (between ### BEGIN SOLUTION and ### END SOLUTION) from solutions/, and one
autograded test cell per catalogue task, worth the task's points, which judges with the
kit's own runner and judge (grader.nbcheck.check_task). See docs/nbgrader.md.
"""

from __future__ import annotations

import ast
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..authoring.sources import answer_source, first_line, solutions_of, stubs_in, with_comments_above
from ..kit import EXERCISES, SOLUTIONS
from ..messages import M, t
from ..model import Task
from ..nbcheck import answer_id, given_id, setup_id
from ..seeds import student_seed
from ..session import select_tasks
from ..tasks import FILES

ASSIGNMENT = "ch04"
COURSE_ID = "dlkit-ch04"
PUBLIC_SEED_NAME = "dlkit"  # stands in for a course secret when none is given


def code_stub() -> str:
    return (f"# {M['nb_code_stub'].ko} / {M['nb_code_stub'].en}\n"
            f'raise NotImplementedError("{M["nb_not_implemented"].ko} / {M["nb_not_implemented"].en}")')


# ---------------------------------------------------------------- cells from exercises/ and solutions/


@dataclass(frozen=True)
class Cell:
    kind: str  # markdown, setup, given, answer, test
    source: str
    grade_id: str = ""
    points: float = 0.0


def is_script_entry(node: ast.stmt) -> bool:
    """`main()` and `if __name__ == "__main__":` run a file as a script: no use in a notebook."""
    if isinstance(node, ast.FunctionDef) and node.name == "main":
        return True
    return isinstance(node, ast.If) and "__name__" in ast.unparse(node.test)


def setup_source(imports: list[ast.stmt]) -> str:
    """The locked first code cell: the file's imports, its relative ones from the student's
    other notebooks through the `notebooks` package."""
    future = [ast.unparse(n) for n in imports if isinstance(n, ast.ImportFrom) and n.module == "__future__"]
    relative = [n for n in imports if isinstance(n, ast.ImportFrom) and n.level]
    plain = [ast.unparse(n) for n in imports if ast.unparse(n) not in future and n not in relative]
    lines = [*future, f"# {M['nb_do_not_edit'].ko} / {M['nb_do_not_edit'].en}", *plain]
    if relative:
        lines += ["", "from grader.nbcheck import mount_notebooks", "",
                  f"mount_notebooks()  # {M['nb_other_notebooks'].ko} / {M['nb_other_notebooks'].en}"]
        lines += [f"from notebooks.{n.module} import {', '.join(a.name for a in n.names)}" for n in relative]
    return "\n".join(lines)


def points_text(tasks: list[Task]) -> str:
    return "\n".join(f"- **{task.title.ko}** — {t('nb_points', 'ko', points=task.points)} · "
                     f"*{task.title.en} — {t('nb_points', 'en', points=task.points)}* (`{task.id}`)" for task in tasks)


def intro_source(file: str, docstring: str, imports_others: bool) -> str:
    intro, others = M["nb_intro"], M["nb_imports_others"]
    text = f"# {M['nb_title'].ko} — `{file}`\n\n{docstring}\n\n{intro.ko}\n\n*{intro.en}*"
    if imports_others:
        text += f"\n\n{others.ko} *{others.en}*"
    return text


def grading_source(task: Task, hidden_seed: int, training: dict | None, cascade: bool = False) -> str:
    args = f'"{task.id}", globals(), hidden_seed=_hidden_seed'
    if task.training and training:
        args += f", training={training!r}"
    if cascade:
        args += ", cascade=True"
    lines = [f"# {t('nb_grading', 'ko')}: {task.title.ko} ({t('nb_points', 'ko', points=task.points)}) / "
             f"{t('nb_grading', 'en')}: {task.title.en} ({t('nb_points', 'en', points=task.points)})",
             "from grader.nbcheck import check_task", "", "_hidden_seed = None"]
    if task.hidden is not None:
        lines += ["### BEGIN HIDDEN TESTS", f"_hidden_seed = {hidden_seed}", "### END HIDDEN TESTS"]
    return "\n".join(lines + [f"check_task({args})"])


def module_cells(file: str, tasks: list[Task], hidden_seed: int, training: dict | None = None,
                 solutions_dir: Path = SOLUTIONS, exercises_dir: Path = EXERCISES, cascade: bool = False) -> list[Cell]:
    """The cells of one exercise file's notebook, in the file's order: an introduction, the
    locked imports, the given code (locked) and each answer cell followed by its test cells."""
    stem = file[:-3]
    source = (exercises_dir / file).read_text(encoding="utf-8")
    lines = source.splitlines()
    solutions = solutions_of((solutions_dir / file).read_text(encoding="utf-8"))
    tree = ast.parse(source)
    imports = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    summary = (ast.get_docstring(tree) or "").split("\n\n")[0]
    imports_others = any(isinstance(n, ast.ImportFrom) and n.level for n in imports)
    cells = [Cell("markdown", intro_source(file, summary, imports_others)),
             Cell("setup", setup_source(imports), setup_id(stem))]
    given: list[str] = []
    placed: list[str] = []
    prev_end = 0

    def flush_given():
        if given:
            index = sum(cell.kind == "given" for cell in cells)
            cells.append(Cell("given", "\n\n\n".join(given), given_id(stem, index)))
            given.clear()

    for node in tree.body:
        start = with_comments_above(lines, first_line(node) - 1, prev_end)
        prev_end = node.end_lineno
        if isinstance(node, (ast.Import, ast.ImportFrom)) or is_script_entry(node) or (
                isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
            continue
        if not stubs_in(node):
            given.append("\n".join(lines[start:node.end_lineno]))
            continue
        flush_given()
        own = [task for task in tasks if task.file == file and task.names[0] == node.name]
        if own:
            cells.append(Cell("markdown", f"## {M['nb_exercise'].ko} / {M['nb_exercise'].en}: `{node.name}`\n\n"
                                          f"{points_text(own)}"))
        cells.append(Cell("answer", answer_source(node, start, lines, solutions), answer_id(stem, node.name)))
        cells += [Cell("test", grading_source(task, hidden_seed, training, cascade), task.id, task.points)
                  for task in own]
        placed += [task.id for task in own]
    flush_given()
    missing = [task.id for task in tasks if task.file == file and task.id not in placed]
    if missing:
        raise ValueError(f"{file}: no answer cell defines what these tasks read: {missing}")
    return cells


# ---------------------------------------------------------------- notebooks and the course


def nbgrader_metadata(cell: Cell) -> dict:
    meta = {"grade": cell.kind == "test", "grade_id": cell.grade_id, "locked": cell.kind != "answer",
            "schema_version": 3, "solution": cell.kind == "answer", "task": False}
    if cell.kind == "test":
        meta["points"] = cell.points
    return meta


def to_notebook(cells: list[Cell]):
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    nb = new_notebook(metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
        "language_info": {"name": "python"}})
    for cell in cells:
        if cell.kind == "markdown":
            nb.cells.append(new_markdown_cell(cell.source))
        else:
            nb.cells.append(new_code_cell(cell.source, metadata={"nbgrader": nbgrader_metadata(cell)}))
    for i, cell in enumerate(nb.cells):  # stable ids: the same course writes the same bytes
        cell.id = f"cell-{i:03d}"
    nbformat.validate(nb)
    return nb


def notebook_name(file: str) -> str:
    """01_functions.ipynb ...: numbered so that nbgrader's sorted order is the import order."""
    return f"{FILES.index(file) + 1:02d}_{file[:-3]}.ipynb"


def assignment_tasks(training: dict | None) -> list[Task]:
    """The catalogue's tasks in the assignment: all of them, the training one only with settings."""
    return [task for task in select_tasks(training=training) if training or not task.training]


def assignment_files(tasks: list[Task]) -> list[str]:
    return [file for file in FILES if any(task.file == file for task in tasks)]


def write_notebooks(folder: Path, hidden_seed: int, training: dict | None = None,
                    solutions_dir: Path = SOLUTIONS, cascade: bool = False) -> list[Path]:
    """The assignment's notebooks, answers from solutions_dir (a mutant's folder works too)."""
    import nbformat

    tasks = assignment_tasks(training)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for file in assignment_files(tasks):
        path = folder / notebook_name(file)
        cells = module_cells(file, tasks, hidden_seed, training, solutions_dir, cascade=cascade)
        nbformat.write(to_notebook(cells), str(path))
        paths.append(path)
    return paths


CONFIG = '''\
"""nbgrader's configuration for the dlkit chapter-4 course (written by `dlkit nbgrader`)."""

import os

c = get_config()  # noqa: F821 - nbgrader provides it

HERE = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.root = HERE
c.CourseDirectory.course_id = {course_id!r}
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(HERE, "gradebook.db")

# The assignment and the class list. nbgrader 0.9 keeps both in the gradebook, not in its
# configuration: `dlkit nbgrader` added them there; add students with `nbgrader db student
# add ID` or `nbgrader db student import roster.csv`. (`nbgrader autograde` adds unknown ones.)
ASSIGNMENT = {assignment!r}
STUDENTS = {students!r}

# A submitted .py file would sit next to the notebooks in the kernel's folder, where it could
# stand in for the kit's own modules (grader, numpy): nbgrader copies none of them.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.py", "grader", "notebooks"]

c.ClearSolutions.code_stub = {{"python": {code_stub!r}}}
c.Execute.timeout = {timeout}  # seconds per cell
'''


def write_config(course_dir: Path, course_id: str, assignment: str, students: list[str], timeout: int) -> Path:
    path = course_dir / "nbgrader_config.py"
    path.write_text(CONFIG.format(course_id=course_id, assignment=assignment, students=list(students),
                                  code_stub=code_stub(), timeout=timeout), encoding="utf-8")
    return path


def db_url(course_dir: Path) -> str:
    return "sqlite:///" + str((course_dir / "gradebook.db").resolve())


def register(course_dir: Path, course_id: str, assignment: str, students: Iterable[str]) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(db_url(course_dir), course_id) as gb:
        gb.update_or_create_assignment(assignment)
        for student in students:
            gb.update_or_create_student(student)


def course_seed(assignment: str, secret: str | None) -> int:
    """The hidden cases' seed for the whole class: nbgrader runs one test cell for everyone."""
    return student_seed(secret or PUBLIC_SEED_NAME, f"nbgrader/{assignment}")


def write_course(course_dir: Path, *, assignment: str = ASSIGNMENT, course_id: str = COURSE_ID,
                 students: Iterable[str] = (), hidden_seed: int | None = None, secret: str | None = None,
                 training: dict | None = None, force: bool = False, cascade: bool = False) -> list[Path]:
    """Write source/<assignment>/*.ipynb and nbgrader_config.py into course_dir; register the
    assignment and the students in the gradebook. Returns the notebooks. `cascade`: the test
    cells score the cascade (a task failing only because of an upstream one loses its points)."""
    course_dir = Path(course_dir).resolve()
    source = course_dir / "source" / assignment
    if source.exists():
        if not force:
            raise FileExistsError(f"{source} exists: pass --force to write it again")
        shutil.rmtree(source)
    seed = course_seed(assignment, secret) if hidden_seed is None else hidden_seed
    notebooks = write_notebooks(source, seed, training, cascade=cascade)
    timeout = 600 if training else 120
    write_config(course_dir, course_id, assignment, list(students), timeout)
    register(course_dir, course_id, assignment, students)
    return notebooks


