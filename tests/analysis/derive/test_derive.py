"""Derived frames of the tiny hand-built cohort (see tests/analysis/conftest.py), checked by hand."""

import numpy as np
import pandas as pd
import pytest

from ablacem.analysis.derive import derive
from ablacem.analysis.derive.patients import tumour_groups


def _by(frame, *keys):
    return frame.set_index(list(keys))


def test_patients_day0_groups_and_survival_times(tiny):
    p = _by(derive(tiny).patients, "patient_id")
    assert list(p.index) == ["P01", "P02", "P03", "P04", "P05"]
    assert p["treated"].tolist() == [True, True, True, False, True]
    assert p.loc["P04", "procedure_date"] is pd.NaT
    assert p["n_lesions"].tolist() == [1, 2, 1, 0, 1]
    assert p.loc["P02", "region_group"] == "both" and p.loc["P02", "modality_group"] == "both"
    assert p.loc["P05", "region_group"] == "extraspinal" and p.loc["P05", "modality_group"] == "cryo"
    # OS: P01 censored at end of study (day 90), P02 died day 50, P03 last seen at withdrawal
    # (day 15), P05 last seen at the 3-month CT (day 88)
    assert p.loc[["P01", "P02", "P03", "P05"], "os_days"].tolist() == [90, 50, 15, 88]
    assert p.loc[["P01", "P02", "P03", "P05"], "os_event"].tolist() == [0, 1, 0, 0]
    # LPFS: P01 censored at its last CT (day 90), P02 death (day 50), P03 censored at the post CT
    # (day 0), P05 local progression on day 88
    assert p.loc[["P01", "P02", "P03", "P05"], "lpfs_days"].tolist() == [90, 50, 0, 88]
    assert p.loc[["P01", "P02", "P03", "P05"], "lpfs_event"].tolist() == [0, 1, 0, 1]
    assert np.isnan(p.loc["P04", "os_days"])


def test_tumour_groups_pool_small_malignant_groups_and_all_benign():
    diagnosis = pd.Series(["malignant"] * 6 + ["benign"])
    primary = pd.Series(["lung"] * 3 + ["breast"] * 2 + ["renal", "giant_cell_tumour"])
    assert tumour_groups(diagnosis, primary, 3).tolist() == ["lung"] * 3 + ["other"] * 3 + ["benign"]
    assert tumour_groups(diagnosis, primary, 2).tolist() == ["lung"] * 3 + ["breast"] * 2 + ["other", "benign"]
    # only treated patients count towards the threshold
    treated = pd.Series([True, True, True, True, False, True, True])
    assert tumour_groups(diagnosis, primary, 2, treated).tolist() == ["lung"] * 3 + ["other"] * 3 + ["benign"]


def test_visits_one_row_per_treated_patient_and_timepoint(tiny):
    v = derive(tiny).visits
    assert len(v) == 4 * 5
    assert "P04" not in set(v["patient_id"])
    v = _by(v, "patient_id", "timepoint")
    # No m3 row for P05 and the latest date of the dataset is day 90: the window (to day 110)
    # has not closed, so the protocol's rule says not yet due (not "not recorded").
    assert v.loc[("P05", "m3"), "status"] == "not_due"
    assert v.loc[("P02", "m3"), "status"] == "died"
    assert v.loc[("P01", "m1"), "study_day"] == 30
    # OMED: morphine 30 mg x 2 = 60; oxycodone 20 mg x 2 x 1.5 = 60; morphine 50 x 2 = 100;
    # a done visit without analgesic rows is 0
    assert v.loc[("P01", "baseline"), "omed"] == 60
    assert v.loc[("P02", "baseline"), "omed"] == 60
    assert v.loc[("P02", "m1"), "omed"] == 100
    assert v.loc[("P01", "post"), "omed"] == 0
    assert np.isnan(v.loc[("P02", "m3"), "omed"])


def test_a_visit_without_a_row_is_judged_by_the_protocol_rule_at_the_data_cutoff(tiny):
    from ablacem.analysis.derive.visits import data_cutoff

    assert data_cutoff(tiny) == pd.Timestamp("2025-01-10") + pd.Timedelta(days=90)
    later = tiny.patients.copy()
    later.loc[later["patient_id"] == "P01", "end_date"] = pd.Timestamp("2025-01-10") + pd.Timedelta(days=120)
    tiny["patients"] = later
    v = _by(derive(tiny).visits, "patient_id", "timepoint")
    # Day 120 is past the 3-month window (day 110): the visit was due and has no row.
    assert v.loc[("P05", "m3"), "status"] == "not_recorded"


def test_qlqc30_scores_and_changes(tiny):
    v = _by(derive(tiny).visits, "patient_id", "timepoint")
    # all items 2, global items 4: QL2 = (4-1)/6*100 = 50; functional (1 - 1/3)*100; symptom 1/3*100
    assert v.loc[("P01", "baseline"), "QL2"] == pytest.approx(50)
    assert v.loc[("P01", "baseline"), "PF2"] == pytest.approx(200 / 3)
    assert v.loc[("P01", "baseline"), "FA"] == pytest.approx(100 / 3)
    assert v.loc[("P01", "m1"), "SUMMARY"] == pytest.approx(100)
    assert v.loc[("P02", "m1"), "QL2"] == pytest.approx(100 / 6)


def test_pain_response_and_change(tiny):
    v = _by(derive(tiny).visits, "patient_id", "timepoint")
    expected = {
        ("P01", "post"): "partial",  # 8 -> 6, OMED 60 -> 0
        ("P01", "m3"): "complete",  # pain 0, no increase
        ("P02", "m1"): "indeterminate",  # 9 -> 6 but OMED 60 -> 100 (increase)
        ("P02", "m3"): "not_evaluable",  # died
        ("P03", "post"): "indeterminate",  # 7 -> 7, OMED 0 -> 0
        ("P03", "w1"): "partial",  # 7 -> 3
        ("P05", "w1"): "not_evaluable",  # no baseline
    }
    for key, category in expected.items():
        assert v.loc[key, "pain_response"] == category, key
    assert v.loc[("P01", "m3"), "vas_change"] == -8
    assert pd.isna(v.loc[("P01", "baseline"), "pain_response"])
    assert np.isnan(v.loc[("P05", "w1"), "vas_change"])


def test_lesions_and_adverse_events(tiny):
    d = derive(tiny)
    les = _by(d.lesions, "lesion_id")
    assert les["treated"].all()
    assert les.loc["L03", "technical_success"] == False  # noqa: E712 (nullable boolean)
    assert les.loc["L05", "local_status_m3"] == "progression"
    assert les.loc["L05", "local_progression_day"] == 88
    assert pd.isna(les.loc["L02", "local_status_m3"])
    ae = _by(d.adverse_events, "ae_id")
    assert ae["major"].tolist() == [False, True]
    assert ae["day"].tolist() == [1, 0]


def test_problems_are_warnings_never_silent_drops(tiny):
    w = derive(tiny).warnings
    assert any("P04 has no procedure" in m for m in w)
    assert any("1 enrolled patient(s) have no procedure" in m for m in w)
    assert any("P05 has follow-up pain scores but no baseline" in m for m in w)


def test_dates_out_of_order_are_warned_and_excluded_from_survival(tiny):
    ds = tiny.copy()
    p = ds.patients
    p.loc[p["patient_id"] == "P02", ["death_date", "end_date"]] = pd.Timestamp("2025-01-01")
    d = derive(ds)
    row = d.patients.set_index("patient_id").loc["P02"]
    assert np.isnan(row["os_days"])
    assert any("before the procedure" in m and "survival" in m for m in d.warnings)


def test_unconvertible_analgesic_is_warned(tiny):
    ds = tiny.copy()
    extra = pd.DataFrame(
        [("P03", "w1", "buprenorphine", "transdermal", 10.0, "mcg/h", 1.0)], columns=ds.analgesics.columns
    )
    ds["analgesics"] = pd.concat([ds.analgesics, extra], ignore_index=True)
    d = derive(ds)
    v = _by(d.visits, "patient_id", "timepoint")
    assert np.isnan(v.loc[("P03", "w1"), "omed"])
    assert v.loc[("P03", "w1"), "pain_response"] == "not_evaluable"
    (message,) = [m for m in d.warnings if "could not be converted" in m]
    assert "P03 1 week" in message
    assert "1 x no conversion factor for buprenorphine, transdermal" in message


def test_parenteral_morphine_is_converted_not_warned(tiny):
    ds = tiny.copy()
    extra = pd.DataFrame([("P03", "w1", "morphine", "iv", 10.0, "mg", 4.0)], columns=ds.analgesics.columns)
    before = _by(derive(ds).visits, "patient_id", "timepoint").loc[("P03", "w1"), "omed"]
    ds["analgesics"] = pd.concat([ds.analgesics, extra], ignore_index=True)
    d = derive(ds)
    v = _by(d.visits, "patient_id", "timepoint")
    assert v.loc[("P03", "w1"), "omed"] == pytest.approx(before + 40.0 * 3.0)  # Nielsen 2016: IV morphine x 3
    assert not any("could not be converted" in m for m in d.warnings)


def test_empty_dataset_does_not_crash():
    from ablacem.dataset import Dataset

    d = derive(Dataset())
    assert d.patients.empty and d.visits.empty and d.lesions.empty


def test_assessments_out_of_order_are_warned(tiny):
    ds = tiny.copy()
    a = ds.assessments
    a.loc[(a["patient_id"] == "P01") & (a["timepoint"] == "m1"), "assessed_on"] = pd.Timestamp("2025-01-12")
    d = derive(ds)
    assert any("P01: the m1 assessment is dated before an earlier timepoint" in m for m in d.warnings)
    assert len(d.visits) == 20
