"""Figures as data: what a submission drew on an Axes, read back without pixels."""

from __future__ import annotations

import io
from typing import Any

import numpy as np


def new_axes():
    """A fresh Axes on a headless canvas (no display, no pyplot state)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(5, 4))
    FigureCanvasAgg(fig)
    return fig.add_subplot()


def axes_data(ax) -> dict[str, Any]:
    """Lines as (2, n) arrays, the quiver as (4, n) rows X, Y, U, V, limits, labels, legend."""
    data: dict[str, Any] = {}
    for i, line in enumerate(ax.get_lines()):
        xy = np.vstack([np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)])
        data[f"line{i}"] = xy
    quivers = [c for c in ax.collections if type(c).__name__ == "Quiver"]
    if quivers:
        q = quivers[0]
        data["quiver"] = np.vstack([q.X.ravel(), q.Y.ravel(), np.ravel(q.U), np.ravel(q.V)]).astype(float)
    data["xlim"] = np.array(ax.get_xlim(), float)
    data["ylim"] = np.array(ax.get_ylim(), float)
    data["labels"] = np.array([ax.get_xlabel(), ax.get_ylabel()])
    legend = ax.get_legend()
    data["legend"] = np.array([t.get_text() for t in legend.get_texts()] if legend else [], dtype="U64")
    return data


def png_bytes(ax) -> np.ndarray:
    buf = io.BytesIO()
    ax.figure.savefig(buf, format="png", dpi=72)
    return np.frombuffer(buf.getvalue(), dtype=np.uint8).copy()
