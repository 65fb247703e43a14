"""summary() and format_summary() on a hand-built four-patient dataset with hand-computed numbers."""

import math

import pandas as pd
import pytest

from ablacem.dataset import Dataset, conform
from ablacem.synth import format_summary, summary
from tests.builders import DatasetBuilder

DAY0 = pd.Timestamp("2024-01-10")


@pytest.fixture(scope="module")
def four_patients() -> Dataset:
    b = DatasetBuilder(day0=DAY0)

    b.columns(
        "patients",
        patient_id=["P1", "P2", "P3", "P4"],
        enrolled_on=[b.day(-3)] * 4,
        age=[70, 55, 40, 66],
        sex=["M", "F", "F", "M"],
        ecog=[2, 1, 0, 1],
        diagnosis=["malignant", "malignant", "benign", "malignant"],
        primary_tumour=["lung", "breast", "aggressive_haemangioma", "lung"],
        end_reason=["died", "completed", "completed", None],
        end_date=[b.day(30), b.day(90), b.day(91), pd.NaT],
        death_date=[b.day(30), pd.NaT, pd.NaT, pd.NaT],
    )
    b.columns(
        "lesions",
        lesion_id=["P1-L1", "P2-L1", "P2-L2", "P3-L1", "P4-L1"],
        patient_id=["P1", "P2", "P2", "P3", "P4"],
        region=["spinal", "spinal", "extraspinal", "spinal", "extraspinal"],
        site=["T12", "L1", "acetabulum", "T8", "femur"],
        lesion_type=["lytic"] * 5,
    )
    b.columns(
        "procedures",
        procedure_id=["P1-P1", "P2-P1", "P2-P2", "P3-P1", "P4-P1"],
        patient_id=["P1", "P2", "P2", "P3", "P4"],
        lesion_id=["P1-L1", "P2-L1", "P2-L2", "P3-L1", "P4-L1"],
        procedure_date=[DAY0] * 5,
        modality=["rfa", "rfa", "cryo", "rfa", "cryo"],
        guidance=["ct"] * 5,
        anaesthesia=["sedation"] * 5,
        cement_leakage=[False, True, False, False, False],
        leakage_type=[None, "B", None, None, None],
        leakage_symptomatic=[pd.NA, True, pd.NA, pd.NA, pd.NA],
        technical_success=[True, True, True, False, True],
    )
    # Rows: patient, timepoint, status, day, worst VAS.
    visits = [
        ("P1", "baseline", "done", -1, 8.0),
        ("P1", "post", "done", 0, 5.0),
        ("P1", "w1", "done", 7, 4.0),
        ("P1", "m1", "died", None, None),
        ("P1", "m3", "died", None, None),
        ("P2", "baseline", "done", -1, 7.0),
        ("P2", "post", "done", 0, 4.0),
        ("P2", "w1", "done", 7, 3.0),
        ("P2", "m1", "done", 30, 2.0),
        ("P2", "m3", "done", 90, 1.0),
        ("P3", "baseline", "done", -1, 9.0),
        ("P3", "post", "done", 0, 6.0),
        ("P3", "w1", "missed", None, None),
        ("P3", "m1", "done", 31, 1.0),
        ("P3", "m3", "done", 91, 2.0),
        ("P4", "baseline", "done", -1, 6.0),
        ("P4", "post", "done", 0, 3.0),
        ("P4", "w1", "done", 7, 2.0),
        ("P4", "m1", "not_due", None, None),
        ("P4", "m3", "not_due", None, None),
    ]
    for patient_id, timepoint, status, day, vas in visits:
        b.visit(patient_id, timepoint, status, day=day, vas_worst=math.nan if vas is None else vas)
    b.columns(
        "imaging",
        patient_id=["P2", "P2", "P3"],
        lesion_id=["P2-L1", "P2-L2", "P3-L1"],
        timepoint=["m3"] * 3,
        imaged_on=[b.day(88)] * 3,
        local_status=["controlled", "progression", "not_evaluable"],
        distant_progression=[True, True, False],
    )
    b.columns(
        "adverse_events",
        ae_id=["P2-AE1", "P2-AE2", "P3-AE1"],
        patient_id=["P2", "P2", "P3"],
        lesion_id=["P2-L1", None, "P3-L1"],
        onset_date=[DAY0] * 3,
        term=["cement_leak_symptomatic", "vasovagal", "pain_flare"],
        cirse_grade=[3, 1, 1],
        serious=[True, False, False],
        related_to=["cement", "anaesthesia", "ablation"],
    )
    return b.build(validated=True)


def test_summary_matches_hand_computed_numbers(four_patients):
    s = summary(four_patients)
    assert (s["patients"], s["lesions"], s["procedures"]) == (4, 5, 5)
    assert s["spinal_share"] == pytest.approx(3 / 5)
    assert s["benign_share"] == pytest.approx(1 / 4)
    assert s["tumour_mix"] == pytest.approx({"lung": 0.5, "breast": 0.25, "aggressive_haemangioma": 0.25})
    assert s["modality"] == pytest.approx({"rfa": 0.6, "cryo": 0.4})
    assert s["vas_worst_mean"] == pytest.approx({"baseline": 7.5, "post": 4.5, "w1": 3.0, "m1": 1.5, "m3": 1.5})
    # Baseline 8, 7, 9, 6: squared deviations 0.25 + 0.25 + 2.25 + 2.25 = 5, variance 5/3.
    assert s["vas_worst_sd"]["baseline"] == pytest.approx(math.sqrt(5 / 3))
    assert s["vas_n"] == {"baseline": 4, "post": 4, "w1": 3, "m1": 2, "m3": 2}
    assert s["deaths_by_m3"] == pytest.approx(1 / 4)
    assert s["end_reasons"] == {"completed": 2, "died": 1, "withdrew": 0, "lost": 0, "in_follow_up": 1}
    assert s["technical_success"] == pytest.approx(4 / 5)
    assert s["leakage"] == pytest.approx(1 / 5)
    assert s["leakage_symptomatic"] == pytest.approx(1.0)
    assert s["complications"] == pytest.approx(2 / 4)
    assert s["major_complications"] == pytest.approx(1 / 4)
    # One controlled and one progressing lesion are evaluable; the third is not.
    assert s["local_control_m3"] == pytest.approx(1 / 2)
    assert s["distant_progression_m3"] == pytest.approx(2 / 3)
    # Expected follow-up visits (done or missed): 4 post + 4 w1 + 2 m1 + 2 m3 = 12, one missed.
    assert s["missed_visits"] == pytest.approx(1 / 12)


def test_format_summary_is_plain_text_with_the_headline_numbers(four_patients):
    text = format_summary(summary(four_patients))
    assert "Patients: 4, lesions: 5, procedures: 5" in text
    assert "Spinal lesions: 60.0%" in text
    assert "baseline 7.50 (SD 1.29, n=4)" in text
    assert "Local tumour control at 3 months: 50.0%" in text
    assert "Deaths by 3 months: 25.0%" in text


def test_summary_of_an_empty_dataset_has_no_made_up_numbers():
    s = summary(conform(Dataset({})))
    assert s["patients"] == 0
    assert math.isnan(s["technical_success"]) and math.isnan(s["local_control_m3"])
    assert math.isnan(s["vas_worst_mean"]["baseline"])
    assert "n/a" in format_summary(s)
