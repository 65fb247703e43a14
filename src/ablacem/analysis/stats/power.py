"""Power of the paired design (one-sample t-test on the within-patient change)."""

from __future__ import annotations

from statsmodels.stats.power import TTestPower


def paired_power(n: int, delta: float, sd: float, alpha: float = 0.05) -> float:
    """Power of a two-sided paired t-test.

    Computed with ``statsmodels.stats.power.TTestPower`` (noncentral t with n - 1 degrees of
    freedom and noncentrality ``delta / sd * sqrt(n)``; Cohen J, Statistical Power Analysis for
    the Behavioral Sciences, 2nd ed., 1988).

    Parameters
    ----------
    n : int
        Number of pairs.
    delta : float
        Mean change to detect.
    sd : float
        Standard deviation of the change.
    alpha : float
        Two-sided significance level.
    """
    return float(TTestPower().power(effect_size=delta / sd, nobs=n, alpha=alpha, alternative="two-sided"))


def paired_sample_size(power: float, delta: float, sd: float, alpha: float = 0.05) -> float:
    """Number of pairs a two-sided paired t-test needs for ``power`` (not rounded up)."""
    return float(TTestPower().solve_power(effect_size=delta / sd, power=power, alpha=alpha, alternative="two-sided"))
