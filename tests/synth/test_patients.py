"""Patient-level helpers of the synthetic cohort, against hand-worked values."""

import pandas as pd

from ablacem.synth.patients import calendar_age, patient_ids


def test_calendar_age_counts_completed_years():
    birth = pd.Series(pd.to_datetime(["1960-03-15", "1960-03-15", "1960-03-15", "2000-02-29"]))
    on = pd.Series(pd.to_datetime(["2024-03-14", "2024-03-15", "2024-12-31", "2024-02-28"]))
    assert list(calendar_age(birth, on)) == [63, 64, 64, 23]


def test_patient_ids_are_padded_to_at_least_three_digits():
    assert list(patient_ids(2)) == ["ABL-001", "ABL-002"]
    assert patient_ids(12345)[-1] == "ABL-12345" and patient_ids(12345)[0] == "ABL-00001"


def test_several_sites_enrol_in_turn_and_number_their_own_patients():
    from ablacem.synth.patients import site_codes

    assert list(site_codes(5, 2)) == ["ABL", "TOR", "ABL", "TOR", "ABL"]
    assert list(patient_ids(5, 2)) == ["ABL-001", "TOR-001", "ABL-002", "TOR-002", "ABL-003"]
    assert list(patient_ids(3, 1)) == ["ABL-001", "ABL-002", "ABL-003"]


def test_too_many_sites_is_refused():
    import pytest

    from ablacem.synth.patients import SITE_CODES, site_codes

    with pytest.raises(ValueError, match="sites must be between 1 and 10"):
        site_codes(3, len(SITE_CODES) + 1)
