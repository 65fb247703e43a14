"""The messaging settings, read and checked in one place (each is documented in README.md)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ablacem.protocol.reminders import MessageSchedule, parse_offsets


def message_schedule() -> MessageSchedule:
    """The invitation and reminder days from ``ABLACEM_INVITE_DAYS_BEFORE_TARGET`` and ``ABLACEM_REMINDER_DAYS``.

    Raises
    ------
    ImproperlyConfigured
        When either is not what its README entry says, naming the variable.
    """
    lead = str(settings.EPRO_INVITE_DAYS_BEFORE_TARGET).strip()
    try:
        days_before = int(lead) if lead else None
        return MessageSchedule(days_before, parse_offsets(settings.EPRO_REMINDER_DAYS))
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"ABLACEM_INVITE_DAYS_BEFORE_TARGET / ABLACEM_REMINDER_DAYS: {exc} "
            "(a whole number of days, or empty; reminder days like 0,2,5)"
        ) from None


def max_attempts() -> int:
    """How many times a message is tried before it is left for staff (``ABLACEM_MESSAGE_MAX_ATTEMPTS``)."""
    value = int(settings.EPRO_MESSAGE_MAX_ATTEMPTS)
    if value < 1:
        raise ImproperlyConfigured("ABLACEM_MESSAGE_MAX_ATTEMPTS must be 1 or more")
    return value


def base_url() -> str:
    """The site's public address that links in messages point to (``ABLACEM_BASE_URL``)."""
    return settings.EPRO_BASE_URL
