import pandas as pd
import pytest

from ablacem.interop.shapes import export_frames, lesions_long, lesions_wide, patients_long, patients_wide
from ablacem.interop.tableset import TableSet


def test_patients_wide_has_one_row_per_patient(small):
    wide = patients_wide(TableSet.from_dataset(small))
    f = wide.frame
    assert len(f) == 2
    assert f.loc[f["patient_id"] == "ABL-001", "vas_worst_m1"].item() == 2.0
    assert pd.isna(f.loc[f["patient_id"] == "ABL-002", "vas_worst_m1"].item())
    assert f.loc[f["patient_id"] == "ABL-002", "vas_worst_w1"].item() == 6.0
    assert [c.name for c in wide.columns] == list(f.columns)
    label = next(c.label for c in wide.columns if c.name == "q29_m3")
    assert label == "QLQ-C30 item 29, 3 months"


def test_patients_long_has_one_row_per_patient_and_timepoint(small):
    f = patients_long(TableSet.from_dataset(small)).frame
    assert len(f) == 2 * 5
    assert list(f["timepoint"][:5]) == ["baseline", "post", "w1", "m1", "m3"]
    row = f[(f["patient_id"] == "ABL-001") & (f["timepoint"] == "post")]
    assert row["vas_worst"].item() == 5.5 and row["age"].item() == 92
    assert f[(f["patient_id"] == "ABL-002") & (f["timepoint"] == "m3")]["status"].isna().all()


def test_lesion_shapes(small):
    ts = TableSet.from_dataset(small)
    wide = lesions_wide(ts).frame
    assert len(wide) == 3
    l1 = wide[wide["lesion_id"] == "ABL-001-L1"]
    assert l1["local_status_m3"].item() == "progression" and l1["cement_ml"].item() == 4.5
    long = lesions_long(ts).frame
    assert len(long) == 3 * 2
    assert set(long["timepoint"]) == {"post", "m3"}


def test_identifiers_are_never_in_the_statistical_files(small):
    for export in export_frames(TableSet.from_dataset(small), "both"):
        assert not {"name", "hospital_number", "birth_date"} & set(export.frame.columns)


def test_shape_selection(small):
    ts = TableSet.from_dataset(small)
    assert [e.stem for e in export_frames(ts, "wide")] == [
        "patients_wide",
        "lesions_wide",
        "analgesics",
        "adverse_events",
    ]
    assert [e.stem for e in export_frames(ts, "long")] == [
        "patients_long",
        "lesions_long",
        "analgesics",
        "adverse_events",
    ]
    with pytest.raises(ValueError, match="shape"):
        export_frames(ts, "tall")
