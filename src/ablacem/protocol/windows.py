"""Visit-window arithmetic: pure functions over dates."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from .timepoints import Timepoint, get_timepoint


class VisitState(StrEnum):
    """State of a scheduled visit on a given day.

    ``open`` runs from the window's lower bound to the target day, ``overdue`` from the day
    after the target to the upper bound (still in window, act now), ``missed`` after the
    upper bound.
    """

    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    OVERDUE = "overdue"
    MISSED = "missed"
    DONE = "done"


def _tp(timepoint: Timepoint | str) -> Timepoint:
    return timepoint if isinstance(timepoint, Timepoint) else get_timepoint(timepoint)


def target_date(procedure_date: dt.date, timepoint: Timepoint | str) -> dt.date:
    """Target date of a timepoint for a procedure date."""
    return procedure_date + dt.timedelta(days=_tp(timepoint).day)


def window(procedure_date: dt.date, timepoint: Timepoint | str) -> tuple[dt.date, dt.date]:
    """Inclusive (lower, upper) dates of a timepoint's window."""
    tp = _tp(timepoint)
    return (
        procedure_date + dt.timedelta(days=tp.lower),
        procedure_date + dt.timedelta(days=tp.upper),
    )


def in_window(procedure_date: dt.date, timepoint: Timepoint | str, on: dt.date) -> bool:
    """True when ``on`` falls inside the timepoint's window."""
    lower, upper = window(procedure_date, timepoint)
    return lower <= on <= upper


def study_day(procedure_date: dt.date, on: dt.date) -> int:
    """Days from the procedure (day 0) to ``on``; negative before the procedure."""
    return (on - procedure_date).days


def visit_state(
    procedure_date: dt.date,
    timepoint: Timepoint | str,
    today: dt.date,
    *,
    done: bool = False,
) -> VisitState:
    """State of a visit on ``today``.

    Parameters
    ----------
    procedure_date : date
        Day 0.
    timepoint : Timepoint or str
        The visit.
    today : date
        The day on which the state is wanted.
    done : bool
        Whether the visit has been recorded (done or not done with a reason).

    Returns
    -------
    VisitState
    """
    if done:
        return VisitState.DONE
    tp = _tp(timepoint)
    lower, upper = window(procedure_date, tp)
    target = target_date(procedure_date, tp)
    if today < lower:
        return VisitState.NOT_YET_OPEN
    if today <= target:
        return VisitState.OPEN
    if today <= upper:
        return VisitState.OVERDUE
    return VisitState.MISSED
