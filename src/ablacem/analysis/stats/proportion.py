"""Proportions with exact (Clopper-Pearson) confidence intervals."""

from __future__ import annotations

import math

from scipy.stats import binomtest


def clopper_pearson(k: int, n: int, confidence: float = 0.95) -> dict:
    """A proportion with its exact Clopper-Pearson confidence interval.

    Clopper CJ, Pearson ES. Biometrika 1934;26:404-413; computed with
    ``scipy.stats.binomtest(k, n).proportion_ci(method="exact")``.

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
    ci = binomtest(k, n).proportion_ci(confidence_level=confidence, method="exact")
    return {"k": k, "n": n, "rate": k / n, "ci95": [float(ci.low), float(ci.high)]}


def format_proportion(p: dict, digits: int = 1) -> str:
    """``k/n (rate%, 95% CI lo-hi%)`` for a :func:`clopper_pearson` result; ``0/0`` when n is 0."""
    if not p["n"] or p["rate"] is None or math.isnan(p["rate"]):
        return f"{p['k']}/{p['n']}"
    lo, hi = p["ci95"]
    return f"{p['k']}/{p['n']} ({100 * p['rate']:.{digits}f}%, 95% CI {100 * lo:.{digits}f}-{100 * hi:.{digits}f}%)"
