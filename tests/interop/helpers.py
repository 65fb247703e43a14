"""Shared test data and helpers: a small hand-built dataset (values chosen to check by hand)."""

from __future__ import annotations

import pandas as pd

from ablacem.dataset import TABLES, Dataset
from tests.builders import DatasetBuilder

KEY = b"test-key-0123456789abcdef"
OTHER_KEY = b"another-key-0123456789abcdef"


def small_dataset() -> Dataset:
    """Two patients, three lesions, every value chosen to be checked by hand."""
    b = DatasetBuilder()
    b.columns(
        "patients",
        patient_id=["ABL-001", "ABL-002"],
        enrolled_on=["2024-03-01", "2024-04-10"],
        age=[92, 61],
        sex=["F", "M"],
        ecog=[1, 2],
        diagnosis=["malignant", "benign"],
        primary_tumour=["breast", "aggressive_haemangioma"],
        end_reason=["completed", "died"],
        end_date=["2024-06-05", "2024-05-20"],
        death_date=[None, "2024-05-20"],
    )
    b.columns(
        "lesions",
        lesion_id=["ABL-001-L1", "ABL-001-L2", "ABL-002-L1"],
        patient_id=["ABL-001", "ABL-001", "ABL-002"],
        region=["spinal", "extraspinal", "spinal"],
        site=["T12", "acetabulum", "L3"],
        lesion_type=["lytic", "mixed", "lytic"],
        size_mm=[25.5, 40.0, 18.0],
        pathologic_fracture=[True, False, None],
        prior_radiotherapy=[False, False, True],
        sins_location=[3, None, 2],
        sins_pain=[3, None, 1],
    )
    b.columns(
        "procedures",
        procedure_id=["ABL-001-P1", "ABL-001-P2", "ABL-002-P1"],
        patient_id=["ABL-001", "ABL-001", "ABL-002"],
        lesion_id=["ABL-001-L1", "ABL-001-L2", "ABL-002-L1"],
        procedure_date=["2024-03-08", "2024-03-08", "2024-04-15"],
        modality=["rfa", "cryo", "rfa"],
        guidance=["ct", "ct_fluoro", "fluoro"],
        anaesthesia=["sedation", "general", "local"],
        n_probes=[1, 3, 1],
        ablation_minutes=[6.5, 20.0, 7.0],
        cement_ml=[4.5, 12.0, 3.0],
        cement_leakage=[True, False, False],
        leakage_type=["S", None, None],
        leakage_symptomatic=[False, None, None],
        technical_success=[True, True, True],
        duration_minutes=[75, 75, 50],
        length_of_stay_days=[1, 1, 0],
    )
    b.columns(
        "assessments",
        patient_id=["ABL-001", "ABL-001", "ABL-001", "ABL-002", "ABL-002"],
        timepoint=["baseline", "post", "m1", "baseline", "w1"],
        status=["done", "done", "done", "done", "done"],
        assessed_on=["2024-03-05", "2024-03-08", "2024-04-08", "2024-04-12", "2024-04-22"],
        vas_worst=[8.0, 5.5, 2.0, 7.0, 6.0],
        vas_average=[6.0, 4.0, 1.5, None, 5.0],
        q1=[2, 2, 1, 3, None],
        q29=[3, 4, 6, 2, 2],
    )
    b.columns(
        "analgesics",
        patient_id=["ABL-001", "ABL-001", "ABL-002"],
        timepoint=["baseline", "baseline", "baseline"],
        drug=["morphine", "paracetamol", "fentanyl"],
        route=["oral", "oral", "transdermal"],
        dose=[10.0, 1000.0, 25.0],
        unit=["mg", "mg", "mcg/h"],
        per_day=[4.0, 3.0, 1.0],
    )
    b.columns(
        "imaging",
        patient_id=["ABL-001", "ABL-001", "ABL-002"],
        lesion_id=["ABL-001-L1", "ABL-001-L1", "ABL-002-L1"],
        timepoint=["post", "m3", "post"],
        imaged_on=["2024-03-08", "2024-06-03", "2024-04-15"],
        local_status=["controlled", "progression", "controlled"],
        distant_progression=[False, True, None],
    )
    b.columns(
        "adverse_events",
        ae_id=["ABL-001-AE1", "ABL-002-AE1"],
        patient_id=["ABL-001", "ABL-002"],
        lesion_id=["ABL-001-L1", None],
        onset_date=["2024-03-20", "2024-05-20"],
        term=["pain_flare", "death"],
        cirse_grade=[2, 6],
        serious=[False, True],
        related_to=["cement", "other"],
        outcome=["resolved", "fatal"],
        description=["Flare at Jane Roe's T12 site", None],
    )
    b.columns(
        "identifiers",
        patient_id=["ABL-001", "ABL-002"],
        name=["Jane Roe", "Jean-Luc Émile"],
        hospital_number=["H0000123", "H9876543"],
        birth_date=["1931-08-17", "1962-02-14"],
    )
    return b.build(validated=True)


def canonical(frame: pd.DataFrame, key: tuple[str, ...] = ()) -> pd.DataFrame:
    """Rows in a fixed order (by key, else by every column), index reset: row order carries no meaning."""
    by = list(key) or list(frame.columns)
    return frame.sort_values(by, kind="stable", na_position="first").reset_index(drop=True)


def assert_same_dataset(a: Dataset, b: Dataset) -> None:
    """Every table exactly equal (values and dtypes), whatever the row order."""
    for name, table in TABLES.items():
        left = canonical(a[name][table.column_names], table.key)
        right = canonical(b[name][table.column_names], table.key)
        pd.testing.assert_frame_equal(left, right, check_exact=True, obj=name)
