"""The text of an invitation or reminder: the link, the day it closes, the site's contact line.

Nothing clinical and nothing identifying: no name, no study ID, no diagnosis, no study title
(a message on a shared phone or mailbox must not tell anyone what the patient is treated for).
Written in the patient's language (Django i18n; ``patient_language`` codes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from ablacem.protocol.reminders import INVITATION


@dataclass(frozen=True)
class Message:
    """A composed message: the email subject (unused for SMS) and the body."""

    subject: str
    body: str


def compose(*, number: int, url: str, closes_on: dt.date, language: str = "") -> Message:
    """The invitation (``number`` 0) or reminder text holding ``url``.

    Parameters
    ----------
    number : int
        0 for the invitation, 1, 2, ... for reminders.
    url : str
        The patient's link.
    closes_on : date
        The last day the questionnaire can be answered (the window's upper bound).
    language : str
        ``patient_language`` code; empty: the site's default language.
    """
    context = {
        "url": url,
        "closes_on": closes_on,
        "reminder": number != INVITATION,
        "contact": getattr(settings, "EPRO_SITE_CONTACT", ""),
    }
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string("epro/messaging/subject.txt", context).strip()
        body = render_to_string("epro/messaging/body.txt", context).strip() + "\n"
    return Message(subject, body)
