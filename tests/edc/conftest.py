"""Shared fixtures of the EDC tests: one user per role and a patient ready for follow-up."""

from __future__ import annotations

import datetime as dt

import pytest

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.roles import ROLE_NAMES

PASSWORD = "correct-horse-battery-9"


@pytest.fixture
def make_user(db):
    """``make_user(role, username=None)`` creates an active user with that role and :data:`PASSWORD`."""

    def make(role: str, username: str | None = None):
        return services.user_create(
            username=username or f"{role}_user", role=role, password=PASSWORD, actor=Actor.system("createuser")
        )

    return make


@pytest.fixture
def users(make_user):
    """One user per role, keyed by role name."""
    return {role: make_user(role) for role in ROLE_NAMES}


@pytest.fixture
def coordinator(users):
    return users["coordinator"]


@pytest.fixture
def investigator(users):
    return users["investigator"]


@pytest.fixture
def data_manager(users):
    return users["data_manager"]


@pytest.fixture
def monitor(users):
    return users["monitor"]


@pytest.fixture
def statistician(users):
    return users["statistician"]


DAY0 = dt.date(2025, 3, 10)
#: Every QLQ-C30 item answered: a complete visit answers all 30 items or says why some are blank.
ITEMS = {f"q{i}": 2 for i in range(1, 31)}


def enrol(user, **overrides):
    """Enrol a patient with plausible baseline data (enrolled a week before :data:`DAY0`)."""
    data = {
        "eligibility_confirmed": True,
        "enrolled_on": DAY0 - dt.timedelta(days=7),
        "age": 64,
        "sex": "F",
        "ecog": 1,
        "diagnosis": "malignant",
        "primary_tumour": "breast",
    }
    data.update(overrides)
    return services.patient_enrol(actor=Actor.staff(user), **data)


def treat(user, patient, *, day0=DAY0, site="T8", cement_ml=4.5, **lesion_fields):
    """Add one lesion (with ``lesion_fields`` such as SINS components) and record its procedure
    on ``day0``; returns (lesion, procedure)."""
    lesion = services.lesion_create(
        patient=patient, site=site, lesion_type="lytic", size_mm=22.0, actor=Actor.staff(user), **lesion_fields
    )
    procedure = services.procedure_record(
        patient=patient,
        procedure_date=day0,
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
                "cement_ml": cement_ml,
                "cement_leakage": False,
                "technical_success": True,
            }
        ],
        actor=Actor.staff(user),
    )
    return lesion, procedure


@pytest.fixture
def treated_patient(coordinator):
    """A patient with one spinal lesion treated on :data:`DAY0`: ``(patient, lesion, procedure)``."""
    patient = enrol(coordinator)
    lesion, procedure = treat(coordinator, patient)
    patient.refresh_from_db()
    return patient, lesion, procedure
