"""Known mistakes as edits of solutions/: read them, make them, alone or several together.

solutions/mutants/<section>.py says how to make each mistake of a section (MUTANTS: mistake
id -> edits). An edit is (file, text in the reference, replacement), the text occurring
exactly once, or a `Definition`: a whole function or method replaced, for a lecture version
written differently from the reference. A *source* is what the judge compares a submission
with: the reference, one mistake, or several made together ("a+b", the ids sorted): made
together, the definitions go first, then the text edits in either order; mistakes whose
edits do not apply together simply do not combine (`edit_files` returns None). Instructor
side only: without solutions/ there are no mutants to make.
"""

from __future__ import annotations

import ast
import itertools
import shutil
import textwrap
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from .kit import MUTANTS, SOLUTIONS
from .model import REFERENCE, Definition

JOIN = "+"  # between the mistake ids of a source made of several mistakes


def source_key(ids: Iterable[str]) -> str:
    """The name of a source: "reference" for no mistake, else its mistake ids sorted and joined."""
    ids = sorted(set(ids))
    return JOIN.join(ids) if ids else REFERENCE


def source_ids(key: str) -> frozenset[str]:
    return frozenset() if key == REFERENCE else frozenset(key.split(JOIN))


@cache
def mutants() -> dict[str, list]:
    """Every known mistake's edits of solutions/, from the section modules of solutions/mutants/."""
    found: dict[str, list] = {}
    for path in sorted(MUTANTS.glob("*.py")):
        if path.name == "__init__.py":
            continue
        namespace: dict = {}
        exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
        twice = set(found) & set(namespace["MUTANTS"])
        if twice:
            raise ValueError(f"{path.name}: mutants defined twice: {sorted(twice)}")
        found.update(namespace["MUTANTS"])
    return found


# ---------------------------------------------------------------- definitions in a source file


def first_line(node: ast.stmt) -> int:
    decorators = getattr(node, "decorator_list", [])
    return min([node.lineno] + [d.lineno for d in decorators])


def indent_of(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def functions_of(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    """Every top-level function and method, by qualified name (SimpleNet.loss)."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            found[node.name] = node
        elif isinstance(node, ast.ClassDef):
            found.update({f"{node.name}.{fn.name}": fn for fn in node.body if isinstance(fn, ast.FunctionDef)})
    return found


def replace_definition(source: str, qualname: str, new: str) -> str:
    """The file with the function or method `qualname` replaced by `new`, the complete text of
    a def (unindented; it is indented to the method's place)."""
    lines = source.splitlines()
    fn = functions_of(ast.parse(source)).get(qualname)
    if fn is None:
        raise ValueError(f"no {qualname} to replace")
    start = first_line(fn) - 1
    pad = indent_of(lines[fn.lineno - 1])
    lines[start:fn.end_lineno] = textwrap.indent(textwrap.dedent(new).strip("\n"), pad).splitlines()
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- making mistakes


def apply_edits(text: str, edits, what: str) -> str:
    """Each (old, new) edit made once; `old` must occur exactly once."""
    for old, new in edits:
        if text.count(old) != 1:
            raise ValueError(f"{what}: {old!r} occurs {text.count(old)} times")
        text = text.replace(old, new)
    return text


def edit_files(ids: Iterable[str], files: dict[str, str]) -> dict[str, str] | None:
    """`files` (name -> text) with every mistake of `ids` made, or None where they do not
    combine: two definitions of one function, or a text edit that no longer applies."""
    ids = sorted(set(ids))
    table = mutants()
    definitions = [e for i in ids for e in table[i] if isinstance(e, Definition)]
    if len({(d.file, d.name) for d in definitions}) < len(definitions):
        return None
    out = dict(files)
    for d in definitions:
        out[d.file] = replace_definition(out[d.file], d.name, d.source)
    edited = with_text_edits(out, [[e for e in table[i] if not isinstance(e, Definition)] for i in ids])
    if edited is None and len(ids) > 1:
        edited = with_text_edits(out, [[e for e in table[i] if not isinstance(e, Definition)] for i in ids[::-1]])
    return edited


def with_text_edits(files: dict[str, str], groups: list[list[tuple[str, str, str]]]) -> dict[str, str] | None:
    out = dict(files)
    for file, old, new in itertools.chain.from_iterable(groups):
        if out[file].count(old) != 1:
            return None
        out[file] = out[file].replace(old, new)
    return out


def solution_texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SOLUTIONS.glob("*.py"))}


def make_mutant(source: str, out: Path) -> Path | None:
    """Write a copy of solutions/ with the mistakes of `source` ("a" or "a+b") made; return its
    folder, or None when they do not combine. A single mistake's edits must apply."""
    ids = source_ids(source)
    files = edit_files(ids, solution_texts())
    if files is None:
        if len(ids) == 1:
            raise ValueError(f"mutant {source}: its edits do not apply to solutions/")
        return None
    folder = out / source
    shutil.copytree(SOLUTIONS, folder, ignore=shutil.ignore_patterns("__pycache__", MUTANTS.name))
    for name, text in files.items():
        if text != (SOLUTIONS / name).read_text(encoding="utf-8"):
            (folder / name).write_text(text, encoding="utf-8")
    return folder
