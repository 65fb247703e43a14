"""Agreement between two measurements: Bland-Altman limits of agreement, and Cohen's kappa for a 2x2 table."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from scipy import stats

#: The normal quantile of the 95 % limits of agreement (Bland & Altman 1986 use 1.96).
Z_95 = 1.96


@dataclass(frozen=True)
class BlandAltman:
    """Bias and 95 % limits of agreement of ``b - a``.

    Attributes
    ----------
    n : int
        Pairs with both values.
    bias, sd : float
        Mean and standard deviation (n - 1) of the differences.
    lower, upper : float
        Limits of agreement, ``bias -/+ 1.96 sd``.
    bias_ci, lower_ci, upper_ci : tuple of float
        95 % confidence intervals: of the bias with t on n - 1 degrees of freedom and standard
        error ``sd / sqrt(n)``; of each limit with the approximate standard error
        ``sqrt(3 sd² / n)`` (Bland & Altman 1986, section 5).
    """

    n: int
    bias: float
    sd: float
    lower: float
    upper: float
    bias_ci: tuple[float, float]
    lower_ci: tuple[float, float]
    upper_ci: tuple[float, float]

    def to_dict(self) -> dict:
        """JSON-ready."""
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self).items()}


def bland_altman(a, b) -> BlandAltman | None:
    """Bland-Altman comparison of two methods measuring the same quantity.

    Bland JM, Altman DG. Statistical methods for assessing agreement between two methods of
    clinical measurement. Lancet 1986;1(8476):307-310.

    Parameters
    ----------
    a, b : array-like of float
        Paired values (the reference first); pairs with a missing value are left out.

    Returns
    -------
    BlandAltman or None
        None with fewer than two complete pairs.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    keep = ~(np.isnan(a) | np.isnan(b))
    d = b[keep] - a[keep]
    n = int(d.size)
    if n < 2:
        return None
    bias, sd = float(d.mean()), float(d.std(ddof=1))
    t = float(stats.t.ppf(0.975, n - 1))
    se_bias, se_limit = sd / math.sqrt(n), math.sqrt(3 * sd**2 / n)
    lower, upper = bias - Z_95 * sd, bias + Z_95 * sd
    return BlandAltman(
        n=n,
        bias=bias,
        sd=sd,
        lower=lower,
        upper=upper,
        bias_ci=(bias - t * se_bias, bias + t * se_bias),
        lower_ci=(lower - t * se_limit, lower + t * se_limit),
        upper_ci=(upper - t * se_limit, upper + t * se_limit),
    )


@dataclass(frozen=True)
class TwoByTwoAgreement:
    """Agreement of two yes/no ratings of the same cases.

    Attributes
    ----------
    both_yes, first_only, second_only, both_no : int
        The cells of the 2x2 table (first rating x second rating).
    percent_agreement : float
        ``(both_yes + both_no) / n``, 0-100.
    kappa : float or None
        Cohen's kappa; None when chance agreement is 1 (every case in one cell).
    """

    both_yes: int
    first_only: int
    second_only: int
    both_no: int
    percent_agreement: float
    kappa: float | None

    @property
    def n(self) -> int:
        """Cases rated by both."""
        return self.both_yes + self.first_only + self.second_only + self.both_no

    def to_dict(self) -> dict:
        """JSON-ready."""
        return {**asdict(self), "n": self.n}


def two_by_two_agreement(first, second) -> TwoByTwoAgreement | None:
    """Percent agreement and Cohen's kappa of two yes/no ratings.

    Cohen J. A coefficient of agreement for nominal scales. Educ Psychol Meas 1960;20:37-46:
    ``kappa = (p_o - p_e) / (1 - p_e)``, ``p_e`` from the margins.

    Parameters
    ----------
    first, second : array-like of bool (missing allowed)
        Paired ratings; pairs with a missing rating are left out.

    Returns
    -------
    TwoByTwoAgreement or None
        None when no pair is complete.
    """
    pairs = [(bool(x), bool(y)) for x, y in zip(first, second, strict=True) if not _missing(x) and not _missing(y)]
    n = len(pairs)
    if n == 0:
        return None
    yy = sum(x and y for x, y in pairs)
    yn = sum(x and not y for x, y in pairs)
    ny = sum(y and not x for x, y in pairs)
    nn = n - yy - yn - ny
    observed = (yy + nn) / n
    chance = ((yy + yn) * (yy + ny) + (ny + nn) * (yn + nn)) / n**2
    kappa = None if chance == 1 else (observed - chance) / (1 - chance)
    return TwoByTwoAgreement(yy, yn, ny, nn, 100 * observed, kappa)


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
