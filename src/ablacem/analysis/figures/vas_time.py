"""Figure: worst pain (VAS) over time, mean with 95% CI over thin individual trajectories."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection

from ablacem.analysis.model import ReportFigure
from ablacem.protocol import TIMEPOINTS

from ._style import PALETTE, deterministic_sample, journal_style, mean_ci, new_figure, numeric

#: Individual trajectories drawn at most (a deterministic sample beyond that keeps it readable).
MAX_LINES = 200


def vas_over_time(visits: pd.DataFrame, *, value: str = "vas_worst") -> ReportFigure:
    """Mean worst pain per timepoint with its t-based 95% CI, over each patient's trajectory.

    Parameters
    ----------
    visits : DataFrame
        One row per patient and timepoint with ``patient_id``, ``timepoint`` and ``vas_worst``.
    value : str
        Column to plot.

    Returns
    -------
    ReportFigure
        ``id="vas_over_time"``.
    """
    codes = [tp.code for tp in TIMEPOINTS]
    pos = {c: i for i, c in enumerate(codes)}
    v = visits.loc[visits["timepoint"].isin(codes), ["patient_id", "timepoint", value]].copy()
    v["x"] = v["timepoint"].map(pos)
    v["y"] = numeric(v[value])
    v = v.dropna(subset=["y"])
    with journal_style():
        fig = new_figure(6.5, 4.2)
        ax = fig.add_subplot()
        kept, sampled = deterministic_sample(v["patient_id"], MAX_LINES)
        lines = [
            g.sort_values("x")[["x", "y"]].to_numpy()
            for _, g in v[v["patient_id"].isin(kept)].groupby("patient_id", sort=True)
        ]
        ax.add_collection(LineCollection(lines, colors=PALETTE["grey"], linewidths=0.5, alpha=0.35, zorder=1))
        stats = [mean_ci(v.loc[v["timepoint"] == c, "y"]) for c in codes]
        n = np.array([s[0] for s in stats])
        mean = np.array([s[1] for s in stats])
        lo = np.array([s[2] for s in stats])
        hi = np.array([s[3] for s in stats])
        x = np.arange(len(codes))
        ax.fill_between(x, lo, hi, color=PALETTE["blue"], alpha=0.2, linewidth=0, zorder=2, label="95% CI")
        ax.plot(x, mean, "o-", color=PALETTE["blue"], zorder=3, label="Mean")
        ax.set_xticks(x, [f"{tp.label}\n(n = {k})" for tp, k in zip(TIMEPOINTS, n, strict=True)])
        ax.set_xlim(-0.3, len(codes) - 0.7)
        ax.set_ylim(-0.3, 10.3)
        ax.set_yticks(range(0, 11, 2))
        ax.set_xlabel("Timepoint")
        ax.set_ylabel("Worst pain, VAS (0-10 points)")
        ax.set_title("Worst pain at the treated site over time")
        ax.legend(loc="upper right")
    n_patients = v["patient_id"].nunique()
    caption = (
        "Mean worst pain in the last 24 hours (VAS 0-10) with its 95% confidence interval (t distribution) "
        "at each timepoint; thin grey lines are individual patients' observed values. "
        "n = patients with a VAS at the timepoint."
    )
    if sampled:
        caption += (
            f" For readability, individual lines are shown for a deterministic sample of {len(kept)} of "
            f"{n_patients} patients (evenly spaced by study ID); the mean and CI use all patients."
        )
    return ReportFigure("vas_over_time", "Worst pain over time", fig, caption, section="Pain")
