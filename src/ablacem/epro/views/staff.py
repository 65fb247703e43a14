"""Staff actions on patient links: revoke one, and open the questionnaire on a clinic tablet."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from ablacem.edc.actors import actor_from_request
from ablacem.edc.models import Patient
from ablacem.edc.roles import Action, can
from ablacem.edc.sites import patient_today
from ablacem.protocol.timepoints import BASELINE, POST, TIMEPOINT_CODES

from ..links import link_path
from ..models import LinkChannel, PatientLink
from ..selectors import link_state
from ..services import link_for_visit, link_revoke
from ._patient import IN_CLINIC_SESSION_KEY

#: The visits whose questionnaire staff may open on a clinic tablet (issue 10: in the clinic).
IN_CLINIC_TIMEPOINTS = (BASELINE, POST)


def _visit_url(link_or_patient_pk: int, timepoint: str) -> str:
    return reverse("edc:visit", args=[link_or_patient_pk, timepoint])


@login_required
@require_POST
def revoke(request, link_pk: int):
    """Revoke a link (reason required); back to the visit page with the outcome."""
    actor = actor_from_request(request)
    if not can(actor, Action.EDIT):
        raise PermissionDenied("your role does not allow edit")
    link = get_object_or_404(PatientLink.objects.select_related("patient"), pk=link_pk)
    get_object_or_404(Patient.objects.visible_to(actor), pk=link.patient_id)
    try:
        link_revoke(actor=actor, link=link, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        for field_messages in error.message_dict.values():
            for message in field_messages:
                messages.error(request, f"The link was not revoked: {message}.")
    else:
        messages.success(request, "The link was revoked: it no longer opens.")
    return redirect(_visit_url(link.patient_id, link.timepoint))


@login_required
@require_POST
def in_clinic_start(request, pk: int, timepoint: str):
    """Open the visit's questionnaire on this device for the patient, and log the staff user out.

    The tablet's session then holds only the in-clinic mark of this link: every staff page asks
    for a staff login again, and the questionnaire records ``in_clinic`` as its channel.
    """
    actor = actor_from_request(request)
    if not can(actor, Action.EDIT):
        raise PermissionDenied("your role does not allow edit")
    patient = get_object_or_404(Patient.objects.visible_to(actor), pk=pk)
    if timepoint not in TIMEPOINT_CODES or timepoint not in IN_CLINIC_TIMEPOINTS:
        messages.error(request, "In-clinic mode is for the baseline and post-procedure visits.")
        return redirect(reverse("edc:patient_detail", args=[pk]))
    link = link_for_visit(actor=actor, patient=patient, timepoint=timepoint, channel=LinkChannel.IN_CLINIC)
    status = link_state(link, today=patient_today(patient))
    if not status.opens:
        messages.error(request, f"The questionnaire cannot be opened: the link is {status.state.replace('_', ' ')}.")
        return redirect(_visit_url(pk, timepoint))
    logout(request)  # flushes the session: the tablet is no longer logged in as staff
    request.session[IN_CLINIC_SESSION_KEY] = link.pk
    return redirect(link_path(link))
