"""Outcomes as files: arrays in an .npz, everything else as JSON inside it.

Read with allow_pickle=False, so a file written by untrusted code can hold nothing but
plain arrays and text.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from .model import ErrorInfo, Outcome

META = "__meta__"


def _flatten(outcomes: dict[str, dict[str, Outcome]]) -> tuple[dict[str, np.ndarray], dict]:
    arrays, index = {}, {}
    for group, cases in outcomes.items():
        index[group] = {}
        for case_id, oc in cases.items():
            entry = {"seconds": oc.seconds, "error": oc.error.to_json() if oc.error else None,
                     "values": sorted(oc.values) if oc.values is not None else None,
                     "artifacts": sorted(oc.artifacts)}
            index[group][case_id] = entry
            for name, arr in (oc.values or {}).items():
                arrays[f"{group}/{case_id}/v/{name}"] = arr
            for name, arr in oc.artifacts.items():
                arrays[f"{group}/{case_id}/a/{name}"] = arr
    return arrays, index


def write_npz(path: Path, arrays: dict[str, np.ndarray], compress: bool = True) -> None:
    """Write arrays to an .npz atomically and byte-reproducibly (fixed entry dates and order).
    compress=False for files that only go from one process to another on this machine."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
            for name in sorted(arrays):
                buf = io.BytesIO()
                np.lib.format.write_array(buf, np.asarray(arrays[name]), allow_pickle=False)
                info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
                zf.writestr(info, buf.getvalue())
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide the file from other users
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_outcomes(path: Path, outcomes: dict[str, dict[str, Outcome]], meta: dict | None = None,
                  compress: bool = True) -> None:
    arrays, index = _flatten(outcomes)
    arrays[META] = np.array(json.dumps({"index": index, **(meta or {})}, sort_keys=True))
    write_npz(path, arrays, compress)


def read_group(data, group: str, cases: dict) -> dict[str, Outcome]:
    """One group's outcomes from an open .npz, by its index entries."""
    out = {}
    for case_id, entry in cases.items():
        err = entry["error"]
        values = None if entry["values"] is None else {n: data[f"{group}/{case_id}/v/{n}"] for n in entry["values"]}
        artifacts = {n: data[f"{group}/{case_id}/a/{n}"] for n in entry.get("artifacts", [])}
        out[case_id] = Outcome(values=values, error=ErrorInfo(**err) if err else None,
                               seconds=float(entry["seconds"]), artifacts=artifacts)
    return out


def load_outcomes(path: Path) -> tuple[dict[str, dict[str, Outcome]], dict]:
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(str(data[META]))
        outcomes = {group: read_group(data, group, cases) for group, cases in meta.pop("index").items()}
    return outcomes, meta
