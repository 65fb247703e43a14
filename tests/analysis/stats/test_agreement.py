"""Bland-Altman limits of agreement and Cohen's kappa, against values worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ablacem.analysis.stats.agreement import bland_altman, two_by_two_agreement


def test_bland_altman_matches_the_hand_computation():
    injected = [4.0, 5.0, 3.0, 6.0]
    measured = [3.5, 5.2, 2.6, 5.5]
    # differences -0.5, 0.2, -0.4, -0.5: mean -0.3; squared deviations 0.04 + 0.25 + 0.01 + 0.04 = 0.34
    # SD = sqrt(0.34 / 3) = 0.336650; limits -0.3 -/+ 1.96 x 0.336650 = -0.959834, 0.359834
    # bias 95% CI: t(0.975, 3) = 3.182446; SE 0.336650 / 2 = 0.168325 -> -0.3 -/+ 0.535685
    # limit SE sqrt(3 x 0.113333 / 4) = 0.291548 -> lower limit CI -0.959834 -/+ 0.927836
    ba = bland_altman(injected, measured)
    assert ba.n == 4
    assert ba.bias == pytest.approx(-0.3)
    assert ba.sd == pytest.approx(0.336650, abs=1e-6)
    assert (ba.lower, ba.upper) == pytest.approx((-0.959834, 0.359834), abs=1e-6)
    assert ba.bias_ci == pytest.approx((-0.835685, 0.235685), abs=2e-6)
    assert ba.lower_ci == pytest.approx((-1.887670, -0.031998), abs=2e-6)


def test_bland_altman_leaves_out_incomplete_pairs_and_needs_two():
    assert bland_altman([1.0, None, 2.0, 3.0], [1.5, 2.0, float("nan"), 3.5]).n == 2
    assert bland_altman([1.0], [1.2]) is None


def test_kappa_matches_the_hand_computation():
    # 2x2: both yes 3, reported only 1, measured only 2, both no 14 (n = 20)
    # p_o = 17/20 = 0.85; p_e = (4 x 5 + 16 x 15) / 400 = 0.65; kappa = 0.20 / 0.35 = 0.571429
    reported = [True] * 3 + [True] + [False] * 2 + [False] * 14
    measured = [True] * 3 + [False] + [True] * 2 + [False] * 14
    agreement = two_by_two_agreement(reported, measured)
    assert (agreement.both_yes, agreement.first_only, agreement.second_only, agreement.both_no) == (3, 1, 2, 14)
    assert agreement.percent_agreement == pytest.approx(85.0)
    assert agreement.kappa == pytest.approx(0.571429, abs=1e-6)


def test_kappa_skips_missing_and_is_undefined_when_chance_agreement_is_certain():
    agreement = two_by_two_agreement(pd.array([True, pd.NA, False], dtype="boolean"), [True, True, False])
    assert agreement.n == 2 and agreement.kappa == pytest.approx(1.0)
    all_no = two_by_two_agreement([False, False], [False, False])
    assert all_no.kappa is None and all_no.percent_agreement == 100.0
    assert two_by_two_agreement([None], [True]) is None
    assert not math.isnan(agreement.percent_agreement)
