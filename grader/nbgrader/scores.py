"""nbgrader's gradebook from the kit's isolated grader: the safer way back for the scores.

    dlkit nbgrader COURSE_DIR --import-scores

grades each student's submitted/ notebooks with the batch grader (extracted to exercise
files, sandboxed, judged in this process), then lets nbgrader's own autograde record them
with the kit's verdicts in place of running the notebooks. See docs/nbgrader.md.
"""

from __future__ import annotations

import ast
import json
import shutil
import warnings
from datetime import datetime
from pathlib import Path

from ..model import Task
from ..nbcheck import extract_exercises, locked_cells, notebook_stem
from ..results import submission_json
from ..run import Submission
from ..session import grade_tasks
from .authoring import ASSIGNMENT, db_url


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


def grade_folders(folders: list[Path], tasks: list[Task], hidden_seed: int | None,
                  cascade: bool = False) -> list[dict]:
    """The kit's grader in this process, as grade_class's per-student results: for comparing
    with nbgrader, and for the gradebook when the isolated runner is not there."""
    from ..session import select_tasks

    catalogue = {t.id: t for t in select_tasks()} | {t.id: t for t in tasks}
    results = []
    for folder in folders:
        graded = grade_tasks([t.id for t in tasks], Submission(folder), catalogue, hidden_seed, cascade)
        results.append(submission_json(Path(folder).name, list(graded.values()), hidden_seed=hidden_seed))
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
    from ..tasks import BY_ID

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


def test_cell_setting(course_dir: Path, assignment: str, name: str):
    """A keyword the assignment's test cells pass to check_task (training, cascade), if one does."""
    for notebook in sorted((Path(course_dir) / "source" / assignment).glob("*.ipynb")):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            if "check_task(" in source and f"{name}=" in source:
                call = next(n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call)
                            and getattr(n.func, "id", "") == "check_task")
                return next(ast.literal_eval(k.value) for k in call.keywords if k.arg == name)
    return None


def assignment_training(course_dir: Path, assignment: str) -> dict | None:
    """The training settings the assignment's training test cell was written with, if it has one."""
    return test_cell_setting(course_dir, assignment, "training")


def assignment_cascade(course_dir: Path, assignment: str) -> bool:
    """Whether the course was written with the cascade setting (its test cells say so)."""
    return bool(test_cell_setting(course_dir, assignment, "cascade"))


def import_scores(course_dir: Path, assignment: str = ASSIGNMENT, *, secret: str | None = None,
                  jobs: int | None = None, sandbox: str = "auto", lang: str = "en", work_dir: Path | None = None,
                  progress: bool = True, cascade: bool | None = None) -> list[dict]:
    """Grade nbgrader's submitted/ with the kit's isolated batch grader and write the scores
    into the gradebook; the batch grader's reports land in work_dir (default
    course_dir/dlkit/<assignment>). `cascade`: the scoring setting, by default the one the
    course's test cells were written with."""
    from ..batch import grade_class

    course_dir = Path(course_dir).resolve()
    work_dir = Path(work_dir) if work_dir else course_dir / "dlkit" / assignment
    folders = submitted_to_folders(course_dir, assignment, work_dir / "submissions")
    if not folders:
        raise FileNotFoundError(f"nothing in {course_dir}/submitted/*/{assignment}")
    results = grade_class(folders, work_dir / "results", jobs=jobs, sandbox=sandbox, secret=secret,
                          training=assignment_training(course_dir, assignment), lang=lang, progress=progress,
                          only=gradebook_tasks(course_dir, assignment),
                          cascade=assignment_cascade(course_dir, assignment) if cascade is None else cascade)
    autograde_with_verdicts(course_dir, assignment, results, lang)
    write_scores_to_gradebook(course_dir, assignment, results, lang)
    return results


def gradebook_tasks(course_dir: Path, assignment: str) -> list[str]:
    """The catalogue tasks the assignment grades: its grade cells in nbgrader's gradebook."""
    from nbgrader.api import Gradebook

    from ..tasks import BY_ID

    with Gradebook(db_url(Path(course_dir)), configured_course_id(Path(course_dir))) as gb:
        names = {cell.name for nb in gb.find_assignment(assignment).notebooks for cell in nb.grade_cells}
    return [task_id for task_id in BY_ID if task_id in names]


