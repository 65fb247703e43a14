"""Kaplan-Meier on the Freireich 6-MP arm and Aalen-Johansen by hand."""

import math

import pytest

from ablacem.analysis.stats.survival import cumulative_incidence, kaplan_meier

# Freireich EJ et al. Blood 1963;21:699-716, 6-MP arm (weeks of remission; 0 = censored).
T = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35]
E = [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]


def test_km_matches_the_textbook_6mp_estimates():
    # Kleinbaum & Klein, Survival Analysis, 3rd ed., table of the 6-MP KM estimates.
    out = kaplan_meier(T, E, horizon=23, at_risk_days=(0, 10, 20))
    surv = dict(zip(out["km"]["time_days"], out["km"]["survival"], strict=True))
    expected = {6: 0.8571, 7: 0.8067, 10: 0.7529, 13: 0.6902, 16: 0.6275, 22: 0.5378, 23: 0.4482}
    for t, s in expected.items():
        assert surv[t] == pytest.approx(s, abs=5e-5)
    # by hand: 18/21 * 16/17 * 14/15 * 11/12 * 10/11 * 6/7 * 5/6
    assert out["at_23_days"] == pytest.approx(18 / 21 * 16 / 17 * 14 / 15 * 11 / 12 * 10 / 11 * 6 / 7 * 5 / 6)
    assert out["at_risk"] == {"day": [0, 10, 20], "n": [21, 15, 8]}
    assert out["median_days"] == 23
    assert out["n"] == 21 and out["events"] == 9


def test_km_greenwood_interval_contains_estimate():
    out = kaplan_meier(T, E, horizon=23)
    lo, hi = out["ci95_at_horizon"]
    assert lo < 0.4482 < hi


def test_km_greenwood_log_log_interval_by_hand():
    # Greenwood: V = sum d / (n (n - d)) over the event times up to week 23; S * sqrt(V) = 0.1346
    # (the textbook standard error). Log-log interval: S ** exp(-+ z sqrt(V) / log S), as R
    # survfit(conf.type = "log-log"): 0.1881 to 0.6801.
    v = 3 / (21 * 18) + 1 / (17 * 16) + 1 / (15 * 14) + 1 / (12 * 11) + 1 / (11 * 10) + 1 / (7 * 6) + 1 / (6 * 5)
    s = 18 / 21 * 16 / 17 * 14 / 15 * 11 / 12 * 10 / 11 * 6 / 7 * 5 / 6
    assert s * math.sqrt(v) == pytest.approx(0.1346, abs=5e-5)
    half_width = 1.959964 * math.sqrt(v) / abs(math.log(s))
    out = kaplan_meier(T, E, horizon=23)
    assert out["ci95_at_horizon"] == pytest.approx([s ** math.exp(half_width), s ** math.exp(-half_width)], abs=1e-6)
    assert out["ci95_at_horizon"] == pytest.approx([0.1881, 0.6801], abs=5e-5)


def test_km_missing_times_are_counted_not_hidden():
    out = kaplan_meier([5, None, 10], [1, 0, 0])
    assert out["n"] == 2 and out["excluded"] == 1
    assert out["at_90_days"] == pytest.approx(0.5)


def test_km_with_no_data():
    out = kaplan_meier([], [])
    assert out["at_90_days"] is None and out["n"] == 0


def test_aalen_johansen_by_hand_with_a_tie_between_event_types():
    # t: 2 (event), 3 (event), 3 (competing), 5 (censored), 6 (event), 7 (censored)
    # t=2: 1/6; t=3: S(3-) = 5/6, at risk 5 -> + (5/6)/5 = 1/6; S = 5/6 * 3/5 = 1/2
    # t=6: at risk 2 -> + 1/2 * 1/2 = 1/4. CIF = 1/6, 1/3, 7/12.
    out = cumulative_incidence([2, 3, 3, 5, 6, 7], [1, 1, 2, 0, 1, 0], horizon=90)
    cif = dict(zip(out["time_days"], out["incidence"], strict=True))
    assert cif[2.0] == pytest.approx(1 / 6)
    assert cif[3.0] == pytest.approx(1 / 3)
    assert cif[6.0] == pytest.approx(7 / 12)
    assert out["at_90_days"] == pytest.approx(7 / 12)
    assert out["events"] == 3 and out["competing"] == 1


def test_aalen_johansen_without_events():
    out = cumulative_incidence([5, 10], [0, 2])
    assert out["at_90_days"] == 0.0 and out["competing"] == 1
