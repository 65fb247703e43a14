"""The coordinator's worklist: which visits are due today, this week, overdue or missed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ablacem.protocol.timepoints import TIMEPOINTS, Timepoint
from ablacem.protocol.windows import VisitState, target_date, visit_state, window

from ..models import Assessment, Patient

#: Buckets in the order the worklist shows them.
BUCKETS = ("overdue", "due_today", "this_week", "missed", "upcoming")
#: "This week": target within the next 7 days (today excluded: that is "due_today").
WEEK_DAYS = 7


@dataclass(frozen=True)
class WorklistRow:
    """One scheduled visit that has no record yet.

    Attributes
    ----------
    patient_pk : int
        Database key of the patient (for URLs: never put the study ID in an address).
    study_id : str
    timepoint : str
    label : str
    target, window_lower, window_upper : date
    state : VisitState
        From :func:`ablacem.protocol.windows.visit_state`.
    bucket : str
        ``overdue`` (past target, still in window), ``due_today`` (target today),
        ``this_week`` (target in the next 7 days), ``missed`` (window closed: record it or mark
        it not done) or ``upcoming``.
    """

    patient_pk: int
    study_id: str
    timepoint: str
    label: str
    target: dt.date
    window_lower: dt.date
    window_upper: dt.date
    state: VisitState
    bucket: str


def _bucket(state: VisitState, target: dt.date, today: dt.date) -> str:
    if state == VisitState.MISSED:
        return "missed"
    if state == VisitState.OVERDUE:
        return "overdue"
    if target == today:
        return "due_today"
    if today < target <= today + dt.timedelta(days=WEEK_DAYS):
        return "this_week"
    return "upcoming"


def visit_is_excluded(tp: Timepoint, day0: dt.date, end_reason: str, end_date: dt.date | None) -> bool:
    """True when a visit is no longer due because the study ended (death, withdrawal, loss,
    completion) before its window opened."""
    if not end_reason or end_date is None:
        return False
    lower, _ = window(day0, tp)
    return lower > end_date


def open_visit_state(
    tp: Timepoint, day0: dt.date, today: dt.date, end_reason: str, end_date: dt.date | None
) -> VisitState:
    """State of a visit that has no record and is not excluded by :func:`visit_is_excluded`.

    :func:`ablacem.protocol.windows.visit_state`, except that once the study has ended (on or
    before ``today``) a visit whose window had opened can no longer be done: it is ``missed``
    (to be recorded if it was done before the end, or marked not done), never due or overdue.
    A patient who died or withdrew is not to be seen again (protocol: followed until death or
    3 months).
    """
    if end_reason and end_date is not None and end_date <= today:
        return VisitState.MISSED
    return visit_state(day0, tp, today)


def worklist(*, today: dt.date, buckets: tuple[str, ...] = BUCKETS) -> list[WorklistRow]:
    """Every scheduled visit without a record, for patients whose procedure date is known.

    Target dates and windows come from :mod:`ablacem.protocol` (day 0 = procedure). Nothing
    is due after the end of study (death, withdrawal, loss): a visit whose window had opened
    before the end is ``missed`` (see :func:`open_visit_state`). A visit counts as recorded once
    it is done or marked not done; imported rows of visits not yet due (status ``not_due``) do not.
    Runs three queries whatever the number of patients.

    Parameters
    ----------
    today : date
    buckets : tuple of str
        Which buckets to return (default all, see :data:`BUCKETS`).

    Returns
    -------
    list of WorklistRow
        Sorted by bucket (as in :data:`BUCKETS`), then target date, then study ID.
    """
    patients = list(
        Patient.objects.active()
        .filter(procedure__isnull=False, procedure__is_deleted=False)
        .values_list("pk", "study_id", "procedure__procedure_date", "end_reason", "end_date")
    )
    recorded = set(Assessment.objects.active().exclude(status="not_due").values_list("patient_id", "timepoint"))
    rows = []
    for pk, study_id, day0, end_reason, end_date in patients:
        for tp in TIMEPOINTS:
            if (pk, tp.code) in recorded or visit_is_excluded(tp, day0, end_reason, end_date):
                continue
            state = open_visit_state(tp, day0, today, end_reason, end_date)
            bucket = _bucket(state, target_date(day0, tp), today)
            if bucket not in buckets:
                continue
            lower, upper = window(day0, tp)
            rows.append(
                WorklistRow(pk, study_id, tp.code, tp.label, target_date(day0, tp), lower, upper, state, bucket)
            )
    order = {b: i for i, b in enumerate(BUCKETS)}
    return sorted(rows, key=lambda r: (order[r.bucket], r.target, r.study_id, r.timepoint))
