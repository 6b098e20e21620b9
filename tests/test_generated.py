"""What the kit generates is current: `dlkit freeze --check` finds nothing to regenerate.

The frozen answers, the example class, the practice notebooks and the catalogue's tables in
README.md and docs/tolerances.md are all made by `dlkit freeze` (grader/authoring/); a
change to a task, a case, a solution, a mutant, a student's patch or a notebook's cells
without regenerating fails here, naming the stale files.
"""

from __future__ import annotations

from grader.authoring import Step, regenerate
from grader.authoring.docs import TABLES, with_tables
from grader.cli import main
from grader.kit import KIT


def test_every_generated_file_is_current() -> None:
    assert [str(p.relative_to(KIT)) for p in regenerate(check=True)] == []


def test_check_names_a_stale_file_and_changes_nothing_until_asked(tmp_path) -> None:
    current, stale, gone = tmp_path / "current.txt", tmp_path / "stale.txt", tmp_path / "gone"
    current.write_bytes(b"same")
    stale.write_bytes(b"old")
    gone.mkdir()
    step = Step("test", lambda: {current: b"same", stale: b"new"}, lambda: [p for p in [gone] if p.exists()])
    assert regenerate(check=True, steps=(step,)) == [stale, gone]
    assert stale.read_bytes() == b"old" and gone.is_dir()
    assert regenerate(steps=(step,)) == [stale, gone]
    assert stale.read_bytes() == b"new" and not gone.exists()
    assert regenerate(check=True, steps=(step,)) == []


def test_a_hand_edited_table_is_put_back() -> None:
    readme = (KIT / "README.md").read_text(encoding="utf-8")
    edited = readme.replace("| `sum_squares_error` |", "| `sum_squares_error_renamed` |")
    assert edited != readme
    assert with_tables(edited, TABLES[KIT / "README.md"]) == readme


def test_freeze_check_is_the_command(capsys) -> None:
    assert main(["freeze", "--check"]) == 0
    assert "0 generated file(s) out of date" in capsys.readouterr().out
