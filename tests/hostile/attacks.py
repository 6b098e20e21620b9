"""Hostile submissions by the issue's classes, each solutions/ with a few lines injected: what a
student who has read the grader's source would write. tests/test_batch_hostile_classes.py
grades each class next to an honest copy of solutions/.

`Attack.expect` says what the attacked tasks must come out as (never "passed" for a forgery)
and, optionally, words their messages must contain. Injected code runs in the child's work/
folder, so it uses paths relative to it (../out, ../home), under bubblewrap or not.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field


def code(text: str) -> str:
    return textwrap.dedent(text).strip("\n")


# Forge a task's report from an honest run of the same task in this child, changed by
# tweak(outcomes) (a changed outcomes dict, or a function writing the report itself), then
# leave: the parent finds the report and a new child takes the remaining tasks. The guard
# lets the honest run call the very function the code is injected in.
FORGE = code('''
import os as _os, json as _json
_FORGING = []


def _dlkit_forge(task, tweak):
    if _FORGING:
        return
    _FORGING.append(task)
    from pathlib import Path
    from grader.tasks import BY_ID
    from grader.run import Submission, run_task
    from grader.batch.protocol import read_inputs
    from grader.outcomes import save_outcomes
    plan = read_inputs(Path("../in/inputs.npz"))[task]
    outcomes = run_task(BY_ID[task], list(plan.cases), Submission(_os.getcwd()), artifacts=True)
    res = tweak(outcomes)
    out = Path("../out") / f"{task}.npz"
    if callable(res):
        res(out)
    else:
        save_outcomes(out, {task: res if res is not None else outcomes})
    _os._exit(0)


def _dlkit_raw(path, index, arrays, compress=True):
    """A report with any index text and any arrays."""
    import io, zipfile, numpy as _np
    with zipfile.ZipFile(path, "w") as zf:
        for name, arr in {**arrays, "__meta__": _np.array(index)}.items():
            buf = io.BytesIO()
            _np.lib.format.write_array(buf, _np.asarray(arr), allow_pickle=False)
            zf.writestr(zipfile.ZipInfo(name + ".npy"), buf.getvalue(),
                        compress_type=zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED)


def _dlkit_index(task, outcomes, seconds=None):
    return {"index": {task: {cid: {"seconds": oc.seconds if seconds is None else seconds,
                                    "error": oc.error.to_json() if oc.error else None,
                                    "values": sorted(oc.values) if oc.values is not None else None,
                                    "artifacts": sorted(oc.artifacts)} for cid, oc in outcomes.items()}}}


def _dlkit_arrays(task, outcomes):
    arrays = {}
    for cid, oc in outcomes.items():
        arrays.update({f"{task}/{cid}/v/{n}": a for n, a in (oc.values or {}).items()})
        arrays.update({f"{task}/{cid}/a/{n}": a for n, a in oc.artifacts.items()})
    return arrays
''')


def forged(task: str, tweak: str) -> tuple[tuple[str, str, str], ...]:
    """Edits that forge `task`'s report: FORGE at the top of the task's file, `tweak` (code that
    defines tweak(outcomes)) run first in its function."""
    from grader.tasks import BY_ID

    file = BY_ID[task].file
    function = {"train": "train", "two_layer_net_gradient": "gradient"}.get(task, task)
    return ((file, "top", FORGE), (file, function, code(tweak) + f"\n_dlkit_forge({task!r}, tweak)"))


@dataclass(frozen=True)
class Attack:
    edits: tuple[tuple[str, str, str], ...]  # (file, function or "top", code)
    expect: dict[str, set[str]]  # attacked task -> the statuses it may end with
    words: str = ""  # in every error message of the attacked tasks
    not_words: str = ""  # in none of them (a crash put down to a limit nobody measured)
    files: tuple[str, ...] | None = None  # the exercise files it keeps (default: all)
    extra: dict = field(default_factory=dict)


CRASH = {"crash"}
NOT_PASSED = {"failed", "partial"}

# ---------------------------------------------------------------- A. forged grades

FORGED = {
    # the catalogued forward difference, returned narrower than the case: 64 ulps of float16
    # (6e-2) used to be the tolerance, and the mistake passed
    "float16_forward_diff": Attack((("gradient.py", "numerical_diff",
                                     "return np.float16((f(x + H) - f(x)) / H)"),), {"numerical_diff": NOT_PASSED}),
    "float32_forward_diff": Attack((("gradient.py", "numerical_diff",
                                     "return np.float32((f(x + H) - f(x)) / H)"),), {"numerical_diff": {"failed"}}),
    "float16_forward_gradient": Attack((("gradient.py", "numerical_gradient", code("""
        x = np.asarray(x)
        if not np.issubdtype(x.dtype, np.floating):
            raise TypeError("integer input")
        grad, fx = np.zeros(x.shape), f(x)
        for idx in np.ndindex(x.shape):
            tmp = x[idx]
            x[idx] = tmp + H
            grad[idx] = (f(x) - fx) / H  # forward difference: off by ~h
            x[idx] = tmp
        return grad.astype(np.float16)""")),), {"numerical_gradient": NOT_PASSED}),
}

# ---------------------------------------------------------------- B. the report channel

REPORT_CHANNEL = {
    # a FIFO named like the next task's report: the parent's open() used to block for ever
    "fifo_report": Attack((("functions.py", "sum_squares_error", code("""
        import os
        os.mkfifo("../out/cross_entropy_error.npz")
        os._exit(0)""")),), {"cross_entropy_error": CRASH}, "FIFO"),
    # a link to /dev/zero: the parent used to read until the OOM killer came
    "symlink_dev_zero": Attack((("functions.py", "sum_squares_error", code("""
        import os
        os.symlink("/dev/zero", "../out/cross_entropy_error.npz")
        os._exit(0)""")),), {"cross_entropy_error": CRASH}, "symbolic link"),
    # links the parent would follow: into the grader's own folder (its pid is in our mount
    # table), its environment (the secret), the frozen answers the sandbox masks
    "symlink_deputy": Attack((("functions.py", "sum_squares_error", code("""
        import os, re
        mounts = open("/proc/self/mountinfo").read()
        found = re.search(r"dlkit-grade-(\\d+)-", mounts)  # not there when the scratch is a tmpfs
        grader = found.group(1) if found else "1"
        kit = re.search(r" (/\\S+)/grader /\\S+/grader ", mounts).group(1)
        os.symlink(f"/proc/{grader}/environ", "../out/cross_entropy_error.npz")
        os.symlink(f"/proc/{grader}/cwd/out/numerical_diff.npz", "../out/numerical_diff.npz")
        os.symlink(f"{kit}/grader/answers.npz", "../out/tangent_line.npz")
        os._exit(0)""")),), {t: CRASH for t in ("cross_entropy_error", "numerical_diff", "tangent_line")},
        "symbolic link"),
    # a socket, a directory and a hard link named as reports
    "non_regular_reports": Attack((("functions.py", "sum_squares_error", code("""
        import os, socket
        socket.socket(socket.AF_UNIX).bind("../out/cross_entropy_error.npz")
        os.mkdir("../out/numerical_diff.npz")
        open("../home/mine", "w").close()
        os.link("../home/mine", "../out/tangent_line.npz")
        os._exit(0)""")),), {t: CRASH for t in ("cross_entropy_error", "numerical_diff", "tangent_line")},
        "report was refused"),
    # 31 x 4 MiB of "PNG" on a task that draws nothing (deflated to ~125 KB): OUT used to grow by 124 MiB
    "artifact_flood": Attack(forged("sum_squares_error", """
        import numpy as _np
        def tweak(outcomes):
            png = _np.zeros(4 << 20, _np.uint8)
            png[:8] = list(b"\\x89PNG\\r\\n\\x1a\\n")
            next(iter(outcomes.values())).artifacts = {f"big{j}": png for j in range(31)}
            return outcomes"""), {"sum_squares_error": CRASH}, "figures"),
    # on a figure task: one 3 MiB "PNG" per case
    "figure_flood": Attack(forged("plot_tangent", """
        import numpy as _np
        def tweak(outcomes):
            png = _np.zeros(3 << 20, _np.uint8)
            png[:8] = list(b"\\x89PNG\\r\\n\\x1a\\n")
            for oc in outcomes.values():
                oc.artifacts = {"png": png}
            return outcomes"""), {"plot_tangent": CRASH}),
    # a report whose central directory lists 5000 members (each a ZipInfo in the parent)
    "zip_many_members": Attack((("functions.py", "sum_squares_error", code("""
        import os, zipfile
        with zipfile.ZipFile("../out/cross_entropy_error.npz", "w") as zf:
            for i in range(5000):
                zf.writestr(zipfile.ZipInfo(f"m{i}"), b"")
        os._exit(0)""")),), {"cross_entropy_error": CRASH}, "members"),
    # an honest report with the 'encrypted' flag set: zipfile's RuntimeError went uncaught
    "zip_encrypted": Attack(forged("cross_entropy_error", """
        def tweak(outcomes):
            def writer(path):
                _dlkit_raw(path, _json.dumps(_dlkit_index("cross_entropy_error", outcomes)),
                           _dlkit_arrays("cross_entropy_error", outcomes))
                data = bytearray(open(path, "rb").read())
                for sig, at in ((b"PK\\x03\\x04", 6), (b"PK\\x01\\x02", 8)):
                    i = data.find(sig)
                    while i >= 0:
                        data[i + at] |= 1
                        i = data.find(sig, i + 4)
                open(path, "wb").write(bytes(data))
            return writer"""), {"cross_entropy_error": CRASH}, "encrypted"),
    # members with compression method 99: NotImplementedError went uncaught
    "zip_bad_method": Attack(forged("cross_entropy_error", """
        def tweak(outcomes):
            def writer(path):
                _dlkit_raw(path, _json.dumps(_dlkit_index("cross_entropy_error", outcomes)),
                           _dlkit_arrays("cross_entropy_error", outcomes), compress=False)
                data = bytearray(open(path, "rb").read())
                for sig, at in ((b"PK\\x03\\x04", 8), (b"PK\\x01\\x02", 10)):
                    i = data.find(sig)
                    while i >= 0:
                        data[i + at:i + at + 2] = b"\\x63\\x00"
                        i = data.find(sig, i + 4)
                open(path, "wb").write(bytes(data))
            return writer"""), {"cross_entropy_error": CRASH}, "compression method"),
    # seconds = 10**400 (OverflowError) and 1e308 per case (a sum of inf: Infinity in result.json)
    "seconds_huge_int": Attack(forged("sum_squares_error", """
        def tweak(outcomes):
            def writer(path):
                index = _json.dumps(_dlkit_index("sum_squares_error", outcomes, seconds=12345))
                arrays = _dlkit_arrays("sum_squares_error", outcomes)
                _dlkit_raw(path, index.replace("12345", "1" + "0" * 400, 1), arrays)
            return writer"""), {"sum_squares_error": CRASH}, "integer too large"),
    "seconds_1e308": Attack(forged("cross_entropy_error", """
        def tweak(outcomes):
            for oc in outcomes.values():
                oc.seconds = 1e308
            return outcomes"""), {"cross_entropy_error": CRASH}, "bad seconds"),
    # a timeout whose message is not its limit (report.py reads it as the limit)
    "forged_timeout": Attack(forged("numerical_diff", """
        from grader.model import ErrorInfo
        def tweak(outcomes):
            for oc in outcomes.values():
                oc.values, oc.error = None, ErrorInfo("timeout", "", "1e308", "x" * 999)
            return outcomes"""), {"numerical_diff": CRASH}, "timeout says its case's limit"),
}

# ---------------------------------------------------------------- H. crashes put down to what the child says

ATTRIBUTION = {
    "fake_memory_error": Attack((("functions.py", "cross_entropy_error", code("""
        import os, sys
        print("MemoryError: Cannot allocate memory")
        sys.stdout.flush()
        os._exit(3)""")),), {"cross_entropy_error": CRASH}, "exited with code 3", "memory limit"),
    "fake_sigxcpu_exit": Attack((("functions.py", "cross_entropy_error", "import os\nos._exit(128 + 24)"),),
                                {"cross_entropy_error": CRASH}, "status 152", "CPU time limit"),
}

# ---------------------------------------------------------------- C. lasting damage

LASTING = {
    # 1,500 folders deep: rmtree's recursion failed, and the stale scratch failed every later run
    "deep_tree": Attack((("functions.py", "top", code("""
        import os
        _fd = os.open("../home", os.O_RDONLY)
        for _ in range(1500):
            os.mkdir("d", dir_fd=_fd)
            _next = os.open("d", os.O_RDONLY, dir_fd=_fd)
            os.close(_fd)
            _fd = _next
        os.close(_fd)""")),), {}),
    "unreadable_dirs": Attack((("functions.py", "top", code("""
        import os
        for base in ("../home", "../work"):
            os.makedirs(f"{base}/locked/inner", exist_ok=True)
            open(f"{base}/locked/inner/f", "w").write("x")
            os.chmod(f"{base}/locked/inner", 0)
            os.chmod(f"{base}/locked", 0)
        os.chmod("../home", 0o500)""")),), {}),
    "many_files": Attack((("functions.py", "top", code("""
        import os
        os.makedirs("../home/many", exist_ok=True)
        try:
            for i in range(50_000):
                open(f"../home/many/{i}", "w").close()
        except OSError:
            pass""")),), {}),
    # 64 MiB per file is no limit on a folder: 12 x 60 MiB. It says how much it could write,
    # and makes room again for its report (a full scratch only costs its own tasks)
    "fill_disk": Attack((("functions.py", "sum_squares_error", code("""
        import glob, os
        written, why = 0, "no limit"
        try:
            for i in range(12):
                with open(f"../home/fill{i}", "wb") as fh:
                    for _ in range(60):
                        fh.write(b"\\1" * (1 << 20))
                        written += 1
        except OSError as exc:
            why = exc.strerror
        for path in glob.glob("../home/fill*"):
            os.unlink(path)
        raise RuntimeError(f"wrote {written} MiB, then {why}")""")),), {"sum_squares_error": {"error"}}),
}

# without bubblewrap, as root: an immutable folder; a FIFO for the log
UNSANDBOXED = {
    "immutable_scratch": Attack((("functions.py", "top", code("""
        import os, subprocess
        os.makedirs("../home/keep", exist_ok=True)
        open("../home/keep/f", "w").write("x")
        subprocess.run(["chattr", "+i", "../home/keep/f", "../home/keep"], check=False)""")),), {}),
    "fifo_log": Attack((("functions.py", "sum_squares_error", code("""
        import os
        os.unlink("../log.txt")
        os.mkfifo("../log.txt")
        os._exit(0)""")),), {"sum_squares_error": CRASH}),
}

# ---------------------------------------------------------------- D. malformed values

MALFORMED = {
    "string_gradient": Attack((("two_layer_net.py", "gradient",
                                "return {k: np.full(v.shape, 'nan', dtype='U3') for k, v in self.params.items()}"),),
                              {"two_layer_net_gradient": {"failed"}}, "numbers are expected"),
    "shape_games": Attack(forged("two_layer_net_gradient", """
        def tweak(outcomes):
            for oc in outcomes.values():
                oc.values = {k: v.reshape((1,) * 6 + v.shape) for k, v in (oc.values or {}).items()}
            return outcomes"""), {"two_layer_net_gradient": {"failed"}}),
    "train_no_w1": Attack(forged("train", """
        def tweak(outcomes):
            for oc in outcomes.values():
                (oc.values or {}).pop("W1", None)
            return outcomes"""), {"train": {"failed"}}, "W1"),
    # plain student code, nothing forged: a string where a list of losses belongs
    "train_string_lists": Attack((), {"train": {"failed"}}, "numbers are expected", extra={"wrap_train": True}),
    "train_loss_0d": Attack(forged("train", """
        def tweak(outcomes):
            for oc in outcomes.values():
                if oc.values:
                    oc.values["train_loss"] = np.array(1.0)
            return outcomes"""), {"train": {"failed"}}, "dimension"),
    "nan_inf_values": Attack(forged("train", """
        def tweak(outcomes):
            for oc in outcomes.values():
                if oc.values:
                    oc.values["W1"] = np.full(oc.values["W1"].shape, np.nan)
                    oc.values["b2"] = np.full(oc.values["b2"].shape, np.inf)
                    n = len(oc.values["train_loss"])
                    oc.values["train_loss"] = np.array([np.inf, -np.inf] + [np.nan] * (n - 2))
                    oc.values["train_acc"] = np.full(oc.values["train_acc"].shape, 1e308)
            return outcomes"""), {"train": {"failed"}}),
    "plot_string_line": Attack(forged("plot_descent_path", """
        def tweak(outcomes):
            for oc in outcomes.values():
                for k in [k for k in oc.values or {} if k.startswith("line")]:
                    oc.values[k] = np.full(oc.values[k].shape, "x", "U1")
                    oc.values["line9"] = np.full((2, 3), "y", "U1")
            return outcomes"""), {"plot_descent_path": {"failed"}}),
    "dtype_zoo": Attack(forged("cross_entropy_error", """
        def tweak(outcomes):
            def writer(path):
                arrays = _dlkit_arrays("cross_entropy_error", outcomes)
                zoo = [np.array(1 + 2j), np.array(b"x"), np.array([1.0], dtype=np.longdouble),
                       np.array(np.datetime64("2020-01-01")), np.array("1.0" * 2000), np.zeros((), [("a", "f8")])]
                for key, new in zip(sorted(arrays), zoo):
                    arrays[key] = new
                _dlkit_raw(path, _json.dumps(_dlkit_index("cross_entropy_error", outcomes)), arrays)
            return writer"""), {"cross_entropy_error": CRASH}),
    "bool_and_text_answers": Attack((("functions.py", "sum_squares_error", "return np.array(['0.5'])"),
                                     ("gradient.py", "numerical_diff", "return True")),
                                    {"sum_squares_error": {"failed"}, "numerical_diff": {"failed"}}),
}

TRAIN_STRING_LISTS = code('''
def train(*args, **kw):
    result = _solution_train(*args, **kw)
    result.train_loss_list = "2.3"  # list("2.3") is ['2', '.', '3']
    return result
''')

# ---------------------------------------------------------------- G. another checkout on the path

PTH_DELEGATE = code("""
import sys, os, importlib.util
for p in sys.path:
    cand = os.path.join(p, "solutions", "functions.py")
    answers = os.path.join(p, "grader", "answers.npz")
    if os.path.isfile(cand) and os.path.isfile(answers) and os.path.getsize(answers) > 0:
        spec = importlib.util.spec_from_file_location("_stolen", cand)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod.sum_squares_error(y, t)
return 0.0
""")

# ---------------------------------------------------------------- resources shared with the other children

MEMORY_FORK = code("""
import os, time
forks = []
for _ in range({n}):
    pid = os.fork()
    if pid == 0:
        try:
            hog = np.ones({mb} << 17)  # {mb} MiB, touched, in each process
            time.sleep(1)
        finally:
            os._exit(0)
    forks.append(pid)
for pid in forks:
    os.waitpid(pid, 0)
return 0.0
""")

CPU_HOG_SETSID = code("""
import os, signal, time
# busy loops, each in a session of its own (the scheduler's autogroup gives each session a
# share), started by a small shell: at once, not at the pace the child can fork itself
os.posix_spawn("/bin/sh", ["sh", "-c", "for i in $(seq {n}); do setsid sh -c 'while :; do :; done' & done; wait"],
               {{}})
signal.pthread_sigmask(signal.SIG_BLOCK, {{signal.SIGALRM}})
time.sleep(600)
""")

IMPORT_HANG = code("""
import signal, time
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
time.sleep(600)
""")
