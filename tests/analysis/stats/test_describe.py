"""Descriptive statistics by hand."""

import math

import pytest

from ablacem.analysis.stats.describe import continuous, mean_ci, mean_sd, median_iqr, n_pct, p_value


def test_continuous_by_hand_with_type7_quartiles():
    s = continuous([4, 1, None, 3, 2])
    assert s["n"] == 4
    assert s["mean"] == 2.5
    assert s["sd"] == pytest.approx(math.sqrt(5 / 3))
    # type 7: position 1 + 0.25 * 3 = 1.75 -> 1.75; 1 + 0.75 * 3 = 3.25 -> 3.25
    assert (s["q1"], s["median"], s["q3"]) == pytest.approx((1.75, 2.5, 3.25))
    assert mean_sd(s) == "2.5 (1.3)"
    assert median_iqr(s) == "2.5 (1.8-3.2)"


def test_single_and_no_value():
    assert continuous([7])["sd"] is None
    assert continuous([])["n"] == 0
    assert mean_sd(continuous([])) == "NA"


def test_formats():
    assert n_pct(3, 12) == "3 (25.0%)"
    assert n_pct(0, 0) == "0"
    assert p_value(0.0004) == "<0.001"
    assert p_value(0.0456) == "0.046"
    assert p_value(None) == "NA"


def test_mean_ci_on_the_t_distribution_by_hand():
    # 1, 2, 3, 4: mean 2.5, SD sqrt(5/3); t(0.975, 3 df) = 3.182446 (printed t tables: 3.182)
    half = 3.182446 * math.sqrt(5 / 3) / 2
    assert mean_ci(2.5, math.sqrt(5 / 3), 4) == pytest.approx([2.5 - half, 2.5 + half], abs=1e-6)
    assert mean_ci(2.5, None, 1) == [None, None]
