"""An investigator acknowledges a serious adverse event (the dashboard's banner then goes)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from ablacem.edc.actors import actor_from_request
from ablacem.edc.models import AdverseEvent
from ablacem.edc.roles import Action
from ablacem.edc.services import StaleEditError
from ablacem.edc.services.adverse_event import adverse_event_acknowledge

from ._access import requires
from ._forms import patient_or_404, record_or_404


@requires(Action.ACKNOWLEDGE_SAE)
@require_POST
def adverse_event_acknowledge_view(request, pk: int, ae_pk: int):
    """Acknowledge the event (POST with the ``version`` the page showed); back to the event page."""
    patient = patient_or_404(request, pk)
    event = record_or_404(request, AdverseEvent, pk=ae_pk, patient=patient)
    try:
        adverse_event_acknowledge(
            adverse_event=event, expected_version=request.POST.get("version"), actor=actor_from_request(request)
        )
    except (ValidationError, StaleEditError) as exc:
        text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, f"Not acknowledged: {text}")
    else:
        messages.success(request, f"Serious adverse event {event.ae_id} acknowledged.")
    return redirect("edc:ae_edit", pk=patient.pk, ae_pk=event.pk)
