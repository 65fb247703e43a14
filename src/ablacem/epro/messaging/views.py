"""The printable handout: the patient's next visit dates and a QR code of the current link."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache

from ablacem.edc.actors import actor_from_request
from ablacem.edc.roles import Action
from ablacem.edc.sites import patient_today
from ablacem.edc.views._access import requires
from ablacem.edc.views._forms import patient_or_404

from . import config
from .handout import next_visits, qr_svg


@never_cache
@requires(Action.EDIT)
def handout(request, pk: int):
    """GET: the handout page (print it from the browser). POST: issue the current visit's link, then back.

    Only roles that enter data (who may give a patient their link) open it. The page shows no
    name and no study ID, only the visit dates and the link, so a lost sheet identifies nobody.
    """
    from ablacem.epro.links import link_url
    from ablacem.epro.models import PatientLink
    from ablacem.epro.services import link_for_visit

    patient = patient_or_404(request, pk)
    visits = next_visits(patient, today=patient_today(patient))  # the patient's site's day
    current = next((v for v in visits if v.is_open), None)
    if request.method == "POST":
        if current is None:
            messages.error(request, "No questionnaire is open today: there is no link to print.")
        else:
            link_for_visit(actor=actor_from_request(request), patient=patient, timepoint=current.timepoint)
        return redirect(reverse("epro_messages:handout", args=[patient.pk]))
    link = None
    if current is not None:
        link = PatientLink.objects.filter(
            patient=patient, timepoint=current.timepoint, revoked_at__isnull=True, submitted_at__isnull=True
        ).first()
    url = link_url(link, base_url=config.base_url()) if link else ""
    response = render(
        request,
        "epro/messaging/handout.html",
        {
            "patient": patient,
            "visits": visits,
            "current": current,
            "url": url,
            # segno's SVG: generated from the URL alone, attributes only (no script, no style).
            "qr": mark_safe(qr_svg(url)) if url else "",
            "contact": settings.EPRO_SITE_CONTACT,
            "language": _language_of(patient),
        },
    )
    response["Referrer-Policy"] = "no-referrer"
    return response


def _language_of(patient) -> str:
    """The patient's language (identity), else the site's: the handout is the patient's sheet."""
    from ablacem.edc.selectors.patient import patient_identity

    identity = patient_identity(patient)
    return (identity.language if identity is not None else "") or settings.LANGUAGE_CODE
