"""Paired Wilcoxon signed-rank test with the defaults of R's ``wilcox.test(paired = TRUE)``."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import rankdata, wilcoxon

#: R uses the exact null distribution below this many non-zero differences.
EXACT_BELOW_N = 50


@dataclass(frozen=True)
class SignedRankResult:
    """Result of :func:`paired_wilcoxon`.

    Attributes
    ----------
    n_pairs : int
        Complete pairs used (before dropping zero differences).
    n_nonzero : int
        Pairs with a non-zero difference (the test's n).
    statistic : float
        R's V: the sum of the ranks of the positive differences (follow-up minus baseline).
    p : float
        Two-sided p-value (NaN when there is no non-zero difference).
    method : str
        ``exact`` or ``normal`` (normal approximation with continuity correction and
        tie-corrected variance).
    """

    n_pairs: int
    n_nonzero: int
    statistic: float
    p: float
    method: str


def paired_wilcoxon(after, before) -> SignedRankResult:
    """Two-sided paired Wilcoxon signed-rank test of ``after - before``.

    Matches R ``wilcox.test(after, before, paired = TRUE)`` with its defaults (R Core Team,
    stats package, R 4.x): pairs with a missing value are dropped, zero differences are
    dropped, the exact null distribution is used when fewer than 50 non-zero differences remain
    and there are neither ties nor zeros, otherwise the normal approximation with continuity
    correction and tie-corrected variance. SciPy's own automatic choice differs from R's, so the
    method is chosen here and passed to ``scipy.stats.wilcoxon`` explicitly.

    Parameters
    ----------
    after, before : array-like
        Paired values (same length).

    Returns
    -------
    SignedRankResult
    """
    after = np.asarray(after, dtype="float64")
    before = np.asarray(before, dtype="float64")
    if after.shape != before.shape:
        raise ValueError("paired_wilcoxon needs two arrays of the same length")
    d = after - before
    d = d[~np.isnan(d)]
    n_pairs = d.size
    has_zeros = bool((d == 0).any())
    d = d[d != 0]
    n = d.size
    if n == 0:
        return SignedRankResult(n_pairs, 0, float("nan"), float("nan"), "none")
    ranks = rankdata(np.abs(d))
    v = float(ranks[d > 0].sum())
    has_ties = np.unique(np.abs(d)).size < n
    exact = n < EXACT_BELOW_N and not has_ties and not has_zeros
    method = "exact" if exact else "approx"
    res = wilcoxon(d, zero_method="wilcox", correction=not exact, method=method, alternative="two-sided")
    return SignedRankResult(n_pairs, n, v, float(min(1.0, res.pvalue)), "exact" if exact else "normal")
