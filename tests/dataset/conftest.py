import pytest

from ablacem.dataset import Dataset
from tests.builders import DatasetBuilder, qlqc30_answers


def _small_dataset() -> Dataset:
    """Two patients written by hand: one completed, one died after the 1-week visit."""
    b = DatasetBuilder()
    b.columns(
        "patients",
        patient_id=["ABL-001", "ABL-002"],
        enrolled_on=["2025-01-06", "2025-01-20"],
        age=[67, 58],
        sex=["F", "M"],
        ecog=[1, 2],
        diagnosis=["malignant", "malignant"],
        primary_tumour=["breast", "lung"],
        end_reason=["completed", "died"],
        end_date=["2025-04-12", "2025-02-20"],
        death_date=[None, "2025-02-20"],
    )
    b.columns(
        "lesions",
        lesion_id=["ABL-001-L1", "ABL-002-L1"],
        patient_id=["ABL-001", "ABL-002"],
        region=["spinal", "extraspinal"],
        site=["L2", "acetabulum"],
        lesion_type=["lytic", "mixed"],
        size_mm=[32.5, 41.0],
        pathologic_fracture=[True, False],
        prior_radiotherapy=[False, None],
        sins_location=[2, None],
        sins_pain=[3, None],
        sins_bone_lesion=[2, None],
        sins_alignment=[0, None],
        sins_collapse=[2, None],
        sins_posterolateral=[1, None],
        sins_total=[10, None],
    )
    b.columns(
        "procedures",
        procedure_id=["ABL-001-P1", "ABL-002-P1"],
        patient_id=["ABL-001", "ABL-002"],
        lesion_id=["ABL-001-L1", "ABL-002-L1"],
        procedure_date=["2025-01-13", "2025-01-27"],
        modality=["rfa", "cryo"],
        guidance=["ct", "ct_fluoro"],
        anaesthesia=["sedation", "general"],
        n_probes=[2, 3],
        ablation_minutes=[7.5, 20.0],
        cement_ml=[4.5, 12.0],
        cement_leakage=[True, False],
        leakage_type=["B", None],
        leakage_symptomatic=[False, None],
        technical_success=[True, True],
        duration_minutes=[75, 120],
        length_of_stay_days=[1, 2],
    )
    tps = ["baseline", "post", "w1", "m1", "m3"]
    b.columns(
        "assessments",
        **{
            "patient_id": ["ABL-001"] * 5 + ["ABL-002"] * 5,
            "timepoint": tps * 2,
            "status": ["done"] * 5 + ["done", "done", "done", "died", "died"],
            "assessed_on": [
                "2025-01-10",
                "2025-01-13",
                "2025-01-20",
                "2025-02-12",
                "2025-04-12",
                "2025-01-22",
                "2025-01-27",
                "2025-02-03",
                None,
                None,
            ],
            "vas_worst": [8.0, 6.5, 4.0, 3.0, 2.5, 7.5, 7.0, 6.0, None, None],
            "vas_average": [6.0, 5.0, 3.0, 2.0, 2.0, 6.0, 6.0, 5.0, None, None],
            **qlqc30_answers([2, 2, 2, 1, 1, 3, 3, 3, None, None], None),
            "q29": [3, 4, 5, 5, 6, 2, 2, 3, None, None],
            "q30": [3, 4, 5, 6, 6, 2, 3, 3, None, None],
        },
    )
    b.columns(
        "analgesics",
        patient_id=["ABL-001", "ABL-001", "ABL-002"],
        timepoint=["baseline", "baseline", "baseline"],
        drug=["oxycodone", "paracetamol", "fentanyl"],
        route=["oral", "oral", "transdermal"],
        dose=[10.0, 1000.0, 25.0],
        unit=["mg", "mg", "mcg/h"],
        per_day=[2.0, 4.0, 1.0],
    )
    b.columns(
        "imaging",
        patient_id=["ABL-001", "ABL-001", "ABL-002"],
        lesion_id=["ABL-001-L1", "ABL-001-L1", "ABL-002-L1"],
        timepoint=["post", "m3", "post"],
        imaged_on=["2025-01-13", "2025-04-10", "2025-01-27"],
        local_status=["controlled", "controlled", "controlled"],
        distant_progression=[False, True, False],
    )
    b.columns(
        "adverse_events",
        ae_id=["ABL-001-AE1"],
        patient_id=["ABL-001"],
        lesion_id=["ABL-001-L1"],
        onset_date=["2025-01-13"],
        term=["pain_flare"],
        cirse_grade=[2],
        serious=[False],
        related_to=["ablation"],
        outcome=["resolved"],
        description=["settled with paracetamol, Müller protocol"],
    )
    b.columns(
        "identifiers",
        patient_id=["ABL-001", "ABL-002"],
        name=["Jeanne Dupont", "Émile Zola"],
        hospital_number=["H1234567", "H7654321"],
        birth_date=["1957-05-01", "1966-11-30"],
    )
    return b.build()


@pytest.fixture
def small_dataset() -> Dataset:
    return _small_dataset()
