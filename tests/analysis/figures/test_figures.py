"""Each figure: the expected id and title, non-empty SVG and PNG, values computed by hand."""

import io

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from ablacem.analysis.figures import (
    cumulative_incidence,
    omed_over_time,
    qlqc30_profile,
    strobe_flow,
    swimmer,
    vas_boxplots,
    vas_change_waterfall,
    vas_over_time,
)
from ablacem.analysis.figures._style import deterministic_sample
from ablacem.analysis.figures.cumulative_incidence import competing_events
from ablacem.analysis.figures.survival import kaplan_meier as km_figure
from ablacem.analysis.render.figure_files import svg_text
from ablacem.analysis.stats.survival import kaplan_meier as km_fit

_COLUMNS = {"os": ("os_days", "os_event"), "lpfs": ("lpfs_days", "lpfs_event")}


def kaplan_meier(patients, endpoint, alpha=0.05):
    """The figure drawn, as the report draws it, from the analysis's fit of the same patients."""
    days, event = _COLUMNS[endpoint]
    return km_figure(patients, endpoint, km_fit(patients[days], patients[event], alpha=alpha), alpha=alpha)


def _check_rendered(report_figure, title_text):
    svg = svg_text(report_figure)
    assert title_text in svg
    buffer = io.BytesIO()
    report_figure.figure.savefig(buffer, format="png", dpi=50)
    buffer.seek(0)
    with Image.open(buffer) as im:
        pixels = np.asarray(im.convert("L"))
    assert (pixels < 128).sum() > 500  # something was drawn


@pytest.fixture
def all_figures(patients, visits, lesions):
    return {
        "strobe_flow": (strobe_flow(patients, visits), "Participant flow (STROBE)"),
        "vas_over_time": (vas_over_time(visits), "Worst pain at the treated site over time"),
        "vas_boxplots": (vas_boxplots(visits), "Distribution of worst pain per timepoint"),
        "vas_waterfall_m1": (vas_change_waterfall(visits), "Change in worst pain from baseline to 1 month"),
        "omed_over_time": (omed_over_time(visits), "Opioid use over time"),
        "qlqc30_profile": (qlqc30_profile(visits), "EORTC QLQ-C30: change from baseline"),
        "km_overall_survival": (kaplan_meier(patients, "os"), "Overall survival"),
        "km_local_progression_free_survival": (kaplan_meier(patients, "lpfs"), "Local-progression-free survival"),
        "cumulative_incidence_local_progression": (
            cumulative_incidence(patients, lesions),
            "Cumulative incidence of local tumour progression",
        ),
        "swimmer": (swimmer(patients, visits, lesions), "Follow-up of each treated patient"),
    }


@pytest.mark.slow
def test_every_figure_has_its_id_title_caption_and_draws(all_figures):
    for figure_id, (fig, title) in all_figures.items():
        assert fig.id == figure_id
        assert fig.caption and fig.section
        _check_rendered(fig, title)


def test_vas_mean_and_ci_by_hand(visits):
    ax = vas_over_time(visits).figure.axes[0]
    mean = ax.lines[0].get_ydata()
    # baseline 8,7,9,6; post 5,6,4,6; 1 week 4,6,3,7; 1 month 3,2,8; 3 months 2,1
    np.testing.assert_allclose(mean, [7.5, 5.25, 5.0, 13 / 3, 1.5])
    band = ax.collections[1].get_paths()[0].vertices  # fill_between polygon: lower edge, then upper
    lower = dict(band[1:6])
    # baseline: SD sqrt(5/3) = 1.290994, t(0.975, 3) = 3.182446 -> half-width 2.054265
    assert np.isclose(lower[0], 7.5 - 2.054265, atol=1e-5)
    # 3 months: values 2 and 1, SD 0.707107, t(0.975, 1) = 12.706205 -> half-width 6.353102
    assert np.isclose(lower[4], 1.5 - 6.353102, atol=1e-5)


def test_waterfall_bars_by_hand(visits):
    ax = vas_change_waterfall(visits, timepoint="m1").figure.axes[0]
    heights = [p.get_height() for p in ax.patches]
    assert heights == [2.0, -5.0, -7.0]  # P4 +2, P1 -5, P3 -7; P2 missed 1 month


def test_omed_medians_by_hand(visits):
    ax = omed_over_time(visits).figure.axes[0]
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [30, 25, 20, 15, 10])


def test_qlqc30_profile_mean_change_by_hand(visits):
    ax = qlqc30_profile(visits).figure.axes[0]
    x = sorted(
        {
            round(float(line.get_xdata()[0]), 6)
            for line in ax.lines
            if line.get_marker() == "o" and len(line.get_xdata())
        }
    )
    # values are 50 + 5 * k * (j mod 3 - 1): changes -5k, 0, +5k for k = 1..4
    assert x == [-20, -15, -10, -5, 0, 5, 10, 15, 20]


def test_flow_counts_by_hand(patients, visits):
    from ablacem.analysis.figures import flow_counts

    steps = flow_counts(patients, visits)
    assert [(s.label, s.n) for s in steps] == [
        ("Enrolled", 5),
        ("Treated (ablation + cementoplasty)", 4),
        ("Assessed at baseline", 4),
        ("Assessed at post-procedure", 4),
        ("Assessed at 1 week", 4),
        ("Assessed at 1 month", 3),
        ("Assessed at 3 months", 2),
    ]
    assert steps[1].excluded == {"withdrew": 1}
    assert steps[5].excluded == {"missed": 1}
    assert steps[6].excluded == {"died": 1, "lost to follow-up": 1}


def test_flow_counts_a_visit_without_a_row(patients, visits):
    from ablacem.analysis.figures import flow_counts

    partial = visits[~((visits["patient_id"] == "P1") & (visits["timepoint"] == "w1"))]
    steps = flow_counts(patients, partial)
    assert steps[4].n == 3 and steps[4].excluded == {"no record": 1}


def test_km_at_risk_table_by_hand(patients):
    table = kaplan_meier(patients, "os").figure.axes[1]
    cells = {(t.get_position(), t.get_text()) for t in table.texts}
    # times 95 (censored), 40 (death), 92 (censored), 30 (censored); ticks 0, 30, 60, 90
    at_risk = [text for (x, y), text in sorted(cells) if y == 1]
    events = [text for (x, y), text in sorted(cells) if y == 0]
    assert at_risk == ["4", "4", "2", "2"]
    assert events == ["0", "0", "1", "1"]


def test_km_curve_by_hand(patients):
    ax = kaplan_meier(patients, "os").figure.axes[0]
    # 3 at risk at day 40 (P4 censored at 30), one death: S = 2/3 afterwards
    assert np.isclose(ax.lines[0].get_ydata()[-1], 2 / 3)


def test_competing_events_and_aalen_johansen_by_hand(patients, lesions):
    events = competing_events(patients, lesions)
    assert events["patient_id"].tolist() == ["P1", "P2", "P3", "P4"]
    assert events["cause"].tolist() == [0, 2, 1, 0]
    ax = cumulative_incidence(patients, lesions).figure.axes[0]
    # day 40: 3 at risk, death -> S = 2/3; day 60: 2 at risk, progression -> CIF = 2/3 * 1/2
    finals = sorted(round(float(line.get_ydata()[-1]), 6) for line in ax.lines if len(line.get_ydata()))
    assert finals == [round(1 / 3, 6), round(1 / 3, 6)]


def test_swimmer_samples_large_cohorts_deterministically():
    n = 150
    ids = [f"S{i:04d}" for i in range(n)]
    patients = pd.DataFrame(
        {
            "patient_id": ids,
            "treated": pd.array([True] * n, dtype="boolean"),
            "last_contact_day": np.arange(n, dtype=float) % 95,
            "os_days": np.arange(n, dtype=float) % 95,
            "os_event": (np.arange(n) % 7 == 0).astype(float),
        }
    )
    visits = pd.DataFrame({"patient_id": ids, "status": "done", "study_day": 0.0})
    lesions = pd.DataFrame({"patient_id": ids[:3], "local_progression_day": [10.0, np.nan, 50.0]})
    fig = swimmer(patients, visits, lesions)
    assert "deterministic sample of 60 of 150" in fig.caption
    assert len(fig.figure.axes[0].patches) == 60
    kept, sampled = deterministic_sample(pd.Series(ids[::-1]), 60)
    again, _ = deterministic_sample(pd.Series(ids), 60)
    assert sampled and kept.tolist() == again.tolist() and kept.iloc[0] == "S0000" and kept.iloc[-1] == "S0149"


def test_figures_survive_empty_frames(patients, visits, lesions):
    none_treated = patients.assign(treated=False, os_days=np.nan, os_event=np.nan, lpfs_days=np.nan, lpfs_event=np.nan)
    empty_visits = visits.iloc[0:0]
    for fig in (
        vas_over_time(empty_visits),
        vas_boxplots(empty_visits),
        vas_change_waterfall(empty_visits),
        omed_over_time(empty_visits),
        qlqc30_profile(empty_visits),
        kaplan_meier(none_treated, "os"),
        cumulative_incidence(none_treated, lesions),
        swimmer(none_treated, empty_visits, lesions),
        strobe_flow(none_treated, empty_visits),
    ):
        assert svg_text(fig).count("<svg") == 1


def test_figures_are_drawn_by_id_and_the_fitted_ones_ask_for_their_results(patients, visits, lesions):
    from types import SimpleNamespace

    from ablacem.analysis.figures import FIGURE_IDS, FIGURES, make_figure

    derived = SimpleNamespace(patients=patients, visits=visits, lesions=lesions)
    assert tuple(FIGURES) == FIGURE_IDS
    assert make_figure("swimmer", derived).id == "swimmer"
    with pytest.raises(KeyError, match="strobe_flow"):
        make_figure("nope", derived)
    with pytest.raises(ValueError, match="overall_survival"):
        make_figure("km_overall_survival", derived)
    results = {"overall_survival": km_fit(patients["os_days"], patients["os_event"]), "options": {"alpha": 0.05}}
    assert make_figure("km_overall_survival", derived, results).id == "km_overall_survival"


def test_km_figure_draws_the_fitted_curve_and_band_at_the_fit_alpha(patients):
    fit = km_fit(patients["os_days"], patients["os_event"], alpha=0.5)
    fig = km_figure(patients, "os", fit, alpha=0.5)
    ax = fig.figure.axes[0]
    curve = ax.lines[0]
    # the drawn steps are the fitted step function (up to the display limit)
    fitted = dict(zip(fit["km"]["time_days"], fit["km"]["survival"], strict=True))
    for x, y in zip(curve.get_xdata(), curve.get_ydata(), strict=True):
        if x in fitted:
            assert y == pytest.approx(fitted[x])
    band = ax.collections[0].get_paths()[0].vertices[:, 1]
    lower_at_40 = fit["km"]["ci_lower"][fit["km"]["time_days"].index(40.0)]
    assert np.isclose(band, lower_at_40).any()  # the 50% band, not a 95% band of its own
    assert "pointwise 50% confidence band" in fig.caption


def test_aalen_johansen_curve_with_progression_death_and_censoring_on_one_day():
    # Day 10: a progression, a death and two censorings; day 20: a progression; day 30: censored.
    # Events come before censoring on a tied day: 6 at risk -> CIF(10) = 1/6, S = 4/6;
    # day 20: 2 at risk -> CIF(20) = 1/6 + 4/6 * 1/2 = 1/2. Random jitter of the tie (lifelines'
    # default) could instead give 1/4 at day 10 or 4/9 at the end.
    ids = [f"P{i}" for i in range(6)]
    patients = pd.DataFrame(
        {
            "patient_id": ids,
            "lpfs_days": [10.0, 10.0, 10.0, 10.0, 20.0, 30.0],
            "lpfs_event": [1.0, 1.0, 0.0, 0.0, 1.0, 0.0],
        }
    )
    lesions = pd.DataFrame({"patient_id": ["P0", "P4"], "local_progression_day": [10.0, 20.0]})
    ax = cumulative_incidence(patients, lesions).figure.axes[0]
    progression = next(line for line in ax.lines if len(line.get_ydata()) and line.get_ydata()[-1] > 0.4)
    curve = dict(zip(progression.get_xdata(), progression.get_ydata(), strict=True))
    assert curve[10.0] == pytest.approx(1 / 6)
    assert curve[20.0] == pytest.approx(1 / 2)


def test_km_curve_stops_when_fewer_than_a_tenth_remain_at_risk():
    # 20 deaths on days 1..20: at day 19 two patients (10%) are at risk, at day 20 one (5%).
    # The curve is drawn to day 19, where S = 1/20; the at-risk table still covers every tick.
    n = 20
    patients = pd.DataFrame(
        {
            "patient_id": [f"P{i}" for i in range(n)],
            "os_days": np.arange(1, n + 1, dtype=float),
            "os_event": np.ones(n),
        }
    )
    fig = kaplan_meier(patients, "os")
    curve = fig.figure.axes[0].lines[0]
    assert max(curve.get_xdata()) == 19
    assert curve.get_ydata()[-1] == pytest.approx(1 / 20)
    assert "stops at day 19" in fig.caption and "Pocock" in fig.caption
    # no note when the curve reaches the last follow-up time
    assert "stops at day" not in kaplan_meier(patients.iloc[:5], "os").caption


def test_waterfall_threshold_label_sits_right_of_the_bars(visits):
    ax = vas_change_waterfall(visits).figure.axes[0]
    label = next(t for t in ax.texts if t.get_text() == "-2 points")
    x, y = label.get_position()
    assert x > 1 and y == -2  # x in axes fractions: outside the plotting area, at the -2 line
