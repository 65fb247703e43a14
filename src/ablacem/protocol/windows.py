"""Visit-window arithmetic and the state of a scheduled visit: pure functions over dates.

:func:`visit_state` is the one rule for a visit's state: the EDC's worklist, dashboard,
patient page and tidy dataset, the synthetic cohort and the analysis all call it.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from .codelists import MISSED, NOT_DUE
from .end_of_study import study_end, visit_status_after_end
from .timepoints import Timepoint, get_timepoint


class VisitState(StrEnum):
    """State of a scheduled visit on a given day.

    ``not_yet_open`` before the window's lower bound (not yet due), ``open`` from the lower
    bound to the target day (due), ``overdue`` from the day after the target to the upper
    bound (still in window, act now), ``missed`` after the upper bound or once the study has
    ended, ``not_expected`` when the study ended before the target day, ``done`` once
    recorded (done or marked not done).
    """

    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    OVERDUE = "overdue"
    MISSED = "missed"
    NOT_EXPECTED = "not_expected"
    DONE = "done"


#: "Due this week" on the worklist: a target day within this many days after today.
DUE_SOON_DAYS = 7
#: States of a visit with no record whose window has not closed: nothing is missing yet.
NOT_YET_MISSED = frozenset({VisitState.NOT_YET_OPEN, VisitState.OPEN, VisitState.OVERDUE})


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
    end_reason: str | None = None,
    end_date: dt.date | None = None,
    death_date: dt.date | None = None,
) -> VisitState:
    """State of a visit on ``today``: the one rule, for a visit with or without a record.

    A recorded visit is ``done``. Once the study has ended (on or before ``today``, see
    :func:`ablacem.protocol.end_of_study.study_end`), a visit whose target day came after
    the end is ``not_expected``, and one whose target day had come is ``missed``: a patient
    who died, withdrew or was lost is not seen again (protocol, section "Follow-up": followed
    until death or 3 months). Otherwise the window decides: ``not_yet_open``, ``open`` up to
    the target day, ``overdue`` up to the upper bound, then ``missed``.

    Parameters
    ----------
    procedure_date : date
        Day 0.
    timepoint : Timepoint or str
        The visit.
    today : date
        The day on which the state is wanted (for a dataset, its data cut-off).
    done : bool
        Whether the visit has been recorded (done or not done with a reason).
    end_reason : str, optional
        ``end_reason`` code of the end of study; empty or None while in follow-up.
    end_date, death_date : date, optional
        Date of the end of study and of death.

    Returns
    -------
    VisitState
    """
    if done:
        return VisitState.DONE
    tp = _tp(timepoint)
    target = target_date(procedure_date, tp)
    end = study_end(end_reason, end_date, death_date)
    if end is not None and end <= today:
        return VisitState.NOT_EXPECTED if end < target else VisitState.MISSED
    lower, upper = window(procedure_date, tp)
    if today < lower:
        return VisitState.NOT_YET_OPEN
    if today <= target:
        return VisitState.OPEN
    if today <= upper:
        return VisitState.OVERDUE
    return VisitState.MISSED


def unrecorded_visit_status(state: VisitState, end_reason: str | None = None) -> str:
    """The tidy dataset's ``status`` of a visit with no record, from its :func:`visit_state`.

    ``not_due`` while its window has not closed (nothing is missing yet), ``missed`` once it
    has, and for a visit not expected after the end of study the status that names the end
    (:data:`ablacem.protocol.end_of_study.VISIT_STATUS_AFTER_END`).

    Raises
    ------
    ValueError
        For ``done``: a recorded visit keeps its recorded status.
    """
    if state == VisitState.DONE:
        raise ValueError("a recorded visit keeps its recorded status")
    if state == VisitState.NOT_EXPECTED:
        return visit_status_after_end(end_reason or "")
    return MISSED if state == VisitState.MISSED else NOT_DUE


def missed_too_early(procedure_date: dt.date, timepoint: Timepoint | str, status: str, today: dt.date) -> str | None:
    """Why a visit cannot be marked ``missed`` on ``today``, or None when it can.

    A visit is missed only once its window has opened (before that, nothing is due yet).
    The not-done statuses that name an end of study (``died``, ``withdrawn``) are allowed at
    any time: they say why the visit will not take place.

    Returns
    -------
    str or None
        A message naming the visit and its window, for the user.
    """
    if status != MISSED:
        return None
    tp = _tp(timepoint)
    lower, upper = window(procedure_date, tp)
    if today >= lower:
        return None
    return (
        f"the {tp.label} visit cannot be marked missed before its window opens "
        f"({lower:%Y-%m-%d} to {upper:%Y-%m-%d}); if the patient died or withdrew, say so instead"
    )
