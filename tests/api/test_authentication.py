"""API tokens: stored hashed, shown once, expiry and revocation refuse them, last use recorded
at most once a minute, creation and revocation audited; per-token throttling; writes audited as API."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from ablacem.api.models import ApiToken
from ablacem.api.services import api_token_create, api_token_revoke
from ablacem.edc.actors import Actor
from ablacem.edc.models import AuditEvent, Patient

from .conftest import ENROLMENT

pytestmark = pytest.mark.django_db


def _client(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def test_only_the_sha256_is_stored_and_creation_is_audited(users):
    record, token = api_token_create(actor=Actor.staff(users["coordinator"]), name="bridge", days=10)
    assert record.digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(ApiToken.objects.values().get(pk=record.pk))
    event = AuditEvent.objects.get(kind="api_token_created")
    assert event.user == users["coordinator"] and token not in event.detail


def test_revoked_and_expired_tokens_are_refused(users):
    actor = Actor.staff(users["coordinator"])
    record, token = api_token_create(actor=actor, name="bridge", days=10)
    assert _client(token).get("/api/v1/patients/").status_code == 200
    api_token_revoke(actor=actor, token=record)
    assert _client(token).get("/api/v1/patients/").status_code == 401
    assert AuditEvent.objects.filter(kind="api_token_revoked").count() == 1
    other, token2 = api_token_create(actor=actor, name="old", days=1)
    ApiToken.objects.filter(pk=other.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert _client(token2).get("/api/v1/patients/").status_code == 401
    assert _client(token2[:-1] + "A").get("/api/v1/patients/").status_code == 401


def test_last_use_is_written_at_most_once_a_minute(users):
    record, token = api_token_create(actor=Actor.staff(users["monitor"]), name="reader", days=10)
    _client(token).get("/api/v1/patients/")
    first = ApiToken.objects.get(pk=record.pk).last_used_at
    assert first is not None
    _client(token).get("/api/v1/patients/")
    assert ApiToken.objects.get(pk=record.pk).last_used_at == first


def test_bad_token_names_and_lifetimes_are_refused_naming_the_field(users):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        api_token_create(actor=Actor.staff(users["coordinator"]), name="", days=0)
    assert set(caught.value.message_dict) == {"name", "days"}


@override_settings(ABLACEM_API_RATE="3/minute")
def test_requests_are_throttled_per_token(client_for):
    from django.core.cache import cache

    cache.clear()
    statuses = [client_for("monitor").get("/api/v1/worklist/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client_for("coordinator").get("/api/v1/worklist/").status_code == 200
    cache.clear()


def test_a_write_through_the_api_is_audited_with_the_api_as_channel(client_for):
    response = client_for("coordinator").post("/api/v1/patients/", ENROLMENT, format="json")
    assert response.status_code == 201
    row = Patient.history.get(id=response.json()["id"])
    assert row.history_user.username == "coordinator_user" and row.actor_kind == "api"
