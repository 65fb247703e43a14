"""Descriptive statistics and their display formats."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def continuous(values) -> dict:
    """n, mean, SD (n - 1), median and quartiles of the non-missing values.

    Quartiles are R's default (type 7, linear interpolation; Hyndman RJ, Fan Y. Am Stat
    1996;50:361-365), which is also numpy's default. Statistics that need more values than
    there are (SD with n < 2, anything with n = 0) are None.
    """
    x = pd.Series(values, dtype="float64").dropna().to_numpy()
    n = int(x.size)
    if n == 0:
        return {"n": 0, "mean": None, "sd": None, "median": None, "q1": None, "q3": None}
    q1, med, q3 = np.quantile(x, [0.25, 0.5, 0.75])
    return {
        "n": n,
        "mean": float(x.mean()),
        "sd": float(x.std(ddof=1)) if n > 1 else None,
        "median": float(med),
        "q1": float(q1),
        "q3": float(q3),
    }


def mean_ci(mean: float | None, sd: float | None, n: int, alpha: float = 0.05) -> list[float | None]:
    """Two-sided ``1 - alpha`` confidence interval of a mean on the t distribution (n - 1 df).

    ``mean +/- t(1 - alpha/2, n - 1) * sd / sqrt(n)`` (Student 1908; e.g. Altman DG, Practical
    Statistics for Medical Research, 1991, section 8.5); ``[None, None]`` with fewer than two
    values.
    """
    if mean is None or sd is None or n < 2:
        return [None, None]
    from scipy.stats import t

    half = float(t.ppf(1 - alpha / 2, n - 1)) * sd / math.sqrt(n)
    return [mean - half, mean + half]


def _num(x, digits: int) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "NA"
    return f"{x:.{digits}f}"


def mean_sd(s: dict, digits: int = 1) -> str:
    """``mean (SD)`` of a :func:`continuous` result."""
    return "NA" if not s["n"] else f"{_num(s['mean'], digits)} ({_num(s['sd'], digits)})"


def median_iqr(s: dict, digits: int = 1) -> str:
    """``median (Q1-Q3)`` of a :func:`continuous` result."""
    return "NA" if not s["n"] else f"{_num(s['median'], digits)} ({_num(s['q1'], digits)}-{_num(s['q3'], digits)})"


def n_pct(k: int, n: int, digits: int = 1) -> str:
    """``k (pct%)`` of n; ``0`` when n is 0."""
    return f"{int(k)}" if not n else f"{int(k)} ({100 * k / n:.{digits}f}%)"


def p_value(p) -> str:
    """A p-value for display: ``<0.001``, three decimals, or ``NA``."""
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return "NA"
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def number(x, digits: int = 1) -> str:
    """A number with ``digits`` decimals, ``NA`` when missing."""
    return _num(None if x is None else float(x), digits)
