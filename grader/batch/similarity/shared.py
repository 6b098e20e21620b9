"""The code the whole class shares, which is no evidence that two students copied.

Every student of the course types the same code: the stubs' given code (exercises/), what
the stubs' hints lead to (solutions/), every catalogued mistake's version of it (the mutants
of solutions/mutants/: the slide's typo, the book's one-hot-only accuracy, and any lecture's
or book's version catalogued there), the book's code kept in the repository
(benchmarks/book_reference.py) and whatever the instructor adds with `--shared-code DIR`
(e.g. a checkout of the book's ch04/ and common/, or the slides' text). Every run of K
normalised tokens of any function of these is boilerplate (all of them, not only the winnowed
ones, as copydetect does with its boilerplate files).

Shared sources are .py files (every function), or text (.md, .txt) whose ``` code blocks hold
functions; slide text may carry line numbers in front and `← notes`, `]]` or `↪` lines after
the code, which are cleaned off; each `def` is read on its own, so a block that does not parse
as a whole (a slide cut off mid-function) still gives what parses.
"""

from __future__ import annotations

import ast
import re
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ...kit import EXERCISES, KIT, SOLUTIONS
from ...tasks import FILES
from .fingerprints import K, kgram_hashes
from .units import FUNCTIONS, canonical_tokens, is_stub

BOOK_IN_REPO = KIT / "benchmarks" / "book_reference.py"
TEXT_SUFFIXES = (".md", ".txt")
CODE_FENCE = re.compile(r"```[^\n]*\n(.*?)```", re.S)
LINE_NUMBER = re.compile(r"^\s*\d{1,3}(?: |$)")
ANNOTATION = re.compile(r"\s*(←|↪|\]\]).*$")


def clean_slide_block(block: str) -> str:
    """Slide code as slide text has it: line numbers in front, `← note` and `]]` after."""
    lines = block.splitlines()
    filled = [line for line in lines if line.strip()]
    numbered = sum(bool(LINE_NUMBER.match(line)) for line in filled)
    if numbered and numbered >= 0.5 * len(filled):
        lines = [LINE_NUMBER.sub("", line, count=1) for line in lines]
    lines = [ANNOTATION.sub("", line).rstrip() for line in lines]
    return "\n".join(line.replace("\\_", "_") for line in lines if not line.lstrip().startswith("↪"))


def longest_parsing_prefix(source: str) -> str | None:
    lines = source.splitlines()
    for cut in range(len(lines), 0, -1):
        text = "\n".join(lines[:cut]) + "\n"
        try:
            ast.parse(text)
        except SyntaxError:
            continue
        return text
    return None


def def_blocks(text: str) -> list[str]:
    """Every `def` of a text that need not parse as a whole, each as its own dedented source."""
    lines = text.splitlines()
    blocks = []
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*)def \w+\s*\(", line)
        if not m:
            continue
        indent, block = len(m.group(1)), [line]
        for nxt in lines[i + 1:]:
            if nxt.strip() and len(nxt) - len(nxt.lstrip()) <= indent:
                break
            block.append(nxt)
        parsed = longest_parsing_prefix(textwrap.dedent("\n".join(block)))
        if parsed:
            blocks.append(parsed)
    return blocks


def functions_in(text: str, is_python: bool) -> list[tuple[list[str], ast.FunctionDef]]:
    """(lines, function node) for every function of a shared source."""
    if is_python:
        try:
            tree = ast.parse(text)
        except SyntaxError:
            pass
        else:
            lines = text.splitlines(keepends=True)
            return [(lines, n) for n in ast.walk(tree) if isinstance(n, FUNCTIONS)]
    blocks = [clean_slide_block(b) for b in CODE_FENCE.findall(text)] if "```" in text else [text]
    out = []
    for source in (s for block in blocks for s in def_blocks(block)):
        lines = source.splitlines(keepends=True)
        out += [(lines, n) for n in ast.walk(ast.parse(source)) if isinstance(n, FUNCTIONS)]
    return out


@dataclass
class SharedCode:
    """Every k-gram hash of the code the whole class shares."""

    k: int
    hashes: set[int]
    sources: list[str] = field(default_factory=list)  # labels, for the page

    @classmethod
    def from_sources(cls, sources: Mapping[str, str], k: int = K) -> SharedCode:
        """sources: label -> text (.py labels are Python; others may hold ``` code blocks)."""
        hashes: set[int] = set()
        for label, text in sorted(sources.items()):
            for lines, fn in functions_in(text, label.endswith(".py")):
                if not is_stub(fn):
                    tokens, _ = canonical_tokens(lines, fn, 0, set())
                    hashes.update(kgram_hashes(tokens, k).tolist())
        return cls(k, hashes, sorted(sources))


def kit_sources() -> dict[str, str]:
    """The kit's shared code: stubs, solutions, each catalogued mistake's files, the book in the repo."""
    from ...mutation import edit_files, mutants

    sources = {f"exercises/{name}": (EXERCISES / name).read_text(encoding="utf-8") for name in FILES}
    if SOLUTIONS.is_dir():
        solved = {name: (SOLUTIONS / name).read_text(encoding="utf-8") for name in FILES}
        sources.update({f"solutions/{name}": text for name, text in solved.items()})
        for mistake in mutants():  # text edits and lecture versions (whole definitions) alike
            edited = edit_files([mistake], solved) or {}
            for file, text in sorted(edited.items()):
                if text != solved[file]:
                    sources[f"solutions/mutants/{mistake}/{file}"] = text
    if BOOK_IN_REPO.is_file():
        sources[BOOK_IN_REPO.relative_to(KIT).as_posix()] = BOOK_IN_REPO.read_text(encoding="utf-8")
    return sources


def folder_sources(paths: Iterable[Path]) -> dict[str, str]:
    """An instructor's --shared-code folders (or files): .py, .md and .txt, read as text."""
    sources = {}
    for path in map(Path, paths):
        if not path.exists():
            raise FileNotFoundError(f"--shared-code {path}: no such file or folder")
        files = sorted(p for p in path.rglob("*") if p.suffix in (".py", *TEXT_SUFFIXES)) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                sources[str(file)] = file.read_text(encoding="utf-8", errors="replace")
    return sources


def shared_code(extra: Iterable[Path] = (), k: int = K) -> SharedCode:
    return SharedCode.from_sources({**kit_sources(), **folder_sources(extra)}, k)
