"""Fixtures of the messaging tests: a fake clock over a patient's follow-up, and a patient who agreed to emails."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.edc.conftest import treat
from tests.edc.views.world import enrol

#: Day 0 of the fake follow-up: far enough in the past that every visit of it is in the past too
#: (the EDC refuses assessments dated in the future).
DAY0 = dt.date.today() - dt.timedelta(days=150)
EMAIL = "ann.example@example.org"
MOBILE = "+447700900123"


def day(n: int) -> dt.date:
    """Study day ``n`` of :data:`DAY0`."""
    return DAY0 + dt.timedelta(days=n)


def at(n: int, hour: int = 9) -> dt.datetime:
    """The fake clock: ``hour`` o'clock (site time) on study day ``n``."""
    return timezone.make_aware(dt.datetime.combine(day(n), dt.time(hour)))


def follow_up_patient(user, **contact):
    """A patient treated on :data:`DAY0` who agreed to emails (``contact`` overrides)."""
    contact = {"email": EMAIL, "mobile": MOBILE, "contact_channel": "email", "contact_consent": True, **contact}
    patient = enrol(user, enrolled_on=DAY0 - dt.timedelta(days=7), **contact)
    treat(user, patient, day0=DAY0)
    patient.refresh_from_db()
    return patient


@pytest.fixture
def patient(coordinator):
    return follow_up_patient(coordinator)
