"""The email that tells the safety contacts a serious adverse event awaits acknowledgement.

Sent after the transaction that saved the event commits (never for a save that rolled back),
to the addresses of ``settings.ABLACEM_SAE_EMAILS``. The message carries no patient
identifier, not even the study ID: only that an event awaits acknowledgement, the clock, and
a link to the event page (whose URL holds database keys only). A failure to send is logged,
without identifiers, and never undoes the save.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from ablacem.protocol.safety import SAE_ACKNOWLEDGE_HOURS

from ..models import AdverseEvent

logger = logging.getLogger(__name__)

SUBJECT = "ablacem: a serious adverse event awaits acknowledgement"


def event_link(event: AdverseEvent) -> str:
    """Absolute link to the event's page (``ABLACEM_SITE_URL`` + path; database keys only)."""
    path = reverse("edc:ae_edit", kwargs={"pk": event.patient_id, "ae_pk": event.pk})
    return f"{settings.ABLACEM_SITE_URL.rstrip('/')}{path}"


def message_for(event: AdverseEvent) -> str:
    """The email's body: what happened, the clock, the link; no identifiers."""
    return (
        "A serious adverse event has been recorded in the study's EDC.\n\n"
        f"An investigator must acknowledge it within {SAE_ACKNOWLEDGE_HOURS} hours of the moment staff "
        "became aware of it (the clock is shown on the event page).\n\n"
        f"Open the event (sign-in required): {event_link(event)}\n"
    )


def notify_serious_event(event_pk: int) -> bool:
    """Send the email for event ``event_pk`` now; True when sent (or nobody is to be told).

    A failure is logged (the exception's type only: its text may quote addresses) and returns
    False.
    """
    recipients = list(settings.ABLACEM_SAE_EMAILS)
    if not recipients:
        return True
    event = AdverseEvent.objects.get(pk=event_pk)
    try:
        send_mail(SUBJECT, message_for(event), None, recipients, fail_silently=False)
    except Exception as exc:
        logger.error("serious adverse event email not sent (event key %s): %s", event_pk, type(exc).__name__)
        return False
    return True


def notify_after_commit(event: AdverseEvent) -> None:
    """Schedule :func:`notify_serious_event` for when the current transaction commits."""
    pk = event.pk
    transaction.on_commit(lambda: notify_serious_event(pk))
