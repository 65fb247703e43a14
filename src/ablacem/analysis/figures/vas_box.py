"""Figure: box plots of worst pain (VAS) per timepoint."""

from __future__ import annotations

import pandas as pd

from ablacem.analysis.model import ReportFigure
from ablacem.protocol import TIMEPOINTS

from ._style import PALETTE, journal_style, new_figure, numeric


def vas_boxplots(visits: pd.DataFrame) -> ReportFigure:
    """Tukey box plots (median, IQR, whiskers to 1.5 IQR, outliers) of worst pain per timepoint.

    Parameters
    ----------
    visits : DataFrame
        One row per patient and timepoint with ``timepoint`` and ``vas_worst``.

    Returns
    -------
    ReportFigure
        ``id="vas_boxplots"``.
    """
    y = numeric(visits["vas_worst"])
    data, labels = [], []
    for tp in TIMEPOINTS:
        values = y[visits["timepoint"] == tp.code].dropna().to_numpy()
        data.append(values)
        labels.append(f"{tp.label}\n(n = {values.size})")
    with journal_style():
        fig = new_figure(6.5, 4.0)
        ax = fig.add_subplot()
        ax.boxplot(
            data,
            tick_labels=labels,
            widths=0.55,
            patch_artist=True,
            showmeans=True,
            boxprops={"facecolor": PALETTE["sky"], "alpha": 0.6, "edgecolor": PALETTE["black"]},
            medianprops={"color": PALETTE["black"], "linewidth": 1.5},
            meanprops={"marker": "D", "markerfacecolor": PALETTE["vermillion"], "markeredgecolor": "none"},
            flierprops={"marker": "o", "markersize": 3, "markerfacecolor": PALETTE["grey"], "alpha": 0.5},
        )
        ax.set_ylim(-0.3, 10.3)
        ax.set_xlabel("Timepoint")
        ax.set_ylabel("Worst pain, VAS (0-10 points)")
        ax.set_title("Distribution of worst pain per timepoint")
    caption = (
        "Boxes show the median and interquartile range, whiskers extend to the furthest value within "
        "1.5 x IQR, points beyond are shown individually; diamonds are means. n = patients with a VAS."
    )
    return ReportFigure("vas_boxplots", "Worst pain per timepoint (box plots)", fig, caption, section="Pain")
