"""SINS location points and patient-level helpers, against the published definitions."""

import numpy as np
import pandas as pd

from ablacem.protocol.codelists import SPINAL_SITES
from ablacem.synth.lesions import sins_location_points
from ablacem.synth.patients import calendar_age, patient_ids


def test_sins_location_points_follow_fisher_2010():
    levels = ["C1", "C2", "C5", "C7", "T1", "T2", "T3", "T10", "T11", "L1", "L2", "L4", "L5", "S1", "S2", "S5"]
    expected = [3, 3, 2, 3, 3, 3, 1, 1, 3, 3, 2, 2, 3, 3, 0, 0]
    index = np.array([SPINAL_SITES.index(level) for level in levels])
    assert list(sins_location_points(index)) == expected


def test_calendar_age_counts_completed_years():
    birth = pd.Series(pd.to_datetime(["1960-03-15", "1960-03-15", "1960-03-15", "2000-02-29"]))
    on = pd.Series(pd.to_datetime(["2024-03-14", "2024-03-15", "2024-12-31", "2024-02-28"]))
    assert list(calendar_age(birth, on)) == [63, 64, 64, 23]


def test_patient_ids_are_padded_to_at_least_three_digits():
    assert list(patient_ids(2)) == ["ABL-001", "ABL-002"]
    assert patient_ids(12345)[-1] == "ABL-12345" and patient_ids(12345)[0] == "ABL-00001"
