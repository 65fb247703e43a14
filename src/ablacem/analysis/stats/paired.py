"""Paired t-test and the Holm adjustment."""

from __future__ import annotations

import numpy as np
from scipy.stats import ttest_1samp
from statsmodels.stats.multitest import multipletests


def paired_ttest_p(after, before) -> float:
    """Two-sided p-value of the paired t-test of ``after - before`` (incomplete pairs dropped).

    Student's paired t-test via ``scipy.stats.ttest_1samp`` on the differences. NaN with fewer
    than two pairs or when every difference is the same (no variance).
    """
    d = np.asarray(after, dtype="float64") - np.asarray(before, dtype="float64")
    d = d[~np.isnan(d)]
    if d.size < 2 or np.ptp(d) == 0:
        return float("nan")
    return float(ttest_1samp(d, 0.0).pvalue)


def holm(pvalues) -> list[float]:
    """Holm step-down adjusted p-values (Holm S. Scand J Stat 1979;6:65-70).

    Computed with ``statsmodels.stats.multitest.multipletests(method="holm")`` over the
    non-missing p-values; missing ones stay missing and do not count in the family.
    """
    p = np.asarray(pvalues, dtype="float64")
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    if ok.any():
        out[ok] = multipletests(p[ok], method="holm")[1]
    return out.tolist()
