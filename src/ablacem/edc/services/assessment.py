"""Scheduled visits: record one (VAS, analgesics, QLQ-C30) or mark it not done."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ablacem.protocol import codelists as cl
from ablacem.protocol.ranges import QLQC30_ITEMS
from ablacem.protocol.timepoints import TIMEPOINT_CODES
from ablacem.protocol.windows import missed_too_early

from .. import checks
from ..actors import Actor, ActorKind
from ..models import Analgesic, Assessment, FormState, Patient
from ..models.assessment import ANALGESIC_FIELDS, ANALGESICS_PREFIX, VISIT_TEXT_FIELDS, VISIT_VALUE_FIELDS
from ..models.lookups import procedure_date_of
from ..roles import Action
from ..sites import site_today
from ._common import (
    check_editable,
    check_version,
    lock_for_update,
    raise_if,
    refuse_if_patient_locked,
    require,
    save_record,
)


def _open_visit(patient: Patient, timepoint: str, expected_version: int | None, reason: str) -> Assessment | None:
    """The existing visit record, locked and checked, or None when there is none yet."""
    if timepoint not in TIMEPOINT_CODES:
        raise ValidationError({"timepoint": [f"{timepoint!r} is not one of {', '.join(TIMEPOINT_CODES)}"]})
    existing = Assessment.objects.active().filter(patient=patient, timepoint=timepoint).first()
    if existing is None:
        return None
    current = lock_for_update(existing)
    if current.form_state != FormState.NOT_STARTED and expected_version is None:
        raise ValidationError({"timepoint": [f"the {timepoint} visit is already recorded; edit it instead"]})
    check_version(current, expected_version)
    check_editable(current, reason)
    return current


def _analgesic_rows(rows: Sequence[Mapping]) -> list[tuple]:
    return [tuple(row.get(f) for f in ANALGESIC_FIELDS) for row in rows]


def _replace_analgesics(visit: Assessment, rows: Sequence[Mapping], *, actor: Actor, reason: str) -> None:
    """Keep the visit's analgesic rows when unchanged; otherwise soft-delete them and add the new list."""
    old = list(visit.analgesics.filter(is_deleted=False).order_by("position", "id"))
    if [tuple(getattr(a, f) for f in ANALGESIC_FIELDS) for a in old] == _analgesic_rows(rows):
        return
    for a in old:
        a.is_deleted = True
        save_record(a, actor=actor, reason=reason or "analgesics changed")
    for position, row in enumerate(rows):
        save_record(
            Analgesic(
                assessment=visit,
                position=position,
                form_state=FormState.COMPLETE,
                **{f: row.get(f) for f in ANALGESIC_FIELDS},
            ),
            actor=actor,
            reason=reason or "analgesics recorded",
        )


def _changes(current: Assessment | None, data: Mapping, analgesics: Sequence[Mapping]) -> bool:
    """Whether saving ``data`` and ``analgesics`` changes what ``current`` records."""
    if current is None:
        return True
    if current.status != cl.DONE or any(getattr(current, f) != v for f, v in data.items()):
        return True
    old = current.analgesics.filter(is_deleted=False).order_by("position", "id")
    return [tuple(getattr(a, f) for f in ANALGESIC_FIELDS) for a in old] != _analgesic_rows(analgesics)


def _set_source(visit, current, actor: Actor, source, channel: str, reported_at, *, changed: bool) -> None:
    """Who entered the visit: the patient (ePRO), an import's declared source, or staff; flag
    staff corrections of a patient's report (issue 10, "Where the answers land")."""
    if actor.kind == ActorKind.PATIENT:
        visit.source = cl.SOURCE_PATIENT
        visit.channel = channel or cl.CHANNEL_LINK
        visit.reported_at = reported_at or timezone.now()
        visit.staff_corrected = False
        return
    if source is not None:
        visit.source = source
    elif current is None:
        visit.source = cl.SOURCE_STAFF
    if current is not None and current.source == cl.SOURCE_PATIENT and actor.kind in (ActorKind.STAFF, ActorKind.API):
        visit.staff_corrected = visit.staff_corrected or changed


@transaction.atomic
def assessment_record(
    *,
    patient: Patient,
    timepoint: str,
    assessed_on: dt.date,
    vas_worst: float | None = None,
    vas_average: float | None = None,
    items: Mapping[str, int | None] | None = None,
    analgesics: Sequence[Mapping] = (),
    out_of_window_reason: str = "",
    qlqc30_missing_reason: str = "",
    complete: bool = True,
    expected_version: int | None = None,
    reason: str = "",
    source: str | None = None,
    channel: str = "",
    reported_at: dt.datetime | None = None,
    actor: Actor,
) -> Assessment:
    """Record a visit that was done: date, VAS worst/average, QLQ-C30 items and analgesics.

    Parameters
    ----------
    patient : Patient
    timepoint : str
        ``baseline``, ``post``, ``w1``, ``m1`` or ``m3``.
    assessed_on : date
        Must be inside the window of the timepoint, or ``out_of_window_reason`` says why; never
        after the patient's death.
    vas_worst, vas_average : float, optional
        0-10, one decimal; worst pain is required for a complete form.
    items : mapping, optional
        ``{"q1": 1, ..., "q30": 7}``; missing items are None.
    analgesics : sequence of mapping
        Rows with ``drug``, ``route``, ``dose``, ``unit``, ``per_day`` (an empty list means
        no analgesics); they replace the visit's previous list.
    qlqc30_missing_reason : str
        Why QLQ-C30 items are left unanswered (``codelists.QLQC30_MISSING_REASON``): the
        questionnaire was partially completed on purpose. A complete visit needs it whenever
        an item is blank, and refuses it when all 30 are answered
        (:func:`ablacem.dataset.rules.qlqc30_completeness`).
    complete : bool
        False saves the form as ``in_progress`` (blank items allowed without a reason).
    expected_version : int, optional
        The version opened (required to change a recorded visit).
    reason : str
        Reason for change, required when changing a complete or not-done visit.
    source : str, optional
        Who entered the answers (``assessment_source``), for imports that carry it; by default
        ``patient`` when the patient acts (ePRO), else ``staff`` for a new visit, and a changed
        visit keeps its source.
    channel : str
        For a patient's own answers: ``link`` or ``in_clinic`` (``assessment_channel``).
    reported_at : datetime, optional
        For a patient's own answers: when they submitted (default now).
    actor : Actor
        Needs ``edit``. Staff (or an API client) changing answers the patient reported set
        ``staff_corrected``; the patient's original values stay in the history.

    Raises
    ------
    ValidationError
        Visit fields by name (``q1``...), analgesic rows as ``analgesics-<i>-<field>``.
    StaleEditError, RecordLockedError, PermissionDenied
    """
    require(actor, Action.EDIT, patient)
    refuse_if_patient_locked(patient)
    items = dict(items or {})
    unknown = set(items) - set(QLQC30_ITEMS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: ["not a QLQ-C30 item (q1..q30)"]})
    data = dict(
        assessed_on=assessed_on,
        vas_worst=vas_worst,
        vas_average=vas_average,
        out_of_window_reason=out_of_window_reason or "",
        **{q: items.get(q) for q in QLQC30_ITEMS},
        qlqc30_missing_reason=qlqc30_missing_reason or "",
    )
    current = _open_visit(patient, timepoint, expected_version, reason)
    errors = checks.merge(
        checks.check_assessment(
            data,
            timepoint=timepoint,
            procedure_date=procedure_date_of(patient),
            death_date=patient.death_date,
            complete=complete,
            today=site_today(patient.site),  # a patient answering at home dates the visit on their site's day
        ),
        *(
            {f"{ANALGESICS_PREFIX}-{i}-{field}": msgs for field, msgs in checks.check_analgesic(row).items()}
            for i, row in enumerate(analgesics)
        ),
    )
    if source is not None and source not in cl.ASSESSMENT_SOURCE.codes:
        errors = checks.merge(errors, {"source": [f"{source!r} is not one of {', '.join(cl.ASSESSMENT_SOURCE.codes)}"]})
    raise_if(errors)
    visit = current or Assessment(patient=patient, timepoint=timepoint)
    _set_source(visit, current, actor, source, channel, reported_at, changed=_changes(current, data, analgesics))
    visit.status = cl.DONE
    visit.not_done_reason = ""
    visit.form_state = FormState.COMPLETE if complete else FormState.IN_PROGRESS
    for f, v in data.items():
        setattr(visit, f, v)
    save_record(visit, actor=actor, reason=reason or "visit recorded")
    _replace_analgesics(visit, analgesics, actor=actor, reason=reason)
    return visit


@transaction.atomic
def assessment_mark_not_done(
    *,
    patient: Patient,
    timepoint: str,
    status: str,
    not_done_reason: str,
    expected_version: int | None = None,
    reason: str = "",
    actor: Actor,
) -> Assessment:
    """Mark a visit not done (``missed``, ``died`` or ``withdrawn``) with a reason.

    Values recorded earlier on the visit are cleared (they stay in the audit trail) and its
    analgesic rows are soft-deleted. A visit cannot be marked ``missed`` before its window
    opens (:func:`ablacem.protocol.windows.missed_too_early`); ``died`` and ``withdrawn`` can.

    Raises
    ------
    ValidationError, StaleEditError, RecordLockedError, PermissionDenied
    """
    require(actor, Action.EDIT, patient)
    refuse_if_patient_locked(patient)
    day0 = procedure_date_of(patient)
    too_early = (
        missed_too_early(day0, timepoint, status, timezone.localdate())
        if day0 is not None and timepoint in TIMEPOINT_CODES
        else None
    )
    raise_if(
        checks.merge(
            checks.check_not_done(
                {"status": status, "not_done_reason": not_done_reason},
                timepoint=timepoint if timepoint in TIMEPOINT_CODES else None,
                procedure_date=day0,
                end_reason=patient.end_reason,
                end_date=patient.end_date,
                death_date=patient.death_date,
            ),
            {"status": [too_early]} if too_early else {},
        )
    )
    current = _open_visit(patient, timepoint, expected_version, reason)
    visit = current or Assessment(patient=patient, timepoint=timepoint)
    _set_source(visit, current, actor, None, "", None, changed=True)
    visit.status = status
    visit.not_done_reason = not_done_reason.strip()
    visit.form_state = FormState.NOT_DONE
    for f in VISIT_VALUE_FIELDS:
        setattr(visit, f, "" if f in VISIT_TEXT_FIELDS else None)
    save_record(visit, actor=actor, reason=reason or "visit not done")
    _replace_analgesics(visit, [], actor=actor, reason=reason)
    return visit
