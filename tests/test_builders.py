"""The tests' dataset builder: what it fills in, and the mistakes it names."""

import pandas as pd
import pytest

from tests.builders import DatasetBuilder, qlqc30_answers


def test_rows_columns_and_visits_build_one_conformed_dataset():
    b = DatasetBuilder(day0="2025-01-10")
    b.columns("patients", patient_id=["P1", "P2"], enrolled_on=b.day(-3), sex=["F", "M"])
    b.rows("lesions", ["lesion_id", "patient_id"], [("L1", "P1")])
    b.visit("P1", "baseline", day=-1, vas_worst=7.0, **qlqc30_answers(2, 5))
    b.visit("P1", "m1", "missed", day=30)
    ds = b.build()
    assert ds.patients["enrolled_on"].tolist() == [pd.Timestamp("2025-01-07")] * 2  # a scalar fills every row
    assert ds.assessments["assessed_on"].tolist()[0] == pd.Timestamp("2025-01-09")
    assert pd.isna(ds.assessments["assessed_on"].iloc[1])  # no date for a visit not done
    assert (ds.assessments.loc[0, "q28"], ds.assessments.loc[0, "q29"]) == (2, 5)
    assert ds.procedures.empty and list(ds.procedures.columns)  # tables not given are empty, with their columns


def test_mistakes_are_named():
    with pytest.raises(KeyError, match="unknown table 'patient'"):
        DatasetBuilder().row("patient", patient_id="P1")
    with pytest.raises(ValueError, match="day0"):
        DatasetBuilder().day(3)
    with pytest.raises(ValueError, match="patients: the columns given as lists must have one common length"):
        DatasetBuilder().columns("patients", patient_id=["P1", "P2"], age=[60])
