"""The one rule for a visit's state, with the end of study, and what a visit without a record is called."""

import datetime as dt

import pytest

from ablacem.protocol import codelists as cl
from ablacem.protocol.end_of_study import END_REASON_OF_STATUS, VISIT_STATUS_AFTER_END, study_end
from ablacem.protocol.windows import VisitState, missed_too_early, unrecorded_visit_status, visit_state

D0 = dt.date(2025, 3, 10)  # m1: target 2025-04-09, window 2025-04-02 to 2025-04-19
LATER = dt.date(2025, 12, 1)


def test_every_end_reason_maps_to_an_assessment_status_and_back():
    assert set(VISIT_STATUS_AFTER_END) == set(cl.END_REASON.codes)
    assert set(VISIT_STATUS_AFTER_END.values()) <= set(cl.ASSESSMENT_STATUS.codes)
    assert END_REASON_OF_STATUS == {"died": "died", "withdrawn": "withdrew"}


def test_study_end_is_the_death_for_a_patient_who_died():
    assert study_end("died", dt.date(2025, 4, 3), dt.date(2025, 4, 1)) == dt.date(2025, 4, 1)
    assert study_end("died", dt.date(2025, 4, 3), None) == dt.date(2025, 4, 3)
    assert study_end("withdrew", dt.date(2025, 4, 3), None) == dt.date(2025, 4, 3)
    assert study_end("", None, None) is None
    assert study_end(None, dt.date(2025, 4, 3), None) is None


@pytest.mark.parametrize(
    ("end_reason", "end_date", "death_date", "state"),
    [
        ("died", dt.date(2025, 4, 8), dt.date(2025, 4, 8), VisitState.NOT_EXPECTED),  # day 29 < target 30
        ("died", dt.date(2025, 4, 9), dt.date(2025, 4, 9), VisitState.MISSED),  # on the target day
        ("withdrew", dt.date(2025, 3, 20), None, VisitState.NOT_EXPECTED),
        ("lost", dt.date(2025, 4, 15), None, VisitState.MISSED),
        ("", None, None, VisitState.MISSED),  # window closed on 2025-04-19
    ],
)
def test_the_end_of_study_decides_before_the_window(end_reason, end_date, death_date, state):
    got = visit_state(D0, "m1", LATER, end_reason=end_reason, end_date=end_date, death_date=death_date)
    assert got == state


def test_an_ended_study_makes_an_open_visit_missed_not_due():
    # Withdrew on day 31 (past the target, window still open): the patient is not seen again.
    today = dt.date(2025, 4, 12)
    assert visit_state(D0, "m1", today) == VisitState.OVERDUE
    assert visit_state(D0, "m1", today, end_reason="withdrew", end_date=dt.date(2025, 4, 10)) == VisitState.MISSED


def test_an_end_after_today_is_not_yet_an_end():
    today = dt.date(2025, 4, 3)
    got = visit_state(D0, "m1", today, end_reason="withdrew", end_date=dt.date(2025, 4, 5))
    assert got == VisitState.OPEN


def test_a_recorded_visit_is_done_whatever_the_end_of_study():
    got = visit_state(D0, "m1", LATER, done=True, end_reason="died", end_date=D0, death_date=D0)
    assert got == VisitState.DONE


@pytest.mark.parametrize(
    ("state", "end_reason", "status"),
    [
        (VisitState.NOT_YET_OPEN, None, "not_due"),
        (VisitState.OPEN, None, "not_due"),
        (VisitState.OVERDUE, None, "not_due"),
        (VisitState.MISSED, None, "missed"),
        (VisitState.MISSED, "lost", "missed"),
        (VisitState.NOT_EXPECTED, "died", "died"),
        (VisitState.NOT_EXPECTED, "withdrew", "withdrawn"),
        (VisitState.NOT_EXPECTED, "lost", "missed"),
    ],
)
def test_status_of_a_visit_without_a_record(state, end_reason, status):
    assert unrecorded_visit_status(state, end_reason) == status


def test_a_recorded_visit_has_no_derived_status():
    with pytest.raises(ValueError, match="recorded"):
        unrecorded_visit_status(VisitState.DONE)


def test_missed_is_refused_before_the_window_opens_with_the_window_named():
    message = missed_too_early(D0, "m3", "missed", dt.date(2025, 3, 25))
    assert message is not None
    assert "3 months" in message and "2025-05-25 to 2025-06-28" in message


@pytest.mark.parametrize(
    ("status", "today"),
    [
        ("missed", dt.date(2025, 5, 25)),  # the window has opened
        ("died", dt.date(2025, 3, 25)),  # an end of study makes sense early
        ("withdrawn", dt.date(2025, 3, 25)),
    ],
)
def test_missed_is_allowed_once_the_window_opened_and_died_or_withdrew_any_time(status, today):
    assert missed_too_early(D0, "m3", status, today) is None
