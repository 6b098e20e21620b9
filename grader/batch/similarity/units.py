"""Units: each graded function of a submission, normalised to tokens.

A unit is one function the catalogue grades (`Task.grades`: "gradient.numerical_gradient",
"two_layer_net.TwoLayerNet.gradient"), found in the submission's bytes with `ast` (no code
runs). A stub still raising NotImplementedError is no unit. Module-level functions the stub
file does not define are the student's own helpers: they are inlined where the unit calls
them, so moving code into a helper, under any name, hides nothing.

Normalisation (`tokenize`): comments, docstrings, blank lines and formatting go; NEWLINE,
INDENT, DEDENT become `; { }`; the function's local names (arguments, assignments, loop,
comprehension and lambda targets) become v1, v2, ... in order of first use; the student's
helpers become HELPER; numbers and plain strings are compared by value (1e-4 == 0.0001,
'a' == "a"). Library names, attributes and keyword names stay: np.sum and np.max must not
look alike. Each token keeps the file line it came from, for the page's highlighting.
"""

from __future__ import annotations

import ast
import io
import keyword
import textwrap
import tokenize
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from ...tasks import TASKS

FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


@cache
def graded_units() -> dict[str, str]:
    """Every graded function ("file stem.qualname") -> the task that grades it, in catalogue order."""
    return {name: task.id for task in TASKS for name in task.grades}


def unit_file(unit: str) -> str:
    return unit.split(".", 1)[0] + ".py"


def unit_qualname(unit: str) -> str:
    return unit.split(".", 1)[1]


@dataclass
class Segment:
    """A piece of source shown on the page: the unit itself or an inlined helper."""

    label: str  # "numerical_gradient" or "helper _one_step"
    first_line: int  # 1-based line in the file
    lines: list[str]
    docstring: tuple[int, int] | None = None  # its file lines, folded on the page


@dataclass
class Unit:
    name: str  # "gradient.numerical_gradient"
    tokens: list[str]
    where: list[tuple[int, int]]  # per token: (segment index, 1-based file line)
    segments: list[Segment]
    calls: frozenset[str] = frozenset()  # the other graded functions it calls (units)

    @property
    def task(self) -> str:
        return graded_units().get(self.name, self.name)


def functions_by_qualname(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    out: dict[str, ast.FunctionDef] = {}
    for node in tree.body:
        if isinstance(node, FUNCTIONS):
            out[node.name] = node
        elif isinstance(node, ast.ClassDef):
            out.update({f"{node.name}.{item.name}": item for item in node.body if isinstance(item, FUNCTIONS)})
    return out


def docstring_lines(fn: ast.FunctionDef) -> tuple[int, int] | None:
    first = fn.body[0] if fn.body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        return first.lineno, first.end_lineno or first.lineno
    return None


def body_without_docstring(fn: ast.FunctionDef) -> list[ast.stmt]:
    return list(fn.body[1:] if docstring_lines(fn) else fn.body)


def is_stub(fn: ast.FunctionDef) -> bool:
    """Nothing but `raise NotImplementedError(...)` (and `pass`) after the docstring."""
    body = [s for s in body_without_docstring(fn) if not isinstance(s, ast.Pass)]
    if not body:
        return True
    if len(body) == 1 and isinstance(body[0], ast.Raise) and body[0].exc is not None:
        exc = body[0].exc
        name = exc.func if isinstance(exc, ast.Call) else exc
        return isinstance(name, ast.Name) and name.id == "NotImplementedError"
    return False


def local_names(fn: ast.AST) -> set[str]:
    """Arguments and every name the function (and its lambdas, comprehensions, inner defs) binds."""
    names: set[str] = set()
    for node in ast.walk(fn):
        if isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, FUNCTIONS) and node is not fn:
            names.add(node.name)
    return names


def called_names(fn: ast.AST) -> set[str]:
    """Plain calls by name, and `self.method(...)` calls as 'self.method'."""
    out = set()
    for node in ast.walk(fn):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name):
                out.add(node.func.id)
            elif isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) \
                    and node.func.value.id == "self":
                out.add(f"self.{node.func.attr}")
    return out


def literal(text: str) -> str:
    try:
        return repr(ast.literal_eval(text))
    except (ValueError, SyntaxError, MemoryError, RecursionError, TypeError):
        return text


def canonical_tokens(lines: list[str], fn: ast.FunctionDef, segment: int,
                     helpers: set[str]) -> tuple[list[str], list[tuple[int, int]]]:
    """fn's body (after its docstring) as normalised tokens, with each token's (segment, line).
    lines: the file's lines; fn: the function's node (its line numbers are the file's)."""
    body = body_without_docstring(fn)
    if not body:
        return [], []
    start, end = body[0].lineno, fn.end_lineno or body[-1].end_lineno
    text = textwrap.dedent("".join(lines[start - 1:end]))
    try:
        raw = [tok for tok in tokenize.generate_tokens(io.StringIO(text).readline)
               if tok.type not in (tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER)]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return [], []
    local = local_names(fn)
    renamed: dict[str, str] = {}
    tokens: list[str] = []
    where: list[tuple[int, int]] = []
    depth, prev = 0, ""
    for i, tok in enumerate(raw):
        kind, value = tok.type, tok.string
        if kind == tokenize.NEWLINE:
            value = ";"
        elif kind == tokenize.INDENT:
            value = "{"
        elif kind == tokenize.DEDENT:
            value = "}"
        elif kind == tokenize.NAME and not keyword.iskeyword(value):
            following = raw[i + 1].string if i + 1 < len(raw) else ""
            keyword_argument = depth > 0 and following == "=" and prev in ("(", ",")
            if prev != "." and not keyword_argument:
                if value in local:
                    value = renamed.setdefault(value, f"v{len(renamed) + 1}")
                elif value in helpers:
                    value = "HELPER"
        elif kind == tokenize.NUMBER or (kind == tokenize.STRING and not value.lower().startswith(("f", "rf", "fr"))):
            value = literal(value)
        elif kind == tokenize.OP:
            depth += value in "([{"
            depth -= value in ")]}"
        tokens.append(value)
        where.append((segment, start + tok.start[0] - 1))
        prev = value
    while tokens and tokens[-1] in ("}", ";"):  # trailing dedents say only how deep the function sits
        tokens.pop()
        where.pop()
    return tokens, where


def segment_of(label: str, fn: ast.FunctionDef, lines: list[str]) -> Segment:
    return Segment(label, fn.lineno, lines[fn.lineno - 1:fn.end_lineno], docstring_lines(fn))


def extract_units(files: Mapping[str, bytes], api: Mapping[str, set[str]],
                  units: Iterable[str] | None = None) -> dict[str, Unit]:
    """Each graded function a submission implements, normalised. files: exercise file name ->
    bytes (intake's output); api: file -> the module-level names its stub defines."""
    wanted = [u for u in (units or graded_units()) if u in graded_units()]
    out: dict[str, Unit] = {}
    for filename in sorted({unit_file(u) for u in wanted}):
        data = files.get(filename)
        if data is None:
            continue
        text = data.decode("utf-8", errors="replace")
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue  # the file cannot run either: its tasks fail, and there is nothing to compare
        lines = text.splitlines(keepends=True)
        nodes = functions_by_qualname(tree)
        graded_here = {unit_qualname(u) for u in graded_units() if unit_file(u) == filename}
        helpers = {n for n in nodes if "." not in n and n not in api.get(filename, set()) and n not in graded_here}
        for name in (u for u in wanted if unit_file(u) == filename):
            fn = nodes.get(unit_qualname(name))
            if fn is None or is_stub(fn):
                continue
            unit = file_unit(name, fn, nodes, lines, helpers)
            if unit.tokens:
                out[name] = unit
    return out


def file_unit(name: str, fn: ast.FunctionDef, nodes: dict, lines: list[str], helpers: set[str]) -> Unit:
    """One unit: the function's tokens, then each helper it calls (once, by name order)."""
    segments = [segment_of(unit_qualname(name), fn, lines)]
    tokens, where = canonical_tokens(lines, fn, 0, helpers)
    called = called_names(fn)
    for helper in sorted(called & helpers):
        node = nodes[helper]
        segments.append(segment_of(f"helper {helper}", node, lines))
        index = len(segments) - 1
        more, more_where = canonical_tokens(lines, node, index, helpers)
        edge = (index, node.lineno)
        tokens += [";", "HELPER", "{", *more, "}"]
        where += [edge] * 3 + more_where + [edge]
        called |= called_names(node)
    calls = frozenset(u for c in called if (u := graded_call(c, unit_file(name))) and u != name)
    return Unit(name, tokens, where, segments, calls)


def graded_call(call: str, filename: str) -> str | None:
    """The graded function a call reaches: `self.predict` a method of this file's class, a
    plain name a module-level graded function of any exercise file (imported or not)."""
    for unit in graded_units():
        qualname = unit_qualname(unit)
        if call.startswith("self."):
            if unit_file(unit) == filename and "." in qualname and qualname.split(".")[-1] == call[5:]:
                return unit
        elif qualname == call:
            return unit
    return None


def stub_api(stub_files: Mapping[str, bytes]) -> dict[str, set[str]]:
    """file -> the module-level names the stub defines or imports (not a student's own helper)."""
    out = {}
    for name, data in stub_files.items():
        names = set()
        for node in ast.parse(data.decode("utf-8")).body:
            if isinstance(node, (*FUNCTIONS, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                names.update((a.asname or a.name).split(".")[0] for a in node.names)
            elif isinstance(node, ast.Assign):
                names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        out[name] = names
    return out


def class_units(submissions: Mapping[str, Mapping[str, bytes]], api: Mapping[str, set[str]],
                units: Iterable[str] | None = None) -> dict[str, dict[str, Unit]]:
    """student -> unit name -> Unit, for a whole class."""
    wanted = list(units) if units is not None else None
    return {student: extract_units(files, api, wanted) for student, files in sorted(submissions.items())}
