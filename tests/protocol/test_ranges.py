import math

import pytest

from ablacem.protocol import ranges as rg


@pytest.mark.parametrize(("value", "ok"), [(0, True), (10, True), (7.5, True), (10.1, False), (-0.1, False)])
def test_vas_range(value, ok):
    assert (rg.VAS.problem(value) is None) is ok


def test_vas_allows_one_decimal_only():
    assert rg.VAS.problem(7.25) == "VAS pain allows at most 1 decimal(s)"
    assert rg.VAS.problem(math.nan) is None


def test_qlq_item_ranges():
    assert rg.QLQC30_ITEMS[0] == "q1" and rg.QLQC30_ITEMS[-1] == "q30"
    assert rg.QLQC30_ITEM_RANGE["q28"].maximum == 4
    assert rg.QLQC30_ITEM_RANGE["q29"].maximum == 7
    assert rg.QLQC30_ITEM_RANGE["q4"].problem(2.5) == "QLQ-C30 item 4 must be a whole number"
    assert rg.QLQC30_ITEM_RANGE["q30"].problem(8) == "QLQ-C30 item 30 must be between 1 and 7"


def test_cement_volume():
    assert rg.CEMENT_ML.problem(50) is None
    assert "between 0 and 50 mL" in rg.CEMENT_ML.problem(51)
