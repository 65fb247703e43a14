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

import pandas as pd
import pytest

from ablacem.dataset import Dataset, conform

D0 = pd.Timestamp("2025-01-10")


def _d(day: int) -> pd.Timestamp:
    return D0 + pd.Timedelta(days=day)


def _items(value: int, glob: int) -> dict:
    return {**{f"q{i}": value for i in range(1, 29)}, "q29": glob, "q30": glob}


def build_tiny() -> Dataset:
    """The tiny cohort described in the module docstring."""
    patients = pd.DataFrame(
        [
            ("P01", _d(-5), 60, "F", 1, "malignant", "breast", "completed", _d(90), pd.NaT),
            ("P02", _d(-5), 70, "M", 2, "malignant", "lung", "died", _d(50), _d(50)),
            ("P03", _d(-5), 45, "F", 0, "benign", "aggressive_haemangioma", "withdrew", _d(15), pd.NaT),
            ("P04", _d(-5), 66, "M", 1, "malignant", "renal", "withdrew", _d(-1), pd.NaT),
            ("P05", _d(-5), 55, "F", 1, "malignant", "breast", None, pd.NaT, pd.NaT),
        ],
        columns=[
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
    )
    lesions = pd.DataFrame(
        [
            ("L01", "P01", "spinal", "T12", "lytic", 30.0),
            ("L02", "P02", "spinal", "L3", "lytic", 25.0),
            ("L03", "P02", "extraspinal", "femur", "mixed", 40.0),
            ("L04", "P03", "spinal", "T8", "lytic", 20.0),
            ("L05", "P05", "extraspinal", "acetabulum", "lytic", 35.0),
        ],
        columns=["lesion_id", "patient_id", "region", "site", "lesion_type", "size_mm"],
    )
    procedures = pd.DataFrame(
        [
            ("X1", "P01", "L01", D0, "rfa", "ct", "sedation", 4.0, False, None, None, True),
            ("X2", "P02", "L02", D0, "cryo", "ct", "general", 5.0, False, None, None, True),
            ("X3", "P02", "L03", D0, "rfa", "ct", "general", 8.0, True, "C", False, False),
            ("X4", "P03", "L04", D0, "rfa", "fluoro", "local", 3.0, False, None, None, True),
            ("X5", "P05", "L05", D0, "cryo", "ct", "general", 10.0, False, None, None, True),
        ],
        columns=[
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
    )
    day = {"baseline": -2, "post": 0, "w1": 7, "m1": 30, "m3": 90}
    rows = []

    def visit(pid, tp, status, vas=None, items=None, on=None):
        date = _d(day[tp] if on is None else on) if status == "done" else pd.NaT
        rows.append(
            {"patient_id": pid, "timepoint": tp, "status": status, "assessed_on": date, "vas_worst": vas}
            | (items or {})
        )

    for tp, vas in zip(day, [8, 6, 4, 2, 0], strict=True):
        visit("P01", tp, "done", vas, _items(2, 4) if tp == "baseline" else _items(1, 6) if tp == "m1" else None)
    for tp, vas in zip(["baseline", "post", "w1", "m1"], [9, 7, 5, 6], strict=True):
        visit("P02", tp, "done", vas, _items(2, 4) if tp == "baseline" else _items(3, 2) if tp == "m1" else None)
    visit("P02", "m3", "died")
    for tp, vas in zip(["baseline", "post", "w1"], [7, 7, 3], strict=True):
        visit("P03", tp, "done", vas)
    visit("P03", "m1", "withdrawn")
    visit("P03", "m3", "withdrawn")
    visit("P04", "baseline", "done", 6, on=-3)
    visit("P05", "baseline", "missed")
    for tp, vas in zip(["post", "w1", "m1"], [5, 4, 3], strict=True):
        visit("P05", tp, "done", vas)
    assessments = pd.DataFrame(rows)
    analgesics = pd.DataFrame(
        [
            ("P01", "baseline", "morphine", "oral", 30.0, "mg", 2.0),
            ("P01", "m1", "morphine", "oral", 30.0, "mg", 1.0),
            ("P02", "baseline", "oxycodone", "oral", 20.0, "mg", 2.0),
            ("P02", "w1", "oxycodone", "oral", 20.0, "mg", 2.0),
            ("P02", "m1", "morphine", "oral", 50.0, "mg", 2.0),
        ],
        columns=["patient_id", "timepoint", "drug", "route", "dose", "unit", "per_day"],
    )
    imaging = pd.DataFrame(
        [
            ("P01", "L01", "post", D0, "controlled", False),
            ("P01", "L01", "m3", _d(90), "controlled", False),
            ("P02", "L02", "post", D0, "controlled", False),
            ("P02", "L03", "post", D0, "controlled", False),
            ("P03", "L04", "post", D0, "controlled", False),
            ("P05", "L05", "post", D0, "controlled", False),
            ("P05", "L05", "m3", _d(88), "progression", True),
        ],
        columns=["patient_id", "lesion_id", "timepoint", "imaged_on", "local_status", "distant_progression"],
    )
    adverse_events = pd.DataFrame(
        [
            ("A1", "P02", "L03", _d(1), "haematoma", 2, False, "ablation", "resolved"),
            ("A2", "P03", "L04", D0, "nerve_injury", 3, True, "ablation", "resolved_sequelae"),
        ],
        columns=[
            "ae_id",
            "patient_id",
            "lesion_id",
            "onset_date",
            "term",
            "cirse_grade",
            "serious",
            "related_to",
            "outcome",
        ],
    )
    return conform(
        Dataset(
            {
                "patients": patients,
                "lesions": lesions,
                "procedures": procedures,
                "assessments": assessments,
                "analgesics": analgesics,
                "imaging": imaging,
                "adverse_events": adverse_events,
            }
        )
    )


@pytest.fixture
def tiny() -> Dataset:
    """The hand-built five-patient cohort."""
    return build_tiny()


@pytest.fixture(scope="session")
def tiny_analysis():
    """``StudyAnalysis().fit`` of the tiny cohort, fitted once per session (do not modify it)."""
    from ablacem.analysis.study import StudyAnalysis

    return StudyAnalysis().fit(build_tiny())
