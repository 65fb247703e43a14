"""When a patient is invited to a questionnaire and reminded: the due rule, pure and stateless.

The rule is evaluated afresh from the current state each time the sender runs, never planned
when a record is saved: so a visit recorded (by the patient or by staff) or marked not done, an
end of study (death, withdrawal, end), a revoked link or a closed window stops every later
message at once, and a patient enrolled or a procedure dated after the fact is invited as soon
as the rule says so. (A widely reported defect of survey schedulers planned at save time is
reminders that keep coming after the survey was answered, and invitations that fire only when a
record is saved.)

Schedule (protocol, section "Patient-reported outcomes"; defaults in the settings)
---------------------------------------------------------------------------------
- Message 0, the invitation: when the visit's window opens (:mod:`ablacem.protocol.windows`),
  or a set number of days before the target day, never before the window opens.
- Messages 1, 2, ...: reminders at day offsets from the target day (default: the target day,
  +2 and +5 days), only those that fall inside the window and after the invitation.
- Only the visits the patient answers from home are messaged (:data:`REMOTE_TIMEPOINTS`): the
  baseline and post-procedure questionnaires are answered in clinic, on the tablet.

Only the latest message whose day has come is due: a sender that did not run for a few days
sends one message, never a burst of the ones it missed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from .timepoints import MONTH_1, MONTH_3, WEEK_1, Timepoint, get_timepoint
from .windows import VisitState, target_date, visit_state, window

#: The visits answered from home, so messaged; baseline and post-procedure are in clinic.
REMOTE_TIMEPOINTS: tuple[str, ...] = (WEEK_1, MONTH_1, MONTH_3)
#: The number of the invitation; reminders are numbered from 1.
INVITATION = 0
#: Default reminder days, relative to the target day.
DEFAULT_REMINDER_OFFSETS: tuple[int, ...] = (0, 2, 5)
#: The states in which a visit may still be answered: its window is open and nothing is recorded.
_ANSWERABLE = frozenset({VisitState.OPEN, VisitState.OVERDUE})


@dataclass(frozen=True)
class MessageSchedule:
    """When the invitation and the reminders go out, relative to a visit.

    Attributes
    ----------
    invite_days_before_target : int or None
        Invite this many days before the target day (but never before the window opens);
        None: invite when the window opens.
    reminder_offsets : tuple of int
        Days relative to the target day on which reminders go out, in increasing order.
    """

    invite_days_before_target: int | None = None
    reminder_offsets: tuple[int, ...] = DEFAULT_REMINDER_OFFSETS

    def __post_init__(self) -> None:
        if self.invite_days_before_target is not None and self.invite_days_before_target < 0:
            raise ValueError("invite_days_before_target must be 0 or more days")
        if list(self.reminder_offsets) != sorted(set(self.reminder_offsets)):
            raise ValueError("reminder_offsets must be distinct and in increasing order")


@dataclass(frozen=True)
class ScheduledMessage:
    """One message of a visit: its number (0 = invitation) and the day it goes out."""

    number: int
    send_on: dt.date

    @property
    def is_invitation(self) -> bool:
        """True for the invitation, False for a reminder."""
        return self.number == INVITATION


def _tp(timepoint: Timepoint | str) -> Timepoint:
    return timepoint if isinstance(timepoint, Timepoint) else get_timepoint(timepoint)


def message_days(
    procedure_date: dt.date, timepoint: Timepoint | str, schedule: MessageSchedule
) -> tuple[ScheduledMessage, ...]:
    """The invitation and reminders of a visit with the day each goes out.

    Parameters
    ----------
    procedure_date : date
        Day 0.
    timepoint : Timepoint or str
        The visit.
    schedule : MessageSchedule

    Returns
    -------
    tuple of ScheduledMessage
        The invitation (number 0), then the reminders that fall inside the window, after the
        invitation, numbered from 1; empty for a visit answered in clinic.
    """
    tp = _tp(timepoint)
    if tp.code not in REMOTE_TIMEPOINTS:
        return ()
    lower, upper = window(procedure_date, tp)
    target = target_date(procedure_date, tp)
    invite_on = lower
    if schedule.invite_days_before_target is not None:
        invite_on = max(lower, target - dt.timedelta(days=schedule.invite_days_before_target))
    messages = [ScheduledMessage(INVITATION, invite_on)]
    for offset in schedule.reminder_offsets:
        day = target + dt.timedelta(days=offset)
        if invite_on < day <= upper:
            messages.append(ScheduledMessage(len(messages), day))
    return tuple(messages)


def due_message(
    *,
    procedure_date: dt.date | None,
    timepoint: Timepoint | str,
    today: dt.date,
    schedule: MessageSchedule,
    recorded: bool,
    end_reason: str | None = None,
    end_date: dt.date | None = None,
    death_date: dt.date | None = None,
    link_revoked: bool = False,
    sent: Collection[int] = (),
) -> ScheduledMessage | None:
    """The message of a visit due on ``today``, or None.

    Nothing is due for a visit without a procedure date, recorded (done or not done, by the
    patient or by staff), of a patient whose study has ended (death, withdrawal, loss,
    completion: :func:`ablacem.protocol.windows.visit_state`), whose link was revoked, or
    outside its window. Otherwise the latest scheduled message whose day has come is due,
    unless it was already sent (``sent``).

    Parameters
    ----------
    procedure_date : date or None
        Day 0; None while the procedure is not recorded.
    timepoint : Timepoint or str
        The visit.
    today : date
        The day, in the site's time zone, the sender runs.
    schedule : MessageSchedule
    recorded : bool
        The visit has a record (answered by the patient, entered or marked not done by staff).
    end_reason, end_date, death_date
        The end of study, as recorded (empty while in follow-up).
    link_revoked : bool
        Staff revoked the visit's link and none is open.
    sent : collection of int
        Numbers of the messages of this visit already sent (or being sent).

    Returns
    -------
    ScheduledMessage or None
    """
    if procedure_date is None or link_revoked:
        return None
    state = visit_state(
        procedure_date, timepoint, today, done=recorded, end_reason=end_reason, end_date=end_date, death_date=death_date
    )
    if state not in _ANSWERABLE:
        return None
    reached = [m for m in message_days(procedure_date, timepoint, schedule) if m.send_on <= today]
    if not reached or reached[-1].number in sent:
        return None
    return reached[-1]


def parse_offsets(text: str | Sequence[int]) -> tuple[int, ...]:
    """Reminder offsets from a setting: ``"0,2,5"`` (days from the target day) or a sequence.

    Raises
    ------
    ValueError
        If an entry is not a whole number, or the offsets are not distinct and increasing; the
        message names the rule.
    """
    if isinstance(text, str):
        parts = [p.strip() for p in text.split(",") if p.strip()]
        try:
            offsets = tuple(int(p) for p in parts)
        except ValueError:
            raise ValueError(f"reminder days must be whole numbers separated by commas, got {text!r}") from None
    else:
        offsets = tuple(int(p) for p in text)
    if list(offsets) != sorted(set(offsets)):
        raise ValueError(f"reminder days must be distinct and in increasing order, got {offsets}")
    return offsets
