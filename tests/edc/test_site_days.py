"""The patient's day at an instant, in their site's time zone (issue 14)."""

from __future__ import annotations

import datetime as dt

import pytest

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.sites import day_at, patient_today

#: 11:30 UTC on 1 December 2026: 00:30 on 2 December in Auckland (NZDT, UTC+13), 03:30 on
#: 1 December in Los Angeles (PST, UTC-8), 12:30 on 1 December in Paris (CET, UTC+1).
INSTANT = dt.datetime(2026, 12, 1, 11, 30, tzinfo=dt.UTC)


def test_the_day_at_an_instant_is_each_time_zone_s_own():
    assert day_at("Pacific/Auckland", INSTANT) == dt.date(2026, 12, 2)
    assert day_at("America/Los_Angeles", INSTANT) == dt.date(2026, 12, 1)
    assert day_at("Pacific/Auckland", INSTANT - dt.timedelta(minutes=31)) == dt.date(2026, 12, 1)


def test_without_a_time_zone_the_day_is_time_zone_s(settings):
    assert settings.TIME_ZONE == "Europe/Paris"
    assert day_at(None, INSTANT) == day_at("", INSTANT) == dt.date(2026, 12, 1)
    assert day_at(None, dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC)) == dt.date(2026, 12, 2)  # 00:30 in Paris


@pytest.mark.django_db
def test_a_patient_s_day_is_their_site_s(coordinator):
    from tests.edc.conftest import enrol

    system = Actor.system("test")
    services.site_create(code="AKL", name="Auckland", time_zone="Pacific/Auckland", actor=system)
    coordinator_akl = services.user_create(
        username="akl", role="coordinator", password="correct-horse-battery-9", actor=system, sites=["AKL"]
    )
    here, there = enrol(coordinator), enrol(coordinator_akl)
    assert (patient_today(here, INSTANT), patient_today(there, INSTANT)) == (dt.date(2026, 12, 1), dt.date(2026, 12, 2))
