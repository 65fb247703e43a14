"""Power of the paired design checked with the noncentral t by hand."""

import math

import pytest
from scipy.stats import nct, t

from ablacem.analysis.stats.power import paired_power, paired_sample_size


def _power_by_noncentral_t(n, delta, sd, alpha=0.05):
    df = n - 1
    crit = t.ppf(1 - alpha / 2, df)
    nc = delta / sd * math.sqrt(n)
    return 1 - nct.cdf(crit, df, nc) + nct.cdf(-crit, df, nc)


def test_power_at_40_pairs_for_two_points_with_sd_three():
    p = paired_power(40, 2, 3)
    assert p == pytest.approx(_power_by_noncentral_t(40, 2, 3), abs=1e-6)
    # normal approximation: Phi(2/3*sqrt(40) - 1.96) = Phi(2.256) ~ 0.988
    assert p == pytest.approx(0.5 * math.erfc(-(2 / 3 * math.sqrt(40) - 1.959964) / math.sqrt(2)), abs=0.01)


def test_sample_size_inverts_power():
    n = paired_sample_size(0.8, 2, 3)
    assert _power_by_noncentral_t(n, 2, 3) == pytest.approx(0.8, abs=1e-4)
    assert 19 < n < 21
