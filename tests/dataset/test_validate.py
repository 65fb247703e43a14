import pytest

from ablacem.dataset import DatasetError, validate


def test_valid_dataset_passes(small_dataset):
    assert validate(small_dataset) is small_dataset


def test_duplicate_key_is_reported_on_both_lines(small_dataset):
    ds = small_dataset.copy()
    ds.lesions.loc[1, "lesion_id"] = "ABL-001-L1"
    with pytest.raises(DatasetError) as err:
        validate(ds)
    dupes = [p for p in err.value.problems if "duplicate key" in p.message]
    assert {p.row for p in dupes} == {2, 3}
    assert all(p.file == "lesions.csv" for p in dupes)


def test_required_value(small_dataset):
    ds = small_dataset.copy()
    ds.patients.loc[0, "sex"] = None
    with pytest.raises(DatasetError, match=r"patients\.csv, line 2, column sex: a value is required"):
        validate(ds)


def test_foreign_keys(small_dataset):
    ds = small_dataset.copy()
    ds.imaging.loc[2, "lesion_id"] = "ABL-009-L1"
    ds.adverse_events.loc[0, "lesion_id"] = "ABL-002-L1"
    with pytest.raises(DatasetError) as err:
        validate(ds)
    messages = [str(p) for p in err.value.problems]
    assert "imaging.csv, line 4, column lesion_id: 'ABL-009-L1' is not in lesions.csv" in messages
    assert (
        "adverse_events.csv, line 2, column lesion_id: lesion 'ABL-002-L1' belongs to patient 'ABL-002', not 'ABL-001'"
        in messages
    )


def test_integer_code_columns_are_checked(small_dataset):
    ds = small_dataset.copy()
    ds.lesions.loc[0, "sins_pain"] = 2  # SINS pain scores 0, 1 or 3
    with pytest.raises(DatasetError, match=r"lesions.csv, line 2, column sins_pain: 2 must be one of 3, 1, 0"):
        validate(ds)
