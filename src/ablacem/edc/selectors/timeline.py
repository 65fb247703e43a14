"""A patient's page: the schedule with what was entered and each form's state."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ablacem.protocol import codelists as cl
from ablacem.protocol.timepoints import IMAGING, TIMEPOINTS
from ablacem.protocol.windows import in_window, target_date, visit_state, window

from ..models import AdverseEvent, Assessment, CasebookSignature, FormState, Imaging, Lesion, Patient, Procedure


@dataclass
class VisitRow:
    """One timepoint of the patient's schedule.

    ``target``/``window_*``/``state`` are None until the procedure date is known; ``state`` is
    a :class:`~ablacem.protocol.windows.VisitState` value from
    :func:`~ablacem.protocol.windows.visit_state` (``done`` once recorded, including not done;
    ``not_expected`` when the study ended before the visit's target day). ``form_state`` is the visit form's
    :class:`~ablacem.edc.models.FormState` (``not_started`` without a record). ``imaging``
    lists ``(lesion, Imaging or None)`` at timepoints that collect CT. ``outside_window`` is
    True when a visit was done on a date outside its window (the edit check of
    :func:`ablacem.edc.checks.check_assessment` then asks for ``out_of_window_reason``).
    """

    timepoint: str
    label: str
    target: dt.date | None
    window_lower: dt.date | None
    window_upper: dt.date | None
    state: str | None
    form_state: str
    assessment: Assessment | None
    imaging: list[tuple[Lesion, Imaging | None]] = field(default_factory=list)
    outside_window: bool = False


def patient_timeline(*, patient: Patient, today: dt.date) -> dict:
    """Everything the patient page shows (a fixed number of queries).

    Returns
    -------
    dict
        ``patient``; ``lesions`` (active, with their treatment if any); ``procedure`` (or None)
        with ``treated_lesions``; ``visits`` (list of :class:`VisitRow` in schedule order);
        ``adverse_events``; ``end_of_study`` (dict with ``end_reason``, ``end_date``,
        ``death_date``, ``form_state``); ``signature`` (the active :class:`CasebookSignature`
        or None); ``forms``: ``{name: form_state}`` for enrolment, lesions, procedure and end
        of study.
    """
    lesions = list(Lesion.objects.active().filter(patient=patient).order_by("lesion_id"))
    procedure = Procedure.objects.active().filter(patient=patient).first()
    treated = (
        list(procedure.treated_lesions.filter(is_deleted=False).select_related("lesion").order_by("procedure_id"))
        if procedure
        else []
    )
    visits_by_tp = {a.timepoint: a for a in Assessment.objects.active().filter(patient=patient)}
    imaging = {(i.lesion_id, i.timepoint): i for i in Imaging.objects.active().filter(lesion__patient=patient)}
    day0 = procedure.procedure_date if procedure else None
    rows = []
    for tp in TIMEPOINTS:
        visit = visits_by_tp.get(tp.code)
        recorded = visit is not None and visit.status != cl.NOT_DUE
        if day0 is None:
            target = lower = upper = state = None
        else:
            target, (lower, upper) = target_date(day0, tp), window(day0, tp)
            state = visit_state(
                day0,
                tp,
                today,
                done=recorded,
                end_reason=patient.end_reason,
                end_date=patient.end_date,
                death_date=patient.death_date,
            ).value
        rows.append(
            VisitRow(
                timepoint=tp.code,
                label=tp.label,
                target=target,
                window_lower=lower,
                window_upper=upper,
                state=state,
                form_state=visit.form_state if recorded else FormState.NOT_STARTED,
                assessment=visit,
                imaging=[(les, imaging.get((les.pk, tp.code))) for les in lesions] if IMAGING in tp.collects else [],
                outside_window=bool(
                    day0 is not None
                    and recorded
                    and visit.status == cl.DONE
                    and visit.assessed_on is not None
                    and not in_window(day0, tp, visit.assessed_on)
                ),
            )
        )
    end_state = (
        FormState.LOCKED if patient.is_locked else FormState.COMPLETE if patient.end_reason else FormState.NOT_STARTED
    )
    return {
        "patient": patient,
        "lesions": lesions,
        "procedure": procedure,
        "treated_lesions": treated,
        "visits": rows,
        "adverse_events": list(
            AdverseEvent.objects.active().filter(patient=patient).select_related("lesion").order_by("ae_id")
        ),
        "end_of_study": {
            "end_reason": patient.end_reason,
            "end_date": patient.end_date,
            "death_date": patient.death_date,
            "form_state": end_state,
        },
        "signature": CasebookSignature.objects.filter(patient=patient, is_active=True)
        .select_related("signed_by")
        .first(),
        "forms": {
            "enrolment": patient.form_state,
            "lesions": (lesions[0].form_state if lesions else FormState.NOT_STARTED),
            "procedure": procedure.form_state if procedure else FormState.NOT_STARTED,
            "end_of_study": end_state,
        },
    }
