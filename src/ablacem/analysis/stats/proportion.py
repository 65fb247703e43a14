"""Proportions with exact (Clopper-Pearson) confidence intervals."""

from __future__ import annotations

import math

from scipy.stats import beta


def clopper_pearson(k: int, n: int, confidence: float = 0.95) -> dict:
    """A proportion with its exact Clopper-Pearson confidence interval.

    Clopper CJ, Pearson ES. Biometrika 1934;26:404-413. The limits are the beta quantiles
    ``Beta(a/2; k, n-k+1)`` and ``Beta(1-a/2; k+1, n-k)`` (0 and 1 at k=0 and k=n), the closed form
    of the interval that ``scipy.stats.binomtest(...).proportion_ci(method="exact")`` finds by root
    search: the same numbers, without the root search (the report computes dozens of them).

    Parameters
    ----------
    k : int
        Number of successes.
    n : int
        Number of trials; 0 gives a rate and interval of None.
    confidence : float
        Confidence level.

    Returns
    -------
    dict
        ``{"k", "n", "rate", "ci95": [lo, hi]}`` (the key is ``ci95`` whatever the level, as
        the results schema names it).
    """
    k, n = int(k), int(n)
    if n <= 0:
        return {"k": k, "n": n, "rate": None, "ci95": [None, None]}
    if not 0 <= k <= n:
        raise ValueError(f"successes k={k} must lie between 0 and n={n}")
    tail = (1 - confidence) / 2
    low = 0.0 if k == 0 else float(beta.ppf(tail, k, n - k + 1))
    high = 1.0 if k == n else float(beta.ppf(1 - tail, k + 1, n - k))
    return {"k": k, "n": n, "rate": k / n, "ci95": [low, high]}


def format_proportion(p: dict, digits: int = 1) -> str:
    """``k/n (rate%, 95% CI lo-hi%)`` for a :func:`clopper_pearson` result; ``0/0`` when n is 0."""
    if not p["n"] or p["rate"] is None or math.isnan(p["rate"]):
        return f"{p['k']}/{p['n']}"
    lo, hi = p["ci95"]
    return f"{p['k']}/{p['n']} ({100 * p['rate']:.{digits}f}%, 95% CI {100 * lo:.{digits}f}-{100 * hi:.{digits}f}%)"
