"""A submission from chosen versions: solutions/ (or the stubs of exercises/ filled in with
it) with whole definitions replaced, as a student who typed the lecture's code leaves them."""

from __future__ import annotations

import ast
from pathlib import Path

from grader.authoring.sources import fill_stubs
from grader.kit import EXERCISES, SOLUTIONS
from grader.mutation import replace_definition
from grader.tasks import FILES


def parses(source: str) -> bool:
    try:
        ast.parse(source)
    except SyntaxError:
        return False
    return True


def base_files(base: str) -> dict[str, str]:
    """solutions/ as it is, or exercises/ with every stub filled in from it (docstrings kept)."""
    files = {name: (SOLUTIONS / name).read_text(encoding="utf-8") for name in FILES}
    if base == "exercises-filled":
        files = {name: fill_stubs((EXERCISES / name).read_text(encoding="utf-8"), text) for name, text in files.items()}
    elif base != "solutions":
        raise ValueError(f"unknown base {base!r}")
    return files


def submission_files(code: dict[str, str], base: str = "solutions") -> dict[str, str]:
    """The six files with each qualname's definition replaced by the source given for it; a
    source that does not parse goes in last, so the file fails to import as the student's would."""
    files = base_files(base)
    for qualname, source in sorted(code.items(), key=lambda item: not parses(item[1])):
        stem, name = qualname.split(".", 1)
        files[f"{stem}.py"] = replace_definition(files[f"{stem}.py"], name, source)
    return files


def compose(folder: Path, code: dict[str, str], base: str = "solutions") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in submission_files(code, base).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
