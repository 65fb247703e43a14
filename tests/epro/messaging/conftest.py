"""Fixtures of the messaging tests: a fake clock over a patient's follow-up, and a patient who agreed to emails."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from ablacem.edc import services
from ablacem.edc.actors import Actor
from tests.edc.conftest import PASSWORD, treat
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


#: Two sites whose days differ at most instants: Auckland (UTC+12/+13) is 19 to 21 hours ahead of Los Angeles.
AUCKLAND, LOS_ANGELES = ZoneInfo("Pacific/Auckland"), ZoneInfo("America/Los_Angeles")


def at_site(n: int, zone: ZoneInfo, hour: int = 9, minute: int = 0) -> dt.datetime:
    """``hour:minute`` on study day ``n`` in ``zone`` (an instant, whatever the sender's TIME_ZONE)."""
    return dt.datetime.combine(day(n), dt.time(hour, minute), tzinfo=zone)


#: The username of the coordinator of both sites that :func:`two_site_patients` makes.
BOTH_SITES = "both_sites"


def freeze(monkeypatch, instant: dt.datetime) -> None:
    """Make ``django.utils.timezone.now`` return ``instant`` (what the pages read as now)."""
    monkeypatch.setattr(timezone, "now", lambda: instant)


def two_site_patients() -> tuple:
    """(Auckland patient, Los Angeles patient), both treated on :data:`DAY0` and agreeing to emails,
    enrolled by a coordinator of both sites (the sites are added through the service)."""
    system = Actor.system("test")
    services.site_create(code="AKL", name="Auckland", time_zone="Pacific/Auckland", actor=system)
    services.site_create(code="LAX", name="Los Angeles", time_zone="America/Los_Angeles", actor=system)
    user = services.user_create(
        username=BOTH_SITES, role="coordinator", password=PASSWORD, actor=system, sites=["AKL", "LAX"]
    )
    return follow_up_patient(user, site="AKL"), follow_up_patient(user, site="LAX")
