import datetime as dt

import pytest

from ablacem.protocol import VisitState, in_window, study_day, target_date, visit_state, window

D0 = dt.date(2025, 3, 10)


def test_target_and_window_dates():
    assert target_date(D0, "w1") == dt.date(2025, 3, 17)
    assert window(D0, "w1") == (dt.date(2025, 3, 15), dt.date(2025, 3, 20))
    assert window(D0, "m1") == (dt.date(2025, 4, 2), dt.date(2025, 4, 19))
    assert window(D0, "m3") == (dt.date(2025, 5, 25), dt.date(2025, 6, 28))
    assert window(D0, "baseline") == (dt.date(2025, 2, 24), D0)


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (dt.date(2025, 4, 1), VisitState.NOT_YET_OPEN),  # day 22
        (dt.date(2025, 4, 2), VisitState.OPEN),  # day 23, window opens
        (dt.date(2025, 4, 9), VisitState.OPEN),  # day 30, target
        (dt.date(2025, 4, 10), VisitState.OVERDUE),  # day 31
        (dt.date(2025, 4, 19), VisitState.OVERDUE),  # day 40, last day
        (dt.date(2025, 4, 20), VisitState.MISSED),  # day 41
    ],
)
def test_visit_state_through_the_one_month_window(today, state):
    assert visit_state(D0, "m1", today) == state


def test_done_wins_over_dates():
    assert visit_state(D0, "m3", dt.date(2030, 1, 1), done=True) == VisitState.DONE


def test_post_visit_window_is_day_zero_and_the_next_morning():
    # Patients often stay overnight and are assessed the next morning (issue 8).
    assert visit_state(D0, "post", D0) == VisitState.OPEN
    assert in_window(D0, "post", D0 + dt.timedelta(days=1))
    assert visit_state(D0, "post", D0 + dt.timedelta(days=1)) == VisitState.OVERDUE
    assert visit_state(D0, "post", D0 + dt.timedelta(days=2)) == VisitState.MISSED


def test_in_window_and_study_day():
    assert in_window(D0, "w1", dt.date(2025, 3, 15))
    assert not in_window(D0, "w1", dt.date(2025, 3, 21))
    assert study_day(D0, dt.date(2025, 3, 1)) == -9
