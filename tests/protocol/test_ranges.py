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


def test_date_rules_are_one_declaration_and_never_repeat_the_value():
    import datetime as dt

    from ablacem.dataset.schema import TABLES
    from ablacem.protocol.ranges import BIRTH_DATE, ENROLMENT_DATE

    today = dt.date(2026, 1, 15)
    assert BIRTH_DATE.problem(dt.date(1066, 5, 12), today=today) == BIRTH_DATE.message
    assert "1066" not in BIRTH_DATE.message
    assert BIRTH_DATE.problem(dt.date(1900, 1, 1), today=today) is None
    assert BIRTH_DATE.problem(dt.date(2026, 1, 16), today=today) == BIRTH_DATE.message
    assert BIRTH_DATE.problem(None, today=today) is None
    assert (
        ENROLMENT_DATE.problem(dt.date(1, 1, 1))
        == "Date of enrolment must be between 2000-01-01 and today (check the year)"
    )
    assert ENROLMENT_DATE.problem(today, today=today) is None
    # the dataset schema carries the very same rules the forms apply
    assert TABLES["identifiers"].column("birth_date").dates is BIRTH_DATE
    assert TABLES["patients"].column("enrolled_on").dates is ENROLMENT_DATE


def test_a_value_smaller_than_the_resolution_is_not_taken_for_zero():
    assert rg.VAS.problem(1e-320) == "VAS pain allows at most 1 decimal(s)"
    assert rg.CEMENT_ML.problem(1e-7) == "cement volume allows at most 1 decimal(s)"
    assert rg.AGE.problem(60.000001) == "age must be a whole number"
    assert rg.VAS.problem(0.1 + 0.2) is None  # 0.30000000000000004: the float's own error, one decimal
    assert rg.DOSE.problem(0.001) is None


def test_text_too_long_names_the_field_and_the_limit():
    assert (
        rg.text_too_long("Description", "x" * 2001, 2000)
        == "Description must be at most 2000 characters (this one has 2001)"
    )
    assert rg.text_too_long("Description", "x" * 2000, 2000) is None
