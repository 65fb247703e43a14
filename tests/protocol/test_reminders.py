"""The due rule of invitations and reminders, against days worked out by hand from the windows."""

from __future__ import annotations

import datetime as dt

import pytest

from ablacem.protocol.codelists import END_DIED, END_WITHDREW
from ablacem.protocol.reminders import (
    INVITATION,
    MessageSchedule,
    ScheduledMessage,
    due_message,
    message_days,
    parse_offsets,
)

DAY0 = dt.date(2026, 3, 2)
DEFAULT = MessageSchedule()


def day(n: int) -> dt.date:
    return DAY0 + dt.timedelta(days=n)


def due(tp: str, n: int, **kw) -> ScheduledMessage | None:
    kw.setdefault("recorded", False)
    kw.setdefault("schedule", DEFAULT)
    return due_message(procedure_date=DAY0, timepoint=tp, today=day(n), **kw)


def test_week_1_invitation_at_window_opening_reminders_inside_the_window():
    # w1: window days 5-10, target 7; reminders at 7, 9 and (12, outside the window: dropped).
    assert message_days(DAY0, "w1", DEFAULT) == (
        ScheduledMessage(0, day(5)),
        ScheduledMessage(1, day(7)),
        ScheduledMessage(2, day(9)),
    )


def test_month_3_has_all_three_reminders():
    # m3: window 76-110, target 90.
    assert [(m.number, m.send_on) for m in message_days(DAY0, "m3", DEFAULT)] == [
        (0, day(76)),
        (1, day(90)),
        (2, day(92)),
        (3, day(95)),
    ]


def test_invitation_days_before_target_never_before_the_window():
    three_before = MessageSchedule(invite_days_before_target=3, reminder_offsets=(1,))
    assert message_days(DAY0, "m1", three_before) == (ScheduledMessage(0, day(27)), ScheduledMessage(1, day(31)))
    # w1 opens on day 5; 3 days before the target (day 4) is before it.
    assert message_days(DAY0, "w1", three_before)[0] == ScheduledMessage(0, day(5))


def test_reminder_on_or_before_the_invitation_is_dropped():
    schedule = MessageSchedule(invite_days_before_target=0, reminder_offsets=(-2, 0, 1))
    assert message_days(DAY0, "w1", schedule) == (ScheduledMessage(0, day(7)), ScheduledMessage(1, day(8)))


@pytest.mark.parametrize("tp", ["baseline", "post"])
def test_visits_answered_in_clinic_are_never_messaged(tp):
    assert message_days(DAY0, tp, DEFAULT) == ()
    assert due(tp, 0) is None


def test_nothing_before_the_window_opens():
    assert due("w1", 4) is None


def test_invitation_on_opening_day_then_nothing_until_the_first_reminder():
    assert due("w1", 5) == ScheduledMessage(INVITATION, day(5))
    assert due("w1", 6, sent={0}) is None
    assert due("w1", 7, sent={0}) == ScheduledMessage(1, day(7))


def test_only_the_latest_message_when_the_sender_missed_days():
    assert due("w1", 9) == ScheduledMessage(2, day(9))
    assert due("w1", 10, sent={2}) is None


def test_nothing_after_the_window_closes():
    assert due("w1", 11) is None


def test_nothing_once_recorded():
    assert due("w1", 7, recorded=True) is None


def test_nothing_after_death_or_withdrawal():
    assert due("m3", 90, end_reason=END_DIED, end_date=day(60), death_date=day(60)) is None
    assert due("m1", 30, end_reason=END_WITHDREW, end_date=day(25)) is None


def test_an_end_of_study_recorded_for_a_later_date_does_not_stop_messages_before_it():
    assert due("w1", 5, end_reason=END_WITHDREW, end_date=day(20)) == ScheduledMessage(0, day(5))


def test_nothing_after_the_link_is_revoked():
    assert due("w1", 7, link_revoked=True) is None


def test_nothing_without_a_procedure_date():
    assert due_message(procedure_date=None, timepoint="w1", today=day(5), schedule=DEFAULT, recorded=False) is None


def test_parse_offsets():
    assert parse_offsets("0, 2,5") == (0, 2, 5)
    assert parse_offsets("") == ()
    with pytest.raises(ValueError, match="whole numbers"):
        parse_offsets("0,two")
    with pytest.raises(ValueError, match="increasing"):
        parse_offsets("5,2")


def test_schedule_rejects_a_negative_lead_time():
    with pytest.raises(ValueError, match="0 or more"):
        MessageSchedule(invite_days_before_target=-1)
