"""Adverse events (complications), recorded at any time."""

from __future__ import annotations

from ablacem.edc.actors import actor_from_request
from ablacem.edc.form_kinds import ADVERSE_EVENT
from ablacem.edc.forms.adverse_event import AdverseEventForm
from ablacem.edc.models import AdverseEvent
from ablacem.edc.roles import Action
from ablacem.edc.selectors.patient import patient_lesions
from ablacem.edc.selectors.safety import sae_clock
from ablacem.edc.services.adverse_event import adverse_event_record

from ._access import check, requires
from ._edit import edit_page, entered, patient_url
from ._forms import initial_of, needs_reason, patient_or_404, posted, record_or_404


@requires(Action.VIEW_CLINICAL, Action.EDIT)
def adverse_event_edit(request, pk: int, ae_pk: int | None = None):
    """Record a new adverse event (no ``ae_pk``; needs ``edit`` to open) or change one."""
    if ae_pk is None:
        check(actor_from_request(request), Action.EDIT)
    patient = patient_or_404(request, pk)
    event = record_or_404(request, AdverseEvent, pk=ae_pk, patient=patient) if ae_pk else None
    initial = initial_of(event, AdverseEventForm.FIELDS, booleans=("serious", "ongoing"))
    if event:
        initial["lesion"] = event.lesion_id
    form = AdverseEventForm(
        posted(request),
        initial=initial,
        lesions=patient_lesions(patient),
        needs_reason=needs_reason(event),
    )
    return edit_page(
        request,
        form=form,
        save=lambda: adverse_event_record(patient=patient, adverse_event=event, **entered(request, form)),
        saved=lambda saved: f"Adverse event {saved.ae_id} saved.",
        template="edc/ae_form.html",
        event=event,
        clock=sae_clock(event) if event else None,
        title=f"Adverse event {event.ae_id}" if event else "Record an adverse event",
        patient=patient,
        query_target=(ADVERSE_EVENT, event),
        intro="CIRSE grade (Filippiadis et al. 2017): 3 or higher is a major complication.",
        current_url=patient_url(patient),
    )
