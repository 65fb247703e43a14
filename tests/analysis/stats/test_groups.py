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
