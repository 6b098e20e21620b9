"""Every value a submission returned, checked by kind before a comparator or a rule reads it.

Values reach the judge as plain arrays of kind b/i/u/f/U (run.to_data; the batch protocol
checks again), but which kind each output must be is the trusted side's to say: the
reference's outputs where there are some, the task's declared `outputs` where there are none
(training). A missing output, text where numbers are due (or numbers where text is), an
array of the wrong number of dimensions is a Mismatch the report explains — never an
exception in a comparator, a rule or a mistake's detector, which only see what they can read.
"""

from __future__ import annotations

import numpy as np

from .compare import Mismatch
from .messages import text
from .model import Task

NUMERIC = "biuf"


def kind_mismatches(task: Task, got: dict, expected: dict | None) -> list[Mismatch]:
    """What is not of the kind the reference (or the task's declared outputs) says."""
    specs = {name: ("U" if arr.dtype.kind == "U" else NUMERIC, None) for name, arr in (expected or {}).items()}
    specs.update({name: (NUMERIC, ndim) for name, ndim in task.outputs})
    out = []
    for name, (kinds, ndim) in specs.items():
        arr = got.get(name)
        if arr is None:
            out.append(Mismatch(name, "missing"))
        elif type(arr) is not np.ndarray or arr.dtype.kind not in kinds:
            what = str(arr.dtype) if type(arr) is np.ndarray else type(arr).__name__
            out.append(Mismatch(name, "dtype", expected="text" if kinds == "U" else "numbers", got=what,
                                message=text("kind_text" if kinds == "U" else "kind_numbers", got=what)))
        elif ndim is not None and arr.ndim != ndim:
            out.append(Mismatch(name, "shape", expected=f"{ndim}-d", got=arr.shape,
                                message=text("kind_ndim", ndim=ndim, shape=arr.shape)))
    return out
