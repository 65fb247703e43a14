"""Figure: Bland-Altman plot of the cement volume measured on CT against the volume injected (issue 15)."""

from __future__ import annotations

import pandas as pd

from ablacem.analysis.model import ReportFigure
from ablacem.analysis.stats.agreement import bland_altman
from ablacem.analysis.tables.ct_agreement import measured_pairs

from ._style import PALETTE, journal_style, new_figure, no_data


def cement_bland_altman(lesions: pd.DataFrame) -> ReportFigure:
    """Difference (measured minus injected) against the mean of the two, with bias and 95 % limits.

    Bland JM, Altman DG. Lancet 1986;1(8476):307-310.

    Parameters
    ----------
    lesions : DataFrame
        The per-lesion analysis frame (``treated``, ``cement_ml``, ``ct_cement_ml``).

    Returns
    -------
    ReportFigure
        ``id="bland_altman_cement"``.
    """
    pairs = measured_pairs(lesions)
    ba = bland_altman(pairs["cement_ml"], pairs["ct_cement_ml"])
    with journal_style():
        fig = new_figure(6.0, 4.0)
        ax = fig.add_subplot()
        if ba is None:
            no_data(fig, ax, "Fewer than two lesions with both volumes")
        else:
            mean = (pairs["cement_ml"] + pairs["ct_cement_ml"]) / 2
            diff = pairs["ct_cement_ml"] - pairs["cement_ml"]
            ax.scatter(mean, diff, s=14, color=PALETTE["blue"], alpha=0.8, linewidths=0)
            ax.axhline(0, color=PALETTE["grey"], linewidth=0.6)
            ax.axhline(ba.bias, color=PALETTE["black"], linewidth=1.0)
            for limit in (ba.lower, ba.upper):
                ax.axhline(limit, color=PALETTE["vermillion"], linewidth=0.9, linestyle="--")
            transform = ax.get_yaxis_transform()
            for value, text in ((ba.bias, "bias"), (ba.lower, "-1.96 SD"), (ba.upper, "+1.96 SD")):
                ax.text(1.01, value, f"{text} {value:.2f}", transform=transform, va="center", fontsize=7)
            ax.set_xlabel("Mean of injected and measured volume, mL")
            ax.set_ylabel("Measured minus injected, mL")
        ax.set_title("Cement volume: measured on CT versus injected")
    n = 0 if ba is None else ba.n
    caption = (
        f"Each point is one treated lesion with both volumes (n = {n}). Solid line: bias (mean difference); "
        "dashed lines: 95% limits of agreement (bias -/+ 1.96 SD), Bland & Altman 1986. The CT volume is a "
        "density-threshold measurement confirmed by the radiologist."
    )
    return ReportFigure("bland_altman_cement", "Bland-Altman plot of cement volume", fig, caption, "Procedure")
