"""The coordinator's worklist: visits and CTs due today, this week, overdue or missed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ablacem.protocol import codelists as cl
from ablacem.protocol.timepoints import IMAGING, TIMEPOINTS
from ablacem.protocol.windows import DUE_SOON_DAYS, VisitState, target_date, visit_state, window

from ..models import Assessment, Imaging, Patient, ProcedureLesion

#: Buckets in the order the worklist shows them.
BUCKETS = ("overdue", "due_today", "this_week", "missed", "upcoming")
#: What a worklist row asks for: a scheduled visit, or the CT of one treated lesion.
VISIT, CT = "visit", "ct"
_TP_ORDER = {tp.code: tp.order for tp in TIMEPOINTS}


@dataclass(frozen=True)
class WorklistRow:
    """One scheduled visit, or one treated lesion's CT, that has no record yet.

    Attributes
    ----------
    patient_pk : int
        Database key of the patient (for URLs: never put the study ID in an address).
    study_id : str
    timepoint : str
    label : str
        The timepoint's label (``3 months``).
    target, window_lower, window_upper : date
    state : VisitState
        From :func:`ablacem.protocol.windows.visit_state`.
    bucket : str
        ``overdue`` (past target, still in window), ``due_today`` (target today),
        ``this_week`` (target in the next 7 days), ``missed`` (window closed, or the study
        ended: record it or mark it not done) or ``upcoming``.
    kind : str
        ``visit`` or ``ct``.
    lesion_pk : int or None
        Database key of the lesion whose CT is due (``ct`` rows only).
    lesion_id : str
        The lesion's ID (``ct`` rows only, else empty).
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
    kind: str = VISIT
    lesion_pk: int | None = None
    lesion_id: str = ""


def _bucket(state: VisitState, target: dt.date, today: dt.date) -> str | None:
    """The worklist bucket of a state; None for a visit that is not expected any more."""
    if state == VisitState.NOT_EXPECTED:
        return None
    if state == VisitState.MISSED:
        return "missed"
    if state == VisitState.OVERDUE:
        return "overdue"
    if target == today:
        return "due_today"
    if today < target <= today + dt.timedelta(days=DUE_SOON_DAYS):  # today is "due_today"
        return "this_week"
    return "upcoming"


def worklist(*, today: dt.date, actor, buckets: tuple[str, ...] = BUCKETS) -> list[WorklistRow]:
    """Every scheduled visit and CT without a record, for patients whose procedure date is known.

    States come from :func:`ablacem.protocol.windows.visit_state` (day 0 = procedure), the
    same rule as the patient page, the dashboard, the tidy dataset and the analysis: nothing
    is due after the end of study (death, withdrawal, loss); a visit whose target day had come
    before the end is ``missed``, a later one is not listed. A visit counts as recorded once it
    is done or marked not done (imported rows of visits not yet due, status ``not_due``, do
    not). A CT (timepoints that collect imaging: post-procedure and 3 months) is listed per
    treated lesion until its result is recorded. Runs five queries whatever the number of
    patients.

    Parameters
    ----------
    today : date
    actor : Actor
        Who reads: only the patients :meth:`~ablacem.edc.models.base.ClinicalQuerySet.visible_to` them.
    buckets : tuple of str
        Which buckets to return (default all, see :data:`BUCKETS`).

    Returns
    -------
    list of WorklistRow
        Sorted by bucket (as in :data:`BUCKETS`), then target date, study ID, visits before
        CTs, then lesion.
    """
    patients = list(
        Patient.objects.active()
        .visible_to(actor)
        .filter(procedure__isnull=False, procedure__is_deleted=False)
        .values_list("pk", "study_id", "procedure__procedure_date", "end_reason", "end_date", "death_date")
    )
    recorded = set(Assessment.objects.active().exclude(status=cl.NOT_DUE).values_list("patient_id", "timepoint"))
    treated: dict[int, list[tuple[int, str]]] = {}
    for patient_pk, lesion_pk, lesion_id in (
        ProcedureLesion.objects.active()
        .filter(lesion__is_deleted=False, session__is_deleted=False)
        .order_by("lesion__lesion_id")
        .values_list("session__patient_id", "lesion_id", "lesion__lesion_id")
    ):
        treated.setdefault(patient_pk, []).append((lesion_pk, lesion_id))
    imaged = set(Imaging.objects.active().values_list("lesion_id", "timepoint"))
    rows = []
    for pk, study_id, day0, end_reason, end_date, death_date in patients:
        for tp in TIMEPOINTS:
            needs_visit = (pk, tp.code) not in recorded
            lesions = [les for les in treated.get(pk, []) if (les[0], tp.code) not in imaged]
            if IMAGING not in tp.collects:
                lesions = []
            if not needs_visit and not lesions:
                continue
            state = visit_state(day0, tp, today, end_reason=end_reason, end_date=end_date, death_date=death_date)
            target = target_date(day0, tp)
            bucket = _bucket(state, target, today)
            if bucket is None or bucket not in buckets:
                continue
            lower, upper = window(day0, tp)
            common = (pk, study_id, tp.code, tp.label, target, lower, upper, state, bucket)
            if needs_visit:
                rows.append(WorklistRow(*common))
            rows.extend(WorklistRow(*common, kind=CT, lesion_pk=les_pk, lesion_id=les_id) for les_pk, les_id in lesions)
    order = {b: i for i, b in enumerate(BUCKETS)}
    return sorted(
        rows, key=lambda r: (order[r.bucket], r.target, r.study_id, _TP_ORDER[r.timepoint], r.kind, r.lesion_id)
    )
