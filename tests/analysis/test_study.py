"""StudyAnalysis on the tiny hand-built cohort (tests/analysis/conftest.py): every number by hand."""

import json
import math

import pandas as pd
import pytest

from ablacem.analysis.model import ReportTable
from ablacem.analysis.study import StudyAnalysis
from ablacem.protocol import FOLLOW_UP_CODES, TIMEPOINT_CODES
from ablacem.scoring.qlqc30 import SCALE_CODES


def _phi(z):
    return 0.5 * math.erfc(-z / math.sqrt(2))


@pytest.fixture
def fitted(tiny_analysis):
    return tiny_analysis


def test_fit_returns_self_and_results_are_plain_json(tiny):
    a = StudyAnalysis()
    assert a.fit(tiny) is a
    json.dumps(a.results_, allow_nan=False)
    assert all(isinstance(t, ReportTable) and t.section for t in a.tables_)
    ids = [t.id for t in a.tables_]
    assert ids.index("populations") < ids.index("table1") < ids.index("procedure") < ids.index("vas")
    assert ids[-1] == "missing_data"
    assert {"outcome", "estimate", "ci95", "n"} <= set(a.summary_.columns)


def test_summary_shows_rates_as_percentages_and_vas_in_points(fitted):
    s = fitted.summary_.set_index("outcome")
    row = s.loc["Technical success per lesion"]
    # 4 of 5 lesions; R binom.test(4, 5): 0.2835821 0.9949492
    assert (row["display"], row["ci95"], row["scale"]) == ("80.0%", "28.4% to 99.5%", "proportion")
    assert s.loc["Patients treated (n = enrolled)", "display"] == "4"
    assert s.loc["VAS change at 1 month (mixed model)", "scale"] == "points"


def test_counts_technical_success_and_complications(fitted):
    r = fitted.results_
    assert r["n"] == {"enrolled": 5, "treated": 4, "lesions": 5}
    ts = r["technical_success"]
    assert (ts["lesion"]["k"], ts["lesion"]["n"], ts["patient"]["k"], ts["patient"]["n"]) == (4, 5, 3, 4)
    # R binom.test(4, 5): 0.2835821 0.9949492
    assert ts["lesion"]["ci95"] == pytest.approx([0.2835821, 0.9949492], abs=1e-6)
    c = r["complications"]
    assert (c["any"]["k"], c["any"]["n"], c["major"]["k"]) == (2, 4, 1)
    assert c["by_cirse_grade"] == {"1": 0, "2": 1, "3": 1, "4": 0, "5": 0, "6": 0}


def test_vas_by_timepoint_and_paired_tests(fitted):
    vas = fitted.results_["vas"]
    assert set(vas) == set(TIMEPOINT_CODES)
    b = vas["baseline"]
    assert (b["n"], b["mean"], b["sd"], b["median"], b["q1"], b["q3"]) == (3, 8, 1, 8, 7.5, 8.5)
    assert "wilcoxon_p" not in b
    # post: changes -2, -2, 0 -> zero dropped, n = 2 tied: V = 0, E = 1.5, Var = 1.25 - 6/48
    assert vas["post"]["change_mean"] == pytest.approx(-4 / 3)
    p_post = 2 * _phi((0 - 1.5 + 0.5) / math.sqrt(1.125))
    assert vas["post"]["wilcoxon_p"] == pytest.approx(p_post)
    # w1: changes -4, -4, -4: V = 0, E = 3, Var = 3.5 - 24/48 = 3
    p_w1 = 2 * _phi((0 - 3 + 0.5) / math.sqrt(3))
    assert vas["w1"]["wilcoxon_p"] == pytest.approx(p_w1)
    # m1: -6, -3, exact n = 2: P(V = 0) = 1/4 -> 0.5; m3: one pair -> 1
    assert vas["m1"]["wilcoxon_p"] == pytest.approx(0.5)
    assert vas["m3"]["wilcoxon_p"] == pytest.approx(1.0)
    # Holm across follow-ups: w1 0.1489 * 4; the rest capped at 1
    assert vas["w1"]["wilcoxon_p_holm"] == pytest.approx(4 * p_w1)
    assert vas["post"]["wilcoxon_p_holm"] == pytest.approx(1.0)
    # paired t at m1: d = -6, -3: t = -4.5 / (2.1213 / sqrt 2) = -3, df 1: p = 1 - 2 atan(3) / pi
    assert vas["m1"]["ttest_p"] == pytest.approx(1 - 2 * math.atan(3) / math.pi)
    assert set(fitted.results_["vas_mixed_model"]) == set(FOLLOW_UP_CODES)


def test_pain_response_and_sensitivity(fitted):
    pr = fitted.results_["pain_response"]
    assert {k: pr["m1"][k] for k in ("complete", "partial", "indeterminate", "progression", "evaluable")} == {
        "complete": 0,
        "partial": 1,
        "indeterminate": 1,
        "progression": 0,
        "evaluable": 2,
    }
    assert pr["m3"]["complete"] == 1 and pr["m3"]["evaluable"] == 1
    sens = fitted.results_["pain_response_sensitivity"]["m3"]
    assert (sens["responders"], sens["denominator"], sens["deaths"]) == (1, 2, 1)


def test_omed_and_who_shift(fitted):
    o = fitted.results_["omed"]["baseline"]
    # 60, 60, 0: median 60, type-7 Q1 = 30
    assert (o["n"], o["median"], o["q1"], o["q3"]) == (3, 60, 30, 60)
    shift = fitted.results_["who_step_shift"]["m1"]
    assert shift["n"] == 2 and shift["counts"][3][3] == 2 and shift["same"] == 2


def test_qlqc30_change_and_categories(fitted):
    q = fitted.results_["qlqc30"]
    assert set(q) == set(SCALE_CODES)
    ql2 = q["QL2"]["m1"]
    assert ql2["n"] == 2 and ql2["mean"] == pytest.approx(50)
    assert ql2["change_mean"] == pytest.approx(0)
    assert (ql2["improved"], ql2["stable"], ql2["worsened"]) == (1, 0, 1)
    fa = q["FA"]["m1"]  # symptom: P01 33.3 -> 0 improved, P02 33.3 -> 66.7 worsened
    assert (fa["improved"], fa["worsened"]) == (1, 1)
    assert q["QL2"]["w1"]["n"] == 0 and q["QL2"]["w1"]["wilcoxon_p"] is None


def test_local_control_and_survival(fitted):
    r = fitted.results_
    assert (r["local_control_m3"]["k"], r["local_control_m3"]["n"]) == (1, 2)
    os_ = r["overall_survival"]
    assert os_["at_90_days"] == pytest.approx(2 / 3)
    assert os_["km"]["time_days"][0] == 0 and len(os_["km"]["time_days"]) == len(os_["km"]["survival"])
    assert os_["at_risk"] == {"day": [0, 7, 30, 60, 90], "n": [4, 4, 3, 2, 1]}
    assert r["local_progression_free_survival"]["at_90_days"] == pytest.approx(1 / 3)
    # Aalen-Johansen: death (day 50, competing) then progression at day 88 with 2 at risk:
    # S(88-) = 2/3 -> CIF = 2/3 * 1/2
    assert r["local_progression_cumulative_incidence"]["at_90_days"] == pytest.approx(1 / 3)


def test_survival_at_another_horizon_is_reported_at_that_horizon(tiny):
    # OS of the tiny cohort: P02 dies on day 50 with 3 at risk (P03 censored day 15): S(60) = 2/3.
    a = StudyAnalysis(horizon_days=60).fit(tiny)
    assert a.results_["overall_survival"]["at_60_days"] == pytest.approx(2 / 3)
    row = a.summary_.set_index("outcome").loc["Overall survival at 60 days"]
    assert row["estimate"] == pytest.approx(2 / 3) and row["display"] == "66.7%"
    assert "Overall survival at 90 days" not in set(a.summary_["outcome"])


def test_the_survival_confidence_level_follows_alpha(tiny):
    narrow = StudyAnalysis(alpha=0.5).fit(tiny).results_["overall_survival"]
    wide = StudyAnalysis(alpha=0.05).fit(tiny).results_["overall_survival"]
    (lo50, hi50), (lo95, hi95) = narrow["ci95_at_horizon"], wide["ci95_at_horizon"]
    assert lo95 < lo50 < narrow["at_90_days"] < hi50 < hi95


def test_subgroups(fitted):
    s = fitted.results_["subgroups"]
    assert set(s) == {"primary_tumour", "diagnosis", "region", "modality"}
    mal = s["diagnosis"]["malignant"]
    assert mal["n"] == 3
    assert mal["vas_change_m1_mean"] == pytest.approx(-4.5)
    assert mal["responders_m1"] == 1
    assert (mal["local_control_m3"]["k"], mal["local_control_m3"]["n"]) == (1, 2)
    assert s["diagnosis"]["benign"]["local_control_m3"]["n"] == 0
    # every treated malignant primary has fewer than 5 patients: pooled as other
    assert set(s["primary_tumour"]) == {"other", "benign"}
    assert "exploratory" in next(t for t in fitted.tables_ if t.id == "subgroups").note.lower()


def test_missing_data_and_flow(fitted):
    vas = fitted.results_["missing_data"]["VAS worst pain"]
    assert (vas["baseline"]["expected"], vas["baseline"]["received"], vas["baseline"]["missed"]) == (4, 3, 1)
    assert (vas["m1"]["withdrew"], vas["m1"]["expected"], vas["m1"]["received"]) == (1, 3, 3)
    m3 = vas["m3"]
    # P05 has no 3-month row and the data's latest date is day 90: the window (to day 110) is
    # still open, so the visit is not yet due (the protocol's visit_state), not "not recorded".
    assert (m3["died"], m3["withdrew"], m3["expected"], m3["received"], m3["not_recorded"]) == (1, 1, 1, 1, 0)
    assert fitted.results_["populations"]["not_treated"] == 1


def test_power_paragraph_is_computed(fitted):
    p = fitted.results_["power"]
    assert p["n"] == 40 and p["delta"] == 2 and p["sd_change"] == 3
    assert f"{100 * p['power']:.1f}%" in fitted.sample_size_
    for lib in ("ablacem", "numpy", "pandas", "scipy", "statsmodels", "lifelines"):
        assert lib in fitted.methods_


def test_options_change_the_analysis(tiny):
    a = StudyAnalysis(subgroup_min_n=1, power_n=20).fit(tiny)
    assert {"breast", "lung", "benign"} <= set(a.results_["subgroups"]["primary_tumour"])
    assert a.results_["power"]["n"] == 20
    with pytest.raises(ValueError, match="alpha"):
        StudyAnalysis(alpha=1.5)


def test_all_missing_timepoint_and_tiny_groups_do_not_crash(tiny):
    ds = tiny.copy()
    a = ds.assessments
    ds["assessments"] = a[a["timepoint"] != "m3"].reset_index(drop=True)
    ds["imaging"] = ds.imaging[ds.imaging["timepoint"] != "m3"].reset_index(drop=True)
    r = StudyAnalysis().fit(ds).results_
    json.dumps(r, allow_nan=False)
    assert r["vas"]["m3"]["n"] == 0 and r["vas"]["m3"]["wilcoxon_p"] is None
    assert r["vas_mixed_model"]["m3"]["estimate"] is None
    assert r["local_control_m3"]["n"] == 0 and r["local_control_m3"]["rate"] is None


def test_empty_dataset_builds():
    from ablacem.dataset import Dataset

    a = StudyAnalysis().fit(Dataset())
    json.dumps(a.results_, allow_nan=False)
    assert a.results_["n"] == {"enrolled": 0, "treated": 0, "lesions": 0}


def test_synthetic_cohort_smoke():
    import ablacem.synth

    a = StudyAnalysis().fit(ablacem.synth.generate(40, 1))
    text = json.dumps(a.results_, allow_nan=False)
    r = json.loads(text)
    assert r["n"]["enrolled"] == 40
    for key in ("technical_success", "complications", "vas", "vas_mixed_model", "omed", "pain_response"):
        assert key in r
    for tp in FOLLOW_UP_CODES:
        assert set(r["vas_mixed_model"][tp]) >= {"estimate", "ci95", "p"}
        assert set(r["vas"][tp]) >= {"n", "mean", "sd", "median", "q1", "q3", "change_mean", "change_sd"}
        assert set(r["omed"][tp]) >= {"n", "median", "q1", "q3", "wilcoxon_p"}
    for scale in SCALE_CODES:
        assert set(r["qlqc30"][scale]["m1"]) >= {"n", "mean", "sd", "change_mean", "wilcoxon_p", "improved"}
    assert set(r["overall_survival"]) >= {"km", "at_90_days"}
    assert isinstance(a.summary_, pd.DataFrame)


def test_each_section_of_the_plan_is_timed(tiny_analysis):
    from ablacem.analysis.study import SECTIONS

    assert list(tiny_analysis.timings_) == [section.__name__.rsplit(".", 1)[-1] for section in SECTIONS]
    assert all(wall >= 0 and cpu >= 0 for wall, cpu in tiny_analysis.timings_.values())
