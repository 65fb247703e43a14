"""The patient's day: the date at a moment in the time zone of the site that owns the patient.

Every ePRO date decision (which visits are open, which messages are due, whether a link opens,
the handout's open visit) is taken on the patient's site's day (issue 14: a site, with its
time zone, owns its patients), so at one instant a patient in Auckland may already be on the
next day while one in Los Angeles is not. With one site, whose time zone is ``TIME_ZONE``, this
is the day every page used before sites existed.
"""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo

from django.utils import timezone


@functools.lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def day_at(time_zone: str | None, now: dt.datetime) -> dt.date:
    """The date at ``now`` in ``time_zone``.

    Parameters
    ----------
    time_zone : str or None
        An IANA time zone (a site's ``time_zone``); None or empty: the default time zone
        (setting ``TIME_ZONE``), for a patient saved before sites existed.
    now : datetime
        An aware datetime.

    Returns
    -------
    date
    """
    zone = _zone(time_zone) if time_zone else timezone.get_default_timezone()
    return timezone.localdate(now, zone)


def patient_today(patient, now: dt.datetime | None = None) -> dt.date:
    """The date at ``now`` (default: now) on the site of ``patient`` (a :class:`~ablacem.edc.models.Patient`)."""
    time_zone = patient.site.time_zone if patient.site_id is not None else None
    return day_at(time_zone, now or timezone.now())
