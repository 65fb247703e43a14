"""AnalysisOptions: one declaration of the analysis options, defaults read from the protocol."""

import dataclasses

import pytest

from ablacem.analysis.options import AnalysisOptions
from ablacem.analysis.study import StudyAnalysis
from ablacem.protocol import FOLLOW_UP_DAYS
from ablacem.protocol.study import TARGET_ENROLMENT


def test_defaults_come_from_the_protocol():
    options = AnalysisOptions()
    assert options.power_n == TARGET_ENROLMENT == 40
    assert options.horizon_days == FOLLOW_UP_DAYS == 90
    assert (options.alpha, options.subgroup_min_n, options.power_delta, options.power_sd) == (0.05, 5, 2.0, 3.0)


def test_the_analysis_takes_exactly_the_options_fields():
    analysis = StudyAnalysis(alpha=0.1, horizon_days=60)
    assert analysis.options == AnalysisOptions(alpha=0.1, horizon_days=60)
    with pytest.raises(TypeError, match="horizon"):
        StudyAnalysis(horizon=60)


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"alpha": 0}, "alpha must lie between 0 and 1, got 0"), ({"subgroup_min_n": 0}, "subgroup_min_n")],
)
def test_out_of_range_options_are_refused_by_name(changes, message):
    with pytest.raises(ValueError, match=message):
        AnalysisOptions(**changes)
    with pytest.raises(ValueError, match=message):
        dataclasses.replace(AnalysisOptions(), **changes)
