"""A small study built through the services, shared by the view, matrix and browser tests."""

from __future__ import annotations

import datetime as dt

from ablacem.edc import services
from ablacem.edc.actors import Actor
from tests.edc.conftest import DAY0, PASSWORD, treat
from tests.edc.conftest import enrol as _enrol

ALL_ITEMS_2 = {f"q{i}": 2 for i in range(1, 31)}
#: What the adverse-event form asks of every new event beyond its grade and seriousness (posted values).
SAFETY_FIELDS = {
    "relation_procedure": "probable",
    "relation_ablation": "possible",
    "relation_cement": "not_related",
    "expectedness": "expected",
    "action_taken": "medication",
    "aware_date": "2025-03-11",
}
__all__ = ["ALL_ITEMS_2", "DAY0", "PASSWORD", "SAFETY_FIELDS", "build_world", "enrol", "login"]


def login(client, user) -> None:
    """Log ``user`` in on the test client (ModelBackend: django-axes has no session backend)."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")


def enrol(user, **overrides):
    """Enrol a patient as :func:`tests.edc.conftest.enrol`, with a name and hospital number."""
    return _enrol(user, **{"name": "Alice Example", "hospital_number": "HN-424242", **overrides})


def build_world(user, **enrol_overrides) -> dict:
    """A treated patient with a baseline visit and an adverse event; returns the objects."""
    patient = enrol(user, **enrol_overrides)
    lesion, _ = treat(
        user,
        patient,
        sins_location=1,
        sins_pain=3,
        sins_bone_lesion=2,
        sins_alignment=0,
        sins_collapse=1,
        sins_posterolateral=1,
    )
    visit = services.assessment_record(
        patient=patient,
        timepoint="baseline",
        assessed_on=DAY0 - dt.timedelta(days=2),
        vas_worst=8.0,
        vas_average=6.5,
        items=ALL_ITEMS_2,
        analgesics=[{"drug": "oxycodone", "route": "oral", "dose": 10, "unit": "mg", "per_day": 2}],
        actor=Actor.staff(user),
    )
    event = services.adverse_event_record(
        patient=patient,
        onset_date=DAY0,
        term="pain_flare",
        cirse_grade=1,
        serious=False,
        related_to="ablation",
        relation_procedure="probable",
        relation_ablation="probable",
        relation_cement="not_related",
        expectedness="expected",
        action_taken="none",
        aware_date=DAY0,
        ongoing=True,
        lesion=lesion,
        actor=Actor.staff(user),
    )
    patient.refresh_from_db()
    return {"patient": patient, "lesion": lesion, "visit": visit, "event": event}
