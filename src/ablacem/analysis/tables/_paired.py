"""Per-timepoint description and paired comparison with baseline, shared by VAS, OMED and QLQ-C30."""

from __future__ import annotations

import pandas as pd

from ablacem.analysis.stats.describe import continuous
from ablacem.analysis.stats.paired import holm, paired_ttest_p
from ablacem.analysis.stats.wilcoxon import paired_wilcoxon

from ._common import FOLLOW_UPS, TIMEPOINTS


def by_timepoint(w: pd.DataFrame, *, ttest: bool = True) -> dict:
    """Describe each timepoint and compare each follow-up with baseline (complete pairs).

    Parameters
    ----------
    w : DataFrame
        One row per patient, one column per timepoint.
    ttest : bool
        Add the paired t-test p-value (sensitivity analysis).

    Returns
    -------
    dict
        ``{tp: {"n", "mean", "sd", "median", "q1", "q3"}}`` plus, at follow-ups, ``n_pairs``,
        ``change_mean``, ``change_sd``, ``change_median``, ``wilcoxon_p``, ``wilcoxon_method``,
        ``wilcoxon_p_holm`` (Holm across the four follow-ups) and ``ttest_p``.
    """
    out: dict = {}
    base = w["baseline"] if "baseline" in w else pd.Series(dtype="float64")
    for tp in TIMEPOINTS:
        col = w[tp].astype("float64") if tp in w else pd.Series(dtype="float64")
        out[tp] = continuous(col)
        if tp == "baseline":
            continue
        pairs = pd.DataFrame({"b": base.astype("float64"), "f": col}).dropna()
        change = continuous(pairs["f"] - pairs["b"])
        test = paired_wilcoxon(pairs["f"], pairs["b"])
        out[tp].update(
            {
                "n_pairs": len(pairs),
                "change_mean": change["mean"],
                "change_sd": change["sd"],
                "change_median": change["median"],
                "wilcoxon_p": None if test.method == "none" else test.p,
                "wilcoxon_method": test.method,
            }
        )
        if ttest:
            p = paired_ttest_p(pairs["f"], pairs["b"])
            out[tp]["ttest_p"] = None if p != p else p
    adjusted = holm([out[tp]["wilcoxon_p"] if out[tp]["wilcoxon_p"] is not None else float("nan") for tp in FOLLOW_UPS])
    for tp, p in zip(FOLLOW_UPS, adjusted, strict=True):
        out[tp]["wilcoxon_p_holm"] = None if p != p else p
    return out
