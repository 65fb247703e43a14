"""Paired Wilcoxon signed-rank test against hand enumeration and a hand normal approximation."""

import itertools
import math

import numpy as np
import pytest

from ablacem.analysis.stats.wilcoxon import paired_wilcoxon


def _exact_two_sided(n: int, v: float) -> float:
    """Enumerate all 2^n sign assignments of ranks 1..n (no ties) and count |V - mean| >= observed."""
    total = n * (n + 1) / 2
    sums = [sum(c) for r in range(n + 1) for c in itertools.combinations(range(1, n + 1), r)]
    lo = sum(s <= min(v, total - v) for s in sums) / len(sums)
    return min(1.0, 2 * lo)


def _phi_upper(z: float) -> float:
    return 0.5 * math.erfc(z / math.sqrt(2))


def test_exact_small_sample_with_mixed_signs():
    # d = 1, 2, -3, 4, 5: V = 1+2+4+5 = 12; P(V <= 3) = 5/32 (subsets {}, {1}, {2}, {3}, {1,2}).
    r = paired_wilcoxon([1, 2, -3, 4, 5], [0, 0, 0, 0, 0])
    assert r.method == "exact"
    assert r.statistic == 12
    assert r.p == pytest.approx(10 / 32)
    assert r.p == pytest.approx(_exact_two_sided(5, 12))


def test_exact_all_positive():
    r = paired_wilcoxon([3, 5, 7, 9, 11, 13], [1, 2, 3, 4, 5, 6])
    assert r.statistic == 21
    assert r.p == pytest.approx(2 / 64)


def test_exact_enumeration_n8():
    d = np.array([0.5, -1.5, 2.5, 3.5, -4.5, 5.5, 6.5, 7.5])
    r = paired_wilcoxon(d, np.zeros(8))
    v = 1 + 3 + 4 + 6 + 7 + 8
    assert r.statistic == v
    assert r.p == pytest.approx(_exact_two_sided(8, v))


def test_ties_and_zeros_use_normal_approximation_with_continuity_and_tie_correction():
    # d = 0, 1, 1, 2, -2, 3, 3, 3, -4, 5: the zero is dropped (n = 9).
    # Ranks of |d|: 1.5, 1.5, 3.5, 3.5, 6, 6, 6, 8, 9; V = 1.5+1.5+3.5+6+6+6+9 = 33.5.
    # E(V) = 9*10/4 = 22.5; Var = 9*10*19/24 - (6+6+24)/48 = 70.5.
    d = [0, 1, 1, 2, -2, 3, 3, 3, -4, 5]
    r = paired_wilcoxon(d, [0] * 10)
    z = (33.5 - 22.5 - 0.5) / math.sqrt(70.5)
    assert r.method == "normal"
    assert r.n_pairs == 10 and r.n_nonzero == 9
    assert r.statistic == 33.5
    assert r.p == pytest.approx(2 * _phi_upper(z), rel=1e-10)


def test_zero_without_ties_is_not_exact():
    # R: zeros force the normal approximation. d = 0, 1, 2, 3, -4 -> n = 4, V = 6, E = 5, Var = 7.5.
    r = paired_wilcoxon([0, 1, 2, 3, -4], [0] * 5)
    z = (6 - 5 - 0.5) / math.sqrt(7.5)
    assert r.method == "normal"
    assert r.p == pytest.approx(2 * _phi_upper(z), rel=1e-10)


def test_fifty_pairs_switch_to_normal_and_49_stay_exact():
    d = np.arange(1, 51) * np.where(np.arange(1, 51) % 2 == 0, 1, -1)
    r = paired_wilcoxon(d, np.zeros(50))
    v = sum(range(2, 51, 2))
    z = (v - 50 * 51 / 4 - 0.5) / math.sqrt(50 * 51 * 101 / 24)
    assert r.method == "normal"
    assert r.statistic == v
    assert r.p == pytest.approx(2 * _phi_upper(z), rel=1e-9)

    d49 = d[:49]
    r49 = paired_wilcoxon(d49, np.zeros(49))
    v49 = sum(range(2, 50, 2))
    # exact null distribution of V for n = 49 by dynamic programming over the ranks
    counts = np.zeros(49 * 50 // 2 + 1)
    counts[0] = 1
    for k in range(1, 50):
        counts[k:] = counts[k:] + counts[:-k].copy()
    tail = counts[: min(v49, 49 * 50 // 2 - v49) + 1].sum() / 2**49
    assert r49.method == "exact"
    assert r49.p == pytest.approx(min(1.0, 2 * tail), rel=1e-9)


def test_missing_pairs_are_dropped_and_all_zero_gives_no_test():
    r = paired_wilcoxon([1, np.nan, 3], [1, 2, 3])
    assert r.n_pairs == 2 and r.n_nonzero == 0
    assert math.isnan(r.p)


def test_published_r_example_hollander_wolfe_depression():
    # R ?wilcox.test example (Hollander & Wolfe 1973, p. 29): wilcox.test(x, y, paired = TRUE,
    # alternative = "greater") gives V = 40, p = 0.01953 (= 10/512); two-sided twice that.
    x = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
    y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]
    r = paired_wilcoxon(x, y)
    assert r.method == "exact" and r.statistic == 40
    assert r.p == pytest.approx(2 * 10 / 512)
