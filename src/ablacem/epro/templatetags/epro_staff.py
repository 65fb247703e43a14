"""Template tags the staff pages use to show patient links (the EDC's visit page and dashboard)."""

from __future__ import annotations

from django import template

from ablacem.edc.actors import actor_from_request
from ablacem.edc.models import FormState
from ablacem.edc.roles import Action, can
from ablacem.edc.sites import patient_today

from ..models import PatientLink
from ..selectors import languages_blocked, link_state
from ..views.staff import IN_CLINIC_TIMEPOINTS

register = template.Library()

#: How the visit page names each link state.
STATE_LABELS = {
    "open": "open: the patient can answer",
    "revoked": "revoked",
    "submitted": "answered by the patient",
    "recorded": "closed: the visit is recorded",
    "ended": "closed: the patient's study has ended",
    "locked": "closed: the casebook is signed",
    "not_yet_open": "not open yet (window not reached)",
    "expired": "expired (window closed)",
}


@register.inclusion_tag("epro/staff/_link_panel.html", takes_context=True)
def epro_link_panel(context, patient, timepoint: str):
    """The visit's patient links with their state, revoke buttons and the in-clinic button."""
    request = context["request"]
    actor = actor_from_request(request)
    today = patient_today(patient)  # the link opens on the patient's site's day
    links = PatientLink.objects.filter(patient=patient, timepoint=timepoint).order_by("-created_at")
    rows = [(link, STATE_LABELS[link_state(link, today=today).state]) for link in links]
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "patient": patient,
        "timepoint": timepoint,
        "rows": rows,
        "can_edit": can(actor, Action.EDIT) and patient.form_state != FormState.LOCKED,
        "in_clinic": timepoint in IN_CLINIC_TIMEPOINTS,
    }


@register.inclusion_tag("epro/staff/_wording_notice.html")
def epro_wording_notice():
    """The dashboard's notice when patient links are closed for want of the licensed wording."""
    return {"blocked": languages_blocked()}
