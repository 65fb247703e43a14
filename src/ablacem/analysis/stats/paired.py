"""Paired t-test and the Holm adjustment."""

from __future__ import annotations

import numpy as np
from scipy.stats import ttest_1samp


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

    The same arithmetic as ``statsmodels.stats.multitest.multipletests(method="holm")``
    (sorted p times m, m - 1, ..., 1, running maximum, capped at 1; the tests check the two
    agree), written out because statsmodels runs a full garbage collection on every Holm call,
    which costs about 0.15 s each with pandas loaded and the report makes dozens of calls.
    Missing p-values stay missing and do not count in the family.
    """
    p = np.asarray(pvalues, dtype="float64")
    out = np.full(p.shape, np.nan)
    ok = np.flatnonzero(~np.isnan(p))
    if ok.size:
        order = ok[np.argsort(p[ok], kind="stable")]
        m = order.size
        adjusted = np.maximum.accumulate(p[order] * np.arange(m, 0, -1))
        out[order] = np.minimum(adjusted, 1.0)
    return out.tolist()
