"""The patients list and a patient's page (schedule, forms and their states, links to every form)."""

from __future__ import annotations

from django.utils import timezone
from django.views.decorators.http import require_safe

from ablacem.edc.models import FormState, Patient, PatientIdentity
from ablacem.edc.roles import Action, can
from ablacem.edc.selectors.timeline import patient_timeline
from ablacem.protocol import codelists as cl

from ._access import requires
from ._forms import patient_or_404
from ._render import form_page

#: Visit states (:class:`ablacem.protocol.windows.VisitState` and ``not_expected``) as the page says them.
VISIT_STATE_LABELS = {
    "not_yet_open": "not yet open",
    "open": "window open",
    "overdue": "overdue",
    "missed": "missed",
    "done": "recorded",
    "not_expected": "not expected (study ended)",
}


@requires(Action.VIEW_CLINICAL)
@require_safe
def patient_list(request):
    """Every enrolled patient with the procedure date and end of study; names only for roles allowed."""
    show_ids = can(request.user, Action.VIEW_IDENTIFIERS)
    patients = Patient.objects.active().select_related("procedure").order_by("study_id")
    identities = {}
    if show_ids:
        identities = {
            i.patient_id: i
            for i in PatientIdentity.objects.filter(patient__is_deleted=False).only(
                "patient", "name", "hospital_number"
            )
        }
    rows = []
    for p in patients:
        procedure = getattr(p, "procedure", None)
        rows.append(
            {
                "patient": p,
                "procedure_date": procedure.procedure_date if procedure and not procedure.is_deleted else None,
                "identity": identities.get(p.pk),
            }
        )
    return form_page(request, "edc/patient_list.html", rows=rows, show_ids=show_ids)


@requires(Action.VIEW_CLINICAL)
@require_safe
def patient_detail(request, pk: int):
    """A patient's schedule (target dates and windows from :mod:`ablacem.protocol`), forms and states."""
    patient = patient_or_404(pk)
    today = timezone.localdate()
    context = patient_timeline(patient=patient, today=today)
    context["today"] = today
    context["locked"] = patient.form_state == FormState.LOCKED
    context["may_edit"] = can(request.user, Action.EDIT) and not context["locked"]
    context["visit_state_labels"] = VISIT_STATE_LABELS
    context["end_reason_label"] = cl.END_REASON.label_of(patient.end_reason) if patient.end_reason else ""
    if can(request.user, Action.VIEW_IDENTIFIERS):
        context["identity"] = PatientIdentity.objects.filter(patient=patient).first()
        context["show_ids"] = True
    return form_page(request, "edc/patient_detail.html", **context)
