import pytest

from ablacem.interop.deidentify import deidentify
from ablacem.interop.odm import read_odm, schema_errors, write_odm
from tests.interop.helpers import KEY, assert_same_dataset


def test_round_trip_small(small, tmp_path):
    assert_same_dataset(small, read_odm(write_odm(small, tmp_path / "s.xml")))


@pytest.mark.slow
def test_round_trip_synthetic_cohort(cohort, tmp_path):
    path = write_odm(cohort, tmp_path / "c.xml")
    assert schema_errors(path) == []
    assert_same_dataset(cohort, read_odm(path))


def test_shifted_deidentified_file_reads_back(small, tmp_path):
    ts = deidentify(small, key=KEY, date_mode="shift", shifts={"ABL-001": 5, "ABL-002": -5})
    back = read_odm(write_odm(ts, tmp_path / "shift.xml"))
    assert back.identifiers.empty
    assert list(back.patients["patient_id"]) == list(ts.frames["patients"]["patient_id"])
    assert back.patients["enrolled_on"].dt.strftime("%Y-%m-%d").tolist() == ["2024-03-06", "2024-04-05"]


def test_relative_deidentified_file_is_refused(small, tmp_path):
    path = write_odm(deidentify(small, key=KEY), tmp_path / "rel.xml")
    with pytest.raises(ValueError, match="relative days cannot be read back"):
        read_odm(path)
