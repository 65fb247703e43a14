"""Exploratory subgroup tests against hand-computed values."""

import math

import pandas as pd
import pytest

from ablacem.analysis.stats.groups import compare_binary, compare_continuous


def test_mann_whitney_exact_complete_separation():
    # U = 0 with 3 vs 3: 2 of the C(6,3) = 20 orderings are as extreme -> p = 0.1
    out = compare_continuous(pd.Series([1, 2, 3, 4, 5, 6]), pd.Series(list("aaabbb")))
    assert out["test"] == "Mann-Whitney U"
    assert out["p"] == pytest.approx(0.1)


def test_kruskal_wallis_by_hand():
    # H = 12/(6*7) * (3^2/2 + 7^2/2 + 11^2/2) - 3*7 = 4.5714; chi-square 2 df: p = exp(-H/2)
    out = compare_continuous(pd.Series([1, 2, 3, 4, 5, 6]), pd.Series(list("aabbcc")))
    h = 12 / 42 * (9 / 2 + 49 / 2 + 121 / 2) - 21
    assert out["test"] == "Kruskal-Wallis"
    assert out["p"] == pytest.approx(math.exp(-h / 2), rel=1e-9)


def test_fisher_2x2_by_hypergeometric_enumeration():
    # [[3, 1], [1, 3]]: P(a) = C(4,a) C(4,4-a) / C(8,4): 1, 16, 36, 16, 1 over 70; two-sided 34/70
    y = pd.Series([True, True, True, False, True, False, False, False])
    g = pd.Series(list("aaaabbbb"))
    out = compare_binary(y, g)
    assert out["test"] == "Fisher exact"
    assert out["p"] == pytest.approx(34 / 70)


def test_three_groups_use_pearson_chi_square_labelled_as_such():
    # [[2, 0], [0, 2], [1, 1]]: expected 1 in every cell; X2 = 1+1+1+1+0+0 = 4, 2 df: p = exp(-2)
    y = pd.Series([True, True, False, False, True, False])
    g = pd.Series(list("aabbcc"))
    out = compare_binary(y, g)
    assert out["test"] == "Pearson chi-square"
    assert out["p"] == pytest.approx(math.exp(-2))


def test_no_test_when_only_one_group_or_no_variation():
    assert compare_continuous(pd.Series([1.0, 2.0]), pd.Series(["a", "a"]))["p"] is None
    assert compare_binary(pd.Series([True, True]), pd.Series(["a", "b"]))["p"] is None
    out = compare_continuous(pd.Series([1.0, 2.0, None]), pd.Series(["a", "a", "b"]))
    assert out["p"] is None and "b" in out["note"]


def test_freeman_halton_three_groups_by_enumeration():
    # groups of 3 with 3, 1, 0 successes (K = 4 of N = 9): P(x) = C(3,x1) C(3,x2) C(3,x3) / C(9,4).
    # Tables: 6 permutations of (3,1,0) weight 3, 3 of (2,2,0) weight 9, 3 of (2,1,1) weight 27;
    # total 126. Observed weight 3: p = 6 * 3 / 126 = 1/7.
    from ablacem.analysis.stats.groups import freeman_halton_p

    assert freeman_halton_p([[3, 0], [1, 2], [0, 3]]) == pytest.approx(1 / 7)
    # [[2,0],[0,2],[1,1]]: 6 tables of weight 2 and (1,1,1) of weight 8, over 20: p = 12/20
    assert freeman_halton_p([[2, 0], [0, 2], [1, 1]]) == pytest.approx(0.6)
    # two groups: the two-sided 2x2 Fisher test, [[3, 1], [1, 3]] -> 34/70
    assert freeman_halton_p([[3, 1], [1, 3]]) == pytest.approx(34 / 70)


def test_three_groups_exact_when_asked_chi_square_when_too_large():
    y = pd.Series([True, True, False, False, True, False])
    g = pd.Series(list("aabbcc"))
    out = compare_binary(y, g, exact_r_by_2=True)
    assert out["test"] == "Fisher-Freeman-Halton exact"
    assert out["p"] == pytest.approx(0.6)
    # 3 groups of 100: 101^3 tables is more than the enumeration limit -> chi-square, labelled
    big_y = pd.Series(([True] * 50 + [False] * 50) * 3)
    big_g = pd.Series(["a"] * 100 + ["b"] * 100 + ["c"] * 100)
    assert compare_binary(big_y, big_g, exact_r_by_2=True)["test"] == "Pearson chi-square"


def test_mann_whitney_is_exact_below_50_per_group_without_ties_as_r():
    # 10 vs 10 completely separated: exact two-sided p = 2 / C(20, 10) (R wilcox.test: exact
    # because both groups have fewer than 50 values and there are no ties)
    out = compare_continuous(pd.Series(range(20), dtype=float), pd.Series(["a"] * 10 + ["b"] * 10))
    assert out["p"] == pytest.approx(2 / math.comb(20, 10))


def test_mann_whitney_with_ties_uses_the_corrected_normal_approximation():
    # a = 1, 2, 2; b = 2, 3, 4. Ranks: 1 | 3, 3 | 3, 5, 6. W (a) = 1 + 3 + 3 - 6 = 1; E = 4.5.
    # Var = 3*3/12 * (7 - (3^3 - 3) / (6 * 5)) = 0.75 * 6.2 = 4.65; z = (1 - 4.5 + 0.5) / sqrt(4.65)
    out = compare_continuous(pd.Series([1, 2, 2, 2, 3, 4], dtype=float), pd.Series(list("aaabbb")))
    z = (1 - 4.5 + 0.5) / math.sqrt(4.65)
    assert out["p"] == pytest.approx(math.erfc(abs(z) / math.sqrt(2)), rel=1e-9)
