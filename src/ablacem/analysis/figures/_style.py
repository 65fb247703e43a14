"""Journal style shared by every figure: fonts, colour-blind-safe palette, small helpers.

The palette is Okabe & Ito's (Color Universal Design, 2008), safe for the common forms of
colour blindness. Figures are drawn on :class:`matplotlib.figure.Figure` objects directly
(no pyplot state), so they are thread-safe and need no ``Agg`` switch; the ``Agg`` canvas is
attached explicitly.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ablacem.analysis.stats.describe import continuous
from ablacem.analysis.stats.describe import mean_ci as describe_mean_ci
from ablacem.protocol import TIMEPOINTS

#: Okabe-Ito colours, in the order figures use them.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#999999",
}
SERIES = [PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "sky", "purple", "black")]

RC = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.linewidth": 0.8,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "lines.linewidth": 1.5,
    "svg.fonttype": "none",  # text stays text in SVG: searchable, small, crisp
    "svg.hashsalt": "ablacem",  # deterministic SVG ids
    "figure.dpi": 100,
}


@contextmanager
def journal_style() -> Iterator[None]:
    """Apply the report's rcParams while drawing (and restore them afterwards)."""
    with matplotlib.rc_context(RC):
        yield


def new_figure(width: float = 6.5, height: float = 4.0) -> Figure:
    """A figure (inches) with an Agg canvas attached, not registered with pyplot."""
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def timepoint_labels() -> dict[str, str]:
    """Display label of each timepoint code, from the protocol."""
    return {tp.code: tp.label for tp in TIMEPOINTS}


def timepoint_order() -> dict[str, int]:
    """Schedule position of each timepoint code, from the protocol."""
    return {tp.code: tp.order for tp in TIMEPOINTS}


def numeric(series: pd.Series) -> pd.Series:
    """A nullable or object series as float64 with NaN for missing."""
    return pd.to_numeric(series, errors="coerce").astype("float64")


def mean_ci(values: pd.Series) -> tuple[int, float, float, float]:
    """n, mean and the t-based 95% CI of the mean of the non-missing values.

    With fewer than two values the CI is NaN (and the mean too when there are none); the
    interval is :func:`ablacem.analysis.stats.describe.mean_ci`, as in the tables.
    """
    s = continuous(numeric(values))
    lo, hi = describe_mean_ci(s["mean"], s["sd"], s["n"])
    return s["n"], *(np.nan if x is None else x for x in (s["mean"], lo, hi))


def deterministic_sample(ids: pd.Series, limit: int) -> tuple[pd.Series, bool]:
    """At most ``limit`` of ``ids``: evenly spaced in sorted order, the same on every run.

    Returns the kept ids and whether a sample was taken.
    """
    ordered = ids.dropna().drop_duplicates().sort_values(kind="mergesort").reset_index(drop=True)
    if len(ordered) <= limit:
        return ordered, False
    idx = np.unique(np.linspace(0, len(ordered) - 1, limit).round().astype(int))
    return ordered.iloc[idx].reset_index(drop=True), True


def no_data(fig: Figure, ax, message: str = "No data to show") -> None:
    """Mark an empty panel clearly instead of drawing empty axes."""
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color=PALETTE["grey"])
    ax.set_xticks([])
    ax.set_yticks([])
