"""Exercise files as text: the stubs found, filled in with the solutions, definitions replaced.

What the instructor's generated files are made of: the nbgrader course's answer cells (a
stub with the solution between nbgrader's markers) and the example class (the stubs filled
in, then each student's own edits).
"""

from __future__ import annotations

import ast
import textwrap

from ..mutation import first_line, functions_of, indent_of

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"


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


def stub_names(source: str) -> list[str]:
    """The qualified names of a file's stubs."""
    return [name for node in ast.parse(source).body for name, _ in stubs_in(node)]


def solution_body(fn: ast.FunctionDef, lines: list[str]) -> list[str]:
    """A solution's body without its docstring, dedented."""
    doc = docstring_end(fn)
    stmts = fn.body[1:] if doc else fn.body
    start = with_comments_above(lines, stmts[0].lineno - 1, doc or fn.lineno)
    return textwrap.dedent("\n".join(lines[start:fn.end_lineno])).splitlines()


def answer_region(stub: ast.FunctionDef, lines: list[str], solution: list[str],
                  markers: bool = True) -> tuple[int, int, list[str]]:
    """What replaces the stub's body (0-based lines [start, end)): with markers, its TODO
    comments and then the solution between nbgrader's markers; without, the solution alone,
    as a student who filled it in would leave it. At the stub's indentation either way."""
    start = docstring_end(stub) or (stub.body[0].lineno - 1)
    pad = indent_of(lines[stub.body[0].lineno - 1])
    body = [pad + line if line.strip() else "" for line in solution]
    if not markers:
        return start, stub.end_lineno, body
    todo = [line for line in lines[start:stub.end_lineno] if line.lstrip().startswith("#")]
    return start, stub.end_lineno, todo + [f"{pad}{BEGIN}", *body, f"{pad}{END}"]


def solutions_of(solution_source: str) -> dict[str, tuple[ast.FunctionDef, list[str]]]:
    lines = solution_source.splitlines()
    return {q: (fn, lines) for q, fn in functions_of(ast.parse(solution_source)).items()}


def answer_source(node: ast.stmt, start: int, lines: list[str], solutions: dict[str, tuple[ast.FunctionDef, list]],
                  markers: bool = True, keep: tuple[str, ...] = ()) -> str:
    """A definition with each stub body replaced by its solution's (the stubs named in
    `keep` stay as they are)."""
    out = lines[start:node.end_lineno]
    for qualname, fn in sorted(stubs_in(node), key=lambda item: -item[1].lineno):
        if qualname in keep:
            continue
        if qualname not in solutions:
            raise ValueError(f"solutions/ has no {qualname} for the stub in exercises/")
        sol_fn, sol_lines = solutions[qualname]
        r0, r1, new = answer_region(fn, lines, solution_body(sol_fn, sol_lines), markers)
        out[r0 - start:r1 - start] = new
    return "\n".join(out)


def fill_stubs(exercise_source: str, solution_source: str, keep: tuple[str, ...] = ()) -> str:
    """An exercise file with its stubs filled in from the solution, docstrings kept: the file
    a student hands in when every TODO is done (but the stubs named in `keep`)."""
    lines = exercise_source.splitlines()
    solutions = solutions_of(solution_source)
    for node in sorted(ast.parse(exercise_source).body, key=lambda n: -n.lineno):
        if stubs_in(node):
            start = first_line(node) - 1
            filled = answer_source(node, start, lines, solutions, markers=False, keep=keep).splitlines()
            lines[start:node.end_lineno] = filled
    return "\n".join(lines) + "\n"


def replace_body(source: str, qualname: str, body: str) -> str:
    """The file with the body of the function or method `qualname` (after its docstring)
    replaced by `body`, dedented text that is indented to the body's place."""
    lines = source.splitlines()
    fn = functions_of(ast.parse(source)).get(qualname)
    if fn is None:
        raise ValueError(f"no {qualname} to replace")
    doc = docstring_end(fn)
    start = doc if doc else fn.body[0].lineno - 1
    pad = indent_of(lines[fn.body[0].lineno - 1])
    lines[start:fn.end_lineno] = textwrap.indent(textwrap.dedent(body).strip("\n"), pad).splitlines()
    return "\n".join(lines) + "\n"


def reverse_definitions(source: str, scope: str = "") -> str:
    """The file with the functions of the module (scope "") or the methods of class `scope` in
    reverse order, each with the comments above it; every other statement stays where it was."""
    tree = ast.parse(source)
    if scope:
        body = next(n.body for n in tree.body if isinstance(n, ast.ClassDef) and n.name == scope)
    else:
        body = tree.body
    lines = source.splitlines()
    functions = [n for n in body if isinstance(n, ast.FunctionDef)]
    spans = [(with_comments_above(lines, first_line(n) - 1, 0), n.end_lineno) for n in functions]
    pieces = [lines[a:b] for a, b in spans]
    for (a, b), piece in sorted(zip(spans, reversed(pieces), strict=True), key=lambda item: -item[0][0]):
        lines[a:b] = piece
    return "\n".join(lines) + "\n"
