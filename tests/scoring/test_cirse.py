"""CIRSE grades (Filippiadis 2017): major = grade 3 or higher (ablacem rule)."""

import numpy as np
import pandas as pd
import pytest

from ablacem.scoring.cirse import GRADES, is_major


def test_grades_are_one_to_six():
    assert GRADES == (1, 2, 3, 4, 5, 6)


@pytest.mark.parametrize(("grade", "major"), [(1, False), (2, False), (3, True), (4, True), (5, True), (6, True)])
def test_major_from_grade_three(grade, major):
    assert is_major(grade) is major


@pytest.mark.parametrize("missing", [None, np.nan])
def test_missing_grade_is_unknown(missing):
    assert is_major(missing) is None


def test_series_keeps_missing_as_na():
    got = is_major(pd.Series([1, 3, np.nan, 6], index=["a", "b", "c", "d"]))
    assert list(got.index) == ["a", "b", "c", "d"]
    assert got.tolist()[:2] == [False, True] and got.tolist()[3] is True
    assert pd.isna(got["c"])


@pytest.mark.parametrize("bad", [0, 7, 2.5])
def test_grades_outside_one_to_six_are_rejected(bad):
    with pytest.raises(ValueError, match="CIRSE grade must be one of 1-6"):
        is_major(bad)
    with pytest.raises(ValueError, match="CIRSE grade must be one of 1-6"):
        is_major(pd.Series([1, bad]))
