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


def test_a_text_longer_than_declared_is_named_by_its_length_not_repeated(small_dataset):
    ds = small_dataset.copy()
    ds.adverse_events.loc[0, "description"] = "x" * 1_048_576
    with pytest.raises(DatasetError) as exc:
        validate(ds)
    assert [str(p) for p in exc.value.problems] == [
        "adverse_events.csv, line 2, column description: a text of 1048576 characters must be at most 2000 characters"
    ]


def test_a_value_with_more_decimals_than_declared_is_refused_however_small(small_dataset):
    ds = small_dataset.copy()
    ds.procedures.loc[0, "cement_ml"] = 1e-320
    with pytest.raises(DatasetError) as exc:
        validate(ds)
    assert [p.column for p in exc.value.problems] == ["cement_ml"]
    assert "at most 1 decimal(s)" in str(exc.value)
