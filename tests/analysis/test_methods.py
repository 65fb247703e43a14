"""The sample-size paragraph: whole patients, checked with the noncentral t by hand."""

import math

from scipy.stats import nct, t

from ablacem.analysis.methods import sample_size_text
from ablacem.analysis.options import AnalysisOptions


def _power(n, delta=2.0, sd=3.0, alpha=0.05):
    df = n - 1
    crit = t.ppf(1 - alpha / 2, df)
    nc = delta / sd * math.sqrt(n)
    return 1 - nct.cdf(crit, df, nc) + nct.cdf(-crit, df, nc)


def test_patients_needed_are_whole_patients_rounded_up():
    # by hand: 19 pairs give less than 80% power and 20 at least 80%; 25 less than 90%, 26 at least
    assert _power(19) < 0.8 <= _power(20)
    assert _power(25) < 0.9 <= _power(26)
    text, numbers = sample_size_text(AnalysisOptions())
    assert "20 and 26 patients would give 80% and 90% power" in text
    assert 19 < numbers["n_for_80_percent"] < 20 and 25 < numbers["n_for_90_percent"] < 26
    assert f"{100 * _power(40):.1f}% power" in text
