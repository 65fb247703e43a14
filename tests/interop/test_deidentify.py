import hashlib
import hmac

import pandas as pd
import pytest

from ablacem.dataset import TABLES, validate
from ablacem.interop.deidentify import (
    MAX_SHIFT_DAYS,
    deidentified_dataset,
    deidentify,
    derived_shift,
    in_pseudonym_order,
)
from ablacem.interop.tableset import TableSet
from tests.interop.helpers import KEY, OTHER_KEY


def _expected(kind: str, prefix: str, value: str, key: bytes = KEY) -> str:
    return prefix + hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:10]


def test_identifiers_and_free_text_are_gone(small):
    ts = deidentify(small, key=KEY)
    assert "identifiers" not in ts.frames
    assert "description" not in ts.frames["adverse_events"]
    assert ts.deidentified and ts.date_mode == "relative"


def test_contact_details_are_identifiers_and_never_leave_de_identified(cohort):
    contact = ("email", "mobile", "contact_channel", "contact_consent")
    assert all(TABLES["identifiers"].column(c).identifier for c in contact)
    for mode in ("relative", "shift"):
        ts = deidentify(cohort, key=KEY, date_mode=mode)
        assert not any(c in frame.columns for frame in ts.frames.values() for c in contact)
        text = "\n".join(frame.to_csv() for frame in ts.frames.values())
        assert not any(address in text for address in cohort.identifiers["email"])
        assert not any(number.lstrip("+") in text for number in cohort.identifiers["mobile"])


def test_ids_are_keyed_hashes(small):
    ts = deidentify(small, key=KEY)
    assert list(ts.frames["patients"]["patient_id"]) == [
        _expected("patient", "P-", "ABL-001"),
        _expected("patient", "P-", "ABL-002"),
    ]
    assert ts.frames["lesions"]["lesion_id"].iloc[0] == _expected("lesion", "L-", "ABL-001-L1")
    assert ts.frames["procedures"]["procedure_id"].iloc[2] == _expected("procedure", "R-", "ABL-002-P1")
    assert ts.frames["adverse_events"]["ae_id"].iloc[0] == _expected("ae", "AE-", "ABL-001-AE1")
    # lesion references stay consistent across tables
    assert ts.frames["procedures"]["lesion_id"].iloc[0] == ts.frames["lesions"]["lesion_id"].iloc[0]
    assert pd.isna(ts.frames["adverse_events"]["lesion_id"].iloc[1])


def test_pseudonyms_are_stable_and_change_with_the_key(small):
    first = deidentify(small, key=KEY).frames["patients"]["patient_id"]
    again = deidentify(small, key=KEY).frames["patients"]["patient_id"]
    other = deidentify(small, key=OTHER_KEY).frames["patients"]["patient_id"]
    assert list(first) == list(again)
    assert not set(first) & set(other)


def test_relative_dates_are_days_from_the_procedure(small):
    ts = deidentify(small, key=KEY, date_mode="relative")
    p = ts.frames["patients"]
    # ABL-001: procedure 2024-03-08; ABL-002: 2024-04-15 (counted by hand)
    assert list(p["enrolled_on_day"]) == [-7, -5]
    assert list(p["end_date_day"]) == [89, 35]
    assert pd.isna(p["death_date_day"].iloc[0]) and p["death_date_day"].iloc[1] == 35
    assert list(ts.frames["assessments"]["assessed_on_day"]) == [-3, 0, 31, -3, 7]
    assert list(ts.frames["imaging"]["imaged_on_day"]) == [0, 87, 0]
    assert list(ts.frames["adverse_events"]["onset_date_day"]) == [12, 35]
    assert "procedure_date" not in ts.frames["procedures"]
    assert ts.column("patients", "enrolled_on_day").dtype == "integer"
    assert ts.source_name("patients", "enrolled_on_day") == "enrolled_on"


def test_ages_over_89_are_top_coded(small):
    ts = deidentify(small, key=KEY)
    assert list(ts.frames["patients"]["age"]) == [90, 61]
    assert "90" in ts.column("patients", "age").label


def test_shift_mode_uses_the_given_offsets(small):
    ts = deidentify(small, key=KEY, date_mode="shift", shifts={"ABL-001": 10, "ABL-002": -20})
    p = ts.frames["patients"]
    assert list(p["enrolled_on"]) == [pd.Timestamp("2024-03-11"), pd.Timestamp("2024-03-21")]
    assert ts.frames["procedures"]["procedure_date"].iloc[2] == pd.Timestamp("2024-03-26")


def test_shift_mode_without_offsets_derives_them_from_the_key(small):
    ts = deidentify(small, key=KEY, date_mode="shift")
    shift = derived_shift(KEY, "ABL-001")
    assert 1 <= abs(shift) <= MAX_SHIFT_DAYS
    assert ts.frames["patients"]["enrolled_on"].iloc[0] == pd.Timestamp("2024-03-01") + pd.Timedelta(days=shift)


def test_derived_shifts_cover_both_directions_and_never_zero():
    shifts = [derived_shift(KEY, f"ABL-{i:03d}") for i in range(200)]
    assert 0 not in shifts
    assert min(shifts) < -90 and max(shifts) > 90
    assert all(abs(s) <= MAX_SHIFT_DAYS for s in shifts)


def test_missing_shift_and_bad_key_are_refused(small):
    with pytest.raises(ValueError, match="no date shift"):
        deidentify(small, key=KEY, date_mode="shift", shifts={"ABL-001": 3})
    with pytest.raises(ValueError, match="at least 16 bytes"):
        deidentify(small, key=b"short")
    with pytest.raises(ValueError, match="date_mode"):
        deidentify(small, key=KEY, date_mode="year")


def test_deidentified_dataset_is_a_valid_tidy_dataset(small):
    ds = deidentified_dataset(small, key=KEY, shifts={"ABL-001": 10, "ABL-002": -20})
    validate(ds)
    assert ds.identifiers.empty
    p1, p2 = _expected("patient", "P-", "ABL-001"), _expected("patient", "P-", "ABL-002")
    assert list(ds.patients["patient_id"]) == sorted([p1, p2])  # pseudonym order, not study order
    enrolled = dict(zip(ds.patients["patient_id"], ds.patients["enrolled_on"], strict=True))
    assert enrolled == {p1: pd.Timestamp("2024-03-11"), p2: pd.Timestamp("2024-03-21")}
    assert ds.adverse_events["description"].isna().all()
    ages = dict(zip(ds.patients["patient_id"], ds.patients["age"], strict=True))
    assert ages == {p1: 90, p2: 61}


def test_pseudonym_order_sorts_every_table_and_keeps_each_patients_rows(small):
    ts = deidentify(small, key=KEY)
    ordered = in_pseudonym_order(ts)
    p1, p2 = _expected("patient", "P-", "ABL-001"), _expected("patient", "P-", "ABL-002")
    assert p2 < p1  # P-5d4e705809 < P-65a5a34dd4
    assert ordered.frames["patients"]["patient_id"].tolist() == [p2, p1]
    assert ordered.frames["assessments"]["assessed_on_day"].tolist() == [-3, 7, -3, 0, 31]  # ABL-002's, then ABL-001's
    assert ts.frames["patients"]["patient_id"].tolist() == [p1, p2]  # the input is untouched
    with pytest.raises(ValueError, match="de-identified"):
        in_pseudonym_order(TableSet.from_dataset(small))


def test_pseudonymised_id_columns_say_so_in_their_labels(small):
    ts = deidentify(small, key=KEY)
    assert ts.column("patients", "patient_id").label == "Study ID (pseudonym)"
    assert ts.column("lesions", "lesion_id").label == "Lesion ID (pseudonym)"
    assert ts.column("adverse_events", "lesion_id").label.endswith("(pseudonym)")
