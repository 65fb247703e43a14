"""Figure: waterfall of each patient's change in worst pain from baseline to 1 month."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ablacem.analysis.model import ReportFigure
from ablacem.protocol import get_timepoint

from ._style import PALETTE, journal_style, new_figure, numeric

#: Above this many patients bars become a filled step outline (thousands of bar patches are slow
#: to draw and unreadable anyway).
MAX_BARS = 400


def vas_change_waterfall(visits: pd.DataFrame, *, timepoint: str = "m1") -> ReportFigure:
    """Per-patient change in worst pain (follow-up minus baseline), sorted from worst to best.

    Parameters
    ----------
    visits : DataFrame
        One row per patient and timepoint with ``patient_id``, ``timepoint``, ``vas_worst``.
    timepoint : str
        Follow-up timepoint compared with baseline (1 month by default).

    Returns
    -------
    ReportFigure
        ``id="vas_waterfall_<timepoint>"``.
    """
    label = get_timepoint(timepoint).label
    wide = (
        visits.assign(y=numeric(visits["vas_worst"]))
        .loc[lambda d: d["timepoint"].isin(["baseline", timepoint])]
        .pivot_table(index="patient_id", columns="timepoint", values="y", aggfunc="first")
    )
    change = (
        (wide[timepoint] - wide["baseline"]).dropna()
        if {"baseline", timepoint} <= set(wide.columns)
        else pd.Series(dtype=float)
    )
    change = np.sort(change.to_numpy())[::-1]
    n = change.size
    x = np.arange(n)
    with journal_style():
        fig = new_figure(6.5, 3.8)
        ax = fig.add_subplot()
        if n <= MAX_BARS:
            worse, better = change > 0, change < 0
            colours = np.where(worse, PALETTE["vermillion"], np.where(better, PALETTE["blue"], PALETTE["grey"]))
            ax.bar(x, change, width=0.85, color=colours, linewidth=0)
        else:
            # Sorted values form runs of equal change: one step per run keeps the outline exact and small.
            starts = np.flatnonzero(np.r_[True, change[1:] != change[:-1]])
            edges = np.r_[starts, n] - 0.5
            level = np.r_[change[starts], change[-1]]
            ax.fill_between(edges, np.maximum(level, 0), 0, step="post", color=PALETTE["vermillion"], linewidth=0)
            ax.fill_between(edges, np.minimum(level, 0), 0, step="post", color=PALETTE["blue"], linewidth=0)
        ax.axhline(0, color=PALETTE["black"], linewidth=0.8)
        ax.axhline(-2, color=PALETTE["grey"], linewidth=0.8, linestyle="--")
        # right of the plotting area, where no bar can hide it
        label_transform = ax.get_yaxis_transform()  # x in axes fractions, y in VAS points
        ax.text(
            1.01, -2, "-2 points", transform=label_transform, va="center", ha="left", fontsize=7, color=PALETTE["grey"]
        )
        ax.set_xlim(-1, max(n, 1))
        ax.set_ylim(-10.5, 10.5)
        ax.set_xticks([])
        ax.set_xlabel(f"Patients, sorted by change (n = {n})")
        ax.set_ylabel(f"Change in worst pain, VAS points\n({label} minus baseline)")
        ax.set_title(f"Change in worst pain from baseline to {label.lower()}, per patient")
    caption = (
        f"Each bar is one patient with a VAS at baseline and at {label.lower()} (n = {n}): blue = less pain, "
        f"vermillion = more pain, grey = no change. The dashed line marks a 2-point decrease, the "
        f"consensus threshold for a partial pain response (Chow et al. 2012), analgesics not considered."
    )
    if n > MAX_BARS:
        caption += " With this many patients the bars are drawn as a filled outline."
    return ReportFigure(
        f"vas_waterfall_{timepoint}", f"Waterfall of VAS change at {label.lower()}", fig, caption, "Pain"
    )
