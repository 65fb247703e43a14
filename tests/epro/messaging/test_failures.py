"""A refused message is recorded with the provider's error, retried a bounded number of times, then left for staff."""

from __future__ import annotations

import pytest

from ablacem.edc.actors import Actor
from ablacem.epro.messaging.models import MessageLog, MessageStatus
from ablacem.epro.messaging.selectors import failed_messages
from ablacem.epro.messaging.services import messages_send_due
from ablacem.epro.messaging.sms import DeliveryError

from .conftest import at, follow_up_patient

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]

SENDER = Actor.system("messages")


class RefusingBackend:
    """An SMS provider that refuses every message, as Twilio does an unknown number."""

    calls = 0

    def send(self, to: str, body: str) -> None:
        RefusingBackend.calls += 1
        raise DeliveryError("HTTP 400: 21211 The 'To' number is not a valid phone number.")


@pytest.fixture
def refusing_sms(settings):
    RefusingBackend.calls = 0
    settings.EPRO_SMS_BACKEND = "tests.epro.messaging.test_failures.RefusingBackend"
    settings.EPRO_MESSAGE_MAX_ATTEMPTS = 3
    return RefusingBackend


def test_failed_send_is_retried_three_times_then_shown_to_staff(coordinator, refusing_sms):
    patient = follow_up_patient(coordinator, contact_channel="sms")
    statuses = [
        [(r.status, r.attempts) for r in messages_send_due(actor=SENDER, now=at(5, hour=h))] for h in (8, 9, 10)
    ]
    assert statuses == [[("failed", 1)], [("failed", 2)], [("failed", 3)]]
    assert messages_send_due(actor=SENDER, now=at(5, hour=11)) == []  # given up: no fourth attempt
    assert refusing_sms.calls == 3
    log = MessageLog.objects.get(patient=patient)
    assert (log.status, log.attempts, log.number) == (MessageStatus.FAILED, 3, 0)
    assert log.error == "HTTP 400: 21211 The 'To' number is not a valid phone number."
    assert failed_messages(actor=Actor.staff(coordinator), max_attempts=3) == [(patient.study_id, "1 week", 0)]


def test_a_failed_message_is_not_retried_once_a_later_one_is_due(coordinator, refusing_sms, settings, tmp_path):
    follow_up_patient(coordinator, contact_channel="sms")
    messages_send_due(actor=SENDER, now=at(5))
    settings.EPRO_SMS_BACKEND = "file"
    settings.EPRO_SMS_FILE_PATH = tmp_path
    (result,) = messages_send_due(actor=SENDER, now=at(7))
    assert (result.number, result.status) == (1, "sent")  # the reminder, not the stale invitation
    assert MessageLog.objects.get(number=0).attempts == 1


def test_an_unexpected_backend_error_is_recorded_by_its_kind_only(coordinator, settings):
    settings.EPRO_SMS_BACKEND = "tests.epro.messaging.test_failures.BrokenBackend"
    follow_up_patient(coordinator, contact_channel="sms")
    (result,) = messages_send_due(actor=SENDER, now=at(5))
    assert result.status == "failed"
    assert MessageLog.objects.get().error == "RuntimeError"


class BrokenBackend:
    def send(self, to: str, body: str) -> None:
        raise RuntimeError(f"bug while sending to {to}: {body}")


def test_failed_messages_are_hidden_from_roles_without_clinical_access(coordinator, statistician, refusing_sms):
    follow_up_patient(coordinator, contact_channel="sms")
    for h in (8, 9, 10):
        messages_send_due(actor=SENDER, now=at(5, hour=h))
    assert failed_messages(actor=Actor.staff(statistician), max_attempts=3) == []


def test_failed_messages_of_another_sites_patient_are_not_shown(coordinator, refusing_sms):
    from ablacem.edc import services

    patient = follow_up_patient(coordinator, contact_channel="sms")
    for h in (8, 9, 10):
        messages_send_due(actor=SENDER, now=at(5, hour=h))
    services.site_create(code="TOR", name="Toronto", time_zone="America/Toronto", actor=SENDER)
    tor = services.user_create(
        username="tor", role="coordinator", password="lighthouse-ferry-42", sites=["TOR"], actor=SENDER
    )
    assert failed_messages(actor=Actor.staff(tor), max_attempts=3) == []
    coordinator.__dict__.pop("_ablacem_sites", None)  # a new request: the scope is read again
    assert failed_messages(actor=Actor.staff(coordinator), max_attempts=3) == [(patient.study_id, "1 week", 0)]
