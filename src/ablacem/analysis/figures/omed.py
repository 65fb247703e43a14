"""Figure: analgesic use (OMED) over time, median with interquartile range."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ablacem.analysis.model import ReportFigure
from ablacem.protocol import TIMEPOINTS

from ._style import PALETTE, journal_style, new_figure, numeric


def omed_over_time(visits: pd.DataFrame) -> ReportFigure:
    """Median oral morphine equivalent daily dose per timepoint with the IQR as error bars.

    Parameters
    ----------
    visits : DataFrame
        One row per patient and timepoint with ``timepoint`` and ``omed`` (mg/day; NaN when
        unknown, e.g. an analgesic that could not be converted).

    Returns
    -------
    ReportFigure
        ``id="omed_over_time"``.
    """
    y = numeric(visits["omed"])
    med, q1, q3, n = [], [], [], []
    for tp in TIMEPOINTS:
        values = y[visits["timepoint"] == tp.code].dropna()
        n.append(values.size)
        med.append(values.median() if values.size else np.nan)
        q1.append(values.quantile(0.25) if values.size else np.nan)
        q3.append(values.quantile(0.75) if values.size else np.nan)
    med, q1, q3 = np.array(med), np.array(q1), np.array(q3)
    x = np.arange(len(TIMEPOINTS))
    with journal_style():
        fig = new_figure(6.5, 4.0)
        ax = fig.add_subplot()
        ax.fill_between(x, q1, q3, color=PALETTE["orange"], alpha=0.25, linewidth=0, label="Interquartile range")
        ax.errorbar(x, med, yerr=[med - q1, q3 - med], fmt="o-", color=PALETTE["orange"], capsize=3, label="Median")
        ax.set_xticks(x, [f"{tp.label}\n(n = {k})" for tp, k in zip(TIMEPOINTS, n, strict=True)])
        ax.set_ylim(bottom=0)
        ax.set_xlabel("Timepoint")
        ax.set_ylabel("OMED (oral morphine mg equivalents per day)")
        ax.set_title("Opioid use over time")
        ax.legend(loc="upper right")
    caption = (
        "Median oral morphine equivalent daily dose (CDC 2022 conversion factors) with interquartile range. "
        "Patients without opioids count as 0; n = patients whose analgesics could all be converted."
    )
    return ReportFigure("omed_over_time", "Opioid use (OMED) over time", fig, caption, section="Analgesics")
