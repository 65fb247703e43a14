"""Paired t-test and Holm adjustment checked by hand."""

import math

import numpy as np
import pytest
from statsmodels.stats.multitest import multipletests

from ablacem.analysis.stats.paired import holm, paired_ttest_p


def test_paired_t_against_closed_form_for_four_degrees_of_freedom():
    # d = 1..5: mean 3, SD sqrt(2.5), t = 3 / (sqrt(2.5)/sqrt(5)) = 4.2426, df = 4.
    # For df = 4, P(|T| < t) = sin(theta) * (1 + cos(theta)^2 / 2) with tan(theta) = t / 2.
    t = 3 / (math.sqrt(2.5) / math.sqrt(5))
    theta = math.atan(t / 2)
    p = 1 - math.sin(theta) * (1 + math.cos(theta) ** 2 / 2)
    assert paired_ttest_p([1, 2, 3, 4, 5], [0, 0, 0, 0, 0]) == pytest.approx(p, rel=1e-9)


def test_paired_t_needs_two_pairs_and_variance():
    assert math.isnan(paired_ttest_p([1], [0]))
    assert math.isnan(paired_ttest_p([2, 3], [1, 2]))


def test_holm_by_hand():
    # sorted: 0.005*4 = 0.02, 0.01*3 = 0.03, 0.03*2 = 0.06, 0.04*1 = 0.04 -> running max 0.06
    assert holm([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.03, 0.06, 0.06, 0.02])


def test_holm_ignores_missing_p_values():
    out = holm([0.01, float("nan"), 0.04])
    assert out[0] == pytest.approx(0.02) and out[2] == pytest.approx(0.04)
    assert math.isnan(out[1])


def test_holm_caps_at_one():
    assert holm([0.6, 0.7]) == pytest.approx([1.0, 1.0])


def test_holm_agrees_with_statsmodels():
    p = np.array([0.2, 0.001, 0.04, 0.04, 0.5, 0.012, 0.03])
    assert holm(p) == pytest.approx(multipletests(p, method="holm")[1].tolist())
