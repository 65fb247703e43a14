"""Adverse events (complications), recorded at any time."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone

from ablacem.edc import checks
from ablacem.edc.actors import actor_from_request
from ablacem.edc.forms._fields import bool_initial
from ablacem.edc.forms.adverse_event import AdverseEventForm
from ablacem.edc.models import AdverseEvent, Lesion
from ablacem.edc.roles import Action
from ablacem.edc.services.adverse_event import adverse_event_record

from ._access import check, requires
from ._forms import needs_reason, patient_or_404, posted, run_service
from ._render import form_page


@requires(Action.VIEW_CLINICAL, Action.EDIT)
def adverse_event_edit(request, pk: int, ae_pk: int | None = None):
    """Record a new adverse event (no ``ae_pk``; needs ``edit`` to open) or change one."""
    if ae_pk is None:
        check(request.user, Action.EDIT)
    patient = patient_or_404(pk)
    event = get_object_or_404(AdverseEvent.objects.active(), pk=ae_pk, patient=patient) if ae_pk else None
    lesions = list(Lesion.objects.active().filter(patient=patient).order_by("lesion_id"))
    initial = {"version": event.version if event else None}
    if event:
        initial.update({f: getattr(event, f) for f in AdverseEventForm.FIELDS})
        initial["serious"] = bool_initial(event.serious)
        initial["lesion"] = event.lesion_id
    form = AdverseEventForm(
        posted(request),
        initial=initial,
        lesions=lesions,
        needs_reason=needs_reason(event),
        edit_check=lambda d: checks.check_adverse_event(
            d, enrolled_on=patient.enrolled_on, death_date=patient.death_date, today=timezone.localdate()
        ),
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: adverse_event_record(
                patient=patient,
                adverse_event=event,
                actor=actor_from_request(request),
                **form.change_control(),
                **form.data_for_service(),
            ),
        )
        if saved is not None:
            messages.success(request, f"Adverse event {saved.ae_id} saved.")
            return redirect("edc:patient_detail", patient.pk)
    return form_page(
        request,
        "edc/ae_form.html",
        event=event,
        title=f"Adverse event {event.ae_id}" if event else "Record an adverse event",
        form=form,
        patient=patient,
        intro="CIRSE grade (Filippiadis et al. 2017): 3 or higher is a major complication.",
        cancel_url=reverse("edc:patient_detail", args=[patient.pk]),
        current_url=reverse("edc:patient_detail", args=[patient.pk]),
    )
