"""Fixtures of the ePRO tests: the EDC's users and a patient treated a week ago (1-week window open)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ablacem.edc import services
from ablacem.edc.actors import Actor
from tests.edc.conftest import (  # noqa: F401  (fixtures re-exported for the ePRO tests)
    coordinator,
    data_manager,
    investigator,
    make_user,
    monitor,
    statistician,
    treat,
    users,
)
from tests.edc.views.world import enrol

ITEMS = {f"q{i}": 2 for i in range(1, 31)}


def treated_days_ago(user, days: int, **identity):
    """A patient (named, with a hospital number) treated ``days`` ago, with a baseline visit and
    morphine 10 mg by mouth twice a day at baseline."""
    today = timezone.localdate()
    day0 = today - dt.timedelta(days=days)
    patient = enrol(user, enrolled_on=day0 - dt.timedelta(days=7), **identity)
    treat(user, patient, day0=day0)
    services.assessment_record(
        patient=patient,
        timepoint="baseline",
        assessed_on=day0 - dt.timedelta(days=1),
        vas_worst=8.0,
        vas_average=6.0,
        items=ITEMS,
        analgesics=[{"drug": "morphine", "route": "oral", "dose": 10, "unit": "mg", "per_day": 2}],
        actor=Actor.staff(user),
    )
    patient.refresh_from_db()
    return patient


@pytest.fixture
def week_patient(coordinator):  # noqa: F811 (the imported fixture)
    """A patient treated 7 days ago: the 1-week window is open today."""
    return treated_days_ago(coordinator, 7)
