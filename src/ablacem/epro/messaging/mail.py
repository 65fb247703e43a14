"""Sending an email through Django's email framework (SMTP from the environment, or files in the data folder)."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage

from .sms import DeliveryError


def send_email(to: str, subject: str, body: str) -> None:
    """Send one plain-text email to ``to``.

    Raises
    ------
    DeliveryError
        When the mail server refuses it or cannot be reached (the server's reply, never the body).
    """
    message = EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to])
    try:
        message.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = sorted({f"{code} {reason.decode(errors='replace')}" for code, reason in exc.recipients.values()})
        raise DeliveryError(f"recipient refused: {'; '.join(codes)}") from None
    except smtplib.SMTPResponseException as exc:
        raise DeliveryError(f"mail server error {exc.smtp_code}: {exc.smtp_error!r}") from None
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"mail server not reachable: {exc.__class__.__name__}") from None
