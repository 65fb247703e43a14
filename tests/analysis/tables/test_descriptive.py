"""Table 1, procedure and subgroup table contents on the tiny cohort, by hand."""

import pandas as pd
import pytest


def test_table1_numbers(tiny_analysis):
    b = tiny_analysis.results_["baseline"]
    assert b["n_patients"] == 4 and b["n_lesions"] == 5
    assert b["age"]["mean"] == pytest.approx((60 + 70 + 45 + 55) / 4)
    assert b["sex"]["counts"] == {"F": 3, "M": 1}
    assert b["lesions_per_patient"]["mean"] == pytest.approx(5 / 4)
    assert b["region"]["counts"] == {"spinal": 3, "extraspinal": 2}
    assert b["vas_worst"]["n"] == 3 and b["vas_worst"]["mean"] == pytest.approx(8)
    t1 = next(t for t in tiny_analysis.tables_ if t.id == "table1")
    assert "Age, years, mean (SD)" in set(t1.frame["Characteristic"])


def test_procedure_numbers(tiny_analysis):
    p = tiny_analysis.results_["procedure"]
    assert p["modality"]["counts"] == {"rfa": 3, "cryo": 2}
    assert p["cement_ml"]["mean"] == pytest.approx((4 + 5 + 8 + 3 + 10) / 5)
    assert p["cement_leakage"] == {"k": 1, "n": 5}
    assert p["leakage_type"]["counts"]["C"] == 1


def test_subgroup_threshold_is_stated(tiny_analysis):
    note = next(t for t in tiny_analysis.tables_ if t.id == "subgroups").note
    assert "fewer than 5 patients" in note
    assert "fewer than 5 patients" in tiny_analysis.methods_


def test_lost_to_follow_up_is_not_expected_after_the_loss(tiny):
    from ablacem.analysis.study import StudyAnalysis

    ds = tiny.copy()
    p = ds.patients
    p.loc[p["patient_id"] == "P05", ["end_reason", "end_date"]] = ["lost", pd.Timestamp("2025-02-20")]
    m3 = StudyAnalysis().fit(ds).results_["missing_data"]["VAS worst pain"]["m3"]
    # P05 lost on day 41, before the 3-month visit: not expected there
    assert (m3["lost_to_follow-up"], m3["not_recorded"], m3["expected"]) == (1, 0, 1)


def test_who_step_labels_in_table1(tiny_analysis):
    assert tiny_analysis.results_["baseline"]["who_step"]["counts"] == {
        "0 none": 1,
        "1 non-opioid": 0,
        "2 weak opioid": 0,
        "3 strong opioid": 2,
    }
