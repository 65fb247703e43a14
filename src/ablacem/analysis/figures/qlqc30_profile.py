"""Figure: QLQ-C30 profile, mean change from baseline with 95% CI per scale at each follow-up."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ablacem.analysis.model import ReportFigure
from ablacem.protocol import FOLLOW_UP_CODES, get_timepoint
from ablacem.scoring.qlqc30 import SCALE_CODES, SUMMARY, get_scale, higher_is_better
from ablacem.scoring.qlqc30_change import THRESHOLD

from ._style import SERIES, journal_style, mean_ci, new_figure, numeric


def _scale_label(code: str) -> str:
    return "Summary score" if code == SUMMARY else get_scale(code).label


def _changes(visits: pd.DataFrame, code: str) -> pd.DataFrame:
    """Per-patient change from baseline of one scale: index patient_id, a column per follow-up."""
    wide = (
        visits.assign(y=numeric(visits[code]))
        .pivot_table(index="patient_id", columns="timepoint", values="y", aggfunc="first")
        .reindex(columns=["baseline", *FOLLOW_UP_CODES])
    )
    return wide[list(FOLLOW_UP_CODES)].sub(wide["baseline"], axis=0)


def qlqc30_profile(visits: pd.DataFrame) -> ReportFigure:
    """Mean change from baseline (t-based 95% CI) of the 15 QLQ-C30 scales and the summary score.

    Two panels: scales where higher is better (global health status, functional scales,
    summary score) and symptom scales (higher is worse). Each follow-up timepoint is one
    marker colour; the shaded band is the +/- 10-point meaningful-change threshold.

    Parameters
    ----------
    visits : DataFrame
        One row per patient and timepoint with ``patient_id``, ``timepoint`` and a column per
        scale code (``QL2`` ... ``FI``, ``SUMMARY``) on the 0-100 scale.

    Returns
    -------
    ReportFigure
        ``id="qlqc30_profile"``.
    """
    codes = [c for c in SCALE_CODES if c in visits.columns]
    groups = [[c for c in codes if higher_is_better(c)], [c for c in codes if not higher_is_better(c)]]
    titles = ["Global, functional and summary\n(positive change = better)", "Symptom scales\n(positive change = worse)"]
    offsets = np.linspace(-0.3, 0.3, len(FOLLOW_UP_CODES))
    with journal_style():
        fig = new_figure(7.5, 6.0)
        axes = fig.subplots(1, 2, sharex=True)
        for ax, group, title in zip(axes, groups, titles, strict=True):
            ax.axvspan(-THRESHOLD, THRESHOLD, color="#EEEEEE", zorder=0)
            ax.axvline(0, color="black", linewidth=0.8, zorder=1)
            for row, code in enumerate(group):
                change = _changes(visits, code)
                for k, (tp, dy) in enumerate(zip(FOLLOW_UP_CODES, offsets, strict=True)):
                    _, m, lo, hi = mean_ci(change[tp])
                    if np.isnan(m):
                        continue
                    y = row + dy
                    ax.plot([lo, hi], [y, y], color=SERIES[k], linewidth=1.0, zorder=2)
                    ax.plot(m, y, "o", color=SERIES[k], markersize=3.5, zorder=3)
            ax.set_yticks(range(len(group)), [_scale_label(c) for c in group])
            ax.set_ylim(len(group) - 0.5, -0.5)
            ax.set_title(title)
            ax.set_xlabel("Mean change from baseline (points)")
        handles = [
            axes[0].plot([], [], "o-", color=SERIES[k], label=get_timepoint(tp).label)[0]
            for k, tp in enumerate(FOLLOW_UP_CODES)
        ]
        fig.legend(handles=handles, loc="outside lower center", ncols=len(FOLLOW_UP_CODES))
        fig.suptitle("EORTC QLQ-C30: change from baseline", fontweight="bold")
    caption = (
        "Mean change from baseline with 95% confidence interval (t distribution) in patients with the scale "
        "scored at baseline and at the follow-up, per EORTC QLQ-C30 scale (Scoring Manual, 3rd edition) and "
        f"the summary score (Giesinger et al. 2016). The shaded band marks changes smaller than {THRESHOLD:g} points "
        "(Osoba et al. 1998)."
    )
    return ReportFigure("qlqc30_profile", "QLQ-C30 profile: change from baseline", fig, caption, "Quality of life")
