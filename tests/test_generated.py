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
from grader.kit import FROZEN, KIT
from grader.model import ErrorInfo, ErrorKind, Outcome
from grader.outcomes import load_outcomes, save_outcomes
from grader.reference import changed_answers


def test_every_generated_file_is_current() -> None:
    changes: list[str] = []
    assert [str(p.relative_to(KIT)) for p in regenerate(check=True, report=changes.append)] == [], changes


def test_check_names_the_answers_that_differ(tmp_path) -> None:
    """A stale answers.npz is told entry by entry (task|source|case), not as a bare file."""
    current = FROZEN.read_bytes()
    outcomes, meta = load_outcomes(FROZEN)
    group = next(iter(outcomes))
    case = next(iter(outcomes[group]))
    outcomes[group][case] = Outcome(error=ErrorInfo(ErrorKind.EXCEPTION, "ValueError", "changed"))
    save_outcomes(tmp_path / "old.npz", outcomes, meta=meta)
    changed = changed_answers(tmp_path / "old.npz", current)  # and the sources that store it as the same
    assert f"{group}|{case}" in changed and all(key.endswith(f"|{case}") for key in changed), changed
    assert changed_answers(FROZEN, current) == []
    assert changed_answers(tmp_path / "missing.npz", current)[-1] == "meta"


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
