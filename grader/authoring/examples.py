"""The example class (examples/submissions/): each student made from solutions/ and a small patch.

The patches are data in examples/submissions/students.py; a student's folder is the stubs of
exercises/ filled in with the solutions as that student changed them (sources.fill_stubs).
"""

from __future__ import annotations

from pathlib import Path

from ..kit import EXAMPLES, EXERCISES, SOLUTIONS
from ..model import Definition
from ..mutation import apply_edits, edit_files, mutants, replace_definition
from ..tasks import FILES
from .sources import replace_body, reverse_definitions

CLASS = EXAMPLES / "submissions"
SPEC = CLASS / "students.py"


def students(spec: Path = SPEC) -> dict[str, dict]:
    namespace: dict = {}
    exec(compile(spec.read_text(encoding="utf-8"), str(spec), "exec"), namespace)
    return namespace["STUDENTS"]


def definitions(patch: dict) -> list[Definition]:
    """The lecture versions among a student's mistakes: whole functions, put in as typed."""
    return [e for m in patch.get("mistakes", ()) for e in mutants()[m] if isinstance(e, Definition)]


def solution_files(patch: dict) -> dict[str, str]:
    """solutions/ as this student would have written it: the mistakes made as edits (a lecture
    version's whole function goes in after the stubs are filled), the bodies replaced."""
    files = {name: (SOLUTIONS / name).read_text(encoding="utf-8") for name in FILES}
    edits = [m for m in patch.get("mistakes", ()) if not any(isinstance(e, Definition) for e in mutants()[m])]
    made = edit_files(edits, files)  # the catalogued mistakes, made together as the judge makes them
    if made is None:
        raise ValueError(f"the mistakes {', '.join(edits)} do not combine")
    files = made
    for file, old, new in patch.get("edits", ()):
        files[file] = apply_edits(files[file], [(old, new)], f"{file}")
    for qualname, body in patch.get("bodies", {}).items():
        stem, name = qualname.split(".", 1)
        files[f"{stem}.py"] = replace_body(files[f"{stem}.py"], name, body)
    return files


def student_files(patch: dict) -> dict[str, str]:
    """The exercise files this student hands in."""
    from .sources import fill_stubs

    solved = solution_files(patch)
    files = {}
    for name in FILES:
        keep = tuple(q.split(".", 1)[1] for q in patch.get("unfilled", ()) if q.split(".", 1)[0] == name[:-3])
        files[name] = fill_stubs((EXERCISES / name).read_text(encoding="utf-8"), solved[name], keep)
    for d in definitions(patch):
        files[d.file] = replace_definition(files[d.file], d.name, d.source)
    for scope in patch.get("reversed", ()):  # a copier's disguise: the definitions in another order
        stem, _, cls = scope.partition(".")
        files[f"{stem}.py"] = reverse_definitions(files[f"{stem}.py"], cls)
    return files


def render() -> dict[Path, bytes]:
    """Every file of the example class, by path."""
    out = {}
    for student, patch in students().items():
        for name, text in student_files(patch).items():
            out[CLASS / student / name] = text.encode("utf-8")
    return out


def stale_folders() -> list[Path]:
    """Student folders that students.py no longer makes: to be removed."""
    known = set(students())
    return [p for p in sorted(CLASS.iterdir()) if p.is_dir() and p.name.startswith("s") and p.name not in known]
