"""The dashboard's unacknowledged serious adverse events and the 24-hour clock of one event."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.selectors.safety import sae_clock, unacknowledged_saes
from tests.edc.conftest import DAY0, enrol, treat

pytestmark = pytest.mark.db_backend


def _sae(patient, user, **overrides):
    data = {
        "patient": patient,
        "onset_date": DAY0 + dt.timedelta(days=2),
        "term": "infection",
        "cirse_grade": 3,
        "serious": True,
        "serious_criteria": ["hospitalisation"],
        "related_to": "cement",
        "aware_date": DAY0 + dt.timedelta(days=2),
        "aware_time": dt.time(8, 0),
        "actor": Actor.staff(user),
    }
    return services.adverse_event_record(**{**data, **overrides})


def test_the_banner_lists_unacknowledged_saes_until_acknowledged(coordinator, investigator):
    patient = enrol(coordinator)
    treat(coordinator, patient)
    event = _sae(patient, coordinator)
    services.adverse_event_record(
        patient=patient,
        onset_date=DAY0,
        term="pain_flare",
        cirse_grade=1,
        serious=False,
        related_to="ablation",
        actor=Actor.staff(coordinator),
    )
    alerts = unacknowledged_saes(actor=investigator)
    assert [(a.ae_id, a.term) for a in alerts] == [(event.ae_id, "Infection")]
    services.adverse_event_acknowledge(
        adverse_event=event, expected_version=event.version, actor=Actor.staff(investigator)
    )
    assert unacknowledged_saes(actor=investigator) == []


def test_the_clock_counts_hours_from_awareness(coordinator, investigator):
    patient = enrol(coordinator)
    treat(coordinator, patient)
    event = _sae(patient, coordinator)
    aware = timezone.make_aware(dt.datetime.combine(DAY0 + dt.timedelta(days=2), dt.time(8, 0)))
    waiting = sae_clock(event, now=aware + dt.timedelta(hours=5, minutes=30))
    assert (waiting.hours, waiting.overdue, waiting.acknowledged) == (5.5, False, False)
    late = sae_clock(event, now=aware + dt.timedelta(hours=26))
    assert (late.hours, late.overdue) == (26.0, True)
    assert late.due_by.endswith("08:00") and late.due_by.startswith(str(DAY0 + dt.timedelta(days=3)))
    event.acknowledged_at, event.acknowledged_by = aware + dt.timedelta(hours=2), investigator
    done = sae_clock(event, now=aware + dt.timedelta(hours=50))
    assert (done.hours, done.overdue, done.acknowledged, done.acknowledged_by) == (
        2.0,
        False,
        True,
        investigator.get_username(),
    )


def test_a_non_serious_event_has_no_clock(coordinator):
    patient = enrol(coordinator)
    treat(coordinator, patient)
    event = services.adverse_event_record(
        patient=patient,
        onset_date=DAY0,
        term="pain_flare",
        cirse_grade=1,
        serious=False,
        related_to="ablation",
        actor=Actor.staff(coordinator),
    )
    assert sae_clock(event) is None
