"""A `dlkit grade` run killed with SIGKILL halfway loses nothing it had finished, leaves no
half-written file, and once started again writes the same gradebook.csv, byte for byte,
as a run that was never interrupted."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time

from grader.reference import make_mutant

MISTAKES = ("sse_no_half", "sse_no_batch_mean", "ce_no_delta", "diff_forward", "tangent_intercept",
            "grad_no_restore", "gd_wrong_sign", "plot_uphill")
ONLY = "sum_squares_error,cross_entropy_error,numerical_diff,tangent_line,plot_tangent,plot_gradient_field"


def command(subs, out) -> list[str]:
    return [sys.executable, "-m", "grader.cli", "grade", str(subs), "--out", str(out), "--only", ONLY,
            "--jobs", "2", "--no-progress", "--secret", "resume-secret"]


def finished(out) -> list:
    return sorted((out / "students").glob("*/result.json"))


def check_complete(out) -> None:
    """Every file a reader can see is whole: JSON parses, PNGs have their end chunk."""
    for path in (out / "students").rglob("*"):
        if path.is_dir() or path.name.startswith("."):
            continue
        if path.suffix == ".json":
            json.loads(path.read_text())
        elif path.suffix == ".png":
            assert path.read_bytes().endswith(b"IEND\xaeB`\x82"), path


def test_sigkill_halfway_then_resume_gives_the_same_gradebook(tmp_path):
    subs = tmp_path / "submissions"
    for mistake in MISTAKES:
        make_mutant(mistake, subs)
    env = {k: v for k, v in os.environ.items() if k != "DLKIT_SECRET"}

    whole = subprocess.run(command(subs, tmp_path / "whole"), capture_output=True, text=True, env=env, timeout=600)
    assert whole.returncode == 0, whole.stderr

    out = tmp_path / "killed"
    proc = subprocess.Popen(command(subs, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                            start_new_session=True)
    deadline = time.monotonic() + 300
    while len(finished(out)) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done = finished(out)
    assert 2 <= len(done) < len(MISTAKES)  # really halfway
    assert not (out / "gradebook.csv").exists()
    check_complete(out)
    before = {p: p.read_bytes() for p in done}

    resumed = subprocess.run(command(subs, out), capture_output=True, text=True, env=env, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    reused = int(re.search(r"(\d+) reused", resumed.stdout).group(1))
    assert reused >= len(done)
    assert all(p.read_bytes() == data for p, data in before.items())  # finished work was kept as it was
    assert (out / "gradebook.csv").read_bytes() == (tmp_path / "whole" / "gradebook.csv").read_bytes()
    check_complete(out)
    assert not list(out.rglob("*.tmp"))
