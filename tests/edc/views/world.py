"""A small study built through the services, shared by the view, matrix and browser tests."""

from __future__ import annotations

import datetime as dt

from ablacem.edc import services

PASSWORD = "correct-horse-battery-9"
DAY0 = dt.date(2025, 3, 10)
ALL_ITEMS_2 = {f"q{i}": 2 for i in range(1, 31)}


def login(client, user) -> None:
    """Log ``user`` in on the test client (ModelBackend: django-axes has no session backend)."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")


def enrol(user, **overrides):
    """Enrol a patient with plausible baseline data, a week before :data:`DAY0`."""
    data = {
        "eligibility_confirmed": True,
        "enrolled_on": DAY0 - dt.timedelta(days=7),
        "age": 64,
        "sex": "F",
        "ecog": 1,
        "diagnosis": "malignant",
        "primary_tumour": "breast",
        "name": "Alice Example",
        "hospital_number": "HN-424242",
    }
    data.update(overrides)
    return services.patient_enrol(user=user, **data)


def build_world(user) -> dict:
    """A treated patient with a baseline visit and an adverse event; returns the objects."""
    patient = enrol(user)
    lesion = services.lesion_create(
        patient=patient,
        site="T8",
        lesion_type="lytic",
        size_mm=22.0,
        sins_location=1,
        sins_pain=3,
        sins_bone_lesion=2,
        sins_alignment=0,
        sins_collapse=1,
        sins_posterolateral=1,
        user=user,
    )
    services.procedure_record(
        patient=patient,
        procedure_date=DAY0,
        guidance="ct",
        anaesthesia="sedation",
        duration_minutes=75,
        length_of_stay_days=1,
        treated_lesions=[
            {
                "lesion": lesion,
                "modality": "rfa",
                "n_probes": 2,
                "ablation_minutes": 7.5,
                "cement_ml": 4.5,
                "cement_leakage": False,
                "technical_success": True,
            }
        ],
        user=user,
    )
    visit = services.assessment_record(
        patient=patient,
        timepoint="baseline",
        assessed_on=DAY0 - dt.timedelta(days=2),
        vas_worst=8.0,
        vas_average=6.5,
        items=ALL_ITEMS_2,
        analgesics=[{"drug": "oxycodone", "route": "oral", "dose": 10, "unit": "mg", "per_day": 2}],
        user=user,
    )
    event = services.adverse_event_record(
        patient=patient,
        onset_date=DAY0,
        term="pain_flare",
        cirse_grade=1,
        serious=False,
        related_to="ablation",
        lesion=lesion,
        user=user,
    )
    patient.refresh_from_db()
    return {"patient": patient, "lesion": lesion, "visit": visit, "event": event}
