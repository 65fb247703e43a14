import io

import pandas as pd
import pytest

from ablacem.interop.deidentify import deidentify
from ablacem.interop.redcap import export_records, import_records
from tests.interop.helpers import KEY, assert_same_dataset


def _through_csv(records: pd.DataFrame) -> pd.DataFrame:
    buffer = io.StringIO()
    records.to_csv(buffer, index=False)
    buffer.seek(0)
    return pd.read_csv(buffer, dtype=str, keep_default_na=False)


def test_flat_layout(small):
    rec = export_records(small)
    assert rec.columns[:4].tolist() == [
        "record_id",
        "redcap_event_name",
        "redcap_repeat_instrument",
        "redcap_repeat_instance",
    ]
    base = rec[(rec["record_id"] == "ABL-001") & (rec["redcap_event_name"] == "baseline_arm_1")]
    main = base[base["redcap_repeat_instrument"] == ""].iloc[0]
    assert (main["sex"], main["primary_tumour"], main["age"], main["enrolled_on"]) == ("1", "1", "92", "2024-03-01")
    assert (main["name"], main["vas_worst"], main["enrolment_complete"]) == ("Jane Roe", "8.0", "2")
    lesions = base[base["redcap_repeat_instrument"] == "lesions"]
    assert lesions["redcap_repeat_instance"].tolist() == ["1", "2"]
    # lesion_site lists C1-C7 (1-7), T1-T12 (8-19), L1-L5, S1-S5 (20-29), then acetabulum (30)
    assert lesions["lesion_site"].tolist() == ["19", "30"]
    assert lesions["lesion_pathologic_fracture"].tolist() == ["1", "0"]
    m3 = rec[(rec["record_id"] == "ABL-001") & (rec["redcap_event_name"] == "m3_arm_1")]
    assert m3["redcap_repeat_instrument"].tolist() == ["", "imaging"]
    assert m3["end_reason"].tolist() == ["1", ""]


def test_adverse_events_go_to_the_event_of_their_onset(small):
    rec = export_records(small)
    ae = rec[rec["redcap_repeat_instrument"] == "adverse_events"].set_index("record_id")
    assert ae.loc["ABL-001", "redcap_event_name"] == "w1_arm_1"  # onset day 12
    assert ae.loc["ABL-002", "redcap_event_name"] == "m1_arm_1"  # onset day 35


def test_round_trip_small(small):
    back, report = import_records(_through_csv(export_records(small)))
    assert report == []
    assert_same_dataset(small, back)


def test_round_trip_synthetic_cohort(cohort):
    assert not cohort.identifiers.empty
    back, report = import_records(_through_csv(export_records(cohort)))
    assert report == []
    assert_same_dataset(cohort, back)


def test_deidentified_records(small):
    rec = export_records(deidentify(small, key=KEY))
    assert set(rec["record_id"]) == set(deidentify(small, key=KEY).frames["patients"]["patient_id"])
    assert "enrolled_on_day" in rec.columns and "name" not in rec.columns


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_round_trip_other_synthetic_cohorts(seed):
    import warnings

    from ablacem.synth import generate

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        cohort = generate(15, seed=seed)
    back, report = import_records(_through_csv(export_records(cohort)))
    assert report == []
    assert_same_dataset(cohort, back)
