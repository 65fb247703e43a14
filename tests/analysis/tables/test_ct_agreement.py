"""Injected versus CT-measured cement (Bland-Altman) and leakage agreement, on the tiny cohort, by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from ablacem.analysis.figures import optional_figures
from ablacem.analysis.figures.bland_altman import cement_bland_altman
from ablacem.analysis.render.figure_files import svg_text
from ablacem.analysis.study import StudyAnalysis
from tests.analysis.conftest import build_tiny

#: lesion -> (measured volume, measured leakage) on its post-procedure CT; L05 not measured.
MEASURED = {"L01": (3.5, False), "L02": (5.2, False), "L03": (7.6, True), "L04": (2.6, True)}


def measured_tiny():
    ds = build_tiny()
    imaging = ds["imaging"].copy()
    post = imaging["timepoint"].eq("post")
    imaging["ct_cement_ml"] = imaging["lesion_id"].map({k: v for k, (v, _) in MEASURED.items()}).where(post)
    leak = imaging["lesion_id"].map({k: leak for k, (_, leak) in MEASURED.items()})
    imaging["ct_leakage"] = pd.Series(leak, dtype="boolean").where(post, pd.NA)
    ds["imaging"] = imaging
    return ds


def test_section_with_hand_computed_bias_limits_and_kappa():
    analysis = StudyAnalysis().fit(measured_tiny())
    result = analysis.results_["ct_agreement"]
    # injected 4.0, 5.0, 8.0, 3.0; measured 3.5, 5.2, 7.6, 2.6: differences -0.5, 0.2, -0.4, -0.4
    # bias -1.1 / 4 = -0.275; squared deviations 0.050625 + 0.225625 + 0.015625 + 0.015625 = 0.3075
    # SD = sqrt(0.3075 / 3) = 0.320156; limits -0.275 -/+ 0.627506 = -0.902506, 0.352506
    ba = result["bland_altman"]
    assert ba["n"] == 4
    assert ba["bias"] == pytest.approx(-0.275)
    assert ba["sd"] == pytest.approx(0.320156, abs=1e-6)
    assert (ba["lower"], ba["upper"]) == pytest.approx((-0.902506, 0.352506), abs=1e-6)
    # leakage reported x measured: L03 yes/yes, L04 no/yes, L01 and L02 no/no
    # p_o = 3/4; p_e = (1 x 2 + 3 x 2) / 16 = 0.5; kappa = 0.25 / 0.5 = 0.5
    leak = result["leakage"]
    assert (leak["both_yes"], leak["first_only"], leak["second_only"], leak["both_no"]) == (1, 0, 1, 2)
    assert leak["percent_agreement"] == pytest.approx(75.0)
    assert leak["kappa"] == pytest.approx(0.5)
    table = next(t for t in analysis.tables_ if t.id == "ct_agreement")
    cells = dict(zip(table.frame["Measure"], table.frame["Value"], strict=True))
    assert cells["Bias (measured minus injected), mL (95% CI)"].startswith("-0.28 (")
    assert cells["95% limits of agreement, mL"] == "-0.90 to 0.35"
    assert cells["Cohen's kappa"] == "0.50" and cells["Percent agreement"] == "75.0%"


def test_no_section_and_no_figure_without_measured_data():
    analysis = StudyAnalysis().fit(build_tiny())
    assert "ct_agreement" not in analysis.results_
    assert "ct_agreement" not in [t.id for t in analysis.tables_]
    assert optional_figures(analysis.derived_) == []


def test_bland_altman_figure_draws_the_bias_and_limits():
    analysis = StudyAnalysis().fit(measured_tiny())
    (figure,) = optional_figures(analysis.derived_)
    assert figure.id == "bland_altman_cement" and "n = 4" in figure.caption
    ax = figure.figure.axes[0]
    levels = sorted(round(line.get_ydata()[0], 4) for line in ax.get_lines())
    assert levels == sorted([0.0, -0.275, -0.9025, 0.3525])
    assert len(ax.collections[0].get_offsets()) == 4
    assert "<svg" in svg_text(cement_bland_altman(analysis.derived_.lesions))
