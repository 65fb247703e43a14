"""Fixtures of the API tests: one user and one API token per role, a client per token, a patient."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from ablacem.api.services import api_token_create
from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.roles import ROLE_NAMES

PASSWORD = "correct-horse-battery-9"
DAY0 = dt.date(2025, 3, 10)
ITEMS = {f"q{i}": 2 for i in range(1, 31)}


@pytest.fixture
def users(db):
    """One user per role, keyed by role name."""
    return {
        role: services.user_create(
            username=f"{role}_user", role=role, password=PASSWORD, actor=Actor.system("createuser")
        )
        for role in ROLE_NAMES
    }


@pytest.fixture
def tokens(users):
    """An API token (the string) per role."""
    return {role: api_token_create(actor=Actor.staff(user), name="test", days=30)[1] for role, user in users.items()}


@pytest.fixture
def client_for(tokens):
    """``client_for(role)``: an API client sending that role's token."""

    def make(role: str) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens[role]}")
        return client

    return make


ENROLMENT = {
    "eligibility_confirmed": True,
    "enrolled_on": (DAY0 - dt.timedelta(days=7)).isoformat(),
    "age": 64,
    "sex": "F",
    "ecog": 1,
    "diagnosis": "malignant",
    "primary_tumour": "breast",
}


@pytest.fixture
def patient(users):
    """A patient enrolled by the coordinator, with a name (an identifier)."""
    data = {**ENROLMENT, "enrolled_on": DAY0 - dt.timedelta(days=7)}
    return services.patient_enrol(actor=Actor.staff(users["coordinator"]), name="Alice Martin", **data)
