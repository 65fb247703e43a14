"""A tiny hand-built cohort whose every derived number is worked out by hand in the tests.

Day 0 is 2025-01-10 for every treated patient.

- P01 breast, 1 spinal lesion (RFA), completed: VAS 8, 6, 4, 2, 0; OMED 60, 0, 0, 30, 0;
  QLQ-C30 items all 2 (global 4) at baseline, all 1 (global 6) at 1 month.
- P02 lung, 2 lesions (spinal cryo, femur RFA with technical failure and leakage), died day 50:
  VAS 9, 7, 5, 6, (died); OMED 60, 0, 60, 100; QLQ-C30 all 2 (global 4) then all 3 (global 2)
  at 1 month; CIRSE 2 haematoma.
- P03 aggressive haemangioma (benign), spinal RFA, withdrew day 15: VAS 7, 7, 3; OMED 0;
  CIRSE 3 nerve injury.
- P04 renal, enrolled but never treated (baseline VAS 6).
- P05 breast, acetabulum cryo, baseline missed: VAS -, 5, 4, 3, (no row); local progression on
  the 3-month CT on day 88; still in follow-up.
"""

from __future__ import annotations

import pytest

from ablacem.dataset import Dataset
from tests.builders import DatasetBuilder, qlqc30_answers

DAY0 = "2025-01-10"


def build_tiny() -> Dataset:
    """The tiny cohort described in the module docstring."""
    b = DatasetBuilder(day0=DAY0)
    d, d0 = b.day, b.day(0)
    b.rows(
        "patients",
        [
            "patient_id",
            "enrolled_on",
            "age",
            "sex",
            "ecog",
            "diagnosis",
            "primary_tumour",
            "end_reason",
            "end_date",
            "death_date",
        ],
        [
            ("P01", d(-5), 60, "F", 1, "malignant", "breast", "completed", d(90), None),
            ("P02", d(-5), 70, "M", 2, "malignant", "lung", "died", d(50), d(50)),
            ("P03", d(-5), 45, "F", 0, "benign", "aggressive_haemangioma", "withdrew", d(15), None),
            ("P04", d(-5), 66, "M", 1, "malignant", "renal", "withdrew", d(-1), None),
            ("P05", d(-5), 55, "F", 1, "malignant", "breast", None, None, None),
        ],
    )
    b.rows(
        "lesions",
        ["lesion_id", "patient_id", "region", "site", "lesion_type", "size_mm"],
        [
            ("L01", "P01", "spinal", "T12", "lytic", 30.0),
            ("L02", "P02", "spinal", "L3", "lytic", 25.0),
            ("L03", "P02", "extraspinal", "femur", "mixed", 40.0),
            ("L04", "P03", "spinal", "T8", "lytic", 20.0),
            ("L05", "P05", "extraspinal", "acetabulum", "lytic", 35.0),
        ],
    )
    b.rows(
        "procedures",
        [
            "procedure_id",
            "patient_id",
            "lesion_id",
            "procedure_date",
            "modality",
            "guidance",
            "anaesthesia",
            "cement_ml",
            "cement_leakage",
            "leakage_type",
            "leakage_symptomatic",
            "technical_success",
        ],
        [
            ("X1", "P01", "L01", d0, "rfa", "ct", "sedation", 4.0, False, None, None, True),
            ("X2", "P02", "L02", d0, "cryo", "ct", "general", 5.0, False, None, None, True),
            ("X3", "P02", "L03", d0, "rfa", "ct", "general", 8.0, True, "C", False, False),
            ("X4", "P03", "L04", d0, "rfa", "fluoro", "local", 3.0, False, None, None, True),
            ("X5", "P05", "L05", d0, "cryo", "ct", "general", 10.0, False, None, None, True),
        ],
    )
    day = {"baseline": -2, "post": 0, "w1": 7, "m1": 30, "m3": 90}

    def visit(pid, tp, status, vas=None, items=None, on=None):
        b.visit(pid, tp, status, day=day[tp] if on is None else on, vas_worst=vas, **(items or {}))

    qol = {"P01": {"baseline": qlqc30_answers(2, 4), "m1": qlqc30_answers(1, 6)}}
    qol["P02"] = {"baseline": qlqc30_answers(2, 4), "m1": qlqc30_answers(3, 2)}
    for tp, vas in zip(day, [8, 6, 4, 2, 0], strict=True):
        visit("P01", tp, "done", vas, qol["P01"].get(tp))
    for tp, vas in zip(["baseline", "post", "w1", "m1"], [9, 7, 5, 6], strict=True):
        visit("P02", tp, "done", vas, qol["P02"].get(tp))
    visit("P02", "m3", "died")
    for tp, vas in zip(["baseline", "post", "w1"], [7, 7, 3], strict=True):
        visit("P03", tp, "done", vas)
    visit("P03", "m1", "withdrawn")
    visit("P03", "m3", "withdrawn")
    visit("P04", "baseline", "done", 6, on=-3)
    visit("P05", "baseline", "missed")
    for tp, vas in zip(["post", "w1", "m1"], [5, 4, 3], strict=True):
        visit("P05", tp, "done", vas)
    b.rows(
        "analgesics",
        ["patient_id", "timepoint", "drug", "route", "dose", "unit", "per_day"],
        [
            ("P01", "baseline", "morphine", "oral", 30.0, "mg", 2.0),
            ("P01", "m1", "morphine", "oral", 30.0, "mg", 1.0),
            ("P02", "baseline", "oxycodone", "oral", 20.0, "mg", 2.0),
            ("P02", "w1", "oxycodone", "oral", 20.0, "mg", 2.0),
            ("P02", "m1", "morphine", "oral", 50.0, "mg", 2.0),
        ],
    )
    b.rows(
        "imaging",
        ["patient_id", "lesion_id", "timepoint", "imaged_on", "local_status", "distant_progression"],
        [
            ("P01", "L01", "post", d0, "controlled", False),
            ("P01", "L01", "m3", d(90), "controlled", False),
            ("P02", "L02", "post", d0, "controlled", False),
            ("P02", "L03", "post", d0, "controlled", False),
            ("P03", "L04", "post", d0, "controlled", False),
            ("P05", "L05", "post", d0, "controlled", False),
            ("P05", "L05", "m3", d(88), "progression", True),
        ],
    )
    b.rows(
        "adverse_events",
        ["ae_id", "patient_id", "lesion_id", "onset_date", "term", "cirse_grade", "serious", "related_to", "outcome"],
        [
            ("A1", "P02", "L03", d(1), "haematoma", 2, False, "ablation", "resolved"),
            ("A2", "P03", "L04", d0, "nerve_injury", 3, True, "ablation", "resolved_sequelae"),
        ],
    )
    return b.build()


@pytest.fixture
def tiny() -> Dataset:
    """The hand-built five-patient cohort."""
    return build_tiny()


@pytest.fixture(scope="session")
def tiny_analysis():
    """``StudyAnalysis().fit`` of the tiny cohort, fitted once per session (do not modify it)."""
    from ablacem.analysis.study import StudyAnalysis

    return StudyAnalysis().fit(build_tiny())
