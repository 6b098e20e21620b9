"""`dlkit nbgrader`: the chapter as an nbgrader course, and the safer way back into its gradebook.

    dlkit nbgrader COURSE_DIR                   # write source/ch04/*.ipynb and nbgrader_config.py
    dlkit nbgrader COURSE_DIR --import-scores   # grade submitted/ with the batch grader, into the gradebook

The notebooks come from the kit's one source of truth: the student text and signatures from
exercises/, the answers (between ### BEGIN SOLUTION and ### END SOLUTION) from solutions/,
and one autograded test cell per catalogue task, worth the task's points, which judges with
the kit's own runner and judge (grader.nbcheck.check_task). See docs/nbgrader.md.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import textwrap
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .catalogue import FILES, Task, configured_tasks
from .judge import grade_task
from .messages import choose_lang
from .nbcheck import answer_id, extract_exercises, given_id, locked_cells, notebook_stem, setup_id
from .reference import KIT, SOLUTIONS, has_solutions
from .results import submission_json
from .run import Submission
from .seeds import SECRET_ENV, student_seed

EXERCISES = KIT / "exercises"
ASSIGNMENT = "ch04"
COURSE_ID = "dlkit-ch04"
# The training task trains on MNIST in the kernel nbgrader runs; these settings keep one
# notebook within seconds. Without --with-training the assignment leaves it out.
TINY_TRAINING = {"iters_num": 600, "train_size": 6000, "min_accuracy": 0.7}
PUBLIC_SEED_NAME = "dlkit"  # stands in for a course secret when none is given
CODE_STUB = ("# 여기에 코드를 작성하세요 / YOUR CODE HERE\n"
             'raise NotImplementedError("아직 구현하지 않았습니다 / not implemented yet")')


# ---------------------------------------------------------------- cells from exercises/ and solutions/


@dataclass(frozen=True)
class Cell:
    kind: str  # markdown, setup, given, answer, test
    source: str
    grade_id: str = ""
    points: float = 0.0


def first_line(node: ast.stmt) -> int:
    decorators = getattr(node, "decorator_list", [])
    return min([node.lineno] + [d.lineno for d in decorators])


def with_comments_above(lines: list[str], start: int, floor: int) -> int:
    """The 0-based first line of a statement starting at `start`, moved up over the comment
    lines directly above it (not above `floor`)."""
    while start - 1 >= floor and lines[start - 1].lstrip().startswith("#"):
        start -= 1
    return start


def docstring_end(fn: ast.FunctionDef) -> int | None:
    """The 1-based last line of fn's docstring, if it has one."""
    first = fn.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        return first.end_lineno
    return None


def is_stub(fn: ast.AST) -> bool:
    """A function the student writes: its body raises NotImplementedError."""
    if not isinstance(fn, ast.FunctionDef):
        return False
    for stmt in fn.body:
        if isinstance(stmt, ast.Raise) and stmt.exc is not None:
            exc = stmt.exc.func if isinstance(stmt.exc, ast.Call) else stmt.exc
            if isinstance(exc, ast.Name) and exc.id == "NotImplementedError":
                return True
    return False


def stubs_in(node: ast.stmt) -> list[tuple[str, ast.FunctionDef]]:
    """(qualified name, function) of the stubs a top-level statement defines."""
    if is_stub(node):
        return [(node.name, node)]
    if isinstance(node, ast.ClassDef):
        return [(f"{node.name}.{fn.name}", fn) for fn in node.body if is_stub(fn)]
    return []


def functions_of(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    found = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            found[node.name] = node
        elif isinstance(node, ast.ClassDef):
            found.update({f"{node.name}.{fn.name}": fn for fn in node.body if isinstance(fn, ast.FunctionDef)})
    return found


def indent_of(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def solution_body(fn: ast.FunctionDef, lines: list[str]) -> list[str]:
    """A solution's body without its docstring, dedented."""
    doc = docstring_end(fn)
    stmts = fn.body[1:] if doc else fn.body
    start = with_comments_above(lines, stmts[0].lineno - 1, doc or fn.lineno)
    return textwrap.dedent("\n".join(lines[start:fn.end_lineno])).splitlines()


def answer_region(stub: ast.FunctionDef, lines: list[str], solution: list[str]) -> tuple[int, int, list[str]]:
    """What replaces the stub's body (0-based lines [start, end)): its TODO comments, then
    the solution between nbgrader's markers, at the stub's indentation."""
    start = docstring_end(stub) or (stub.body[0].lineno - 1)
    region = lines[start:stub.end_lineno]
    pad = indent_of(lines[stub.body[0].lineno - 1])
    todo = [line for line in region if line.lstrip().startswith("#")]
    body = [pad + line if line.strip() else "" for line in solution]
    return start, stub.end_lineno, todo + [f"{pad}### BEGIN SOLUTION", *body, f"{pad}### END SOLUTION"]


def answer_source(node: ast.stmt, start: int, lines: list[str], solutions: dict[str, tuple[ast.FunctionDef, list]]
                  ) -> str:
    """A definition as the answer cell shows it: the stub's text with each stub body replaced."""
    out = lines[start:node.end_lineno]
    for qualname, fn in sorted(stubs_in(node), key=lambda item: -item[1].lineno):
        if qualname not in solutions:
            raise ValueError(f"solutions/ has no {qualname} for the stub in exercises/")
        sol_fn, sol_lines = solutions[qualname]
        r0, r1, new = answer_region(fn, lines, solution_body(sol_fn, sol_lines))
        out[r0 - start:r1 - start] = new
    return "\n".join(out)


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
    lines = [*future, "# 고치지 마세요: 이 노트북이 쓰는 모듈 / Do not edit: what this notebook imports", *plain]
    if relative:
        lines += ["", "from grader.nbcheck import mount_notebooks", "",
                  "mount_notebooks()  # 이 폴더의 다른 노트북들 / your other notebooks in this folder, as `notebooks`"]
        lines += [f"from notebooks.{n.module} import {', '.join(a.name for a in n.names)}" for n in relative]
    return "\n".join(lines)


def points_text(tasks: list[Task]) -> str:
    return "\n".join(f"- **{task.title.ko}** — {task.points:g}점 · *{task.title.en} — {task.points:g} points* "
                     f"(`{task.id}`)" for task in tasks)


def intro_source(file: str, docstring: str, imports_others: bool) -> str:
    ko = ("`raise NotImplementedError`가 있는 자리를 채우세요. 채점 셀을 실행하면 받은 점수가 나옵니다 "
          "(일부 사례만 맞으면 부분 점수). 잠긴 셀은 고치지 마세요: 채점할 때 원래대로 돌아갑니다.")
    en = ("Fill in where it says `raise NotImplementedError`. Run a grading cell to see your points "
          "(partial credit when some cases pass). Do not edit the locked cells: grading restores them.")
    text = f"# 4장 신경망 학습 — `{file}`\n\n{docstring}\n\n{ko}\n\n*{en}*"
    if imports_others:
        text += ("\n\n앞 노트북에 쓴 코드를 가져다 씁니다: 그 노트북을 저장한 뒤 이 노트북을 실행하세요. "
                 "*This notebook uses the code of the earlier notebooks: save them before you run it.*")
    return text


def grading_source(task: Task, hidden_seed: int, training: dict | None) -> str:
    args = f'"{task.id}", globals(), hidden_seed=_hidden_seed'
    if task.marks and training:
        args += f", training={training!r}"
    lines = [f"# 채점: {task.title.ko} ({task.points:g}점) / grading: {task.title.en} ({task.points:g} points)",
             "from grader.nbcheck import check_task", "", "_hidden_seed = None"]
    if task.hidden is not None:
        lines += ["### BEGIN HIDDEN TESTS", f"_hidden_seed = {hidden_seed}", "### END HIDDEN TESTS"]
    return "\n".join(lines + [f"check_task({args})"])


def module_cells(file: str, tasks: list[Task], hidden_seed: int, training: dict | None = None,
                 solutions_dir: Path = SOLUTIONS, exercises_dir: Path = EXERCISES) -> list[Cell]:
    """The cells of one exercise file's notebook, in the file's order: an introduction, the
    locked imports, the given code (locked) and each answer cell followed by its test cells."""
    stem = file[:-3]
    source = (exercises_dir / file).read_text(encoding="utf-8")
    lines = source.splitlines()
    sol_source = (solutions_dir / file).read_text(encoding="utf-8")
    sol_lines = sol_source.splitlines()
    solutions = {q: (fn, sol_lines) for q, fn in functions_of(ast.parse(sol_source)).items()}
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
            cells.append(Cell("markdown", f"## 실습 / Exercise: `{node.name}`\n\n{points_text(own)}"))
        cells.append(Cell("answer", answer_source(node, start, lines, solutions), answer_id(stem, node.name)))
        cells += [Cell("test", grading_source(task, hidden_seed, training), task.id, task.points) for task in own]
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
    return [task for task in configured_tasks(**(training or {})) if training or not task.marks]


def assignment_files(tasks: list[Task]) -> list[str]:
    return [file for file in FILES if any(task.file == file for task in tasks)]


def write_notebooks(folder: Path, hidden_seed: int, training: dict | None = None,
                    solutions_dir: Path = SOLUTIONS) -> list[Path]:
    """The assignment's notebooks, answers from solutions_dir (a mutant's folder works too)."""
    import nbformat

    tasks = assignment_tasks(training)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for file in assignment_files(tasks):
        path = folder / notebook_name(file)
        nbformat.write(to_notebook(module_cells(file, tasks, hidden_seed, training, solutions_dir)), str(path))
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
                                  code_stub=CODE_STUB, timeout=timeout), encoding="utf-8")
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
                 training: dict | None = None, force: bool = False) -> list[Path]:
    """Write source/<assignment>/*.ipynb and nbgrader_config.py into course_dir; register the
    assignment and the students in the gradebook. Returns the notebooks."""
    course_dir = Path(course_dir).resolve()
    source = course_dir / "source" / assignment
    if source.exists():
        if not force:
            raise FileExistsError(f"{source} exists: pass --force to write it again")
        shutil.rmtree(source)
    seed = course_seed(assignment, secret) if hidden_seed is None else hidden_seed
    notebooks = write_notebooks(source, seed, training)
    timeout = 600 if training else 120
    write_config(course_dir, course_id, assignment, list(students), timeout)
    register(course_dir, course_id, assignment, students)
    return notebooks


# ---------------------------------------------------------------- grading outside the kernel


def submitted_to_folders(course_dir: Path, assignment: str, out_dir: Path) -> list[Path]:
    """Each student's submitted notebooks (submitted/<student>/<assignment>/) as a folder of
    exercise files named by the student id, ready for the batch grader; the read-only cells
    come from source/<assignment>/, whatever the student did to them."""
    out_dir = Path(out_dir)
    # read-only cells as the instructor wrote them, as nbgrader's autograde restores them
    locked = locked_cells(sorted((Path(course_dir) / "source" / assignment).glob("*.ipynb")))
    folders = []
    for student_dir in sorted((Path(course_dir) / "submitted").glob(f"*/{assignment}")):
        folder = out_dir / student_dir.parent.name
        if folder.exists():
            shutil.rmtree(folder)
        folders.append(extract_exercises(sorted(student_dir.glob("*.ipynb")), folder, locked))
    return folders


def grade_folders(folders: list[Path], tasks: list[Task], hidden_seed: int | None) -> list[dict]:
    """The kit's grader in this process, as grade_class's per-student results: for comparing
    with nbgrader, and for the gradebook when the isolated runner is not there."""
    results = []
    for folder in folders:
        sub = Submission(folder)
        graded = [grade_task(task, sub, hidden_seed) for task in tasks]
        results.append(submission_json(Path(folder).name, graded, hidden_seed=hidden_seed))
    return results


def answer_cells(gb, notebook: str, assignment: str) -> dict[str, str]:
    """The answer (solution) cells of a notebook by what they define: {name: cell id}."""
    stem = notebook_stem(Path(notebook + ".ipynb"))
    prefix = f"{stem}-"
    return {cell.name[len(prefix):]: cell.name for cell in gb.find_notebook(notebook, assignment).solution_cells
            if cell.name.startswith(prefix)}


def comment_text(tasks: list[dict], lang: str) -> str:
    """What the kit found, for the answer cell's comment in formgrader and the feedback."""
    parts = []
    for task in tasks:
        parts.append(task["report"][lang] or f"[{task['id']}] {task['title'][lang]} — {task['status']} "
                                             f"({task['score']:g}/{task['points']:g})")
    return "dlkit:\n" + "\n\n".join(parts)


def write_scores_to_gradebook(course_dir: Path, assignment: str, results: list[dict], lang: str = "en",
                              course_id: str | None = None) -> dict[str, list[str]]:
    """Write the kit's scores into nbgrader's gradebook: for each student and each task that is
    a grade cell of the assignment, the grade's auto score (an instructor's manual score in
    formgrader still overrides it), and the reports as the answer cells' auto comments.

    Creates the submission (and the student) when nbgrader has not autograded it. Returns
    {student: [task ids written]}."""
    from nbgrader.api import Gradebook
    from sqlalchemy.exc import SAWarning

    course_dir = Path(course_dir).resolve()
    written: dict[str, list[str]] = {}
    with Gradebook(db_url(course_dir), course_id or configured_course_id(course_dir)) as gb, \
            warnings.catch_warnings():
        # nbgrader 0.9's add_submission trips SQLAlchemy 2's autoflush warning; autograde does too
        warnings.simplefilter("ignore", SAWarning)
        cells = {cell.name: nb.name for nb in gb.find_assignment(assignment).notebooks for cell in nb.grade_cells}
        if not cells:
            raise ValueError(f"the gradebook has no grade cells for {assignment}: run `nbgrader generate_assignment`")
        for result in results:
            student = result["student"]
            gb.update_or_create_student(student)
            timestamp = submitted_timestamp(course_dir, assignment, student)
            gb.update_or_create_submission(assignment, student, **({"timestamp": timestamp} if timestamp else {}))
            written[student] = []
            by_notebook: dict[str, list[dict]] = {}
            for task in result["tasks"]:
                notebook = cells.get(task["id"])
                if notebook is None:
                    continue
                grade = gb.find_grade(task["id"], notebook, assignment, student)
                grade.auto_score = float(task["score"])
                grade.needs_manual_grade = grade.manual_score is not None  # as nbgrader's autograde has it
                by_notebook.setdefault(notebook, []).append(task)
                written[student].append(task["id"])
            for notebook, tasks in by_notebook.items():
                write_comments(gb, notebook, assignment, student, tasks, lang)
            gb.db.commit()
    return written


def write_comments(gb, notebook: str, assignment: str, student: str, tasks: list[dict], lang: str) -> None:
    from .catalogue import BY_ID

    cells = answer_cells(gb, notebook, assignment)
    per_cell: dict[str, list[dict]] = {}
    for task in tasks:
        cell = cells.get(BY_ID[task["id"]].names[0]) if task["id"] in BY_ID else None
        if cell is not None:
            per_cell.setdefault(cell, []).append(task)
    for cell, cell_tasks in per_cell.items():
        gb.find_comment(cell, notebook, assignment, student).auto_comment = comment_text(cell_tasks, lang)


def verdict_outputs(task: dict | None, lang: str) -> list:
    """A test cell's outputs that make nbgrader score what the kit found (utils.determine_grade):
    the report on stdout, then the points as the cell's value, or an error when there are none."""
    from nbformat.v4 import new_output

    if task is None:
        return [new_output("error", ename="NotGraded", evalue="dlkit did not grade this task", traceback=[])]
    report = task["report"][lang] or f"[{task['id']}] {task['title'][lang]} — {task['status']} " \
                                      f"({task['score']:g}/{task['points']:g})"
    if task["score"] == 0:
        return [new_output("error", ename="AssertionError", evalue=report, traceback=report.splitlines())]
    return [new_output("stream", name="stdout", text=report + "\n"),
            new_output("execute_result", data={"text/plain": repr(float(task["score"]))}, execution_count=1)]


def verdicts_preprocessor(results: list[dict], lang: str) -> type:
    """An nbgrader preprocessor to stand in for Execute: no student code runs; each test cell
    gets the outputs of the kit's verdict on its task."""
    from nbgrader.preprocessors import NbGraderPreprocessor

    by_student = {r["student"]: {t["id"]: t for t in r["tasks"]} for r in results}

    class DlkitVerdicts(NbGraderPreprocessor):
        def preprocess(self, nb, resources):
            tasks = by_student.get(resources["nbgrader"]["student"], {})
            for cell in nb.cells:
                meta = cell.metadata.get("nbgrader", {})
                if cell.cell_type == "code" and meta.get("grade"):
                    cell.outputs = verdict_outputs(tasks.get(meta.get("grade_id")), lang)
            return nb, resources

    return DlkitVerdicts


def autograde_with_verdicts(course_dir: Path, assignment: str, results: list[dict], lang: str = "en") -> None:
    """nbgrader's own autograde, with the kit's verdicts in place of running the notebooks:
    autograded/ gets each student's notebooks (test cells restored, outputs the kit's reports),
    so formgrader opens them and generate_feedback works, and nbgrader records the scores."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.preprocessors import Execute
    from sqlalchemy.exc import SAWarning
    from traitlets.config import PyFileConfigLoader

    course_dir = Path(course_dir).resolve()
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_dir)).load_config()
    verdicts = verdicts_preprocessor(results, lang)
    default = Autograde.class_traits()["autograde_preprocessors"].default()
    config.Autograde.autograde_preprocessors = [verdicts if pp is Execute else pp for pp in default]
    config.CourseDirectory.root = str(course_dir)
    api = NbGraderAPI(CourseDirectory(config=config), config=config)
    for result in results:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SAWarning)  # see write_scores_to_gradebook
            done = api.autograde(assignment, result["student"], force=True, create=True)
        if not done["success"]:
            raise RuntimeError(f"nbgrader could not record {result['student']}: {done.get('error') or done['log']}")


def submitted_timestamp(course_dir: Path, assignment: str, student: str) -> datetime | None:
    path = course_dir / "submitted" / student / assignment / "timestamp.txt"
    if not path.is_file():
        return None
    from nbgrader.utils import parse_utc

    return parse_utc(path.read_text(encoding="utf-8").strip())


def configured_course_id(course_dir: Path) -> str:
    """The course id nbgrader_config.py in course_dir sets (the default course otherwise)."""
    config = Path(course_dir) / "nbgrader_config.py"
    if config.is_file():
        for node in ast.parse(config.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "c.CourseDirectory.course_id":
                return ast.literal_eval(node.value)
    return "default_course"


def assignment_training(course_dir: Path, assignment: str) -> dict | None:
    """The training settings the assignment's training test cell was written with, if it has one."""
    for notebook in sorted((Path(course_dir) / "source" / assignment).glob("*.ipynb")):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            if "check_task(" in source and "training=" in source:
                call = next(n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call)
                            and getattr(n.func, "id", "") == "check_task")
                return next(ast.literal_eval(k.value) for k in call.keywords if k.arg == "training")
    return None


def import_scores(course_dir: Path, assignment: str = ASSIGNMENT, *, secret: str | None = None,
                  jobs: int | None = None, sandbox: str = "auto", lang: str = "en", work_dir: Path | None = None,
                  progress: bool = True) -> list[dict]:
    """Grade nbgrader's submitted/ with the kit's isolated batch grader and write the scores
    into the gradebook; the batch grader's reports land in work_dir (default
    course_dir/dlkit/<assignment>)."""
    from .batch import grade_class

    course_dir = Path(course_dir).resolve()
    work_dir = Path(work_dir) if work_dir else course_dir / "dlkit" / assignment
    folders = submitted_to_folders(course_dir, assignment, work_dir / "submissions")
    if not folders:
        raise FileNotFoundError(f"nothing in {course_dir}/submitted/*/{assignment}")
    results = grade_class(folders, work_dir / "results", jobs=jobs, sandbox=sandbox, secret=secret,
                          training=assignment_training(course_dir, assignment), lang=lang, progress=progress,
                          only=gradebook_tasks(course_dir, assignment))
    autograde_with_verdicts(course_dir, assignment, results, lang)
    write_scores_to_gradebook(course_dir, assignment, results, lang)
    return results


def gradebook_tasks(course_dir: Path, assignment: str) -> list[str]:
    """The catalogue tasks the assignment grades: its grade cells in nbgrader's gradebook."""
    from nbgrader.api import Gradebook

    from .catalogue import BY_ID

    with Gradebook(db_url(Path(course_dir)), configured_course_id(Path(course_dir))) as gb:
        names = {cell.name for nb in gb.find_assignment(assignment).notebooks for cell in nb.grade_cells}
    return [task_id for task_id in BY_ID if task_id in names]


# ---------------------------------------------------------------- the command line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("course_dir", type=Path, help="the nbgrader course directory (created if missing)")
    parser.add_argument("--assignment", default=ASSIGNMENT, help=f"assignment id (default {ASSIGNMENT})")
    parser.add_argument("--import-scores", action="store_true",
                        help="grade submitted/<student>/ASSIGNMENT with the isolated batch grader and write the "
                             "scores into nbgrader's gradebook (instead of writing the course)")
    parser.add_argument("--course-id", default=COURSE_ID, help=f"nbgrader course id (default {COURSE_ID})")
    parser.add_argument("--students", default="", help="student ids to register, comma-separated")
    parser.add_argument("--secret", default=None,
                        help=f"course secret (default ${SECRET_ENV}): seeds the hidden cases")
    parser.add_argument("--hidden-seed", type=int, default=None,
                        help="the hidden cases' seed in the test cells (default: derived from the secret)")
    parser.add_argument("--with-training", action="store_true",
                        help=f"include the MNIST training task, with small settings (default {TINY_TRAINING})")
    parser.add_argument("--train-iters", type=int, default=None, help="training iterations (implies --with-training)")
    parser.add_argument("--train-size", type=int, default=None, help="train on the first N images (ditto)")
    parser.add_argument("--min-accuracy", type=float, default=None, help="test accuracy needed (ditto)")
    parser.add_argument("--force", action="store_true", help="write source/ASSIGNMENT again if it exists")
    parser.add_argument("--jobs", type=int, default=None, help="--import-scores: parallel children")
    parser.add_argument("--sandbox", default="auto", help="--import-scores: auto, bwrap or none")
    parser.add_argument("--lang", default=None, help="--import-scores: language of the reports, ko or en")


def training_settings(args: argparse.Namespace) -> dict | None:
    given = {k: v for k, v in (("iters_num", args.train_iters), ("train_size", args.train_size),
                               ("min_accuracy", args.min_accuracy)) if v is not None}
    if not (given or args.with_training):
        return None
    return {**TINY_TRAINING, **given}


def run(args: argparse.Namespace) -> int:
    secret = args.secret or os.environ.get(SECRET_ENV)
    if args.import_scores:
        results = import_scores(args.course_dir, args.assignment, secret=secret, jobs=args.jobs,
                                sandbox=args.sandbox, lang=choose_lang(args.lang))
        for result in results:
            possible = sum(task["points"] for task in result["tasks"])
            print(f"{result['student']:<20} {result['score']:>6g} / {possible:g}")
        print(f"wrote {len(results)} students' scores into {args.course_dir / 'gradebook.db'}")
        return 0
    if not has_solutions():
        print("dlkit nbgrader needs solutions/ (the instructor's copy of the kit)")
        return 2
    students = [s.strip() for s in args.students.split(",") if s.strip()]
    training = training_settings(args)
    if args.hidden_seed is None and not secret:
        print(f"note: no --secret or ${SECRET_ENV}: the hidden cases use the public default seed "
              f"{course_seed(args.assignment, None)}")
    try:
        notebooks = write_course(args.course_dir, assignment=args.assignment, course_id=args.course_id,
                                 students=students, hidden_seed=args.hidden_seed, secret=secret, training=training,
                                 force=args.force)
    except FileExistsError as exc:
        print(exc)
        return 2
    for path in notebooks:
        print(f"wrote {path}")
    print(f"next: cd {args.course_dir} && nbgrader generate_assignment {args.assignment} (docs/nbgrader.md)")
    return 0
