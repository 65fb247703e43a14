import pytest

from ablacem.protocol import FOLLOW_UP_CODES, IMAGING_TIMEPOINT_CODES, TIMEPOINT_CODES, TIMEPOINTS, get_timepoint
from ablacem.protocol.timepoints import ANALGESICS, IMAGING, QLQC30, VAS


def test_schedule_codes_in_order():
    assert TIMEPOINT_CODES == ("baseline", "post", "w1", "m1", "m3")
    assert FOLLOW_UP_CODES == ("post", "w1", "m1", "m3")
    assert [tp.order for tp in TIMEPOINTS] == [0, 1, 2, 3, 4]


@pytest.mark.parametrize(
    ("code", "day", "lower", "upper"),
    [("baseline", 0, -14, 0), ("post", 0, 0, 1), ("w1", 7, 5, 10), ("m1", 30, 23, 40), ("m3", 90, 76, 110)],
)
def test_windows_are_those_of_the_protocol(code, day, lower, upper):
    tp = get_timepoint(code)
    assert (tp.day, tp.lower, tp.upper) == (day, lower, upper)
    assert tp.lower <= tp.day <= tp.upper


def test_every_visit_collects_pain_analgesics_and_qlq_and_imaging_only_post_and_m3():
    for tp in TIMEPOINTS:
        assert {VAS, ANALGESICS, QLQC30} <= tp.collects
    assert IMAGING_TIMEPOINT_CODES == ("post", "m3")
    assert all((IMAGING in tp.collects) == (tp.code in ("post", "m3")) for tp in TIMEPOINTS)


def test_unknown_timepoint_names_the_valid_codes():
    with pytest.raises(KeyError, match="baseline, post, w1, m1, m3"):
        get_timepoint("m6")


def test_the_analysis_plan_states_the_protocol_windows():
    import re
    from pathlib import Path

    from ablacem.protocol import TIMEPOINTS

    sap = Path(__file__).resolve().parents[2] / "docs" / "statistical-analysis-plan.md"
    text = " ".join(sap.read_text(encoding="utf-8").split())
    for tp in TIMEPOINTS:
        found = re.search(rf"{re.escape(tp.label.lower())} (-?\d+) to (\d+)", text.lower())
        assert found, f"the {tp.label} window is not stated in the analysis plan"
        assert (int(found.group(1)), int(found.group(2))) == (tp.lower, tp.upper), tp.code


def test_timepoints_by_name_follow_the_schedule():
    from ablacem.protocol.timepoints import BASELINE, MONTH_1, MONTH_3, POST, WEEK_1, get_timepoint

    assert [get_timepoint(c).day for c in (BASELINE, POST, WEEK_1, MONTH_1, MONTH_3)] == [0, 0, 7, 30, 90]
    assert (get_timepoint(MONTH_1).label, get_timepoint(MONTH_3).label) == ("1 month", "3 months")
