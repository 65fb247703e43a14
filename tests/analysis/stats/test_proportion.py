"""Clopper-Pearson intervals against closed forms and published values."""

import pytest

from ablacem.analysis.stats.proportion import clopper_pearson, format_proportion


def test_zero_successes_has_closed_form_upper_bound():
    # k = 0: upper = 1 - (alpha/2)^(1/n)
    p = clopper_pearson(0, 10)
    assert p["rate"] == 0
    assert p["ci95"][0] == pytest.approx(0.0, abs=1e-12)
    assert p["ci95"][1] == pytest.approx(1 - 0.025 ** (1 / 10), abs=1e-9)


def test_all_successes_has_closed_form_lower_bound():
    p = clopper_pearson(40, 40)
    assert p["ci95"][0] == pytest.approx(0.025 ** (1 / 40), abs=1e-9)
    assert p["ci95"][1] == pytest.approx(1.0)


def test_five_of_ten_matches_published_interval():
    # Exact 95% CI for 5/10: 0.1871-0.8129 (e.g. R binom.test(5, 10)).
    p = clopper_pearson(5, 10)
    assert p["k"] == 5 and p["n"] == 10 and p["rate"] == 0.5
    assert p["ci95"] == pytest.approx([0.187086, 0.812914], abs=1e-6)


def test_empty_denominator_gives_missing_rate():
    assert clopper_pearson(0, 0) == {"k": 0, "n": 0, "rate": None, "ci95": [None, None]}
    assert format_proportion(clopper_pearson(0, 0)) == "0/0"


def test_invalid_counts_are_refused():
    with pytest.raises(ValueError, match="between 0 and n"):
        clopper_pearson(5, 4)


def test_format():
    assert format_proportion(clopper_pearson(5, 10)) == "5/10 (50.0%, 95% CI 18.7-81.3%)"


def test_the_beta_quantile_limits_equal_scipys_root_search_for_every_k():
    from scipy.stats import binomtest

    for n in (1, 7, 40):
        for k in range(n + 1):
            expected = binomtest(k, n).proportion_ci(confidence_level=0.95, method="exact")
            lo, hi = clopper_pearson(k, n)["ci95"]
            assert abs(lo - expected.low) < 1e-9 and abs(hi - expected.high) < 1e-9, (k, n)
