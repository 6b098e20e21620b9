"""Hostile and broken submissions for the batch grader's tests, made from copies of solutions/.

Each submission tries one thing: it is the reference solution with a few lines of hostile
code injected at the top of a file or of one function. HOSTILE says what each one does
and which tasks it may cost; every other task must still pass.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import textwrap
import zipfile
from dataclasses import dataclass
from pathlib import Path

from grader.batch.confine import CGROUP_PREFIX, detect
from grader.batch.sandbox import UID_RANGE
from grader.kit import SOLUTIONS
from grader.tasks import FILES


@dataclass(frozen=True)
class Hostile:
    edits: tuple[tuple[str, str, str], ...]  # (file, function name or "top", code)
    affected: frozenset[str]  # the task ids this submission may cost
    bwrap_only: bool = False  # only bubblewrap stops it (see docs/batch.md)


def inject(source: str, where: str, code: str) -> str:
    """Put `code` at the top of the module, or first in function `where`'s body."""
    code = textwrap.dedent(code).strip("\n")
    if where == "top":  # after `from __future__` imports, which must come first
        lines = source.splitlines(keepends=True)
        at = max((i + 1 for i, line in enumerate(lines) if line.startswith("from __future__")), default=0)
        return "".join(lines[:at]) + code + "\n" + "".join(lines[at:])
    lines = source.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.lstrip().startswith(f"def {where}("):
            end = i
            while not lines[end].rstrip().endswith(":"):
                end += 1
            indent = " " * (len(line) - len(line.lstrip()) + 4)
            body = textwrap.indent(code, indent) + "\n"
            return "".join(lines[: end + 1]) + body + "".join(lines[end + 1:])
    raise ValueError(f"no function {where}")


def make_submission(root: Path, name: str, edits=(), files: tuple[str, ...] = FILES) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    for file in files:
        shutil.copy(SOLUTIONS / file, folder / file)
    for file, where, code in edits:
        path = folder / file
        path.write_text(inject(path.read_text(encoding="utf-8"), where, code), encoding="utf-8")
    return folder


FORK_BOMB = """
import os, time
forked = 0
while forked < 5000:
    try:
        pid = os.fork()
    except OSError:
        break
    if pid == 0:
        time.sleep(120)
        os._exit(0)
    forked += 1
raise RuntimeError(f"forked {forked} as uid {os.getuid()}")
"""

READ_SECRETS = """
import os
found = []
for path in {paths!r}:
    try:
        with open(path, "rb") as fh:
            if fh.read(100):
                found.append(path)
    except OSError:
        pass
for folder in {folders!r}:
    try:
        found.extend(os.listdir(folder))
    except OSError:
        pass
if os.environ.get("DLKIT_SECRET"):
    found.append("$DLKIT_SECRET")
for pid in os.listdir("/proc"):
    try:
        with open(f"/proc/{{pid}}/environ", "rb") as fh:
            if b"DLKIT_SECRET" in fh.read():
                found.append(f"/proc/{{pid}}/environ")
    except (OSError, ValueError):
        pass
raise RuntimeError(f"found {{found}}")
"""

SOCKET = """
import socket
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=3).close()
    reached = True
except OSError:
    reached = False
raise RuntimeError(f"reached={{reached}}")
"""

WRITE_OUTSIDE = """
import os
written = []
for path in {paths!r}:
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as fh:
            fh.write("pwned")
        written.append(path)
    except OSError:
        pass
raise RuntimeError(f"written {{written}}")
"""

FAKE_RESULTS = """
import json, pathlib
print("============================= 20 passed in 0.42s ==============================")
print("total                                100 / 100  public 20/20")
for p in ("results.json", "result.json", "../results.json", "../out/results.json",
          "../out/simple_net_predict.npz", "../out/sum_squares_error.npz"):
    try:
        pathlib.Path(p).write_text(json.dumps({"score": 100.0, "tests": []}))
    except OSError:
        pass
"""

RIGGED_OBJECT = """
class Anything(float):
    def __eq__(self, other):
        return True
    __ne__ = lambda self, other: False
return Anything(0.0)
"""

RIGGED_SUBCLASS = """
class Agreeable(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(other), bool)
return np.zeros(()).view(Agreeable)
"""

PATCH_NUMPY = """
import numpy
numpy.allclose = lambda *a, **k: True
numpy.isclose = lambda a, b, *r, **k: numpy.ones(numpy.broadcast(a, b).shape, bool)
numpy.array_equal = lambda *a, **k: True
numpy.testing.assert_allclose = lambda *a, **k: None
"""

# simpleNet's loss calls cross_entropy_error, tangent_line calls numerical_diff
CEE = frozenset({"cross_entropy_error", "simple_net_loss"})
FUNCTIONS = frozenset({"sum_squares_error"}) | CEE
PLOTS = frozenset({"plot_gradient_field", "plot_descent_path", "plot_training"})
SIMPLE_NET = frozenset({"simple_net_predict", "simple_net_loss"})

# a few tasks from every file: what the hostile set is graded on
TASKS = ("sum_squares_error", "cross_entropy_error", "numerical_diff", "tangent_line", "simple_net_predict",
         "simple_net_loss", "two_layer_net_predict", "plot_gradient_field", "plot_descent_path", "plot_training")


def hostile_set(host: dict) -> dict[str, Hostile]:
    """host: paths and the port the sandboxed code must not reach (solutions, answers,
    other students' folders, a listening socket)."""
    return {
        "clean": Hostile((), frozenset()),
        "loop_plain": Hostile((("plots.py", "plot_training", "while True:\n    pass"),), frozenset({"plot_training"})),
        "loop_catch_all": Hostile((("plots.py", "plot_gradient_field", """
            while True:
                try:
                    while True:
                        pass
                except BaseException:
                    pass"""),), frozenset({"plot_gradient_field"})),
        "loop_block_alarm": Hostile((("plots.py", "plot_descent_path", """
            import signal
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            while True:
                pass"""),), frozenset({"plot_descent_path"})),
        "memory_bomb": Hostile((("functions.py", "cross_entropy_error", """
            hog = []
            while True:
                hog.append(np.empty(1 << 22))  # 32 MiB a time, until the limit"""),), CEE),
        "fork_bomb": Hostile((("gradient.py", "tangent_line", FORK_BOMB),), frozenset({"tangent_line"}), True),
        "exit_at_import": Hostile((("plots.py", "top", "import sys\nsys.exit(0)"),), PLOTS),
        "os_exit_at_import": Hostile((("simple_net.py", "top", "import os\nos._exit(0)"),), SIMPLE_NET),
        "exits_in_tasks": Hostile((("gradient.py", "numerical_diff", "import sys\nsys.exit(0)"),
                                   ("gradient.py", "tangent_line", "import os\nos._exit(0)")),
                                  frozenset({"numerical_diff", "tangent_line"})),
        "patched_numpy": Hostile((("functions.py", "top", PATCH_NUMPY), ("functions.py", "sum_squares_error",
                                                                         "return 42.0")),
                                 frozenset({"sum_squares_error"})),
        "rigged_eq": Hostile((("functions.py", "sum_squares_error", RIGGED_OBJECT),
                              ("functions.py", "cross_entropy_error", RIGGED_SUBCLASS)), FUNCTIONS),
        "reads_secrets": Hostile((("functions.py", "sum_squares_error",
                                   READ_SECRETS.format(paths=host["secret_files"], folders=host["secret_folders"])),),
                                 frozenset({"sum_squares_error"}), True),
        "opens_socket": Hostile((("functions.py", "cross_entropy_error", SOCKET.format(port=host["port"])),),
                                CEE, True),
        "writes_outside": Hostile((("gradient.py", "numerical_diff", WRITE_OUTSIDE.format(paths=host["targets"])),),
                                  frozenset({"numerical_diff", "tangent_line"}), True),
        "fake_results": Hostile((("functions.py", "top", FAKE_RESULTS), ("functions.py", "sum_squares_error",
                                                                         "return 42.0")),
                                frozenset({"sum_squares_error"})),
        "floods_output": Hostile((("functions.py", "sum_squares_error", """
            import os
            for _ in range(20):
                print("x" * (1 << 20))
            os.write(1, b"y" * (4 << 20))"""),), frozenset()),
        "syntax_error": Hostile((("simple_net.py", "top", "def broken(:\n    pass"),), SIMPLE_NET),
        "raises_at_import": Hostile((("plots.py", "top", "raise RuntimeError('plots.py refuses to load')"),), PLOTS),
    }


def left_behind(grader_pid: int, uids: set[int] | None = None) -> list[str]:
    """Processes a grader's sandboxes left alive. Where children get cgroups (confine.py) a
    process in one named after that grader; elsewhere any process under one of `uids` or, by
    default, under any sandbox uid (on a machine shared with other graders, theirs count too)."""
    left = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            groups = Path(f"/proc/{pid}/cgroup").read_text()
        except OSError:
            continue
        if detect().bases:
            if f"/{CGROUP_PREFIX}{grader_pid}-" in groups:
                left.append(pid)
        else:
            uid = int(re.search(r"^Uid:\s+(\d+)", status, re.M).group(1))
            if uid in uids if uids is not None else UID_RANGE[0] <= uid < UID_RANGE[1]:
                left.append(pid)
    return left


def zip_slip(path: Path, escape: Path) -> Path:
    """A zip that tries to write outside its target (../, an absolute path, a symlink to the
    solutions) and also holds one honest file, gradient.py."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("../" * 8 + str(escape).lstrip("/"), "print('escaped')\n")
        zf.writestr(str(escape), "print('absolute')\n")
        link = zipfile.ZipInfo("functions.py")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, str(SOLUTIONS / "functions.py"))
        zf.writestr("gradient.py", (SOLUTIONS / "gradient.py").read_text(encoding="utf-8"))
    return path


def make_attack(root: Path, name: str, attack) -> Path:
    """An attack of hostile.attacks as a submission folder."""
    from .attacks import TRAIN_STRING_LISTS

    folder = make_submission(root, name, attack.edits, attack.files or FILES)
    if attack.extra.get("wrap_train"):  # plain student code: the solution's train(), one list made a string
        path = folder / "train.py"
        path.write_text(path.read_text().replace("def train(", "def _solution_train(", 1) + "\n\n"
                        + TRAIN_STRING_LISTS + "\n")
    return folder
